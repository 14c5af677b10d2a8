use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;
use tree_sitter::Node;

/// ## What it does
/// Finds a request body read whole (`io.ReadAll(r.Body)`, `ioutil.ReadAll(r.Body)`, `json.NewDecoder(r.Body)`)
/// in a function that never limits it (`http.MaxBytesReader`, `io.LimitReader`, `io.LimitedReader`).
///
/// ## Why is this bad?
/// A client that sends gigabytes makes the server hold them in memory: a few requests exhaust it.
///
/// ## Example
/// ```go
/// body, err := io.ReadAll(r.Body)
/// ```
///
/// Use instead:
/// ```go
/// r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
/// body, err := io.ReadAll(r.Body)
/// ```
///
/// ## References
/// - [CWE-400](https://cwe.mitre.org/data/definitions/400.html), [CWE-770](https://cwe.mitre.org/data/definitions/770.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-unbounded-read",
    cwe: 400,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "request body read without a size limit",
};

pub const KINDS: &[&str] = &["call_expression"];

const LIMITS: &[&str] = &[
    "MaxBytesReader",
    "LimitReader",
    "LimitedReader",
    "MaxBytes",
    "CopyN",
    "ContentLength",
];

fn enclosing_function(n: Node) -> Option<Node> {
    let mut cur = n.parent();
    while let Some(p) = cur {
        if matches!(p.k(), "function_declaration" | "method_declaration" | "func_literal") {
            return Some(p);
        }
        cur = p.parent();
    }
    None
}

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let Some(f) = n.child_by_field_name("function") else {
        return;
    };
    let callee = ctx.text(f);
    if !matches!(callee, "io.ReadAll" | "ioutil.ReadAll" | "json.NewDecoder") {
        return;
    }
    let Some(a) = n.child_by_field_name("arguments").and_then(|a| a.named_child(0)) else {
        return;
    };
    if !ctx.text(a).ends_with(".Body") {
        return;
    }
    let scope = enclosing_function(n).map(|f| ctx.text(f)).unwrap_or(ctx.src);
    if LIMITS.iter().any(|l| scope.contains(l)) {
        return;
    }
    out.emit(
        meta,
        ctx.span(n),
        format!(
            "`{callee}({})` reads the whole body into memory; wrap it with `http.MaxBytesReader` first",
            ctx.text(a)
        ),
    );
}
