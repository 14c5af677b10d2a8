use crate::finding::Severity;
use crate::lang::c::INDEX_WRITE;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds array writes `a[i] = ...` (and `a[i]++`) whose index comes from a parameter or from input and was
/// not compared with anything before the write.
///
/// ## Why is this bad?
/// A write past the end of an array corrupts neighbouring memory: return addresses, heap metadata,
/// function pointers.
///
/// ## Example
/// ```c
/// void set(int idx, int v) {
///     table[idx] = v;
/// }
/// ```
///
/// Use instead:
/// ```c
/// void set(int idx, int v) {
///     if (idx < 0 || idx >= TABLE_LEN)
///         return;
///     table[idx] = v;
/// }
/// ```
///
/// ## References
/// - [CWE-787](https://cwe.mitre.org/data/definitions/787.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-out-of-bounds-write",
    cwe: 787,
    severity: Severity::High,
    language: Language::C,
    summary: "array write with an index not bounds-checked",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee != INDEX_WRITE {
        return;
    }
    let Some(index) = call.positional(1) else { return };
    if super::unchecked_size(&index.value) {
        out.emit(
            meta,
            call.span,
            format!(
                "index `{}` comes from {} and is not bounds-checked before the write",
                index.text,
                index.value.taint.describe()
            ),
        );
    }
}
