use super::{arg, pkg_call};
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds `exec.Command` (and `CommandContext`) running a program chosen by untrusted input, or a shell
/// (`sh -c`, `bash -c`, `cmd /C`) given a script built from untrusted input.
///
/// ## Why is this bad?
/// Through a shell, a value such as `x; rm -rf ~` becomes a second command; as the program name, input
/// picks what runs.
///
/// ## Example
/// ```go
/// out, err := exec.Command("sh", "-c", "grep "+pattern+" /var/log/app.log").Output()
/// ```
///
/// Use instead:
/// ```go
/// out, err := exec.Command("grep", "--", pattern, "/var/log/app.log").Output()
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-command-injection",
    cwe: 78,
    severity: Severity::High,
    language: Language::Go,
    summary: "command or shell script built from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let shift = if pkg_call(call, "os/exec", &["Command"]) {
        0
    } else if pkg_call(call, "os/exec", &["CommandContext"]) {
        1
    } else {
        return;
    };
    let Some(prog) = arg(call, shift) else { return };
    let shell = prog.value.str_const().is_some_and(|p| {
        matches!(
            p.rsplit('/').next().unwrap_or(p),
            "sh" | "bash" | "zsh" | "dash" | "cmd" | "cmd.exe" | "powershell"
        )
    });
    let flag = arg(call, shift + 1)
        .and_then(|a| a.value.str_const())
        .is_some_and(|f| matches!(f, "-c" | "/c" | "/C" | "-Command"));
    let target = if shell && flag {
        arg(call, shift + 2)
    } else {
        Some(prog)
    };
    let Some(a) = target else { return };
    let v = &a.value;
    let bad = if shell && flag {
        v.taint.reaches_weak(Kind::SHELL) && (v.taint.built || v.taint.user)
    } else {
        v.taint.reaches(Kind::SHELL) && v.taint.user
    };
    if bad {
        out.emit(
            meta,
            a.span,
            format!(
                "command built from {}; run the program directly with each value as its own argument (no `sh -c`)",
                v.taint.describe()
            ),
        );
    }
}
