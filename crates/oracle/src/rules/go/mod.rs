//! Go rules.

use crate::rule::{Arg, CallRule, CallSite, NodeRule};

mod command_injection;
mod hardcoded_credentials;
mod insecure_tls;
mod integer_conversion;
mod open_redirect;
mod path_traversal;
mod sql_injection;
mod ssrf;
mod unbounded_read;
mod weak_cipher;
mod weak_hash;
mod weak_key;
mod weak_random;
mod weak_tls_version;
mod xss;

pub fn call_rules() -> Vec<CallRule> {
    vec![
        call!(sql_injection),
        call!(command_injection),
        call!(path_traversal),
        call!(xss),
        call!(open_redirect),
        call!(ssrf),
        call!(weak_random),
        call!(weak_hash),
        call!(weak_cipher),
        call!(weak_key),
        call!(integer_conversion),
    ]
}

pub fn node_rules() -> Vec<NodeRule> {
    vec![
        node!(insecure_tls),
        node!(weak_tls_version),
        node!(hardcoded_credentials),
        node!(unbounded_read),
    ]
}

/// True when the call is `pkg.Name` for one of `names`: resolved through the imports (`os/exec.Command`)
/// or, in code without imports, as written with the package's last path segment (`exec.Command`).
pub(crate) fn pkg_call(call: &CallSite, pkg: &str, names: &[&str]) -> bool {
    let Some((p, name)) = call.callee.rsplit_once('.') else {
        return false;
    };
    let last = pkg.rsplit('/').next().unwrap_or(pkg);
    (p == pkg || p == last) && names.contains(&name)
}

/// Arguments without the analyzer's markers: Go's arguments are all positional.
pub(crate) fn arg(call: &CallSite, i: usize) -> Option<&Arg> {
    call.args.get(i)
}

/// True when the text reads as an SQL statement.
pub(crate) fn looks_like_sql(text: &str) -> bool {
    crate::rules::javascript::looks_like_sql(text)
}

/// True when the text mentions a secret (a token, a password, a session id, a key).
pub(crate) fn security_context(text: &str) -> bool {
    crate::rules::python::security_context(text)
}
