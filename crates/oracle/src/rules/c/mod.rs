//! C and C++ rules. They react to the calls and pseudo-calls (`[]`, `[]=`, `*`) of the C analyzer
//! ([`crate::lang::c`]), whose argument values carry taint, the unchecked-size kind and pointer states.

use crate::rule::{CallRule, NodeRule, Shape, Value};
use crate::taint::Kind;

mod command_injection;
mod dangerous_function;
mod format_string;
mod narrow_multiplication;
mod null_dereference;
mod out_of_bounds_read;
mod out_of_bounds_write;
mod path_traversal;
mod permissive_permissions;
mod size_overflow;
mod unbounded_copy;
mod unchecked_copy_length;
mod use_after_free;
mod xxe;

pub fn call_rules() -> Vec<CallRule> {
    vec![
        call!(unbounded_copy),
        call!(unchecked_copy_length),
        call!(out_of_bounds_read),
        call!(out_of_bounds_write),
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
    vec![node!(narrow_multiplication)]
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
