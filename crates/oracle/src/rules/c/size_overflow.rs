use crate::finding::Severity;
use crate::lang::c::{INDEX_READ, INDEX_WRITE};
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds sizes computed by multiplication, a left shift, or the sum of two attacker-influenced values
/// (parameters, input) with no overflow check of the operands, when the result sizes an allocation
/// (`malloc`, `calloc`, `realloc`, `alloca`, `kmalloc`, ...), a copy length, or an index.
///
/// ## Why is this bad?
/// The product wraps around: `malloc(count * size)` allocates a few bytes, and the loop that fills
/// `count` elements writes far past them.
///
/// ## Example
/// ```c
/// struct item *items = malloc(count * sizeof(struct item));
/// ```
///
/// Use instead:
/// ```c
/// if (count > SIZE_MAX / sizeof(struct item))
///     return NULL;
/// struct item *items = malloc(count * sizeof(struct item));   /* or calloc(count, sizeof *items) */
/// ```
///
/// ## References
/// - [CWE-190](https://cwe.mitre.org/data/definitions/190.html)
/// - [CWE-131](https://cwe.mitre.org/data/definitions/131.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-size-overflow",
    cwe: 190,
    severity: Severity::High,
    language: Language::C,
    summary: "size arithmetic that can overflow feeds an allocation, copy or index",
};

/// Allocation calls and the positions of their size arguments.
fn size_args(name: &str) -> &'static [usize] {
    match name {
        "malloc"
        | "alloca"
        | "kmalloc"
        | "kzalloc"
        | "vmalloc"
        | "vzalloc"
        | "kvmalloc"
        | "kvzalloc"
        | "xmalloc"
        | "g_malloc"
        | "g_malloc0"
        | "g_try_malloc"
        | "av_malloc"
        | "av_mallocz"
        | "emalloc"
        | "xmlMalloc"
        | "AcquireMagickMemory"
        | "operator new"
        | "zalloc"
        | "xzalloc"
        | "PyMem_Malloc"
        | "OPENSSL_malloc" => &[0],
        "calloc"
        | "kcalloc"
        | "kmalloc_array"
        | "xcalloc"
        | "av_calloc"
        | "g_new"
        | "g_new0"
        | "AcquireQuantumMemory"
        | "xnmalloc"
        | "av_malloc_array" => &[0, 1],
        "realloc" | "krealloc" | "xrealloc" | "g_realloc" | "av_realloc" | "erealloc" | "xmlRealloc" => &[1],
        "reallocarray" | "ResizeQuantumMemory" | "av_realloc_array" => &[1, 2],
        "gdMalloc" | "gdCalloc" | "gdRealloc" | "safe_emalloc" => &[0, 1],
        _ => &[],
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let positions: &[usize] = if call.callee == INDEX_READ || call.callee == INDEX_WRITE {
        &[1]
    } else if let Some(i) = super::unchecked_copy_length::length_arg(name) {
        match i {
            2 => &[2],
            _ => &[1],
        }
    } else {
        size_args(name)
    };
    for &i in positions {
        let Some(a) = call.positional(i) else { continue };
        let v = &a.value;
        if v.taint.built && v.taint.reaches(Kind::SIZE) && !v.is_built_string() {
            out.emit(
                meta,
                a.span,
                format!(
                    "`{}` is computed from {} without an overflow check; compare the operands with the type's limit first",
                    a.text,
                    v.taint.describe()
                ),
            );
            return;
        }
    }
}
