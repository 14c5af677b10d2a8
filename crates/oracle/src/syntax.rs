//! Small helpers over tree-sitter nodes shared by the analyzers: spans, text, and dedenting code that was
//! cut out of a file (an indented method parses badly unless its common indentation is removed first).

use crate::finding::Span;
use tree_sitter::Node;

/// Source prepared for parsing: common indentation removed, with the width removed per line remembered so
/// that spans point into the original text.
pub struct Prepared {
    pub text: String,
    /// Bytes removed from the start of each line.
    removed: Vec<usize>,
}

impl Prepared {
    /// Removes the longest whitespace prefix shared by every non-blank line. Tabs and spaces are compared
    /// byte for byte, so mixed indentation is only stripped where it is identical.
    pub fn dedent(src: &str) -> Prepared {
        let mut prefix: Option<&str> = None;
        for line in src.lines() {
            if line.trim().is_empty() {
                continue;
            }
            let ws = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            prefix = Some(match prefix {
                None => ws,
                Some(p) => {
                    let n = p.bytes().zip(ws.bytes()).take_while(|(a, b)| a == b).count();
                    &p[..n]
                }
            });
            if prefix == Some("") {
                break;
            }
        }
        let prefix = prefix.unwrap_or("");
        if prefix.is_empty() {
            return Prepared {
                text: src.to_string(),
                removed: Vec::new(),
            };
        }
        let mut text = String::with_capacity(src.len());
        let mut removed = Vec::new();
        for line in src.split_inclusive('\n') {
            if line.starts_with(prefix) {
                text.push_str(&line[prefix.len()..]);
                removed.push(prefix.len());
            } else {
                text.push_str(line);
                removed.push(0);
            }
        }
        Prepared { text, removed }
    }

    pub fn plain(src: &str) -> Prepared {
        Prepared {
            text: src.to_string(),
            removed: Vec::new(),
        }
    }

    /// For brace languages: code cut off before its end (a function whose last lines are missing) gets
    /// the brackets it leaves open closed after its last line, so that tree-sitter sees the statements it
    /// has instead of one error node. Spans are unchanged (text is only added at the end).
    pub fn closed(src: &str) -> Prepared {
        let mut p = Prepared::plain(src);
        if let Some(closers) = unclosed_brackets(src) {
            p.text.push('\n');
            p.text.push_str(&closers);
        }
        p
    }

    /// The 1-based span of `node` in the original source.
    pub fn span(&self, node: Node) -> Span {
        let s = node.start_position();
        let e = node.end_position();
        Span {
            start_line: s.row + 1,
            start_col: s.column + 1 + self.removed.get(s.row).copied().unwrap_or(0),
            end_line: e.row + 1,
            end_col: e.column + 1 + self.removed.get(e.row).copied().unwrap_or(0),
        }
    }
}

/// The closers of the brackets `src` leaves open, innermost first; `None` when every bracket is closed or
/// the text is not a prefix of balanced code (a closer without its opener). Skips string and character
/// literals (`"`, `'`, and JavaScript's template strings) and comments.
fn unclosed_brackets(src: &str) -> Option<String> {
    let b = src.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = src[i..].find('\n').map_or(b.len(), |j| i + j);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = src[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
                continue;
            }
            q @ (b'"' | b'\'' | b'`') => {
                let mut j = i + 1;
                while j < b.len() && b[j] != q && (q == b'`' || b[j] != b'\n') {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                i = j + 1;
                continue;
            }
            b'(' => stack.push(b')'),
            b'[' => stack.push(b']'),
            b'{' => stack.push(b'}'),
            c @ (b')' | b']' | b'}') => {
                if stack.pop() != Some(c) {
                    return None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if stack.is_empty() {
        return None;
    }
    Some(stack.iter().rev().map(|&c| c as char).collect())
}

thread_local! {
    /// Node kind names of the grammar being analyzed on this thread, by kind id (see [`use_grammar`]).
    static KINDS: std::cell::Cell<&'static [&'static str]> = const { std::cell::Cell::new(&[]) };
}

/// Makes [`Kind::k`] answer from `language`'s table of kind names (built once per grammar).
pub(crate) fn use_grammar(language: crate::language::Language) {
    use std::sync::OnceLock;
    const N: usize = crate::language::Language::ALL.len();
    static TABLES: [OnceLock<Vec<&'static str>>; N] = [const { OnceLock::new() }; N];
    let i = crate::language::Language::ALL
        .iter()
        .position(|&l| l == language)
        .unwrap_or(0);
    let table = TABLES[i].get_or_init(|| {
        let g = language.grammar();
        (0..g.node_kind_count() as u16)
            .map(|id| g.node_kind_for_id(id).unwrap_or(""))
            .collect()
    });
    KINDS.with(|k| k.set(table));
}

/// [`Node::kind`] without its per-call C-string length and UTF-8 check: the analyzers ask every node's
/// kind several times.
pub(crate) trait Kind {
    fn k(&self) -> &'static str;
}

impl Kind for Node<'_> {
    fn k(&self) -> &'static str {
        let id = self.kind_id() as usize;
        KINDS
            .with(|t| t.get().get(id).copied())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| self.kind())
    }
}

/// How deep a recursive evaluation is, so that it can stop at a limit instead of overflowing the stack on
/// generated code (a chain of 300,000 `+` nests as deep as it is long).
#[derive(Default)]
pub(crate) struct Nesting(std::cell::Cell<usize>);

impl Nesting {
    /// Runs `f` one level deeper, or returns `fallback` once `limit` levels are open.
    pub(crate) fn within<T>(&self, limit: usize, fallback: T, f: impl FnOnce() -> T) -> T {
        let d = self.0.get();
        if d >= limit {
            return fallback;
        }
        self.0.set(d + 1);
        let v = f();
        self.0.set(d);
        v
    }
}

/// The whole source line a node starts on, for rules that read context words.
pub(crate) fn line_of<'s>(src: &'s str, node: Node) -> &'s str {
    let start = src[..node.start_byte()].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = src[node.start_byte()..]
        .find('\n')
        .map(|i| node.start_byte() + i)
        .unwrap_or(src.len());
    &src[start..end]
}

pub fn text<'s>(node: Node, src: &'s str) -> &'s str {
    src.get(node.byte_range()).unwrap_or("")
}

/// The callee path of an expression made of identifiers and attribute accesses (`a.b.c`); other
/// expressions in the chain are rendered as `?`, calls as `name()`, and a chain more than 256 links long
/// (generated code) ends in `?` instead of overflowing the stack.
pub fn dotted(node: Node, src: &str, attr_kinds: &[&str], field_obj: &str, field_attr: &str) -> String {
    dotted_at(node, src, attr_kinds, (field_obj, field_attr), 0)
}

fn dotted_at(node: Node, src: &str, attr_kinds: &[&str], fields: (&str, &str), depth: usize) -> String {
    if depth >= 256 {
        return "?".to_string();
    }
    let next = |n: Node| dotted_at(n, src, attr_kinds, fields, depth + 1);
    let kind = node.kind();
    if attr_kinds.contains(&kind) {
        let obj = node.child_by_field_name(fields.0);
        let attr = node.child_by_field_name(fields.1);
        match (obj, attr) {
            (Some(o), Some(a)) => format!("{}.{}", next(o), text(a, src)),
            _ => text(node, src).to_string(),
        }
    } else if matches!(
        kind,
        "identifier"
            | "field_identifier"
            | "property_identifier"
            | "package_identifier"
            | "type_identifier"
            | "this"
            | "self"
    ) {
        text(node, src).to_string()
    } else if kind == "call" || kind == "call_expression" {
        match node.child_by_field_name("function") {
            Some(f) => format!("{}()", next(f)),
            None => "?".to_string(),
        }
    } else if kind == "parenthesized_expression" {
        match node.named_child(0) {
            Some(c) => next(c),
            None => "?".to_string(),
        }
    } else {
        "?".to_string()
    }
}

/// Unquotes a string literal's text cheaply: strips prefixes (`r`, `b`, `f`, `u`) and quotes. Escapes are
/// kept as written, which is what regex and SQL heuristics want.
pub fn unquote(lit: &str) -> &str {
    let s = lit.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    for q in ["\"\"\"", "'''", "\"", "'", "`"] {
        if s.len() >= 2 * q.len() && s.starts_with(q) && s.ends_with(q) {
            return &s[q.len()..s.len() - q.len()];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_prefix_and_keeps_columns() {
        let p = Prepared::dedent("    def f(self):\n        return 1\n");
        assert_eq!(p.text, "def f(self):\n    return 1\n");
        assert_eq!(p.removed, vec![4, 4]);
    }

    #[test]
    fn dedent_leaves_mixed_tabs_alone() {
        let p = Prepared::dedent("\tdef f():\n  \treturn 1\n");
        assert_eq!(p.text, "\tdef f():\n  \treturn 1\n");
    }

    #[test]
    fn unquote_handles_prefixes_and_triple_quotes() {
        assert_eq!(unquote("rb'a\\d'"), "a\\d");
        assert_eq!(unquote("\"\"\"x\"\"\""), "x");
        assert_eq!(unquote("f\"{a}\""), "{a}");
    }
}
