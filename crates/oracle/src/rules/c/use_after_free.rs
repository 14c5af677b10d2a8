use crate::finding::Severity;
use crate::lang::c::{is_free, DEREF, FREED};
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds a pointer used after `free(p)`, `delete p`, a `*_free(p)` call or a destructor (`*_destroy(p)`,
/// `*_release(p)`, `*_unref(p)`, but not a lock's release) on the same path, with no reassignment of `p` in
/// between: dereferenced, passed to a function, or freed again. Code after a `return` that is reached
/// through a label (`error: destroy(p);`) does not count as following the earlier release.
///
/// ## Why is this bad?
/// The memory may already hold another object: reads leak it, writes corrupt it, and a double free
/// corrupts the allocator. Use-after-free is a common route to code execution.
///
/// ## Example
/// ```c
/// free(req->buf);
/// log_request(req->buf);
/// ```
///
/// Use instead:
/// ```c
/// log_request(req->buf);
/// free(req->buf);
/// req->buf = NULL;
/// ```
///
/// ## References
/// - [CWE-416](https://cwe.mitre.org/data/definitions/416.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-use-after-free",
    cwe: 416,
    severity: Severity::High,
    language: Language::C,
    summary: "pointer used after it was freed",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee == DEREF {
        if let Some(p) = call.positional(0) {
            if p.value.taint.kinds.contains(FREED) {
                out.emit(
                    meta,
                    call.span,
                    format!("`{}` is used after it was freed ({})", p.text, p.value.taint.describe()),
                );
            }
        }
        return;
    }
    let name = super::base_name(&call.callee);
    for a in &call.args {
        // A plain pointer argument; `&p` or `sizeof` do not read the freed memory.
        let plain = a
            .text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '>' | '.' | ' '));
        if plain && a.value.taint.kinds.contains(FREED) {
            let what = if is_free(name) {
                "freed twice"
            } else {
                "used after it was freed"
            };
            out.emit(
                meta,
                a.span,
                format!(
                    "`{}` is {what} ({}); set it to NULL after freeing or reorder",
                    a.text,
                    a.value.taint.describe()
                ),
            );
            return;
        }
    }
}
