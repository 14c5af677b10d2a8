use super::arg;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds a number parsed at full width (`strconv.Atoi`, or `ParseInt`/`ParseUint` with bit size 0 or 64)
/// converted to a smaller integer type (`int32(n)`, `uint16(n)`, `int8(n)`, ...) with no bounds check in
/// between.
///
/// ## Why is this bad?
/// The conversion silently wraps: `"4294967297"` becomes `uint32(1)`, `"-1"` becomes `uint16(65535)`,
/// so a size, index, port or id that was validated as a string means something else after it.
///
/// ## Example
/// ```go
/// n, err := strconv.Atoi(s)
/// port := uint16(n)
/// ```
///
/// Use instead:
/// ```go
/// n, err := strconv.ParseUint(s, 10, 16)  // fails for values that do not fit
/// port := uint16(n)
/// ```
///
/// ## References
/// - [CWE-681](https://cwe.mitre.org/data/definitions/681.html), [CWE-190](https://cwe.mitre.org/data/definitions/190.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-integer-conversion",
    cwe: 681,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "parsed integer narrowed to a smaller type without a bounds check",
};

const NARROW: &[&str] = &["int8", "int16", "int32", "uint8", "uint16", "uint32", "byte", "rune"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !NARROW.contains(&call.callee.as_str()) || call.args.len() != 1 {
        return;
    }
    let Some(a) = arg(call, 0) else { return };
    let t = &a.value.taint;
    if t.reaches_weak(Kind::SIZE) && t.describe().contains("strconv.") {
        out.emit(
            meta,
            call.span,
            format!("{} is converted to `{}` without a bounds check and wraps on large values; parse with `strconv.ParseInt(s, 10, <bits>)` or check the range first", t.describe(), call.callee),
        );
    }
}
