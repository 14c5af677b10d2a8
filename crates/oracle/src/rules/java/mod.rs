//! Java rules.

use crate::rule::{CallRule, NodeRule};

mod csrf_disabled;
mod path_traversal;
mod weak_key;
mod xss;
mod xxe;

pub fn call_rules() -> Vec<CallRule> {
    vec![call!(path_traversal), call!(csrf_disabled), call!(weak_key), call!(xss)]
}

pub fn node_rules() -> Vec<NodeRule> {
    vec![node!(xxe)]
}
