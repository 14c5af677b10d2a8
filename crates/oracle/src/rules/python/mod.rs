//! Python rules.

use crate::rule::{CallRule, NodeRule};

mod code_injection;
mod command_injection;
mod debug_mode;
mod hardcoded_credentials;
mod insecure_temp_file;
mod insecure_tls;
mod json_in_html;
mod log_injection;
mod open_redirect;
mod path_traversal;
mod permissive_permissions;
mod redos;
mod sql_injection;
mod ssh_command_string;
mod ssrf;
mod unsafe_deserialization;
mod url_substring_check;
mod weak_cipher;
mod weak_hash;
mod weak_key;
mod weak_random;
mod weak_tls_version;
mod xss;
mod xxe;

pub fn call_rules() -> Vec<CallRule> {
    vec![
        call!(sql_injection),
        call!(command_injection),
        call!(ssh_command_string),
        call!(path_traversal),
        call!(xss),
        call!(code_injection),
        call!(unsafe_deserialization),
        call!(weak_hash),
        call!(weak_cipher),
        call!(weak_tls_version),
        call!(weak_random),
        call!(insecure_temp_file),
        call!(ssrf),
        call!(open_redirect),
        call!(xxe),
        call!(redos),
        call!(log_injection),
        call!(insecure_tls),
        call!(weak_key),
        call!(permissive_permissions),
        call!(debug_mode),
    ]
}

pub fn node_rules() -> Vec<NodeRule> {
    vec![
        NodeRule {
            meta: &hardcoded_credentials::META,
            kinds: hardcoded_credentials::KINDS,
            check: hardcoded_credentials::check,
        },
        NodeRule {
            meta: &url_substring_check::META,
            kinds: url_substring_check::KINDS,
            check: url_substring_check::check,
        },
        NodeRule {
            meta: &weak_key::META,
            kinds: weak_key::KINDS,
            check: weak_key::check_node,
        },
        NodeRule {
            meta: &json_in_html::META,
            kinds: json_in_html::KINDS,
            check: json_in_html::check,
        },
        NodeRule {
            meta: &insecure_tls::META,
            kinds: insecure_tls::KINDS,
            check: insecure_tls::check_node,
        },
    ]
}

/// True when the text has words that make a value security-relevant (a token, a password, a key).
pub(crate) fn security_context(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "token",
        "secret",
        "password",
        "passwd",
        "salt",
        "nonce",
        "otp",
        "session",
        "csrf",
        "api_key",
        "apikey",
        "key",
        "auth",
        "reset",
        "verification",
        "captcha",
        "pin",
    ]
    .iter()
    .any(|w| t.contains(w))
}
