use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds MD5, SHA-1 and other broken digests (`hashlib.md5`, `hashlib.new("sha1")`, `Crypto.Hash.MD5`),
/// unless marked `usedforsecurity=False`.
///
/// ## Why is this bad?
/// Collisions for MD5 and SHA-1 are cheap, and fast unsalted digests of passwords fall to brute force.
///
/// ## Example
/// ```python
/// stored = hashlib.md5(password.encode()).hexdigest()
/// ```
///
/// Use instead:
/// ```python
/// stored = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
/// ```
///
/// ## References
/// - [CWE-328](https://cwe.mitre.org/data/definitions/328.html), [CWE-327](https://cwe.mitre.org/data/definitions/327.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-weak-hash",
    cwe: 328,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "broken or weak hash function",
};

const WEAK: &[&str] = &["md5", "sha1", "md4", "md2", "sha"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let not_security = call
        .keyword("usedforsecurity")
        .is_some_and(|a| matches!(a.value.shape, Shape::Bool(false)));
    if not_security {
        return;
    }
    let name = call.name().to_ascii_lowercase();
    let hit = if call.is("hashlib.new") {
        call.positional(0)
            .and_then(|a| a.value.str_const().map(|s| s.to_ascii_lowercase()))
            .is_some_and(|s| WEAK.contains(&s.as_str()))
    } else if call.callee.starts_with("hashlib.")
        || call.callee.starts_with("Crypto.Hash")
        || call.callee.starts_with("Cryptodome.Hash")
    {
        WEAK.contains(&name.as_str()) || name == "new" && ["MD5", "SHA1", "MD4"].iter().any(|w| call.callee.contains(w))
    } else {
        matches!(
            call.callee.as_str(),
            "md5" | "sha1" | "md5.new" | "sha.new" | "MD5.new" | "SHA.new" | "SHA1.new" | "hashes.MD5" | "hashes.SHA1"
        )
    };
    if hit {
        out.emit(meta, call.span, format!("`{}` is a broken hash; use SHA-256 or better, and a slow salted KDF (`hashlib.pbkdf2_hmac`, `scrypt`) for passwords", call.callee));
    }
}
