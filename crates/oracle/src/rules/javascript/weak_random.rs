use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds `Math.random()` used to make secrets: tokens, passwords, session ids, reset codes, keys, and
/// UUIDs (a function that fills the `xxxxxxxx-xxxx-4xxx-yxxx` template or sets the variant bits with
/// `r & 0x3 | 0x8`).
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
/// const id = crypto.randomUUID();
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

pub const KINDS: &[&str] = &["call_expression"];

/// True when the code reads as a UUID generator: the v4 template, the variant bits, or the name.
fn makes_uuid(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
        .collect::<String>()
        .to_ascii_lowercase();
    t.contains("&0x3|0x8") || t.contains("&3|8") || t.contains("xxxx-4xxx") || t.contains("uuid") || t.contains("guid")
}

/// `Math.random()` inside a UUID generator (ids handed out as unguessable references). Calls in a
/// security context are left to [`check`].
pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    if n.child_by_field_name("function").map(|f| ctx.text(f)) != Some("Math.random") {
        return;
    }
    let line = ctx.src[..n.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let line_text = ctx.src[line..].lines().next().unwrap_or("");
    if super::security_context(ctx.function) || super::security_context(line_text) {
        return;
    }
    // The innermost function, and the call it is passed to (`'xxxx-4xxx'.replace(/[xy]/g, (c) => ...)`).
    let mut scope = n;
    while let Some(p) = scope.parent() {
        scope = p;
        if crate::lang::javascript::is_function(p.k()) {
            break;
        }
    }
    if let Some(call) = scope.parent().filter(|a| a.k() == "arguments").and_then(|a| a.parent()) {
        scope = call;
    }
    if makes_uuid(ctx.text(scope)) {
        out.emit(
            meta,
            ctx.span(n),
            "`Math.random` makes predictable UUIDs; use `crypto.randomUUID()` or the `uuid` package",
        );
    }
}
