use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds SQL statements built from untrusted values (string formatting, concatenation, f-strings) and
/// passed to `execute`, `executemany`, `executescript`, `raw` or a query helper.
///
/// ## Why is this bad?
/// A value such as `' OR '1'='1` changes the statement itself: attackers read or modify any table.
///
/// ## Example
/// ```python
/// cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
/// ```
///
/// Use instead:
/// ```python
/// cursor.execute("SELECT * FROM users WHERE name = ?", (name,))
/// ```
///
/// ## References
/// - [CWE-89](https://cwe.mitre.org/data/definitions/89.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-sql-injection",
    cwe: 89,
    severity: Severity::High,
    language: Language::Python,
    summary: "SQL statement built from untrusted input",
};

const SINKS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "raw",
    "exec_driver_sql",
    "text",
    "extra",
];

/// Calls that only display or store text: SQL built for them is not run.
pub(crate) const NOT_RUN: &[&str] = &[
    "print",
    "format",
    "append",
    "extend",
    "join",
    "write",
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "log",
    "echo",
    "replace",
    "encode",
    "str",
    "repr",
    "len",
    "split",
    "strip",
];

pub(crate) fn looks_like_sql(text: &str) -> bool {
    let t = text.to_ascii_uppercase();
    (t.contains("SELECT ") && t.contains("FROM"))
        || t.contains("INSERT INTO")
        || (t.contains("UPDATE ") && t.contains(" SET "))
        || t.contains("DELETE FROM")
        || (t.contains(" WHERE ") && (t.contains('=') || t.contains(" LIKE ")))
        || t.contains("CREATE TABLE")
        || t.contains("DROP TABLE")
        || (t.contains("VALUES") && t.contains('('))
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.store_target().is_some() || call.callee == "return" {
        return;
    }
    let name = call.name();
    if NOT_RUN.contains(&name) {
        return;
    }
    let is_sink = SINKS.contains(&name);
    for (i, a) in call.args.iter().enumerate() {
        let v = &a.value;
        let first =
            i == 0 && a.keyword.is_none() || matches!(a.keyword.as_deref(), Some("sql" | "query" | "statement"));
        let sqlish = v.literal_text().is_some_and(looks_like_sql);
        // A statement assembled from non-constant parts, passed to anything that runs it. Weakly suspect
        // parts (object fields, undefined names) count: building SQL from any variable is the bug.
        let built_sql = sqlish && v.taint.built && v.taint.reaches_weak(Kind::SQL);
        // A request value or a built string handed straight to a known SQL sink.
        let sink_arg = is_sink && first && v.taint.reaches(Kind::SQL) && (v.taint.built || v.taint.user);
        if !(built_sql || sink_arg) {
            continue;
        }
        // `text("... :name")` with bind parameters is fine; only flag `text` when built.
        if name == "text" && !v.taint.built {
            continue;
        }
        out.emit(
            meta,
            a.span,
            format!(
                "SQL statement built from {}; pass values as query parameters (`execute(sql, params)`) instead of formatting them into the string",
                v.taint.describe()
            ),
        );
        return;
    }
}
