//! JavaScript rules (Node.js, browser code, JSX).

use crate::rule::{CallRule, NodeRule};

mod code_injection;
mod command_injection;
mod hardcoded_credentials;
mod incomplete_sanitization;
pub(crate) use hardcoded_credentials::{credential_name, plausible_secret};
mod insecure_tls;
mod open_redirect;
mod path_traversal;
mod prototype_pollution;
mod redos;
mod reverse_tabnabbing;
mod sql_injection;
mod ssrf;
mod weak_cipher;
mod weak_hash;
mod weak_password_hash;
mod weak_random;
mod xss;

pub fn call_rules() -> Vec<CallRule> {
    vec![
        call!(sql_injection),
        call!(command_injection),
        call!(path_traversal),
        call!(xss),
        call!(code_injection),
        call!(redos),
        call!(open_redirect),
        call!(ssrf),
        call!(weak_random),
        call!(weak_hash),
        call!(weak_password_hash),
        call!(weak_cipher),
        call!(incomplete_sanitization),
    ]
}

pub fn node_rules() -> Vec<NodeRule> {
    vec![
        node!(redos),
        node!(insecure_tls),
        node!(hardcoded_credentials),
        node!(prototype_pollution),
        node!(reverse_tabnabbing),
        node!(weak_random),
    ]
}

/// True when the text reads as an SQL statement.
pub(crate) fn looks_like_sql(text: &str) -> bool {
    let t = text.to_ascii_uppercase();
    (t.contains("SELECT ") && t.contains("FROM"))
        || t.contains("INSERT INTO")
        || (t.contains("UPDATE ") && t.contains(" SET "))
        || t.contains("DELETE FROM")
        || t.contains(" WHERE ")
        || t.contains("CREATE TABLE")
        || t.contains("DROP TABLE")
        || t.contains("ORDER BY")
        || t.contains("VALUES")
}

/// True when the text holds HTML markup (a tag or an attribute).
pub(crate) fn looks_like_html(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    let tag = t
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'));
    tag || t.contains("href=") || t.contains("src=")
}

/// True when the text mentions a secret (a token, a password, a session id, a key).
pub(crate) fn security_context(text: &str) -> bool {
    crate::rules::python::security_context(text)
}
