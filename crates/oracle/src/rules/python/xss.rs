use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Arg, CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds HTML responses assembled from untrusted values without escaping (`HttpResponse`, `make_response`,
/// `self.response.write`, `render_template_string`, `Markup`, `mark_safe`), strings built from request
/// data returned by a route (Flask sends a returned string as an HTML page), markup strings returned by
/// helpers (template tags, widgets, error pages quoting the exception), values returned unescaped by
/// functions named for HTML (`to_html`), Markdown rendered without sanitizing, and Jinja2 environments
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
    "HttpResponse",
    "make_response",
    "Response",
    "render_template_string",
    "Markup",
    "mark_safe",
    "SafeString",
    "response.write",
    // Twisted's `Request.write` (and frameworks modelled on it) sends the bytes as the response body.
    "request.write",
    "response.out.write",
    "self.write",
    "self.finish",
    "HTMLResponse",
    "html",
    "jsonify_html",
];

fn looks_like_html(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains('<') && (t.contains('>') || t.contains("</")) || t.contains("href=") || t.contains("<script")
}

/// Markdown rendered from a non-constant text (see [`Shape::Html`]) and kept or returned as markup.
fn rendered_markdown(meta: &RuleMeta, a: &Arg, out: &mut Emitter) -> bool {
    if a.value.shape != Shape::Html || !a.value.taint.reaches_weak(Kind::HTML) {
        return false;
    }
    out.emit(
        meta,
        a.span,
        format!("Markdown rendered from {} keeps any HTML in it; sanitize the output (`bleach.clean`) or escape the input before rendering", a.value.taint.describe()),
    );
    true
}

/// Stored XSS: request data kept unescaped in a model field or template context, to be rendered later.
fn check_store(meta: &RuleMeta, target: &str, call: &CallSite, out: &mut Emitter) {
    let Some(a) = call.positional(0) else { return };
    if rendered_markdown(meta, a, out) {
        return;
    }
    let t = &a.value.taint;
    // Only attacker-facing data (a request value) that nothing escaped; fields named like markup or
    // display text, or a context/response mapping, are where it gets rendered.
    if !(t.user && t.reaches(Kind::HTML)) {
        return;
    }
    // Request *data* (`request.POST[...]`), not anything reachable from the request object.
    let from_data = t
        .origin
        .as_ref()
        .is_some_and(|o| o.what.starts_with("`request.") || o.what.contains("get_argument"));
    if !from_data {
        return;
    }
    let lower = target.to_ascii_lowercase();
    let field = lower
        .rsplit(['.', '['])
        .next()
        .unwrap_or(&lower)
        .trim_matches(|c| c == '\'' || c == '"' || c == ']');
    // Identifiers, flags and counters are not rendered as markup; a slice store is list surgery.
    if field.ends_with("id")
        || field.ends_with("pk")
        || field.ends_with("ids")
        || [
            "active", "enabled", "count", "number", "page", "size", "limit", "offset",
        ]
        .iter()
        .any(|w| field.ends_with(w))
        || lower.contains(':')
    {
        return;
    }
    if lower.starts_with("self.") && !lower.contains("context") && !lower.contains("html") {
        // Handler state (`self.user_id = request...`) is not output.
        return;
    }
    if ["session", "headers", "cookies", "environ", "cache", "config", "status"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return;
    }
    out.emit(
        meta,
        a.span,
        format!("{} is stored in `{target}` without HTML escaping and rendered later (stored XSS); escape it with `html.escape`/`markupsafe.escape` or `bleach.clean` first", t.describe()),
    );
}

/// A web entry point returning a string built from request data: Flask and its kin send a returned string
/// as an HTML page. Outside entry points, only a string that reads as markup counts.
fn check_return(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let Some(a) = call.positional(0) else { return };
    let v = &a.value;
    if rendered_markdown(meta, a, out) {
        return;
    }
    if !v.taint.reaches(Kind::HTML) {
        return;
    }
    // A function whose name says it produces HTML (`to_html`, `htmlvalue`) returns markup: whatever it
    // returns from its inputs unescaped is rendered as is.
    let markup_fn = call.function.to_ascii_lowercase().contains("html");
    if !(v.is_built_string() || markup_fn) {
        return;
    }
    // From an entry point, any string built from request data is the page; elsewhere (template tags,
    // widgets, error pages) a returned string that reads as markup, built from a caller's value.
    let page = call.entry && v.taint.user;
    if !(page || markup_fn || v.literal_text().is_some_and(looks_like_html)) {
        return;
    }
    out.emit(
        meta,
        a.span,
        format!("the response is built from {} without HTML escaping; escape it with `html.escape`/`markupsafe.escape` or render a template with autoescaping", v.taint.describe()),
    );
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if let Some(target) = call.store_target() {
        check_store(meta, target, call, out);
        return;
    }
    let name = call.name();
    if name == "Environment" && (call.callee.contains("jinja") || call.callee == "Environment") {
        // `Environment(**options)` may set autoescape; it cannot be judged here.
        if call.args.iter().any(|a| a.text.starts_with("**")) {
            return;
        }
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
    if call.callee == "return" {
        check_return(meta, call, out);
        return;
    }
    let always = matches!(name, "Markup" | "mark_safe" | "SafeString" | "render_template_string");
    // Django's `HttpResponse` subclasses (`HttpResponseNotFound`, `HttpResponseBadRequest`, ...) render
    // their content as HTML too; the redirect ones take a URL.
    let response_class = name.starts_with("HttpResponse") && !name.contains("Redirect");
    let is_sink =
        SINKS.iter().any(|s| call.is(s)) || response_class || (name == "write" && call.callee.contains("response"));
    if !is_sink {
        return;
    }
    let Some(a) = call.positional(0).or_else(|| call.keyword("content")) else {
        return;
    };
    // `Response(body, mimetype="application/json")`: the browser does not render it as HTML.
    let declared = call
        .keyword("mimetype")
        .or_else(|| call.keyword("content_type"))
        .and_then(|m| m.value.str_const());
    if declared.is_some_and(|m| !m.contains("html")) {
        return;
    }
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
