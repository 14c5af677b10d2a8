use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds RSA, DSA and Diffie-Hellman key pairs generated with fewer than 2048 bits:
/// `KeyPairGenerator.initialize(1024)`, `new RSAKeyGenParameterSpec(1024, ...)`.
///
/// ## Why is this bad?
/// 1024-bit RSA is within reach of well-funded attackers and below every current guideline (NIST
/// SP 800-131A disallows it since 2013).
///
/// ## Example
/// ```java
/// keyGen.initialize(1024);
/// ```
///
/// Use instead:
/// ```java
/// keyGen.initialize(3072);
/// ```
///
/// ## References
/// - [CWE-326](https://cwe.mitre.org/data/definitions/326.html)
pub static META: RuleMeta = RuleMeta {
    id: "java-weak-key",
    cwe: 326,
    severity: Severity::Medium,
    language: Language::Java,
    summary: "asymmetric key shorter than 2048 bits",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let key_call = (call.name() == "initialize" && call.line_text.to_ascii_lowercase().contains("key"))
        || call.callee == "new RSAKeyGenParameterSpec";
    if !key_call {
        return;
    }
    let Some(a) = call.positional(0).filter(|a| matches!(a.value.shape, Shape::Number)) else {
        return;
    };
    if let Ok(bits) = a.text.replace('_', "").parse::<u32>() {
        // Elliptic-curve sizes (256, 384, 521) are a different scale.
        let ec = call.line_text.contains("EC") || matches!(bits, 224 | 256 | 384 | 521);
        if bits < 2048 && !ec {
            out.emit(
                meta,
                a.span,
                format!("{bits}-bit keys are too short; use at least 2048 bits (3072 recommended)"),
            );
        }
    }
}
