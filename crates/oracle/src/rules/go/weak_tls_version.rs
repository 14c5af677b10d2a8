use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;
use tree_sitter::Node;

/// ## What it does
/// Finds TLS configurations that accept protocol versions older than TLS 1.2: `MinVersion` (or
/// `MaxVersion`) set to `tls.VersionSSL30`, `tls.VersionTLS10` or `tls.VersionTLS11`, or to a variable
/// in a function that picks among such versions (`for _, v := range []uint16{tls.VersionTLS11, ...}`),
/// and tests that pin such a minimum (`if cfg.MinVersion != tls.VersionTLS10 { t.Fatal(..) }`): the
/// configuration under test accepts them.
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

pub const KINDS: &[&str] = &["keyed_element", "assignment_statement", "binary_expression"];

const OLD: &[&str] = &["VersionSSL30", "VersionTLS10", "VersionTLS11"];

fn old_version(text: &str) -> bool {
    OLD.iter().any(|w| text.ends_with(w))
}

fn is_min_version(text: &str) -> bool {
    text == "MinVersion" || text.ends_with(".MinVersion")
}

/// The text of the function around `n`.
fn enclosing_function<'s>(ctx: &NodeCtx<'s, '_>, n: Node) -> Option<&'s str> {
    let mut p = n.parent();
    while let Some(x) = p {
        if matches!(x.k(), "function_declaration" | "method_declaration" | "func_literal") {
            return Some(crate::syntax::text(x, ctx.src));
        }
        p = x.parent();
    }
    None
}

/// `cfg.MinVersion != tls.VersionTLS10` in a test: the configuration under test accepts TLS 1.0.
fn check_test_assertion(meta: &RuleMeta, ctx: &NodeCtx, n: Node, out: &mut Emitter) {
    if !ctx.function.starts_with("Test") {
        return;
    }
    let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
        return;
    };
    let op = n.child_by_field_name("operator").map(|o| ctx.text(o)).unwrap_or("");
    let (a, b) = (ctx.text(l), ctx.text(r));
    if matches!(op, "==" | "!=") && (is_min_version(a) && old_version(b) || is_min_version(b) && old_version(a)) {
        out.emit(
            meta,
            ctx.span(n),
            "the test expects a minimum TLS version older than 1.2; require `tls.VersionTLS12` or later",
        );
    }
}

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    if n.k() == "binary_expression" {
        return check_test_assertion(meta, ctx, n, out);
    }
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
    // `MinVersion: v` where this function chooses `v` among versions that include deprecated ones.
    let inner = match value.k() {
        "literal_element" => value.named_child(0).unwrap_or(value),
        _ => value,
    };
    let chosen = inner.k() == "identifier"
        && is_min_version(k)
        && enclosing_function(ctx, n).is_some_and(|f| OLD.iter().any(|w| f.contains(w)));
    if old_version(v) || chosen {
        out.emit(
            meta,
            ctx.span(n),
            format!("`{v}` allows deprecated protocol versions; require `tls.VersionTLS12` or later"),
        );
    }
}
