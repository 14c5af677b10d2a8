use crate::finding::Severity;
use crate::lang::c::fid;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;
use std::cell::RefCell;
use std::collections::HashMap;
use tree_sitter::Node;

/// ## What it does
/// Compares constants with the declared size of a fixed-size array of the same function (a local, a
/// parameter declared `char buf[NAME_MAX]`, or a file-level array):
/// - an index at or past the end: `buf[sizeof(buf)] = '\0'`, `s->name[sizeof(s->name)]`, `buf[NAME_MAX]`
///   for `char buf[NAME_MAX]`;
/// - a bounded copy longer than the array (`snprintf(match, 66, ...)` into `char match[65]`, `strncpy`,
///   `memcpy`, `memset`, `fgets`, `read`, `recv`), or limited by the size of the whole array while it
///   writes at an offset into it (`recv(fd, line + pos, sizeof(line) - 1, 0)`);
/// - a literal or a format that does not fit: `strcpy(s, "XX")` into `char s[2]`, `sprintf(buf, " -> ")`
///   into `char buf[4]`, `sprintf(label, "%u MB", n)` into `char label[8]` (up to 14 bytes);
/// - a scanf `%s` or `%[` into such an array without a width, or with a width that leaves no room for the
///   terminator (`%10s` into `char unit[10]`).
///
/// ## Why is this bad?
/// An array of `N` elements has indexes `0` to `N - 1`; the terminator written at `buf[N]`, or the byte
/// past a bound that was miscounted, lands on the neighbouring variable or the saved return address.
/// These are the off-by-one and miscounted-size bugs that compilers' `-Warray-bounds` and
/// `-Wstringop-overflow` catch when they can see both constants.
///
/// ## Example
/// ```c
/// char path[64];
/// strncpy(path, name, sizeof(path));
/// path[sizeof(path)] = '\0';
/// ```
///
/// Use instead:
/// ```c
/// char path[64];
/// strncpy(path, name, sizeof(path) - 1);
/// path[sizeof(path) - 1] = '\0';
/// ```
///
/// ## References
/// - [CWE-119](https://cwe.mitre.org/data/definitions/119.html)
/// - [CWE-193](https://cwe.mitre.org/data/definitions/193.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-array-size-mismatch",
    cwe: 119,
    severity: Severity::High,
    language: Language::C,
    summary: "constant index or length at or past the end of a fixed-size array",
};

pub const KINDS: &[&str] = &["subscript_expression", "call_expression"];

/// A constant as far as it can be read here: a number, or a macro name plus an offset (`NAME_MAX - 1`).
#[derive(Clone, Debug, PartialEq)]
struct Const {
    symbol: Option<String>,
    offset: i64,
}

impl Const {
    /// `self >= other`, when both count from the same symbol (or none).
    fn at_least(&self, other: &Const) -> bool {
        self.symbol == other.symbol && self.offset >= other.offset
    }
}

/// A declared array: its element count, and whether its elements are bytes (so `sizeof` is the count).
#[derive(Clone)]
struct Array {
    count: Const,
    bytes: bool,
}

const BYTE_TYPES: &[&str] = &[
    "char",
    "signed char",
    "unsigned char",
    "uint8_t",
    "int8_t",
    "u8",
    "s8",
    "u_char",
    "uchar",
    "gchar",
    "guchar",
    "BYTE",
    "UCHAR",
    "CHAR",
    "ut8",
];

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    if n.k() == "subscript_expression" {
        check_index(meta, ctx, n, out);
    } else {
        check_call(meta, ctx, n, out);
    }
}

fn check_index(meta: &RuleMeta, ctx: &NodeCtx, n: Node, out: &mut Emitter) {
    // `&buf[N]` is the one-past-the-end address, which C allows; `sizeof(buf[N])` reads nothing.
    if n.parent()
        .is_some_and(|p| p.k() == "sizeof_expression" || p.k() == "pointer_expression" && ctx.text(p).starts_with('&'))
    {
        return;
    }
    let (Some(base), Some(index)) = (n.child_by_field_id(fid().argument), n.child_by_field_id(fid().index)) else {
        return;
    };
    // `s->name[sizeof(s->name)]`: whatever the array is, the index is its size in bytes, one past the end
    // of a byte array (and further past any other).
    if sizeof_of(index).is_some_and(|of| same_expr(ctx, of, base)) {
        out.emit(
            meta,
            ctx.span(n),
            format!(
                "`{}` is past the end of `{}`: the last element is at `sizeof - 1`",
                ctx.text(n),
                ctx.text(base)
            ),
        );
        return;
    }
    if base.k() != "identifier" {
        return;
    }
    let name = ctx.text(base);
    let Some(i) = constant(ctx, n, index) else { return };
    let Some(array) = declared_array(ctx, n, name) else {
        return;
    };
    if i.at_least(&array.count) {
        out.emit(
            meta,
            ctx.span(n),
            format!(
                "`{}` is past the end of `{name}[{count}]`, whose last element is `{name}[{count} - 1]`",
                ctx.text(n),
                count = describe(&array.count)
            ),
        );
    }
}

/// Calls that write at most a given number of bytes into a buffer: (buffer, length) argument positions.
fn bounded_write(name: &str) -> Option<(usize, usize)> {
    Some(match name {
        "strncpy" | "memcpy" | "memmove" | "memset" | "strlcpy" | "g_strlcpy" => (0, 2),
        "snprintf" | "vsnprintf" | "fgets" | "getcwd" | "gethostname" | "bzero" | "explicit_bzero" => (0, 1),
        "read" | "recv" | "pread" | "readlink" => (1, 2),
        _ => return None,
    })
}

fn check_call(meta: &RuleMeta, ctx: &NodeCtx, call: Node, out: &mut Emitter) {
    let Some(f) = call.child_by_field_id(fid().function).filter(|f| f.k() == "identifier") else {
        return;
    };
    let name = ctx.text(f);
    let interesting = bounded_write(name).is_some()
        || scanf_format(name).is_some()
        || matches!(name, "strcpy" | "stpcpy" | "sprintf");
    if !interesting {
        return;
    }
    let Some(list) = call.child_by_field_id(fid().arguments) else {
        return;
    };
    let mut c = list.walk();
    let args: Vec<Node> = list.named_children(&mut c).filter(|a| a.k() != "comment").collect();
    if let Some((dst, len)) = bounded_write(name) {
        let (Some(d), Some(l)) = (args.get(dst), args.get(len)) else {
            return;
        };
        if let Some((array, offset)) = offset_into_sized(ctx, call, *d, *l) {
            return out.emit(
                meta,
                ctx.span(*l),
                format!(
                    "`{name}` writes at `{}` but is limited by the size of all of `{}`; once `{}` is past the start it writes past the end (subtract it: `sizeof({}) - {}`)",
                    ctx.text(*d),
                    ctx.text(array),
                    ctx.text(offset),
                    ctx.text(array),
                    ctx.text(offset)
                ),
            );
        }
        let Some(k) = constant(ctx, call, *l) else { return };
        let Some((array_name, array)) = byte_array(ctx, call, *d) else {
            return;
        };
        let past = Const {
            symbol: array.count.symbol.clone(),
            offset: array.count.offset + 1,
        };
        if k.at_least(&past) {
            out.emit(
                meta,
                ctx.span(*l),
                format!(
                    "`{name}` may write `{}` bytes into `{array_name}`, which holds `{}`",
                    ctx.text(*l),
                    describe(&array.count)
                ),
            );
        }
        return;
    }
    if let Some(fmt_at) = scanf_format(name) {
        check_scanf(meta, ctx, call, &args, fmt_at, out);
        return;
    }
    let (dst, least, most) = match name {
        "strcpy" | "stpcpy" => {
            let len = args.get(1).and_then(|s| literal(ctx, *s)).map(|s| unescaped_len(&s));
            (args.first(), len, len)
        }
        "sprintf" => {
            let fmt = args.get(1).and_then(|s| literal(ctx, *s));
            let rest = args.get(2..).unwrap_or(&[]);
            (
                args.first(),
                fmt.as_deref().and_then(|f| format_len(f, rest, ctx, false)),
                fmt.as_deref().and_then(|f| format_len(f, rest, ctx, true)),
            )
        }
        _ => return,
    };
    let Some(d) = dst else { return };
    let Some((array_name, array)) = byte_array(ctx, call, *d) else {
        return;
    };
    if array.count.symbol.is_some() {
        return;
    }
    let size = array.count.offset;
    if let Some(len) = least.filter(|l| *l as i64 + 1 > size) {
        out.emit(
            meta,
            ctx.span(call),
            format!(
                "`{name}` writes at least {} bytes (with the terminator) into `{array_name}`, which holds {size}",
                len + 1
            ),
        );
    } else if let Some(len) = most.filter(|l| *l as i64 + 1 > size) {
        out.emit(
            meta,
            ctx.span(call),
            format!(
                "`{name}` can write up to {} bytes (with the terminator) into `{array_name}`, which holds {size}; use `snprintf(buf, sizeof(buf), ...)`",
                len + 1
            ),
        );
    }
}

/// The scanf-family calls, and the position of their format.
fn scanf_format(name: &str) -> Option<usize> {
    Some(match name {
        "scanf" => 0,
        "sscanf" | "fscanf" => 1,
        _ => return None,
    })
}

/// `%s` and `%[` conversions of a scanf format that store into a fixed byte array: without a width they
/// read a word of any length; with a width, that many bytes plus the terminator must fit.
fn check_scanf(meta: &RuleMeta, ctx: &NodeCtx, call: Node, args: &[Node], fmt_at: usize, out: &mut Emitter) {
    let Some(fmt) = args.get(fmt_at).and_then(|f| literal(ctx, *f)) else {
        return;
    };
    let b = fmt.as_bytes();
    let (mut i, mut arg) = (0, fmt_at + 1);
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'%') {
            i += 1;
            continue;
        }
        let suppressed = b.get(i) == Some(&b'*');
        if suppressed {
            i += 1;
        }
        let mut width = String::new();
        while i < b.len() && b[i].is_ascii_digit() {
            width.push(b[i] as char);
            i += 1;
        }
        while i < b.len() && b"hlLqjzt".contains(&b[i]) {
            i += 1;
        }
        let Some(&conv) = b.get(i) else { return };
        i += 1;
        if conv == b'[' {
            // The set runs to the next `]`, which may be its first member (`%[]abc]`, `%[^]abc]`).
            if b.get(i) == Some(&b'^') {
                i += 1;
            }
            if b.get(i) == Some(&b']') {
                i += 1;
            }
            while i < b.len() && b[i] != b']' {
                i += 1;
            }
            i += 1;
        }
        if suppressed {
            continue;
        }
        let target = args.get(arg).copied();
        arg += 1;
        if !matches!(conv, b's' | b'[') {
            continue;
        }
        let Some((array_name, array)) = target.and_then(|t| byte_array(ctx, call, t)) else {
            continue;
        };
        let spec = if conv == b's' { "%s" } else { "%[" };
        let message = match width.parse::<i64>() {
            Err(_) => format!("`{spec}` without a width reads a word of any length into `{array_name}`, which holds `{}`; give a width one less than its size", describe(&array.count)),
            Ok(w) if array.count.symbol.is_none() && w + 1 > array.count.offset => format!(
                "a `{spec}` of width {w} stores {} bytes (with the terminator) into `{array_name}`, which holds {}",
                w + 1,
                array.count.offset
            ),
            Ok(_) => continue,
        };
        out.emit(meta, ctx.span(target.unwrap_or(call)), message);
    }
}

/// `sizeof(x)` or `sizeof x`: the operand.
fn sizeof_of(n: Node) -> Option<Node> {
    let n = if n.k() == "parenthesized_expression" {
        n.named_child(0)?
    } else {
        n
    };
    if n.k() != "sizeof_expression" {
        return None;
    }
    let v = n.child_by_field_id(fid().value).or_else(|| n.named_child(0))?;
    Some(if v.k() == "parenthesized_expression" {
        v.named_child(0).unwrap_or(v)
    } else {
        v
    })
}

/// Two expressions that read the same thing, whitespace aside.
fn same_expr(ctx: &NodeCtx, a: Node, b: Node) -> bool {
    let squeeze = |n: Node| ctx.text(n).chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(a) == squeeze(b)
}

/// A destination `buf + off` whose length is computed from `sizeof(buf)` without `off`: the array and the
/// offset.
fn offset_into_sized<'t>(ctx: &NodeCtx, at: Node, dst: Node<'t>, len: Node) -> Option<(Node<'t>, Node<'t>)> {
    if dst.k() != "binary_expression" || dst.child_by_field_id(fid().operator).map(|o| o.k()) != Some("+") {
        return None;
    }
    let (array, offset) = (dst.child_by_field_id(fid().left)?, dst.child_by_field_id(fid().right)?);
    if offset.k() == "number_literal" {
        return None;
    }
    // A plain name must be a declared array (`sizeof` of a pointer is another bug); a field path is taken
    // to be one, since `sizeof` is applied to it.
    if array.k() == "identifier" && declared_array(ctx, at, ctx.text(array)).is_none() {
        return None;
    }
    let mut stack = vec![len];
    let mut sized = false;
    while let Some(n) = stack.pop() {
        if same_expr(ctx, n, offset) {
            return None;
        }
        if sizeof_of(n).is_some_and(|of| same_expr(ctx, of, array)) {
            sized = true;
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    sized.then_some((array, offset))
}

fn describe(c: &Const) -> String {
    match (&c.symbol, c.offset) {
        (None, k) => k.to_string(),
        (Some(s), 0) => s.clone(),
        (Some(s), k) if k > 0 => format!("{s} + {k}"),
        (Some(s), k) => format!("{s} - {}", -k),
    }
}

/// The byte array an argument names (`buf`, not `buf + 1` or `s->buf`).
fn byte_array<'n>(ctx: &'n NodeCtx, at: Node, arg: Node) -> Option<(&'n str, Array)> {
    if arg.k() != "identifier" {
        return None;
    }
    let name = ctx.text(arg);
    declared_array(ctx, at, name).filter(|a| a.bytes).map(|a| (name, a))
}

/// The one-dimensional array `name` declared in the function around `at` (a local or a parameter), or
/// at file level.
fn declared_array(ctx: &NodeCtx, at: Node, name: &str) -> Option<Array> {
    let mut scope = at;
    while let Some(p) = scope.parent() {
        scope = p;
        if scope.k() == "function_definition" {
            break;
        }
    }
    let root = if scope.k() == "function_definition" {
        scope.parent()
    } else {
        None
    };
    let local = with_arrays(ctx, scope, |m| m.get(name).cloned());
    local.or_else(|| root.and_then(|r| with_arrays(ctx, r, |m| m.get(name).cloned())))
}

type Arrays = HashMap<String, Array>;

/// The source text a cache was filled for, and the arrays of each scope by (start, end, kind).
type ScopeCache = (String, HashMap<(usize, usize, u16), Arrays>);

thread_local! {
    /// The arrays declared in the scopes of the source searched last, by the scope's byte range and
    /// kind: every candidate node of a function asks, and a function is searched once. The source text
    /// itself keys the whole cache (its address could be reused by the next source).
    static SCOPES: RefCell<ScopeCache> = RefCell::new((String::new(), HashMap::new()));
}

/// Runs `f` on the arrays declared in `scope`: for a function, its parameters and every declaration in
/// its body; for a file, its declarations outside functions.
fn with_arrays<R>(ctx: &NodeCtx, scope: Node, f: impl FnOnce(&Arrays) -> R) -> R {
    SCOPES.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.0 != ctx.src {
            cache.0.clear();
            cache.0.push_str(ctx.src);
            cache.1.clear();
        }
        let arrays = cache
            .1
            .entry((scope.start_byte(), scope.end_byte(), scope.kind_id()))
            .or_insert_with(|| collect_arrays(ctx, scope));
        f(arrays)
    })
}

fn collect_arrays(ctx: &NodeCtx, scope: Node) -> Arrays {
    let mut found = Arrays::new();
    let mut stack = vec![(scope, 0usize)];
    let mut seen = 0;
    while let Some((n, depth)) = stack.pop() {
        seen += 1;
        if seen > 200_000 || depth > 64 {
            break;
        }
        match n.k() {
            "declaration" | "parameter_declaration" => {
                let ty = n.child_by_field_id(fid().r#type).map(|t| ctx.text(t)).unwrap_or("");
                let mut c = n.walk();
                for d in n.children_by_field_name("declarator", &mut c) {
                    let d = if d.k() == "init_declarator" {
                        d.child_by_field_id(fid().declarator).unwrap_or(d)
                    } else {
                        d
                    };
                    let (Some(inner), Some(size)) =
                        (d.child_by_field_id(fid().declarator), d.child_by_field_id(fid().size))
                    else {
                        continue;
                    };
                    // The declaration's own size is read without `sizeof` of arrays (none in scope yet).
                    if d.k() != "array_declarator" || inner.k() != "identifier" {
                        continue;
                    }
                    if let Some(count) = plain_constant(ctx, size) {
                        found.entry(ctx.text(inner).to_string()).or_insert(Array {
                            count,
                            bytes: BYTE_TYPES.contains(&ty.trim()),
                        });
                    }
                }
            }
            // A file's functions are searched on their own.
            "function_definition" if n.id() != scope.id() => {}
            // Declarations sit in statements and parameter lists; expressions (most of a tree) hold none.
            k if !(k.ends_with("statement")
                || k.ends_with("declarator")
                || k.ends_with("clause")
                || k.starts_with("preproc")
                || matches!(
                    k,
                    "function_definition" | "parameter_list" | "translation_unit" | "declaration_list" | "ERROR"
                )) => {}
            _ => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c).map(|ch| (ch, depth + 1)));
            }
        }
    }
    found
}

/// Sizes fixed by POSIX and Linux headers, so that `char addr[INET_ADDRSTRLEN]` has a known size.
fn system_constant(name: &str) -> Option<i64> {
    Some(match name {
        "INET_ADDRSTRLEN" => 16,
        "INET6_ADDRSTRLEN" => 46,
        "IFNAMSIZ" | "IF_NAMESIZE" => 16,
        "HOST_NAME_MAX" => 64,
        _ => return None,
    })
}

/// A number or a macro name, with `+ k` / `- k`; no `sizeof`.
fn plain_constant(ctx: &NodeCtx, n: Node) -> Option<Const> {
    match n.k() {
        "number_literal" => super::integer_literal(ctx.text(n)).map(|offset| Const { symbol: None, offset }),
        "identifier"
            if ctx
                .text(n)
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
        {
            let name = ctx.text(n);
            Some(match system_constant(name) {
                Some(v) => Const {
                    symbol: None,
                    offset: v,
                },
                None => Const {
                    symbol: Some(name.to_string()),
                    offset: 0,
                },
            })
        }
        "parenthesized_expression" => n.named_child(0).and_then(|c| plain_constant(ctx, c)),
        "binary_expression" => {
            let (l, r) = (n.child_by_field_id(fid().left)?, n.child_by_field_id(fid().right)?);
            let op = n.child_by_field_id(fid().operator).map(|o| o.k())?;
            let (a, b) = (plain_constant(ctx, l)?, plain_constant(ctx, r)?);
            combine(a, b, op)
        }
        _ => None,
    }
}

/// Like [`plain_constant`], and `sizeof(arr)` of a byte array declared in scope.
fn constant(ctx: &NodeCtx, at: Node, n: Node) -> Option<Const> {
    match n.k() {
        "sizeof_expression" => {
            let inner = n.child_by_field_id(fid().value).or_else(|| n.named_child(0)).map(|v| {
                if v.k() == "parenthesized_expression" {
                    v.named_child(0).unwrap_or(v)
                } else {
                    v
                }
            })?;
            if inner.k() != "identifier" {
                return None;
            }
            declared_array(ctx, at, ctx.text(inner))
                .filter(|a| a.bytes)
                .map(|a| a.count)
        }
        "parenthesized_expression" | "cast_expression" => {
            let inner = n
                .child_by_field_id(fid().value)
                .or_else(|| n.named_child(n.named_child_count().saturating_sub(1)))?;
            constant(ctx, at, inner)
        }
        "binary_expression" => {
            let (l, r) = (n.child_by_field_id(fid().left)?, n.child_by_field_id(fid().right)?);
            let op = n.child_by_field_id(fid().operator).map(|o| o.k())?;
            combine(constant(ctx, at, l)?, constant(ctx, at, r)?, op)
        }
        _ => plain_constant(ctx, n),
    }
}

/// `a + b` or `a - b` when at most one side names a symbol (and it is not subtracted).
fn combine(a: Const, b: Const, op: &str) -> Option<Const> {
    match (op, &a.symbol, &b.symbol) {
        ("+", _, None) => Some(Const {
            offset: a.offset.checked_add(b.offset)?,
            ..a
        }),
        ("+", None, Some(_)) => Some(Const {
            offset: a.offset.checked_add(b.offset)?,
            ..b
        }),
        ("-", _, None) => Some(Const {
            offset: a.offset.checked_sub(b.offset)?,
            ..a
        }),
        _ if a.symbol.is_none() && b.symbol.is_none() => {
            let v = match op {
                "*" => a.offset.checked_mul(b.offset)?,
                "/" if b.offset != 0 => a.offset / b.offset,
                _ => return None,
            };
            Some(Const {
                symbol: None,
                offset: v,
            })
        }
        _ => None,
    }
}

/// The text of a plain string literal, escapes as written.
fn literal(ctx: &NodeCtx, n: Node) -> Option<String> {
    if n.k() != "string_literal" {
        return None;
    }
    let t = ctx.text(n);
    let (start, end) = (t.find('"')?, t.rfind('"')?);
    (end > start && !t.starts_with(['L', 'u', 'U'])).then(|| t[start + 1..end].to_string())
}

/// Bytes a literal's text stands for: each escape (`\n`, `\0`, `\x41`) is one.
fn unescaped_len(s: &str) -> usize {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            i += 2;
            if b[i - 1] == b'x' {
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
            } else if b[i - 1].is_ascii_digit() {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
        } else {
            i += 1;
        }
        n += 1;
    }
    n
}

/// The most characters an integer argument prints when its range is visible: a literal, `x % K`
/// (sign included), `x & K`.
fn printed_width(ctx: &NodeCtx, a: Node) -> Option<usize> {
    let a = match a.k() {
        "parenthesized_expression" => a.named_child(0)?,
        "cast_expression" => a.child_by_field_id(fid().value)?,
        _ => a,
    };
    let digits = |v: i64| v.unsigned_abs().to_string().len() + usize::from(v < 0);
    match a.k() {
        "number_literal" => super::integer_literal(ctx.text(a)).map(digits),
        "binary_expression" => {
            let op = a.child_by_field_id(fid().operator).map(|o| o.k())?;
            let k = super::integer_literal(ctx.text(a.child_by_field_id(fid().right)?)).filter(|k| *k > 0)?;
            match op {
                "%" => Some(digits(k - 1) + 1),
                "&" => Some(digits(k)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Bytes `sprintf(dst, fmt, args...)` writes, without the terminator: the fewest (`most` false: each
/// conversion's width or one character, none for `%s` unless its argument is a literal), or the most
/// (`most` true: the widest number each integer conversion can print), `None` when that is unbounded (a
/// `%s` of a non-literal, floating point) or unknown (`*` widths).
fn format_len(fmt: &str, args: &[Node], ctx: &NodeCtx, most: bool) -> Option<usize> {
    let b = fmt.as_bytes();
    let (mut i, mut n, mut arg) = (0, 0usize, 0usize);
    while i < b.len() {
        if b[i] != b'%' {
            if b[i] == b'\\' {
                let start = i;
                i += 1;
                while i < b.len() && (b[i].is_ascii_hexdigit() || b[i] == b'x') && i - start < 4 {
                    i += 1;
                }
                i = i.max(start + 2);
            } else {
                i += 1;
            }
            n += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'%') {
            n += 1;
            i += 1;
            continue;
        }
        let mut width = String::new();
        while i < b.len() && b"-+ #0".contains(&b[i]) {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            width.push(b[i] as char);
            i += 1;
        }
        if b.get(i) == Some(&b'*') {
            return None;
        }
        let mut precision = None;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let mut p = String::new();
            while i < b.len() && b[i].is_ascii_digit() {
                p.push(b[i] as char);
                i += 1;
            }
            precision = Some(p.parse::<usize>().unwrap_or(0));
        }
        let mut longs = 0;
        let mut shorts = 0;
        while i < b.len() && b"hlLqjzt".contains(&b[i]) {
            match b[i] {
                b'h' => shorts += 1,
                _ => longs += 1,
            }
            i += 1;
        }
        let conv = *b.get(i)?;
        i += 1;
        let literal_arg = args.get(arg).and_then(|a| literal(ctx, *a)).map(|s| unescaped_len(&s));
        let number_arg = args.get(arg).and_then(|a| printed_width(ctx, *a));
        let chars = match (conv, most) {
            (b'd' | b'i' | b'u', true) if number_arg.is_some() => number_arg.unwrap_or(1),
            (b's', _) => match (literal_arg, precision) {
                (Some(l), p) => p.map_or(l, |p| p.min(l)),
                (None, Some(p)) if most => p,
                (None, _) if most => return None,
                (None, _) => 0,
            },
            (b'n', _) => 0,
            (_, false) => 1,
            (b'c', true) => 1,
            (b'd' | b'i', true) => [11, 20, 20][longs.min(2)].min(if shorts > 0 { 6 } else { 20 }),
            (b'u', true) => [10, 20, 20][longs.min(2)].min(if shorts > 0 { 5 } else { 20 }),
            (b'x' | b'X', true) => [8, 16, 16][longs.min(2)],
            (b'o', true) => [11, 22, 22][longs.min(2)],
            (b'p', true) => 18,
            _ => return None,
        };
        n += chars.max(width.parse().unwrap_or(0));
        arg += 1;
    }
    Some(n)
}
