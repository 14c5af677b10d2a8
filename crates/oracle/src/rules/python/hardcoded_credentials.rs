use crate::finding::Severity;
use crate::lang::python::fields;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::unquote;
use crate::syntax::Kind as _;

/// ## What it does
/// Finds passwords, secrets, tokens and keys written into the source as string literals: assignments
/// (`PASSWORD = "hunter2"`), keyword arguments (`connect(password="hunter2")`) and comparisons
/// (`if password == "admin123"`).
///
/// ## Why is this bad?
/// Everyone with the code (or the binary, or the repository history) has the credential, and it cannot be
/// rotated without a release.
///
/// ## Example
/// ```python
/// conn = psycopg2.connect(user="app", password="s3cr3t!")
/// ```
///
/// Use instead:
/// ```python
/// conn = psycopg2.connect(user="app", password=os.environ["DB_PASSWORD"])
/// ```
///
/// ## References
/// - [CWE-798](https://cwe.mitre.org/data/definitions/798.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-hardcoded-credentials",
    cwe: 798,
    severity: Severity::High,
    language: Language::Python,
    summary: "credential written in the source",
};

pub const KINDS: &[&str] = &["assignment", "keyword_argument", "comparison_operator"];

pub(crate) fn credential_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.rsplit('.').next().unwrap_or(&n);
    let hit = [
        "password",
        "passwd",
        "pwd",
        "secret",
        "api_key",
        "apikey",
        "access_key",
        "private_key",
        "auth_token",
        "access_token",
        "secret_key",
        "token",
        "credentials",
    ]
    .iter()
    .any(|w| n.contains(w));
    // Names that describe a credential without holding one.
    let benign = [
        "_field", "_label", "_prompt", "_url", "_path", "_file", "_name", "_len", "_length", "_hash", "_env", "_var",
        "_header", "_param", "_regex", "_pattern", "_min", "_max", "input", "form", "_type", "reset",
    ]
    .iter()
    .any(|w| n.contains(w));
    hit && !benign
}

fn plausible_secret(lit: &str) -> bool {
    lit.len() >= 4
        && !lit.contains(' ')
        && !lit.contains('{')
        && !lit.contains('%')
        && !lit.starts_with('$')
        && !lit.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        && ![
            "password",
            "changeme",
            "none",
            "null",
            "secret",
            "token",
            "your-password",
            "<password>",
        ]
        .contains(&lit.to_ascii_lowercase().as_str())
}

pub fn check(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let (name, value) = match n.k() {
        "assignment" => (n.child_by_field_id(fields().left), n.child_by_field_id(fields().right)),
        "keyword_argument" => (n.child_by_field_id(fields().name), n.child_by_field_id(fields().value)),
        "comparison_operator" => (n.named_child(0), n.named_child(1)),
        _ => return,
    };
    let (Some(name), Some(value)) = (name, value) else {
        return;
    };
    if value.k() != "string"
        || value
            .named_children(&mut value.walk())
            .any(|c| c.k() == "interpolation")
    {
        return;
    }
    if !matches!(name.k(), "identifier" | "attribute") || !credential_name(ctx.text(name)) {
        return;
    }
    let lit = unquote(ctx.text(value));
    if plausible_secret(lit) {
        out.emit(
            meta,
            ctx.span(value),
            format!(
                "`{}` is set to a literal credential; read it from the environment or a secret store",
                ctx.text(name)
            ),
        );
    }
}
