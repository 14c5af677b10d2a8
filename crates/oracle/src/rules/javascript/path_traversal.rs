use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds file system paths built from untrusted values and opened, written, deleted or served
/// (`fs.readFile`, `createReadStream`, `writeFile`, `unlink`, `res.sendFile`, `res.download`, ...) with
/// no `path.basename` and no check that the resolved path stays under its base directory.
///
/// ## Why is this bad?
/// A name such as `../../etc/passwd` walks out of the intended directory: attackers read or overwrite any
/// file the server can.
///
/// ## Example
/// ```javascript
/// fs.readFile(path.join(PUBLIC, req.params.file), cb);
/// ```
///
/// Use instead:
/// ```javascript
/// const target = path.resolve(PUBLIC, req.params.file);
/// if (!target.startsWith(PUBLIC + path.sep)) return res.sendStatus(403);
/// fs.readFile(target, cb);
/// ```
///
/// ## References
/// - [CWE-22](https://cwe.mitre.org/data/definitions/22.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-path-traversal",
    cwe: 22,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "file path built from untrusted input",
};

const FS: &[&str] = &[
    "readFile",
    "readFileSync",
    "createReadStream",
    "writeFile",
    "writeFileSync",
    "createWriteStream",
    "appendFile",
    "appendFileSync",
    "unlink",
    "unlinkSync",
    "rm",
    "rmSync",
    "rmdir",
    "rmdirSync",
    "open",
    "openSync",
    "readdir",
    "readdirSync",
    "mkdir",
    "mkdirSync",
    "rename",
    "renameSync",
    "copyFile",
    "copyFileSync",
    "stat",
    "statSync",
    "access",
    "accessSync",
    "outputFile",
    "remove",
    "removeSync",
];
const SERVE: &[&str] = &["sendFile", "sendfile", "download"];

/// A helper that, by its name, serves or touches the file its argument names (`serveStaticFile(res,
/// pathname)`, `readUserFile(name)`): handed request input, it is the file system call.
fn file_helper(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let serves = ["serve", "send", "stream", "download"].iter().any(|w| l.contains(w));
    let touches = ["read", "write", "load", "open", "delete", "remove"]
        .iter()
        .any(|w| l.contains(w));
    (l.contains("file") || l.contains("static")) && (serves || touches)
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
    if file_helper(name) && !FS.contains(&name) && !SERVE.contains(&name) {
        // Only request input: a helper's own parameters are its caller's choice.
        if let Some(a) = call
            .args
            .iter()
            .find(|a| a.value.taint.user && a.value.taint.reaches(Kind::PATH))
        {
            let message = format!("request input {} is handed to `{}` as a file path; keep only `path.basename` of it, or resolve it and check it starts with the base directory", a.value.taint.describe(), call.callee);
            return out.emit(meta, a.span, message);
        }
    }
    let fs = FS.contains(&name)
        && (call.callee.starts_with("fs")
            || call.callee.contains("fs.")
            || call.callee.starts_with("fse")
            || (!call.callee.contains('.') && !matches!(name, "open" | "stat" | "access" | "remove" | "rm")));
    let serve = SERVE.contains(&name) && call.callee.contains('.');
    if !fs && !serve {
        return;
    }
    let Some(a) = call.positional(0) else { return };
    let v = &a.value;
    if v.taint.reaches_weak(Kind::PATH) && (v.taint.user || v.taint.built) {
        out.emit(
            meta,
            a.span,
            format!("file path built from {}; keep only `path.basename` of it, or resolve it and check it starts with the base directory", v.taint.describe()),
        );
    }
}
