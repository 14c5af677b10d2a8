use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds redirects to an address taken from the request or the page: `res.redirect(x)`,
/// `location.href = x`, `window.location = x`, `location.assign(x)`, `location.replace(x)`.
///
/// ## Why is this bad?
/// A link such as `https://our.site/login?next=https://evil.example` sends users, after they trusted our
/// page, to a look-alike that asks for their password.
///
/// ## Example
/// ```javascript
/// res.redirect(req.query.next);
/// ```
///
/// Use instead:
/// ```javascript
/// const next = req.query.next;
/// res.redirect(typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/');
/// ```
///
/// ## References
/// - [CWE-601](https://cwe.mitre.org/data/definitions/601.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-open-redirect",
    cwe: 601,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "redirect to an address taken from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let c = call.callee.as_str();
    let sink = (call.name() == "redirect"
        && (c.starts_with("res.") || c.starts_with("response.") || c.starts_with("ctx.")))
        || matches!(
            c,
            "location="
                | "window.location="
                | "document.location="
                | "location.href="
                | "window.location.href="
                | "document.location.href="
        )
        || matches!(
            c,
            "location.assign"
                | "location.replace"
                | "window.location.assign"
                | "window.location.replace"
                | "window.open"
        );
    if !sink {
        return;
    }
    // `res.redirect(301, url)`: the address is the last argument.
    let Some(a) = call.args.iter().rfind(|a| a.keyword.is_none()) else {
        return;
    };
    let v = &a.value;
    if v.taint.reaches(Kind::URL)
        && v.taint.user
        && !v
            .literal_text()
            .is_some_and(|t| t.starts_with('/') && !t.starts_with("//"))
    {
        out.emit(
            meta,
            a.span,
            format!(
                "redirect to {}; allow only relative paths (`/...`, not `//...`) or hosts from a fixed list",
                v.taint.describe()
            ),
        );
    }
}
