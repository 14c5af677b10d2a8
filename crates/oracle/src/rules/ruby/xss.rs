use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds HTML escaping switched off for non-constant text in Rails views and helpers: `raw(x)`,
/// `x.html_safe`, `render html:`/`inline:`/`text:` with interpolated or request text, and
/// `content_tag` given `.html_safe` content.
///
/// ## Why is this bad?
/// Rails escapes what it renders unless told the text is safe; marking a user's text safe lets its
/// `<script>` run in every visitor's browser.
///
/// ## Example
/// ```ruby
/// "<b>#{params[:name]}</b>".html_safe
/// ```
///
/// Use instead:
/// ```ruby
/// content_tag(:b, params[:name])
/// ```
///
/// ## References
/// - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
pub static META: RuleMeta = RuleMeta {
    id: "rb-xss",
    cwe: 79,
    severity: Severity::High,
    language: Language::Ruby,
    summary: "HTML escaping bypassed for non-constant text",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let (value, what) = if call.name() == "html_safe" && call.callee.contains('.') {
        // The receiver's taint is the text being marked safe.
        (call.receiver.clone(), "`.html_safe`")
    } else if call.callee == "raw" {
        match call.positional(0) {
            Some(a) => (a.value.taint.clone(), "`raw`"),
            None => return,
        }
    } else if call.callee == "render" {
        match ["html", "inline", "text"].iter().find_map(|k| call.keyword(k)) {
            Some(a) if a.value.is_built_string() || a.value.taint.user => (a.value.taint.clone(), "`render`"),
            _ => return,
        }
    } else {
        return;
    };
    // Weakly suspect text (a model attribute) counts: it is what users stored.
    if value.reaches_weak(Kind::HTML) {
        out.emit(
            meta,
            call.span,
            format!(
                "{what} renders {} without escaping; let Rails escape it (`content_tag`, `<%= %>`) or `sanitize` it",
                value.describe()
            ),
        );
    }
}
