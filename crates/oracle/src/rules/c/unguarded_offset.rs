use crate::finding::Severity;
use crate::lang::c::UNGUARDED_OFFSET;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds a buffer parameter read at a constant offset (`buf[1]`, `data[3]`) or advanced past a constant
/// number of bytes (`line += 3;`) when the length parameter that follows it in the signature
/// (`const u8 *buf, int len`) has not been compared with anything yet.
///
/// ## Why is this bad?
/// The caller says how many bytes `buf` holds; reading `buf[3]` without first checking `len >= 4` reads
/// past the end of a short input. Decoders and protocol parsers called with attacker-sized buffers are
/// fixed by adding exactly that check (`if (len < 2) return NULL;`).
///
/// ## Example
/// ```c
/// static int decode(const u8 *buf, int len) {
///     return (buf[1] << 8) | buf[0];
/// }
/// ```
///
/// Use instead:
/// ```c
/// static int decode(const u8 *buf, int len) {
///     if (len < 2)
///         return -1;
///     return (buf[1] << 8) | buf[0];
/// }
/// ```
///
/// ## References
/// - [CWE-125](https://cwe.mitre.org/data/definitions/125.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-unguarded-offset",
    cwe: 125,
    severity: Severity::Medium,
    language: Language::C,
    summary: "buffer parameter read at a fixed offset before its length is checked",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee != UNGUARDED_OFFSET {
        return;
    }
    let (Some(buf), Some(at), Some(len)) = (call.positional(0), call.positional(1), call.positional(2)) else {
        return;
    };
    out.emit(
        meta,
        call.span,
        format!(
            "`{}` is read at offset {} before `{}` is checked; return early when `{}` is not above {}",
            buf.text, at.text, len.text, len.text, at.text
        ),
    );
}
