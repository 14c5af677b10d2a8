use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::rules::javascript::{credential_name, plausible_secret};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds passwords, secrets, tokens and keys written into the source as string literals: `const`/`var`
/// declarations, `:=`/`=` assignments and struct fields (`Password: "hunter2"`).
///
/// ## Why is this bad?
/// Everyone with the code (or the binary: Go strings are plain in the executable) has the credential, and
/// it cannot be rotated without a release.
///
/// ## Example
/// ```go
/// db, err := sql.Open("mysql", "app:"+dbPassword+"@/shop")  // with const dbPassword = "s3cr3t!"
/// ```
///
/// Use instead:
/// ```go
/// dbPassword := os.Getenv("DB_PASSWORD")
/// ```
///
/// ## References
/// - [CWE-798](https://cwe.mitre.org/data/definitions/798.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-hardcoded-credentials",
    cwe: 798,
    severity: Severity::High,
    language: Language::Go,
    summary: "credential written in the source",
};

pub const KINDS: &[&str] = &[
    "const_spec",
    "var_spec",
    "short_var_declaration",
    "assignment_statement",
    "keyed_element",
];

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let (name, value) = match n.k() {
        "const_spec" | "var_spec" => (
            n.child_by_field_name("name"),
            n.child_by_field_name("value").and_then(|v| v.named_child(0)),
        ),
        "keyed_element" => (n.named_child(0), n.named_child(1)),
        _ => (
            n.child_by_field_name("left").and_then(|l| l.named_child(0)),
            n.child_by_field_name("right").and_then(|r| r.named_child(0)),
        ),
    };
    let (Some(name), Some(value)) = (name, value) else {
        return;
    };
    let value = if value.k() == "literal_element" {
        value.named_child(0).unwrap_or(value)
    } else {
        value
    };
    if !matches!(value.k(), "interpreted_string_literal" | "raw_string_literal") {
        return;
    }
    let key = ctx.text(name).trim();
    if !credential_name(key) {
        return;
    }
    let lit = ctx.text(value);
    let lit = lit.get(1..lit.len().saturating_sub(1)).unwrap_or("");
    if plausible_secret(lit) {
        out.emit(
            meta,
            ctx.span(value),
            format!("`{key}` is set to a literal credential; read it from the environment or a secret store"),
        );
    }
}
