use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds TLS configurations that accept protocol versions older than TLS 1.2: `MinVersion` (or
/// `MaxVersion`) set to `tls.VersionSSL30`, `tls.VersionTLS10` or `tls.VersionTLS11`.
///
/// ## Why is this bad?
/// SSL 3.0 and TLS 1.0/1.1 rely on broken constructions (CBC with predictable IVs, MD5/SHA-1 in the
/// handshake) and allow downgrade attacks; they are deprecated (RFC 8996).
///
/// ## Example
/// ```go
/// cfg := &tls.Config{MinVersion: tls.VersionTLS10}
/// ```
///
/// Use instead:
/// ```go
/// cfg := &tls.Config{MinVersion: tls.VersionTLS12}
/// ```
///
/// ## References
/// - [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-weak-tls-version",
    cwe: 327,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "TLS configuration accepts versions older than TLS 1.2",
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
    if !(k == "MinVersion" || k.ends_with(".MinVersion") || k == "MaxVersion" || k.ends_with(".MaxVersion")) {
        return;
    }
    let v = ctx.text(value).trim();
    if ["VersionSSL30", "VersionTLS10", "VersionTLS11"]
        .iter()
        .any(|w| v.ends_with(w))
    {
        out.emit(
            meta,
            ctx.span(n),
            format!("`{v}` allows deprecated protocol versions; require `tls.VersionTLS12` or later"),
        );
    }
}
