use crate::finding::Severity;
use crate::lang::javascript::strip_quotes as unquote;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds passwords, secrets, tokens and keys written into the source as string literals: declarations
/// (`const password = "hunter2"`), assignments and object properties (`{ password: "hunter2" }`).
///
/// ## Why is this bad?
/// Everyone with the code (or the bundle shipped to browsers, or the repository history) has the
/// credential, and it cannot be rotated without a release.
///
/// ## Example
/// ```javascript
/// const db = mysql.createConnection({ user: 'app', password: 's3cr3t!' });
/// ```
///
/// Use instead:
/// ```javascript
/// const db = mysql.createConnection({ user: 'app', password: process.env.DB_PASSWORD });
/// ```
///
/// ## References
/// - [CWE-798](https://cwe.mitre.org/data/definitions/798.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-hardcoded-credentials",
    cwe: 798,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "credential written in the source",
};

pub const KINDS: &[&str] = &["variable_declarator", "assignment_expression", "pair"];

/// Names that hold a credential (and not a description of one: `passwordField`, `tokenUrl`).
pub(crate) fn credential_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.rsplit('.').next().unwrap_or(&n);
    let hit = [
        "password",
        "passwd",
        "pwd",
        "secret",
        "apikey",
        "api_key",
        "accesskey",
        "access_key",
        "privatekey",
        "private_key",
        "authtoken",
        "auth_token",
        "accesstoken",
        "access_token",
        "token",
        "credentials",
    ]
    .iter()
    .any(|w| n.contains(w));
    let benign = [
        "field",
        "label",
        "prompt",
        "url",
        "path",
        "file",
        "name",
        "len",
        "hash",
        "env",
        "header",
        "param",
        "regex",
        "pattern",
        "min",
        "max",
        "input",
        "form",
        "type",
        "reset",
        "placeholder",
        "message",
        "error",
        "key_id",
        "confirm",
        "selector",
        "id",
    ]
    .iter()
    .any(|w| n.ends_with(w) || n.starts_with(w));
    hit && !benign
}

/// A literal that could be a credential (not empty, a placeholder or a sentence).
pub(crate) fn plausible_secret(lit: &str) -> bool {
    lit.len() >= 6
        && !lit.contains(' ')
        && !lit.contains("${")
        && !lit.contains('%')
        && !lit.starts_with('$')
        && !lit.starts_with('<')
        && !lit.chars().all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
        && ![
            "password",
            "changeme",
            "secret",
            "undefined",
            "your-password",
            "your_password",
            "token",
        ]
        .contains(&lit.to_ascii_lowercase().as_str())
}

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let (name, value) = match n.k() {
        "variable_declarator" => (n.child_by_field_name("name"), n.child_by_field_name("value")),
        "assignment_expression" => (n.child_by_field_name("left"), n.child_by_field_name("right")),
        _ => (n.child_by_field_name("key"), n.child_by_field_name("value")),
    };
    let (Some(name), Some(value)) = (name, value) else {
        return;
    };
    if value.k() != "string"
        || !matches!(
            name.k(),
            "identifier" | "member_expression" | "property_identifier" | "string"
        )
    {
        return;
    }
    if !credential_name(unquote(ctx.text(name))) {
        return;
    }
    if plausible_secret(unquote(ctx.text(value))) {
        out.emit(
            meta,
            ctx.span(value),
            format!(
                "`{}` is set to a literal credential; read it from the environment or a secret store",
                unquote(ctx.text(name))
            ),
        );
    }
}
