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

const SINKS: &[&str] = &["execute", "executemany", "executescript", "raw", "exec_driver_sql", "text", "extra"];
/// Helper names that run SQL when the text clearly is SQL.
const HELPERS: &[&str] = &["query", "exec", "run_query", "fetch", "fetchone", "fetchall", "select", "sql", "db_query", "execute_query", "do_query", "_execute", "runquery", "cursor_execute", "read_sql", "read_sql_query"];

pub(crate) fn looks_like_sql(text: &str) -> bool {
    let t = text.to_ascii_uppercase();
    (t.contains("SELECT ") && t.contains("FROM"))
        || t.contains("INSERT INTO")
        || (t.contains("UPDATE ") && t.contains(" SET "))
        || t.contains("DELETE FROM")
        || t.contains(" WHERE ")
        || t.contains("CREATE TABLE")
        || t.contains("DROP TABLE")
        || t.contains("ORDER BY")
        || t.contains("VALUES")
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let lower = name.to_ascii_lowercase();
    let is_sink = SINKS.contains(&name);
    let is_helper = HELPERS.contains(&lower.as_str()) || lower.contains("query") || lower.contains("sql");
    if !is_sink && !is_helper {
        return;
    }
    let Some(q) = call.arg(0, "sql").or_else(|| call.keyword("query")).or_else(|| call.keyword("statement")) else {
        return;
    };
    let v = &q.value;
    if !v.taint.reaches(Kind::SQL) {
        return;
    }
    let sqlish = v.literal_text().is_some_and(looks_like_sql);
    // A bare parameter passed through (`execute(sql)`) is a wrapper, not an injection; building the
    // statement from tainted parts, or a request value, is.
    let injected = (v.taint.built && (is_sink || sqlish)) || (v.taint.user && (is_sink || sqlish));
    if !injected || (!is_sink && !sqlish) {
        return;
    }
    // `text("... :name")` with bind parameters is fine; only flag `text` when built.
    if name == "text" && !v.taint.built {
        return;
    }
    out.emit(
        meta,
        q.span,
        format!(
            "SQL statement built from {}; pass values as query parameters (`execute(sql, params)`) instead of formatting them into the string",
            v.taint.describe()
        ),
    );
}
