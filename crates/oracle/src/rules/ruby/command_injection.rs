use super::module_call;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds shell commands built from non-constant values: backticks and `%x{}` with interpolation, and
/// `system`, `exec`, `spawn`, `IO.popen`, `Open3.capture2/capture3/popen3`, `PTY.spawn` given one command
/// *string* built by interpolation, `+` or `format`.
///
/// ## Why is this bad?
/// Given a single string, these run it through `/bin/sh`, which interprets `;`, `|`, `$(...)` and quotes
/// in the interpolated value: `host = "x; rm -rf ~"` runs a second command.
///
/// ## Example
/// ```ruby
/// `ping -c 1 #{params[:host]}`
/// ```
///
/// Use instead: pass the program and its arguments separately (no shell), or quote with `shellescape`.
/// ```ruby
/// out, status = Open3.capture2("ping", "-c", "1", params[:host])
/// ```
///
/// ## References
/// - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
pub static META: RuleMeta = RuleMeta {
    id: "rb-command-injection",
    cwe: 78,
    severity: Severity::High,
    language: Language::Ruby,
    summary: "shell command built from non-constant input",
};

/// Run a single string argument through the shell.
const KERNEL: &[&str] = &["system", "exec", "spawn", "`"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let runs_shell = (KERNEL.contains(&call.callee.as_str())
        || module_call(call, &["Kernel", "Process"], &["system", "exec", "spawn"])
        || module_call(call, &["IO"], &["popen"])
        || module_call(
            call,
            &["Open3"],
            &[
                "capture2",
                "capture2e",
                "capture3",
                "popen2",
                "popen2e",
                "popen3",
                "pipeline",
                "pipeline_r",
                "pipeline_w",
            ],
        )
        || module_call(call, &["PTY"], &["spawn"]))
        && call.callee != "`.system";
    if !runs_shell {
        return;
    }
    // An environment hash may come first: `system({"LANG" => "C"}, cmd)`.
    let mut positional = call.args.iter().filter(|a| a.keyword.is_none());
    let Some(mut cmd) = positional.next() else {
        return;
    };
    let mut rest = positional.count();
    if cmd.text.starts_with('{') {
        let Some(next) = call.args.iter().filter(|a| a.keyword.is_none()).nth(1) else {
            return;
        };
        cmd = next;
        rest -= 1;
    }
    // With more than one argument (or an argument list) no shell is involved.
    if rest > 0 || matches!(cmd.value.shape, Shape::Sequence(_)) {
        return;
    }
    let v = &cmd.value;
    let built = v.is_built_string() && v.taint.built && v.taint.reaches_weak(Kind::SHELL);
    let passed = v.taint.user && v.taint.reaches(Kind::SHELL);
    if built || passed {
        out.emit(
            meta,
            cmd.span,
            format!(
                "shell command built from {}; pass the program and its arguments separately, or quote with `shellescape`",
                v.taint.describe()
            ),
        );
    }
}
