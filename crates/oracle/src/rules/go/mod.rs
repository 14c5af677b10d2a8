//! Go rules.

use crate::rule::{CallRule, NodeRule};

pub fn call_rules() -> Vec<CallRule> {
    vec![]
}

pub fn node_rules() -> Vec<NodeRule> {
    vec![]
}
