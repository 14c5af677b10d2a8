use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds `memcpy`, `memmove`, `memset`, `strncpy`, `strncat`, `copy_from_user`, `read`, `recv`, ... whose
/// length comes from a parameter or from input and was not compared with anything (an `if`/`while`
/// condition, `assert`, `min()`) before the copy.
///
/// ## Why is this bad?
/// The length decides how many bytes are written: a length larger than the destination overflows it. Real
/// fixes add exactly the missing comparison (`if (len > sizeof(buf)) return -EINVAL;`).
///
/// ## Example
/// ```c
/// void set_name(struct obj *o, const char *src, size_t len) {
///     memcpy(o->name, src, len);
/// }
/// ```
///
/// Use instead:
/// ```c
/// void set_name(struct obj *o, const char *src, size_t len) {
///     if (len > sizeof(o->name))
///         return;
///     memcpy(o->name, src, len);
/// }
/// ```
///
/// ## References
/// - [CWE-787](https://cwe.mitre.org/data/definitions/787.html)
/// - [CWE-119](https://cwe.mitre.org/data/definitions/119.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-unchecked-copy-length",
    cwe: 787,
    severity: Severity::High,
    language: Language::C,
    summary: "copy length not bounds-checked before the copy",
};

/// Copy-like calls and the position of their length argument.
pub(crate) fn length_arg(name: &str) -> Option<usize> {
    Some(match name {
        "memcpy" | "memmove" | "memset" | "strncpy" | "strncat" | "bcopy" | "wmemcpy" | "wmemmove"
        | "copy_from_user" | "__copy_from_user" | "copy_to_user" | "CopyMagickMemory" | "read" | "recv" | "pread"
        | "skb_copy_bits" | "memcpy_fromio" | "memcpy_toio" | "strlcpy" | "g_strlcpy" | "av_memcpy"
        | "RtlCopyMemory" => 2,
        "fgets" => 1,
        _ => return None,
    })
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let Some(i) = length_arg(name) else { return };
    let Some(len) = call.positional(i) else { return };
    if !super::unchecked_size(&len.value) {
        return;
    }
    out.emit(
        meta,
        len.span,
        format!(
            "length `{}` of `{name}` comes from {} and is not checked against the buffer size first",
            len.text,
            len.value.taint.describe()
        ),
    );
}
