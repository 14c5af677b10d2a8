use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds Ruby code or method names taken from untrusted input: `eval`, `instance_eval`, `class_eval`,
/// `module_eval` given a string with a tainted part, and `send`/`public_send`/`constantize`/
/// `const_get` given a request value.
///
/// ## Why is this bad?
/// `eval` runs the text as Ruby; `send(params[:action])` calls any method, `system` and `eval` included.
///
/// ## Example
/// ```ruby
/// @report.send(params[:column])
/// ```
///
/// Use instead: map the input through an allow-list.
/// ```ruby
/// @report.public_send(COLUMNS.fetch(params[:column]))
/// ```
///
/// ## References
/// - [CWE-94](https://cwe.mitre.org/data/definitions/94.html)
pub static META: RuleMeta = RuleMeta {
    id: "rb-code-injection",
    cwe: 94,
    severity: Severity::High,
    language: Language::Ruby,
    summary: "Ruby code or method name from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let flagged = match name {
        "eval" | "instance_eval" | "class_eval" | "module_eval" => call
            .positional(0)
            .filter(|a| a.value.taint.reaches(Kind::CODE) && (a.value.taint.user || a.value.is_built_string())),
        "send" | "public_send" | "__send__" | "const_get" | "try" => call
            .positional(0)
            .filter(|a| a.value.taint.user && a.value.taint.reaches(Kind::CODE)),
        "constantize" | "safe_constantize" if call.receiver.user && call.receiver.reaches(Kind::CODE) => {
            out.emit(
                meta,
                call.span,
                format!(
                    "`{name}` turns {} into a class; map it through an allow-list",
                    call.receiver.describe()
                ),
            );
            return;
        }
        _ => None,
    };
    if let Some(a) = flagged {
        out.emit(
            meta,
            a.span,
            format!(
                "`{name}` with {}; map the input through an allow-list",
                a.value.taint.describe()
            ),
        );
    }
}
