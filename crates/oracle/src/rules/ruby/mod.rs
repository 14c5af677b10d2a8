//! Ruby rules.

use crate::rule::{CallRule, CallSite, NodeRule};

mod code_injection;
mod command_injection;
mod kernel_open;
mod sql_injection;
mod unsafe_deserialization;
mod xss;

pub fn call_rules() -> Vec<CallRule> {
    vec![
        call!(command_injection),
        call!(kernel_open),
        call!(sql_injection),
        call!(unsafe_deserialization),
        call!(xss),
        call!(code_injection),
    ]
}

/// No Ruby rule reads syntax nodes directly yet; the analyzer runs only call rules.
pub fn node_rules() -> Vec<NodeRule> {
    Vec::new()
}

/// The callee is `module.method` for one of `modules` (`YAML.load`, `Psych.load`), as written.
pub(crate) fn module_call(call: &CallSite, modules: &[&str], methods: &[&str]) -> bool {
    let Some((module, method)) = call.callee.rsplit_once('.') else {
        return false;
    };
    modules.contains(&module) && methods.contains(&method)
}
