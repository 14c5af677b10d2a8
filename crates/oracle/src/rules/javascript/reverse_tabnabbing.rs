use crate::finding::Severity;
use crate::lang::javascript::strip_quotes as unquote;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds JSX links that open another page in a new window (`target="_blank"` or any named target) to a
/// dynamic or external address without `rel="noopener"` / `rel="noreferrer"`.
///
/// ## Why is this bad?
/// The opened page gets `window.opener`, a handle on our page: it can navigate our tab to a phishing copy
/// while the user reads the new one, and it learns our URL through the referrer.
///
/// ## Example
/// ```jsx
/// <a href={story.url} target="_blank">Read</a>
/// ```
///
/// Use instead:
/// ```jsx
/// <a href={story.url} target="_blank" rel="noopener noreferrer">Read</a>
/// ```
///
/// ## References
/// - [CWE-200](https://cwe.mitre.org/data/definitions/200.html), [CWE-1022](https://cwe.mitre.org/data/definitions/1022.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-reverse-tabnabbing",
    cwe: 200,
    severity: Severity::Low,
    language: Language::JavaScript,
    summary: "link opens a new window without rel=noopener",
};

pub const KINDS: &[&str] = &["jsx_opening_element", "jsx_self_closing_element"];

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let mut target = None;
    let mut href = None;
    let mut rel_ok = false;
    let mut spread = false;
    let mut c = n.walk();
    for attr in n.children_by_field_name("attribute", &mut c) {
        if attr.k() == "jsx_expression" {
            spread = true;
            continue;
        }
        let Some(name) = attr.named_child(0) else { continue };
        let value = attr.named_child(1);
        let vtext = value.map(|v| ctx.text(v)).unwrap_or("");
        match ctx.text(name) {
            "target" => {
                target = Some((
                    attr,
                    unquote(vtext.trim_start_matches('{').trim_end_matches('}')).to_string(),
                ))
            }
            "href" => href = value,
            // A dynamic rel may well hold noopener; only a literal without it counts as missing.
            "rel" => {
                rel_ok = !(value.is_some_and(|v| v.k() == "string"))
                    || vtext.contains("noopener")
                    || vtext.contains("noreferrer")
            }
            _ => {}
        }
    }
    let Some((attr, t)) = target else { return };
    if rel_ok || spread || matches!(t.as_str(), "_self" | "_parent" | "_top" | "") {
        return;
    }
    let Some(h) = href else { return };
    // A constant relative link stays on our site.
    let ht = ctx.text(h);
    if h.k() == "string" && !(unquote(ht).starts_with("http") || unquote(ht).starts_with("//")) {
        return;
    }
    out.emit(
        meta,
        ctx.span(attr),
        "a link opened in a new window gets `window.opener`; add `rel=\"noopener noreferrer\"`",
    );
}
