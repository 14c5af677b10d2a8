use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds files and folders made writable by everyone (`os.chmod(path, 0o777)`, modes with the
/// world-write bit, `os.open`/`os.makedirs`/`os.mkdir` with such a mode, `umask(0)`).
///
/// ## Why is this bad?
/// Any local user can replace or alter the file: a config, a script that runs later, a socket.
///
/// ## Example
/// ```python
/// os.chmod(path, 0o777)
/// ```
///
/// Use instead:
/// ```python
/// os.chmod(path, 0o600)
/// ```
///
/// ## References
/// - [CWE-732](https://cwe.mitre.org/data/definitions/732.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-permissive-permissions",
    cwe: 732,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "file permissions let every user write",
};

pub(crate) fn parse_mode(text: &str) -> Option<u32> {
    let t = text.trim().replace('_', "");
    if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        u32::from_str_radix(o, 8).ok()
    } else if let Some(h) = t.strip_prefix("0x") {
        u32::from_str_radix(h, 16).ok()
    } else if t.len() > 1 && t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) {
        u32::from_str_radix(&t[1..], 8).ok()
    } else if t.contains("S_IWOTH") || t.contains("S_IRWXO") {
        Some(0o002)
    } else {
        t.parse::<u32>().ok()
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let idx = if call.is("os.chmod") || call.is("os.fchmod") || call.is("os.lchmod") {
        1
    } else if call.is("os.makedirs") || call.is("os.mkdir") {
        1
    } else if call.is("os.open") {
        2
    } else if call.is("os.umask") {
        if call.positional(0).is_some_and(|a| parse_mode(&a.text) == Some(0)) {
            out.emit(
                meta,
                call.span,
                "`umask(0)` creates files writable by everyone; use `0o077` or `0o022`",
            );
        }
        return;
    } else {
        return;
    };
    let Some(a) = call.arg(idx, "mode") else { return };
    let Some(mode) = parse_mode(&a.text) else { return };
    if mode & 0o002 != 0 {
        out.emit(
            meta,
            a.span,
            format!("mode {mode:#o} lets every user write; drop the world-write bit (e.g. 0o644 or 0o600)"),
        );
    }
}
