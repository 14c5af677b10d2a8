//! Rules, one file per rule, grouped by language. Each file holds the rule's documentation (what it
//! finds, why it is dangerous, an example, what to use instead, references), its [`crate::rule::RuleMeta`]
//! and its check.

/// `call!(rule)`: the registry entry of a call rule module (its `META` and `check`).
macro_rules! call {
    ($m:ident) => {
        CallRule {
            meta: &$m::META,
            check: $m::check,
        }
    };
}

/// `node!(rule)`: the registry entry of a node rule module (its `META`, `KINDS` and `check_node`).
macro_rules! node {
    ($m:ident) => {
        NodeRule {
            meta: &$m::META,
            kinds: $m::KINDS,
            check: $m::check_node,
        }
    };
}

pub mod c;
pub mod go;
pub mod java;
pub mod javascript;
pub mod python;
pub mod ruby;
