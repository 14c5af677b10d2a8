use super::{arg, pkg_call};
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds `http.Redirect` (and gin/echo `c.Redirect`) to an address taken from the request without a check
/// that it is a local path or an allowed host.
///
/// ## Why is this bad?
/// `https://our.site/login?next=https://evil.example` sends users, after they trusted our page, to a
/// look-alike that asks for their password.
///
/// ## Example
/// ```go
/// http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
/// ```
///
/// Use instead:
/// ```go
/// next := r.URL.Query().Get("next")
/// if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") { next = "/" }
/// http.Redirect(w, r, next, http.StatusFound)
/// ```
///
/// ## References
/// - [CWE-601](https://cwe.mitre.org/data/definitions/601.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-open-redirect",
    cwe: 601,
    severity: Severity::Medium,
    language: Language::Go,
    summary: "redirect to an address taken from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let i = if pkg_call(call, "net/http", &["Redirect"]) {
        2
    } else if call.name() == "Redirect" && call.callee.contains('.') {
        1
    } else {
        return;
    };
    let Some(a) = arg(call, i) else { return };
    let v = &a.value;
    if v.taint.reaches(Kind::URL) && v.taint.user {
        out.emit(
            meta,
            a.span,
            format!(
                "redirect to {}; allow only local paths (`/x`, not `//x`) or hosts from a fixed list",
                v.taint.describe()
            ),
        );
    }
}
