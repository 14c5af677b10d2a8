use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds copies into a buffer with no size limit: `strcpy`, `strcat`, `stpcpy`, `wcscpy`, `wcscat` from a
/// non-literal source, and `sprintf`/`vsprintf` with a `%s` conversion without precision (or a format that
/// is not a literal).
///
/// ## Why is this bad?
/// The destination's size is never consulted: a long enough source writes past its end (stack or heap
/// overflow, often code execution).
///
/// ## Example
/// ```c
/// char buf[64];
/// strcpy(buf, name);
/// ```
///
/// Use instead:
/// ```c
/// snprintf(buf, sizeof buf, "%s", name);
/// ```
///
/// ## References
/// - [CWE-120](https://cwe.mitre.org/data/definitions/120.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-unbounded-copy",
    cwe: 120,
    severity: Severity::High,
    language: Language::C,
    summary: "buffer copy without a size limit",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    match name {
        "strcpy" | "strcat" | "stpcpy" | "wcscpy" | "wcscat" | "lstrcpy" | "lstrcat" | "_tcscpy" | "_mbscpy" => {
            let Some(src) = call.positional(1) else { return };
            // Copying a literal writes a known number of bytes.
            if src.value.str_const().is_some() {
                return;
            }
            out.emit(
                meta,
                call.span,
                format!("`{name}` does not know the destination's size; use `snprintf` or a length-checked copy"),
            );
        }
        "sprintf" | "vsprintf" | "swprintf" => {
            let Some(fmt) = call.positional(1) else { return };
            let unbounded = match fmt.value.str_const() {
                Some(f) => has_unbounded_string(f),
                None => true,
            };
            if unbounded {
                out.emit(
                    meta,
                    call.span,
                    format!(
                        "`{name}` with an unbounded `%s` can overflow the destination; use `snprintf` with its size"
                    ),
                );
            }
        }
        _ => {}
    }
}

/// True when a printf format has a `%s` with no precision (`%.20s` is bounded).
fn has_unbounded_string(fmt: &str) -> bool {
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let mut j = i + 1;
            let mut precision = false;
            while j < b.len() && b"-+ #0123456789.*lhzjt".contains(&b[j]) {
                if b[j] == b'.' {
                    precision = true;
                }
                j += 1;
            }
            if j < b.len() && b[j] == b'%' {
                i = j + 1;
                continue;
            }
            if j < b.len() && b[j] == b's' && !precision {
                return true;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    false
}
