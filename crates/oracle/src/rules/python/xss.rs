use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds HTML responses assembled from untrusted values without escaping (`HttpResponse`, `make_response`,
/// `self.response.write`, `render_template_string`, `Markup`, `mark_safe`), and Jinja2 environments
/// created without autoescaping.
///
/// ## Why is this bad?
/// A value such as `<script>fetch('/steal?c='+document.cookie)</script>` runs in the victim's browser.
///
/// ## Example
/// ```python
/// return HttpResponse("<h1>Hello " + request.GET["name"] + "</h1>")
/// ```
///
/// Use instead:
/// ```python
/// return HttpResponse("<h1>Hello " + html.escape(request.GET["name"]) + "</h1>")
/// ```
///
/// ## References
/// - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-xss",
    cwe: 79,
    severity: Severity::High,
    language: Language::Python,
    summary: "HTML output built from untrusted input without escaping",
};

const SINKS: &[&str] = &[
    "HttpResponse", "make_response", "Response", "render_template_string", "Markup", "mark_safe", "SafeString",
    "response.write", "response.out.write", "self.write", "self.finish", "HTMLResponse", "html", "jsonify_html",
];

fn looks_like_html(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains('<') && (t.contains('>') || t.contains("</")) || t.contains("href=") || t.contains("<script")
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    if name == "Environment" && (call.callee.contains("jinja") || call.callee == "Environment") {
        let autoescape = call.keyword("autoescape");
        let off = match autoescape {
            None => true,
            Some(a) => matches!(a.value.shape, Shape::Bool(false) | Shape::None),
        };
        if off {
            out.emit(meta, call.span, "Jinja2 environment without `autoescape=True` renders variables unescaped; pass `autoescape=select_autoescape()` or `True`");
        }
        return;
    }
    let always = matches!(name, "Markup" | "mark_safe" | "SafeString" | "render_template_string");
    let is_sink = SINKS.iter().any(|s| call.is(s)) || (name == "write" && call.callee.contains("response"));
    if !is_sink {
        return;
    }
    let Some(a) = call.positional(0).or_else(|| call.keyword("content")) else { return };
    let v = &a.value;
    if !v.taint.reaches(Kind::HTML) {
        return;
    }
    let htmlish = v.literal_text().is_some_and(looks_like_html);
    if !(always || v.taint.user || (v.taint.built && htmlish)) {
        return;
    }
    out.emit(
        meta,
        a.span,
        format!("HTML built from {} is sent without escaping; escape it with `html.escape`/`markupsafe.escape` or render a template with autoescaping", v.taint.describe()),
    );
}
