use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds MD5, MD4 and SHA-1 (`crypto.createHash('md5')`, `createHash('sha1')`, the `md5`/`sha1` packages)
/// used where security depends on the hash: near passwords, tokens, signatures, keys.
///
/// ## Why is this bad?
/// Collisions for MD5 and SHA-1 are practical, and both are so fast that GPUs try billions of guesses
/// per second against a leaked hash.
///
/// ## Example
/// ```javascript
/// const digest = crypto.createHash('md5').update(password).digest('hex');
/// ```
///
/// Use instead:
/// ```javascript
/// const digest = crypto.createHash('sha256').update(token).digest('hex');  // scrypt for passwords
/// ```
///
/// ## References
/// - [CWE-328](https://cwe.mitre.org/data/definitions/328.html), [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-weak-hash",
    cwe: 328,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "broken hash (MD5, SHA-1) used for security",
};

pub(crate) const WEAK: &[&str] = &["md5", "md4", "sha1", "sha-1", "rsa-md5", "rsa-sha1", "md5-sha1"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let weak = match name {
        "createHash" | "createHmac" => call
            .positional(0)
            .and_then(|a| a.value.str_const())
            .is_some_and(|s| WEAK.contains(&s.to_ascii_lowercase().as_str())),
        _ => matches!(
            call.callee.as_str(),
            "md5" | "sha1" | "CryptoJS.MD5" | "CryptoJS.SHA1" | "crypto-js.MD5" | "crypto-js.SHA1"
        ),
    };
    if !weak {
        return;
    }
    // An HMAC is not broken by collisions; only flag it where it stores passwords (see the 916 rule).
    if name == "createHmac" {
        return;
    }
    if super::security_context(&call.function) || super::security_context(&call.line_text) {
        out.emit(
            meta,
            call.span,
            format!(
                "`{}` with a broken hash; use SHA-256 or better (and `crypto.scrypt` for passwords)",
                call.callee
            ),
        );
    }
}
