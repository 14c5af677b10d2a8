//! Rule metadata and the events rules react to.
//!
//! Analyzers walk a parsed file once. At each call they build a [`CallSite`] (callee name resolved through
//! imports, arguments with their taint and shape) and hand it to the enabled rules of that language; rules
//! that look at other syntax (regex literals, hard-coded secrets, C buffer operations) get the raw node.

use crate::finding::{Finding, Severity, Span};
use crate::language::Language;
use crate::syntax::Prepared;
use crate::taint::Taint;
pub use crate::value::{Shape, Value};

/// What every rule declares about itself; the registry lists these.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, `<lang>-<what>`; never reused for another meaning.
    pub id: &'static str,
    pub cwe: u16,
    pub severity: Severity,
    pub language: Language,
    /// One line for `tsp rules` and SARIF's `shortDescription`.
    pub summary: &'static str,
}

#[derive(Clone, Debug)]
pub struct Arg {
    /// `Some("shell")` for `shell=True`; `None` for positional arguments.
    pub keyword: Option<String>,
    pub value: Value,
    pub span: Span,
    /// The argument's source text, for rules that read literals (`0o777`, `1024`).
    pub text: String,
}

/// One call, as rules see it.
#[derive(Debug)]
pub struct CallSite {
    /// The callee as written, with the first segment resolved through imports:
    /// `subprocess.check_output`, `cursor.execute`, `self._run_ssh`, `exec.Command`.
    pub callee: String,
    pub args: Vec<Arg>,
    /// Taint of the receiver object (`x` in `x.format(...)`), clean when there is none.
    pub receiver: Taint,
    pub span: Span,
    /// Name of the enclosing function, empty at module level.
    pub function: String,
    /// The enclosing function is a web entry point (a route, a view, a request handler's `get`/`post`), so
    /// its parameters come from the request and what it returns is the response.
    pub entry: bool,
    /// The source line the call starts on, for rules that read context words ("token", "password").
    pub line_text: String,
}

/// Callee prefix of the pseudo-call an analyzer emits for a store into an attribute or a subscript
/// (`obj.notes = value`, `ctx["q"] = value`, JavaScript's `el.innerHTML = value`): rules for sinks that are
/// assignments (stored XSS, DOM XSS) see the target after the prefix and the stored value as argument 0.
pub const STORE_PREFIX: &str = "store:";

impl CallSite {
    /// The assignment target, when this is a store pseudo-call (see [`STORE_PREFIX`]).
    pub fn store_target(&self) -> Option<&str> {
        self.callee.strip_prefix(STORE_PREFIX)
    }

    /// Last segment of the callee: `execute` for `self.db.cursor().execute`.
    pub fn name(&self) -> &str {
        self.callee.rsplit(['.', ':']).next().unwrap_or(&self.callee)
    }
    /// True when the callee is `path` or ends with `.path` (so `os.system` matches `import os; os.system`
    /// and also a resolved `from os import system`).
    pub fn is(&self, path: &str) -> bool {
        self.callee == path
            || (self.callee.len() > path.len()
                && self.callee.ends_with(path)
                && self.callee.as_bytes()[self.callee.len() - path.len() - 1] == b'.')
    }
    pub fn positional(&self, i: usize) -> Option<&Arg> {
        self.args.iter().filter(|a| a.keyword.is_none()).nth(i)
    }
    pub fn keyword(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.keyword.as_deref() == Some(name))
    }
    /// The argument at position `i`, or passed as keyword `name`.
    pub fn arg(&self, i: usize, name: &str) -> Option<&Arg> {
        self.keyword(name).or_else(|| self.positional(i))
    }
}

/// Collects findings for one source.
#[derive(Default)]
pub struct Emitter {
    pub findings: Vec<Finding>,
}

impl Emitter {
    pub fn emit(&mut self, meta: &RuleMeta, span: Span, message: impl Into<String>) {
        self.findings.push(Finding {
            rule: meta.id.to_string(),
            cwe: meta.cwe,
            severity: meta.severity,
            message: message.into(),
            span,
        });
    }
}

/// What a node rule sees: one syntax node of a kind it registered for.
pub struct NodeCtx<'a, 't> {
    pub node: tree_sitter::Node<'t>,
    /// The (dedented) text the tree was parsed from.
    pub src: &'a str,
    pub prep: &'a Prepared,
    /// Name of the enclosing function, empty at module level.
    pub function: &'a str,
}

impl NodeCtx<'_, '_> {
    pub fn text(&self, n: tree_sitter::Node) -> &str {
        crate::syntax::text(n, self.src)
    }
    pub fn span(&self, n: tree_sitter::Node) -> Span {
        self.prep.span(n)
    }
}

/// A rule that reacts to calls.
pub struct CallRule {
    pub meta: &'static RuleMeta,
    pub check: fn(&RuleMeta, &CallSite, &mut Emitter),
}

/// A rule that reacts to syntax nodes of the given kinds.
pub struct NodeRule {
    pub meta: &'static RuleMeta,
    pub kinds: &'static [&'static str],
    pub check: fn(&RuleMeta, &NodeCtx, &mut Emitter),
}
