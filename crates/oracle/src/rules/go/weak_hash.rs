use super::pkg_call;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds MD5, MD4 and SHA-1 (`md5.New`, `md5.Sum`, `sha1.New`, `sha1.Sum`) used where security depends on
/// the hash: near passwords, tokens, signatures, keys.
///
/// ## Why is this bad?
/// Collisions for MD5 and SHA-1 are practical, and both are so fast that GPUs try billions of guesses per
/// second against a leaked password hash.
///
/// ## Example
/// ```go
/// sum := md5.Sum([]byte(password))
/// ```
///
/// Use instead:
/// ```go
/// hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
/// ```
///
/// ## References
/// - [CWE-328](https://cwe.mitre.org/data/definitions/328.html), [CWE-916](https://cwe.mitre.org/data/definitions/916.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-weak-hash",
    cwe: 328,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "broken hash (MD5, SHA-1) used for security",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let weak = pkg_call(call, "crypto/md5", &["New", "Sum"])
        || pkg_call(call, "crypto/sha1", &["New", "Sum"])
        || pkg_call(call, "golang.org/x/crypto/md4", &["New"]);
    if weak && (super::security_context(&call.function) || super::security_context(&call.line_text)) {
        out.emit(
            meta,
            call.span,
            format!(
                "`{}` is a broken hash; use SHA-256 or better, and bcrypt/scrypt/argon2 for passwords",
                call.callee
            ),
        );
    }
}
