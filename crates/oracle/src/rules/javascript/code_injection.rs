use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds code evaluated from untrusted strings: `eval`, `new Function(...)`, `vm.runInNewContext`,
/// `vm.runInThisContext`, `vm.runInContext`, `new vm.Script`, and `setTimeout`/`setInterval` given a
/// string instead of a function.
///
/// ## Why is this bad?
/// The string runs with the program's full rights: `process.mainModule.require('child_process')` is one
/// expression away. `vm` is not a security boundary.
///
/// ## Example
/// ```javascript
/// const result = eval(req.query.expr);
/// ```
///
/// Use instead:
/// ```javascript
/// const result = evaluateArithmetic(req.query.expr);  // a parser that only knows numbers and operators
/// ```
///
/// ## References
/// - [CWE-94](https://cwe.mitre.org/data/definitions/94.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-code-injection",
    cwe: 94,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "code evaluated from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let callee = call.callee.as_str();
    let name = call.name();
    let args: Vec<_> = if matches!(callee, "eval" | "window.eval" | "global.eval") {
        call.positional(0).into_iter().collect()
    } else if matches!(callee, "new Function" | "Function") {
        call.args.iter().filter(|a| a.keyword.is_none()).collect()
    } else if callee.starts_with("vm.")
        && matches!(
            name,
            "runInNewContext" | "runInThisContext" | "runInContext" | "compileFunction"
        )
        || callee == "new vm.Script"
    {
        call.positional(0).into_iter().collect()
    } else if matches!(
        callee,
        "setTimeout" | "setInterval" | "window.setTimeout" | "window.setInterval"
    ) {
        // Only a string first argument is evaluated.
        call.positional(0)
            .filter(|a| a.value.literal_text().is_some() || a.value.taint.built)
            .into_iter()
            .collect()
    } else {
        return;
    };
    for a in args {
        if a.value.taint.reaches_weak(Kind::CODE) {
            out.emit(
                meta,
                a.span,
                format!(
                    "code evaluated from {}; parse the input instead of evaluating it",
                    a.value.taint.describe()
                ),
            );
            return;
        }
    }
}
