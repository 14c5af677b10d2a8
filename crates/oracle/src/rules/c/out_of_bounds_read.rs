use crate::finding::Severity;
use crate::lang::c::{INDEX_READ, PTR_OFFSET};
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds array reads `a[i]`, and pointers moved by an offset (`p + n`, `p += n`), where the index or offset
/// comes from a parameter or from input and was not compared with anything (an `if`/`while`/`for`
/// condition, `assert`, `min()`) before.
///
/// ## Why is this bad?
/// An index past the end (or negative) reads neighbouring memory: information leaks and crashes. Real
/// fixes add the missing comparison (`if (idx >= ARRAY_SIZE(tbl)) return -EINVAL;`).
///
/// ## Example
/// ```c
/// int lookup(int idx) {
///     return table[idx];
/// }
/// ```
///
/// Use instead:
/// ```c
/// int lookup(int idx) {
///     if (idx < 0 || idx >= TABLE_LEN)
///         return -1;
///     return table[idx];
/// }
/// ```
///
/// ## References
/// - [CWE-125](https://cwe.mitre.org/data/definitions/125.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-out-of-bounds-read",
    cwe: 125,
    severity: Severity::High,
    language: Language::C,
    summary: "array read with an index not bounds-checked",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee != INDEX_READ && call.callee != PTR_OFFSET {
        return;
    }
    let Some(index) = call.positional(1) else { return };
    if call.callee == PTR_OFFSET && super::unchecked_size(&index.value) {
        out.emit(
            meta,
            call.span,
            format!(
                "pointer moved by `{}` from {}, not bounds-checked first; compare it with the remaining length",
                index.text,
                index.value.taint.describe()
            ),
        );
    } else if super::unchecked_size(&index.value) {
        out.emit(
            meta,
            call.span,
            format!(
                "index `{}` comes from {} and is not bounds-checked before the read",
                index.text,
                index.value.taint.describe()
            ),
        );
    }
}
