use crate::finding::Severity;
use crate::lang::c::{DEREF, MAYBE_NULL};
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds pointers returned by calls that fail with NULL (`malloc`, `calloc`, `realloc`, `strdup`,
/// `fopen`, `getenv`, `strchr`; lookup, copy and decode functions such as `find_entry`, `user_by_id`,
/// `image_clone`, `base64_decode`) that are dereferenced (`*p`, `p->f`, `p[i]`) or passed to a function
/// that dereferences them (`strlen`, `memcpy`, `fprintf`, ...) before any check of the pointer.
///
/// ## Why is this bad?
/// Allocation fails under memory pressure and lookups fail on unexpected input; the NULL dereference
/// crashes the process (a denial of service), and in kernels can be worse.
///
/// ## Example
/// ```c
/// char *copy = strdup(name);
/// copy[0] = toupper(copy[0]);
/// ```
///
/// Use instead:
/// ```c
/// char *copy = strdup(name);
/// if (copy == NULL)
///     return -ENOMEM;
/// copy[0] = toupper(copy[0]);
/// ```
///
/// ## References
/// - [CWE-476](https://cwe.mitre.org/data/definitions/476.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-null-dereference",
    cwe: 476,
    severity: Severity::Medium,
    language: Language::C,
    summary: "pointer that may be NULL used without a check",
};

/// Functions that dereference the pointer arguments at these positions.
fn dereferenced_args(name: &str) -> &'static [usize] {
    match name {
        "strlen" | "strcmp" | "strncmp" | "strcasecmp" | "strncasecmp" | "strcpy" | "strncpy" | "strcat"
        | "strncat" | "strstr" | "strchr" | "strrchr" | "strdup" | "atoi" | "atol" | "strtol" | "strtoul"
        | "memcpy" | "memmove" | "memcmp" | "memset" | "puts" | "sscanf" => &[0, 1],
        "fprintf" | "fputs" | "fputc" | "fgets" | "fclose" | "fread" | "fwrite" | "fseek" | "ftell" | "fflush"
        | "fscanf" | "fileno" | "rewind" | "feof" | "ferror" | "getc" | "fgetc" | "readdir" | "closedir" => &[0, 3],
        _ => &[],
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.callee == DEREF {
        if let Some(p) = call.positional(0) {
            if p.value.taint.kinds.contains(MAYBE_NULL) {
                out.emit(
                    meta,
                    call.span,
                    format!(
                        "`{}` may be NULL ({}) and is dereferenced without a check",
                        p.text,
                        p.value.taint.describe()
                    ),
                );
            }
        }
        return;
    }
    let name = super::base_name(&call.callee);
    for &i in dereferenced_args(name) {
        let Some(p) = call.positional(i) else { continue };
        if p.value.taint.kinds.contains(MAYBE_NULL) {
            out.emit(
                meta,
                p.span,
                format!(
                    "`{}` may be NULL ({}) and is passed to `{name}` without a check",
                    p.text,
                    p.value.taint.describe()
                ),
            );
            return;
        }
    }
}
