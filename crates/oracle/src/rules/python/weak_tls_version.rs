use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds TLS set up with a broken protocol version (`ssl.PROTOCOL_SSLv3`, `ssl.PROTOCOL_TLSv1`,
/// pyOpenSSL's `TLSv1_METHOD`, ...), and the deprecated `ssl.wrap_socket` called without choosing a
/// version or ciphers.
///
/// ## Why is this bad?
/// SSL 3.0, TLS 1.0 and TLS 1.1 have practical attacks (POODLE, BEAST) and are disabled by current
/// clients; `ssl.wrap_socket` (removed in Python 3.12) builds a context with neither hostname checking nor
/// a minimum version.
///
/// ## Example
/// ```python
/// sock = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)
/// ```
///
/// Use instead:
/// ```python
/// context = ssl.create_default_context()
/// context.minimum_version = ssl.TLSVersion.TLSv1_2
/// sock = context.wrap_socket(sock, server_hostname=host)
/// ```
///
/// ## References
/// - [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-weak-tls-version",
    cwe: 327,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "TLS with a broken protocol version",
};

/// Protocol constants of `ssl` and pyOpenSSL that select SSL 2/3 or TLS 1.0/1.1.
const BROKEN: &[&str] = &[
    "PROTOCOL_SSLv2",
    "PROTOCOL_SSLv3",
    "PROTOCOL_TLSv1",
    "PROTOCOL_TLSv1_1",
    "SSLv2_METHOD",
    "SSLv3_METHOD",
    "TLSv1_METHOD",
    "TLSv1_1_METHOD",
];

/// The broken constant an argument names, if any (`ssl.PROTOCOL_TLSv1`, not `PROTOCOL_TLSv1_2`).
fn broken_version(text: &str) -> Option<&'static str> {
    let last = text.rsplit('.').next().unwrap_or(text).trim();
    BROKEN.iter().copied().find(|b| *b == last)
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let takes_version = matches!(
        name,
        "wrap_socket" | "SSLContext" | "Context" | "get_server_certificate"
    );
    if !takes_version {
        return;
    }
    let version = call
        .keyword("ssl_version")
        .or_else(|| call.keyword("protocol"))
        .or_else(|| call.keyword("method"))
        .or_else(|| call.positional(0).filter(|_| name != "wrap_socket"));
    if let Some(b) = version.and_then(|v| broken_version(&v.text)) {
        out.emit(
            meta,
            version.expect("found").span,
            format!("`{b}` selects a broken protocol version; use `ssl.create_default_context()` (TLS 1.2 or later)"),
        );
        return;
    }
    if call.callee == "ssl.wrap_socket" && version.is_none() && call.keyword("ciphers").is_none() {
        out.emit(
            meta,
            call.span,
            "`ssl.wrap_socket` is deprecated and sets neither a minimum TLS version nor hostname checking; use `ssl.create_default_context().wrap_socket(...)`",
        );
    }
}
