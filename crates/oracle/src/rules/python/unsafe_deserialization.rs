use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds deserializers that can run code: `pickle`/`cPickle`/`dill`/`marshal`/`shelve` loads,
/// `jsonpickle.decode`, `yaml.load`/`load_all` without a safe loader, `yaml.unsafe_load`, a loader built on
/// `yaml.Loader`/`yaml.UnsafeLoader` (a subclass calling its `__init__`, or one constructed directly),
/// `torch.load` without `weights_only=True`.
///
/// ## Why is this bad?
/// A crafted pickle or YAML document executes arbitrary code when loaded.
///
/// ## Example
/// ```python
/// config = yaml.load(stream)
/// ```
///
/// Use instead:
/// ```python
/// config = yaml.safe_load(stream)
/// ```
///
/// ## References
/// - [CWE-502](https://cwe.mitre.org/data/definitions/502.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-unsafe-deserialization",
    cwe: 502,
    severity: Severity::High,
    language: Language::Python,
    summary: "deserialization that can execute code",
};

const ALWAYS: &[&str] = &[
    "pickle.load",
    "pickle.loads",
    "cPickle.load",
    "cPickle.loads",
    "_pickle.loads",
    "dill.load",
    "dill.loads",
    "marshal.load",
    "marshal.loads",
    "shelve.open",
    "jsonpickle.decode",
    "yaml.unsafe_load",
    "yaml.full_load",
    "pandas.read_pickle",
    "pd.read_pickle",
    "Unpickler",
    "pickle.Unpickler",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if ALWAYS.iter().any(|s| call.is(s)) {
        out.emit(
            meta,
            call.span,
            format!(
                "`{}` can execute code from the data it loads; use a data-only format (JSON) or a safe loader",
                call.callee
            ),
        );
        return;
    }
    if call.is("yaml.load") || call.is("yaml.load_all") {
        // Judge the loader argument itself (a multi-line call has it on another line).
        let safe = call.arg(1, "Loader").is_some_and(|a| {
            ["SafeLoader", "CSafeLoader", "BaseLoader"]
                .iter()
                .any(|s| a.text.contains(s))
        });
        if !safe {
            out.emit(meta, call.span, "`yaml.load` without `Loader=yaml.SafeLoader` can construct arbitrary Python objects; use `yaml.safe_load`");
        }
        return;
    }
    // A custom loader class that initialises itself as the full loader inherits its Python-object tags.
    if [
        "yaml.Loader",
        "yaml.UnsafeLoader",
        "yaml.Loader.__init__",
        "yaml.UnsafeLoader.__init__",
    ]
    .iter()
    .any(|s| call.callee == *s)
    {
        out.emit(
            meta,
            call.span,
            format!("`{}` builds a loader that constructs arbitrary Python objects from YAML tags; build on `yaml.SafeLoader`", call.callee),
        );
        return;
    }
    if call.is("torch.load") {
        let weights_only = call
            .keyword("weights_only")
            .is_some_and(|a| matches!(a.value.shape, crate::rule::Shape::Bool(true)));
        if !weights_only {
            out.emit(
                meta,
                call.span,
                "`torch.load` unpickles arbitrary objects; pass `weights_only=True`",
            );
        }
    }
}
