use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Arg, CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds SQL built by interpolation or concatenation and handed to ActiveRecord: `where`, `find_by_sql`,
/// `order`, `joins`, `group`, `having`, `select`, `pluck`, `exists?`, `delete_all`, `update_all`,
/// `count_by_sql`, the old `find(:all, :conditions => ...)` options, and `connection.execute`/
/// `exec_query`/`select_all`; also a request value passed as a whole SQL fragment (`order(params[:sort])`).
///
/// ## Why is this bad?
/// The interpolated value becomes SQL: `name = "' OR '1'='1"` returns every row, and worse.
///
/// ## Example
/// ```ruby
/// User.where("name LIKE '%#{params[:q]}%'")
/// ```
///
/// Use instead: placeholders or a hash condition.
/// ```ruby
/// User.where("name LIKE ?", "%#{User.sanitize_sql_like(params[:q])}%")
/// ```
///
/// ## References
/// - [CWE-89](https://cwe.mitre.org/data/definitions/89.html)
pub static META: RuleMeta = RuleMeta {
    id: "rb-sql-injection",
    cwe: 89,
    severity: Severity::High,
    language: Language::Ruby,
    summary: "SQL built from non-constant input",
};

/// ActiveRecord query methods whose first argument is an SQL fragment.
const FRAGMENT_METHODS: &[&str] = &[
    "where",
    "not",
    "rewhere",
    "find_by_sql",
    "count_by_sql",
    "order",
    "reorder",
    "joins",
    "group",
    "having",
    "select",
    "pluck",
    "exists?",
    "delete_all",
    "destroy_all",
    "update_all",
    "from",
    "lock",
    "calculate",
    "find_by",
    "find_or_create_by",
    "find_or_initialize_by",
    "having",
    "distinct",
    "lock",
];
/// Connection methods that run a whole statement.
const STATEMENT_METHODS: &[&str] = &[
    "execute",
    "exec_query",
    "select_all",
    "select_one",
    "select_value",
    "select_values",
    "select_rows",
    "exec_update",
    "exec_delete",
    "exec_insert",
    "query",
];
/// Options of the Rails 2 finders (`find(:all, :conditions => ...)`) that are SQL.
const SQL_OPTIONS: &[&str] = &["conditions", "order", "group", "having", "joins", "select", "from"];

/// Built from a non-constant part (any, as brakeman judges SQL), or a request value as a whole fragment.
fn unsafe_fragment(a: &Arg) -> bool {
    let v = &a.value;
    if matches!(v.shape, Shape::Sequence(_)) {
        return false;
    }
    (v.is_built_string() && v.taint.built && v.taint.reaches_weak(Kind::SQL))
        || (v.taint.user && v.taint.reaches(Kind::SQL) && !a.text.starts_with('{'))
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let method = call.name();
    let statement = STATEMENT_METHODS.contains(&method);
    let fragment = FRAGMENT_METHODS.contains(&method);
    let finder = matches!(method, "find" | "all" | "first" | "last" | "count" | "sum" | "paginate");
    if !(statement || fragment || finder) {
        return;
    }
    let first = call.positional(0);
    let flagged = call.args.iter().find(|a| match a.keyword.as_deref() {
        Some(k) => SQL_OPTIONS.contains(&k) && unsafe_fragment(a),
        None if finder => false,
        // A whole statement must read as SQL: `execute` is a common name.
        None if statement => {
            unsafe_fragment(a)
                && a.value
                    .literal_text()
                    .is_some_and(crate::rules::javascript::looks_like_sql)
        }
        None => first.is_some_and(|f| std::ptr::eq(f, *a)) && unsafe_fragment(a),
    });
    if let Some(a) = flagged {
        out.emit(
            meta,
            a.span,
            format!(
                "SQL built from {}; use placeholders (`where(\"name = ?\", value)`) or a hash condition",
                a.value.taint.describe()
            ),
        );
    }
}
