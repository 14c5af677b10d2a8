use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds the `random` module used to make secrets: tokens, passwords, salts, session ids, reset codes.
///
/// ## Why is this bad?
/// `random` is a Mersenne Twister: its output is predictable after 624 observed values, or from a guessed
/// seed.
///
/// ## Example
/// ```python
/// token = "".join(random.choice(ALPHABET) for _ in range(32))
/// ```
///
/// Use instead:
/// ```python
/// token = secrets.token_urlsafe(32)
/// ```
///
/// ## References
/// - [CWE-338](https://cwe.mitre.org/data/definitions/338.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-weak-random",
    cwe: 338,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "non-cryptographic random numbers used for a secret",
};

const FUNCS: &[&str] = &[
    "random",
    "randint",
    "choice",
    "choices",
    "randrange",
    "getrandbits",
    "sample",
    "shuffle",
    "uniform",
    "randbytes",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let from_random = call.callee.starts_with("random.") && !call.callee.starts_with("random.SystemRandom");
    if !from_random || !FUNCS.contains(&call.name()) {
        return;
    }
    if super::security_context(&call.function) || super::security_context(&call.line_text) {
        out.emit(meta, call.span, format!("`{}` is predictable; use the `secrets` module (`secrets.token_urlsafe`, `secrets.choice`) for security values", call.callee));
    }
}
