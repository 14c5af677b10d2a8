//! C and C++ rules. They react to the calls and pseudo-calls (`[]`, `[]=`, `*`) of the C analyzer
//! ([`crate::lang::c`]), whose argument values carry taint, the unchecked-size kind and pointer states.

use crate::rule::{CallRule, NodeRule, Shape, Value};
use crate::taint::Kind;

mod array_size_mismatch;
mod command_injection;
mod dangerous_function;
mod format_string;
mod narrow_multiplication;
mod null_dereference;
mod off_by_one_size_check;
mod out_of_bounds_read;
mod out_of_bounds_write;
mod path_traversal;
mod permissive_permissions;
mod size_overflow;
mod stream_overread;
mod unbounded_copy;
mod unchecked_copy_length;
mod unguarded_offset;
mod use_after_free;
mod xxe;

pub fn call_rules() -> Vec<CallRule> {
    vec![
        call!(unbounded_copy),
        call!(unchecked_copy_length),
        call!(out_of_bounds_read),
        call!(out_of_bounds_write),
        call!(stream_overread),
        call!(unguarded_offset),
        call!(off_by_one_size_check),
        call!(size_overflow),
        call!(null_dereference),
        call!(use_after_free),
        call!(format_string),
        call!(command_injection),
        call!(path_traversal),
        call!(dangerous_function),
        call!(permissive_permissions),
        call!(xxe),
    ]
}

pub fn node_rules() -> Vec<NodeRule> {
    vec![node!(narrow_multiplication), node!(array_size_mismatch)]
}

/// A length or index that may be attacker-influenced and was not compared with anything before use.
/// Constants (`sizeof`, literals, macro names) never are.
pub(crate) fn unchecked_size(v: &Value) -> bool {
    v.taint.reaches(Kind::SIZE) && !matches!(v.shape, Shape::Number | Shape::Str(_) | Shape::None)
}

/// The last name of a callee path (`memcpy` for `std.memcpy`).
pub(crate) fn base_name(callee: &str) -> &str {
    callee.rsplit(['.', ':']).next().unwrap_or(callee)
}

/// The value of a C integer literal: decimal, octal (`0755`) or hex (`0x1F`), with `u`/`l` suffixes.
pub(crate) fn integer_literal(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches(['u', 'U', 'l', 'L']);
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if t.len() > 1 && t.starts_with('0') {
        i64::from_str_radix(&t[1..], 8).ok()
    } else {
        t.parse().ok()
    }
}
