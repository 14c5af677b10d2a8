//! The C and C++ analyzer (tree-sitter-c and tree-sitter-cpp share the node kinds used here): one pass
//! over the tree in source order, tracking per function body what each variable holds.
//!
//! Real vulnerable C functions (SVEN, SafeCoder) are long library and kernel functions whose fixed version
//! usually adds one check. So the analysis is "use without a preceding check":
//!
//! - **Taint.** Function parameters (sizes and indexes passed in are attacker-influenced in real code),
//!   `argv`, `getenv`, and buffers filled by `fgets`/`read`/`recv`/`scanf` or by the program's own reading
//!   functions (`r_buf_read_at(b, off, buf, n)`: a name with the word `read`) are sources. Values flow through
//!   assignments, arithmetic, field accesses, casts and calls. [`Kind::SIZE`] means "a length or index not
//!   yet bounds-checked"; in C, [`Taint::built`] marks a size computed by `*`, `<<` or the sum of two
//!   tainted values (the integer-overflow shape) or a string assembled by `sprintf`/`strcat`/`+`.
//! - **Checks.** A variable (or field path) mentioned in an `if`/`while`/`for`/`switch`/`?:` condition, in
//!   `assert`/`BUG_ON`/`WARN_ON`, or passed to `min()`-like macros is checked from there on: its `SIZE`
//!   and [`MAYBE_NULL`] are cleared, and so are those of every variable derived from it. Validator calls
//!   (`str_is_correct_filename(name)`, `strstr(p, "..")`) in conditions clear every kind. A branch that
//!   ends in `return`/`goto`/`break`/`continue`/`exit()` does not leak its effects past the `if`.
//! - **Wrap-around.** An upper bound does not make `len - 4` safe: a difference whose minuend was never
//!   bounded from below (`if (len < 4) return;`, `while (n > 0)`, `if (!len) return;`) nor compared with
//!   the subtrahend (`if (off > len)`) is an unchecked size again, whatever checks `len` had.
//! - **Pointer states.** [`MAYBE_NULL`] marks a pointer from `malloc`, `fopen`, `getenv`, `strchr`, a
//!   lookup function, ...; [`FREED`] a pointer given to `free`/`delete`/`*_free` and not reassigned.
//!
//! Rules see ordinary calls as [`CallSite`]s, and operations as calls to pseudo-callees: [`INDEX_READ`] and
//! [`INDEX_WRITE`] (`a[i]`; arguments: the array, then the index) and [`DEREF`] (`*p`, `p->f`, `p[i]`;
//! argument: the pointer).

use crate::language::Language;
use crate::registry::RuleSet;
use crate::rule::{Arg, CallSite, Emitter};
use crate::syntax::Kind as _;
use crate::syntax::{line_of, text, Prepared};
use crate::taint::{Kind, Taint};
use crate::value::{Shape, Value};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

/// A pointer that may be NULL and has not been checked. Bit 12 of [`Kind`] is unused by the other
/// analyzers' sink kinds ([`Kind::ALL`] stops at bit 11), so sources never set it by accident.
pub(crate) const MAYBE_NULL: Kind = Kind(1 << 12);
/// A pointer given to `free`/`delete` and not reassigned since.
pub(crate) const FREED: Kind = Kind(1 << 13);
const POINTER_STATES: Kind = Kind((1 << 12) | (1 << 13));

/// Pseudo-callee for reading `a[i]`: arguments are the array and the index.
pub(crate) const INDEX_READ: &str = "[]";
/// Pseudo-callee for writing `a[i] = ...` (or `a[i]++`).
pub(crate) const INDEX_WRITE: &str = "[]=";
/// Pseudo-callee for dereferencing a pointer (`*p`, `p->f`, `p[i]`); the argument is the pointer.
pub(crate) const DEREF: &str = "*";
/// Pseudo-callee for moving a pointer by an offset outside a condition (`p + n`, `p += n`); arguments are
/// the pointer and the offset. Inside a condition (`if (p + n > end)`) the same expression is the check.
pub(crate) const PTR_OFFSET: &str = "+ptr";

/// Pseudo-callee for a fixed-size read from a stream object (`Stream_Read_UINT32(s, v)`, `Stream_Seek(s,
/// n)`) beyond the remaining length the function last checked (`Stream_GetRemainingLength(s) < 4`), or
/// with none checked; the argument is the stream.
pub(crate) const STREAM_OVERREAD: &str = "stream>>";

/// Pseudo-callee for reading a buffer parameter at a constant offset (`buf[1]`) while the length parameter
/// that follows it in the signature (`const u8 *buf, int len`) was never compared with anything; arguments
/// are the buffer, the offset and the length parameter.
pub(crate) const UNGUARDED_OFFSET: &str = "[k]";

/// Pseudo-callee for `v[i]` after `if (i > v.size()) return;`, which lets `i == v.size()` through;
/// arguments: the container and the index.
pub(crate) const SIZE_OFF_BY_ONE: &str = "[size]";

/// Deeper nesting than this is not analyzed (generated code, fuzz input); the walk stays bounded.
const MAX_DEPTH: usize = 200;

/// Calls that return NULL on failure; the result must be checked before use. `x*` wrappers that abort on
/// failure (`xmalloc`, `g_malloc`) are deliberately absent.
const NULLABLE_CALLS: &[&str] = &[
    "malloc",
    "calloc",
    "realloc",
    "reallocarray",
    "aligned_alloc",
    "kmalloc",
    "kzalloc",
    "kcalloc",
    "kmalloc_array",
    "krealloc",
    "vmalloc",
    "vzalloc",
    "kvmalloc",
    "kvzalloc",
    "kmemdup",
    "kstrdup",
    "kstrndup",
    "devm_kzalloc",
    "devm_kmalloc",
    "strdup",
    "strndup",
    "fopen",
    "fdopen",
    "freopen",
    "tmpfile",
    "popen",
    "opendir",
    "getenv",
    "secure_getenv",
    "strchr",
    "strrchr",
    "strstr",
    "strpbrk",
    "memchr",
    "memrchr",
    "strcasestr",
    "malloca",
    "av_malloc",
    "av_mallocz",
    "av_calloc",
    "av_realloc",
    "g_try_malloc",
    "g_try_malloc0",
    "xmlMalloc",
    "xmlStrdup",
    "AcquireQuantumMemory",
    "AcquireMagickMemory",
    "ResizeQuantumMemory",
    "emalloc_safe",
    "json_object_get",
    "PyMem_Malloc",
    "PyObject_Malloc",
    "get_current_dir_name",
    "getcwd",
    "localtime",
    "gmtime",
    "ctime",
    "asctime",
    "setlocale",
    "ttyname",
    "getlogin",
    "crypt",
    "strtok",
    "strtok_r",
    "strsep",
    "tmpnam",
    "getpwnam",
    "getpwuid",
    "getgrnam",
    "getgrgid",
    "gethostbyname",
    "gethostbyaddr",
    "getservbyname",
    "getprotobyname",
    "dlopen",
    "dlsym",
    "mmap_alloc",
    "BIO_new",
    "EVP_CIPHER_CTX_new",
    "X509_get_pubkey",
];

/// Calls whose result is attacker-controlled (with `user` provenance).
const USER_SOURCE_CALLS: &[&str] = &["getenv", "secure_getenv", "getpass", "readline"];

/// A web server's or CGI library's getter of request data, by its name: `http_request_param_get`,
/// `http_request_get_query_string`, `cgi_param`, `request_get_arg`.
fn request_getter(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["request", "http", "cgi", "form"].iter().any(|w| n.contains(w))
        && ["param", "query", "arg", "cookie", "header"]
            .iter()
            .any(|w| n.contains(w))
        && !n.contains("free")
        && !n.contains("set")
}

/// Calls that fill their buffer argument (index in the call) with attacker-controlled bytes.
fn filled_buffer(name: &str) -> Option<usize> {
    Some(match name {
        "fgets" | "gets" | "fread" | "fgetws" | "getline" | "getdelim" | "cin.getline" => 0,
        "read" | "recv" | "recvfrom" | "recvmsg" | "pread" | "sscanf" => 1,
        _ => return None,
    })
}

/// Calls whose return value is a count of attacker-controlled bytes.
const LENGTH_SOURCES: &[&str] = &[
    "read", "recv", "recvfrom", "recvmsg", "pread", "fread", "getline", "getdelim",
];

/// Bounding calls: the result is no larger than a bound (so not an unchecked size), and the arguments
/// count as compared.
fn is_min_like(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "min" | "min_t" | "umin" | "min3" | "clamp" | "clamp_t" | "clamp_val" | "ffmin" | "av_clip" | "g_min"
    ) || l.ends_with("min")
        || l.ends_with("_min")
}

/// Statement-level calls that check their argument condition (and stop or warn when it fails).
fn is_assert_like(name: &str) -> bool {
    matches!(
        name,
        "assert"
            | "g_assert"
            | "BUG_ON"
            | "WARN_ON"
            | "WARN_ON_ONCE"
            | "WARN"
            | "BUILD_BUG_ON"
            | "g_return_if_fail"
            | "g_return_val_if_fail"
            | "return_if_fail"
            | "return_val_if_fail"
            | "DCHECK"
            | "CHECK"
            | "ASSERT"
            | "assert_param"
            | "MagickAssert"
            | "RUNTIME_CHECK"
            | "av_assert0"
            | "av_assert1"
            | "av_assert2"
            | "ENSURE"
            | "REQUIRE"
            | "VERIFY"
            | "static_assert"
            | "_Static_assert"
    )
}

/// A call whose purpose is to validate its arguments (`str_is_correct_filename`, `is_valid_path`).
fn is_validator(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    [
        "valid",
        "correct",
        "is_good",
        "name_is_good",
        "is_safe",
        "allowed",
        "saniti",
        "verify",
        "check_",
        "_check",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Calls that release a pointer: `free`, `kfree`, `g_free`, `xmlFree`, `mrb_free(mrb, p)`,
/// `free_page(p)`, `r_asn1_free_object(p)` — names ending in `free` or with `free` as a word — and the
/// destructors of objects: `jas_tvparser_destroy(p)`, `ops->destroy(dev)`, `cifs_small_buf_release(req)`,
/// `g_object_unref(obj)`, `destroy_workqueue(wq)`. A release of a lock or a socket's lock
/// (`release_sock`, `spin_unlock`) or of a part (`skb_release_head_state`) ends no object's life.
/// `av_freep(&p)` also sets `p` to NULL, so it is not one.
pub(crate) fn is_free(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    if l.ends_with("free") || l == "delete" {
        return true;
    }
    let words = name_words(name);
    let lock = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "lock" | "unlock" | "sock" | "mutex" | "sem" | "spin" | "rcu" | "irq" | "ref"
        )
    });
    // The verb names the call's action when it comes first or last (`destroy_workqueue(wq)`,
    // `jas_tvparser_destroy(p)`); in the middle it names a part (`skb_release_head_state(skb)`).
    let ends = [words.first(), words.last()];
    words.iter().any(|w| w == "free")
        || !lock
            && ends.iter().flatten().any(|w| {
                matches!(
                    w.as_str(),
                    "destroy" | "dispose" | "unref" | "dealloc" | "deallocate" | "release"
                )
            })
}

/// Calls that end the path (so an `if` body ending with one does not fall through).
fn is_noreturn(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "exit"
            | "_exit"
            | "abort"
            | "panic"
            | "bug"
            | "longjmp"
            | "siglongjmp"
            | "err"
            | "errx"
            | "__builtin_unreachable"
            | "unreachable"
            | "throw"
            | "fatal"
            | "die"
            | "g_error"
    ) || l.ends_with("_die")
        || l.ends_with("die_")
        || l.starts_with("throw")
        || l.ends_with("fatal")
}

struct Func {
    name: String,
    vars: HashMap<String, Value>,
    /// For each variable, the variables and field paths its value was computed from (transitively): a
    /// check of any of them checks it too.
    deps: HashMap<String, HashSet<String>>,
    /// Names declared as pointers or arrays (parameters and locals).
    pointers: HashSet<String>,
    /// Variables and field paths known to be above some bound (see [`CAnalyzer::note_bounds`]), so that
    /// subtracting from them does not wrap.
    lower_bounded: HashSet<String>,
    /// Pairs of variables compared with each other (`a < b`, `off + len > size`), both orders: `a - b`
    /// after such a comparison is taken to be checked.
    ordered: HashSet<(String, String)>,
    /// Pointers given to a destructor (`*_destroy`, `*_release`) and not yet to a `free`: the destructor
    /// may have released only what the object holds.
    destroyed: HashSet<String>,
    /// For each label, the pointers freed on some path that jumps to it (`goto error;`).
    goto_freed: HashMap<String, HashSet<String>>,
    /// Indexes rejected only when greater than a container's size (`if (i > v.size()) return;`), with the
    /// container's key.
    size_rejects: HashMap<String, String>,
    /// Pointer parameters and the length parameter right after each (`const u8 *buf, int len`).
    lengths: HashMap<String, String>,
    /// For each stream object, the bytes a remaining-length check made available and not yet read.
    streams: HashMap<String, Budget>,
}

/// What a stream's last remaining-length check allows to be read.
#[derive(Clone, PartialEq)]
enum Budget {
    Bytes(i64),
    /// Checked against a length expression (its key): a read of that length is covered.
    Sized(String),
}

impl Func {
    fn new(name: String, vars: HashMap<String, Value>, pointers: HashSet<String>) -> Func {
        Func {
            name,
            vars,
            deps: HashMap::new(),
            pointers,
            lower_bounded: HashSet::new(),
            ordered: HashSet::new(),
            streams: HashMap::new(),
            lengths: HashMap::new(),
            destroyed: HashSet::new(),
            goto_freed: HashMap::new(),
            size_rejects: HashMap::new(),
        }
    }
}

/// Field ids of the C or C++ grammar (they differ), resolved once per grammar: looking a field up by name
/// compares it with every field name of the grammar, which was a twentieth of the C analysis.
#[derive(Debug)]
pub(crate) struct Fields {
    pub alternative: u16,
    pub argument: u16,
    pub arguments: u16,
    pub body: u16,
    pub condition: u16,
    pub consequence: u16,
    pub declarator: u16,
    pub field: u16,
    pub function: u16,
    pub index: u16,
    pub indices: u16,
    pub initializer: u16,
    pub left: u16,
    pub operator: u16,
    pub parameters: u16,
    pub right: u16,
    pub size: u16,
    pub r#type: u16,
    pub update: u16,
    pub value: u16,
}

impl Fields {
    fn of(language: &tree_sitter::Language) -> Fields {
        // 0 is no field: a name the grammar lacks finds no child.
        let id = |n: &str| language.field_id_for_name(n).map_or(0, |i| i.get());
        Fields {
            alternative: id("alternative"),
            argument: id("argument"),
            arguments: id("arguments"),
            body: id("body"),
            condition: id("condition"),
            consequence: id("consequence"),
            declarator: id("declarator"),
            field: id("field"),
            function: id("function"),
            index: id("index"),
            indices: id("indices"),
            initializer: id("initializer"),
            left: id("left"),
            operator: id("operator"),
            parameters: id("parameters"),
            right: id("right"),
            size: id("size"),
            r#type: id("type"),
            update: id("update"),
            value: id("value"),
        }
    }
}

thread_local! {
    /// The field ids of the grammar being analyzed on this thread (set by [`analyze`]).
    static FIELDS: std::cell::Cell<&'static Fields> = std::cell::Cell::new(fields_of(Language::C));
}

fn fields_of(language: Language) -> &'static Fields {
    static C: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    static CPP: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    let cell = if language == Language::Cpp { &CPP } else { &C };
    cell.get_or_init(|| Fields::of(&language.grammar()))
}

/// The field ids of the grammar under analysis.
pub(crate) fn fid() -> &'static Fields {
    FIELDS.with(|f| f.get())
}

/// The text to parse again when `tree` holds no function at file level and the text starts with a bare
/// `name(`: a function cut out of its file with the return type on the line before
/// (`search_make_new(int n, const char *name)`), which tree-sitter reads as a macro type or as a call
/// followed by a block, losing the parameters (108 of SVEN's 476 C/C++ functions). The first four bytes of the name become `int `, so byte
/// offsets, lines and columns stay those of the source; only the function's name loses four letters.
pub(crate) fn retyped_head(language: Language, tree: &Tree, text: &str) -> Option<String> {
    if !matches!(language, Language::C | Language::Cpp) {
        return None;
    }
    if has_definition(tree) {
        return None;
    }
    let start = text.len() - text.trim_start().len();
    if start > 0 && !text[..start].ends_with('\n') {
        return None;
    }
    let head = &text[start..];
    let name = head
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if name < 5 || head.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !head[name..].trim_start_matches([' ', '\t']).starts_with('(') {
        return None;
    }
    let mut patched = text.to_string();
    patched.replace_range(start..start + 4, "int ");
    Some(patched)
}

/// The tree has a function definition at file level.
pub(crate) fn has_definition(tree: &Tree) -> bool {
    let root = tree.root_node();
    let mut c = root.walk();
    let found = root.named_children(&mut c).any(|n| n.kind() == "function_definition");
    found
}

pub(crate) fn analyze(language: Language, tree: &Tree, prep: &Prepared, rules: &RuleSet) -> Emitter {
    FIELDS.with(|f| f.set(fields_of(language)));
    let mut a = CAnalyzer {
        src: &prep.text,
        prep,
        rules,
        funcs: vec![Func::new(String::new(), HashMap::new(), HashSet::new())],
        in_condition: 0,
        out: Emitter::default(),
    };
    a.visit(tree.root_node(), 0);
    a.out
}

struct CAnalyzer<'a> {
    src: &'a str,
    prep: &'a Prepared,
    rules: &'a RuleSet,
    funcs: Vec<Func>,
    out: Emitter,
    /// Greater than 0 while visiting a condition, where pointer arithmetic is a comparison, not a move.
    in_condition: usize,
}

/// Text of an expression with whitespace removed, the key of field paths (`a->b.c`). Expressions longer
/// than [`MAX_KEY`] bytes are not tracked (they get one shared key), which keeps pathological input linear.
fn key(n: Node, src: &str) -> String {
    if n.byte_range().len() > MAX_KEY {
        return String::from("<long>");
    }
    text(n, src).chars().filter(|c| !c.is_whitespace()).collect()
}

const MAX_KEY: usize = 256;

/// The name a declarator declares: `*p`, `buf[10]`, `&r`, `(*fp)(int)` all name their identifier.
fn declarator_name(mut n: Node) -> Option<Node> {
    for _ in 0..16 {
        match n.k() {
            "identifier" | "field_identifier" => return Some(n),
            "init_declarator"
            | "pointer_declarator"
            | "array_declarator"
            | "function_declarator"
            | "parenthesized_declarator"
            | "attributed_declarator" => {
                n = n.child_by_field_id(fid().declarator).or_else(|| n.named_child(0))?;
            }
            "reference_declarator" => n = n.named_child(0)?,
            _ => return None,
        }
    }
    None
}

/// The callee of a call as a dotted path: `memcpy`, `std.memcpy`, `ctx.ops.read` (for `ctx->ops->read`).
fn callee_path(f: Node, src: &str) -> String {
    callee_path_at(f, src, 0)
}

fn callee_path_at(f: Node, src: &str, depth: usize) -> String {
    if depth > 64 {
        return "?".to_string();
    }
    match f.k() {
        "identifier" | "field_identifier" => text(f, src).to_string(),
        "qualified_identifier" | "template_function" => {
            let t: String = text(f, src).chars().filter(|c| !c.is_whitespace()).collect();
            let t = t.split('<').next().unwrap_or("").to_string();
            t.trim_start_matches("::").replace("::", ".")
        }
        "field_expression" => {
            let obj = f
                .child_by_field_id(fid().argument)
                .map(|o| callee_path_at(o, src, depth + 1))
                .unwrap_or_else(|| "?".into());
            let field = f.child_by_field_id(fid().field).map(|x| text(x, src)).unwrap_or("?");
            format!("{obj}.{field}")
        }
        "parenthesized_expression" | "pointer_expression" => f
            .named_child(f.named_child_count().saturating_sub(1))
            .map(|c| callee_path_at(c, src, depth + 1))
            .unwrap_or_else(|| "?".into()),
        "call_expression" => format!(
            "{}()",
            f.child_by_field_id(fid().function)
                .map(|x| callee_path_at(x, src, depth + 1))
                .unwrap_or_else(|| "?".into())
        ),
        _ => "?".to_string(),
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// An ALL_CAPS name is a macro constant (`MAX_LEN`, `PATH_MAX`), never attacker data.
fn is_macro_constant(name: &str) -> bool {
    name.len() > 1
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The text of a C string literal without quotes (escapes as written), or `None` for other nodes.
fn string_literal(n: Node, src: &str) -> Option<String> {
    match n.k() {
        "string_literal" | "raw_string_literal" => {
            let t = text(n, src);
            let start = t.find('"')?;
            let end = t.rfind('"')?;
            Some(if end > start {
                t[start + 1..end].to_string()
            } else {
                String::new()
            })
        }
        "concatenated_string" => {
            let mut s = String::new();
            let mut c = n.walk();
            for part in n.named_children(&mut c) {
                if let Some(p) = string_literal(part, src) {
                    s.push_str(&p);
                }
            }
            Some(s)
        }
        _ => None,
    }
}

/// The expression inside casts and parentheses: `(size_t)(len)` is `len`.
fn strip_casts(mut n: Node) -> Node {
    for _ in 0..16 {
        let inner = match n.k() {
            "cast_expression" => n.child_by_field_id(fid().value),
            "parenthesized_expression" => n.named_child(0),
            _ => None,
        };
        match inner {
            Some(i) => n = i,
            None => break,
        }
    }
    n
}

fn strip_pointer_states(mut t: Taint) -> Taint {
    t.kinds = t.kinds.without(POINTER_STATES);
    t
}

impl<'a> CAnalyzer<'a> {
    fn func(&self) -> &Func {
        self.funcs.last().expect("file scope")
    }
    fn func_mut(&mut self) -> &mut Func {
        self.funcs.last_mut().expect("file scope")
    }
    fn text(&self, n: Node) -> &'a str {
        text(n, self.src)
    }
    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
    }

    fn visit_children(&mut self, node: Node, depth: usize) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for c in children {
            self.visit(c, depth + 1);
        }
    }

    fn visit(&mut self, node: Node, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match node.k() {
            "comment" | "string_literal" | "number_literal" | "char_literal" | "preproc_include" => {}
            "function_definition" => self.visit_function(node, depth),
            "compound_statement"
                if self.funcs.len() == 1
                    && node
                        .parent()
                        .is_some_and(|p| p.k() == "translation_unit" || p.k() == "ERROR") =>
            {
                self.visit_headless_body(node, depth)
            }
            "compound_statement" => {
                // After `return`/`goto`, the next statements run only when a label is jumped to, from
                // paths this walk did not follow: what was freed on the way to the `return` (`destroy(p);
                // return 0; error: if (p) destroy(p);`) is not known freed there.
                let mut c = node.walk();
                let children: Vec<Node> = node.named_children(&mut c).collect();
                let mut unreachable = false;
                for ch in children {
                    if ch.k() == "labeled_statement" {
                        // What the `goto`s to this label had freed is freed here (`destroy(p); if (bad)
                        // goto error; ... error: destroy(p);`); after an unconditional jump, nothing else.
                        let label = ch.named_child(0).map(|l| self.text(l).to_string()).unwrap_or_default();
                        let jumped = self.func().goto_freed.get(&label).cloned().unwrap_or_default();
                        let f = self.func_mut();
                        for (k, v) in f.vars.iter_mut() {
                            if jumped.contains(k) {
                                v.taint.kinds = v.taint.kinds.union(FREED);
                            } else if unreachable {
                                v.taint.kinds = v.taint.kinds.without(FREED);
                            }
                        }
                        unreachable = false;
                    }
                    self.visit(ch, depth + 1);
                    unreachable |= ends_path(ch, self.src);
                }
            }
            "goto_statement" => {
                if let Some(l) = node.named_child(0) {
                    let label = self.text(l).to_string();
                    let f = self.func_mut();
                    let freed: Vec<String> = f
                        .vars
                        .iter()
                        .filter(|(_, v)| v.taint.kinds.contains(FREED))
                        .map(|(k, _)| k.clone())
                        .collect();
                    f.goto_freed.entry(label).or_default().extend(freed);
                }
            }
            "lambda_expression" => {
                // A lambda body sees the enclosing variables; analyze it in place.
                if let Some(b) = node.child_by_field_id(fid().body) {
                    self.visit(b, depth + 1);
                }
            }
            "declaration" | "field_declaration" => {
                let mut c = node.walk();
                let decls: Vec<Node> = node.children_by_field_name("declarator", &mut c).collect();
                for d in decls {
                    self.visit_declarator(d, depth);
                }
            }
            "assignment_expression" => self.visit_assignment(node, depth),
            "update_expression" => {
                if let Some(arg) = node.child_by_field_id(fid().argument) {
                    self.visit_lvalue(arg, depth);
                }
            }
            "if_statement" => {
                if let Some(c) = node.child_by_field_id(fid().condition) {
                    // `if (len < 4) return;`: what follows runs only where the condition failed.
                    let exits = node
                        .child_by_field_id(fid().consequence)
                        .is_some_and(|b| ends_path(b, self.src));
                    self.visit_condition(c, depth);
                    self.note_bounds(c, !exits, 0);
                    if exits {
                        self.note_size_rejects(c, 0);
                    }
                }
                if let Some(body) = node.child_by_field_id(fid().consequence) {
                    self.visit_branch(body, depth);
                }
                if let Some(alt) = node.child_by_field_id(fid().alternative) {
                    self.visit_branch(alt, depth);
                }
            }
            "while_statement" | "switch_statement" => {
                if let Some(c) = node.child_by_field_id(fid().condition) {
                    self.visit_condition(c, depth);
                    self.note_bounds(c, true, 0);
                }
                if let Some(body) = node.child_by_field_id(fid().body) {
                    self.visit_branch(body, depth);
                }
            }
            "do_statement" => {
                if let Some(body) = node.child_by_field_id(fid().body) {
                    self.visit(body, depth + 1);
                }
                if let Some(c) = node.child_by_field_id(fid().condition) {
                    self.visit_condition(c, depth);
                }
            }
            "for_statement" => {
                if let Some(i) = node.child_by_field_id(fid().initializer) {
                    self.visit(i, depth + 1);
                }
                let tested = match node.child_by_field_id(fid().condition) {
                    Some(c) => {
                        self.visit_condition(c, depth);
                        self.note_bounds(c, true, 0);
                        self.deps_of(c)
                    }
                    None => HashSet::new(),
                };
                let cursors = match node.child_by_field_id(fid().update) {
                    Some(u) => self.cursor_may_end(u, &tested),
                    None => Vec::new(),
                };
                if let Some(body) = node.child_by_field_id(fid().body) {
                    self.visit_branch(body, depth);
                }
                // The body's uses were the ones to report; the advance itself is not reported again.
                for c in cursors {
                    if let Some(v) = self.func_mut().vars.get_mut(&c) {
                        v.taint.kinds = v.taint.kinds.without(MAYBE_NULL);
                    }
                }
                if let Some(u) = node.child_by_field_id(fid().update) {
                    self.visit(u, depth + 1);
                }
            }
            "for_range_loop" => {
                if let Some(r) = node.child_by_field_id(fid().right) {
                    self.visit(r, depth + 1);
                    let v = self.eval(r, 0);
                    if let Some(name) = node.child_by_field_id(fid().declarator).and_then(declarator_name) {
                        let n = self.text(name).to_string();
                        self.bind_name(n, Value::other(strip_pointer_states(v.taint)), HashSet::new());
                    }
                }
                if let Some(body) = node.child_by_field_id(fid().body) {
                    self.visit_branch(body, depth);
                }
            }
            "conditional_expression" => {
                if let Some(c) = node.child_by_field_id(fid().condition) {
                    // `len > max ? max : len` bounds `len`; `len > 255 ? EXT : SHORT` only classifies it,
                    // and the code after it may still use any `len`.
                    let tested = self.deps_of(c);
                    let bounds = [fid().consequence, fid().alternative]
                        .iter()
                        .filter_map(|f| node.child_by_field_id(*f))
                        .any(|b| {
                            self.deps_of(b).iter().any(|d| {
                                tested.iter().any(|t| {
                                    d.strip_prefix(t.as_str()).is_some_and(|rest| {
                                        rest.is_empty()
                                            || rest.starts_with('.')
                                            || rest.starts_with("->")
                                            || rest.starts_with('[')
                                    })
                                })
                            })
                        });
                    if bounds {
                        self.visit_condition(c, depth);
                        self.note_bounds(c, true, 0);
                    } else {
                        self.in_condition += 1;
                        self.visit(c, depth + 1);
                        self.in_condition -= 1;
                    }
                }
                for f in [fid().consequence, fid().alternative] {
                    if let Some(b) = node.child_by_field_id(f) {
                        self.visit(b, depth + 1);
                    }
                }
            }
            "binary_expression" => {
                let op = node.child_by_field_id(fid().operator).map(|o| o.k()).unwrap_or("");
                let (l, r) = (node.child_by_field_id(fid().left), node.child_by_field_id(fid().right));
                if let Some(l) = l {
                    self.visit(l, depth + 1);
                    // `p && p->x`, `!p || p->x`: the right side runs only after the left side's test.
                    if op == "&&" || op == "||" {
                        self.apply_checks(l);
                        self.note_bounds(l, op == "&&", 0);
                    }
                }
                if let Some(r) = r {
                    self.visit(r, depth + 1);
                }
                if let (Some(l), Some(r), "+") = (l, r, op) {
                    self.pointer_offset(node, l, r);
                }
            }
            "call_expression" => {
                if let Some(f) = node.child_by_field_id(fid().function) {
                    if f.k() != "identifier" {
                        self.visit(f, depth + 1);
                    }
                }
                if let Some(args) = node.child_by_field_id(fid().arguments) {
                    self.visit(args, depth + 1);
                }
                self.on_call(node);
            }
            "delete_expression" => {
                self.visit_children(node, depth);
                if let Some(p) = node.named_child(node.named_child_count().saturating_sub(1)) {
                    self.mark_freed(p);
                }
            }
            "field_expression" => {
                if let Some(arg) = node.child_by_field_id(fid().argument) {
                    self.visit(arg, depth + 1);
                    let arrow = node.child_by_field_id(fid().operator).is_some_and(|o| o.k() == "->");
                    if arrow {
                        self.emit_op(DEREF, node, &[arg]);
                    }
                }
            }
            "pointer_expression" => {
                if let Some(arg) = node.child_by_field_id(fid().argument) {
                    self.visit(arg, depth + 1);
                    let star = node.child_by_field_id(fid().operator).is_some_and(|o| o.k() == "*");
                    if star {
                        self.emit_op(DEREF, node, &[arg]);
                    }
                }
            }
            "subscript_expression" => self.visit_subscript(node, depth, false),
            "expression_statement" => {
                // `assert(n < size);`, `BUG_ON(!p);`: a check for the rest of the function.
                if let Some(call) = node.named_child(0).filter(|c| c.k() == "call_expression") {
                    self.visit(call, depth + 1);
                    let name = call
                        .child_by_field_id(fid().function)
                        .map(|f| callee_path(f, self.src))
                        .unwrap_or_default();
                    let last = last_segment(&name).to_string();
                    if let Some(args) = call.child_by_field_id(fid().arguments) {
                        if is_assert_like(&last) {
                            self.apply_checks(args);
                        } else if is_validator(&last) {
                            self.clear_args(args, Kind::ALL);
                        }
                        if is_macro_constant(&last) {
                            // `LY_CHECK_ERR_RETURN(!result, LOGMEM(ctx), NULL);`, `GOTO_IF(len > max, out);`:
                            // a macro given a condition checks it (and leaves when it fails).
                            let mut c = args.walk();
                            let conds: Vec<Node> = args.named_children(&mut c).filter(|a| is_condition(*a)).collect();
                            for a in conds {
                                self.apply_checks(a);
                            }
                        }
                    }
                } else {
                    self.visit_children(node, depth);
                }
            }
            _ => self.visit_children(node, depth),
        }
        self.run_node_rules(node);
    }

    fn visit_condition(&mut self, c: Node, depth: usize) {
        self.in_condition += 1;
        self.visit(c, depth + 1);
        self.in_condition -= 1;
        self.apply_checks(c);
    }

    /// Records what a condition says about magnitudes where it `holds` (or, with `holds` false, where it
    /// failed: after `if (len < 4) return;`). The greater side of a comparison (`len >= 4`, `n > 0`, a
    /// non-zero truth test `if (!len) return;`) is lower-bounded, so subtracting from it is taken to be
    /// safe; the variables on the two sides of any comparison are ordered with each other (`if (off > len)
    /// return;` makes `len - off` checked). Which bound is meant is not checked against the subtrahend: a
    /// comparison that points the right way counts.
    fn note_bounds(&mut self, n: Node, holds: bool, depth: usize) {
        if depth > 32 {
            return;
        }
        match n.k() {
            "parenthesized_expression" | "condition_clause" | "cast_expression" => {
                if let Some(c) = n.named_child(n.named_child_count().saturating_sub(1)) {
                    self.note_bounds(c, holds, depth + 1);
                }
            }
            // `if (len)` holds, or `if (!len) return;` failed: `len` is at least 1.
            "identifier" | "field_expression" if holds => {
                let k = key(n, self.src);
                self.func_mut().lower_bounded.insert(k);
            }
            "unary_expression" => {
                let not = n.child_by_field_id(fid().operator).is_some_and(|o| o.k() == "!");
                if let (true, Some(a)) = (not, n.child_by_field_id(fid().argument)) {
                    self.note_bounds(a, !holds, depth + 1);
                }
            }
            "call_expression" => {
                // `likely(len >= 4)`, `unlikely(!n)`: the macro's argument is the condition.
                let name = n
                    .child_by_field_id(fid().function)
                    .map(|f| callee_path(f, self.src))
                    .unwrap_or_default();
                if matches!(last_segment(&name), "likely" | "unlikely") {
                    if let Some(a) = n.child_by_field_id(fid().arguments).and_then(|a| a.named_child(0)) {
                        self.note_bounds(a, holds, depth + 1);
                    }
                }
            }
            "binary_expression" => {
                let (Some(l), Some(r)) = (n.child_by_field_id(fid().left), n.child_by_field_id(fid().right)) else {
                    return;
                };
                let op = n.child_by_field_id(fid().operator).map(|o| o.k()).unwrap_or("");
                if op == "&&" || op == "||" {
                    self.note_bounds(l, holds, depth + 1);
                    self.note_bounds(r, holds, depth + 1);
                    return;
                }
                if !matches!(op, "<" | ">" | "<=" | ">=" | "==" | "!=") {
                    return;
                }
                let (ld, rd) = (self.deps_of(l), self.deps_of(r));
                let f = self.func_mut();
                for a in &ld {
                    for b in &rd {
                        f.ordered.insert((a.clone(), b.clone()));
                        f.ordered.insert((b.clone(), a.clone()));
                    }
                }
                // The side that is greater where the condition is known, and whether strictly.
                let (greater, strict) = match (op, holds) {
                    (">", true) | ("<=", false) => (Some(l), true),
                    (">=", true) | ("<", false) => (Some(l), false),
                    ("<", true) | (">=", false) => (Some(r), true),
                    ("<=", true) | (">", false) => (Some(r), false),
                    _ => (None, false),
                };
                let zero = |x: Node| matches!(self.text(x).trim(), "0" | "0U" | "0L" | "0UL");
                let mut bounded = Vec::new();
                match greater {
                    Some(g) => {
                        let other = if g.id() == l.id() { r } else { l };
                        if strict || !zero(other) {
                            bounded.push(g);
                        }
                    }
                    // Known equal to zero bounds nothing; known non-zero (or equal to something else) does.
                    None if !((op == "==") == holds && (zero(l) || zero(r))) => {
                        bounded.push(l);
                        bounded.push(r);
                    }
                    None => {}
                }
                for b in bounded {
                    let b = strip_casts(b);
                    if matches!(b.k(), "identifier" | "field_expression") {
                        let k = key(b, self.src);
                        self.func_mut().lower_bounded.insert(k);
                    }
                }
            }
            _ => {}
        }
    }

    /// `a - b` may wrap below zero: `a` is a length or index from a parameter or input (not a pointer),
    /// `b` is not zero, and no condition so far bounded `a` from below or compared it with `b`.
    fn wraps(&self, a: Node, b: Node) -> bool {
        let a = strip_casts(a);
        if !matches!(a.k(), "identifier" | "field_expression") {
            return false;
        }
        let f = self.func();
        let ak = key(a, self.src);
        if f.pointers.contains(&ak) || f.lower_bounded.contains(&ak) || is_macro_constant(&ak) {
            return false;
        }
        let av = self.eval(a, 0);
        if av.taint.kinds.contains(MAYBE_NULL) {
            return false;
        }
        let t = strip_pointer_states(av.taint);
        if !t.is_tainted() || t.weak {
            return false;
        }
        let b = strip_casts(b);
        if matches!(self.text(b).trim(), "0" | "0U" | "0L" | "0UL") {
            return false;
        }
        let bk = key(b, self.src);
        if b.k() == "identifier" && f.pointers.contains(&bk) {
            return false;
        }
        !self
            .deps_of(b)
            .iter()
            .any(|d| f.ordered.contains(&(ak.clone(), d.clone())))
    }

    /// `p + n` / `p += n` on a declared pointer, outside conditions: a [`PTR_OFFSET`] event.
    fn pointer_offset(&mut self, node: Node, left: Node, right: Node) {
        if self.in_condition > 0 || left.k() != "identifier" || !self.func().pointers.contains(self.text(left)) {
            return;
        }
        self.emit_op(PTR_OFFSET, node, &[left, right]);
    }

    fn run_node_rules(&mut self, node: Node) {
        self.rules.run_node_rules(
            node,
            self.src,
            self.prep,
            &self.funcs.last().expect("file scope").name,
            &mut self.out,
        );
    }

    /// Visits an `if`/loop body. A body that ends the path (`return`, `goto`, `exit()`) leaves no state
    /// behind: what it frees or assigns does not reach the code after the statement.
    fn visit_branch(&mut self, body: Node, depth: usize) {
        if ends_path(body, self.src) {
            let saved_vars = self.func().vars.clone();
            let saved_deps = self.func().deps.clone();
            self.visit(body, depth + 1);
            let f = self.func_mut();
            f.vars = saved_vars;
            f.deps = saved_deps;
        } else {
            // A branch that falls through may not run: a name it rebinds to something clean (`if (!strcmp(name,
            // "release")) name = OS_RELEASE;`) still holds the caller's value on the other path.
            // Only what such a rebinding could lose is kept aside (numbers are judged by their bounds, which
            // the branch's constant does set), not a copy of every variable at every branch.
            const INJECTION: Kind = Kind(Kind::PATH.0 | Kind::SHELL.0 | Kind::FORMAT.0 | Kind::SQL.0);
            let before: Vec<(String, Taint)> = self
                .func()
                .vars
                .iter()
                .filter(|(_, v)| v.taint.kinds.0 & INJECTION.0 != 0 && !matches!(v.shape, Shape::Number))
                .map(|(name, v)| {
                    let kinds = Kind(v.taint.kinds.0 & INJECTION.0);
                    (
                        name.clone(),
                        Taint {
                            kinds,
                            ..v.taint.clone()
                        },
                    )
                })
                .collect();
            self.visit(body, depth + 1);
            for (name, old) in before {
                if let Some(v) = self.func_mut().vars.get_mut(&name) {
                    if !v.taint.is_tainted() {
                        v.taint = old;
                        // Either value may be there: no longer one constant string.
                        if matches!(v.shape, Shape::Str(_)) {
                            v.shape = Shape::Other;
                        }
                    }
                }
            }
        }
    }

    fn visit_function(&mut self, node: Node, depth: usize) {
        let decl = node.child_by_field_id(fid().declarator);
        // The function declarator may be wrapped: `char *f(int n)`, `int (*f)(void)`.
        let mut fd = decl;
        for _ in 0..8 {
            match fd {
                Some(d) if d.k() == "function_declarator" => break,
                Some(d) => fd = d.child_by_field_id(fid().declarator),
                None => break,
            }
        }
        let name = fd
            .and_then(|d| d.child_by_field_id(fid().declarator))
            .map(|n| self.text(n).to_string())
            .unwrap_or_default();
        let mut vars = HashMap::new();
        let mut pointers = HashSet::new();
        let mut lengths = HashMap::new();
        if let Some(params) = fd.and_then(|d| d.child_by_field_id(fid().parameters)) {
            let mut c = params.walk();
            let mut prev_pointer: Option<String> = None;
            for p in params.named_children(&mut c) {
                if !matches!(p.k(), "parameter_declaration" | "optional_parameter_declaration") {
                    continue;
                }
                let Some(id) = p.child_by_field_id(fid().declarator).and_then(declarator_name) else {
                    prev_pointer = None;
                    continue;
                };
                let pname = self.text(id).to_string();
                let is_pointer = p
                    .child_by_field_id(fid().declarator)
                    .is_some_and(|d| matches!(d.k(), "pointer_declarator" | "array_declarator"));
                if is_pointer {
                    pointers.insert(pname.clone());
                } else if let Some(buf) = prev_pointer.take() {
                    let integer = p
                        .child_by_field_id(fid().r#type)
                        .is_some_and(|t| is_integer_type(self.text(t)));
                    if integer && id.parent().is_some_and(|d| d.id() == p.id()) {
                        lengths.insert(buf, pname.clone());
                    }
                }
                // `u64 blocks[4]` has its size in its type: what follows is not its length.
                let sized = p
                    .child_by_field_id(fid().declarator)
                    .is_some_and(|d| d.k() == "array_declarator" && d.child_by_field_id(fid().size).is_some());
                prev_pointer = (is_pointer && !sized).then(|| pname.clone());
                let user = matches!(pname.as_str(), "argv" | "envp");
                vars.insert(
                    pname.clone(),
                    Value::other(Taint::source(format!("parameter `{pname}`"), self.line(id), user)),
                );
            }
        }
        let mut func = Func::new(name, vars, pointers);
        func.lengths = lengths;
        self.funcs.push(func);
        if let Some(body) = node.child_by_field_id(fid().body) {
            self.visit(body, depth + 1);
        }
        self.funcs.pop();
    }

    /// A function body at file level with no parsed definition around it: functions cut out of a file
    /// whose return type sat on the line before (`rfbHandleAuthResult(rfbClient* client)\n{`), K&R
    /// definitions, or headers the grammar could not read because of macros. The parameter names are the
    /// last word of each comma-separated part of the last parenthesised list before the body.
    fn visit_headless_body(&mut self, body: Node, depth: usize) {
        let head_start = body.prev_sibling().map(|p| {
            let mut first = p;
            while let Some(pp) = first.prev_sibling() {
                if pp.end_position().row + 1 < first.start_position().row
                    || matches!(pp.k(), "compound_statement" | "function_definition")
                {
                    break;
                }
                first = pp;
            }
            first.start_byte()
        });
        let params = match head_start {
            Some(start) => header_params(self.src.get(start..body.start_byte()).unwrap_or("")),
            None => Vec::new(),
        };
        let line = self.line(body);
        let mut vars = HashMap::new();
        let mut pointers = HashSet::new();
        for (name, is_ptr) in params {
            if is_ptr {
                pointers.insert(name.clone());
            }
            let user = matches!(name.as_str(), "argv" | "envp");
            vars.insert(
                name.clone(),
                Value::other(Taint::source(format!("parameter `{name}`"), line, user)),
            );
        }
        self.funcs.push(Func::new(String::new(), vars, pointers));
        self.visit_children(body, depth);
        self.funcs.pop();
    }

    fn visit_declarator(&mut self, d: Node, depth: usize) {
        let inner = if d.k() == "init_declarator" {
            d.child_by_field_id(fid().declarator)
        } else {
            Some(d)
        };
        if let Some(inner) = inner.filter(|i| matches!(i.k(), "pointer_declarator" | "array_declarator")) {
            if let Some(name) = declarator_name(inner) {
                let n = self.text(name).to_string();
                self.func_mut().pointers.insert(n);
            }
        }
        if d.k() == "init_declarator" {
            let Some(name) = d.child_by_field_id(fid().declarator).and_then(declarator_name) else {
                self.visit_children(d, depth);
                return;
            };
            if let Some(v) = d.child_by_field_id(fid().value) {
                self.visit(v, depth + 1);
                let val = self.eval(v, 0);
                let deps = self.deps_of(v);
                let n = self.text(name).to_string();
                self.bind_name(n, val, deps);
            }
        } else if let Some(name) = declarator_name(d) {
            // `int n;`, `char buf[64];`: a fresh local, whatever a parameter of that name held.
            let n = self.text(name).to_string();
            self.bind_name(n, Value::clean(Shape::Other), HashSet::new());
            // Array sizes (`char buf[len]`) are evaluated: a VLA of unchecked length is an allocation.
            self.visit_children(d, depth);
        }
    }

    fn visit_assignment(&mut self, node: Node, depth: usize) {
        let (Some(left), Some(right)) = (node.child_by_field_id(fid().left), node.child_by_field_id(fid().right))
        else {
            self.visit_children(node, depth);
            return;
        };
        self.visit(right, depth + 1);
        self.visit_lvalue(left, depth);
        let op = node
            .child_by_field_id(fid().operator)
            .map(|o| self.text(o))
            .unwrap_or("=");
        if op == "+=" {
            self.pointer_offset(node, left, right);
            // `line += 3;` skips bytes of a buffer parameter whose length is unchecked.
            self.unguarded_offset(node, left, right);
        }
        let rv = self.eval(right, 0);
        let mut deps = self.deps_of(right);
        let v = if op == "=" {
            rv
        } else {
            let old = self.eval(left, 0);
            deps.extend(self.deps_of(left));
            let mut t = strip_pointer_states(old.taint.join(&rv.taint));
            if matches!(op, "*=" | "<<=")
                || (op == "+=" && old.taint.reaches(Kind::SIZE) && rv.taint.reaches(Kind::SIZE))
            {
                t = t.built();
            }
            if op == "-=" && self.wraps(left, right) {
                t = self.wrapped(t, node);
            }
            Value::other(t)
        };
        match left.k() {
            "identifier" | "field_expression" | "pointer_expression" | "qualified_identifier" => {
                let k = key(left, self.src);
                self.bind_name(k, v, deps);
            }
            "subscript_expression" => {
                // `buf[i] = tainted` taints the buffer.
                if let Some(base) = left.child_by_field_id(fid().argument) {
                    let old = self.eval(base, 0);
                    let k = key(base, self.src);
                    let t = old.taint.join(&strip_pointer_states(v.taint));
                    self.bind_name(k, Value::other(t), deps);
                }
            }
            _ => {}
        }
    }

    /// Visits the target of a write: events for `a[i] = ...`, `p->f = ...`, `*p = ...`.
    fn visit_lvalue(&mut self, left: Node, depth: usize) {
        if left.k() == "subscript_expression" {
            self.visit_subscript(left, depth, true);
            self.run_node_rules(left);
        } else if left.k() == "parenthesized_expression" {
            if let Some(inner) = left.named_child(0) {
                self.visit_lvalue(inner, depth + 1);
            }
        } else {
            self.visit(left, depth + 1);
        }
    }

    fn visit_subscript(&mut self, node: Node, depth: usize, write: bool) {
        let base = node.child_by_field_id(fid().argument);
        let index = node
            .child_by_field_id(fid().index)
            .or_else(|| node.child_by_field_id(fid().indices).and_then(|l| l.named_child(0)));
        if let Some(b) = base {
            self.visit(b, depth + 1);
        }
        if let Some(i) = index {
            self.visit(i, depth + 1);
        }
        if let (Some(b), Some(i)) = (base, index) {
            self.emit_op(DEREF, node, &[b]);
            self.emit_op(if write { INDEX_WRITE } else { INDEX_READ }, node, &[b, i]);
            if !write {
                self.unguarded_offset(node, b, i);
            }
            if i.k() == "identifier" {
                let f = self.func();
                if f.size_rejects.get(self.text(i)).is_some_and(|v| *v == key(b, self.src)) {
                    self.emit_op(SIZE_OFF_BY_ONE, node, &[b, i]);
                }
            }
        }
    }

    /// `for (i = 0; i < rows; i++, l = l->next)`: a list cursor advanced by the loop but not tested by its
    /// condition reaches the end of a short list as NULL, so in the body it may be NULL.
    fn cursor_may_end(&mut self, update: Node, tested: &HashSet<String>) -> Vec<String> {
        let mut cursors = Vec::new();
        let mut stack = vec![update];
        while let Some(n) = stack.pop() {
            match n.k() {
                "comma_expression" | "parenthesized_expression" => {
                    let mut c = n.walk();
                    stack.extend(n.named_children(&mut c));
                }
                "assignment_expression" => {
                    let (Some(l), Some(r)) = (n.child_by_field_id(fid().left), n.child_by_field_id(fid().right)) else {
                        continue;
                    };
                    let r = strip_casts(r);
                    let advances = l.k() == "identifier"
                        && r.k() == "field_expression"
                        && r.child_by_field_id(fid().argument)
                            .is_some_and(|a| self.text(a) == self.text(l));
                    let name = self.text(l).to_string();
                    if !advances || tested.contains(&name) {
                        continue;
                    }
                    let mut v = self.eval(l, 0);
                    v.taint.kinds = v.taint.kinds.union(MAYBE_NULL);
                    v.taint.origin = Some(crate::taint::Origin {
                        what: format!("`{}`, the end of the list", self.text(r)).into(),
                        line: self.line(r),
                    });
                    self.func_mut().vars.insert(name.clone(), v);
                    cursors.push(name);
                }
                _ => {}
            }
        }
        cursors
    }

    /// `if (i > v.size()) return;` lets `i == v.size()` through: records the index and the container, for
    /// [`SIZE_OFF_BY_ONE`] when `v[i]` follows.
    fn note_size_rejects(&mut self, c: Node, depth: usize) {
        if depth > 16 {
            return;
        }
        match c.k() {
            "parenthesized_expression" | "condition_clause" => {
                if let Some(i) = c.named_child(c.named_child_count().saturating_sub(1)) {
                    self.note_size_rejects(i, depth + 1);
                }
            }
            "binary_expression" => {
                let op = c.child_by_field_id(fid().operator).map(|o| o.k()).unwrap_or("");
                let (Some(l), Some(r)) = (c.child_by_field_id(fid().left), c.child_by_field_id(fid().right)) else {
                    return;
                };
                let (index, size) = match op {
                    "||" => {
                        self.note_size_rejects(l, depth + 1);
                        self.note_size_rejects(r, depth + 1);
                        return;
                    }
                    ">" => (l, r),
                    "<" => (r, l),
                    _ => return,
                };
                let (index, size) = (strip_casts(index), strip_casts(size));
                // `static_cast<int>(v.size())` is a call around the size.
                let size = match size.k() {
                    "call_expression"
                        if size
                            .child_by_field_id(fid().function)
                            .is_some_and(|f| !matches!(f.k(), "field_expression") && self.text(f).contains("cast")) =>
                    {
                        size.child_by_field_id(fid().arguments)
                            .and_then(|a| a.named_child(0))
                            .map(strip_casts)
                            .unwrap_or(size)
                    }
                    _ => size,
                };
                if index.k() != "identifier" || size.k() != "call_expression" {
                    return;
                }
                let Some(f) = size
                    .child_by_field_id(fid().function)
                    .filter(|f| f.k() == "field_expression")
                else {
                    return;
                };
                let method = f.child_by_field_id(fid().field).map(|m| self.text(m)).unwrap_or("");
                let Some(container) = f.child_by_field_id(fid().argument) else {
                    return;
                };
                if matches!(method, "size" | "length") {
                    let (i, v) = (self.text(index).to_string(), key(container, self.src));
                    self.func_mut().size_rejects.insert(i, v);
                }
            }
            _ => {}
        }
    }

    /// `buf[3]` on a buffer parameter whose length parameter no condition has mentioned yet: an
    /// [`UNGUARDED_OFFSET`].
    fn unguarded_offset(&mut self, node: Node, base: Node, index: Node) {
        if base.k() != "identifier" || index.k() != "number_literal" {
            return;
        }
        if crate::rules::c::integer_literal(self.text(index)).is_none_or(|k| k < 1) {
            return;
        }
        let f = self.func();
        let Some(len) = f.lengths.get(self.text(base)) else {
            return;
        };
        let unchecked = f.vars.get(len).is_some_and(|v| {
            v.taint.reaches(Kind::SIZE) && v.taint.origin.as_ref().is_some_and(|o| o.what.contains("parameter"))
        });
        if !unchecked || f.lower_bounded.contains(len) {
            return;
        }
        let mut args = vec![self.arg_of(base), self.arg_of(index)];
        args.push(Arg {
            keyword: None,
            value: f.vars[len].clone(),
            span: self.prep.span(base),
            text: len.clone(),
        });
        self.emit_site(UNGUARDED_OFFSET, node, args);
    }

    fn arg_of(&self, n: Node) -> Arg {
        Arg {
            keyword: None,
            value: self.eval(n, 0),
            span: self.prep.span(n),
            text: self.text(n).to_string(),
        }
    }

    fn emit_op(&mut self, callee: &str, node: Node, args: &[Node]) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let args: Vec<Arg> = args.iter().map(|a| self.arg_of(*a)).collect();
        self.emit_site(callee, node, args);
    }

    fn emit_site(&mut self, callee: &str, node: Node, args: Vec<Arg>) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let site = CallSite {
            callee: callee.to_string(),
            args,
            receiver: Taint::clean(),
            span: self.prep.span(node),
            function: self.func().name.clone(),
            entry: false,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    fn on_call(&mut self, node: Node) {
        let Some(f) = node.child_by_field_id(fid().function) else {
            return;
        };
        let callee = callee_path(f, self.src);
        let name = last_segment(&callee).to_string();
        let arg_nodes: Vec<Node> = match node.child_by_field_id(fid().arguments) {
            Some(a) => {
                let mut c = a.walk();
                a.named_children(&mut c).filter(|x| x.k() != "comment").collect()
            }
            None => Vec::new(),
        };
        // `free` after a destructor of the contents (`zend_hash_destroy(h); FREE_HASHTABLE(h);`) frees
        // the object once.
        let frees = is_free(&name) && (name.to_ascii_lowercase().contains("free") || name == "delete");
        if !self.rules.call_rules().is_empty() {
            let mut args: Vec<Arg> = arg_nodes.iter().map(|a| self.arg_of(*a)).collect();
            if frees {
                for (a, n) in args.iter_mut().zip(&arg_nodes) {
                    if self.func().destroyed.contains(&key(strip_casts(*n), self.src)) {
                        a.value.taint.kinds = a.value.taint.kinds.without(FREED);
                    }
                }
            }
            let site = CallSite {
                callee: callee.clone(),
                args,
                receiver: Taint::clean(),
                span: self.prep.span(node),
                function: self.func().name.clone(),
                entry: false,
                line_text: line_of(self.src, node).to_string(),
            };
            self.rules.run_call_rules(&site, &mut self.out);
        }
        self.track_stream(node, &name, &arg_nodes);
        // Effects of the call on its arguments.
        if is_free(&name) {
            // `free(p)`; with an allocator context first (`mrb_free(mrb, p)`, `kmem_cache_free(c, p)`) the
            // released pointer is the last argument.
            if let Some(p) = arg_nodes.last() {
                self.mark_freed(*p);
                let k = key(strip_casts(*p), self.src);
                let f = self.func_mut();
                if frees {
                    f.destroyed.remove(&k);
                } else {
                    f.destroyed.insert(k);
                }
            }
            return;
        }
        // Out-parameters (`read_header(ctx, &len)`) receive what the call computed from its inputs.
        if filled_buffer(&name).is_none()
            && !matches!(name.as_str(), "memset" | "bzero" | "memcpy" | "memmove" | "sizeof")
        {
            let inputs = arg_nodes
                .iter()
                .filter(|a| a.k() != "pointer_expression")
                .fold(Taint::clean(), |t, a| {
                    t.join(&strip_pointer_states(self.eval(*a, 0).taint))
                });
            if inputs.is_tainted() {
                for a in &arg_nodes {
                    let is_addr = a.k() == "pointer_expression"
                        && a.child_by_field_id(fid().operator).is_some_and(|o| o.k() == "&");
                    if let Some(target) = a
                        .child_by_field_id(fid().argument)
                        .filter(|t| is_addr && matches!(t.k(), "identifier" | "field_expression"))
                    {
                        let k = key(target, self.src);
                        let mut t = inputs.clone();
                        t.built = false;
                        self.bind_name(k, Value::other(t), HashSet::new());
                    }
                }
            }
        }
        if is_min_like(&name) {
            for a in &arg_nodes {
                self.apply_checks(*a);
            }
        }
        if let Some(i) = filled_buffer(&name) {
            for a in arg_nodes
                .iter()
                .skip(i)
                .take(if name == "sscanf" { usize::MAX } else { 1 })
            {
                let target = if a.k() == "pointer_expression" {
                    a.child_by_field_id(fid().argument).unwrap_or(*a)
                } else {
                    *a
                };
                let k = key(target, self.src);
                let v = Value::other(Taint::source(format!("`{name}()`"), self.line(node), true));
                self.fill(k, v);
            }
        }
        let reads = ["read", "Read", "READ", "recv", "Recv"]
            .iter()
            .any(|w| name.contains(w))
            && name_words(&name).iter().any(|w| matches!(w.as_str(), "read" | "recv"));
        if reads && filled_buffer(&name).is_none() {
            // A reading function of the program (`r_buf_read_at(b, off, buf, len)`, `ReadBlob(image, n,
            // data)`) fills the buffers it is given after its first argument (the source it reads).
            for a in arg_nodes.iter().skip(1) {
                let is_addr =
                    a.k() == "pointer_expression" && a.child_by_field_id(fid().operator).is_some_and(|o| o.k() == "&");
                let target = if is_addr {
                    a.child_by_field_id(fid().argument).unwrap_or(*a)
                } else {
                    *a
                };
                let buffer = is_addr || target.k() == "identifier" && self.func().pointers.contains(self.text(target));
                if buffer && matches!(target.k(), "identifier" | "field_expression") {
                    let k = key(target, self.src);
                    let v = Value::other(Taint::source(format!("`{name}()`"), self.line(node), true));
                    self.fill(k, v);
                }
            }
        }
        if matches!(name.as_str(), "scanf" | "fscanf" | "wscanf") {
            let skip = if name == "fscanf" { 2 } else { 1 };
            for a in arg_nodes.iter().skip(skip) {
                let target = if a.k() == "pointer_expression" {
                    a.child_by_field_id(fid().argument).unwrap_or(*a)
                } else {
                    *a
                };
                let k = key(target, self.src);
                let v = Value::other(Taint::source(format!("`{name}()`"), self.line(node), true));
                self.bind_name(k, v, HashSet::new());
            }
        }
        // String building into the first argument: `sprintf(cmd, "rm %s", name)`, `strcat(path, name)`.
        let builds = matches!(
            name.as_str(),
            "sprintf"
                | "snprintf"
                | "vsprintf"
                | "vsnprintf"
                | "strcat"
                | "strncat"
                | "strcpy"
                | "strncpy"
                | "stpcpy"
                | "memcpy"
                | "memmove"
                | "strlcpy"
                | "strlcat"
                | "g_snprintf"
                | "wcscpy"
                | "wcscat"
        );
        if builds {
            if let Some(dst) = arg_nodes.first() {
                let old = self.eval(*dst, 0);
                let fmt_pos = match name.as_str() {
                    "snprintf" | "vsnprintf" | "g_snprintf" => 2,
                    "sprintf" | "vsprintf" => 1,
                    _ => usize::MAX,
                };
                let mut t = if name.starts_with("str") && name.contains("cat") {
                    old.taint.clone()
                } else {
                    Taint::clean()
                };
                let mut lit = String::new();
                // `"%s/%s", dir, name`: the leading directory is the trusted base of the path; traversal
                // comes from the components joined after it.
                let base_dir = arg_nodes
                    .get(fmt_pos)
                    .and_then(|f| string_literal(*f, self.src))
                    .is_some_and(|f| f.starts_with("%s/"));
                for (i, a) in arg_nodes.iter().enumerate().skip(1) {
                    let mut v = self.eval(*a, 0);
                    if base_dir && i == fmt_pos + 1 {
                        v.taint = v.taint.sanitized(Kind::PATH);
                    }
                    if i == fmt_pos || v.str_const().is_some() {
                        lit.push_str(v.literal_text().unwrap_or(""));
                        lit.push(' ');
                    }
                    t = t.join(&strip_pointer_states(v.taint));
                }
                let shape = if t.is_tainted() {
                    Shape::Built(lit)
                } else {
                    Shape::Other
                };
                let k = key(*dst, self.src);
                let deps = arg_nodes.iter().skip(1).flat_map(|a| self.deps_of(*a)).collect();
                self.bind_name(
                    k,
                    Value {
                        taint: t.built(),
                        shape,
                    },
                    deps,
                );
            }
        }
    }

    /// Stream reader APIs (`Prefix_Read_UINT16(s, v)`, `Prefix_Read(s, buf, n)`, `Prefix_Seek(s, n)`)
    /// against their remaining-length checks (`if (Prefix_GetRemainingLength(s) < 4)`,
    /// `Prefix_CheckAndLogRequiredLength(tag, s, 4)`): each check sets what may be read, each read spends
    /// it, and a read with too little left is a [`STREAM_OVERREAD`].
    fn track_stream(&mut self, node: Node, name: &str, args: &[Node]) {
        let words: Vec<&str> = name.split('_').collect();
        let Some(stream) = args.first().map(|a| key(strip_casts(*a), self.src)) else {
            return;
        };
        let query = words
            .last()
            .is_some_and(|w| w.ends_with("RemainingLength") || w.ends_with("RequiredLength"));
        if query {
            // The length compared with: the other side of `Remaining(s) < n`, or the last argument of
            // `RequiredLength(tag, s, n)`.
            let (stream, len) = if args.len() >= 2 {
                (key(strip_casts(args[args.len() - 2]), self.src), args.last().copied())
            } else {
                let mut up = node;
                while let Some(p) = up
                    .parent()
                    .filter(|p| matches!(p.k(), "parenthesized_expression" | "cast_expression"))
                {
                    up = p;
                }
                let other = up.parent().filter(|p| p.k() == "binary_expression").and_then(|b| {
                    let (l, r) = (b.child_by_field_id(fid().left)?, b.child_by_field_id(fid().right)?);
                    Some(if l.id() == up.id() { r } else { l })
                });
                (stream, other)
            };
            if let Some(len) = len {
                let len = strip_casts(len);
                let budget = match crate::rules::c::integer_literal(self.text(len)) {
                    Some(n) => Budget::Bytes(n),
                    None => Budget::Sized(key(len, self.src)),
                };
                self.func_mut().streams.insert(stream, budget);
            }
            return;
        }
        let verb = words.iter().position(|w| matches!(*w, "Read" | "Seek"));
        let Some(verb) = verb.filter(|&v| v > 0 && words[0].starts_with(|c: char| c.is_ascii_uppercase())) else {
            return;
        };
        // `Read_UINT32`, `Read_INT16_BE`: the width is in the name; `Read(s, buf, n)`, `Seek(s, n)`: the
        // last argument.
        let width = words[verb + 1..].iter().find_map(|w| {
            let digits = w.strip_prefix("UINT").or_else(|| w.strip_prefix("INT"))?;
            digits.parse::<i64>().ok().map(|bits| bits / 8)
        });
        let need = match (width, words.len() == verb + 1, args.last()) {
            (Some(w), _, _) => Budget::Bytes(w),
            (None, true, Some(n)) if args.len() >= 2 => {
                let n = strip_casts(*n);
                match crate::rules::c::integer_literal(self.text(n)) {
                    Some(b) => Budget::Bytes(b),
                    None => Budget::Sized(key(n, self.src)),
                }
            }
            _ => return,
        };
        let have = self.func().streams.get(&stream).cloned();
        let left = match (have, need) {
            (Some(Budget::Bytes(h)), Budget::Bytes(n)) if h >= n => Some(Budget::Bytes(h - n)),
            (Some(Budget::Sized(h)), Budget::Sized(n)) if h == n => Some(Budget::Bytes(0)),
            _ => None,
        };
        match left {
            Some(b) => {
                self.func_mut().streams.insert(stream, b);
            }
            None => {
                // Reported once; what follows is judged against the next check.
                self.func_mut().streams.insert(stream, Budget::Bytes(i64::MAX / 2));
                if let Some(a) = args.first() {
                    self.emit_op(STREAM_OVERREAD, node, &[*a]);
                }
            }
        }
    }

    fn mark_freed(&mut self, p: Node) {
        let p = if p.k() == "cast_expression" {
            p.child_by_field_id(fid().value).unwrap_or(p)
        } else {
            p
        };
        if !matches!(p.k(), "identifier" | "field_expression") {
            return;
        }
        let k = key(p, self.src);
        let mut v = self.eval(p, 0);
        v.taint.kinds = v.taint.kinds.without(MAYBE_NULL).union(FREED);
        v.taint.origin = Some(crate::taint::Origin {
            what: format!("`{k}` freed").into(),
            line: self.line(p),
        });
        self.func_mut().vars.insert(k, v);
    }

    /// A buffer or struct filled with input: what was known of its fields before (`nh.len = 0` ahead of
    /// `read(fd, &nh, sizeof nh)`) no longer holds; they read as the new contents.
    fn fill(&mut self, k: String, v: Value) {
        let f = self.func_mut();
        f.vars.retain(|name, _| {
            !name
                .strip_prefix(k.as_str())
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("->") || rest.starts_with('['))
        });
        self.bind_name(k, v, HashSet::new());
    }

    fn bind_name(&mut self, name: String, v: Value, deps: HashSet<String>) {
        let mut all = HashSet::new();
        for d in deps {
            if let Some(more) = self.func().deps.get(&d) {
                all.extend(more.iter().cloned());
            }
            all.insert(d);
        }
        all.remove(&name);
        let f = self.func_mut();
        f.lower_bounded.remove(&name);
        f.destroyed.remove(&name);
        f.size_rejects.remove(&name);
        f.vars.insert(name.clone(), v);
        f.deps.insert(name, all);
    }

    /// Variables and field paths an expression reads.
    fn deps_of(&self, n: Node) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut stack = vec![(n, 0usize)];
        while let Some((n, d)) = stack.pop() {
            if d > MAX_DEPTH {
                continue;
            }
            match n.k() {
                "identifier" => {
                    out.insert(self.text(n).to_string());
                }
                "field_expression" => {
                    out.insert(key(n, self.src));
                }
                "sizeof_expression" | "string_literal" | "number_literal" => {}
                _ => {
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        stack.push((ch, d + 1));
                    }
                }
            }
        }
        out
    }

    /// Clears `SIZE` and `MAYBE_NULL` from what a condition looks at, and every kind from the arguments of
    /// validator calls in it.
    fn apply_checks(&mut self, cond: Node) {
        let mut seen: Vec<(String, Node, Kind)> = Vec::new();
        // (node, depth, inside a comparison): only a compared value is bounds-checked; a bare truth test
        // (`if (p)`, `if (!n)`) checks for NULL (or zero) and bounds nothing.
        let mut stack = vec![(cond, 0usize, false, false)];
        while let Some((n, d, compared, in_call)) = stack.pop() {
            if d > MAX_DEPTH {
                continue;
            }
            let kinds = match (compared, in_call) {
                (true, false) => Kind::SIZE | MAYBE_NULL,
                (false, false) => MAYBE_NULL,
                // An argument of an ordinary call in a condition (`if (!read_into(buf, n))`) is passed on,
                // not tested for NULL; a comparison of the call's result bounds its inputs at most.
                (true, true) => Kind::SIZE,
                (false, true) => Kind::NONE,
            };
            match n.k() {
                "identifier" => seen.push((self.text(n).to_string(), n, kinds)),
                "field_expression" | "subscript_expression" => {
                    seen.push((key(n, self.src), n, kinds));
                    // `a[i] < x` also bounds `i` only if `i` is compared itself; reading `a[i]` checks
                    // nothing about `i`, and reading `p->len` does not check `p` for NULL.
                    if n.k() == "subscript_expression" {
                        if let Some(i) = n.child_by_field_id(fid().index) {
                            stack.push((i, d + 1, false, in_call));
                        }
                    }
                }
                "binary_expression" => {
                    let op = n.child_by_field_id(fid().operator).map(|o| o.k()).unwrap_or("");
                    // A comparison with 0 or NULL (`len > 0`, `n < 0`, `p != NULL`) tests sign or
                    // emptiness; it bounds nothing.
                    let zero = |side: u16| {
                        n.child_by_field_id(side).is_some_and(|x| {
                            matches!(
                                self.text(x).trim(),
                                "0" | "NULL" | "nullptr" | "0L" | "0U" | "0UL" | "'\\0'"
                            )
                        })
                    };
                    let relational = matches!(op, "<" | ">" | "<=" | ">=" | "==" | "!=");
                    let cmp = compared || relational && !zero(fid().left) && !zero(fid().right);
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        stack.push((ch, d + 1, cmp, in_call));
                    }
                }
                "call_expression" => {
                    let name = n
                        .child_by_field_id(fid().function)
                        .map(|f| callee_path(f, self.src))
                        .unwrap_or_default();
                    let last = last_segment(&name);
                    let args = n.child_by_field_id(fid().arguments);
                    if let Some(a) = args {
                        let traversal_test = matches!(
                            last,
                            "strstr" | "strchr" | "strrchr" | "strpbrk" | "strcmp" | "strncmp" | "memchr"
                        ) && self.text(a).contains("..")
                            || matches!(last, "strchr" | "strrchr" | "strpbrk") && self.text(a).contains('/');
                        let validates = is_validator(last) || traversal_test;
                        // `likely(n < max)`, `WARN_ON(len > x)`: the macro's argument is the condition.
                        let cmp_inside = compared
                            || is_assert_like(last)
                            || matches!(last, "likely" | "unlikely")
                            || is_min_like(last)
                            || last.to_ascii_lowercase().contains("overflow");
                        let mut c = a.walk();
                        for arg in a.named_children(&mut c) {
                            if validates && matches!(arg.k(), "identifier" | "field_expression") {
                                seen.push((key(arg, self.src), arg, Kind::ALL | MAYBE_NULL));
                            } else {
                                // `IS_NULL_PTR(p)`, `is_null(p)`: a test for NULL by name.
                                let wrapper = is_assert_like(last)
                                    || matches!(last, "likely" | "unlikely" | "IS_ERR")
                                    || name_words(last).iter().any(|w| w == "null");
                                stack.push((arg, d + 1, cmp_inside, in_call || !wrapper));
                            }
                        }
                    }
                }
                "sizeof_expression" | "string_literal" | "number_literal" | "char_literal" => {}
                _ => {
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        stack.push((ch, d + 1, compared, in_call));
                    }
                }
            }
        }
        for (k, n, kinds) in seen {
            if kinds == Kind::NONE {
                continue;
            }
            self.clear(&k, n, kinds);
        }
    }

    fn clear_args(&mut self, args: Node, kinds: Kind) {
        let mut c = args.walk();
        let items: Vec<Node> = args
            .named_children(&mut c)
            .filter(|a| matches!(a.k(), "identifier" | "field_expression"))
            .collect();
        for a in items {
            let k = key(a, self.src);
            self.clear(&k, a, kinds);
        }
    }

    /// Marks `k` (and everything computed from it) as checked for `kinds`.
    fn clear(&mut self, k: &str, n: Node, kinds: Kind) {
        let mut v = self.eval(n, 0);
        v.taint.kinds = v.taint.kinds.without(kinds);
        let f = self.func_mut();
        f.vars.insert(k.to_string(), v);
        let derived: Vec<String> = f
            .deps
            .iter()
            .filter(|(_, ds)| ds.contains(k))
            .map(|(v, _)| v.clone())
            .collect();
        for d in derived {
            if let Some(v) = f.vars.get_mut(&d) {
                v.taint.kinds = v.taint.kinds.without(kinds.without(MAYBE_NULL));
            }
        }
    }

    /// What is known about an expression's value.
    fn eval(&self, node: Node, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::clean(Shape::Other);
        }
        let d = depth + 1;
        match node.k() {
            "identifier" => {
                let name = self.text(node);
                if let Some(v) = self.func().vars.get(name) {
                    return v.clone();
                }
                match name {
                    "argv" | "optarg" | "environ" => {
                        Value::other(Taint::source(format!("`{name}`"), self.line(node), true))
                    }
                    "NULL" | "nullptr" => Value::clean(Shape::None),
                    _ if is_macro_constant(name) => Value::clean(Shape::Number),
                    _ => Value::clean(Shape::Other),
                }
            }
            "field_expression" => {
                let k = key(node, self.src);
                if let Some(v) = self.func().vars.get(&k) {
                    return v.clone();
                }
                match node.child_by_field_id(fid().argument) {
                    Some(b) => Value::other(strip_pointer_states(self.eval(b, d).taint)),
                    None => Value::clean(Shape::Other),
                }
            }
            "subscript_expression" => {
                let k = key(node, self.src);
                if let Some(v) = self.func().vars.get(&k) {
                    return v.clone();
                }
                match node.child_by_field_id(fid().argument) {
                    Some(b) => Value::other(strip_pointer_states(self.eval(b, d).taint)),
                    None => Value::clean(Shape::Other),
                }
            }
            "pointer_expression" => {
                let k = key(node, self.src);
                if let Some(v) = self.func().vars.get(&k) {
                    return v.clone();
                }
                match node.child_by_field_id(fid().argument) {
                    Some(b) => Value::other(strip_pointer_states(self.eval(b, d).taint)),
                    None => Value::clean(Shape::Other),
                }
            }
            "number_literal" | "char_literal" | "sizeof_expression" | "alignof_expression" | "offsetof_expression" => {
                Value::clean(Shape::Number)
            }
            "true" | "false" => Value::clean(Shape::Bool(node.k() == "true")),
            "null" | "nullptr" => Value::clean(Shape::None),
            "string_literal" | "concatenated_string" | "raw_string_literal" => {
                Value::clean(Shape::Str(string_literal(node, self.src).unwrap_or_default()))
            }
            "cast_expression" => match node.child_by_field_id(fid().value) {
                Some(v) => self.eval(v, d),
                None => Value::clean(Shape::Other),
            },
            "parenthesized_expression" | "comma_expression" | "condition_clause" => {
                match node.named_child(node.named_child_count().saturating_sub(1)) {
                    Some(c) => self.eval(c, d),
                    None => Value::clean(Shape::Other),
                }
            }
            "assignment_expression" => match node.child_by_field_id(fid().right) {
                Some(r) => self.eval(r, d),
                None => Value::clean(Shape::Other),
            },
            "update_expression" => match node.child_by_field_id(fid().argument) {
                Some(a) => self.eval(a, d),
                None => Value::clean(Shape::Other),
            },
            "unary_expression" => {
                let op = node.child_by_field_id(fid().operator).map(|o| o.k()).unwrap_or("");
                match (op, node.child_by_field_id(fid().argument)) {
                    ("!", _) | (_, None) => Value::clean(Shape::Bool(false)),
                    (_, Some(a)) => {
                        let v = self.eval(a, d);
                        Value {
                            taint: strip_pointer_states(v.taint),
                            shape: v.shape,
                        }
                    }
                }
            }
            "conditional_expression" => {
                let mut t = Taint::clean();
                for f in [fid().consequence, fid().alternative] {
                    if let Some(b) = node.child_by_field_id(f) {
                        t = t.join(&self.eval(b, d).taint);
                    }
                }
                // `n > max ? max : n` is a bound.
                let bounded = node.child_by_field_id(fid().condition).is_some_and(|c| {
                    let t = self.text(c);
                    t.contains('<') || t.contains('>')
                });
                if bounded {
                    t = t.sanitized(Kind::SIZE);
                }
                Value::other(t)
            }
            "binary_expression" => self.eval_binary(node, d),
            "call_expression" => self.eval_call(node, d),
            _ => {
                let mut t = Taint::clean();
                let mut c = node.walk();
                for e in node.named_children(&mut c) {
                    t = t.join(&strip_pointer_states(self.eval(e, d).taint));
                }
                Value::other(t)
            }
        }
    }

    fn eval_binary(&self, node: Node, d: usize) -> Value {
        let (Some(l), Some(r)) = (node.child_by_field_id(fid().left), node.child_by_field_id(fid().right)) else {
            return Value::clean(Shape::Other);
        };
        let op = node.child_by_field_id(fid().operator).map(|o| o.k()).unwrap_or("");
        if matches!(op, "<" | ">" | "<=" | ">=" | "==" | "!=" | "&&" | "||") {
            return Value::clean(Shape::Bool(false));
        }
        let lv = self.eval(l, d);
        let rv = self.eval(r, d);
        let lt = strip_pointer_states(lv.taint.clone());
        let rt = strip_pointer_states(rv.taint.clone());
        let mut t = lt.join(&rt);
        let constant = |v: &Value| matches!(v.shape, Shape::Number) && !v.taint.is_tainted();
        match op {
            "+" if lv.literal_text().is_some()
                || rv.literal_text().is_some()
                || lv.is_built_string()
                || rv.is_built_string() =>
            {
                // C++ string concatenation.
                let lit = format!(
                    "{} {}",
                    lv.literal_text().unwrap_or(""),
                    rv.literal_text().unwrap_or("")
                );
                return Value {
                    taint: t.built(),
                    shape: Shape::Built(lit),
                };
            }
            "*" | "<<" if lt.reaches(Kind::SIZE) || rt.reaches(Kind::SIZE) => {
                if !(constant(&lv) && constant(&rv)) {
                    t = t.built();
                }
            }
            "+" => {
                // A constant addend overflows only a value already at the limit of its type; two
                // attacker-influenced sizes added together is the overflow shape.
                if lt.reaches(Kind::SIZE) && rt.reaches(Kind::SIZE) {
                    t = t.built();
                } else if !(lt.built || rt.built) {
                    t.built = false;
                }
            }
            "%" | "&" if constant(&rv) || constant(&lv) => {
                // Masked or reduced by a constant: bounded.
                t = t.sanitized(Kind::SIZE);
                t.built = false;
            }
            "/" | ">>" => t.built = false,
            "-" if self.wraps(l, r) => t = self.wrapped(t, node),
            _ => {}
        }
        let shape = if constant(&lv) && constant(&rv) {
            Shape::Number
        } else {
            Shape::Other
        };
        Value { taint: t, shape }
    }

    /// The taint of a difference that may wrap below zero: an unchecked size again, whatever checks its
    /// minuend had (`if (len > MAX) return; memcpy(d, s, len - 4);`).
    fn wrapped(&self, t: Taint, node: Node) -> Taint {
        let mut t = t;
        t.kinds = t.kinds.union(Kind::SIZE);
        t.origin = Some(crate::taint::Origin {
            what: format!("`{}`, which wraps below zero unless checked first", self.text(node)).into(),
            line: self.line(node),
        });
        t
    }

    fn eval_call(&self, node: Node, d: usize) -> Value {
        let Some(f) = node.child_by_field_id(fid().function) else {
            return Value::clean(Shape::Other);
        };
        let callee = callee_path(f, self.src);
        let name = last_segment(&callee);
        let args: Vec<Node> = match node.child_by_field_id(fid().arguments) {
            Some(a) => {
                let mut c = a.walk();
                a.named_children(&mut c).filter(|x| x.k() != "comment").collect()
            }
            None => Vec::new(),
        };
        let arg_taint = || {
            args.iter().fold(Taint::clean(), |t, a| {
                t.join(&strip_pointer_states(self.eval(*a, d).taint))
            })
        };
        let line = self.line(node);
        if USER_SOURCE_CALLS.contains(&name) || request_getter(name) {
            let mut t = Taint::source(format!("`{name}()`"), line, true);
            if NULLABLE_CALLS.contains(&name) {
                t.kinds = t.kinds.union(MAYBE_NULL);
            }
            return Value::other(t);
        }
        if LENGTH_SOURCES.contains(&name) {
            // At most the count asked for: `fread(buf, 1, cap - 1, f)` leaves room for the terminator, so
            // `buf[got] = '\0'` stays inside.
            let leaves_room = args.get(2).is_some_and(|c| {
                let t: String = self.text(*c).chars().filter(|ch| !ch.is_whitespace()).collect();
                t.trim_end_matches(')').ends_with("-1")
            });
            if leaves_room {
                return Value::clean(Shape::Number);
            }
            return Value::other(Taint::source(format!("length returned by `{name}()`"), line, true));
        }
        if NULLABLE_CALLS.contains(&name) || is_lookup(name) {
            // The pointer's contents carry the taint of what was copied or searched.
            let mut t = if name.contains("dup") || name.starts_with("str") || name.starts_with("mem") {
                arg_taint()
            } else {
                Taint::clean()
            };
            t.kinds = t.kinds.without(Kind::SIZE).union(MAYBE_NULL);
            t.origin = Some(crate::taint::Origin {
                what: format!("`{name}()`").into(),
                line,
            });
            return Value::other(t);
        }
        if is_min_like(name) {
            return Value::other(arg_taint().sanitized(Kind::SIZE));
        }
        if matches!(
            name,
            "realpath"
                | "canonicalize_file_name"
                | "basename"
                | "g_path_get_basename"
                | "getCanonicalPath"
                | "canonical"
        ) {
            return Value::other(arg_taint().sanitized(Kind::PATH));
        }
        if matches!(
            name,
            "strlen"
                | "strnlen"
                | "wcslen"
                | "atoi"
                | "atol"
                | "atoll"
                | "strtol"
                | "strtoul"
                | "strtoll"
                | "strtoull"
                | "ntohs"
                | "ntohl"
                | "le16_to_cpu"
                | "le32_to_cpu"
                | "be16_to_cpu"
                | "be32_to_cpu"
                | "get_unaligned_le16"
                | "get_unaligned_le32"
                | "get_unaligned_be16"
                | "get_unaligned_be32"
        ) {
            let mut t = arg_taint();
            t.built = false;
            return Value::other(t);
        }
        if matches!(name, "c_str" | "data" | "get" | "substr" | "string" | "std.string") {
            // C++ accessors keep the receiver's value.
            let base = match f.k() {
                "field_expression" => f.child_by_field_id(fid().argument).map(|b| self.eval(b, d)),
                _ => None,
            };
            let mut t = arg_taint();
            if let Some(b) = base {
                t = t.join(&strip_pointer_states(b.taint));
            }
            return Value::other(t);
        }
        let mut t = arg_taint();
        if let ("field_expression", Some(b)) = (f.k(), f.child_by_field_id(fid().argument)) {
            t = t.join(&strip_pointer_states(self.eval(b, d).taint));
        }
        // An unknown function's result is not an arithmetic product of its arguments.
        t.built = false;
        Value::other(t)
    }
}

/// A test: `!p`, `p == NULL`, `len > max`, `a && b`.
fn is_condition(n: Node) -> bool {
    match n.k() {
        "unary_expression" => n.child_by_field_id(fid().operator).is_some_and(|o| o.k() == "!"),
        "binary_expression" => n
            .child_by_field_id(fid().operator)
            .is_some_and(|o| matches!(o.k(), "<" | ">" | "<=" | ">=" | "==" | "!=" | "&&" | "||")),
        "parenthesized_expression" => n.named_child(0).is_some_and(is_condition),
        _ => false,
    }
}

/// A parameter type that holds a length: C's integer types (`int`, `unsigned long`, `size_t`, `uint32_t`)
/// and the usual typedefs of them (`u16`, `ut64`, `guint`, `gsize`, `DWORD`, `UINT32`).
fn is_integer_type(t: &str) -> bool {
    let l = t.trim_start_matches("const ").trim().to_ascii_lowercase();
    let l = l.trim_start_matches('g');
    matches!(
        l,
        "int" | "long" | "short" | "unsigned" | "size" | "dword" | "word" | "ulong" | "uint"
    ) || l.starts_with("unsigned ")
        || l.starts_with("signed ")
        || l.starts_with("long ")
        || l.contains("size_t")
        || l.starts_with("int")
        || l.starts_with("uint")
        || l.starts_with("u_int")
        || ["u", "ut", "s", "st", "uint", "int"].iter().any(|p| {
            l.strip_prefix(p)
                .is_some_and(|bits| matches!(bits, "8" | "16" | "32" | "64"))
        })
}

/// Functions that look something up and return NULL when it is missing (`find_vma`, `hash_lookup`,
/// `user_by_handle`), or that allocate a result and return NULL when that fails (`CloneImage`,
/// `base64_decode`).
fn is_lookup(name: &str) -> bool {
    // `xmalloc`/`xstrdup` and GLib allocators abort on failure; ImageMagick's `AcquireImage` throws. (Only
    // the `x` + allocator wrappers: libxml2's `xmlXPathNewNodeSet` does return NULL.)
    let x_wrapper = name.strip_prefix('x').is_some_and(|rest| {
        matches!(
            rest,
            "malloc" | "calloc" | "realloc" | "zalloc" | "alloc" | "strdup" | "strndup" | "memdup"
        )
    });
    if x_wrapper || name.starts_with("g_") || name.starts_with("Acquire") && !name.ends_with("Memory") {
        return false;
    }
    name_words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "lookup"
                | "find"
                | "search"
                | "alloc"
                | "malloc"
                | "zalloc"
                | "calloc"
                | "realloc"
                | "create"
                | "new"
                | "dup"
                | "strdup"
                | "open"
                | "load"
                | "fetch"
                | "get"
                | "clone"
                | "decode"
                | "by"
        )
    })
}

/// The lowercase words of an identifier, split at `_` and at camelCase humps (`GetImageList` → get,
/// image, list).
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch == '_' || !ch.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// True when a statement never falls through: a jump, a call to `exit()`-like functions, or a block whose
/// last statement is one of those.
fn ends_path(n: Node, src: &str) -> bool {
    let mut n = n;
    for _ in 0..32 {
        match n.k() {
            "return_statement" | "goto_statement" | "break_statement" | "continue_statement" | "throw_statement" => {
                return true
            }
            "compound_statement" | "else_clause" => {
                let count = n.named_child_count();
                let mut last = None;
                for i in (0..count).rev() {
                    if let Some(c) = n.named_child(i) {
                        if c.k() != "comment" {
                            last = Some(c);
                            break;
                        }
                    }
                }
                match last {
                    Some(l) => n = l,
                    None => return false,
                }
            }
            "expression_statement" => {
                // `RETURN_FALSE;`, `RETURN_NULL();`: macros that return (but not `RETURN_IF_ERROR(x)`).
                let returns = |name: &str| {
                    is_macro_constant(name)
                        && name.starts_with("RETURN")
                        && !name.contains("_IF")
                        && !name.contains("CHECK")
                };
                if let Some(id) = n.named_child(0).filter(|c| c.k() == "identifier") {
                    return returns(text(id, src));
                }
                let Some(call) = n.named_child(0).filter(|c| c.k() == "call_expression") else {
                    return false;
                };
                let name = call
                    .child_by_field_id(fid().function)
                    .map(|f| callee_path(f, src))
                    .unwrap_or_default();
                return is_noreturn(last_segment(&name)) || returns(&name);
            }
            _ => return false,
        }
    }
    false
}

/// Parameter names (and whether each is a pointer) from the text of a function header: the last word of
/// each part of the last parenthesised list.
fn header_params(head: &str) -> Vec<(String, bool)> {
    let Some(close) = head.rfind(')') else {
        return Vec::new();
    };
    let bytes = head.as_bytes();
    let mut depth = 0i32;
    let mut open = None;
    for i in (0..=close).rev() {
        match bytes[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(open) = open else { return Vec::new() };
    let inner = &head[open + 1..close];
    let mut out = Vec::new();
    let mut level = 0i32;
    let mut part = String::new();
    let mut parts = Vec::new();
    for ch in inner.chars() {
        match ch {
            '(' | '[' | '<' => level += 1,
            ')' | ']' | '>' => level -= 1,
            ',' if level == 0 => {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        part.push(ch);
    }
    parts.push(part);
    for p in parts {
        let p = p.split('=').next().unwrap_or("");
        let p = p.split('[').next().unwrap_or("");
        let words: Vec<&str> = p
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < 2 {
            continue; // `void`, an unnamed type, or a K&R name list entry without a type
        }
        let name = words[words.len() - 1];
        if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push((name.to_string(), p.contains('*') || p.contains('[')));
    }
    out
}
