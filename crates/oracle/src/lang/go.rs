//! The Go analyzer: one pass over the tree, in source order, tracking taint per function body.
//!
//! Sources: function parameters (except numeric and boolean ones, and method receivers); a parameter of
//! type `*http.Request` and everything read from it (`r.URL.Query()`, `r.FormValue`, `r.PathValue`,
//! `r.Header.Get`, `r.Body`); `mux.Vars`, httprouter's `ps.ByName`, gin/echo's `c.Param`/`c.Query`, `chi.URLParam`,
//! `os.Args`, `os.Getenv`. A variable the code uses but never declares (code cut out of a file) is treated
//! like a parameter; exported names (`MaxSize`) and imported packages are not.
//!
//! Values flow through `:=`, `=`, `var`, `+=`, `range`, concatenation, `fmt.Sprintf`, `strings.Join`,
//! `filepath.Join` and calls, and into the variable a decoder fills (`json.NewDecoder(r.Body).Decode(&v)`,
//! `json.Unmarshal(b, &v)`, gin's `c.ShouldBindJSON(&v)`). Method calls carry their receiver's taint only for request values: a getter
//! on one of our own objects returns what our code computed. Sanitizers clear the kinds they neutralise
//! (`html.EscapeString`, `template.HTMLEscapeString`, `url.QueryEscape`, `filepath.Base`, `json.Marshal`,
//! `strconv.Atoi`), and checks in `if` conditions clear them where the check holds: inside the branch, and
//! after the `if` when the branch leaves the function (`if !strings.HasPrefix(p, root) { return }`).
//! Equality with a literal or with a name the function does not bind (`name == reservedPath`) is such a
//! check, and `a || b` establishes what both sides do. The error a call returns (`err := dec.Decode(&v)`,
//! like the `err` of `v, err := f()`) is the callee's message, not the input, unless it is built from
//! values (`fmt.Errorf`); `r.Context()` carries no request data.
//!
//! Callees are resolved through the imports to full package paths (`os/exec.Command`,
//! `math/rand.Intn`); in code without imports they stay as written (`exec.Command`). Go has no keyword
//! arguments, so the `keyword` of an [`Arg`] marks what the analyzer knows about it: `http.ResponseWriter`
//! for an argument that is the handler's response writer.

use crate::registry::RuleSet;
use crate::rule::{Arg, CallSite, Emitter};
use crate::syntax::Kind as _;
use crate::syntax::{dotted, line_of, text, Prepared};
use crate::taint::{Kind, Taint};
use crate::value::{Shape, Value};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

const SELECTOR: &[&str] = &["selector_expression"];

/// Deeper nesting than this is not descended into (keeps the walk's stack bounded on generated code).
const MAX_DEPTH: usize = 256;

/// The keyword given to an argument that is an `http.ResponseWriter`.
pub(crate) const WRITER: &str = "http.ResponseWriter";

/// Methods and functions whose result is attacker-controlled whatever they are called on.
const USER_SOURCE_CALLS: &[&str] = &[
    "FormValue",
    "PostFormValue",
    "FormFile",
    "ByName",
    "Vars",
    "Getenv",
    "LookupEnv",
    "URLParam",
    "Param",
    "Query",
    "DefaultQuery",
    "PostForm",
    "DefaultPostForm",
    "QueryParam",
    "FormParams",
    "GetHeader",
    "Cookie",
    "Params",
    "GetQuery",
    "GetPostForm",
    "QueryArray",
    "PostFormArray",
    "PathValue",
];

/// Variable bindings of one function body (closures start from a copy of their parent's).
type Env = HashMap<String, Value>;

struct Scope {
    env: Env,
    function: String,
    writers: HashSet<String>,
}

pub(crate) struct GoAnalyzer<'a> {
    src: &'a str,
    prep: &'a Prepared,
    rules: &'a RuleSet,
    /// Import name → package path: `exec` → `os/exec`, `tmpl` → `text/template`.
    imports: HashMap<String, String>,
    scopes: Vec<Scope>,
    out: Emitter,
    depth: usize,
}

pub(crate) fn analyze(tree: &Tree, prep: &Prepared, rules: &RuleSet) -> Emitter {
    let mut a = GoAnalyzer {
        src: &prep.text,
        prep,
        rules,
        imports: HashMap::new(),
        scopes: vec![Scope {
            env: Env::default(),
            function: String::new(),
            writers: HashSet::new(),
        }],
        out: Emitter::default(),
        depth: 0,
    };
    a.visit(tree.root_node());
    a.out
}

/// Types whose values cannot carry injected text (numbers, booleans, times). An `error` can: its message
/// often quotes the input that caused it.
fn numeric_type(t: &str) -> bool {
    let t = t.trim_start_matches('*');
    matches!(
        t,
        "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
            | "float32"
            | "float64"
            | "bool"
            | "byte"
            | "rune"
            | "time.Duration"
            | "time.Time"
    )
}

/// True when a statement (or the last statement of a block) leaves the enclosing code.
fn exits(node: Node, src: &str) -> bool {
    match node.k() {
        "return_statement" | "break_statement" | "continue_statement" | "goto_statement" => true,
        "block" | "statement_list" => {
            let n = node.named_child_count();
            (0..n)
                .rev()
                .filter_map(|i| node.named_child(i))
                .find(|c| c.k() != "comment")
                .is_some_and(|c| exits(c, src))
        }
        "expression_statement" => node.named_child(0).is_some_and(|c| {
            c.k() == "call_expression"
                && c.child_by_field_name("function").is_some_and(|f| {
                    let t = text(f, src);
                    t == "panic"
                        || t == "os.Exit"
                        || t.starts_with("log.Fatal")
                        || t.starts_with("log.Panic")
                        || t.ends_with(".Fatal")
                        || t.ends_with(".Fatalf")
                })
        }),
        _ => false,
    }
}

fn sanitize(env: &mut Env, name: &str, k: Kind) {
    if let Some(v) = env.get_mut(name) {
        v.taint.kinds = v.taint.kinds.without(k);
    }
}

impl<'a> GoAnalyzer<'a> {
    fn scope(&self) -> &Scope {
        self.scopes.last().expect("file scope")
    }
    fn env(&self) -> &Env {
        &self.scope().env
    }
    fn env_mut(&mut self) -> &mut Env {
        &mut self.scopes.last_mut().expect("file scope").env
    }
    fn text(&self, n: Node) -> &'a str {
        text(n, self.src)
    }
    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
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
        match node.k() {
            "import_spec" => {
                if let Some(p) = node.child_by_field_name("path") {
                    let path = self.text(p).trim_matches(['"', '`']).to_string();
                    let name = node
                        .child_by_field_name("name")
                        .map(|n| self.text(n).to_string())
                        .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(&path).to_string());
                    if name != "_" && name != "." {
                        self.imports.insert(name, path);
                    }
                }
            }
            "function_declaration" | "method_declaration" | "func_literal" => self.visit_function(node),
            "short_var_declaration" | "assignment_statement" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    return self.visit_children(node);
                };
                self.visit(right);
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("=");
                self.assign(left, right, op);
                self.clear_call_error(left, right);
            }
            "var_spec" | "const_spec" => {
                if let Some(value) = node.child_by_field_name("value") {
                    self.visit(value);
                    let vals = self.eval_list(value);
                    let mut c = node.walk();
                    let names: Vec<Node> = node.children_by_field_name("name", &mut c).collect();
                    self.bind_many(&names, vals);
                } else {
                    // `var x T`: a zero value.
                    let mut c = node.walk();
                    let names: Vec<String> = node
                        .children_by_field_name("name", &mut c)
                        .map(|n| self.text(n).to_string())
                        .collect();
                    for n in names {
                        self.env_mut().insert(n, Value::clean(Shape::Other));
                    }
                }
            }
            "range_clause" => {
                if let Some(right) = node.child_by_field_name("right") {
                    self.visit(right);
                    let v = self.eval(right);
                    if let Some(left) = node.child_by_field_name("left") {
                        let mut c = left.walk();
                        let names: Vec<String> =
                            left.named_children(&mut c).map(|n| self.text(n).to_string()).collect();
                        for (i, n) in names.into_iter().enumerate() {
                            // The index of a slice is a number; keys and values carry the container's taint.
                            let val = if i == 0 && names_is_index(&v) {
                                Value::clean(Shape::Number)
                            } else {
                                Value::other(v.taint.clone())
                            };
                            self.env_mut().insert(n, val);
                        }
                    }
                }
            }
            "if_statement" => self.visit_if(node),
            "call_expression" => {
                self.visit_children(node);
                self.on_call(node);
                self.decode_into(node);
            }
            "return_statement" => {
                self.visit_children(node);
                if let Some(list) = node.named_child(0) {
                    let vals = self.eval_list(list);
                    let mut c = list.walk();
                    let nodes: Vec<Node> = if list.k() == "expression_list" {
                        list.named_children(&mut c).collect()
                    } else {
                        vec![list]
                    };
                    if let (Some(n), Some(v)) = (nodes.first(), vals.into_iter().next()) {
                        self.pseudo_return(node, *n, v);
                    }
                }
            }
            _ => self.visit_children(node),
        }
    }

    fn assign(&mut self, left: Node, right: Node, op: &str) {
        let mut c = left.walk();
        let targets: Vec<Node> = left.named_children(&mut c).collect();
        let mut vals = self.eval_list(right);
        if op == "+=" {
            if let (Some(t), Some(v)) = (targets.first(), vals.first()) {
                let old = self.eval(*t);
                vals = vec![concat(&old, v)];
            }
        } else if op != "=" && op != ":=" {
            vals = vec![Value::clean(Shape::Number)];
        }
        self.bind_many(&targets, vals);
    }

    /// `err := dec.Decode(&v)`: the error a call returns is its own message about the input, not the input
    /// (as for `v, err := f()`). Errors built from values (`fmt.Errorf("bad %s", x)`) keep their taint.
    fn clear_call_error(&mut self, left: Node, right: Node) {
        let call = match right.k() {
            "expression_list" if right.named_child_count() == 1 => right.named_child(0),
            _ => Some(right),
        };
        let Some(call) = call.filter(|c| c.k() == "call_expression") else {
            return;
        };
        if left.named_child_count() != 1 {
            return;
        }
        let Some(target) = left.named_child(0).filter(|t| t.k() == "identifier") else {
            return;
        };
        let name = self.text(target);
        let callee = call.child_by_field_name("function").map(|f| self.text(f)).unwrap_or("");
        let builds = callee.ends_with("Errorf") || callee.ends_with(".New") || callee.ends_with(".Wrap");
        // `err`, `err2`, `decodeErr`; not `errMsg := r.FormValue("error")`.
        let error_name = name
            .strip_prefix("err")
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
            || name.ends_with("Err");
        if error_name && !builds {
            self.env_mut().insert(name.to_string(), Value::clean(Shape::Other));
        }
    }

    /// `json.NewDecoder(r.Body).Decode(&v)`, `json.Unmarshal(body, &v)`, `c.ShouldBindJSON(&v)`: the value
    /// decoded into `v` carries the taint of what it was decoded from.
    fn decode_into(&mut self, node: Node) {
        let Some(f) = node
            .child_by_field_name("function")
            .filter(|f| f.k() == "selector_expression")
        else {
            return;
        };
        let name = f.child_by_field_name("field").map(|x| self.text(x)).unwrap_or("");
        if !(matches!(
            name,
            "Decode" | "Unmarshal" | "Bind" | "BindJSON" | "BindQuery" | "BindXML"
        ) || name.starts_with("ShouldBind"))
        {
            return;
        }
        let mut from = f
            .child_by_field_name("operand")
            .filter(|o| !(o.k() == "identifier" && self.imports.contains_key(self.text(*o))))
            .filter(|o| {
                !(o.k() == "identifier" && is_std_package(self.text(*o)) && !self.env().contains_key(self.text(*o)))
            })
            .map(|o| self.eval(o).taint)
            .unwrap_or_default();
        let mut targets = Vec::new();
        if let Some(args) = node.child_by_field_name("arguments") {
            let mut c = args.walk();
            for a in args.named_children(&mut c) {
                let inner = (a.k() == "unary_expression" && self.text(a).starts_with('&'))
                    .then(|| a.child_by_field_name("operand"))
                    .flatten();
                match inner {
                    Some(t) => targets.push(t),
                    None => from = from.join(&self.eval(a).taint),
                }
            }
        }
        if from.is_tainted() {
            for t in targets {
                self.bind(t, Value::other(from.clone()));
            }
        }
    }

    /// Binds `a, b := f()` (one value for all, except `err`/`ok`) and `a, b := x, y` (pairwise).
    fn bind_many(&mut self, targets: &[Node], vals: Vec<Value>) {
        if vals.len() == targets.len() {
            for (t, v) in targets.iter().zip(vals) {
                self.bind(*t, v);
            }
        } else if let Some(v) = vals.into_iter().next() {
            for (i, t) in targets.iter().enumerate() {
                let name = self.text(*t);
                if i > 0 && (name == "err" || name == "ok" || name.starts_with("err")) {
                    self.bind(*t, Value::clean(Shape::Other));
                } else {
                    self.bind(*t, v.clone());
                }
            }
        }
    }

    fn bind(&mut self, target: Node, v: Value) {
        match target.k() {
            "identifier" | "selector_expression" => {
                let name = self.text(target);
                if name != "_" {
                    self.env_mut().insert(name.to_string(), v);
                }
            }
            "index_expression" => {
                if let Some(obj) = target.child_by_field_name("operand") {
                    let old = self.eval(obj);
                    let joined = Value::other(old.taint.join(&v.taint));
                    self.bind(obj, joined);
                }
            }
            "unary_expression" | "parenthesized_expression" => {
                if let Some(inner) = target.child_by_field_name("operand").or_else(|| target.named_child(0)) {
                    self.bind(inner, v);
                }
            }
            _ => {}
        }
    }

    fn run_node_rules(&mut self, node: Node) {
        let function = &self.scopes.last().expect("scope").function;
        self.rules
            .run_node_rules(node, self.src, self.prep, function, &mut self.out);
    }

    fn visit_function(&mut self, node: Node) {
        let name = match node.child_by_field_name("name") {
            Some(n) => self.text(n).to_string(),
            None => self.scope().function.clone(),
        };
        let env = if node.k() == "func_literal" {
            self.env().clone()
        } else {
            Env::default()
        };
        let writers = if node.k() == "func_literal" {
            self.scope().writers.clone()
        } else {
            HashSet::new()
        };
        self.scopes.push(Scope {
            env,
            function: name,
            writers,
        });
        if let Some(params) = node.child_by_field_name("parameters") {
            let mut c = params.walk();
            let decls: Vec<Node> = params.named_children(&mut c).collect();
            for d in decls {
                let ty = d.child_by_field_name("type").map(|t| self.text(t)).unwrap_or("");
                let mut c2 = d.walk();
                let names: Vec<Node> = d.children_by_field_name("name", &mut c2).collect();
                for n in names {
                    let pname = self.text(n).to_string();
                    if ty.contains("ResponseWriter") {
                        self.scopes.last_mut().expect("scope").writers.insert(pname.clone());
                        self.env_mut().insert(pname, Value::clean(Shape::Other));
                        continue;
                    }
                    if numeric_type(ty) {
                        // A number cannot inject anything, but its size is the caller's choice.
                        let t = Taint {
                            kinds: Kind::SIZE,
                            ..Taint::source(format!("parameter `{pname}`"), self.line(n), false)
                        };
                        self.env_mut().insert(
                            pname,
                            Value {
                                taint: t,
                                shape: Shape::Number,
                            },
                        );
                        continue;
                    }
                    let user = ty.contains("http.Request")
                        || ty.contains("gin.Context")
                        || ty.contains("echo.Context")
                        || ty.contains("fiber.Ctx");
                    let t = Taint::source(format!("parameter `{pname}`"), self.line(n), user);
                    self.env_mut().insert(pname, Value::other(t));
                }
            }
        }
        // A method's receiver is our own object.
        if let Some(recv) = node.child_by_field_name("receiver") {
            let mut c = recv.walk();
            let names: Vec<String> = recv
                .named_children(&mut c)
                .filter_map(|d| d.child_by_field_name("name"))
                .map(|n| self.text(n).to_string())
                .collect();
            for n in names {
                self.env_mut().insert(n, Value::clean(Shape::Other));
            }
        }
        if let Some(body) = node.child_by_field_name("body") {
            self.visit(body);
        }
        self.scopes.pop();
    }

    fn visit_if(&mut self, node: Node) {
        if let Some(init) = node.child_by_field_name("initializer") {
            self.visit(init);
        }
        let cond = node.child_by_field_name("condition");
        if let Some(c) = cond {
            self.visit(c);
        }
        let mut pos = Vec::new();
        let mut neg = Vec::new();
        if let Some(c) = cond {
            self.collect_checks(c, true, &mut pos, 0);
            self.collect_checks(c, false, &mut neg, 0);
        }
        let cons = node.child_by_field_name("consequence");
        let alt = node.child_by_field_name("alternative");
        let mut branches = crate::value::Branches::start(self.env());
        if let Some(b) = cons {
            let saved = self.apply(&pos);
            self.visit(b);
            self.restore(saved);
            let falls_through = !exits(b, self.src);
            branches.end(self.env_mut(), falls_through);
        }
        if let Some(b) = alt {
            let saved = self.apply(&neg);
            self.visit(b);
            self.restore(saved);
            let falls_through = !(b.k() == "block" && exits(b, self.src));
            branches.end(self.env_mut(), falls_through);
        }
        branches.finish(self.env_mut(), alt.is_some());
        if cons.is_some_and(|c| exits(c, self.src)) {
            self.apply(&neg);
        }
        if alt.is_some_and(|a| a.k() == "block" && exits(a, self.src)) {
            self.apply(&pos);
        }
    }

    fn apply(&mut self, checks: &[(String, Kind)]) -> Vec<(String, Kind)> {
        let mut saved = Vec::new();
        for (name, k) in checks {
            if self.env().get(name).is_none() && !name.contains(['(', '[']) {
                let v = self.eval_free(name, 0);
                self.env_mut().insert(name.clone(), v);
            }
            if let Some(v) = self.env().get(name) {
                saved.push((name.clone(), v.taint.kinds));
            }
            sanitize(self.env_mut(), name, *k);
        }
        saved
    }

    fn restore(&mut self, saved: Vec<(String, Kind)>) {
        for (name, kinds) in saved {
            if let Some(v) = self.env_mut().get_mut(&name) {
                v.taint.kinds = v.taint.kinds.union(kinds);
            }
        }
    }

    /// Variables that are safe (for the given kinds) when `n` evaluates to `pol`.
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
                if self.text(n).starts_with('!') {
                    if let Some(a) = n.child_by_field_name("operand") {
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
                    "||" => {
                        // `x == A || x == B`: what both sides establish.
                        let (mut a, mut b) = (Vec::new(), Vec::new());
                        self.collect_checks(l, true, &mut a, depth + 1);
                        self.collect_checks(r, true, &mut b, depth + 1);
                        for (name, k) in a {
                            if let Some((_, k2)) = b.iter().find(|(n, _)| *n == name) {
                                out.push((name, Kind(k.0 & k2.0)));
                            }
                        }
                    }
                    "==" | "!=" => {
                        let holds = (op == "==") == pol;
                        // A string literal, or a name this function does not bind (a package-level constant
                        // such as `reservedPath`, `cfg.Mode`).
                        let lit = |x: Node| {
                            matches!(x.k(), "interpreted_string_literal" | "raw_string_literal")
                                || (matches!(x.k(), "identifier" | "selector_expression")
                                    && !self.env().contains_key(self.text(x).split('.').next().unwrap_or("")))
                        };
                        if holds {
                            if lit(r) && matches!(l.k(), "identifier" | "selector_expression") {
                                out.push((self.text(l).to_string(), Kind::ALL));
                            } else if lit(l) && matches!(r.k(), "identifier" | "selector_expression") {
                                out.push((self.text(r).to_string(), Kind::ALL));
                            }
                        }
                    }
                    "<" | ">" | "<=" | ">=" => {
                        for side in [l, r] {
                            if matches!(side.k(), "identifier" | "selector_expression") {
                                out.push((self.text(side).to_string(), Kind::SIZE));
                            }
                        }
                    }
                    _ => {}
                }
            }
            "call_expression" => {
                let Some(f) = n.child_by_field_name("function") else {
                    return;
                };
                let callee = dotted(f, self.src, SELECTOR, "operand", "field");
                let name = callee.rsplit('.').next().unwrap_or("");
                let args: Vec<Node> = n
                    .child_by_field_name("arguments")
                    .map(|a| {
                        let mut c = a.walk();
                        a.named_children(&mut c).collect()
                    })
                    .unwrap_or_default();
                let first = args.first().map(|a| self.text(*a).to_string());
                match name {
                    "HasPrefix" if pol => {
                        if let Some(a) = first {
                            out.push((a, Kind::PATH | Kind::URL));
                        }
                    }
                    "Contains" if !pol && args.get(1).is_some_and(|s| self.text(*s).contains("..")) => {
                        if let Some(a) = first {
                            out.push((a, Kind::PATH));
                        }
                    }
                    "MatchString" | "Match" if pol => {
                        for a in &args {
                            out.push((self.text(*a).to_string(), Kind::ALL));
                        }
                    }
                    "IsLocalPath" | "IsLocal" | "IsAbs" if pol => {
                        if let Some(a) = first {
                            out.push((a, Kind::PATH));
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

    /// Resolves the package of a dotted callee through the imports.
    fn resolve(&self, path: &str) -> String {
        let (head, rest) = match path.find('.') {
            Some(i) => (&path[..i], &path[i..]),
            None => (path, ""),
        };
        if self.env().contains_key(head) {
            return path.to_string();
        }
        match self.imports.get(head) {
            Some(full) if !rest.is_empty() => format!("{full}{rest}"),
            _ => path.to_string(),
        }
    }

    /// The callee path, looking through `(*rw).Write`.
    fn callee_path(&self, f: Node) -> String {
        if f.k() == "selector_expression" {
            if let (Some(op), Some(field)) = (f.child_by_field_name("operand"), f.child_by_field_name("field")) {
                if op.k() == "parenthesized_expression" {
                    let inner = self
                        .text(op)
                        .trim_start_matches('(')
                        .trim_end_matches(')')
                        .trim_start_matches('*');
                    return format!("{inner}.{}", self.text(field));
                }
            }
        }
        self.resolve(&dotted(f, self.src, SELECTOR, "operand", "field"))
    }

    fn is_writer(&self, n: Node) -> bool {
        let t = self
            .text(n)
            .trim_start_matches('*')
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim_start_matches('*');
        self.scope().writers.contains(t)
            || (!self.env().contains_key(t) && matches!(t, "w" | "rw" | "writer" | "resp" | "res" | "response" | "rsp"))
    }

    fn on_call(&mut self, node: Node) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let Some(f) = node.child_by_field_name("function") else {
            return;
        };
        let mut callee = self.callee_path(f);
        let recv_node = if f.k() == "selector_expression" {
            f.child_by_field_name("operand")
        } else {
            None
        };
        let receiver = recv_node.map(|r| self.eval(r).taint).unwrap_or_default();
        if let Some(r) = recv_node {
            if self.is_writer(r) {
                let method = callee.rsplit('.').next().unwrap_or("").to_string();
                callee = format!("{WRITER}.{method}");
            }
        }
        let mut args = Vec::new();
        if let Some(arglist) = node.child_by_field_name("arguments") {
            let mut c = arglist.walk();
            for a in arglist.named_children(&mut c) {
                if a.k() == "comment" {
                    continue;
                }
                let keyword = self.is_writer(a).then(|| WRITER.to_string());
                args.push(Arg {
                    keyword,
                    value: self.eval(a),
                    span: self.prep.span(a),
                    text: self.text(a).to_string(),
                });
            }
        }
        let site = CallSite {
            callee,
            args,
            receiver,
            span: self.prep.span(node),
            function: self.scope().function.clone(),
            entry: false,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    /// Hands `return x` to the call rules as a pseudo-call `return` (a function returning an HTML page built
    /// from its inputs is a template without escaping).
    fn pseudo_return(&mut self, node: Node, e: Node, v: Value) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let site = CallSite {
            callee: "return".to_string(),
            args: vec![Arg {
                keyword: None,
                value: v,
                span: self.prep.span(e),
                text: self.text(e).to_string(),
            }],
            receiver: Taint::clean(),
            span: self.prep.span(node),
            function: self.scope().function.clone(),
            entry: false,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    fn eval_list(&self, list: Node) -> Vec<Value> {
        if list.k() != "expression_list" {
            return vec![self.eval(list)];
        }
        let mut c = list.walk();
        list.named_children(&mut c).map(|e| self.eval(e)).collect()
    }

    fn eval(&self, node: Node) -> Value {
        self.eval_depth(node, 0)
    }

    /// A name the function does not declare.
    fn eval_free(&self, path: &str, line: usize) -> Value {
        let head = path.split('.').next().unwrap_or(path);
        if path == "os.Args" || path.starts_with("os.Args[") {
            return Value::other(Taint::source("`os.Args`", line, true));
        }
        if self.imports.contains_key(head)
            || head.starts_with(|c: char| c.is_ascii_uppercase())
            || matches!(
                head,
                "nil" | "true" | "false" | "iota" | "len" | "cap" | "make" | "new" | "append"
            )
            || is_std_package(head)
        {
            return Value::clean(Shape::Other);
        }
        Value::other(Taint::weak_source(
            format!("`{head}` (defined outside this code)"),
            line,
        ))
    }

    fn eval_depth(&self, node: Node, depth: usize) -> Value {
        if depth > 64 {
            return Value::clean(Shape::Other);
        }
        let ev = |n: Node| self.eval_depth(n, depth + 1);
        match node.k() {
            "identifier" => {
                let name = self.text(node);
                match self.env().get(name) {
                    Some(v) => v.clone(),
                    None => self.eval_free(name, self.line(node)),
                }
            }
            "selector_expression" => {
                let path = self.text(node);
                if let Some(v) = self.env().get(path) {
                    return v.clone();
                }
                let Some(op) = node.child_by_field_name("operand") else {
                    return Value::clean(Shape::Other);
                };
                if op.k() == "identifier" && self.env().get(self.text(op)).is_none() {
                    return self.eval_free(path, self.line(node));
                }
                Value::other(ev(op).taint)
            }
            "index_expression" | "slice_expression" => match node.child_by_field_name("operand") {
                Some(o) => Value::other(ev(o).taint),
                None => Value::clean(Shape::Other),
            },
            "interpreted_string_literal" | "raw_string_literal" => {
                let t = self.text(node);
                Value::clean(Shape::Str(
                    t.get(1..t.len().saturating_sub(1)).unwrap_or("").to_string(),
                ))
            }
            "int_literal" | "float_literal" | "imaginary_literal" | "rune_literal" => Value::clean(Shape::Number),
            "true" => Value::clean(Shape::Bool(true)),
            "false" => Value::clean(Shape::Bool(false)),
            "nil" => Value::clean(Shape::None),
            "binary_expression" => {
                let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                    return Value::clean(Shape::Other);
                };
                let op = node.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
                match op {
                    "+" => {
                        let (a, b) = (ev(l), ev(r));
                        if matches!(a.shape, Shape::Number) && matches!(b.shape, Shape::Number) {
                            Value {
                                taint: a.taint.join(&b.taint),
                                shape: Shape::Number,
                            }
                        } else {
                            concat(&a, &b)
                        }
                    }
                    "-" | "*" | "/" | "%" | "|" | "&" | "^" | "<<" | ">>" | "&^" => {
                        // Arithmetic keeps a number's size taint (an overflow stays an overflow).
                        let t = ev(l).taint.join(&ev(r).taint);
                        Value {
                            taint: Taint {
                                kinds: Kind(t.kinds.0 & Kind::SIZE.0),
                                ..t
                            },
                            shape: Shape::Number,
                        }
                    }
                    _ => Value::clean(Shape::Bool(false)),
                }
            }
            "type_conversion_expression" | "parenthesized_expression" => {
                match node.child_by_field_name("operand").or_else(|| node.named_child(0)) {
                    Some(o) => ev(o),
                    None => Value::clean(Shape::Other),
                }
            }
            "unary_expression" => match node.child_by_field_name("operand") {
                Some(o) if !self.text(node).starts_with('!') => ev(o),
                _ => Value::clean(Shape::Bool(false)),
            },
            "type_assertion_expression" => {
                let ty = node.child_by_field_name("type").map(|t| self.text(t)).unwrap_or("");
                if numeric_type(ty) {
                    return Value::clean(Shape::Number);
                }
                node.child_by_field_name("operand")
                    .map(ev)
                    .unwrap_or(Value::clean(Shape::Other))
            }
            "call_expression" => self.eval_call(node, depth),
            "func_literal" | "comment" => Value::clean(Shape::Other),
            "composite_literal" => {
                let mut t = Taint::clean();
                let mut first = None;
                if let Some(body) = node.child_by_field_name("body") {
                    let mut stack = vec![body];
                    let mut budget = 256;
                    while let Some(n) = stack.pop() {
                        budget -= 1;
                        if budget == 0 {
                            break;
                        }
                        if n.k() == "literal_element" {
                            if let Some(e) = n.named_child(0) {
                                let v = ev(e);
                                if first.is_none() {
                                    first = Some(Box::new(v.shape.clone()));
                                }
                                t = t.join(&v.taint);
                            }
                            continue;
                        }
                        let mut c = n.walk();
                        stack.extend(n.named_children(&mut c));
                    }
                }
                let slice = node
                    .child_by_field_name("type")
                    .is_some_and(|ty| ty.k() == "slice_type");
                Value {
                    taint: t,
                    shape: if slice { Shape::Sequence(first) } else { Shape::Other },
                }
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

    fn eval_call(&self, node: Node, depth: usize) -> Value {
        let ev = |n: Node| self.eval_depth(n, depth + 1);
        let Some(f) = node.child_by_field_name("function") else {
            return Value::clean(Shape::Other);
        };
        let callee = self.callee_path(f);
        let name = callee.rsplit('.').next().unwrap_or("").to_string();
        let recv_node = if f.k() == "selector_expression" {
            f.child_by_field_name("operand")
        } else {
            None
        };
        // A package-qualified call (`strings.Join`) has no receiver value.
        let receiver = recv_node
            .filter(|r| {
                !(r.k() == "identifier"
                    && (self.imports.contains_key(self.text(*r))
                        || (is_std_package(self.text(*r)) && !self.env().contains_key(self.text(*r)))))
            })
            .map(ev);
        let arg_nodes: Vec<Node> = node
            .child_by_field_name("arguments")
            .map(|a| {
                let mut c = a.walk();
                a.named_children(&mut c).filter(|x| x.k() != "comment").collect()
            })
            .unwrap_or_default();
        let args: Vec<Value> = arg_nodes.iter().map(|a| ev(*a)).collect();
        let args_taint = args.iter().fold(Taint::clean(), |t, v| t.join(&v.taint));
        let line = self.line(node);
        let pkg = callee
            .rsplit_once('.')
            .map(|(p, _)| p.rsplit('/').next().unwrap_or(p))
            .unwrap_or("");

        if USER_SOURCE_CALLS.contains(&name.as_str())
            && !(name == "Query" && pkg == "url")
            && !(name == "Param" && pkg.is_empty())
        {
            return Value::other(Taint::source(format!("`{callee}()`"), line, true));
        }
        if callee.ends_with("Form.Get") || callee.ends_with("Header.Get") || callee.ends_with("Query().Get") {
            return Value::other(Taint::source(format!("`{callee}()`"), line, true));
        }
        match (pkg, name.as_str()) {
            ("strconv", "Atoi") | ("strconv", "ParseInt") | ("strconv", "ParseUint") => {
                // A number the parser range-checked to a smaller size is safe to narrow to that size.
                let bits = arg_nodes.get(2).map(|b| self.text(*b)).unwrap_or("64");
                let full = name == "Atoi" || matches!(bits, "0" | "64") || bits.parse::<u32>().is_err();
                if full {
                    let user = args.first().is_some_and(|a| a.taint.user && a.taint.is_tainted());
                    let t = Taint {
                        kinds: Kind::SIZE,
                        ..Taint::source(format!("`strconv.{name}` result"), line, user)
                    };
                    return Value {
                        taint: t,
                        shape: Shape::Number,
                    };
                }
                return Value::clean(Shape::Number);
            }
            ("strconv", _) if name.starts_with("Parse") => return Value::clean(Shape::Number),
            ("strconv", "Itoa")
            | ("strconv", "FormatInt")
            | ("strconv", "FormatUint")
            | ("strconv", "FormatFloat")
            | ("strconv", "FormatBool") => return Value::clean(Shape::Str(String::new())),
            ("html", "EscapeString") | ("template", "HTMLEscapeString") | ("template", "HTMLEscaper") => {
                return Value::other(args_taint.sanitized(Kind::HTML));
            }
            ("template", "JSEscapeString") => return Value::other(args_taint.sanitized(Kind::HTML | Kind::CODE)),
            ("url", "QueryEscape") | ("url", "PathEscape") => {
                return Value::other(args_taint.sanitized(Kind::HTML | Kind::URL | Kind::PATH | Kind::SHELL));
            }
            ("filepath", "Base") | ("path", "Base") => return Value::other(args_taint.sanitized(Kind::PATH)),
            ("json", "Marshal") | ("json", "MarshalIndent") => return Value::other(args_taint.sanitized(Kind::HTML)),
            ("fmt", "Sprintf") | ("fmt", "Errorf") => {
                let lit = args.first().and_then(|a| a.literal_text()).unwrap_or("").to_string();
                let t = args_taint.built();
                return if t.is_tainted() || args.iter().skip(1).any(|a| a.literal_text().is_none()) {
                    Value {
                        taint: t,
                        shape: Shape::Built(lit),
                    }
                } else {
                    Value::clean(Shape::Str(lit))
                };
            }
            ("fmt", "Sprint") | ("fmt", "Sprintln") | ("strings", "Join") | ("filepath", "Join") | ("path", "Join") => {
                let lit = args
                    .iter()
                    .filter_map(|a| a.literal_text())
                    .collect::<Vec<_>>()
                    .join(" ");
                let t = args_taint.built();
                return if t.is_tainted() {
                    Value {
                        taint: t,
                        shape: Shape::Built(lit),
                    }
                } else {
                    Value::other(Taint::clean())
                };
            }
            ("strings", "Replace") | ("strings", "ReplaceAll") => {
                let mut t = args.first().map(|a| a.taint.clone()).unwrap_or_default();
                let old = args.get(1).and_then(|a| a.str_const()).unwrap_or("");
                if old.contains("..") {
                    t = t.sanitized(Kind::PATH);
                }
                if old.contains('<') || old.contains('&') {
                    t = t.sanitized(Kind::HTML);
                }
                if old.contains("\\n") || old.contains("\\r") {
                    t = t.sanitized(Kind::LOG);
                }
                return Value::other(t);
            }
            _ => {}
        }
        if matches!(name.as_str(), "len" | "cap") {
            return Value::clean(Shape::Number);
        }
        if name == "Context" && args.is_empty() {
            // `r.Context()` carries deadlines and our own values, not the request's data.
            return Value::clean(Shape::Other);
        }
        let lower = name.to_ascii_lowercase();
        if lower.contains("escape") || lower.contains("saniti") || lower.starts_with("quote") {
            return Value::other(args_taint.sanitized(Kind::HTML | Kind::SQL | Kind::SHELL | Kind::LOG));
        }
        if recv_node.is_none() && numeric_type(&name) {
            // `int32(n)`: a conversion keeps the number's taint.
            return Value {
                taint: args_taint,
                shape: Shape::Number,
            };
        }
        if matches!(
            name.as_str(),
            "string"
                | "Clean"
                | "Abs"
                | "TrimSpace"
                | "ToLower"
                | "ToUpper"
                | "Trim"
                | "TrimPrefix"
                | "TrimSuffix"
                | "Split"
                | "Fields"
                | "Title"
                | "EvalSymlinks"
                | "Rel"
        ) || pkg == "strings"
            || pkg == "bytes"
        {
            return Value {
                taint: args_taint,
                shape: args
                    .first()
                    .map(|a| a.shape.clone())
                    .filter(|s| matches!(s, Shape::Built(_)))
                    .unwrap_or(Shape::Other),
            };
        }
        let mut t = args_taint;
        if let Some(r) = &receiver {
            if r.taint.user || matches!(name.as_str(), "String" | "Bytes" | "Get" | "Error") {
                t = t.join(&r.taint);
            }
        }
        Value::other(t)
    }
}

/// True when the range's right side is a slice or string (so the first name is an index).
fn names_is_index(v: &Value) -> bool {
    matches!(
        v.shape,
        Shape::Sequence(_) | Shape::Str(_) | Shape::Built(_) | Shape::Other
    )
}

fn is_validator(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "valid",
        "saniti",
        "check",
        "verify",
        "issafe",
        "allowed",
        "whitelist",
        "allowlist",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Standard packages commonly used without their import in cut-out code.
fn is_std_package(name: &str) -> bool {
    matches!(
        name,
        "fmt"
            | "os"
            | "io"
            | "ioutil"
            | "http"
            | "strings"
            | "strconv"
            | "filepath"
            | "path"
            | "exec"
            | "html"
            | "template"
            | "json"
            | "url"
            | "sql"
            | "log"
            | "errors"
            | "time"
            | "rand"
            | "md5"
            | "sha1"
            | "sha256"
            | "des"
            | "rc4"
            | "tls"
            | "rsa"
            | "bytes"
            | "bufio"
            | "regexp"
            | "sort"
            | "sync"
            | "context"
            | "math"
            | "hex"
            | "base64"
            | "mux"
            | "zip"
            | "gzip"
            | "cipher"
            | "aes"
            | "netip"
            | "net"
            | "utf8"
            | "unicode"
            | "glog"
    )
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
