use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds server-side requests to an address taken from the request: `http.get`, `https.request`,
/// `fetch`, `axios(...)`, `axios.get/post`, `got`, `request`, `needle`, `superagent`.
///
/// ## Why is this bad?
/// Attackers make the server call what they cannot reach: `http://169.254.169.254/` (cloud credentials),
/// `http://localhost:6379/`, internal admin pages.
///
/// ## Example
/// ```javascript
/// const page = await fetch(req.query.url);
/// ```
///
/// Use instead:
/// ```javascript
/// const url = new URL(req.query.url);
/// if (!ALLOWED_HOSTS.has(url.hostname)) return res.sendStatus(400);
/// const page = await fetch(url);
/// ```
///
/// ## References
/// - [CWE-918](https://cwe.mitre.org/data/definitions/918.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-ssrf",
    cwe: 918,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "server-side request to an address taken from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let c = call.callee.as_str();
    let name = call.name();
    let client = matches!(
        c,
        "fetch" | "axios" | "got" | "request" | "needle" | "superagent" | "node-fetch" | "axios.default"
    ) || (matches!(name, "get" | "post" | "put" | "delete" | "request" | "head" | "patch")
        && ["http", "https", "axios", "got", "request", "needle", "superagent"]
            .iter()
            .any(|m| c.starts_with(&format!("{m}."))));
    if !client {
        return;
    }
    let Some(a) = call.positional(0) else { return };
    let v = &a.value;
    if v.taint.reaches(Kind::URL) && v.taint.user {
        out.emit(
            meta,
            a.span,
            format!(
                "request to an address from {}; check the host against an allow-list before fetching",
                v.taint.describe()
            ),
        );
    }
}
