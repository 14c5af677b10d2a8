use super::module_call;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds deserializers that can build arbitrary objects: `Marshal.load`/`restore`, `YAML.load` (and
/// `Psych.load`, `YAML.unsafe_load`, `load_documents`) without `permitted_classes:`, `JSON.load`/`restore`,
/// `JSON.parse` with `create_additions: true`, and `Oj.load` outside `mode: :strict`.
///
/// ## Why is this bad?
/// A crafted document instantiates any class the program can load and calls methods on it while it is
/// built: known gadget chains in Rails turn that into code execution. Before Psych 4 (Ruby 3.1),
/// `YAML.load` did this for any tag.
///
/// ## Example
/// ```ruby
/// config = YAML.load(File.read(path))
/// ```
///
/// Use instead:
/// ```ruby
/// config = YAML.safe_load(File.read(path), permitted_classes: [Symbol])
/// ```
///
/// ## References
/// - [CWE-502](https://cwe.mitre.org/data/definitions/502.html)
pub static META: RuleMeta = RuleMeta {
    id: "rb-unsafe-deserialization",
    cwe: 502,
    severity: Severity::High,
    language: Language::Ruby,
    summary: "deserialization that can instantiate arbitrary objects",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let unsafe_call = if module_call(call, &["Marshal"], &["load", "restore"])
        || module_call(call, &["YAML", "Psych"], &["unsafe_load", "unsafe_load_file"])
        || module_call(call, &["JSON"], &["load", "restore"])
    {
        true
    } else if module_call(call, &["YAML", "Psych"], &["load", "load_documents", "load_stream"]) {
        call.keyword("permitted_classes").is_none() && call.keyword("safe").is_none()
    } else if module_call(call, &["JSON"], &["parse", "parse!"]) {
        call.keyword("create_additions")
            .is_some_and(|a| matches!(a.value.shape, Shape::Bool(true)))
    } else if module_call(call, &["Oj"], &["load", "object_load"]) {
        call.name() == "object_load"
            || !call
                .keyword("mode")
                .is_some_and(|a| matches!(a.text.as_str(), ":strict" | ":null" | ":compat" | ":json" | ":rails"))
    } else {
        false
    };
    if unsafe_call {
        out.emit(
            meta,
            call.span,
            format!("`{}` can instantiate arbitrary objects from the data; use `YAML.safe_load`, `JSON.parse` or a strict mode", call.callee),
        );
    }
}
