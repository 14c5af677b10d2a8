use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;
use tree_sitter::Node;

/// ## What it does
/// Finds a product of two variables (`count * elem_size`) that sizes a copy or an allocation (`memcpy`,
/// `memset`, `malloc`, `calloc`, `mmap`, ...) with neither operand widened first by a cast
/// (`(size_t)count * elem_size`) and neither a constant or `sizeof`; and a product of two struct fields
/// stored whole into a variable or field (`dec->numtiles = dec->numhtiles * dec->numvtiles;`): fields
/// are what a parser read from a file header, and the product is a count or size used later.
///
/// ## Why is this bad?
/// C multiplies in the operands' type: two `int` or `uint32_t` values overflow at 2^31 or 2^32 before the
/// result is converted to `size_t`, so a large count yields a small size and the copy or the buffer is
/// wrong. Fixes widen one operand (`(size_t)a * b`, `(uint64_t)`) or check the operands.
///
/// ## Example
/// ```c
/// memcpy(dst, src + tail, count * elem_sz);
/// psf->frames = blk->blocks * blk->samples_per_block;
/// ```
///
/// Use instead:
/// ```c
/// memcpy(dst, src + tail, (size_t)count * elem_sz);
/// psf->frames = (sf_count_t)blk->blocks * blk->samples_per_block;
/// ```
///
/// ## References
/// - [CWE-190](https://cwe.mitre.org/data/definitions/190.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-narrow-multiplication",
    cwe: 190,
    severity: Severity::Medium,
    language: Language::C,
    summary: "size computed by multiplying two variables without widening",
};

pub const KINDS: &[&str] = &["binary_expression"];

/// The size argument(s) of copy and allocation calls.
fn sizes_at(name: &str, i: usize) -> bool {
    match name {
        "memcpy" | "memmove" | "memset" | "memcmp" | "copy_from_user" | "copy_to_user" | "read" | "write" => i == 2,
        "malloc" | "zmalloc" | "alloca" | "kmalloc" | "kzalloc" | "vmalloc" | "av_malloc" | "av_mallocz"
        | "emalloc" | "g_malloc" | "xmalloc" => i == 0,
        "calloc" | "mincore" => i <= 1,
        "realloc" | "zrealloc" | "krealloc" | "av_realloc" | "mmap" => i == 1,
        _ => false,
    }
}

/// A variable or field read: the operands whose width is unknown here. A parenthesized variable plus or
/// minus a constant (`(rows + 1)`) is one too: it has the variable's type.
fn is_variable(n: Node) -> bool {
    match n.k() {
        "identifier" | "field_expression" | "subscript_expression" | "pointer_expression" => true,
        "parenthesized_expression" => n.named_child(0).is_some_and(|e| {
            e.k() == "binary_expression"
                && matches!(
                    e.child_by_field_id(crate::lang::c::fid().operator).map(|o| o.k()),
                    Some("+" | "-")
                )
                && e.child_by_field_id(crate::lang::c::fid().left).is_some_and(is_variable)
                && e.child_by_field_id(crate::lang::c::fid().right)
                    .is_some_and(|r| r.k() == "number_literal")
        }),
        _ => false,
    }
}

fn is_constant_name(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    if n.child_by_field_id(crate::lang::c::fid().operator).map(|o| o.k()) != Some("*") {
        return;
    }
    let (Some(l), Some(r)) = (
        n.child_by_field_id(crate::lang::c::fid().left),
        n.child_by_field_id(crate::lang::c::fid().right),
    ) else {
        return;
    };
    if !(is_variable(l) && is_variable(r)) || is_constant_name(ctx.text(l)) || is_constant_name(ctx.text(r)) {
        return;
    }
    // The product must be (part of) a call's size argument; a parenthesis or a sum around it is fine, a
    // cast of the whole product is not a widening of the operands. Or the whole value stored by an
    // assignment, when both operands are struct fields.
    let fields = l.k() == "field_expression" && r.k() == "field_expression";
    let mut arg = n;
    let (mut whole, mut cast) = (true, false);
    while let Some(p) = arg.parent() {
        match p.k() {
            "parenthesized_expression" | "cast_expression" if fields && whole => {
                cast |= p.k() == "cast_expression";
                arg = p
            }
            "assignment_expression" | "init_declarator" if fields && whole => {
                let op = p.child_by_field_id(crate::lang::c::fid().operator).map(|o| o.k());
                if matches!(op, None | Some("="))
                    && p.child_by_field_id(crate::lang::c::fid().value)
                        .or_else(|| p.child_by_field_id(crate::lang::c::fid().right))
                        .is_some_and(|v| v.id() == arg.id())
                {
                    out.emit(
                        meta,
                        ctx.span(n),
                        format!(
                            "`{}` multiplies two fields in their own type before it is stored; widen one operand first (`(uint64_t){}`) or check the operands",
                            ctx.text(n),
                            ctx.text(l)
                        ),
                    );
                }
                return;
            }
            "parenthesized_expression" | "binary_expression" => {
                whole = false;
                arg = p
            }
            "argument_list" if !cast => {
                let mut c = p.walk();
                let Some(index) = p.named_children(&mut c).position(|x| x.id() == arg.id()) else {
                    return;
                };
                let Some(call) = p.parent().filter(|c| c.k() == "call_expression") else {
                    return;
                };
                let callee = call
                    .child_by_field_id(crate::lang::c::fid().function)
                    .map(|f| ctx.text(f))
                    .unwrap_or("");
                let name = callee.rsplit(['.', '>', ':']).next().unwrap_or(callee);
                if sizes_at(name, index) {
                    out.emit(
                        meta,
                        ctx.span(n),
                        format!(
                            "`{}` is multiplied in the operands' type before it sizes `{name}`; widen one operand first (`(size_t){}`) or check the operands",
                            ctx.text(n),
                            ctx.text(l)
                        ),
                    );
                }
                return;
            }
            _ => return,
        }
    }
}
