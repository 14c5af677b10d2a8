use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};
use crate::taint::Kind;

/// ## What it does
/// Finds file-system operations on paths derived from untrusted values without a containment check:
/// `open`, `os.remove`, `shutil.rmtree`, `send_file`, `Path(...).read_text()`, and friends. A path joined
/// onto a base folder from a caller's value (`os.path.join(base, name)`) is also flagged where it leaves
/// the function unchecked: returned, or handed to a helper that reads, writes or stores files.
///
/// File commands run as root (`execute("cp", ..., run_as_root=True)`, `sudo`) on a path joined under a
/// caller's folder are flagged too: links inside that tree redirect the privileged copy or write.
///
/// ## Why is this bad?
/// `../../etc/passwd` or an absolute path escapes the intended folder; `os.path.join(base, "/etc")` even
/// discards the base.
///
/// ## Example
/// ```python
/// return open(os.path.join(UPLOADS, name)).read()
/// ```
///
/// Use instead:
/// ```python
/// path = os.path.realpath(os.path.join(UPLOADS, name))
/// if not path.startswith(os.path.realpath(UPLOADS) + os.sep):
///     raise ValueError("outside uploads")
/// return open(path).read()
/// ```
///
/// ## References
/// - [CWE-22](https://cwe.mitre.org/data/definitions/22.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-path-traversal",
    cwe: 22,
    severity: Severity::High,
    language: Language::Python,
    summary: "file path from untrusted input without a containment check",
};

const SINKS: &[&str] = &[
    "open",
    "io.open",
    "codecs.open",
    "os.open",
    "os.remove",
    "os.unlink",
    "os.rmdir",
    "os.removedirs",
    "os.listdir",
    "os.scandir",
    "os.makedirs",
    "os.mkdir",
    "os.rename",
    "os.replace",
    "os.chmod",
    "os.chown",
    "os.walk",
    "os.stat",
    "shutil.rmtree",
    "shutil.copy",
    "shutil.copyfile",
    "shutil.copy2",
    "shutil.move",
    "shutil.copytree",
    "send_file",
    "send_from_directory_unsafe",
    "FileResponse",
    "static_file",
    "tarfile.open",
    "zipfile.ZipFile",
    "os.path.getsize",
    "glob.glob",
    "np.load",
    "numpy.load",
    "load_workbook",
    "Image.open",
];
/// [`SINKS`] that send the file to the client.
const SERVING: &[&str] = &["send_file", "static_file", "FileResponse", "send_from_directory_unsafe"];

/// Methods that touch the file system when called on a path object or path string.
const PATH_METHODS: &[&str] = &[
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "unlink",
    "rmdir",
    "mkdir",
    "touch",
    "extractall",
    "extract",
    "save",
    "delete",
    "remove",
];

/// [`PATH_METHODS`] that other objects have too.
const GENERIC_METHODS: &[&str] = &["save", "delete", "remove", "extract"];

/// Words in a helper's name that say it touches the file (or key) its argument names.
const FILE_WORDS: &[&str] = &[
    "file", "dir", "read", "write", "load", "save", "open", "copy", "move", "delete", "remove", "unlink", "upload",
    "download", "extract", "send", "store", "execute",
];

/// A joined path (see [`Shape::Path`]) returned or passed to a file helper, or raw request input passed to
/// a helper that makes a path of it (`get_upload_path(request.args["name"])`): the first such argument.
fn joined_path_escapes(call: &CallSite) -> Option<&crate::rule::Arg> {
    // Both shapes need an argument still dangerous as a path; most calls have none, and the name tests
    // below are the costly part.
    if !call.args.iter().any(|a| a.value.taint.reaches(Kind::PATH)) {
        return None;
    }
    let name = call.name().to_ascii_lowercase();
    if name.contains("path") && !call.callee.starts_with("os.path.") && !name.contains("exists") {
        if let Some(a) = call
            .args
            .iter()
            .find(|a| a.value.taint.user && a.value.taint.reaches(Kind::PATH))
        {
            return Some(a);
        }
    }
    let helper = call.callee == "return"
        || (FILE_WORDS.iter().any(|w| name.contains(w))
            && !call.callee.starts_with("os.path.")
            && !["log", "print", "format", "exists", "isfile", "isdir"]
                .iter()
                .any(|w| name.contains(w)));
    if !helper {
        return None;
    }
    call.args
        .iter()
        .find(|a| a.value.shape == Shape::Path && a.value.taint.reaches(Kind::PATH))
}

/// Commands that create, copy, change or remove the files they are given.
const FILE_COMMANDS: &[&str] = &[
    "cp", "mv", "tee", "mkdir", "chown", "chmod", "rm", "ln", "touch", "dd", "install", "cat", "truncate",
];

/// A file command run as root (`execute("cp", os.path.join(root, "etc", "passwd"), tmp, run_as_root=True)`,
/// or with `sudo` in front) on a path joined under a caller's folder: links inside that tree (an image, an
/// upload) take root's copy or write anywhere. The first such argument.
fn privileged_file_command(call: &CallSite) -> Option<&crate::rule::Arg> {
    if !matches!(call.name(), "execute" | "trycmd") {
        return None;
    }
    let as_root = call
        .keyword("run_as_root")
        .is_some_and(|a| a.value.shape == Shape::Bool(true));
    let mut words = call.args.iter().filter(|a| a.keyword.is_none());
    let mut first = words.next()?.value.str_const()?;
    let sudo = first == "sudo";
    if sudo {
        first = words.next()?.value.str_const()?;
    }
    if !(as_root || sudo) || !FILE_COMMANDS.contains(&first) {
        return None;
    }
    words.find(|a| matches!(a.value.shape, Shape::Under | Shape::Path) && a.value.taint.reaches(Kind::PATH))
}

/// The taint of a path argument, not counted as built when the only constant text added is a suffix
/// without a folder separator (`path + ".tmp"`): that names a file next to the caller's own.
fn suffix_only(v: &crate::rule::Value) -> crate::taint::Taint {
    let mut t = v.taint.clone();
    if let Shape::Built(lit) = &v.shape {
        if !lit.contains(['/', '\\']) && !lit.trim().is_empty() && lit.trim_start().starts_with('.') {
            t.built = false;
        }
    }
    t
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if let Some(a) = privileged_file_command(call) {
        let (callee, root) = (&call.callee, a.value.taint.describe());
        let message = format!("`{callee}` runs as root on a path joined under {root}; a link inside that tree makes it touch any file on the host; resolve the path (`os.path.realpath`) and check it stays inside the tree first");
        return out.emit(meta, a.span, message);
    }
    let name = call.name();
    let (arg_taint, span) = if SINKS.iter().any(|s| call.is(s)) {
        let Some(a) = call
            .arg(0, "file")
            .or_else(|| call.keyword("path"))
            .or_else(|| call.keyword("filename"))
        else {
            return;
        };
        (suffix_only(&a.value), a.span)
    } else if PATH_METHODS.contains(&name)
        && call.receiver.reaches(Kind::PATH)
        // `save`, `delete`, `remove` are also model and container methods: only on a built path.
        && (call.receiver.built || !GENERIC_METHODS.contains(&name))
    {
        (call.receiver.clone(), call.span)
    } else if PATH_METHODS.contains(&name)
        && call
            .args
            .first()
            .is_some_and(|a| a.value.taint.reaches(Kind::PATH) && a.value.taint.built)
    {
        let a = &call.args[0];
        (a.value.taint.clone(), a.span)
    } else if let Some(a) = joined_path_escapes(call) {
        (a.value.taint.clone(), a.span)
    } else {
        return;
    };
    if !arg_taint.reaches(Kind::PATH) {
        return;
    }
    // A parameter opened as-is is the caller's choice of file; joined onto a base folder, or coming from a
    // request, it is a traversal. Functions that send a file to the client are only called while answering
    // a request, so there a parameter is the requested path.
    let serving = SERVING.iter().any(|s| call.is(s));
    if !(arg_taint.user || arg_taint.built || serving) {
        return;
    }
    // A path named by the environment as-is is the operator's configuration, not a request's.
    let origin = arg_taint.describe();
    if !arg_taint.built && (origin.contains("environ") || origin.contains("getenv")) {
        return;
    }
    out.emit(
        meta,
        span,
        format!(
            "file path derived from {} reaches `{}` without a containment check; resolve it with `os.path.realpath` and check it stays under the base folder (or use `secure_filename`)",
            arg_taint.describe(),
            call.callee
        ),
    );
}
