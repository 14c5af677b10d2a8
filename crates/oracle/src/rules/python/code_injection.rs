use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds `eval`, `exec`, `compile` and `execfile` applied to values that are not constants.
///
/// ## Why is this bad?
/// Evaluating input runs arbitrary Python: `__import__('os').system('sh')`.
///
/// ## Example
/// ```python
/// result = eval(expression)
/// ```
///
/// Use instead:
/// ```python
/// result = ast.literal_eval(expression)  # or a real parser for the expression language
/// ```
///
/// ## References
/// - [CWE-94](https://cwe.mitre.org/data/definitions/94.html), [CWE-95](https://cwe.mitre.org/data/definitions/95.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-code-injection",
    cwe: 94,
    severity: Severity::High,
    language: Language::Python,
    summary: "eval/exec of untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !matches!(
        call.callee.as_str(),
        "eval" | "exec" | "compile" | "execfile" | "builtins.eval" | "builtins.exec"
    ) {
        return;
    }
    let Some(a) = call.positional(0) else { return };
    if a.value.taint.reaches(Kind::CODE) {
        out.emit(
            meta,
            a.span,
            format!("`{}` runs code derived from {}; parse the input instead (`ast.literal_eval`, `json.loads`, a dispatch table)", call.callee, a.value.taint.describe()),
        );
    }
}
