use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, NodeCtx, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds regular expressions that backtrack catastrophically — a quantified group that itself contains a
/// quantifier (`(a+)+`, `(\w*)*`) or overlapping alternatives under a quantifier (`(a|a)*`) — in regex
/// literals and `new RegExp("...")`, and `new RegExp(x)` built from untrusted input.
///
/// ## Why is this bad?
/// JavaScript's regex engine backtracks: `/(a+)+$/` on `"a".repeat(40) + "!"` takes about 2^40 steps, and
/// Node.js runs it on the one thread that serves every request.
///
/// ## Example
/// ```javascript
/// const EMAIL = /^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@)/;
/// ```
///
/// Use instead:
/// ```javascript
/// const EMAIL = /^[a-zA-Z0-9]+(?:[-._][a-zA-Z0-9]+)*@/;  // every repetition starts with a separator
/// ```
///
/// ## References
/// - [CWE-1333](https://cwe.mitre.org/data/definitions/1333.html), [CWE-400](https://cwe.mitre.org/data/definitions/400.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-redos",
    cwe: 1333,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "regular expression with catastrophic backtracking, or built from input",
};

pub const KINDS: &[&str] = &["regex"];

const MESSAGE: &str = "this pattern nests quantifiers and can backtrack exponentially on a crafted input; rewrite it without a repeated group that itself repeats";

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let Some(p) = ctx.node.child_by_field_name("pattern") else {
        return;
    };
    if crate::regex_shape::catastrophic(ctx.text(p)) {
        out.emit(meta, ctx.span(ctx.node), MESSAGE);
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !matches!(call.callee.as_str(), "new RegExp" | "RegExp") {
        return;
    }
    let Some(p) = call.positional(0) else { return };
    if let Some(pattern) = p.value.str_const() {
        // A JS string literal doubles its backslashes; the shape check does not care about escapes' letters.
        if crate::regex_shape::catastrophic(&pattern.replace("\\\\", "\\")) {
            out.emit(meta, p.span, MESSAGE);
        }
    } else if p.value.taint.reaches(Kind::REGEX) && p.value.taint.user {
        out.emit(
            meta,
            p.span,
            format!(
                "regular expression built from {}; escape it (`_.escapeRegExp`) or match literally",
                p.value.taint.describe()
            ),
        );
    }
}
