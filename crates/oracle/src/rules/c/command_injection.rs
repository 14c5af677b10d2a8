use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds `system`, `popen` and `exec*` calls whose command comes from a parameter or input, in particular
/// a command line assembled with `sprintf`/`strcat`/`+`.
///
/// ## Why is this bad?
/// `system()` runs `/bin/sh -c`: `;`, `|`, `$(...)` in the value run other commands.
///
/// ## Example
/// ```c
/// snprintf(cmd, sizeof cmd, "ping -c 1 %s", host);
/// system(cmd);
/// ```
///
/// Use instead:
/// ```c
/// execlp("ping", "ping", "-c", "1", host, (char *)NULL);   /* in a forked child, no shell */
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-command-injection",
    cwe: 78,
    severity: Severity::High,
    language: Language::C,
    summary: "shell command built from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let shell = matches!(
        name,
        "system" | "popen" | "_popen" | "wordexp" | "g_spawn_command_line_sync" | "g_spawn_command_line_async"
    );
    let exec = matches!(
        name,
        "execl" | "execlp" | "execle" | "execv" | "execvp" | "execvpe" | "execve"
    );
    if !shell && !exec {
        return;
    }
    let Some(cmd) = call.positional(0) else { return };
    let v = &cmd.value;
    if v.str_const().is_some() || !v.taint.reaches(Kind::SHELL) {
        return;
    }
    // exec* with a program chosen by the caller is only injection when the program (or `sh -c` line) is
    // built; a shell always parses its string.
    if shell || v.is_built_string() || call.args.iter().any(|a| a.value.literal_text() == Some("-c")) {
        out.emit(
            meta,
            cmd.span,
            format!(
                "`{name}` runs a command built from {}; run the program with an argument vector instead of a shell",
                v.taint.describe()
            ),
        );
    }
}
