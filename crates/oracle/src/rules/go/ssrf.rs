use super::{arg, pkg_call};
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds outgoing HTTP requests to an address taken from the request: `http.Get`, `http.Post`,
/// `http.Head`, `http.NewRequest(WithContext)`, `client.Get`.
///
/// ## Why is this bad?
/// Attackers make the server call what they cannot reach: `http://169.254.169.254/` (cloud credentials),
/// `http://localhost:6379/`, internal admin pages.
///
/// ## Example
/// ```go
/// resp, err := http.Get(r.FormValue("url"))
/// ```
///
/// Use instead:
/// ```go
/// u, err := url.Parse(r.FormValue("url"))
/// if err != nil || !allowedHosts[u.Hostname()] { http.Error(w, "bad url", 400); return }
/// resp, err := http.Get(u.String())
/// ```
///
/// ## References
/// - [CWE-918](https://cwe.mitre.org/data/definitions/918.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-ssrf",
    cwe: 918,
    severity: Severity::High,
    language: Language::Go,
    summary: "server-side request to an address taken from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let i = if pkg_call(call, "net/http", &["Get", "Post", "Head", "PostForm"]) {
        0
    } else if pkg_call(call, "net/http", &["NewRequest"]) {
        1
    } else if pkg_call(call, "net/http", &["NewRequestWithContext"]) {
        2
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
                "request to an address from {}; check the host against an allow-list (and block private ranges) first",
                v.taint.describe()
            ),
        );
    }
}
