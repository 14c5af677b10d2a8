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

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = call.name();
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
