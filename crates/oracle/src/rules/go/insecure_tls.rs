use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds TLS certificate verification turned off: `InsecureSkipVerify: true` in a `tls.Config` literal, or
/// `cfg.InsecureSkipVerify = true`.
///
/// ## Why is this bad?
/// Without verification anyone on the network path can impersonate the server and read or change the
/// traffic.
///
/// ## Example
/// ```go
/// tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
/// ```
///
/// Use instead:
/// ```go
/// pool := x509.NewCertPool(); pool.AppendCertsFromPEM(caPEM)
/// tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
/// ```
///
/// ## References
/// - [CWE-295](https://cwe.mitre.org/data/definitions/295.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-insecure-tls",
    cwe: 295,
    severity: Severity::High,
    language: Language::Go,
    summary: "TLS certificate verification disabled",
};

pub const KINDS: &[&str] = &["keyed_element", "assignment_statement"];

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let (key, value) = match n.k() {
        "keyed_element" => (
            n.child_by_field_name("key").or_else(|| n.named_child(0)),
            n.child_by_field_name("value").or_else(|| n.named_child(1)),
        ),
        _ => (n.child_by_field_name("left"), n.child_by_field_name("right")),
    };
    let (Some(key), Some(value)) = (key, value) else { return };
    let k = ctx.text(key);
    if (k == "InsecureSkipVerify" || k.ends_with(".InsecureSkipVerify")) && ctx.text(value).trim() == "true" {
        out.emit(
            meta,
            ctx.span(n),
            "`InsecureSkipVerify: true` disables certificate checks; trust the right CA with `RootCAs` instead",
        );
    }
}
