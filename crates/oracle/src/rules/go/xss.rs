use super::{arg, pkg_call};
use crate::finding::Severity;
use crate::lang::go::WRITER;
use crate::language::Language;
use crate::rule::{Arg, CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds untrusted values written into an HTTP response without HTML escaping: `w.Write`,
/// `fmt.Fprint/Fprintf/Fprintln(w, ...)`, `io.WriteString(w, ...)` on the handler's
/// `http.ResponseWriter`, echo's `c.HTML(code, html)`, request values echoed by `http.Error`,
/// `template.HTML(x)` of untrusted text (which switches `html/template`'s escaping off), and
/// `text/template` (which never escapes) used for HTML.
///
/// ## Why is this bad?
/// Without a `Content-Type`, Go sniffs the body: a value such as `<script>...</script>` makes the
/// response an HTML page that runs the attacker's script on our origin.
///
/// ## Example
/// ```go
/// fmt.Fprintf(w, "<p>Hello %s</p>", r.URL.Query().Get("name"))
/// ```
///
/// Use instead:
/// ```go
/// fmt.Fprintf(w, "<p>Hello %s</p>", html.EscapeString(r.URL.Query().Get("name")))
/// ```
///
/// ## References
/// - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-xss",
    cwe: 79,
    severity: Severity::High,
    language: Language::Go,
    summary: "response written from untrusted input without HTML escaping",
};

fn to_writer(call: &CallSite) -> bool {
    arg(call, 0).is_some_and(|a| a.keyword.as_deref() == Some(WRITER))
}

fn dangerous(a: &Arg) -> bool {
    let v = &a.value;
    let markup = v.literal_text().is_some_and(crate::rules::javascript::looks_like_html);
    v.taint.reaches(Kind::HTML) || (v.taint.reaches_weak(Kind::HTML) && v.taint.built && markup)
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let c = call.callee.as_str();
    let hit: Option<&Arg> = if c == format!("{WRITER}.Write") || c == format!("{WRITER}.WriteString") {
        arg(call, 0).filter(|a| dangerous(a))
    } else if pkg_call(call, "fmt", &["Fprint", "Fprintf", "Fprintln"]) && to_writer(call) {
        call.args
            .iter()
            .skip(1)
            .find(|a| dangerous(a) && a.value.str_const().is_none())
    } else if pkg_call(call, "io", &["WriteString"]) && to_writer(call) {
        arg(call, 1).filter(|a| dangerous(a))
    } else if c == "return" {
        // A function returning a page built from its inputs (`"<p>" + name + "</p>"`).
        arg(call, 0).filter(|a| {
            let v = &a.value;
            v.taint.reaches(Kind::HTML)
                && v.taint.built
                && v.literal_text().is_some_and(crate::rules::javascript::looks_like_html)
        })
    } else if call.name() == "HTML" && call.args.len() == 2 && call.callee.contains('.') {
        // echo's `c.HTML(code, html)` sends the string as the page (gin's `c.HTML` takes a template name
        // and data: three arguments).
        arg(call, 1).filter(|a| dangerous(a))
    } else if pkg_call(call, "net/http", &["Error"]) {
        // `http.Error` sends text/plain; echoing request input in it is still flagged by browsers' sniffing
        // history and by proxies that rewrite the type, so only direct request values count.
        arg(call, 1).filter(|a| a.value.taint.reaches(Kind::HTML) && a.value.taint.user)
    } else if pkg_call(call, "html/template", &["HTML", "JS", "HTMLAttr", "URL", "CSS"]) {
        arg(call, 0).filter(|a| a.value.taint.reaches(Kind::HTML) && (a.value.taint.user || a.value.taint.built))
    } else if c.starts_with("text/template.") && matches!(call.name(), "ParseFiles" | "ParseGlob") {
        if call
            .args
            .iter()
            .any(|a| a.text.contains(".html") || a.text.contains(".tmpl"))
        {
            out.emit(
                meta,
                call.span,
                "`text/template` does not escape HTML; use `html/template` for pages",
            );
        }
        return;
    } else if c.starts_with("text/template.") && call.name() == "Parse"
        || c.ends_with(").Parse") && call.callee.starts_with("text/template.")
    {
        if arg(call, 0)
            .and_then(|a| a.value.literal_text())
            .is_some_and(crate::rules::javascript::looks_like_html)
        {
            out.emit(
                meta,
                call.span,
                "`text/template` does not escape HTML; use `html/template` for pages",
            );
        }
        return;
    } else {
        return;
    };
    if let Some(a) = hit {
        out.emit(
            meta,
            a.span,
            format!(
                "response body written from {} without escaping; use `html/template` or `html.EscapeString`",
                a.value.taint.describe()
            ),
        );
    }
}
