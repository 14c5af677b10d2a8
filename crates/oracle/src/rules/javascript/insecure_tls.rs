use crate::finding::Severity;
use crate::lang::javascript::strip_quotes as unquote;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds TLS certificate checks turned off: `rejectUnauthorized: false` in request, agent or socket
/// options, and `NODE_TLS_REJECT_UNAUTHORIZED` set to `'0'`.
///
/// ## Why is this bad?
/// Without certificate checks anyone on the network path can impersonate the server and read or change
/// the traffic.
///
/// ## Example
/// ```javascript
/// https.request({ host, path, rejectUnauthorized: false });
/// ```
///
/// Use instead:
/// ```javascript
/// https.request({ host, path, ca: fs.readFileSync('internal-ca.pem') });
/// ```
///
/// ## References
/// - [CWE-295](https://cwe.mitre.org/data/definitions/295.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-insecure-tls",
    cwe: 295,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "TLS certificate verification disabled",
};

pub const KINDS: &[&str] = &["pair", "assignment_expression"];

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let (key, value) = match n.k() {
        "pair" => (n.child_by_field_name("key"), n.child_by_field_name("value")),
        _ => (n.child_by_field_name("left"), n.child_by_field_name("right")),
    };
    let (Some(key), Some(value)) = (key, value) else { return };
    let k = unquote(ctx.text(key));
    let k = k.rsplit('.').next().unwrap_or(k);
    let v = ctx.text(value);
    let off = match k {
        "rejectUnauthorized" => v == "false" || v == "0",
        "NODE_TLS_REJECT_UNAUTHORIZED" => unquote(v) == "0" || v == "0",
        _ => false,
    };
    if off {
        out.emit(meta, ctx.span(n), "certificate verification is disabled; keep `rejectUnauthorized` on and pass the CA (`ca:`) for private certificates");
    }
}
