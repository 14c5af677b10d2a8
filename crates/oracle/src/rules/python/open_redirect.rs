use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds redirects to URLs taken from the request (`redirect(request.args["next"])`,
/// `HttpResponseRedirect`, `self.redirect`) without checking the target.
///
/// ## Why is this bad?
/// A trusted domain then forwards victims to a phishing site: `/login?next=https://evil.example`.
///
/// ## Example
/// ```python
/// return redirect(request.args.get("next"))
/// ```
///
/// Use instead:
/// ```python
/// target = request.args.get("next", "/")
/// if urlparse(target).netloc:  # only local paths
///     target = "/"
/// return redirect(target)
/// ```
///
/// ## References
/// - [CWE-601](https://cwe.mitre.org/data/definitions/601.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-open-redirect",
    cwe: 601,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "redirect to a URL from untrusted input",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    if !matches!(
        name,
        "redirect" | "HttpResponseRedirect" | "HttpResponsePermanentRedirect" | "RedirectResponse" | "redirect_to"
    ) {
        return;
    }
    let Some(a) = call
        .arg(0, "location")
        .or_else(|| call.keyword("url"))
        .or_else(|| call.keyword("to"))
    else {
        return;
    };
    let t = &a.value.taint;
    if t.reaches(Kind::URL) && (t.user || t.built) {
        out.emit(
            meta,
            a.span,
            format!(
                "redirect target derived from {}; allow only local paths or known hosts",
                t.describe()
            ),
        );
    }
}
