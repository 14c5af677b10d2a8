use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds calls to functions that cannot be used safely: `gets`, `getwd`, `_getws` (no buffer size).
///
/// ## Why is this bad?
/// They write as much as the input holds into a buffer whose size they never learn: any long line
/// overflows it. C11 removed `gets` from the language.
///
/// ## Example
/// ```c
/// gets(line);
/// ```
///
/// Use instead:
/// ```c
/// fgets(line, sizeof line, stdin);
/// ```
///
/// ## References
/// - [CWE-676](https://cwe.mitre.org/data/definitions/676.html)
/// - [CWE-242](https://cwe.mitre.org/data/definitions/242.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-dangerous-function",
    cwe: 676,
    severity: Severity::High,
    language: Language::C,
    summary: "call to a function that cannot be used safely",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let instead = match name {
        "gets" | "_getws" => "fgets(buf, sizeof buf, stdin)",
        "getwd" => "getcwd(buf, sizeof buf)",
        _ => return,
    };
    out.emit(
        meta,
        call.span,
        format!("`{name}` cannot limit what it writes; use `{instead}`"),
    );
}
