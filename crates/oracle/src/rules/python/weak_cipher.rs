use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds broken ciphers and modes: DES, 3DES, RC4/ARC4, Blowfish, RC2, and ECB mode (`AES.MODE_ECB`,
/// `modes.ECB()`).
///
/// ## Why is this bad?
/// These ciphers have small keys or practical attacks; ECB leaks patterns of the plaintext.
///
/// ## Example
/// ```python
/// cipher = DES.new(key, DES.MODE_ECB)
/// ```
///
/// Use instead:
/// ```python
/// cipher = AESGCM(key)  # an authenticated mode with a fresh nonce per message
/// ```
///
/// ## References
/// - [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-weak-cipher",
    cwe: 327,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "broken cipher or cipher mode",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let c = call.callee.as_str();
    let weak_cipher = [
        "DES.new",
        "DES3.new",
        "ARC4.new",
        "ARC2.new",
        "Blowfish.new",
        "XOR.new",
        "algorithms.TripleDES",
        "algorithms.ARC4",
        "algorithms.Blowfish",
        "algorithms.IDEA",
        "algorithms.CAST5",
    ]
    .iter()
    .any(|s| call.is(s));
    let ecb = call.is("modes.ECB") || (c.ends_with(".new") && call.line_text.contains("MODE_ECB"));
    if weak_cipher || ecb {
        out.emit(
            meta,
            call.span,
            format!("`{c}` uses a broken cipher or ECB mode; use AES-GCM or ChaCha20-Poly1305"),
        );
    }
}
