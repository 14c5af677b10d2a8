use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds temporary files created by name: `tempfile.mktemp`, `os.tempnam`, `os.tmpnam`, and files opened
/// for writing at fixed paths under `/tmp`.
///
/// ## Why is this bad?
/// Between choosing the name and opening it, another user can create that file or a symlink there and
/// make the program write where they want.
///
/// ## Example
/// ```python
/// path = tempfile.mktemp()
/// with open(path, "w") as f: ...
/// ```
///
/// Use instead:
/// ```python
/// with tempfile.NamedTemporaryFile("w", delete=False) as f: ...
/// ```
///
/// ## References
/// - [CWE-377](https://cwe.mitre.org/data/definitions/377.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-insecure-temp-file",
    cwe: 377,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "temporary file created by a predictable name",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.is("tempfile.mktemp") || call.is("os.tempnam") || call.is("os.tmpnam") || call.callee == "mktemp" {
        out.emit(meta, call.span, format!("`{}` returns a name that another process can claim first; use `tempfile.mkstemp` or `NamedTemporaryFile`", call.callee));
        return;
    }
    if call.callee == "open" || call.is("io.open") || call.is("codecs.open") {
        let Some(path) = call.positional(0) else { return };
        let under_tmp = path
            .value
            .literal_text()
            .is_some_and(|p| p.starts_with("/tmp/") || p.starts_with("/var/tmp/"));
        let writes = call
            .arg(1, "mode")
            .and_then(|m| m.value.str_const())
            .is_some_and(|m| m.contains('w') || m.contains('a'));
        if under_tmp && writes {
            out.emit(meta, path.span, "file written at a fixed path under /tmp can be pre-created or symlinked by another user; use `tempfile.mkstemp` or `NamedTemporaryFile`");
        }
    }
}
