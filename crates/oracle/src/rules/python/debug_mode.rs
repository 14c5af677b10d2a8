use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds web applications started with the debugger on (`app.run(debug=True)`) and exception details sent
/// back to clients (`traceback.format_exc()` in a response).
///
/// ## Why is this bad?
/// Werkzeug's debugger runs arbitrary Python for whoever reaches it; stack traces reveal paths, versions
/// and secrets.
///
/// ## Example
/// ```python
/// app.run(host="0.0.0.0", debug=True)
/// ```
///
/// Use instead:
/// ```python
/// app.run(host="0.0.0.0", debug=os.environ.get("FLASK_DEBUG") == "1")
/// ```
///
/// ## References
/// - [CWE-200](https://cwe.mitre.org/data/definitions/200.html), [CWE-215](https://cwe.mitre.org/data/definitions/215.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-debug-exposure",
    cwe: 200,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "debugger or stack traces exposed to clients",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.name() == "run" && call.callee.ends_with("app.run") {
        if let Some(d) = call.keyword("debug") {
            if matches!(d.value.shape, Shape::Bool(true)) {
                out.emit(
                    meta,
                    d.span,
                    "`debug=True` exposes the interactive debugger; enable it only from configuration in development",
                );
            }
        }
        return;
    }
    let responds = matches!(
        call.name(),
        "jsonify" | "make_response" | "HttpResponse" | "Response" | "JsonResponse"
    );
    if responds && call.line_text.contains("format_exc") {
        out.emit(
            meta,
            call.span,
            "stack traces sent to the client reveal internals; log them and return a generic error",
        );
    }
}
