use super::pkg_call;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds broken ciphers: `des.NewCipher`, `des.NewTripleDESCipher`, `rc4.NewCipher`, and Blowfish.
///
/// ## Why is this bad?
/// DES keys are brute-forced in hours, 64-bit blocks (3DES, Blowfish) collide after a few gigabytes
/// (Sweet32), and RC4's keystream is biased.
///
/// ## Example
/// ```go
/// block, err := des.NewCipher(key)
/// ```
///
/// Use instead:
/// ```go
/// block, err := aes.NewCipher(key); aead, err := cipher.NewGCM(block)
/// ```
///
/// ## References
/// - [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-weak-cipher",
    cwe: 327,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "broken cipher (DES, 3DES, RC4, Blowfish)",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if pkg_call(call, "crypto/des", &["NewCipher", "NewTripleDESCipher"])
        || pkg_call(call, "crypto/rc4", &["NewCipher"])
        || pkg_call(call, "golang.org/x/crypto/blowfish", &["NewCipher", "NewSaltedCipher"])
    {
        out.emit(
            meta,
            call.span,
            format!(
                "`{}` is a broken cipher; use AES-GCM (`aes.NewCipher` + `cipher.NewGCM`)",
                call.callee
            ),
        );
    }
}
