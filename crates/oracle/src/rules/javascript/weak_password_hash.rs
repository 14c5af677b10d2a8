use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds passwords stored with a fast hash: `crypto.createHash(...)` or `createHmac(...)` applied where the
/// code handles a password (`hashPassword`, `encryptPassword`, a `password` variable).
///
/// ## Why is this bad?
/// A leaked table of fast hashes (even salted SHA-256 or HMAC-SHA1) is cracked at billions of guesses
/// per second; password hashes must be slow and salted.
///
/// ## Example
/// ```javascript
/// return crypto.createHmac('sha1', this.salt).update(password).digest('hex');
/// ```
///
/// Use instead:
/// ```javascript
/// return bcrypt.hashSync(password, 12);  // or crypto.scryptSync(password, salt, 64)
/// ```
///
/// ## References
/// - [CWE-916](https://cwe.mitre.org/data/definitions/916.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-weak-password-hash",
    cwe: 916,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "password hashed with a fast hash instead of a password KDF",
};

fn mentions_password(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("password") || t.contains("passwd") || t.contains("pwd")
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !matches!(call.name(), "createHash" | "createHmac")
        && !matches!(
            call.callee.as_str(),
            "md5" | "sha1" | "sha256" | "CryptoJS.MD5" | "CryptoJS.SHA1" | "CryptoJS.SHA256"
        )
    {
        return;
    }
    if mentions_password(&call.function) || mentions_password(&call.line_text) {
        out.emit(
            meta,
            call.span,
            "password hashed with a fast hash; use `bcrypt`, `argon2` or `crypto.scrypt` with a random salt",
        );
    }
}
