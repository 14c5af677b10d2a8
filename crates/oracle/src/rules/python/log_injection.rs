use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds log calls (`logging.*`, `logger.*`, `log.*`, `app.logger.*`) that write request data without
/// removing line breaks.
///
/// ## Why is this bad?
/// A value with `\n` forges log lines (`"bob\nINFO admin logged in"`), misleading audits and log parsers.
///
/// ## Example
/// ```python
/// logger.info("login failed for %s" % request.form["user"])
/// ```
///
/// Use instead:
/// ```python
/// user = request.form["user"].replace("\n", "").replace("\r", "")
/// logger.info("login failed for %s", user)
/// ```
///
/// ## References
/// - [CWE-117](https://cwe.mitre.org/data/definitions/117.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-log-injection",
    cwe: 117,
    severity: Severity::Low,
    language: Language::Python,
    summary: "request data written to a log without removing line breaks",
};

const LEVELS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "critical",
    "exception",
    "log",
    "fatal",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !LEVELS.contains(&call.name()) {
        return;
    }
    let recv = call
        .callee
        .rsplit_once('.')
        .map(|(r, _)| r.to_ascii_lowercase())
        .unwrap_or_default();
    if !(recv.contains("log") || recv == "logging") {
        return;
    }
    for a in call.args.iter().filter(|a| a.keyword.is_none()) {
        let t = &a.value.taint;
        if t.reaches(Kind::LOG) && t.user {
            out.emit(
                meta,
                a.span,
                format!(
                    "{} is logged as is; strip `\\r` and `\\n` (or log it with `%r`) so it cannot forge log lines",
                    t.describe()
                ),
            );
            return;
        }
    }
}
