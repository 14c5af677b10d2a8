//! The JavaScript analyzer (Node.js, browser code, JSX): one pass over the tree, in source order, tracking
//! taint per function body.
//!
//! Sources: function parameters; Express `req.query/params/body/headers/cookies/url`; `process.argv` and
//! `process.env`; the page's own address and history (`location`, `document.URL`, `document.referrer`,
//! `window.location.hash`, `document.cookie`); what the user typed into the page (jQuery `.val()`,
//! `.text()`, `.attr(name)`, `getAttribute`, `prompt()`). A variable that the code uses but never defines
//! (code cut out of a file) is treated like a parameter: its value comes from outside the code we see.
//!
//! Values flow through `const/let/var` (with destructuring and defaults), assignments, `+=`, concatenation, template
//! literals, `join`, `path.join`, `replace` (the replacement is inserted too) and calls. Sanitizer calls
//! clear the kinds they neutralise (`escape*`, `encodeURIComponent`, `DOMPurify.sanitize`, `path.basename`,
//! `parseInt`, `Number`, a `replace` helper writing entities such as `str_replace('"', '&quot;', s)`,
//! ...), and checks in
//! `if` conditions clear them where the check holds: inside the branch, and after the `if` when the other
//! branch leaves the function (`if (!p.startsWith(root)) return;`).
//!
//! Besides real calls, rules see three pseudo-calls so that property writes and JSX share the call rules:
//! `<target>=` for an assignment to a property (`el.innerHTML=`, `window.location=`) with the assigned
//! value as its only argument, `dangerouslySetInnerHTML` for that JSX attribute with the `__html` value,
//! and `return` with the returned value. `new X(...)` is presented as callee `new X`.

use crate::registry::RuleSet;
use crate::rule::{Arg, CallSite, Emitter};
use crate::syntax::Kind as _;
use crate::syntax::{dotted, line_of, text, unquote, Prepared};
use crate::taint::{Kind, Taint};
use crate::value::{Shape, Value};
use std::collections::HashMap;
use tree_sitter::{Node, Tree};

const MEMBER: &[&str] = &["member_expression"];

/// Deeper nesting than this is not descended into (keeps the walk's stack bounded on generated code).
const MAX_DEPTH: usize = 256;

/// Member paths whose value is attacker-controlled wherever they appear.
const USER_SOURCES: &[&str] = &[
    "req.query",
    "req.params",
    "req.body",
    "req.headers",
    "req.cookies",
    "req.url",
    "req.originalUrl",
    "req.path",
    "req.files",
    "req.file",
    "request.query",
    "request.params",
    "request.body",
    "request.headers",
    "request.url",
    "request.payload",
    "ctx.query",
    "ctx.params",
    "ctx.request.body",
    "ctx.request.query",
    "process.argv",
    "process.env",
    "location",
    "window.location",
    "document.location",
    "document.URL",
    "document.documentURI",
    "document.referrer",
    "document.cookie",
    "window.name",
    "location.hash",
    "location.search",
    "location.href",
    "location.pathname",
];

/// Globals and well-known objects whose members are not attacker-controlled.
const GLOBALS: &[&str] = &[
    "Math",
    "JSON",
    "console",
    "Object",
    "Array",
    "String",
    "Number",
    "Boolean",
    "Date",
    "Promise",
    "RegExp",
    "Error",
    "Symbol",
    "Map",
    "Set",
    "Buffer",
    "module",
    "exports",
    "require",
    "undefined",
    "NaN",
    "Infinity",
    "window",
    "document",
    "process",
    "global",
    "globalThis",
    "this",
    "super",
    "arguments",
    "navigator",
    "Intl",
    "setTimeout",
    "setInterval",
    "clearTimeout",
    "parseInt",
    "parseFloat",
    "isNaN",
    "__dirname",
    "__filename",
    "$",
    "jQuery",
    "_",
    "angular",
    "React",
    "crypto",
    "fs",
    "path",
    "http",
    "https",
    "url",
    "util",
    "os",
    "child_process",
    "cp",
    "exec",
    "execSync",
    "spawn",
    "localStorage",
    "sessionStorage",
    "null",
    "true",
    "false",
];

/// Calls whose result carries no taint (numbers, booleans, lengths, fresh random bytes).
const CLEANING_CALLS: &[&str] = &[
    "parseInt",
    "parseFloat",
    "Number",
    "Boolean",
    "isNaN",
    "isFinite",
    "indexOf",
    "lastIndexOf",
    "includes",
    "test",
    "startsWith",
    "endsWith",
    "has",
    "isArray",
    "isInteger",
    "localeCompare",
    "getTime",
    "now",
    "floor",
    "ceil",
    "round",
    "abs",
    "min",
    "max",
    "random",
    "randomBytes",
    "randomUUID",
    "uuid",
    "v4",
    "existsSync",
    "count",
    "size",
    "width",
    "height",
    "hasOwnProperty",
    "is",
    "hasClass",
    "length",
    "toFixed",
    "valueOf",
];

/// Sanitizers by callee name, and the kinds they neutralise.
fn sanitizer(callee: &str, name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let k = match name {
        "basename" => Kind::PATH,
        "encodeURIComponent" | "encodeURI" | "escape" | "querystring.escape" => {
            Kind::HTML | Kind::URL | Kind::PATH | Kind::SHELL | Kind::CODE
        }
        "quote" if callee.contains("shell") => Kind::SHELL,
        "escapeId" | "escapeLiteral" | "escapeIdentifier" => Kind::SQL,
        "format" if callee.contains("mysql") || callee.contains("SqlString") || callee.contains("sqlstring") => {
            Kind::SQL
        }
        "sanitize" | "filterXSS" | "xss" | "purify" | "strip_tags" | "stripTags" | "striptags" | "encode" | "text" => {
            Kind::HTML
        }
        _ if lower.contains("escape") || lower.contains("saniti") => {
            Kind::HTML | Kind::SQL | Kind::SHELL | Kind::CODE | Kind::LOG
        }
        _ if lower.contains("htmlencode") || lower.contains("encodehtml") || lower == "ehtml" || lower == "h" => {
            Kind::HTML
        }
        _ => return None,
    };
    Some(k)
}

/// A call whose purpose is to validate its arguments (returning a verdict).
fn is_validator(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "valid",
        "saniti",
        "check",
        "verify",
        "issafe",
        "is_safe",
        "allowed",
        "whitelist",
        "allowlist",
        "ensure",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Variable bindings of one function body (closures start from a copy of their parent's).
type Env = HashMap<String, Value>;

fn sanitize(env: &mut Env, name: &str, k: Kind) {
    if let Some(v) = env.get_mut(name) {
        v.taint.kinds = v.taint.kinds.without(k);
    }
}

struct Scope {
    env: Env,
    function: String,
}

pub(crate) struct JsAnalyzer<'a> {
    src: &'a str,
    prep: &'a Prepared,
    rules: &'a RuleSet,
    /// Local names bound to modules or their members: `cp` → `child_process`, `exec` → `child_process.exec`.
    aliases: HashMap<String, String>,
    scopes: Vec<Scope>,
    out: Emitter,
    depth: usize,
    /// What each function seen so far returns (joined over its `return`s), by node id: `arr.map(fn)`
    /// yields what `fn` returns, not the array's elements.
    returns: HashMap<usize, Value>,
    /// Ids of the functions being visited, innermost last.
    functions: Vec<usize>,
}

pub(crate) fn analyze(tree: &Tree, prep: &Prepared, rules: &RuleSet) -> Emitter {
    let mut a = JsAnalyzer {
        src: &prep.text,
        prep,
        rules,
        aliases: HashMap::new(),
        scopes: vec![Scope {
            env: Env::default(),
            function: String::new(),
        }],
        out: Emitter::default(),
        depth: 0,
        returns: HashMap::new(),
        functions: Vec::new(),
    };
    a.visit(tree.root_node());
    a.out
}

pub(crate) fn is_function(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration"
            | "function_expression"
            | "function"
            | "arrow_function"
            | "method_definition"
            | "generator_function_declaration"
            | "generator_function"
    )
}

/// True when a statement (or the last statement of a block) leaves the enclosing code.
fn exits(node: Node) -> bool {
    match node.k() {
        "return_statement" | "throw_statement" | "break_statement" | "continue_statement" => true,
        "statement_block" => {
            let n = node.named_child_count();
            (0..n)
                .rev()
                .filter_map(|i| node.named_child(i))
                .find(|c| c.k() != "comment")
                .is_some_and(exits)
        }
        _ => false,
    }
}

impl<'a> JsAnalyzer<'a> {
    fn env(&self) -> &Env {
        &self.scopes.last().expect("module scope").env
    }
    fn env_mut(&mut self) -> &mut Env {
        &mut self.scopes.last_mut().expect("module scope").env
    }
    fn text(&self, n: Node) -> &'a str {
        text(n, self.src)
    }
    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
    }
    fn function(&self) -> String {
        self.scopes.last().expect("scope").function.clone()
    }

    fn visit_children(&mut self, node: Node) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for c in children {
            self.visit(c);
        }
    }

    fn visit(&mut self, node: Node) {
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_inner(node);
        self.run_node_rules(node);
        self.depth -= 1;
    }

    fn visit_inner(&mut self, node: Node) {
        let kind = node.k();
        if is_function(kind) {
            self.visit_function(node);
            return;
        }
        match kind {
            "import_statement" => self.record_import(node),
            "variable_declarator" => {
                if let Some(value) = node.child_by_field_name("value") {
                    self.visit(value);
                    let v = self.eval(value);
                    if let Some(name) = node.child_by_field_name("name") {
                        if !self.record_require(name, value) {
                            self.bind(name, v);
                        }
                    }
                }
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    return self.visit_children(node);
                };
                self.visit(right);
                let v = self.eval(right);
                if matches!(left.k(), "member_expression" | "identifier") {
                    let target = dotted(left, self.src, MEMBER, "object", "property");
                    if left.k() == "member_expression" || matches!(target.as_str(), "location") {
                        self.pseudo_call(format!("{target}="), node, vec![(right, v.clone())]);
                    }
                }
                if left.k() != "identifier" {
                    self.visit(left);
                }
                self.bind(left, v);
            }
            "augmented_assignment_expression" => {
                if let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                {
                    self.visit(right);
                    let old = self.eval(left);
                    let new = self.eval(right);
                    let op = node
                        .child_by_field_name("operator")
                        .map(|o| self.text(o))
                        .unwrap_or("+=");
                    let v = if op == "+=" {
                        concat(&old, &new)
                    } else {
                        Value {
                            taint: Taint::clean(),
                            shape: Shape::Number,
                        }
                    };
                    if op == "+=" && left.k() == "member_expression" {
                        let target = dotted(left, self.src, MEMBER, "object", "property");
                        self.pseudo_call(format!("{target}="), node, vec![(right, v.clone())]);
                    }
                    self.bind(left, v);
                }
            }
            "for_in_statement" => {
                if let Some(right) = node.child_by_field_name("right") {
                    self.visit(right);
                    let v = self.eval(right);
                    if let Some(left) = node.child_by_field_name("left") {
                        self.bind(left, Value::other(v.taint));
                    }
                }
                if let Some(b) = node.child_by_field_name("body") {
                    self.visit(b);
                }
            }
            "if_statement" => self.visit_if(node),
            "call_expression" => {
                self.visit_children(node);
                self.on_call(node);
            }
            "new_expression" => {
                self.visit_children(node);
                self.on_call(node);
            }
            "return_statement" => {
                self.visit_children(node);
                if let Some(e) = node.named_child(0) {
                    let v = self.eval(e);
                    self.pseudo_call("return".to_string(), node, vec![(e, v)]);
                }
            }
            "jsx_attribute" => {
                self.visit_children(node);
                let name = node.named_child(0).map(|n| self.text(n)).unwrap_or("");
                if name == "dangerouslySetInnerHTML" {
                    if let Some(obj) = node
                        .named_child(1)
                        .and_then(|e| e.named_child(0))
                        .filter(|o| o.k() == "object")
                    {
                        let mut c = obj.walk();
                        let pairs: Vec<Node> = obj.named_children(&mut c).filter(|p| p.k() == "pair").collect();
                        for p in pairs {
                            if p.child_by_field_name("key")
                                .is_some_and(|k| strip_quotes(self.text(k)) == "__html")
                            {
                                if let Some(v) = p.child_by_field_name("value") {
                                    let val = self.eval(v);
                                    self.pseudo_call("dangerouslySetInnerHTML".to_string(), node, vec![(v, val)]);
                                }
                            }
                        }
                    }
                }
            }
            _ => self.visit_children(node),
        }
    }

    fn run_node_rules(&mut self, node: Node) {
        let function = &self.scopes.last().expect("scope").function;
        self.rules
            .run_node_rules(node, self.src, self.prep, function, &mut self.out);
    }

    /// The name a function is known by: its own name, or the variable, property or key it is assigned to.
    fn function_name(&self, node: Node) -> String {
        if let Some(n) = node.child_by_field_name("name") {
            return self.text(n).to_string();
        }
        let Some(p) = node.parent() else { return String::new() };
        let n = match p.k() {
            "variable_declarator" => p.child_by_field_name("name"),
            "pair" => p.child_by_field_name("key"),
            "assignment_expression" => p.child_by_field_name("left"),
            _ => None,
        };
        match n {
            Some(n) => self.text(n).to_string(),
            None => self.function(),
        }
    }

    fn visit_function(&mut self, node: Node) {
        let name = self.function_name(node);
        // Closures see the variables of the code around them.
        let env = self.env().clone();
        self.scopes.push(Scope { env, function: name });
        self.functions.push(node.id());
        let params = node
            .child_by_field_name("parameters")
            .or_else(|| node.child_by_field_name("parameter"));
        if let Some(p) = params {
            self.bind_params(p);
        }
        if let Some(body) = node.child_by_field_name("body") {
            if body.k() == "statement_block" {
                self.visit(body);
            } else {
                // An arrow function's expression body is its return value.
                self.visit(body);
                let v = self.eval(body);
                self.pseudo_call("return".to_string(), body, vec![(body, v)]);
            }
        }
        self.functions.pop();
        self.scopes.pop();
    }

    fn bind_params(&mut self, p: Node) {
        match p.k() {
            "identifier" => {
                let name = self.text(p);
                let user = matches!(name, "req" | "request");
                let t = Taint::source(format!("parameter `{name}`"), self.line(p), user);
                self.env_mut().insert(name.to_string(), Value::other(t));
            }
            "shorthand_property_identifier_pattern" => {
                let name = self.text(p);
                let t = Taint::source(format!("parameter `{name}`"), self.line(p), false);
                self.env_mut().insert(name.to_string(), Value::other(t));
            }
            "assignment_pattern" => {
                if let Some(l) = p.child_by_field_name("left") {
                    self.bind_params(l);
                }
            }
            "pair_pattern" => {
                if let Some(v) = p.child_by_field_name("value") {
                    self.bind_params(v);
                }
            }
            _ => {
                let mut c = p.walk();
                let kids: Vec<Node> = p.named_children(&mut c).collect();
                for k in kids {
                    self.bind_params(k);
                }
            }
        }
    }

    fn record_import(&mut self, node: Node) {
        let Some(source) = node.child_by_field_name("source") else {
            return;
        };
        let module = unquote(self.text(source)).to_string();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.k() {
                "import_clause" => {
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        if ch.k() == "identifier" {
                            self.aliases.insert(self.text(ch).to_string(), module.clone());
                        } else {
                            stack.push(ch);
                        }
                    }
                }
                "namespace_import" => {
                    if let Some(id) = n.named_child(0) {
                        self.aliases.insert(self.text(id).to_string(), module.clone());
                    }
                }
                "import_specifier" => {
                    let name = n.child_by_field_name("name").map(|x| self.text(x)).unwrap_or("");
                    let alias = n.child_by_field_name("alias").map(|x| self.text(x)).unwrap_or(name);
                    self.aliases.insert(alias.to_string(), format!("{module}.{name}"));
                }
                _ => {
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        stack.push(ch);
                    }
                }
            }
        }
    }

    /// `const cp = require('child_process')`, `const { exec } = require('child_process')`: records aliases.
    fn record_require(&mut self, name: Node, value: Node) -> bool {
        let mut v = value;
        // `require('x').promises`
        let mut suffix = String::new();
        while v.k() == "member_expression" {
            let prop = v.child_by_field_name("property").map(|p| self.text(p)).unwrap_or("");
            suffix = format!(".{prop}{suffix}");
            match v.child_by_field_name("object") {
                Some(o) => v = o,
                None => return false,
            }
        }
        if v.k() != "call_expression" || v.child_by_field_name("function").map(|f| self.text(f)) != Some("require") {
            return false;
        }
        let Some(arg) = v.child_by_field_name("arguments").and_then(|a| a.named_child(0)) else {
            return false;
        };
        if arg.k() != "string" {
            return false;
        }
        let module = format!("{}{suffix}", unquote(self.text(arg)));
        match name.k() {
            "identifier" => {
                self.aliases.insert(self.text(name).to_string(), module);
            }
            "object_pattern" => {
                let mut c = name.walk();
                for p in name.named_children(&mut c) {
                    match p.k() {
                        "shorthand_property_identifier_pattern" => {
                            let n = self.text(p);
                            self.aliases.insert(n.to_string(), format!("{module}.{n}"));
                        }
                        "pair_pattern" => {
                            let key = p.child_by_field_name("key").map(|k| self.text(k)).unwrap_or("");
                            if let Some(val) = p.child_by_field_name("value") {
                                self.aliases
                                    .insert(self.text(val).to_string(), format!("{module}.{key}"));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => return false,
        }
        true
    }

    fn resolve(&self, path: &str) -> String {
        let (head, rest) = match path.find(['.', '(']) {
            Some(i) => (&path[..i], &path[i..]),
            None => (path, ""),
        };
        match self.aliases.get(head) {
            Some(full) => format!("{full}{rest}"),
            None => path.to_string(),
        }
    }

    fn bind(&mut self, target: Node, v: Value) {
        match target.k() {
            "identifier" | "member_expression" => {
                let name = self.text(target).to_string();
                self.env_mut().insert(name, v);
            }
            "shorthand_property_identifier_pattern" => {
                let name = self.text(target).to_string();
                self.env_mut().insert(name, Value::other(v.taint));
            }
            "object_pattern" | "array_pattern" => {
                let mut c = target.walk();
                let items: Vec<Node> = target.named_children(&mut c).collect();
                for i in items {
                    self.bind(i, Value::other(v.taint.clone()));
                }
            }
            "pair_pattern" => {
                if let Some(val) = target.child_by_field_name("value") {
                    self.bind(val, v);
                }
            }
            // `{ id = '' } = req.body`, `[a = 1] = xs`
            "assignment_pattern" | "object_assignment_pattern" => {
                if let Some(l) = target.child_by_field_name("left") {
                    self.bind(l, v);
                }
            }
            "rest_pattern" => {
                if let Some(inner) = target.named_child(0) {
                    self.bind(inner, v);
                }
            }
            "subscript_expression" => {
                // `a[k] = tainted` taints the container.
                if let Some(obj) = target.child_by_field_name("object") {
                    let old = self.eval(obj);
                    let joined = Value::other(old.taint.join(&v.taint));
                    self.bind(obj, joined);
                }
            }
            _ => {}
        }
    }

    fn visit_if(&mut self, node: Node) {
        let cond = node.child_by_field_name("condition");
        if let Some(c) = cond {
            self.visit(c);
        }
        let (pos, neg) = match cond {
            Some(c) => (self.checks(c, true), self.checks(c, false)),
            None => (Vec::new(), Vec::new()),
        };
        let cons = node.child_by_field_name("consequence");
        let alt = node.child_by_field_name("alternative");
        let mut branches = crate::value::Branches::start(self.env());
        if let Some(b) = cons {
            let saved = self.apply(&pos);
            self.visit(b);
            self.restore(saved);
            branches.end(self.env_mut(), !exits(b));
        }
        if let Some(b) = alt {
            let saved = self.apply(&neg);
            self.visit(b);
            self.restore(saved);
            branches.end(self.env_mut(), !b.named_child(0).is_some_and(exits));
        }
        branches.finish(self.env_mut(), alt.is_some());
        if cons.is_some_and(exits) {
            self.apply(&neg);
        }
        if alt.and_then(|a| a.named_child(0)).is_some_and(exits) {
            self.apply(&pos);
        }
    }

    /// Clears kinds from checked variables; returns their previous taint kinds for [`Self::restore`].
    fn apply(&mut self, checks: &[(String, Kind)]) -> Vec<(String, Kind)> {
        let mut saved = Vec::new();
        for (name, k) in checks {
            if let Some(v) = self.env().get(name) {
                saved.push((name.clone(), v.taint.kinds));
            } else if let Some(v) = self.free_value(name) {
                // A free variable checked here: remember it as checked.
                self.env_mut().insert(name.clone(), v);
                saved.push((
                    name.clone(),
                    self.env().get(name).map(|v| v.taint.kinds).unwrap_or_default(),
                ));
            }
            sanitize(self.env_mut(), name, *k);
        }
        saved
    }

    fn restore(&mut self, saved: Vec<(String, Kind)>) {
        for (name, kinds) in saved {
            if let Some(v) = self.scopes.last_mut().expect("scope").env.get_mut(&name) {
                v.taint.kinds = v.taint.kinds.union(kinds);
            }
        }
    }

    fn free_value(&self, name: &str) -> Option<Value> {
        if name.contains(['(', '[']) {
            return None;
        }
        Some(self.eval_path(name, 0))
    }

    /// Variables that are safe (for the given kinds) when `cond` evaluates to `polarity`.
    fn checks(&self, cond: Node, polarity: bool) -> Vec<(String, Kind)> {
        let mut out = Vec::new();
        self.collect_checks(cond, polarity, &mut out, 0);
        out
    }

    fn collect_checks(&self, n: Node, pol: bool, out: &mut Vec<(String, Kind)>, depth: usize) {
        if depth > 32 {
            return;
        }
        match n.k() {
            "parenthesized_expression" => {
                if let Some(i) = n.named_child(0) {
                    self.collect_checks(i, pol, out, depth + 1);
                }
            }
            "unary_expression" => {
                let op = n.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
                if op == "!" {
                    if let Some(a) = n.child_by_field_name("argument") {
                        self.collect_checks(a, !pol, out, depth + 1);
                    }
                }
            }
            "binary_expression" => {
                let op = n.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
                let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
                    return;
                };
                match op {
                    "&&" if pol => {
                        self.collect_checks(l, true, out, depth + 1);
                        self.collect_checks(r, true, out, depth + 1);
                    }
                    "||" if !pol => {
                        self.collect_checks(l, false, out, depth + 1);
                        self.collect_checks(r, false, out, depth + 1);
                    }
                    "===" | "==" | "!==" | "!=" => {
                        let eq = matches!(op, "===" | "==");
                        let holds = eq == pol;
                        let (lit, other) = if is_literal(r) {
                            (r, l)
                        } else if is_literal(l) {
                            (l, r)
                        } else {
                            return;
                        };
                        if other.k() == "call_expression" {
                            // `p.indexOf(root) === 0`: a prefix check; `p.indexOf('..') === -1`: no traversal.
                            let f = other.child_by_field_name("function");
                            let name = f
                                .and_then(|f| f.child_by_field_name("property"))
                                .map(|p| self.text(p))
                                .unwrap_or("");
                            let recv = f.and_then(|f| f.child_by_field_name("object"));
                            let arg = other.child_by_field_name("arguments").and_then(|a| a.named_child(0));
                            if name == "indexOf" {
                                if let Some(recv) = recv {
                                    let lt = self.text(lit);
                                    let dotdot = arg.is_some_and(|a| unquote(self.text(a)).contains(".."));
                                    if lt == "0" && holds && !dotdot {
                                        out.push((self.text(recv).to_string(), Kind::PATH | Kind::URL));
                                    }
                                    if lt == "-1" && holds && dotdot {
                                        out.push((self.text(recv).to_string(), Kind::PATH));
                                    }
                                }
                            }
                        } else if other.k() == "unary_expression" && self.text(other).starts_with("typeof") {
                            // `typeof x === 'number'`
                            if holds && matches!(unquote(self.text(lit)), "number" | "boolean") {
                                if let Some(a) = other.child_by_field_name("argument") {
                                    out.push((self.text(a).to_string(), Kind::ALL));
                                }
                            }
                        } else if holds
                            && lit.k() == "string"
                            && matches!(other.k(), "identifier" | "member_expression")
                        {
                            out.push((self.text(other).to_string(), Kind::ALL));
                        }
                    }
                    "<" | ">" | "<=" | ">=" => {
                        // A bound on a number, whichever way it went.
                        for side in [l, r] {
                            if matches!(side.k(), "identifier" | "member_expression") {
                                out.push((self.text(side).to_string(), Kind::SIZE));
                            }
                        }
                    }
                    "in" if pol => out.push((self.text(l).to_string(), Kind::ALL)),
                    _ => {}
                }
            }
            "call_expression" => {
                let Some(f) = n.child_by_field_name("function") else {
                    return;
                };
                let callee = dotted(f, self.src, MEMBER, "object", "property");
                let name = callee.rsplit('.').next().unwrap_or("");
                let recv = f.child_by_field_name("object");
                let args: Vec<Node> = n
                    .child_by_field_name("arguments")
                    .map(|a| {
                        let mut c = a.walk();
                        a.named_children(&mut c).collect()
                    })
                    .unwrap_or_default();
                match name {
                    "startsWith" if pol => {
                        if let Some(r) = recv {
                            out.push((self.text(r).to_string(), Kind::PATH | Kind::URL));
                        }
                    }
                    "test" | "match" if pol => {
                        // `/^[a-z]+$/.test(x)`, `re.test(x)`, `x.match(/^...$/)`
                        if name == "test" {
                            for a in &args {
                                out.push((self.text(*a).to_string(), Kind::ALL));
                            }
                        } else if let Some(r) = recv {
                            out.push((self.text(r).to_string(), Kind::ALL));
                        }
                    }
                    "includes" | "has" | "indexOf" => {
                        let first = args.first().copied();
                        match (first, recv) {
                            (Some(a), Some(_)) if a.k() == "string" => {
                                // `x.includes('..')` false: no traversal.
                                if !pol && unquote(self.text(a)).contains("..") {
                                    if let Some(r) = recv {
                                        out.push((self.text(r).to_string(), Kind::PATH));
                                    }
                                }
                            }
                            (Some(a), Some(_)) if pol && name != "indexOf" => {
                                out.push((self.text(a).to_string(), Kind::ALL))
                            }
                            _ => {}
                        }
                    }
                    "isInteger" | "isSafeInteger" | "isFinite" if pol => {
                        for a in &args {
                            out.push((self.text(*a).to_string(), Kind::ALL));
                        }
                    }
                    "isNaN" if !pol => {
                        for a in &args {
                            out.push((self.text(*a).to_string(), Kind::ALL));
                        }
                    }
                    _ if pol && is_validator(name) => {
                        for a in &args {
                            out.push((self.text(*a).to_string(), Kind::ALL));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Hands a pseudo-call (a property write, a JSX attribute, a `return`) to the call rules.
    fn pseudo_call(&mut self, callee: String, node: Node, args: Vec<(Node, Value)>) {
        if callee == "return" {
            if let (Some(f), Some((_, v))) = (self.functions.last(), args.first()) {
                let joined = match self.returns.get(f) {
                    Some(old) => Value {
                        taint: old.taint.join(&v.taint),
                        shape: if old.shape == v.shape {
                            v.shape.clone()
                        } else {
                            Shape::Other
                        },
                    },
                    None => v.clone(),
                };
                self.returns.insert(*f, joined);
            }
        }
        if self.rules.call_rules().is_empty() {
            return;
        }
        let args = args
            .into_iter()
            .map(|(n, v)| Arg {
                keyword: None,
                value: v,
                span: self.prep.span(n),
                text: self.text(n).to_string(),
            })
            .collect();
        let site = CallSite {
            callee,
            args,
            receiver: Taint::clean(),
            span: self.prep.span(node),
            function: self.function(),
            entry: false,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    /// The dotted path of a callee through the aliases; `require('child_process').exec` reads as
    /// `child_process.exec`.
    fn callee_path(&self, f: Node) -> String {
        if f.k() == "member_expression" {
            let obj = f.child_by_field_name("object").filter(|o| o.k() == "call_expression");
            let module = obj
                .filter(|o| o.child_by_field_name("function").map(|x| self.text(x)) == Some("require"))
                .and_then(|o| o.child_by_field_name("arguments"))
                .and_then(|a| a.named_child(0))
                .filter(|a| a.k() == "string");
            if let (Some(m), Some(p)) = (module, f.child_by_field_name("property")) {
                return format!("{}.{}", unquote(self.text(m)), self.text(p));
            }
        }
        self.resolve(&dotted(f, self.src, MEMBER, "object", "property"))
    }

    fn callee_of(&self, node: Node) -> String {
        if node.k() == "new_expression" {
            let c = node.child_by_field_name("constructor");
            let name = c
                .map(|c| self.resolve(&dotted(c, self.src, MEMBER, "object", "property")))
                .unwrap_or_default();
            return format!("new {name}");
        }
        match node.child_by_field_name("function") {
            Some(f) => self.callee_path(f),
            None => String::new(),
        }
    }

    fn on_call(&mut self, node: Node) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let callee = self.callee_of(node);
        let f = node.child_by_field_name("function");
        let receiver = match f
            .filter(|f| f.k() == "member_expression")
            .and_then(|f| f.child_by_field_name("object"))
        {
            Some(o) => self.eval(o).taint,
            None => Taint::clean(),
        };
        let mut args = Vec::new();
        if let Some(arglist) = node.child_by_field_name("arguments") {
            if arglist.k() == "template_string" {
                args.push(Arg {
                    keyword: None,
                    value: self.eval(arglist),
                    span: self.prep.span(arglist),
                    text: self.text(arglist).to_string(),
                });
            } else {
                let mut c = arglist.walk();
                for a in arglist.named_children(&mut c) {
                    if a.k() == "comment" {
                        continue;
                    }
                    args.push(Arg {
                        keyword: None,
                        value: self.eval(a),
                        span: self.prep.span(a),
                        text: self.text(a).to_string(),
                    });
                    // Options objects: expose their keys as keyword arguments (`{ shell: true }`).
                    if a.k() == "object" {
                        let mut c2 = a.walk();
                        for p in a.named_children(&mut c2).filter(|p| p.k() == "pair") {
                            if let (Some(k), Some(v)) = (p.child_by_field_name("key"), p.child_by_field_name("value")) {
                                args.push(Arg {
                                    keyword: Some(strip_quotes(self.text(k)).to_string()),
                                    value: self.eval(v),
                                    span: self.prep.span(v),
                                    text: self.text(v).to_string(),
                                });
                            }
                        }
                    }
                }
            }
        }
        let site = CallSite {
            callee,
            args,
            receiver,
            span: self.prep.span(node),
            function: self.function(),
            entry: false,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    /// The value of a name or member path that the env does not hold.
    fn eval_path(&self, path: &str, line: usize) -> Value {
        if let Some(src) = user_source(path) {
            return Value::other(Taint::source(format!("`{src}`"), line, true));
        }
        let head = path.split(['.', '[']).next().unwrap_or(path);
        if self.aliases.contains_key(head) || GLOBALS.contains(&head) || is_constant_name(head) {
            return Value::clean(Shape::Other);
        }
        if let Some(v) = self.env().get(head) {
            return Value::other(v.taint.clone());
        }
        // Defined outside the code we see: an input of this code, like a parameter.
        Value::other(Taint::weak_source(
            format!("`{head}` (defined outside this code)"),
            line,
        ))
    }

    /// What is known about an expression's value.
    fn eval(&self, node: Node) -> Value {
        self.eval_depth(node, 0)
    }

    fn eval_depth(&self, node: Node, depth: usize) -> Value {
        if depth > 64 {
            return Value::clean(Shape::Other);
        }
        let ev = |n: Node| self.eval_depth(n, depth + 1);
        match node.k() {
            "identifier" | "shorthand_property_identifier" => {
                let name = self.text(node);
                if let Some(v) = self.env().get(name) {
                    return v.clone();
                }
                if matches!(name, "undefined" | "NaN" | "Infinity") {
                    return Value::clean(Shape::None);
                }
                self.eval_path(name, self.line(node))
            }
            // Object state: often input stored by a constructor, too often not to count only weakly (as
            // Python's `self.x`): rules where building a command or statement from any non-constant is
            // the bug accept it.
            "this" => Value::other(Taint::weak_source("`this`", self.line(node))),
            "super" => Value::clean(Shape::Other),
            "member_expression" => {
                let path = self.text(node);
                if let Some(v) = self.env().get(path) {
                    return v.clone();
                }
                let prop = node.child_by_field_name("property").map(|p| self.text(p)).unwrap_or("");
                if prop == "length" {
                    return Value::clean(Shape::Number);
                }
                let d = dotted(node, self.src, MEMBER, "object", "property");
                if let Some(src) = user_source(&d) {
                    return Value::other(Taint::source(format!("`{src}`"), self.line(node), true));
                }
                match node.child_by_field_name("object") {
                    Some(obj) if obj.k() == "this" => {
                        Value::other(Taint::weak_source(format!("`{path}`"), self.line(node)))
                    }
                    Some(obj) => Value::other(ev(obj).taint),
                    None => Value::clean(Shape::Other),
                }
            }
            "subscript_expression" => match node.child_by_field_name("object") {
                Some(o) => Value::other(ev(o).taint),
                None => Value::clean(Shape::Other),
            },
            "string" => {
                let inner = unquote(self.text(node));
                Value::clean(Shape::Str(inner.to_string()))
            }
            "template_string" => {
                let mut taint = Taint::clean();
                let mut literal = String::new();
                let mut interp = false;
                let mut c = node.walk();
                for part in node.named_children(&mut c) {
                    match part.k() {
                        "template_substitution" => {
                            interp = true;
                            if let Some(e) = part.named_child(0) {
                                taint = taint.join(&ev(e).taint);
                            }
                            literal.push(' ');
                        }
                        "string_fragment" | "escape_sequence" => literal.push_str(self.text(part)),
                        _ => {}
                    }
                }
                if interp {
                    Value {
                        taint: taint.built(),
                        shape: Shape::Built(literal),
                    }
                } else {
                    Value::clean(Shape::Str(literal))
                }
            }
            "number" => Value::clean(Shape::Number),
            "true" => Value::clean(Shape::Bool(true)),
            "false" => Value::clean(Shape::Bool(false)),
            "null" | "undefined" => Value::clean(Shape::None),
            "regex" => Value::clean(Shape::Str(
                node.child_by_field_name("pattern")
                    .map(|p| self.text(p))
                    .unwrap_or("")
                    .to_string(),
            )),
            "binary_expression" => {
                let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                    return Value::clean(Shape::Other);
                };
                let op = node.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
                match op {
                    "+" => concat(&ev(l), &ev(r)),
                    "||" | "??" | "&&" => {
                        let (a, b) = (ev(l), ev(r));
                        Value::other(a.taint.join(&b.taint))
                    }
                    "-" | "*" | "/" | "%" | "|" | "&" | "^" | "<<" | ">>" | ">>>" | "**" => Value::clean(Shape::Number),
                    _ => Value::clean(Shape::Bool(false)),
                }
            }
            "unary_expression" => Value::clean(Shape::Other),
            "ternary_expression" => {
                let cond = node.child_by_field_name("condition");
                let checked: Vec<(String, Kind)> = cond.map(|c| self.checks(c, true)).unwrap_or_default();
                let mut t = Taint::clean();
                let mut shape = None;
                for field in ["consequence", "alternative"] {
                    if let Some(b) = node.child_by_field_name(field) {
                        let mut v = ev(b);
                        if field == "consequence" {
                            for (name, k) in &checked {
                                if name == self.text(b) {
                                    v.taint = v.taint.sanitized(*k);
                                }
                            }
                        }
                        t = t.join(&v.taint);
                        shape = Some(match shape {
                            None => v.shape,
                            Some(s) if s == v.shape => s,
                            Some(_) => Shape::Other,
                        });
                    }
                }
                Value {
                    taint: t,
                    shape: shape.unwrap_or(Shape::Other),
                }
            }
            "call_expression" => self.eval_call(node, depth),
            "new_expression" => {
                let args = node.child_by_field_name("arguments");
                let mut t = Taint::clean();
                if let Some(a) = args {
                    let mut c = a.walk();
                    for x in a.named_children(&mut c) {
                        t = t.join(&ev(x).taint);
                    }
                }
                Value::other(t)
            }
            "array" => {
                let mut t = Taint::clean();
                let mut first = None;
                let mut c = node.walk();
                for (i, e) in node.named_children(&mut c).enumerate() {
                    let v = ev(e);
                    if i == 0 {
                        first = Some(Box::new(v.shape.clone()));
                    }
                    t = t.join(&v.taint);
                }
                Value {
                    taint: t,
                    shape: Shape::Sequence(first),
                }
            }
            "parenthesized_expression" | "await_expression" | "non_null_expression" => match node.named_child(0) {
                Some(i) => ev(i),
                None => Value::clean(Shape::Other),
            },
            "sequence_expression" => match node.named_child(node.named_child_count().saturating_sub(1)) {
                Some(i) => ev(i),
                None => Value::clean(Shape::Other),
            },
            "assignment_expression" => node
                .child_by_field_name("right")
                .map(ev)
                .unwrap_or(Value::clean(Shape::Other)),
            k if is_function(k) => Value::clean(Shape::Other),
            "comment" | "class" | "class_declaration" => Value::clean(Shape::Other),
            "object" => {
                let mut t = Taint::clean();
                let mut c = node.walk();
                for p in node.named_children(&mut c) {
                    let v = match p.k() {
                        "pair" => p.child_by_field_name("value").map(ev),
                        "spread_element" | "shorthand_property_identifier" => Some(ev(p)),
                        _ => None,
                    };
                    if let Some(v) = v {
                        t = t.join(&v.taint);
                    }
                }
                Value::other(t)
            }
            _ => {
                let mut t = Taint::clean();
                let mut c = node.walk();
                for e in node.named_children(&mut c) {
                    t = t.join(&ev(e).taint);
                }
                Value::other(t)
            }
        }
    }

    /// A receiver that is a free name or a module (`path`, `utils`), not a value of this code.
    fn is_module(&self, r: Node) -> bool {
        r.k() == "identifier" && self.env().get(self.text(r)).is_none()
    }

    fn eval_call(&self, node: Node, depth: usize) -> Value {
        let ev = |n: Node| self.eval_depth(n, depth + 1);
        let Some(f) = node.child_by_field_name("function") else {
            return Value::clean(Shape::Other);
        };
        let callee = self.callee_path(f);
        let name = callee.rsplit('.').next().unwrap_or("").to_string();
        let receiver_node = if f.k() == "member_expression" {
            f.child_by_field_name("object")
        } else {
            None
        };
        let receiver = receiver_node.map(ev);
        let arglist = node.child_by_field_name("arguments");
        let mut arg_nodes = Vec::new();
        if let Some(a) = arglist {
            if a.k() == "template_string" {
                arg_nodes.push(a);
            } else {
                let mut c = a.walk();
                arg_nodes.extend(a.named_children(&mut c).filter(|x| x.k() != "comment"));
            }
        }
        let args: Vec<Value> = arg_nodes.iter().map(|a| ev(*a)).collect();
        let args_taint = args.iter().fold(Taint::clean(), |t, v| t.join(&v.taint));
        let recv_taint = receiver.as_ref().map(|r| r.taint.clone()).unwrap_or_default();
        let line = self.line(node);

        // What the page's user typed or the page's address: jQuery getters, DOM attributes, prompt().
        let getter = match name.as_str() {
            "val" | "text" if args.is_empty() && receiver.is_some() => true,
            "attr" | "getAttribute" | "data" if args.len() == 1 && receiver.is_some() => true,
            "prompt" => true,
            "get" | "getAll"
                if callee.contains("searchParams")
                    || callee.contains("URLSearchParams")
                    || callee.contains("query") =>
            {
                true
            }
            "param" | "query" | "cookie" if callee.starts_with("req.") || callee.starts_with("request.") => true,
            _ => false,
        };
        if getter {
            return Value::other(Taint::source(
                format!("`{}`", self.text(node).chars().take(40).collect::<String>()),
                line,
                true,
            ));
        }
        if name == "html" && args.is_empty() {
            // Reading markup back out of the DOM gives escaped text.
            return Value::clean(Shape::Other);
        }
        if name == "require" {
            return Value::clean(Shape::Other);
        }
        if CLEANING_CALLS.contains(&name.as_str()) || callee.starts_with("Math.") || callee.starts_with("Date.") {
            return Value::clean(Shape::Number);
        }
        // `$filter('sanitize')(x)`, `sanitizer('html')(x)`: a curried sanitizer.
        if f.k() == "call_expression" {
            let inner = self.text(f).to_ascii_lowercase();
            if inner.contains("saniti") || inner.contains("escape") {
                return Value::other(args_taint.sanitized(Kind::HTML));
            }
        }
        if let Some(k) = sanitizer(&callee, &name) {
            // `.text(x)` as a setter is not a getter of escaped text: only the argument-taking sanitizers.
            if name != "text" || receiver.is_none() {
                return Value::other(recv_taint.join(&args_taint).sanitized(k));
            }
        }
        match name.as_str() {
            "join" | "resolve" | "normalize" if callee.contains("path") || callee == "join" => {
                // The first part is the base directory the caller chose; traversal comes from the parts
                // appended to it.
                let t = match args.split_first() {
                    Some((base, rest)) if !rest.is_empty() => rest
                        .iter()
                        .fold(base.taint.clone().sanitized(Kind::PATH), |t, v| t.join(&v.taint)),
                    // `path.resolve(dir)` alone only normalises the caller's own value.
                    _ => return Value::other(args_taint),
                };
                Value {
                    taint: t.built(),
                    shape: Shape::Built(literal_parts(&args)),
                }
            }
            "join" => Value {
                taint: recv_taint.join(&args_taint).built(),
                shape: Shape::Built(String::new()),
            },
            "map" | "flatMap" if arg_nodes.first().is_some_and(|a| is_function(a.k())) => {
                // The callback's parameters carry the elements' taint; what it returns is the result.
                let f = arg_nodes[0];
                match self.returns.get(&f.id()) {
                    Some(r) => Value::other(r.taint.clone()),
                    None => Value::other(recv_taint),
                }
            }
            "concat" => {
                let base = receiver.clone().unwrap_or(Value::clean(Shape::Str(String::new())));
                args.iter().fold(base, |acc, v| concat(&acc, v))
            }
            _ if args.len() >= 3
                && name.to_ascii_lowercase().contains("replace")
                && arg_nodes
                    .iter()
                    .any(|a| a.k() == "string" && has_html_entity(self.text(*a))) =>
            {
                // `str_replace('"', '&quot;', s)`, `utils.replaceAll(s, '<', '&lt;')`: a helper that writes
                // entities escapes what it replaces.
                Value::other(args_taint.sanitized(Kind::HTML))
            }
            "replace" | "replaceAll" => {
                // The replacement is inserted into the result: `tpl.replace(/name/, val)` carries `val`.
                let mut t = match args.get(1) {
                    Some(rep) => recv_taint.join(&rep.taint),
                    None => recv_taint,
                };
                let pat = arg_nodes.first().map(|p| self.text(*p)).unwrap_or("");
                let rep = args.get(1).and_then(|v| v.str_const()).unwrap_or("?");
                if pat.contains("..") || pat.contains("\\.") {
                    t = t.sanitized(Kind::PATH);
                }
                // Replacing `<` by an entity, by nothing, or by a computed escape (`(c) => MAP[c]`).
                let computed = arg_nodes
                    .get(1)
                    .is_some_and(|r| !matches!(r.k(), "string" | "template_string"));
                if rep.contains('&')
                    || rep.contains("\\u")
                    || ((pat.contains('<') || pat.contains('>')) && (rep.is_empty() || computed))
                {
                    t = t.sanitized(Kind::HTML);
                }
                if pat.contains("\\n") || pat.contains("\\r") {
                    t = t.sanitized(Kind::LOG);
                }
                if pat.contains('\'') && (rep.contains("''") || rep.contains("\\'")) {
                    t = t.sanitized(Kind::SQL);
                }
                Value {
                    taint: t,
                    shape: receiver.map(|r| r.shape).unwrap_or(Shape::Other),
                }
            }
            "trim" | "trimStart" | "trimEnd" | "toLowerCase" | "toUpperCase" | "toString" | "substring" | "substr"
            | "slice" | "padStart" | "padEnd" | "normalize" | "repeat" | "charAt" | "split" | "decodeURIComponent"
            | "decodeURI" | "String" => match receiver.filter(|_| name != "String" && !name.starts_with("decode")) {
                Some(r) => r,
                None => args.first().cloned().unwrap_or(Value::clean(Shape::Other)),
            },
            _ => {
                // A free identifier or module as receiver (`path`, `fs`, `utils`) does not taint the result.
                let recv_counts = receiver_node.is_some_and(|r| !self.is_module(r));
                let mut t = args_taint;
                if recv_counts {
                    t = t.join(&recv_taint);
                }
                // A tagged template is string building.
                if arglist.is_some_and(|a| a.k() == "template_string") {
                    return Value {
                        taint: t.built(),
                        shape: args.first().map(|a| a.shape.clone()).unwrap_or(Shape::Other),
                    };
                }
                Value::other(t)
            }
        }
    }
}

/// An object key or property name without its quotes, if it has any (`"a"` → `a`, `rejectUnauthorized`
/// unchanged; [`unquote`] would read the leading letters as a string prefix).
pub(crate) fn strip_quotes(s: &str) -> &str {
    if s.len() >= 2 && (s.starts_with('"') || s.starts_with('\'') || s.starts_with('`')) {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// A string literal holding an HTML entity (`'&quot;'`, `"&#39;"`).
fn has_html_entity(lit: &str) -> bool {
    lit.split('&').skip(1).any(|rest| {
        let end = rest.find(';').unwrap_or(0);
        end > 1 && rest[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
    })
}

fn is_literal(n: Node) -> bool {
    matches!(
        n.k(),
        "string" | "number" | "null" | "undefined" | "true" | "false" | "template_string"
    ) || (n.k() == "unary_expression" && n.named_child(0).is_some_and(|c| c.k() == "number"))
}

/// `SOME_CONSTANT`: an upper-case name is a constant by convention.
fn is_constant_name(name: &str) -> bool {
    name.len() > 1
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The source `path` reads (`req.query` for `req.query.name`), if any. Runs for every member access and
/// call, so it allocates nothing.
fn user_source(path: &str) -> Option<&'static str> {
    USER_SOURCES.iter().copied().find(|s| {
        path.strip_prefix(s)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[', '(']))
    })
}

fn literal_parts(args: &[Value]) -> String {
    args.iter()
        .filter_map(|a| a.literal_text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `a + b` for strings: a built string if either part is not constant.
fn concat(a: &Value, b: &Value) -> Value {
    let t = a.taint.join(&b.taint);
    match (a.literal_text(), b.literal_text()) {
        (Some(x), Some(y)) if !t.is_tainted() && a.str_const().is_some() && b.str_const().is_some() => {
            Value::clean(Shape::Str(format!("{x}{y}")))
        }
        (x, y) if x.is_some() || y.is_some() || a.is_built_string() || b.is_built_string() => Value {
            taint: t.built(),
            shape: Shape::Built(format!("{} {}", x.unwrap_or(""), y.unwrap_or(""))),
        },
        _ => Value::other(t),
    }
}
