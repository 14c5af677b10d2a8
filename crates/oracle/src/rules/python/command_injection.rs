use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds shell commands built from untrusted values: `os.system`, `os.popen`, `subprocess.*` with
/// `shell=True`, `commands.getoutput`, and command-runner helpers (`run_ssh`, `_cli_run`, `execute`) given a
/// command *string* assembled by formatting or concatenation.
///
/// ## Why is this bad?
/// The shell interprets `;`, `|`, `$(...)` and quotes in the value: `host = "x; rm -rf ~"` runs a second
/// command.
///
/// ## Example
/// ```python
/// subprocess.check_output(f"ping -c 1 {host}", shell=True)
/// ```
///
/// Use instead:
/// ```python
/// subprocess.check_output(["ping", "-c", "1", host])
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-command-injection",
    cwe: 78,
    severity: Severity::High,
    language: Language::Python,
    summary: "shell command built from untrusted input",
};

/// Always run their argument through a shell.
const SHELL_SINKS: &[&str] = &[
    "os.system",
    "os.popen",
    "os.popen2",
    "os.popen3",
    "os.popen4",
    "commands.getoutput",
    "commands.getstatusoutput",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "popen2.popen2",
    "popen2.popen3",
    "os.execl",
    "pty.spawn",
];
/// Run a shell when given `shell=True`.
const SUBPROCESS: &[&str] = &[
    "subprocess.call",
    "subprocess.run",
    "subprocess.Popen",
    "subprocess.check_output",
    "subprocess.check_call",
    "call",
    "run",
    "Popen",
    "check_output",
    "check_call",
];

fn shell_true(call: &CallSite) -> bool {
    call.keyword("shell")
        .is_some_and(|a| !matches!(a.value.shape, Shape::Bool(false) | Shape::None))
}

/// Programs commonly run through a shell in the code we see.
const PROGRAMS: &[&str] = &[
    "ping",
    "rm",
    "tar",
    "git",
    "ssh",
    "scp",
    "rsync",
    "ls",
    "cat",
    "cp",
    "mv",
    "chmod",
    "chown",
    "kill",
    "curl",
    "wget",
    "zip",
    "unzip",
    "mkdir",
    "echo",
    "sudo",
    "sh",
    "bash",
    "python",
    "java",
    "javac",
    "notify-send",
    "adb",
    "svn",
    "hg",
    "ffmpeg",
    "convert",
    "nslookup",
    "dig",
    "host",
    "whois",
    "traceroute",
    "useradd",
    "userdel",
    "passwd",
    "mount",
    "umount",
    "dd",
    "find",
    "grep",
    "sed",
    "awk",
    "gzip",
    "gunzip",
    "docker",
    "kubectl",
    "systemctl",
    "service",
    "iptables",
    "openssl",
    "gpg",
    "lpr",
    "mail",
    "sendmail",
    "nmap",
    "nc",
    "touch",
    "ln",
    "du",
    "df",
    "make",
    "gcc",
    "npm",
    "pip",
    "apt-get",
    "yum",
    "virsh",
    "qemu-img",
    "svcinfo",
    "svctask",
    "rclone",
    "salt-call",
];

/// True when a string's literal parts read like a command line: a known program first, or option flags.
pub(crate) fn looks_like_command(text: &str) -> bool {
    let t = text.trim_start();
    let first = t.split_whitespace().next().unwrap_or("");
    let first = first.rsplit('/').next().unwrap_or(first);
    if PROGRAMS.contains(&first) && t.contains(' ') {
        return true;
    }
    // ` -x ` or ` --long` options after a word, as in `svcinfo lsfabric -host %s`.
    t.split_whitespace().skip(1).any(|w| {
        (w.len() >= 2 && w.starts_with('-') && w[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            && !w.contains('>')
    }) && !t.contains('<')
        && !t.contains('\n')
        && t.split_whitespace().count() >= 2
}

/// A command line assembled from parts at least one of which is not constant (and not SQL).
fn built_command(a: &crate::rule::Arg) -> bool {
    let v = &a.value;
    v.taint.reaches_weak(Kind::SHELL)
        && v.taint.built
        && v.is_built_string()
        && !v.literal_text().is_some_and(super::sql_injection::looks_like_sql)
}

fn runner_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    // `_exec_adb_cmd`, `run_git_command`: a verb that runs and a word for a command line.
    let words: Vec<&str> = n.split('_').collect();
    if words.iter().any(|w| matches!(*w, "exec" | "execute" | "run"))
        && words.iter().any(|w| matches!(*w, "cmd" | "command" | "shell"))
    {
        return true;
    }
    [
        "ssh",
        "cli_run",
        "run_cmd",
        "run_command",
        "runcmd",
        "exec_cmd",
        "execute_cmd",
        "cmd.run",
        "shell",
        "system",
        "spawn",
        "popen",
        "_execute",
        "run_ssh",
        "execute_command",
        "exec_command",
        "remote_exec",
        "sudo",
    ]
    .iter()
    .any(|w| n.contains(w))
        || n == "run"
        || n == "execute"
        || n == "call"
        || n == "exec"
}

/// An exception class (`RuntimeError(f"tar failed: {err}")`): its message names a command, it runs none.
fn is_exception(name: &str) -> bool {
    ["Error", "Exception", "Warning"].iter().any(|w| name.ends_with(w))
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.store_target().is_some() || call.callee == "return" {
        return;
    }
    let first = call
        .arg(0, "args")
        .or_else(|| call.keyword("cmd"))
        .or_else(|| call.keyword("command"));
    // A runner helper may take the command line after other arguments (`_exec_adb_cmd(name, arg_str)`).
    let later = || {
        let mut positional = call.args.iter().filter(|a| a.keyword.is_none()).skip(1);
        positional
            .find(|a| built_command(a))
            .filter(|_| runner_name(call.name()) && !matches!(call.callee.as_str(), "exec" | "eval" | "compile"))
    };
    let Some(cmd) = first.filter(|a| built_command(a)).or_else(later).or(first) else {
        return;
    };
    let v = &cmd.value;
    if !v.taint.reaches_weak(Kind::SHELL) {
        return;
    }
    // A shell command string built from any non-constant part (weak taint included: object fields,
    // names defined elsewhere) is the bug; a value merely passed through needs a real source.
    let dangerous = v.taint.reaches(Kind::SHELL) || (v.taint.built && v.is_built_string());
    if !dangerous {
        return;
    }
    let is_list = matches!(v.shape, Shape::Sequence(_));
    let flagged = if SHELL_SINKS.iter().any(|s| call.is(s)) {
        true
    } else if SUBPROCESS.iter().any(|s| call.is(s)) && call.callee.contains("subprocess")
        || call.callee.starts_with("Popen")
    {
        shell_true(call) && !is_list
    } else if SUBPROCESS.iter().any(|s| call.is(s)) && shell_true(call) {
        !is_list
    } else if looks_like_command(v.literal_text().unwrap_or(""))
        && v.is_built_string()
        && v.taint.built
        && !super::sql_injection::NOT_RUN.contains(&call.name())
        && !call.name().starts_with("_(")
        && !is_exception(call.name())
    {
        // A command line (a known program, or `-flag` options) assembled from non-constant parts and
        // handed to any call that is not just display or logging.
        !call.callee.contains("log")
            && !call.callee.contains("print")
            && !matches!(call.callee.as_str(), "exec" | "eval")
    } else {
        // A helper that runs a command line: flag a command string assembled from tainted parts.
        // Bare `exec`/`eval`/`compile` are Python's code builtins, not command runners.
        let builtin = matches!(call.callee.as_str(), "exec" | "eval" | "compile" | "execfile");
        !builtin
            && runner_name(call.name())
            && v.taint.built
            && v.is_built_string()
            && !v.literal_text().is_some_and(super::sql_injection::looks_like_sql)
    };
    if flagged {
        out.emit(
            meta,
            cmd.span,
            format!(
                "shell command built from {}; pass an argument list without `shell=True` (or quote with `shlex.quote`)",
                v.taint.describe()
            ),
        );
    }
}
