use crate::finding::Severity;
use crate::lang::python::fields;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, NodeCtx, RuleMeta, Shape};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds TLS certificate checks turned off: `verify=False` on HTTP clients, `ssl._create_unverified_context`,
/// `ssl.CERT_NONE`, `check_hostname = False`; and its SSH counterpart, paramiko's `AutoAddPolicy` or
/// `WarningPolicy` for unknown host keys (bandit's `B507`).
///
/// ## Why is this bad?
/// Anyone on the network path can impersonate the server and read or change the traffic.
///
/// ## Example
/// ```python
/// requests.get(url, verify=False)
/// ```
///
/// Use instead:
/// ```python
/// requests.get(url)  # or verify="/path/to/ca-bundle.pem"
/// ```
///
/// ## References
/// - [CWE-295](https://cwe.mitre.org/data/definitions/295.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-insecure-tls",
    cwe: 295,
    severity: Severity::High,
    language: Language::Python,
    summary: "TLS certificate verification disabled",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.name() == "set_missing_host_key_policy" {
        // `WarningPolicy` only logs before it connects, as `AutoAddPolicy` does silently.
        let accepts_any = call
            .positional(0)
            .is_some_and(|a| ["AutoAddPolicy", "WarningPolicy"].iter().any(|p| a.text.contains(p)));
        if accepts_any {
            out.emit(
                meta,
                call.span,
                "this host key policy connects to a server whose key is unknown, so anyone on the path can pose as it; load known hosts and use `RejectPolicy`",
            );
        }
        return;
    }
    if call.is("ssl._create_unverified_context") || call.is("ssl._create_stdlib_context") {
        out.emit(
            meta,
            call.span,
            "an unverified SSL context accepts any certificate; use `ssl.create_default_context()`",
        );
        return;
    }
    if let Some(v) = call.keyword("verify") {
        if matches!(v.value.shape, Shape::Bool(false)) {
            out.emit(
                meta,
                v.span,
                "`verify=False` accepts any certificate; keep verification on (pass a CA bundle path if needed)",
            );
        }
    }
}

pub const KINDS: &[&str] = &["assignment", "attribute"];

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    match n.k() {
        "assignment" => {
            let (Some(l), Some(r)) = (n.child_by_field_id(fields().left), n.child_by_field_id(fields().right)) else {
                return;
            };
            if ctx.text(l).ends_with("check_hostname") && ctx.text(r) == "False" {
                out.emit(
                    meta,
                    ctx.span(n),
                    "`check_hostname = False` accepts certificates for any host; leave it on",
                );
            }
            if ctx.text(l).ends_with("verify_mode") && ctx.text(r).ends_with("CERT_NONE") {
                out.emit(
                    meta,
                    ctx.span(n),
                    "`CERT_NONE` accepts any certificate; use `CERT_REQUIRED`",
                );
            }
        }
        _ => {}
    }
}
