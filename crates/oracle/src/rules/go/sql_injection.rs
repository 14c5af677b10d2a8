use super::arg;
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds SQL statements built from untrusted values (`+`, `fmt.Sprintf`, `strings.Join`) and passed to
/// `database/sql` (`Query`, `QueryRow`, `Exec`, `Prepare` and their `Context` forms), sqlx (`Select`,
/// `Get`, `Queryx`) or gorm (`Raw`, `Where`, `Order`, `Exec`).
///
/// ## Why is this bad?
/// A value such as `1 OR 1=1` or `x'; DROP TABLE users; --` changes the statement itself.
///
/// ## Example
/// ```go
/// rows, err := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
/// ```
///
/// Use instead:
/// ```go
/// rows, err := db.Query("SELECT * FROM users WHERE name = ?", name)
/// ```
///
/// ## References
/// - [CWE-89](https://cwe.mitre.org/data/definitions/89.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-sql-injection",
    cwe: 89,
    severity: Severity::High,
    language: Language::Go,
    summary: "SQL statement built from untrusted input",
};

const SINKS: &[&str] = &[
    "Query",
    "QueryRow",
    "Exec",
    "Prepare",
    "Queryx",
    "QueryRowx",
    "MustExec",
    "Select",
    "Get",
    "Raw",
    "NamedExec",
    "NamedQuery",
];
const CONTEXT_SINKS: &[&str] = &[
    "QueryContext",
    "QueryRowContext",
    "ExecContext",
    "PrepareContext",
    "SelectContext",
    "GetContext",
    "QueryxContext",
];
/// gorm methods that take an SQL fragment.
const FRAGMENTS: &[&str] = &["Where", "Or", "Not", "Order", "Having", "Group", "Joins"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    let i = if SINKS.contains(&name) || FRAGMENTS.contains(&name) {
        // sqlx's `Select(&dest, query, ...)` and `Get(&dest, query, ...)` take the statement second.
        if matches!(name, "Select" | "Get") {
            1
        } else {
            0
        }
    } else if CONTEXT_SINKS.contains(&name) {
        if matches!(name, "SelectContext" | "GetContext") {
            2
        } else {
            1
        }
    } else if (name.starts_with("Query") || name.starts_with("Exec")) && call.callee.contains('.') {
        // A project's own query helper (`store.QueryRows(sql, args...)`): counted when the text is SQL.
        0
    } else {
        return;
    };
    if !call.callee.contains('.') {
        return;
    }
    let Some(q) = arg(call, i) else { return };
    let v = &q.value;
    if !v.taint.reaches_weak(Kind::SQL) {
        return;
    }
    let sqlish = v.literal_text().is_some_and(super::looks_like_sql);
    let fragment = FRAGMENTS.contains(&name);
    // A statement built from parts, or a request value used as the statement or a gorm condition.
    let injected = (v.taint.built && (sqlish || fragment)) || (v.taint.user && !v.taint.weak);
    let known = SINKS.contains(&name) || CONTEXT_SINKS.contains(&name) || fragment;
    if !injected || (matches!(name, "Get" | "Select") || !known) && !sqlish {
        return;
    }
    out.emit(
        meta,
        q.span,
        format!(
            "SQL statement built from {}; pass values as query arguments (`db.Query(\"... WHERE id = ?\", id)`)",
            v.taint.describe()
        ),
    );
}
