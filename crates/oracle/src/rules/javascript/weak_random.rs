use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds `Math.random()` used to make secrets: tokens, passwords, session ids, reset codes, keys.
///
/// ## Why is this bad?
/// `Math.random` is a fast non-cryptographic generator (xorshift128+ in V8): a few outputs reveal its
/// state, and with it every token it makes next.
///
/// ## Example
/// ```javascript
/// const sessionId = Math.random().toString(36).slice(2);
/// ```
///
/// Use instead:
/// ```javascript
/// const sessionId = crypto.randomBytes(16).toString('hex');
/// ```
///
/// ## References
/// - [CWE-338](https://cwe.mitre.org/data/definitions/338.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-weak-random",
    cwe: 338,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "Math.random used for a secret",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee != "Math.random" {
        return;
    }
    if super::security_context(&call.function) || super::security_context(&call.line_text) {
        out.emit(meta, call.span, "`Math.random` is predictable; use `crypto.randomBytes`, `crypto.randomInt` or `crypto.getRandomValues` for security values");
    }
}
