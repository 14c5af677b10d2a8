use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};
use crate::taint::Kind;

/// ## What it does
/// Finds files opened, written or created at a path built from an archive entry's name (Zip Slip) or
/// from a request parameter, with no check that the normalized path stays under the intended directory:
/// `new FileOutputStream(f)`, `new FileInputStream(f)`, `Files.copy(in, p)`, `Files.write(p, ...)`,
/// `Files.newOutputStream(p)`, `f.mkdirs()`, ...; and the containment check done on strings,
/// `dest.getCanonicalPath().startsWith(root.getCanonicalPath())`, which a sibling directory passes.
///
/// ## Why is this bad?
/// An entry named `../../home/user/.bashrc` (or a parameter `../../etc/passwd`) resolves outside the
/// target directory: extracting the archive overwrites any file the process may write.
///
/// ## Example
/// ```java
/// File f = new File(destDir, entry.getName());
/// Files.copy(zip.getInputStream(entry), f.toPath());
/// ```
///
/// Use instead:
/// ```java
/// File f = new File(destDir, entry.getName());
/// if (!f.toPath().normalize().startsWith(destDir.toPath().normalize())) {
///     throw new IOException("Bad zip entry");
/// }
/// Files.copy(zip.getInputStream(entry), f.toPath());
/// ```
///
/// ## References
/// - [CWE-22](https://cwe.mitre.org/data/definitions/22.html)
pub static META: RuleMeta = RuleMeta {
    id: "java-path-traversal",
    cwe: 22,
    severity: Severity::High,
    language: Language::Java,
    summary: "file path from an archive entry or request used without a containment check",
};

/// Constructors that open the file named by their first argument.
const OPENING_CONSTRUCTORS: &[&str] = &[
    "new FileOutputStream",
    "new FileInputStream",
    "new FileWriter",
    "new FileReader",
    "new RandomAccessFile",
    "new PrintWriter",
];
/// `Files` methods and the argument that names the file.
const FILES_METHODS: &[(&str, usize)] = &[
    ("copy", 1),
    ("move", 1),
    ("write", 0),
    ("writeString", 0),
    ("newOutputStream", 0),
    ("newBufferedWriter", 0),
    ("newInputStream", 0),
    ("newBufferedReader", 0),
    ("readAllBytes", 0),
    ("readAllLines", 0),
    ("readString", 0),
    ("createFile", 0),
    ("createDirectories", 0),
    ("createDirectory", 0),
    ("delete", 0),
];
/// Methods on a `File` that create or change it.
const FILE_METHODS: &[&str] = &["mkdirs", "mkdir", "createNewFile", "delete", "renameTo", "transferTo"];

/// `dest.getCanonicalPath().startsWith(root.getCanonicalPath())` compares strings: `/srv/app-evil` starts
/// with `/srv/app`. Comparing paths (`toPath().startsWith`) or adding the separator is the check.
fn partial_prefix_check(call: &CallSite) -> bool {
    call.callee.ends_with(".getCanonicalPath().startsWith")
        && call
            .positional(0)
            .is_some_and(|a| !a.text.contains("separator") && !a.text.contains("\"/\"") && !a.text.contains("'/'"))
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if partial_prefix_check(call) {
        out.emit(
            meta,
            call.span,
            "a string prefix check on canonical paths lets `/srv/app-evil` pass for `/srv/app`; compare paths (`toPath().startsWith`) or append `File.separator` to the root",
        );
        return;
    }
    let name = call.name();
    let path = if OPENING_CONSTRUCTORS.contains(&call.callee.as_str()) {
        call.positional(0).map(|a| a.value.taint.clone())
    } else if call.callee.starts_with("Files.") {
        FILES_METHODS
            .iter()
            .find(|(m, _)| *m == name)
            .and_then(|(_, i)| call.positional(*i))
            .map(|a| a.value.taint.clone())
    } else if FILE_METHODS.contains(&name) && call.callee.contains('.') {
        Some(call.receiver.clone())
    } else {
        None
    };
    let Some(t) = path else { return };
    if t.user && t.reaches(Kind::PATH) {
        out.emit(
            meta,
            call.span,
            format!(
                "this path comes from {} and may contain `../`; check that `path.normalize().startsWith(root)` before using it",
                t.describe()
            ),
        );
    }
}
