use super::{arg, pkg_call};
use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds file paths built from untrusted values (a request value, a zip entry's name, a parameter joined
/// onto a base directory) and opened, created, read, written, removed or served (`os.Open`,
/// `os.OpenFile`, `os.Create`, `os.ReadFile`, `ioutil.ReadFile`, `os.Remove`, `http.ServeFile`, ...) with
/// no `filepath.Base` and no `strings.HasPrefix` check of the cleaned path against the base.
///
/// ## Why is this bad?
/// A name such as `../../etc/passwd` (or a zip entry named so: "zip slip") walks out of the intended
/// directory.
///
/// ## Example
/// ```go
/// f, err := os.Open(filepath.Join(baseDir, r.URL.Query().Get("name")))
/// ```
///
/// Use instead:
/// ```go
/// p := filepath.Join(baseDir, filepath.Clean("/"+name))
/// if !strings.HasPrefix(p, baseDir+string(filepath.Separator)) { return errBadPath }
/// ```
///
/// ## References
/// - [CWE-22](https://cwe.mitre.org/data/definitions/22.html)
pub static META: RuleMeta = RuleMeta {
    id: "go-path-traversal",
    cwe: 22,
    severity: Severity::High,
    language: Language::Go,
    summary: "file path built from untrusted input",
};

const OS: &[&str] = &[
    "Open",
    "OpenFile",
    "Create",
    "ReadFile",
    "WriteFile",
    "Remove",
    "RemoveAll",
    "Mkdir",
    "MkdirAll",
    "ReadDir",
    "Rename",
    "Truncate",
    "Chmod",
    "Symlink",
    "Link",
    "Lstat",
    "Stat",
];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let i = if pkg_call(call, "os", OS) || pkg_call(call, "io/ioutil", &["ReadFile", "WriteFile", "ReadDir"]) {
        0
    } else if pkg_call(call, "net/http", &["ServeFile"]) {
        2
    } else {
        return;
    };
    let Some(a) = arg(call, i) else { return };
    let v = &a.value;
    if v.taint.reaches_weak(Kind::PATH) && (v.taint.built || (v.taint.user && !v.taint.weak)) {
        out.emit(meta, a.span, format!("file path built from {}; keep `filepath.Base` of it, or check the cleaned path with `strings.HasPrefix(p, base+sep)`", v.taint.describe()));
    }
}
