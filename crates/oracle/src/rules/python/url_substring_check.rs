use crate::finding::Severity;
use crate::lang::python::fields;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::unquote;
use crate::syntax::Kind as _;

/// ## What it does
/// Finds URL checks done with substring tests on the raw string: `"example.com" in url`,
/// `url.startswith("https://example.com")`, `host.endswith("example.com")`.
///
/// ## Why is this bad?
/// `https://example.com.evil.net/` and `https://evil.net/?example.com` pass these checks: the validation is
/// incomplete, so redirects and fetches go where the attacker wants.
///
/// ## Example
/// ```python
/// if "example.com" in target:
///     return redirect(target)
/// ```
///
/// Use instead:
/// ```python
/// if urlparse(target).hostname in {"example.com", "www.example.com"}:
///     return redirect(target)
/// ```
///
/// ## References
/// - [CWE-20](https://cwe.mitre.org/data/definitions/20.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-url-substring-check",
    cwe: 20,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "URL validated by a substring test",
};

pub const KINDS: &[&str] = &["comparison_operator", "call"];

fn hostish(lit: &str) -> bool {
    let host = lit.trim_start_matches("https://").trim_start_matches("http://");
    let host = host.trim_end_matches('/');
    host.contains('.')
        && !host.contains(' ')
        && !host.contains('/')
        && host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        && !host.starts_with('.')
}

pub fn check(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    match n.k() {
        "comparison_operator" => {
            let is_in = n.children(&mut n.walk()).any(|c| c.k() == "in");
            let (Some(l), Some(r)) = (n.named_child(0), n.named_child(1)) else {
                return;
            };
            if is_in
                && l.k() == "string"
                && r.k() != "list"
                && r.k() != "tuple"
                && r.k() != "set"
                && hostish(unquote(ctx.text(l)))
            {
                let rt = ctx.text(r).to_ascii_lowercase();
                if rt.contains("url")
                    || rt.contains("host")
                    || rt.contains("domain")
                    || rt.contains("redirect")
                    || rt.contains("next")
                    || rt.contains("target")
                    || rt.contains("origin")
                    || rt.contains("referer")
                {
                    out.emit(meta, ctx.span(n), "a substring test does not validate a URL (`example.com.evil.net` passes); parse it with `urllib.parse.urlparse` and compare the hostname exactly");
                }
            }
        }
        "call" => {
            let Some(f) = n.child_by_field_id(fields().function) else {
                return;
            };
            if f.k() != "attribute" {
                return;
            }
            let method = f
                .child_by_field_id(fields().attribute)
                .map(|a| ctx.text(a))
                .unwrap_or("");
            let recv = f
                .child_by_field_id(fields().object)
                .map(|o| ctx.text(o).to_ascii_lowercase())
                .unwrap_or_default();
            let Some(arg) = n.child_by_field_id(fields().arguments).and_then(|a| a.named_child(0)) else {
                return;
            };
            if arg.k() != "string" {
                return;
            }
            let lit = unquote(ctx.text(arg));
            let bad = match method {
                "endswith" => {
                    hostish(lit)
                        && !lit.starts_with('.')
                        && (recv.contains("host")
                            || recv.contains("domain")
                            || recv.contains("netloc")
                            || recv.contains("url"))
                }
                "startswith" => {
                    (lit.starts_with("http://") || lit.starts_with("https://"))
                        && hostish(lit)
                        && !lit.ends_with('/')
                        && (recv.contains("url")
                            || recv.contains("redirect")
                            || recv.contains("next")
                            || recv.contains("target"))
                }
                _ => false,
            };
            if bad {
                out.emit(meta, ctx.span(n), format!("`{method}(\"{lit}\")` accepts look-alike hosts (`evil-{lit}` or `{lit}.evil.net`); compare the parsed hostname exactly"));
            }
        }
        _ => {}
    }
}
