use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds request values written into a servlet response without HTML escaping:
/// `response.getWriter().print(x)` / `println` / `write` / `append`, where `x` holds a request parameter,
/// header or path.
///
/// ## Why is this bad?
/// The value is sent back as HTML: a parameter holding `<script>` runs in the victim's browser.
///
/// ## Example
/// ```java
/// response.getWriter().println("Hello " + request.getParameter("name"));
/// ```
///
/// Use instead:
/// ```java
/// response.getWriter().println("Hello " + Encode.forHtml(request.getParameter("name")));
/// ```
///
/// ## References
/// - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
pub static META: RuleMeta = RuleMeta {
    id: "java-xss",
    cwe: 79,
    severity: Severity::High,
    language: Language::Java,
    summary: "request value written to the response without HTML escaping",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    // The writer sends text (HTML by default); `getOutputStream()` is mostly file downloads.
    let writer = call.callee.contains("getWriter()");
    if !(writer
        && matches!(
            call.name(),
            "print" | "println" | "write" | "append" | "printf" | "format"
        ))
    {
        return;
    }
    if let Some(a) = call
        .args
        .iter()
        .find(|a| a.value.taint.user && a.value.taint.reaches(Kind::HTML))
    {
        out.emit(
            meta,
            a.span,
            format!("{} is written into the page without escaping; escape it (`Encode.forHtml`, `StringEscapeUtils.escapeHtml4`)", a.value.taint.describe()),
        );
    }
}
