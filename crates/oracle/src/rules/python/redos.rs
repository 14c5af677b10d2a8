use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds regular expressions that backtrack catastrophically — a quantified group that itself contains a
/// quantifier (`(a+)+`, `(\w*)*`, `(.*,)+`) or alternatives that overlap under a quantifier (`(a|a)*`) —
/// and patterns built from untrusted input without `re.escape`.
///
/// ## Why is this bad?
/// Matching `(a+)+$` against `"a" * 40 + "!"` takes about 2^40 steps: one request stalls a worker.
///
/// ## Example
/// ```python
/// EMAIL = re.compile(r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@)")
/// ```
///
/// Use instead:
/// ```python
/// EMAIL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*@")  # no nested quantifiers
/// ```
///
/// ## References
/// - [CWE-1333](https://cwe.mitre.org/data/definitions/1333.html), [CWE-400](https://cwe.mitre.org/data/definitions/400.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-redos",
    cwe: 1333,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "regular expression with catastrophic backtracking, or built from input",
};

const FUNCS: &[&str] = &[
    "compile",
    "match",
    "search",
    "fullmatch",
    "sub",
    "subn",
    "findall",
    "finditer",
    "split",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !(call.callee.starts_with("re.") || call.callee.starts_with("regex.")) || !FUNCS.contains(&call.name()) {
        return;
    }
    let Some(p) = call.arg(0, "pattern") else { return };
    if let Some(pattern) = p.value.str_const() {
        if crate::regex_shape::catastrophic(pattern) {
            out.emit(meta, p.span, "this pattern nests quantifiers and can backtrack exponentially on a crafted input; rewrite it without a repeated group that itself repeats");
        }
    } else if p.value.taint.reaches(Kind::REGEX) && (p.value.taint.user || p.value.taint.built) {
        out.emit(
            meta,
            p.span,
            format!(
                "regular expression built from {}; escape it with `re.escape` or match literally",
                p.value.taint.describe()
            ),
        );
    }
}
