//! The one list of rules, and [`RuleSet`]: the rules enabled for one language, indexed for dispatch.
//!
//! Rule ids are stable: a rule may be removed, never renamed or reused.

use crate::language::Language;
use crate::rule::{CallRule, CallSite, Emitter, NodeCtx, NodeRule, RuleMeta};
use crate::rules;
use crate::syntax::{Kind as _, Prepared};
use std::collections::{HashMap, HashSet};

/// Every call rule, all languages.
pub fn call_rules() -> Vec<CallRule> {
    let mut v = Vec::new();
    v.extend(rules::python::call_rules());
    v.extend(rules::c::call_rules());
    v.extend(rules::javascript::call_rules());
    v.extend(rules::go::call_rules());
    v.extend(rules::ruby::call_rules());
    v.extend(rules::java::call_rules());
    v
}

/// Every node rule, all languages.
pub fn node_rules() -> Vec<NodeRule> {
    let mut v = Vec::new();
    v.extend(rules::python::node_rules());
    v.extend(rules::c::node_rules());
    v.extend(rules::javascript::node_rules());
    v.extend(rules::go::node_rules());
    v.extend(rules::ruby::node_rules());
    v.extend(rules::java::node_rules());
    v
}

/// Metadata of every rule, sorted by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = call_rules().iter().map(|r| r.meta).collect();
    v.extend(node_rules().iter().map(|r| r.meta));
    v.sort_by_key(|m| m.id);
    v.dedup_by_key(|m| m.id);
    v
}

/// The rules enabled for one language, with node rules indexed by node kind so the walk only calls the
/// rules interested in each node.
pub struct RuleSet {
    calls: Vec<CallRule>,
    nodes: HashMap<&'static str, Vec<NodeRule>>,
}

impl RuleSet {
    /// `cwes`: keep only rules for these CWE numbers (`None`: all).
    pub fn new(language: Language, cwes: Option<&HashSet<u16>>) -> RuleSet {
        // C++ is checked with the C rules too: the grammars share the node kinds those rules use.
        let for_language = |l: Language| l == language || (language == Language::Cpp && l == Language::C);
        let keep = |m: &RuleMeta| for_language(m.language) && cwes.is_none_or(|c| c.contains(&m.cwe));
        let calls = call_rules().into_iter().filter(|r| keep(r.meta)).collect();
        let mut nodes: HashMap<&'static str, Vec<NodeRule>> = HashMap::new();
        for r in node_rules().into_iter().filter(|r| keep(r.meta)) {
            for k in r.kinds {
                nodes.entry(*k).or_default().push(NodeRule {
                    meta: r.meta,
                    kinds: r.kinds,
                    check: r.check,
                });
            }
        }
        RuleSet { calls, nodes }
    }

    pub fn call_rules(&self) -> &[CallRule] {
        &self.calls
    }

    pub fn node_rules(&self, kind: &str) -> &[NodeRule] {
        self.nodes.get(kind).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Hands one call to every call rule.
    pub fn run_call_rules(&self, site: &CallSite, out: &mut Emitter) {
        for r in &self.calls {
            (r.check)(r.meta, site, out);
        }
    }

    /// Hands one syntax node to the node rules registered for its kind; `function` is the enclosing
    /// function's name (empty at file level).
    pub(crate) fn run_node_rules(
        &self,
        node: tree_sitter::Node,
        src: &str,
        prep: &Prepared,
        function: &str,
        out: &mut Emitter,
    ) {
        let rules = self.node_rules(node.k());
        if rules.is_empty() {
            return;
        }
        let ctx = NodeCtx {
            node,
            src,
            prep,
            function,
        };
        for r in rules {
            (r.check)(r.meta, &ctx, out);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty() && self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_prefixed_by_language() {
        let mut seen = HashSet::new();
        for r in call_rules()
            .iter()
            .map(|r| r.meta)
            .chain(node_rules().iter().map(|r| r.meta))
        {
            let prefix = match r.language {
                Language::Python => "py-",
                Language::C => "c-",
                Language::Cpp => "cpp-",
                Language::JavaScript => "js-",
                Language::Go => "go-",
                Language::Ruby => "rb-",
                Language::Java => "java-",
            };
            assert!(r.id.starts_with(prefix), "{} should start with {prefix}", r.id);
            // The same meta may serve a call and a node check; ids must not collide across metas.
            seen.insert((r.id, r.cwe));
        }
        let ids: HashSet<_> = seen.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), seen.len(), "an id is used with two different CWEs");
    }
}
