use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds files and folders made writable by every user: `chmod`/`fchmod`/`mkdir`/`open`/`creat` with a
/// mode that has the world-write bit (`0666`, `0777`, `S_IWOTH`), `umask(0)`, and `open(..., O_CREAT)`
/// without a mode (the new file gets whatever happens to be on the stack).
///
/// ## Why is this bad?
/// Any local user can replace or alter the file: a config, a script that runs later, a socket.
///
/// ## Example
/// ```c
/// int fd = open(path, O_WRONLY | O_CREAT, 0666);
/// ```
///
/// Use instead:
/// ```c
/// int fd = open(path, O_WRONLY | O_CREAT, 0600);
/// ```
///
/// ## References
/// - [CWE-732](https://cwe.mitre.org/data/definitions/732.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-permissive-permissions",
    cwe: 732,
    severity: Severity::Medium,
    language: Language::C,
    summary: "file permissions let every user write",
};

/// The mode a C expression spells, for octal/hex/decimal literals and `S_I*` flags.
fn mode_of(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.contains("S_I") {
        let mut m = 0;
        for part in t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            m |= match part {
                "S_IWOTH" => 0o002,
                "S_IRWXO" => 0o007,
                "S_IWGRP" => 0o020,
                "S_IRWXU" => 0o700,
                _ => 0,
            };
        }
        return Some(m);
    }
    super::integer_literal(t).and_then(|m| u32::try_from(m).ok())
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let mode_pos = match name {
        "chmod" | "fchmod" | "mkdir" | "creat" | "mkfifo" => 1,
        "fchmodat" | "mkdirat" => 2,
        "open" | "open64" => 2,
        "openat" => 3,
        "umask" => {
            if call.positional(0).and_then(|a| mode_of(&a.text)) == Some(0) {
                out.emit(
                    meta,
                    call.span,
                    "`umask(0)` makes every file created afterwards world-writable; use `umask(077)` or `022`",
                );
            }
            return;
        }
        _ => return,
    };
    match call.positional(mode_pos) {
        Some(m) => {
            if mode_of(&m.text).is_some_and(|mode| mode & 0o002 != 0) {
                out.emit(
                    meta,
                    m.span,
                    format!(
                        "mode `{}` lets every user write the file; use `0600`/`0644`",
                        m.text.trim()
                    ),
                );
            }
        }
        None if name.starts_with("open") => {
            let flags = call.positional(mode_pos - 1).map(|f| f.text.as_str()).unwrap_or("");
            if flags.contains("O_CREAT") || flags.contains("O_TMPFILE") {
                out.emit(
                    meta,
                    call.span,
                    "`open` with `O_CREAT` but no mode creates the file with unpredictable permissions; pass `0600`",
                );
            }
        }
        None => {}
    }
}
