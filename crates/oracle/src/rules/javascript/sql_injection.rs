use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds SQL statements built from untrusted values (concatenation, template literals, `+=`) and passed to
/// a database driver: `query`, `execute`, `run`, `get`, `all`, `each`, `exec`, `prepare`, `raw`,
/// `whereRaw` (mysql, pg, sqlite3, knex, Sequelize).
///
/// ## Why is this bad?
/// A value such as `' OR '1'='1` changes the statement itself: attackers read or modify any table.
///
/// ## Example
/// ```javascript
/// db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
/// ```
///
/// Use instead:
/// ```javascript
/// db.query("SELECT * FROM users WHERE name = ?", [req.query.name]);
/// ```
///
/// ## References
/// - [CWE-89](https://cwe.mitre.org/data/definitions/89.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-sql-injection",
    cwe: 89,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "SQL statement built from untrusted input",
};

/// Driver methods that always take SQL text first.
const SINKS: &[&str] = &[
    "query",
    "execute",
    "raw",
    "whereRaw",
    "havingRaw",
    "orderByRaw",
    "unsafe",
    "queryRaw",
    "$queryRawUnsafe",
    "$executeRawUnsafe",
];
/// Methods that take SQL text when the text reads as SQL (sqlite3's `run/get/all/each/exec/prepare`).
const SQLITE: &[&str] = &[
    "run",
    "get",
    "all",
    "each",
    "exec",
    "prepare",
    "one",
    "many",
    "none",
    "any",
    "oneOrNone",
    "manyOrNone",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let sink = SINKS.contains(&name);
    if !sink && !SQLITE.contains(&name) {
        return;
    }
    let Some(q) = call.positional(0) else { return };
    let v = &q.value;
    if !v.taint.reaches_weak(Kind::SQL) || !(v.taint.built || v.taint.user) {
        return;
    }
    let sqlish = v.literal_text().is_some_and(super::looks_like_sql);
    // `query(sql)` with a bare parameter is a wrapper; building the text, or a request value, is the bug.
    if !sqlish && !(sink && v.taint.user) {
        return;
    }
    out.emit(
        meta,
        q.span,
        format!("SQL statement built from {}; pass values as query parameters (`query(sql, [values])` with `?`/`$1` placeholders)", v.taint.describe()),
    );
}
