use super::{arg, pkg_call};
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds RSA keys generated with fewer than 2048 bits (`rsa.GenerateKey(rand.Reader, 1024)`), or with a
/// size that comes from outside the function with no lower bound checked.
///
/// ## Why is this bad?
/// 1024-bit RSA is within reach of well-funded attackers and below every current standard's minimum.
///
/// ## Example
/// ```go
/// priv, err := rsa.GenerateKey(rand.Reader, 1024)
/// ```
///
/// Use instead:
/// ```go
/// priv, err := rsa.GenerateKey(rand.Reader, 3072)
/// ```
///
/// ## References
/// - [CWE-326](https://cwe.mitre.org/data/definitions/326.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-weak-key",
    cwe: 326,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "RSA key shorter than 2048 bits",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let i = if pkg_call(call, "crypto/rsa", &["GenerateKey"]) {
        1
    } else if pkg_call(call, "crypto/rsa", &["GenerateMultiPrimeKey"]) {
        2
    } else {
        return;
    };
    let Some(a) = arg(call, i) else { return };
    if let Ok(bits) = a.text.trim().parse::<u32>() {
        if bits < 2048 {
            out.emit(
                meta,
                a.span,
                format!("{bits}-bit RSA key; use at least 2048 bits (3072 for new keys)"),
            );
        }
    } else if a.value.taint.reaches_weak(Kind::SIZE) {
        out.emit(
            meta,
            a.span,
            format!(
                "RSA key size from {} with no lower bound checked; reject sizes under 2048",
                a.value.taint.describe()
            ),
        );
    }
}
