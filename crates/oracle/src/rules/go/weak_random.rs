use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds `math/rand` used to make secrets: tokens, passwords, session ids, keys, nonces.
///
/// ## Why is this bad?
/// `math/rand` is a deterministic generator: seeded with the time (or not at all before Go 1.20) its
/// output can be replayed, and its state recovered from a few outputs.
///
/// ## Example
/// ```go
/// b[i] = letters[rand.Intn(len(letters))]  // in newSessionID()
/// ```
///
/// Use instead:
/// ```go
/// b := make([]byte, 16); _, err := crypto_rand.Read(b); id := hex.EncodeToString(b)
/// ```
///
/// ## References
/// - [CWE-338](https://cwe.mitre.org/data/definitions/338.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-weak-random",
    cwe: 338,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "math/rand used for a secret",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let Some((pkg, name)) = call.callee.rsplit_once('.') else {
        return;
    };
    // Unresolved `rand.Intn` is math/rand's: crypto/rand has no Intn/Int63/Perm/Shuffle/Seed.
    let math = pkg == "math/rand"
        || pkg == "math/rand/v2"
        || (pkg == "rand" && !matches!(name, "Read" | "Int" | "Prime" | "Reader"));
    if !math
        || !matches!(
            name,
            "Intn"
                | "Int"
                | "Int31"
                | "Int31n"
                | "Int63"
                | "Int63n"
                | "Uint32"
                | "Uint64"
                | "Read"
                | "Perm"
                | "Shuffle"
                | "Float64"
                | "IntN"
                | "N"
        )
    {
        return;
    }
    if super::security_context(&call.function) || super::security_context(&call.line_text) {
        out.emit(
            meta,
            call.span,
            format!(
                "`{}` is predictable; use `crypto/rand` for security values",
                call.callee
            ),
        );
    }
}
