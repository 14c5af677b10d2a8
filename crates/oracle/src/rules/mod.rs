//! Rules, one file per rule, grouped by language. Each file holds the rule's documentation (what it
//! finds, why it is dangerous, an example, what to use instead, references), its [`crate::rule::RuleMeta`]
//! and its check.

pub mod c;
pub mod go;
pub mod javascript;
pub mod python;
