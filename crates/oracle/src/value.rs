//! Abstract values: what an analyzer knows about an expression without running it — its [`Taint`] and its
//! [`Shape`] (a constant string, a string built from parts, an argv-style list, ...) — and the [`Env`] that
//! maps the variables of one function body to them.

use crate::taint::{Kind, Taint};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A string constant, with its text (quotes removed, escapes as written).
    Str(String),
    /// A string built from parts, at least one of them not constant; holds the constant parts joined by
    /// spaces, which rules read for keywords (`SELECT`, a command name).
    Built(String),
    Number,
    /// A list/tuple/array literal (an argv list, a parameter tuple) with the shape of its first element.
    Sequence(Option<Box<Shape>>),
    Bool(bool),
    /// A file-system path joined from parts (`os.path.join(base, name)`) whose parts after the first are
    /// not all constant: the shape of a traversal when the tail comes from a caller or a request.
    Path,
    /// A path joined under a non-constant base with constant parts after it (`os.path.join(root, "etc",
    /// "passwd")`): inside a tree the caller chose, where links in that tree are followed.
    Under,
    /// HTML produced by a converter that passes raw HTML in its input through (`markdown(text)`).
    Html,
    None,
    Other,
}

#[derive(Clone, Debug)]
pub struct Value {
    pub taint: Taint,
    pub shape: Shape,
}

impl Value {
    pub fn clean(shape: Shape) -> Value {
        Value {
            taint: Taint::clean(),
            shape,
        }
    }
    pub fn other(taint: Taint) -> Value {
        Value {
            taint,
            shape: Shape::Other,
        }
    }
    pub fn str_const(&self) -> Option<&str> {
        match &self.shape {
            Shape::Str(s) => Some(s),
            _ => None,
        }
    }
    /// Constant text of a string value, whole or the literal parts of a built one.
    pub fn literal_text(&self) -> Option<&str> {
        match &self.shape {
            Shape::Str(s) | Shape::Built(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_built_string(&self) -> bool {
        matches!(self.shape, Shape::Built(_))
    }
    /// True for an interpolated/concatenated string with a part still dangerous for `k`.
    pub fn built_with(&self, k: Kind) -> bool {
        self.is_built_string() && self.taint.reaches(k)
    }
}

/// Variable bindings of one function body, as seen so far in source order. Keys are names or dotted
/// paths (`self.cmd`).
#[derive(Default, Debug)]
pub struct Env {
    vars: HashMap<String, Value>,
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }
    pub fn set(&mut self, name: impl Into<String>, v: Value) {
        self.vars.insert(name.into(), v);
    }
    /// Clears `k` from a variable: the code checked it (e.g. `if not p.startswith(base): abort()`).
    pub fn sanitize(&mut self, name: &str, k: Kind) {
        if let Some(v) = self.vars.get_mut(name) {
            v.taint.kinds = v.taint.kinds.without(k);
        }
    }
}
