use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds files opened, created, read or removed (`fopen`, `open`, `unlink`, `rename`, `mkdir`, ...) at a
/// path that comes from a parameter or input, when the name was not validated first (`..`/`/` rejected
/// with `strstr`/`strchr`, a `*valid*`/`*correct*` check, or `realpath` followed by a prefix check), and
/// path joins (`concat_path_file`, `dir + "/" + name`) of such names.
///
/// ## Why is this bad?
/// `../../etc/passwd` or an absolute path leaves the intended folder: the program reads or overwrites any
/// file it can access.
///
/// ## Example
/// ```c
/// snprintf(path, sizeof path, "%s/%s", dir, name);
/// fd = open(path, O_RDONLY);
/// ```
///
/// Use instead:
/// ```c
/// if (strstr(name, "..") || strchr(name, '/'))
///     return -1;
/// snprintf(path, sizeof path, "%s/%s", dir, name);
/// fd = open(path, O_RDONLY);
/// ```
///
/// ## References
/// - [CWE-22](https://cwe.mitre.org/data/definitions/22.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-path-traversal",
    cwe: 22,
    severity: Severity::High,
    language: Language::C,
    summary: "file path built from unvalidated input",
};

fn path_position(name: &str) -> Option<usize> {
    Some(match name {
        "fopen"
        | "open"
        | "creat"
        | "unlink"
        | "remove"
        | "rename"
        | "mkdir"
        | "rmdir"
        | "opendir"
        | "access"
        | "stat"
        | "lstat"
        | "truncate"
        | "chmod"
        | "chown"
        | "lchown"
        | "symlink"
        | "link"
        | "readlink"
        | "freopen"
        | "file_write"
        | "load_file"
        | "g_file_get_contents"
        | "g_file_set_contents"
        | "xopen"
        | "xfopen"
        | "safe_open"
        | "ifstream"
        | "ofstream"
        | "fstream" => 0,
        "openat" | "unlinkat" | "mkdirat" | "fstatat" | "renameat" | "concat_path_file" | "g_build_filename" => 1,
        _ => return None,
    })
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let Some(i) = path_position(name) else { return };
    let Some(p) = call.positional(i) else { return };
    let v = &p.value;
    if v.str_const().is_some() || !v.taint.reaches(Kind::PATH) {
        return;
    }
    // A path joined onto a base (`concat_path_file(dir, name)`, a formatted path) or any input from a user.
    let joined = matches!(
        name,
        "concat_path_file" | "g_build_filename" | "openat" | "unlinkat" | "mkdirat" | "fstatat" | "renameat"
    );
    if v.taint.built || v.taint.user || joined {
        out.emit(
            meta,
            p.span,
            format!(
                "`{name}` uses a path built from {} without rejecting `..` and `/`; validate the name first",
                v.taint.describe()
            ),
        );
    }
}
