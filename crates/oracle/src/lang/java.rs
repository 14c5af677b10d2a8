//! The Java analyzer: one pass over the tree, in source order, tracking taint per method body.
//!
//! Sources: method parameters (not primitives), servlet request reads (`getParameter`, `getHeader`,
//! `getQueryString`, `getPathInfo`, `getRequestURI`, `getCookies`, `getInputStream`, `getReader`), and the
//! name of an archive entry (`entry.getName()` on a `ZipEntry`, `JarEntry`, `TarArchiveEntry`, or a
//! variable named like one): what a downloaded archive says its files are called.
//!
//! Values flow through declarations, `=`, `+=`, `+`, `String.format`, `String.join`, enhanced `for`, and
//! calls (a call's result carries its receiver's and arguments' taint; `new File(dir, name)` and
//! `dir.resolve(name)` carry the name's). Sanitizers: `new File(x).getName()`, `getFileName()`,
//! `FilenameUtils.getName` for paths; `escapeHtml4`/`htmlEscape`/`Encode.forHtml` for HTML; number
//! parsing for everything. A path checked with `x.normalize().startsWith(root)` or
//! `x.getCanonicalPath().startsWith(root)` (inside an `if`) is clean for paths from then on: the check
//! that stops Zip Slip.
//!
//! Callees are written as dotted paths with calls as `name()` (`http.csrf().disable`); a constructor is
//! the callee `new Type` (`new FileOutputStream`).

use crate::finding::Span;
use crate::registry::RuleSet;
use crate::rule::{Arg, CallSite, Emitter};
use crate::syntax::Kind as _;
use crate::syntax::{line_of, text, Nesting, Prepared};
use crate::taint::{Kind, Taint};
use crate::value::{Bindings, Shape, Value};
use std::collections::HashMap;
use tree_sitter::{Node, Tree};

/// Deeper nesting than this is not descended into (keeps the walk's stack bounded on generated code).
const MAX_DEPTH: usize = 256;

/// Servlet request methods whose result the client chose.
const REQUEST_READS: &[&str] = &[
    "getParameter",
    "getParameterValues",
    "getParameterMap",
    "getHeader",
    "getHeaders",
    "getQueryString",
    "getPathInfo",
    "getRequestURI",
    "getRequestURL",
    "getCookies",
    "getInputStream",
    "getReader",
    "getPart",
    "getSubmittedFileName",
];

/// Types whose values carry no text.
const PRIMITIVES: &[&str] = &[
    "int", "long", "short", "byte", "boolean", "double", "float", "char", "Integer", "Long", "Boolean", "Double",
];

struct Scope {
    env: Bindings,
    /// Declared type of each local and parameter, for telling an archive entry from other objects.
    types: HashMap<String, String>,
    function: String,
}

struct JavaAnalyzer<'a> {
    src: &'a str,
    prep: &'a Prepared,
    rules: &'a RuleSet,
    scopes: Vec<Scope>,
    out: Emitter,
    depth: usize,
    /// How deep `eval` and the callee paths are in their recursion.
    nesting: Nesting,
}

pub(crate) fn analyze(tree: &Tree, prep: &Prepared, rules: &RuleSet) -> Emitter {
    let mut a = JavaAnalyzer {
        src: &prep.text,
        prep,
        rules,
        scopes: vec![Scope {
            env: Bindings::default(),
            types: HashMap::new(),
            function: String::new(),
        }],
        out: Emitter::default(),
        depth: 0,
        nesting: Nesting::default(),
    };
    a.visit(tree.root_node());
    a.out
}

/// `a + b` for strings: a built string if either part is tainted or not constant.
fn concat(a: &Value, b: &Value) -> Value {
    let t = a.taint.join(&b.taint);
    match (a.str_const(), b.str_const()) {
        (Some(x), Some(y)) => Value {
            taint: t,
            shape: Shape::Str(format!("{x}{y}")),
        },
        _ => Value {
            taint: t.built(),
            shape: Shape::Built(
                format!("{} {}", a.literal_text().unwrap_or(""), b.literal_text().unwrap_or(""))
                    .trim()
                    .to_string(),
            ),
        },
    }
}

/// A value of a primitive type holds no text, whatever it was computed from; otherwise `value()`.
fn primitive_or(ty: &str, value: impl FnOnce() -> Value) -> Value {
    if PRIMITIVES.contains(&ty) {
        Value::clean(Shape::Number)
    } else {
        value()
    }
}

/// The variable a call chain starts from: `f` in `f.toPath().normalize()`.
fn chain_root(mut n: Node) -> Option<Node> {
    loop {
        match n.k() {
            "identifier" => return Some(n),
            "method_invocation" => n = n.child_by_field_name("object")?,
            "field_access" => n = n.child_by_field_name("object")?,
            "parenthesized_expression" => n = n.named_child(0)?,
            _ => return None,
        }
    }
}

impl<'a> JavaAnalyzer<'a> {
    fn text(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    fn scope(&self) -> &Scope {
        self.scopes.last().expect("scope")
    }

    fn scope_mut(&mut self) -> &mut Scope {
        self.scopes.last_mut().expect("scope")
    }

    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
    }

    fn visit(&mut self, node: Node) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_node(node);
        self.depth -= 1;
    }

    fn visit_children(&mut self, node: Node) {
        let mut c = node.walk();
        let children: Vec<Node> = node.named_children(&mut c).collect();
        for ch in children {
            self.visit(ch);
        }
    }

    fn visit_node(&mut self, node: Node) {
        match node.k() {
            "method_declaration" | "constructor_declaration" => self.visit_method(node),
            "local_variable_declaration" => {
                let ty = node.child_by_field_name("type").map(|t| self.text(t)).unwrap_or("");
                let mut c = node.walk();
                let declarators: Vec<Node> = node.children_by_field_name("declarator", &mut c).collect();
                for d in declarators {
                    let Some(name) = d.child_by_field_name("name") else {
                        continue;
                    };
                    let name = self.text(name).to_string();
                    match d.child_by_field_name("value") {
                        Some(v) => {
                            self.visit(v);
                            let value = primitive_or(ty, || self.eval(v));
                            self.declare(name, ty, value);
                        }
                        // Declared without a value: its type is known, its value is not yet.
                        None => {
                            self.scope_mut().types.insert(name, ty.to_string());
                        }
                    }
                }
            }
            "assignment_expression" => {
                if let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                {
                    self.visit(right);
                    if left.k() == "identifier" {
                        let op = node
                            .child_by_field_name("operator")
                            .map(|o| self.text(o))
                            .unwrap_or("=");
                        let new = self.eval(right);
                        let v = if op == "+=" {
                            concat(&self.eval(left), &new)
                        } else {
                            new
                        };
                        let name = self.text(left).to_string();
                        self.scope_mut().env.insert(name, v);
                    }
                }
            }
            "enhanced_for_statement" => {
                if let Some(v) = node.child_by_field_name("value") {
                    self.visit(v);
                    let held = self.eval(v).taint;
                    if let Some(name) = node.child_by_field_name("name") {
                        let ty = node.child_by_field_name("type").map(|t| self.text(t)).unwrap_or("");
                        self.declare(self.text(name).to_string(), ty, Value::other(held));
                    }
                }
                if let Some(b) = node.child_by_field_name("body") {
                    self.visit(b);
                }
            }
            "if_statement" => {
                if let Some(cond) = node.child_by_field_name("condition") {
                    self.visit(cond);
                    self.apply_checks(cond);
                }
                for f in ["consequence", "alternative"] {
                    if let Some(b) = node.child_by_field_name(f) {
                        self.visit(b);
                    }
                }
            }
            "method_invocation" | "object_creation_expression" => {
                self.visit_children(node);
                self.on_call(node);
            }
            _ => self.visit_children(node),
        }
        self.run_node_rules(node);
    }

    fn visit_method(&mut self, node: Node) {
        let name = node
            .child_by_field_name("name")
            .map(|n| self.text(n).to_string())
            .unwrap_or_default();
        self.scopes.push(Scope {
            env: Bindings::default(),
            types: HashMap::new(),
            function: name,
        });
        if let Some(params) = node.child_by_field_name("parameters") {
            let mut c = params.walk();
            let list: Vec<Node> = params.named_children(&mut c).collect();
            for p in list {
                let (Some(id), ty) = (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("type").map(|t| self.text(t)).unwrap_or(""),
                ) else {
                    continue;
                };
                let pname = self.text(id).to_string();
                let v = primitive_or(ty, || {
                    Value::other(Taint::source(format!("parameter `{pname}`"), self.line(id), false))
                });
                self.declare(pname, ty, v);
            }
        }
        if let Some(body) = node.child_by_field_name("body") {
            self.visit(body);
        }
        self.scopes.pop();
    }

    /// Binds a local, loop variable or parameter, remembering its declared type.
    fn declare(&mut self, name: String, ty: &str, value: Value) {
        let scope = self.scope_mut();
        scope.types.insert(name.clone(), ty.to_string());
        scope.env.insert(name, value);
    }

    /// `if (!f.toPath().normalize().startsWith(root))`, or a helper given the normalized path
    /// (`startsWithPath(f.getCanonicalPath(), root)`): from here on `f` is a checked path.
    fn apply_checks(&mut self, cond: Node) {
        let normalized = |t: &str| t.contains("normalize()") || t.contains("getCanonical") || t.contains("toRealPath");
        let mut stack = vec![cond];
        while let Some(n) = stack.pop() {
            let name = n.child_by_field_name("name").map(|m| self.text(m)).unwrap_or("");
            if n.k() == "method_invocation" && (name.starts_with("startsWith") || name.contains("Within")) {
                let mut checked: Vec<Node> = n.child_by_field_name("object").into_iter().collect();
                if let Some(list) = n.child_by_field_name("arguments") {
                    let mut c = list.walk();
                    checked.extend(list.named_children(&mut c).take(1));
                }
                let vars: Vec<String> = checked
                    .into_iter()
                    .filter(|x| normalized(self.text(*x)))
                    .filter_map(chain_root)
                    .map(|r| self.text(r).to_string())
                    .collect();
                for var in vars {
                    if let Some(v) = self.scope_mut().env.get_mut(&var) {
                        v.taint = v.taint.clone().sanitized(Kind::PATH);
                    }
                }
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }

    fn callee_path(&self, node: Node) -> String {
        if node.k() == "object_creation_expression" {
            let ty = node.child_by_field_name("type").map(|t| self.text(t)).unwrap_or("");
            // `new java.io.File(...)` is `new File`; generics are dropped.
            let ty = ty.split('<').next().unwrap_or(ty);
            return format!("new {}", ty.rsplit('.').next().unwrap_or(ty));
        }
        let name = node.child_by_field_name("name").map(|n| self.text(n)).unwrap_or("");
        match node.child_by_field_name("object") {
            Some(o) => format!("{}.{name}", self.receiver_path(o)),
            None => name.to_string(),
        }
    }

    fn receiver_path(&self, o: Node) -> String {
        self.nesting
            .within(MAX_DEPTH, "?".to_string(), || self.receiver_path_node(o))
    }

    fn receiver_path_node(&self, o: Node) -> String {
        match o.k() {
            "identifier" | "this" | "super" => self.text(o).to_string(),
            "field_access" => {
                let obj = o
                    .child_by_field_name("object")
                    .map(|x| self.receiver_path(x))
                    .unwrap_or_default();
                let field = o.child_by_field_name("field").map(|f| self.text(f)).unwrap_or("");
                format!("{obj}.{field}")
            }
            "method_invocation" | "object_creation_expression" => format!("{}()", self.callee_path(o)),
            "parenthesized_expression" => o.named_child(0).map(|c| self.receiver_path(c)).unwrap_or_default(),
            _ => "?".to_string(),
        }
    }

    fn on_call(&mut self, node: Node) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let callee = self.callee_path(node);
        let receiver = node
            .child_by_field_name("object")
            .map(|o| self.eval(o).taint)
            .unwrap_or_default();
        let mut args = Vec::new();
        if let Some(list) = node.child_by_field_name("arguments") {
            let mut c = list.walk();
            for a in list.named_children(&mut c).filter(|a| a.k() != "comment") {
                args.push(Arg {
                    keyword: None,
                    value: self.eval(a),
                    span: self.prep.span(a),
                    text: self.text(a).to_string(),
                });
            }
        }
        // A chained call (`http.csrf().disable()` over several lines) is reported from its method name on.
        let whole = self.prep.span(node);
        let span = match node.child_by_field_name("name") {
            Some(name) => Span {
                end_line: whole.end_line,
                end_col: whole.end_col,
                ..self.prep.span(name)
            },
            None => whole,
        };
        let site = CallSite {
            callee,
            args,
            receiver,
            span,
            function: self.scope().function.clone(),
            entry: false,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    fn run_node_rules(&mut self, node: Node) {
        self.rules.run_node_rules(
            node,
            self.src,
            self.prep,
            &self.scopes.last().expect("scope").function,
            &mut self.out,
        );
    }

    /// The variable is an archive entry: declared as one, or named like one.
    fn is_entry(&self, var: &str) -> bool {
        let ty = self.scope().types.get(var).map(String::as_str).unwrap_or("");
        ty.ends_with("Entry") || var.to_ascii_lowercase().contains("entry")
    }

    fn eval(&self, node: Node) -> Value {
        self.nesting
            .within(MAX_DEPTH, Value::clean(Shape::Other), || self.eval_node(node))
    }

    fn eval_node(&self, node: Node) -> Value {
        match node.k() {
            "identifier" => {
                let name = self.text(node);
                match self.scope().env.get(name) {
                    Some(v) => v.clone(),
                    // A field or a name from elsewhere in the class.
                    None if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) => {
                        Value::other(Taint::weak_source(format!("`{name}`"), self.line(node)))
                    }
                    None => Value::clean(Shape::Other),
                }
            }
            "string_literal" => {
                let t = self.text(node);
                Value::clean(Shape::Str(t.trim_matches('"').to_string()))
            }
            "decimal_integer_literal" | "hex_integer_literal" | "decimal_floating_point_literal" => {
                Value::clean(Shape::Number)
            }
            "true" => Value::clean(Shape::Bool(true)),
            "false" => Value::clean(Shape::Bool(false)),
            "null_literal" => Value::clean(Shape::None),
            "parenthesized_expression" => node
                .named_child(0)
                .map(|c| self.eval(c))
                .unwrap_or(Value::clean(Shape::Other)),
            "cast_expression" => node
                .child_by_field_name("value")
                .map(|c| self.eval(c))
                .unwrap_or(Value::clean(Shape::Other)),
            "binary_expression" => {
                let op = node.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
                match (op, node.child_by_field_name("left"), node.child_by_field_name("right")) {
                    ("+", Some(l), Some(r)) => concat(&self.eval(l), &self.eval(r)),
                    _ => Value::clean(Shape::Other),
                }
            }
            "ternary_expression" => {
                let a = node.child_by_field_name("consequence").map(|c| self.eval(c));
                let b = node.child_by_field_name("alternative").map(|c| self.eval(c));
                let t = a
                    .as_ref()
                    .map(|v| v.taint.clone())
                    .unwrap_or_default()
                    .join(&b.map(|v| v.taint).unwrap_or_default());
                Value::other(t)
            }
            "field_access" => node
                .child_by_field_name("object")
                .map(|o| Value::other(self.eval(o).taint))
                .unwrap_or(Value::clean(Shape::Other)),
            "array_access" => node
                .child_by_field_name("array")
                .map(|o| Value::other(self.eval(o).taint))
                .unwrap_or(Value::clean(Shape::Other)),
            "method_invocation" | "object_creation_expression" => self.eval_call(node),
            _ => Value::clean(Shape::Other),
        }
    }

    fn eval_call(&self, node: Node) -> Value {
        let callee = self.callee_path(node);
        let name = callee.rsplit('.').next().unwrap_or("");
        let object = node.child_by_field_name("object");
        let receiver = object.map(|o| self.eval(o));
        let args: Vec<Value> = node
            .child_by_field_name("arguments")
            .map(|list| {
                let mut c = list.walk();
                list.named_children(&mut c).map(|a| self.eval(a)).collect()
            })
            .unwrap_or_default();
        let args_taint = args.iter().fold(Taint::clean(), |t, v| t.join(&v.taint));
        let recv_taint = receiver.as_ref().map(|r| r.taint.clone()).unwrap_or_default();

        if REQUEST_READS.contains(&name) {
            return Value::other(Taint::source(
                format!("`{}()`", self.text(node.child_by_field_name("name").unwrap_or(node))),
                self.line(node),
                true,
            ));
        }
        if name == "getName" {
            if let Some(o) = object {
                if o.k() == "identifier" && self.is_entry(self.text(o)) {
                    return Value::other(Taint::source(format!("`{}`", self.text(node)), self.line(node), true));
                }
                // `new File(x).getName()` keeps only the last path segment.
                if o.k() == "object_creation_expression" {
                    return Value::other(args_taint.join(&recv_taint).sanitized(Kind::PATH));
                }
            }
        }
        match name {
            "parseInt" | "parseLong" | "valueOf" if callee.starts_with("Integer") || callee.starts_with("Long") => {
                return Value::clean(Shape::Number)
            }
            "length" | "size" | "isEmpty" | "equals" | "contains" | "startsWith" | "endsWith" | "hashCode" => {
                return Value::clean(Shape::Number)
            }
            "getFileName" => return Value::other(recv_taint.sanitized(Kind::PATH)),
            "escapeHtml4" | "escapeHtml" | "htmlEscape" | "forHtml" | "escapeXml" => {
                return Value::other(args_taint.join(&recv_taint).sanitized(Kind::HTML))
            }
            "format" if callee.starts_with("String") => {
                let lit = args.first().and_then(|a| a.literal_text()).unwrap_or("").to_string();
                return Value {
                    taint: args_taint.built(),
                    shape: Shape::Built(lit),
                };
            }
            _ => {}
        }
        if callee.starts_with("FilenameUtils.getName") {
            return Value::other(args_taint.sanitized(Kind::PATH));
        }
        Value::other(recv_taint.join(&args_taint))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Language, Scanner};

    fn rules(src: &str) -> Vec<String> {
        Scanner::default()
            .scan(Language::Java, src)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn a_zip_entry_name_written_without_a_prefix_check_is_zip_slip() {
        let vuln = "class U {\n  void unzip(ZipInputStream zis, File dir) throws IOException {\n    ZipEntry e = zis.getNextEntry();\n    File f = new File(dir, e.getName());\n    FileOutputStream out = new FileOutputStream(f);\n  }\n}\n";
        assert_eq!(rules(vuln), vec!["java-path-traversal"]);
        let fixed = "class U {\n  void unzip(ZipInputStream zis, File dir) throws IOException {\n    ZipEntry e = zis.getNextEntry();\n    File f = new File(dir, e.getName());\n    if (!f.toPath().normalize().startsWith(dir.toPath().normalize())) {\n      throw new IOException(\"Bad zip entry\");\n    }\n    FileOutputStream out = new FileOutputStream(f);\n  }\n}\n";
        assert!(rules(fixed).is_empty(), "{:?}", rules(fixed));
    }
}
