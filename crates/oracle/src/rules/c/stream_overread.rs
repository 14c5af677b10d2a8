use crate::finding::Severity;
use crate::lang::c::STREAM_OVERREAD;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds reads from a stream object (`Stream_Read_UINT32(s, v)`, `Stream_Read(s, buf, n)`,
/// `Stream_Seek(s, n)`: a `Prefix_Read*`/`Prefix_Seek` API whose checks are
/// `Prefix_GetRemainingLength(s)` or `Prefix_CheckAndLogRequiredLength(tag, s, n)`) that take more bytes
/// than the function's last remaining-length check on that stream made available, or that come before
/// any such check.
///
/// ## Why is this bad?
/// These readers are macros that copy from the stream's cursor without a bounds check of their own: a
/// short packet makes them read past the end of the received buffer. Protocol parsers must check the
/// remaining length before each group of fixed-size reads, and real fixes add exactly that check.
///
/// ## Example
/// ```c
/// Stream_Read_UINT16(s, os_minor);
/// Stream_Read_UINT16(s, os_major);
/// ```
///
/// Use instead:
/// ```c
/// if (Stream_GetRemainingLength(s) < 4)
///     return FALSE;
/// Stream_Read_UINT16(s, os_minor);
/// Stream_Read_UINT16(s, os_major);
/// ```
///
/// ## References
/// - [CWE-125](https://cwe.mitre.org/data/definitions/125.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-stream-overread",
    cwe: 125,
    severity: Severity::High,
    language: Language::C,
    summary: "stream read without a remaining-length check covering it",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee != STREAM_OVERREAD {
        return;
    }
    let stream = call.positional(0).map(|a| a.text.as_str()).unwrap_or("the stream");
    out.emit(
        meta,
        call.span,
        format!("read from `{stream}` is not covered by a remaining-length check; check the remaining length first"),
    );
}
