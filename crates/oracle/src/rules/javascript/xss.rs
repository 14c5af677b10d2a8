use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds untrusted values written into a page as HTML without escaping:
/// - in the browser: `el.innerHTML =`, `outerHTML`, `insertAdjacentHTML`, `document.write`, jQuery
///   `.html(x)`, `.append/.prepend/.after/.before/.replaceWith` of built markup, `$('<tag>' + x)`,
///   React's `dangerouslySetInnerHTML`, Angular's `$sce.trustAsHtml`;
/// - on the server: `res.send`/`res.write`/`res.end` (Express), `reply.send` (Fastify) and `ctx.body =`
///   (Koa) of a request value or of markup built from untrusted values, and functions that return markup
///   built from their inputs.
///
/// ## Why is this bad?
/// A value such as `<img src=x onerror=alert(document.cookie)>` runs script in the victim's session.
///
/// ## Example
/// ```javascript
/// heading.innerHTML = "Results for: " + query;
/// ```
///
/// Use instead:
/// ```javascript
/// heading.textContent = "Results for: " + query;
/// ```
///
/// ## References
/// - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-xss",
    cwe: 79,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "HTML written from untrusted input without escaping",
};

/// jQuery methods that parse a string argument as HTML.
const JQ_INSERT: &[&str] = &[
    "append",
    "prepend",
    "after",
    "before",
    "replaceWith",
    "wrap",
    "wrapInner",
    "wrapAll",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let callee = call.callee.as_str();
    let name = call.name();
    let (arg, strict) = if callee.ends_with(".innerHTML=")
        || callee.ends_with(".outerHTML=")
        || callee == "dangerouslySetInnerHTML"
        || matches!(callee, "document.write" | "document.writeln" | "window.document.write")
        || callee.ends_with("trustAsHtml")
    {
        (call.positional(0), true)
    } else if name == "insertAdjacentHTML" {
        (call.positional(1), true)
    } else if name == "html" && call.args.len() == 1 && callee.contains('.') {
        (call.positional(0), true)
    } else if JQ_INSERT.contains(&name) && callee.contains('.') {
        (call.positional(0), false)
    } else if matches!(callee, "$" | "jQuery") {
        // `$('<li>' + x + '</li>')` builds elements from markup; `$(selector)` does not.
        let a = call.positional(0);
        (
            a.filter(|a| a.value.literal_text().is_some_and(|t| t.trim_start().starts_with('<'))),
            false,
        )
    } else if matches!(name, "send" | "write" | "end")
        && (callee.starts_with("res.")
            || callee.starts_with("response.")
            || callee.starts_with("reply.")
            || callee.contains(".status("))
    {
        (call.positional(0), false)
    } else if callee == "ctx.body=" {
        // Koa's response body.
        (call.positional(0), false)
    } else if callee == "return" {
        // A function returning markup built from its inputs is an HTML template without escaping.
        (call.positional(0).filter(|a| a.value.taint.built), false)
    } else {
        return;
    };
    let Some(a) = arg else { return };
    let v = &a.value;
    if !v.taint.reaches_weak(Kind::HTML) {
        return;
    }
    // Weaker sinks need markup around the value, or a value straight from the request/page.
    let markup = v.is_built_string() && v.literal_text().is_some_and(super::looks_like_html);
    if !(strict || markup || (v.taint.user && callee != "return")) {
        return;
    }
    out.emit(
        meta,
        a.span,
        format!("HTML built from {} without escaping; set `textContent`/`.text()`, or escape it (`escape-html`, `he.encode`)", v.taint.describe()),
    );
}
