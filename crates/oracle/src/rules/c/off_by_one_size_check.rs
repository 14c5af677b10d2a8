use crate::finding::Severity;
use crate::lang::c::SIZE_OFF_BY_ONE;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds `v[i]` after a check that rejects `i` only when it is greater than the container's size
/// (`if (i > v.size()) throw ...;`, `if (n < 0 || n > static_cast<int>(parts.size())) return;`).
///
/// ## Why is this bad?
/// The last element is `v[v.size() - 1]`: the check lets `i == v.size()` through, and that access is one
/// past the end. The fix is `>=`.
///
/// ## Example
/// ```cpp
/// if (part < 0 || part > static_cast<int>(parts.size()))
///     throw std::out_of_range("part");
/// Header &h = parts[part]->header;
/// ```
///
/// Use instead:
/// ```cpp
/// if (part < 0 || part >= static_cast<int>(parts.size()))
///     throw std::out_of_range("part");
/// Header &h = parts[part]->header;
/// ```
///
/// ## References
/// - [CWE-193](https://cwe.mitre.org/data/definitions/193.html)
/// - [CWE-125](https://cwe.mitre.org/data/definitions/125.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-off-by-one-size-check",
    cwe: 125,
    severity: Severity::High,
    language: Language::C,
    summary: "index checked with `> size()` instead of `>= size()`",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee != SIZE_OFF_BY_ONE {
        return;
    }
    let (Some(v), Some(i)) = (call.positional(0), call.positional(1)) else {
        return;
    };
    out.emit(
        meta,
        call.span,
        format!(
            "`{}[{}]` follows a check that lets `{}` equal `{}.size()`, one past the end; reject `{} >= {}.size()`",
            v.text, i.text, i.text, v.text, i.text, v.text
        ),
    );
}
