use super::module_call;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds `Kernel#open` (`open(path)`, `Kernel.open`, `URI.open` excepted) and the `IO` class methods that
/// open by name (`IO.read`, `IO.readlines`, `IO.write`, `IO.binread`, `IO.foreach`, ...) given anything
/// but a constant string, as RuboCop's `Security/Open` and `Security/IoMethods` do.
///
/// ## Why is this bad?
/// These treat a name that starts with `|` as a command: `open("| rm -rf ~")` runs it in a shell. A file
/// name that reaches them from a caller or a request is a command injection waiting for its input.
///
/// ## Example
/// ```ruby
/// data = open(path) { |f| f.read }
/// ```
///
/// Use instead:
/// ```ruby
/// data = File.read(path)
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "rb-kernel-open",
    cwe: 78,
    severity: Severity::Medium,
    language: Language::Ruby,
    summary: "Kernel#open or IO.read on a non-constant name (a leading `|` runs a command)",
};

const IO_METHODS: &[&str] = &["read", "readlines", "write", "binread", "binwrite", "foreach", "open"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let kernel = call.callee == "open" || call.callee == "Kernel.open";
    let io = module_call(call, &["IO"], IO_METHODS);
    if !(kernel || io) {
        return;
    }
    let Some(name) = call.positional(0) else {
        return;
    };
    // A literal, or an interpolated string that starts with literal text (`"#{dir}/x"` does not), cannot
    // start with `|`.
    let fixed_start = match &name.value.shape {
        Shape::Str(s) => !s.trim_start().starts_with('|'),
        Shape::Built(s) => s.chars().next().is_some_and(|c| c != ' ' && c != '|'),
        _ => false,
    };
    if fixed_start {
        return;
    }
    out.emit(
        meta,
        name.span,
        format!(
            "`{}` runs a command when the name starts with `|`; use `File.{}` for files",
            call.callee,
            if io { call.name() } else { "open" }
        ),
    );
}
