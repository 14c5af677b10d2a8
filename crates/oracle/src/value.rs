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

/// Bindings of variable names, as the JavaScript, Go and Ruby analyzers keep them.
pub type Bindings = HashMap<String, Value>;

/// The bindings after two paths meet: a variable either path left tainted is tainted, with the shape both
/// agree on (else [`Shape::Other`]); one bound on a single path keeps that value.
pub fn join_bindings(mut a: Bindings, b: Bindings) -> Bindings {
    for (name, v) in b {
        match a.get_mut(&name) {
            Some(w) if w.taint != v.taint => {
                w.taint = w.taint.join(&v.taint);
                if w.shape != v.shape {
                    w.shape = Shape::Other;
                }
            }
            Some(_) => {}
            None => {
                a.insert(name, v);
            }
        }
    }
    a
}

/// The branches of an `if`: each starts from the bindings before it, and after it a variable holds what
/// any branch that falls through (or the path that skips them all, without `else`) left in it. A branch
/// that returns leaves nothing behind.
pub struct Branches {
    before: Bindings,
    outcomes: Vec<Bindings>,
}

impl Branches {
    pub fn start(env: &Bindings) -> Branches {
        Branches {
            before: env.clone(),
            outcomes: Vec::new(),
        }
    }

    /// A branch has run on `env`: keep what it left if it falls through, and reset `env` for the next.
    pub fn end(&mut self, env: &mut Bindings, falls_through: bool) {
        let left = std::mem::replace(env, self.before.clone());
        if falls_through {
            self.outcomes.push(left);
        }
    }

    /// Sets `env` to where the branches meet; `has_else`: no path skips them all.
    pub fn finish(mut self, env: &mut Bindings, has_else: bool) {
        if !has_else {
            self.outcomes.push(self.before);
        }
        if let Some(first) = self.outcomes.pop() {
            *env = self.outcomes.into_iter().fold(first, join_bindings);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(name: &str, v: Value) -> Bindings {
        Bindings::from([(name.to_string(), v)])
    }

    #[test]
    fn branches_meet_tainted_if_any_path_that_falls_through_is() {
        let input = Value::other(Taint::source("`input()`", 1, true));
        let clean = Value::clean(Shape::Str("root".into()));
        // `if c { x = "root" }` without else: the skipping path keeps the input.
        let mut env = bind("x", input.clone());
        let mut branches = Branches::start(&env);
        env.insert("x".into(), clean.clone());
        branches.end(&mut env, true);
        branches.finish(&mut env, false);
        assert!(env["x"].taint.reaches(Kind::SQL));
        assert_eq!(env["x"].shape, Shape::Other);
        // With an else that also rebinds, and a branch that returns: nothing tainted reaches the end.
        let mut env = bind("x", input);
        let mut branches = Branches::start(&env);
        env.insert("x".into(), clean.clone());
        branches.end(&mut env, true);
        env.insert("y".into(), Value::other(Taint::source("`argv`", 2, true)));
        branches.end(&mut env, false);
        branches.finish(&mut env, true);
        assert!(!env["x"].taint.is_tainted());
        assert_eq!(env["x"].shape, clean.shape);
        assert!(!env.contains_key("y"), "a branch that returned leaves no bindings");
    }
}
