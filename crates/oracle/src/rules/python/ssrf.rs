use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds outgoing HTTP requests whose URL comes from a request or is assembled from untrusted parts
/// (`requests.get(f"http://{host}/...")`, `urllib.request.urlopen(url)`, `httpx`, `http.client`).
///
/// ## Why is this bad?
/// The server fetches what the attacker names: cloud metadata (`169.254.169.254`), internal admin pages,
/// `file://` URLs.
///
/// ## Example
/// ```python
/// return requests.get(request.args["url"]).text
/// ```
///
/// Use instead:
/// ```python
/// url = request.args["url"]
/// if urlparse(url).hostname not in ALLOWED_HOSTS:
///     abort(400)
/// return requests.get(url).text
/// ```
///
/// ## References
/// - [CWE-918](https://cwe.mitre.org/data/definitions/918.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-ssrf",
    cwe: 918,
    severity: Severity::High,
    language: Language::Python,
    summary: "server-side request to a URL from untrusted input",
};

const SINKS: &[&str] = &[
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.delete",
    "requests.head",
    "requests.patch",
    "requests.request",
    "urllib.request.urlopen",
    "urllib2.urlopen",
    "urllib.urlopen",
    "urlopen",
    "httpx.get",
    "httpx.post",
    "httpx.request",
    "http.client.HTTPConnection",
    "http.client.HTTPSConnection",
    "HTTPConnection",
    "HTTPSConnection",
    "session.get",
    "session.post",
    "aiohttp.request",
    "pycurl.Curl",
    "urllib.request.Request",
    "Request",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if !SINKS.iter().any(|s| call.is(s)) {
        return;
    }
    let Some(a) = call.arg(0, "url").or_else(|| call.keyword("host")) else {
        return;
    };
    let t = &a.value.taint;
    if t.reaches(Kind::URL) && (t.user || t.built) {
        out.emit(
            meta,
            a.span,
            format!(
                "request URL derived from {}; parse it and check the scheme and host against an allow-list first",
                t.describe()
            ),
        );
    }
}
