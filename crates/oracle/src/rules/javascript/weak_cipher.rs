use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds broken ciphers and modes: `crypto.createCipher` (no IV, MD5-derived key), and
/// `createCipheriv`/`createDecipheriv` with DES, 3DES, RC4, RC2, Blowfish or ECB mode.
///
/// ## Why is this bad?
/// DES keys are brute-forced in hours, RC4's keystream is biased, and ECB encrypts equal blocks to equal
/// blocks, so the structure of the plaintext shows through.
///
/// ## Example
/// ```javascript
/// const c = crypto.createCipheriv('des-ede3-cbc', key, iv);
/// ```
///
/// Use instead:
/// ```javascript
/// const c = crypto.createCipheriv('aes-256-gcm', key, iv);
/// ```
///
/// ## References
/// - [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-weak-cipher",
    cwe: 327,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "broken cipher or mode (DES, RC4, ECB, createCipher)",
};

fn weak_algorithm(a: &str) -> bool {
    let a = a.to_ascii_lowercase();
    a.starts_with("des")
        || a.starts_with("rc4")
        || a.starts_with("rc2")
        || a.starts_with("bf")
        || a.starts_with("blowfish")
        || a.ends_with("-ecb")
        || a == "ecb"
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    if matches!(name, "createCipher" | "createDecipher") && call.callee.contains("crypto") {
        out.emit(
            meta,
            call.span,
            "`createCipher` derives the key with MD5 and uses no IV; use `createCipheriv` with AES-GCM and a random IV",
        );
        return;
    }
    if matches!(name, "createCipheriv" | "createDecipheriv") {
        if let Some(a) = call
            .positional(0)
            .and_then(|a| a.value.str_const())
            .filter(|a| weak_algorithm(a))
        {
            out.emit(
                meta,
                call.span,
                format!("`{a}` is a broken cipher or mode; use `aes-256-gcm`"),
            );
        }
    }
}
