use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Arg, CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds command lines handed as one string to a helper that runs them over SSH or a device CLI:
/// paramiko's `exec_command`, and runners named like `_run_ssh`, `ssh_execute` or `_cli_run`. Commands
/// built from untrusted parts are `py-command-injection`'s; this rule reports the rest: constant command
/// lines and lines built from constants.
///
/// ## Why is this bad?
/// SSH has no argument vector: the remote login shell splits the string and interprets `;`, `|`, `$(...)`
/// and quotes in it. A runner that takes a string cannot quote what it is given, so the first caller that
/// puts a volume or host name into the command line opens an injection (OpenStack's storage drivers moved
/// every such call to argument lists for this reason). Like bandit's `B601`, it is reported even when the
/// string is constant, at low severity.
///
/// ## Example
/// ```python
/// out, err = self._run_ssh('svcinfo lsvdisk -delim ! ' + name)
/// ```
///
/// Use instead: pass an argument list and let the runner quote each element (`shlex.quote`) before joining.
/// ```python
/// out, err = self._run_ssh(['svcinfo', 'lsvdisk', '-delim', '!', name])
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-ssh-command-string",
    cwe: 78,
    severity: Severity::Low,
    language: Language::Python,
    summary: "command line passed as one string to an SSH or device-CLI runner",
};

/// Runs its argument on a remote shell: paramiko's method, or a helper whose name says SSH or CLI.
fn remote_runner(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let words: Vec<&str> = n.split('_').filter(|w| !w.is_empty()).collect();
    let verb = words
        .iter()
        .any(|w| matches!(*w, "run" | "exec" | "execute" | "cmd" | "command"));
    n == "exec_command" || (verb && words.iter().any(|w| matches!(*w, "ssh" | "cli")))
}

/// Sends its argument to the remote shell itself (paramiko's `exec_command`, a `_ssh_execute` helper), as
/// opposed to a wrapper that may still split, check or quote what it is given.
fn remote_executor(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "exec_command" || (n.contains("ssh") && n.contains("exec"))
}

/// A command line as a string: a constant with an argument after the program, or a string built from
/// parts whose constant text reads like a command line; for an executor, also a caller's value passed
/// through as is. Not reported: a pass-through to a wrapper (as often an argument list) and
/// `' '.join(args)` (a runner's own joining, after its check).
fn command_string(a: &Arg, executor: bool) -> bool {
    match &a.value.shape {
        Shape::Str(s) => s.split_whitespace().count() >= 2,
        Shape::Built(s) => super::command_injection::looks_like_command(s),
        Shape::Other => executor && !a.value.taint.built && a.value.taint.reaches(Kind::SHELL),
        _ => false,
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.store_target().is_some() || !remote_runner(call.name()) {
        return;
    }
    let executor = remote_executor(call.name());
    // The command is the first positional argument, or the second after the connection
    // (`_ssh_execute(ssh, command)`).
    let mut positional = call.args.iter().filter(|a| a.keyword.is_none()).take(2);
    let cmd = call
        .keyword("cmd")
        .or_else(|| call.keyword("command"))
        .or_else(|| positional.find(|a| command_string(a, executor)));
    let Some(cmd) = cmd.filter(|a| command_string(a, executor)) else {
        return;
    };
    let t = &cmd.value.taint;
    // Built from untrusted parts: `py-command-injection` reports it, at high severity.
    if t.built && cmd.value.is_built_string() && t.reaches_weak(Kind::SHELL) {
        return;
    }
    let what = if t.is_tainted() {
        format!("command line from {}", t.describe())
    } else {
        "command line".to_string()
    };
    out.emit(
        meta,
        cmd.span,
        format!("{what} passed as one string to `{}`, which a remote shell parses; pass an argument list and quote each element", call.name()),
    );
}
