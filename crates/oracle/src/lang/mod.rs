//! One analyzer per language. Each walks the tree once, tracks taint through one function body at a time
//! and feeds [`crate::rule::CallSite`]s and nodes to the enabled rules.

pub(crate) mod c;
pub(crate) mod go;
pub(crate) mod java;
pub(crate) mod javascript;
pub(crate) mod python;
pub(crate) mod ruby;

use crate::language::Language;
use crate::registry::RuleSet;
use crate::rule::Emitter;
use crate::syntax::Prepared;
use tree_sitter::Tree;

pub(crate) fn analyze(language: Language, tree: &Tree, prep: &Prepared, rules: &RuleSet) -> Emitter {
    crate::syntax::use_grammar(language);
    match language {
        Language::Python => python::analyze(tree, prep, rules),
        Language::C | Language::Cpp => c::analyze(language, tree, prep, rules),
        Language::JavaScript => javascript::analyze(tree, prep, rules),
        Language::Go => go::analyze(tree, prep, rules),
        Language::Ruby => ruby::analyze(tree, prep, rules),
        Language::Java => java::analyze(tree, prep, rules),
    }
}
