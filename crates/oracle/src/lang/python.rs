//! The Python analyzer: one pass over the tree, in source order, tracking taint per function body.
//!
//! Sources: function parameters (except `self`/`cls`), and attacker-facing inputs — Flask/Django/webapp2
//! `request.*`, `input()`, `sys.argv`, `os.environ`, `os.getenv`, `sys.stdin`, socket `recv`. Values flow
//! through assignments, `for`/`with` targets, concatenation, `%`, `.format`, f-strings, `join` and calls;
//! sanitizer calls clear the kinds they neutralise, and checks in conditions (`startswith` after
//! `realpath`, `isdigit`, `re.fullmatch`, `x in ALLOWED`) clear them where the check holds: inside the body
//! of a positive `if`, after a negated one whose body exits (`if not ok: return`), and after `assert` and
//! `while`. Web entry points (routes, views, handler methods) take their parameters from the request. At
//! every call, store into a field and `return`, the enabled rules see a [`CallSite`].

use crate::registry::RuleSet;
use crate::rule::{Arg, CallSite, Emitter};
use crate::syntax::Kind as _;
use crate::syntax::{line_of, text, unquote, Prepared};
use crate::taint::{Kind, Taint};
use crate::value::{Env, Shape, Value};
use std::collections::HashMap;
use tree_sitter::{Node, Tree};

/// Attribute paths whose value is attacker-controlled wherever they appear.
const USER_SOURCES: &[&str] = &[
    "request.args",
    "request.form",
    "request.values",
    "request.json",
    "request.data",
    "request.files",
    "request.cookies",
    "request.headers",
    "request.get_json",
    "request.get_data",
    "request.stream",
    "request.url",
    "request.path",
    "request.query_string",
    "request.GET",
    "request.POST",
    "request.body",
    "request.COOKIES",
    "request.META",
    "request.FILES",
    "request.query_params",
    "request.path_params",
    "request.params",
    "request.get",
    "request.arguments",
    "request.body_arguments",
    "sys.argv",
    "os.environ",
    "sys.stdin",
];

/// Calls whose result is attacker-controlled.
const USER_SOURCE_CALLS: &[&str] = &[
    "input",
    "raw_input",
    "os.getenv",
    "os.environ.get",
    "sys.stdin.read",
    "sys.stdin.readline",
    "get_argument",
    "get_query_argument",
    "get_body_argument",
    "recv",
    "recvfrom",
    "urlopen().read",
];

/// Calls whose result carries no taint whatever their arguments (numbers, booleans, digests, lengths).
const CLEANING_CALLS: &[&str] = &[
    "int",
    "float",
    "bool",
    "len",
    "ord",
    "abs",
    "round",
    "hash",
    "id",
    "isinstance",
    "uuid4",
    "uuid1",
    "hexdigest",
    "digest",
    "count",
    "index",
    "find",
    "startswith",
    "endswith",
    "isdigit",
    "isalnum",
    "exists",
    "isfile",
    "isdir",
    "type",
    "range",
    "enumerate",
    "Decimal",
    "time",
    "datetime",
];

/// Sanitizers by last name segment (or full path), and the kinds they neutralise.
fn sanitizer(callee: &str, name: &str) -> Option<Kind> {
    let k = match name {
        "quote" if callee.contains("shlex") || callee.contains("pipes") || callee == "quote" => Kind::SHELL,
        "quote" | "quote_plus" | "urlencode" => Kind::SHELL | Kind::HTML | Kind::URL | Kind::PATH,
        "escape" | "escape_html" | "html_escape" | "xhtml_escape" | "conditional_escape" | "escapejs" | "antixss"
        | "sanitize_html" | "clean_html" | "strip_tags" | "format_html" | "linebreaks" => {
            if callee.starts_with("re.") {
                Kind::REGEX
            } else {
                Kind::HTML
            }
        }
        "clean" if callee.contains("bleach") => Kind::HTML,
        "basename" | "secure_filename" | "safe_join" | "sanitize_filename" | "get_valid_filename" => Kind::PATH,
        "escape_string" | "escape_like" | "quote_identifier" | "literal" | "sql_escape" | "mogrify" => Kind::SQL,
        "literal_eval" => Kind::CODE,
        _ => {
            let lower = name.to_ascii_lowercase();
            if lower.contains("saniti") || lower.contains("escape") {
                Kind::ALL
            } else if ["check", "within", "safe", "secure"].iter().any(|w| lower.contains(w))
                && ["path", "join", "file", "dir"].iter().any(|w| lower.contains(w))
            {
                // `join_and_check_path_within(root, ...)`, `safe_path(...)`: returns a contained path.
                Kind::PATH
            } else {
                return None;
            }
        }
    };
    Some(k)
}

/// A call whose purpose is to validate its arguments (raising or returning a verdict).
fn is_validator(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "valid",
        "saniti",
        "check_",
        "verify",
        "is_safe",
        "allowed",
        "whitelist",
        "allowlist",
        "ensure_",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Field ids of the Python grammar, resolved once: `child_by_field_name` searches the grammar's field names
/// on every call, which was a tenth of the analysis time.
pub(crate) struct Fields {
    pub alias: u16,
    pub consequence: u16,
    pub attribute: u16,
    pub arguments: u16,
    pub body: u16,
    pub condition: u16,
    pub expression: u16,
    pub function: u16,
    pub left: u16,
    pub module_name: u16,
    pub name: u16,
    pub object: u16,
    pub operator: u16,
    pub parameters: u16,
    pub right: u16,
    pub superclasses: u16,
    pub value: u16,
    pub name_id: std::num::NonZeroU16,
}

pub(crate) fn fields() -> &'static Fields {
    static FIELDS: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        let id = |n: &str| {
            language
                .field_id_for_name(n)
                .unwrap_or_else(|| panic!("python grammar has no field `{n}`"))
        };
        Fields {
            alias: id("alias").get(),
            consequence: id("consequence").get(),
            attribute: id("attribute").get(),
            arguments: id("arguments").get(),
            body: id("body").get(),
            condition: id("condition").get(),
            expression: id("expression").get(),
            function: id("function").get(),
            left: id("left").get(),
            module_name: id("module_name").get(),
            name: id("name").get(),
            object: id("object").get(),
            operator: id("operator").get(),
            parameters: id("parameters").get(),
            right: id("right").get(),
            superclasses: id("superclasses").get(),
            value: id("value").get(),
            name_id: id("name"),
        }
    })
}

struct Scope {
    env: Env,
    function: String,
    /// A web entry point (see [`CallSite::entry`]).
    entry: bool,
    /// Variables last assigned a resolved path (see [`is_resolver`]).
    resolved: std::collections::HashSet<String>,
}

/// Decorators that make a function a web entry point: Flask/FastAPI/Bottle routes (`@app.route`,
/// `@router.get`), Flask-Admin `@expose`, DRF `@api_view`, Pyramid `@view_config`.
const ENTRY_DECORATORS: &[&str] = &[
    "route",
    "expose",
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "api_view",
    "view_config",
    "websocket",
];

/// HTTP-verb methods of a request-handler class (Tornado, webapp2, Django class-based views).
const HANDLER_METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options"];

/// A decorator that registers the function as a route (`@app.route('/x')`, `@bp.get('/x')`), not a mock
/// (`@mock.patch(...)`) or a property.
fn is_entry_decorator(text: &str) -> bool {
    let path = text.trim_start_matches('@').split('(').next().unwrap_or("").trim();
    let last = path.rsplit('.').next().unwrap_or(path);
    // A verb alone (`@get`) is too vague; a route registration is a method of an app/router object.
    let qualified = path.contains('.') || matches!(last, "route" | "expose" | "api_view" | "view_config");
    qualified && ENTRY_DECORATORS.contains(&last) && !path.contains("mock") && text.contains('(')
}

/// Deeper syntax than this is not analyzed (its parts get no findings): the walk is recursive, and a
/// generated file with thousands of nested brackets must not overflow the stack.
const MAX_DEPTH: u32 = 256;

pub(crate) struct PythonAnalyzer<'a> {
    src: &'a str,
    prep: &'a Prepared,
    rules: &'a RuleSet,
    aliases: HashMap<String, String>,
    scopes: Vec<Scope>,
    /// Superclass lists of the enclosing class definitions, innermost last.
    classes: Vec<&'a str>,
    out: Emitter,
    depth: u32,
    eval_depth: std::cell::Cell<u32>,
    /// Values of the calls evaluated since the last change to a binding, by node id (see
    /// [`PythonAnalyzer::eval_call`]).
    call_values: std::cell::RefCell<HashMap<usize, Value>>,
    /// Tree cursors for [`PythonAnalyzer::visit_children`], one per nesting level in use: a new cursor
    /// allocates, and every node of the tree is walked.
    cursors: Vec<tree_sitter::TreeCursor<'a>>,
}

pub(crate) fn analyze<'a>(tree: &'a Tree, prep: &'a Prepared, rules: &'a RuleSet) -> Emitter {
    let mut a = PythonAnalyzer {
        src: &prep.text,
        prep,
        rules,
        aliases: HashMap::new(),
        scopes: vec![Scope {
            env: Env::default(),
            function: String::new(),
            entry: false,
            resolved: Default::default(),
        }],
        classes: Vec::new(),
        out: Emitter::default(),
        depth: 0,
        eval_depth: std::cell::Cell::new(0),
        call_values: Default::default(),
        cursors: Vec::new(),
    };
    a.visit(tree.root_node());
    a.out
}

impl<'a> PythonAnalyzer<'a> {
    fn env(&self) -> &Env {
        &self.scopes.last().expect("module scope").env
    }
    fn env_mut(&mut self) -> &mut Env {
        // A binding changes what expressions evaluate to: forget the call values computed so far.
        self.call_values.get_mut().clear();
        &mut self.scopes.last_mut().expect("module scope").env
    }
    fn text(&self, n: Node) -> &'a str {
        text(n, self.src)
    }
    fn line(&self, n: Node) -> usize {
        n.start_position().row + 1
    }

    fn visit_children(&mut self, node: Node<'a>) {
        let mut cursor = match self.cursors.pop() {
            Some(mut c) => {
                c.reset(node);
                c
            }
            None => node.walk(),
        };
        if cursor.goto_first_child() {
            loop {
                let c = cursor.node();
                if c.is_named() {
                    self.visit(c);
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        self.cursors.push(cursor);
    }

    fn visit(&mut self, node: Node<'a>) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_node(node);
        self.depth -= 1;
    }

    fn visit_node(&mut self, node: Node<'a>) {
        match node.k() {
            "import_statement" | "import_from_statement" => self.record_import(node),
            "function_definition" => self.visit_function(node),
            "assignment" => {
                if let Some(right) = node.child_by_field_id(fields().right) {
                    self.visit(right);
                    let v = self.eval(right);
                    if let Some(left) = node.child_by_field_id(fields().left) {
                        if matches!(left.k(), "attribute" | "subscript") {
                            self.on_store(node, left, right, &v);
                        }
                        let resolved = right.k() == "call"
                            && right
                                .child_by_field_id(fields().function)
                                .is_some_and(|f| is_resolver(self.text(f)));
                        let target = self.text(left).to_string();
                        let set = &mut self.scopes.last_mut().expect("scope").resolved;
                        if resolved {
                            set.insert(target);
                        } else if !set.is_empty() {
                            set.remove(&target);
                        }
                        self.bind(left, v);
                    }
                }
            }
            "augmented_assignment" => {
                if let (Some(left), Some(right)) = (
                    node.child_by_field_id(fields().left),
                    node.child_by_field_id(fields().right),
                ) {
                    self.visit(right);
                    let old = self.eval(left);
                    let new = self.eval(right);
                    let v = concat(&old, &new);
                    self.bind(left, v);
                }
            }
            "for_statement" | "for_in_clause" => {
                if let Some(right) = node.child_by_field_id(fields().right) {
                    self.visit(right);
                    let v = self.eval(right);
                    if let Some(left) = node.child_by_field_id(fields().left) {
                        self.bind(left, Value::other(v.taint));
                    }
                }
                for field in ["body", "alternative"] {
                    if let Some(b) = node.child_by_field_name(field) {
                        self.visit(b);
                    }
                }
            }
            "with_item" => {
                if let Some(value) = node.child_by_field_id(fields().value) {
                    if value.k() == "as_pattern" {
                        if let Some(inner) = value.named_child(0) {
                            self.visit(inner);
                            let v = self.eval(inner);
                            if let Some(alias) = value.child_by_field_id(fields().alias) {
                                self.bind(alias, Value::other(v.taint));
                            }
                        }
                    } else {
                        self.visit(value);
                    }
                }
            }
            "named_expression" => {
                if let Some(value) = node.child_by_field_id(fields().value) {
                    self.visit(value);
                    let v = self.eval(value);
                    if let Some(name) = node.child_by_field_id(fields().name) {
                        self.bind(name, v);
                    }
                }
            }
            "except_clause" => {
                // In a view, the caught exception's message often quotes the request value that caused
                // it (`invalid literal for int(): '<script>...'`): it is request data when echoed back.
                if self.scopes.last().is_some_and(|s| s.entry) {
                    let mut c = node.walk();
                    let values: Vec<Node> = node.children_by_field_name("value", &mut c).collect();
                    let alias = match values.as_slice() {
                        // `except ValueError as e:` (an `as_pattern` whose target wraps the name).
                        [v] if v.k() == "as_pattern" => v
                            .child_by_field_id(fields().alias)
                            .map(|t| t.named_child(0).unwrap_or(t)),
                        // Python 2's `except ValueError, e:`.
                        [_, e, ..] => Some(*e),
                        _ => None,
                    };
                    if let Some(a) = alias.filter(|a| a.k() == "identifier") {
                        let what = format!("exception `{}`", self.text(a));
                        self.bind(a, Value::other(Taint::source(what, self.line(a), true)));
                    }
                }
                self.visit_children(node);
            }
            "if_statement" | "elif_clause" => self.visit_if(node),
            "while_statement" | "assert_statement" | "conditional_expression" => {
                let cond = node
                    .child_by_field_id(fields().condition)
                    .or_else(|| node.named_child(0));
                if let Some(c) = cond {
                    self.visit(c);
                    self.apply_checks(c);
                }
                let mut cursor = node.walk();
                let rest: Vec<Node> = node.named_children(&mut cursor).filter(|c| Some(*c) != cond).collect();
                for c in rest {
                    self.visit(c);
                }
            }
            "call" => {
                self.visit_children(node);
                self.on_call(node);
            }
            "class_definition" => {
                let bases = node
                    .child_by_field_id(fields().superclasses)
                    .map(|b| self.text(b))
                    .unwrap_or("");
                self.classes.push(bases);
                if let Some(body) = node.child_by_field_id(fields().body) {
                    self.visit(body);
                }
                self.classes.pop();
            }
            "return_statement" | "yield" => {
                self.visit_children(node);
                // `return body, 404`: the response is the first element.
                let value = node.named_child(0).map(|e| match e.k() {
                    "expression_list" | "tuple" => e.named_child(0).unwrap_or(e),
                    _ => e,
                });
                if let Some(e) = value.filter(|e| e.k() != "comment") {
                    let v = self.eval(e);
                    self.on_return(node, e, v);
                }
            }
            _ => self.visit_children(node),
        }
        self.run_node_rules(node);
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

    fn visit_function(&mut self, node: Node<'a>) {
        let name = node
            .child_by_field_id(fields().name)
            .map(|n| self.text(n).to_string())
            .unwrap_or_default();
        let entry = self.is_entry(node, &name);
        let mut env = Env::default();
        if let Some(params) = node.child_by_field_id(fields().parameters) {
            let mut cursor = params.walk();
            for p in params.named_children(&mut cursor) {
                let ident = match p.k() {
                    "identifier" => Some(p),
                    "default_parameter" | "typed_default_parameter" => p.child_by_field_id(fields().name),
                    "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => p.named_child(0),
                    _ => None,
                };
                if let Some(id) = ident.filter(|i| i.k() == "identifier") {
                    let pname = self.text(id);
                    if pname == "self" || pname == "cls" {
                        continue;
                    }
                    // `request` as a parameter is a web request object (Django views, handlers); an entry
                    // point's other parameters are parts of the URL.
                    let user = entry || user_object(pname);
                    let what = if entry && !user_object(pname) {
                        "route parameter"
                    } else {
                        "parameter"
                    };
                    env.set(
                        pname,
                        Value::other(Taint::source(format!("{what} `{pname}`"), self.line(id), user)),
                    );
                }
            }
        }
        self.call_values.get_mut().clear();
        self.scopes.push(Scope {
            env,
            function: name,
            entry,
            resolved: Default::default(),
        });
        if let Some(body) = node.child_by_field_id(fields().body) {
            self.visit(body);
        }
        self.scopes.pop();
        self.call_values.get_mut().clear();
    }

    /// Whether a function definition is a web entry point: a route-decorated function, an HTTP-verb method
    /// of a handler/view class, or a Django-style view whose first parameter is the `request`.
    fn is_entry(&self, node: Node, name: &str) -> bool {
        if let Some(d) = node.parent().filter(|p| p.k() == "decorated_definition") {
            let mut c = d.walk();
            if d.named_children(&mut c)
                .any(|x| x.k() == "decorator" && is_entry_decorator(self.text(x)))
            {
                return true;
            }
        }
        if HANDLER_METHODS.contains(&name) {
            match self.classes.last() {
                Some(bases) => {
                    if ["Handler", "View", "Resource"].iter().any(|w| bases.contains(w)) {
                        return true;
                    }
                }
                // A method cut out of its class: a verb method that answers through `self` is a handler.
                None => {
                    let body = node
                        .child_by_field_id(fields().body)
                        .map(|b| self.text(b))
                        .unwrap_or("");
                    if [
                        "self.request",
                        "self.response",
                        "self.write(",
                        "self.render(",
                        "self.finish(",
                    ]
                    .iter()
                    .any(|w| body.contains(w))
                    {
                        return true;
                    }
                }
            }
        }
        let first_param = node.child_by_field_id(fields().parameters).and_then(|ps| {
            let mut c = ps.walk();
            let names: Vec<&str> = ps
                .named_children(&mut c)
                .map(|p| match p.k() {
                    "typed_parameter" => p.named_child(0).map(|n| self.text(n)).unwrap_or(""),
                    _ => self.text(p),
                })
                .filter(|n| *n != "self" && *n != "cls")
                .collect();
            names.first().map(|n| *n == "request")
        });
        first_param == Some(true)
    }

    fn record_import(&mut self, node: Node) {
        let module = node
            .child_by_field_id(fields().module_name)
            .map(|m| self.text(m).to_string());
        let mut cursor = node.walk();
        for c in node.children_by_field_id(fields().name_id, &mut cursor) {
            let (path, alias) = match c.k() {
                "aliased_import" => {
                    let n = c.child_by_field_id(fields().name).map(|n| self.text(n)).unwrap_or("");
                    let a = c.child_by_field_id(fields().alias).map(|n| self.text(n)).unwrap_or(n);
                    (n.to_string(), a.to_string())
                }
                _ => {
                    let n = self.text(c).to_string();
                    let a = n.rsplit('.').next().unwrap_or(&n).to_string();
                    (n, a)
                }
            };
            let full = match &module {
                Some(m) => format!("{m}.{path}"),
                None => path.clone(),
            };
            // `import os.path` binds `os`, which needs no alias.
            if module.is_none() && !path.contains('.') && alias == path {
                continue;
            }
            if module.is_none() && path.contains('.') && alias == path.rsplit('.').next().unwrap_or("") {
                continue;
            }
            self.aliases.insert(alias, full);
        }
    }

    /// Resolves the first segment of a dotted path through the imports.
    fn resolve(&self, path: &str) -> String {
        let (head, rest) = match path.find('.') {
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
            "identifier" => {
                let name = self.text(target).to_string();
                self.env_mut().set(name, v);
            }
            "attribute" => {
                let name = self.text(target).to_string();
                self.env_mut().set(name, v);
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "expression_list" => {
                let mut cursor = target.walk();
                let items: Vec<Node> = target.named_children(&mut cursor).collect();
                for i in items {
                    self.bind(i, Value::other(v.taint.clone()));
                }
            }
            "subscript" => {
                // `d[k] = tainted` taints the container.
                if let Some(obj) = target.child_by_field_id(fields().value) {
                    let old = self.eval(obj);
                    let joined = Value::other(old.taint.join(&v.taint));
                    self.bind(obj, joined);
                }
            }
            "list_splat_pattern" => {
                if let Some(inner) = target.named_child(0) {
                    self.bind(inner, v);
                }
            }
            _ => {}
        }
    }

    /// An `if`/`elif` whose condition checks variables. A positive check (`if name.isalnum():`) holds inside
    /// the body only; a negated one (`if not ok(name): return`) holds in the `else` branches, and after the
    /// statement when the body ends the path.
    fn visit_if(&mut self, node: Node<'a>) {
        let cond = node.child_by_field_id(fields().condition);
        let mut changed = Vec::new();
        if let Some(c) = cond {
            self.visit(c);
            changed = self.apply_checks(c);
        }
        let negated = cond.is_some_and(is_negated);
        let body = node.child_by_field_id(fields().consequence);
        if negated {
            // `if x not in ALLOWED:` runs its body where the check failed: `x` is as unchecked there as
            // before; the check holds after the statement (when the body leaves) and in `else`.
            self.undo_checks(&changed);
        }
        if let Some(b) = body {
            self.visit(b);
        }
        if negated {
            if let Some(c) = cond {
                changed = self.apply_checks(c);
            }
        } else {
            self.undo_checks(&changed);
        }
        let mut cursor = node.walk();
        let rest: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|c| Some(*c) != cond && Some(*c) != body)
            .collect();
        for c in rest {
            self.visit(c);
        }
        if negated && !body.is_some_and(|b| ends_path(b, self.src)) {
            self.undo_checks(&changed);
        }
    }

    /// Puts back the kinds a check cleared, on the variables the code has not rebound since.
    fn undo_checks(&mut self, changed: &[(String, Kind, Kind)]) {
        for (name, before, after) in changed {
            if let Some(v) = self.env().get(name) {
                if v.taint.kinds == *after {
                    let mut v = v.clone();
                    v.taint.kinds = *before;
                    self.env_mut().set(name.clone(), v);
                }
            }
        }
    }

    /// Clears taint from variables that a condition checks; returns each changed variable with its kinds
    /// before and after.
    fn apply_checks(&mut self, cond: Node) -> Vec<(String, Kind, Kind)> {
        let mut stack = vec![cond];
        let mut updates: Vec<(Node, Kind)> = Vec::new();
        while let Some(n) = stack.pop() {
            match n.k() {
                "call" => {
                    let Some(f) = n.child_by_field_id(fields().function) else {
                        continue;
                    };
                    let callee = self.resolve(&callee_path(f, self.src));
                    let name = callee.rsplit('.').next().unwrap_or("").to_string();
                    let args = n.child_by_field_id(fields().arguments);
                    let receiver = if f.k() == "attribute" {
                        f.child_by_field_id(fields().object)
                    } else {
                        None
                    };
                    match name.as_str() {
                        "startswith" | "is_relative_to" => {
                            // `p.startswith(base)` is a containment check; `name.startswith('stream_')` is
                            // not: a literal prefix only confines a path if it names a folder.
                            // Nor does any prefix check of a path that was not resolved first: `../` walks out.
                            let prefix = args.and_then(|a| a.named_child(0));
                            let folder_literal = prefix
                                .is_some_and(|p| p.k() == "string" && unquote(self.text(p)).contains(['/', '\\']));
                            if let Some(r) = receiver {
                                let resolved_call = (r.k() == "call")
                                    .then(|| r.child_by_field_id(fields().function))
                                    .flatten()
                                    .filter(|f| is_resolver(self.text(*f)));
                                if let Some(inner) = resolved_call.and_then(|_| {
                                    r.child_by_field_id(fields().arguments).and_then(|a| a.named_child(0))
                                }) {
                                    updates.push((inner, Kind::PATH | Kind::URL));
                                }
                                let resolved = folder_literal
                                    || resolved_call.is_some()
                                    || self.scopes.last().expect("scope").resolved.contains(self.text(r));
                                updates.push((r, if resolved { Kind::PATH | Kind::URL } else { Kind::URL }));
                            }
                        }
                        "isdigit" | "isalnum" | "isnumeric" | "isdecimal" | "isidentifier" | "isalpha" => {
                            if let Some(r) = receiver {
                                updates.push((r, Kind::ALL));
                            }
                        }
                        "match" | "fullmatch" | "search"
                            if callee.starts_with("re.") || callee.contains("re.compile") || receiver.is_some() =>
                        {
                            if let Some(a) = args {
                                let mut c = a.walk();
                                for arg in a.named_children(&mut c) {
                                    updates.push((arg, Kind::ALL));
                                }
                            }
                        }
                        "commonpath" | "commonprefix" | "samefile" => {
                            if let Some(a) = args {
                                collect_identifiers(a, &mut |n| updates.push((n, Kind::PATH)));
                            }
                        }
                        "isinstance" => {
                            if let Some(first) = args.and_then(|a| a.named_child(0)) {
                                updates.push((first, Kind::ALL));
                            }
                        }
                        _ if is_validator(&name) => {
                            if let Some(a) = args {
                                let mut c = a.walk();
                                for arg in a.named_children(&mut c) {
                                    updates.push((arg, Kind::ALL));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                "comparison_operator" => {
                    let ops: Vec<&str> = {
                        let mut c = n.walk();
                        n.children(&mut c).filter(|x| !x.is_named()).map(|x| x.k()).collect()
                    };
                    let left = n.named_child(0);
                    let right = n.named_child(1);
                    if let (Some(l), Some(r)) = (left, right) {
                        if ops.contains(&"in") || ops.contains(&"not in") {
                            if l.k() == "string" {
                                // `'..' in path`, `'/' in name`: a traversal check.
                                let lit = unquote(self.text(l));
                                if lit.contains("..") || lit == "/" || lit == "\\\\" {
                                    updates.push((r, Kind::PATH));
                                }
                            } else {
                                // `x in ALLOWED`: an allow-list.
                                updates.push((l, Kind::ALL));
                            }
                        } else if ops.iter().any(|o| matches!(*o, "==" | "!=" | "<" | ">" | "<=" | ">=")) {
                            // Comparing with a constant or a bound is a validation of that variable.
                            if matches!(r.k(), "string" | "integer" | "call" | "attribute" | "identifier") {
                                if matches!(l.k(), "identifier")
                                    && ops.iter().any(|o| matches!(*o, "<" | ">" | "<=" | ">="))
                                {
                                    updates.push((l, Kind::SIZE));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            let mut c = n.walk();
            for ch in n.named_children(&mut c) {
                stack.push(ch);
            }
        }
        updates
            .into_iter()
            .filter_map(|(n, k)| self.sanitize_expr(n, k))
            .collect()
    }

    /// Clears `k` from what the expression `n` names. A checked `d['key']` or `obj.name` that has no binding
    /// of its own gets one, so that the check covers later reads of the same expression.
    fn sanitize_expr(&mut self, n: Node, k: Kind) -> Option<(String, Kind, Kind)> {
        let key = self.text(n);
        if self.env().get(key).is_none() && matches!(n.k(), "subscript" | "attribute") {
            let v = self.eval(n);
            self.env_mut().set(key, v);
        }
        let before = self.env().get(key)?.taint.kinds;
        self.env_mut().sanitize(key, k);
        let after = self.env().get(key)?.taint.kinds;
        (before != after).then(|| (key.to_string(), before, after))
    }

    fn on_call(&mut self, node: Node) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let Some(f) = node.child_by_field_id(fields().function) else {
            return;
        };
        let callee = self.resolve(&callee_path(f, self.src));
        let receiver_value = if f.k() == "attribute" {
            f.child_by_field_id(fields().object).map(|o| self.eval(o))
        } else {
            None
        };
        let receiver = receiver_value.as_ref().map(|v| v.taint.clone()).unwrap_or_default();
        let mut args = Vec::new();
        for a in call_arguments(node) {
            match a.k() {
                "keyword_argument" => {
                    let kw = a.child_by_field_id(fields().name).map(|n| self.text(n).to_string());
                    if let Some(v) = a.child_by_field_id(fields().value) {
                        args.push(Arg {
                            keyword: kw,
                            value: self.eval(v),
                            span: self.prep.span(v),
                            text: self.text(v).to_string(),
                        });
                    }
                }
                "comment" => {}
                _ => args.push(Arg {
                    keyword: None,
                    value: self.eval(a),
                    span: self.prep.span(a),
                    text: self.text(a).to_string(),
                }),
            }
        }
        // The call's own value, for the expression around it: its arguments are evaluated once, here.
        let value = self.call_value(
            node,
            &callee,
            receiver_value,
            args.iter().map(|a| a.value.clone()).collect(),
        );
        self.call_values.borrow_mut().insert(node.id(), value);
        // A bare validator call (`check_ssh_injection(cmd)`) raises on bad input: trust its arguments after.
        let name = callee.rsplit('.').next().unwrap_or("").to_string();
        let site = CallSite {
            callee,
            args,
            receiver,
            span: self.prep.span(node),
            function: self.scopes.last().expect("scope").function.clone(),
            entry: self.scopes.last().expect("scope").entry,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
        if is_validator(&name) && node.parent().map(|p| p.k()) == Some("expression_statement") {
            if let Some(arglist) = node.child_by_field_id(fields().arguments) {
                let mut c = arglist.walk();
                let args: Vec<Node> = arglist.named_children(&mut c).collect();
                for a in args {
                    let _ = self.sanitize_expr(a, Kind::ALL);
                }
            }
        }
    }

    /// Presents `target = value` to the rules as a store pseudo-call (see [`crate::rule::STORE_PREFIX`]).
    fn on_store(&mut self, node: Node, target: Node, value_node: Node, value: &Value) {
        if value.taint.is_tainted() {
            let callee = format!("{}{}", crate::rule::STORE_PREFIX, self.text(target));
            self.pseudo_call(callee, node, value_node, value.clone());
        }
    }

    /// Presents `return value` (or `yield value`) to the rules as a pseudo-call named `return`.
    fn on_return(&mut self, node: Node, value_node: Node, value: Value) {
        if value.taint.is_tainted() {
            self.pseudo_call("return".to_string(), node, value_node, value);
        }
    }

    /// Hands the call rules a statement that is not a call, as a call of `callee` with one argument.
    fn pseudo_call(&mut self, callee: String, node: Node, value_node: Node, value: Value) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let scope = self.scopes.last().expect("scope");
        let site = CallSite {
            callee,
            args: vec![Arg {
                keyword: None,
                value,
                span: self.prep.span(value_node),
                text: self.text(value_node).to_string(),
            }],
            receiver: Taint::clean(),
            span: self.prep.span(node),
            function: scope.function.clone(),
            entry: scope.entry,
            line_text: line_of(self.src, node).to_string(),
        };
        self.rules.run_call_rules(&site, &mut self.out);
    }

    /// What is known about an expression's value.
    fn eval(&self, node: Node) -> Value {
        let d = self.eval_depth.get();
        if d >= MAX_DEPTH {
            return Value::clean(Shape::Other);
        }
        self.eval_depth.set(d + 1);
        let v = self.eval_node(node);
        self.eval_depth.set(d);
        v
    }

    fn eval_node(&self, node: Node) -> Value {
        match node.k() {
            "identifier" => {
                let name = self.text(node);
                if let Some(v) = self.env().get(name) {
                    return v.clone();
                }
                if name == "request" {
                    return Value::other(Taint::source("`request`", self.line(node), true));
                }
                // An UPPER_CASE name is a constant by convention; any other name the code never defines
                // (a global, a loop variable over unknown data) is weakly suspect.
                if name.chars().any(|c| c.is_ascii_lowercase()) && !matches!(name, "True" | "False" | "None") {
                    return Value::other(Taint::weak_source(format!("`{name}`"), self.line(node)));
                }
                Value::clean(Shape::Other)
            }
            "attribute" => {
                let path = self.text(node);
                if let Some(v) = self.env().get(path) {
                    return v.clone();
                }
                let resolved = self.resolve(&callee_path(node, self.src));
                if let Some(src) = user_source(&resolved) {
                    return Value::other(Taint::source(format!("`{src}`"), self.line(node), true));
                }
                match node.child_by_field_id(fields().object) {
                    Some(obj) if matches!(self.text(obj), "self" | "cls") => {
                        Value::other(Taint::weak_source(format!("`{path}`"), self.line(node)))
                    }
                    Some(obj) => Value::other(self.eval(obj).taint),
                    None => Value::clean(Shape::Other),
                }
            }
            "subscript" => {
                if let Some(v) = self.env().get(self.text(node)) {
                    return v.clone();
                }
                match node.child_by_field_id(fields().value) {
                    Some(v) => Value::other(self.eval(v).taint),
                    None => Value::clean(Shape::Other),
                }
            }
            "string" => self.eval_string(node),
            "concatenated_string" => {
                let mut acc: Option<Value> = None;
                let mut c = node.walk();
                for part in node.named_children(&mut c) {
                    let v = self.eval(part);
                    acc = Some(match acc {
                        None => v,
                        Some(a) => concat(&a, &v),
                    });
                }
                acc.unwrap_or_else(|| Value::clean(Shape::Str(String::new())))
            }
            "binary_operator" => {
                let (Some(l), Some(r)) = (
                    node.child_by_field_id(fields().left),
                    node.child_by_field_id(fields().right),
                ) else {
                    return Value::clean(Shape::Other);
                };
                let op = node.child_by_field_id(fields().operator).map(|o| o.k()).unwrap_or("");
                let lv = self.eval(l);
                let rv = match (op, lv.literal_text()) {
                    // `"... %(name)s ..." % locals()`: the named variables are the arguments.
                    ("%", Some(fmt)) if is_namespace_call(r, self.src) => self.named_placeholders(fmt),
                    _ => self.eval(r),
                };
                match op {
                    "%" if lv.literal_text().is_some() => format_with(&lv, &rv),
                    "+" => concat(&lv, &rv),
                    _ => {
                        let t = lv.taint.join(&rv.taint);
                        if matches!(lv.shape, Shape::Number) || matches!(rv.shape, Shape::Number) {
                            Value {
                                taint: t,
                                shape: Shape::Number,
                            }
                        } else {
                            Value::other(t)
                        }
                    }
                }
            }
            "call" => self.eval_call(node),
            "integer" | "float" => Value::clean(Shape::Number),
            "true" => Value::clean(Shape::Bool(true)),
            "false" => Value::clean(Shape::Bool(false)),
            "none" => Value::clean(Shape::None),
            "comparison_operator" | "not_operator" => Value::clean(Shape::Bool(false)),
            "list" | "tuple" | "set" => {
                let mut t = Taint::clean();
                let mut first = None;
                let mut c = node.walk();
                for (i, e) in node.named_children(&mut c).enumerate() {
                    let v = self.eval(e);
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
            "parenthesized_expression" | "await" | "keyword_argument" | "expression_statement" => {
                let inner = node
                    .child_by_field_id(fields().value)
                    .or_else(|| node.named_child(node.named_child_count().saturating_sub(1)));
                match inner {
                    Some(i) => self.eval(i),
                    None => Value::clean(Shape::Other),
                }
            }
            "list_comprehension" | "generator_expression" | "set_comprehension" => {
                // The elements are the body's values; the walk bound the loop variables to the iterable's
                // taint, so `[escape(p) for p in pages]` is as clean as `escape(p)`.
                match node.child_by_field_id(fields().body) {
                    Some(b) => Value::other(self.eval(b).taint),
                    None => Value::clean(Shape::Other),
                }
            }
            "conditional_expression" => {
                // `a if cond else b` is `a` or `b`; the condition only chooses.
                let mut t = Taint::clean();
                for i in [0, 2] {
                    if let Some(branch) = node.named_child(i) {
                        t = t.join(&self.eval(branch).taint);
                    }
                }
                Value::other(t)
            }
            "lambda" | "comment" => Value::clean(Shape::Other),
            _ => {
                // Dictionaries, comprehensions, conditionals, boolean operators, slices...: join the parts.
                let mut t = Taint::clean();
                let mut c = node.walk();
                for e in node.named_children(&mut c) {
                    t = t.join(&self.eval(e).taint);
                }
                Value::other(t)
            }
        }
    }

    /// A call asked to escape its output (`errors.as_json(escape_html=True)`), or `s.translate(ESCAPES)`
    /// with an escaping table.
    fn escapes_html(&self, node: Node, name: &str) -> bool {
        call_arguments(node).into_iter().any(|a| match a.k() {
            "keyword_argument" => {
                let key = a.child_by_field_id(fields().name).map(|k| self.text(k)).unwrap_or("");
                let on = a.child_by_field_id(fields().value).is_some_and(|v| v.k() == "true");
                on && key.contains("escape")
            }
            _ => name == "translate" && self.text(a).to_ascii_lowercase().contains("escape"),
        })
    }

    /// The joined value of the variables a `%(name)s` format string names, for `fmt % locals()`.
    fn named_placeholders(&self, fmt: &str) -> Value {
        let mut t = Taint::clean();
        for part in fmt.split("%(").skip(1) {
            if let Some(v) = part.split_once(')').and_then(|(name, _)| self.env().get(name)) {
                t = t.join(&v.taint);
            }
        }
        Value::other(t)
    }

    fn eval_string(&self, node: Node) -> Value {
        let mut taint = Taint::clean();
        let mut literal = String::new();
        let mut has_interp = false;
        let mut c = node.walk();
        for part in node.named_children(&mut c) {
            match part.k() {
                "interpolation" => {
                    has_interp = true;
                    if let Some(e) = part
                        .child_by_field_id(fields().expression)
                        .or_else(|| part.named_child(0))
                    {
                        taint = taint.join(&self.eval(e).taint);
                    }
                    literal.push(' ');
                }
                "string_content" | "escape_sequence" => literal.push_str(self.text(part)),
                _ => {}
            }
        }
        if has_interp {
            Value {
                taint: taint.built(),
                shape: Shape::Built(literal),
            }
        } else {
            Value::clean(Shape::Str(literal))
        }
    }

    /// The value of a call. [`PythonAnalyzer::on_call`] already evaluated most calls (it runs first, in the
    /// walk) and left their value in the cache.
    fn eval_call(&self, node: Node) -> Value {
        if let Some(v) = self.call_values.borrow().get(&node.id()) {
            return v.clone();
        }
        let Some(f) = node.child_by_field_id(fields().function) else {
            return Value::clean(Shape::Other);
        };
        let callee = self.resolve(&callee_path(f, self.src));
        let receiver_node = if f.k() == "attribute" {
            f.child_by_field_id(fields().object)
        } else {
            None
        };
        let receiver = receiver_node.map(|r| self.eval(r));
        let arg_values = call_arguments(node)
            .into_iter()
            .filter(|a| a.k() != "comment")
            .map(|a| self.eval(a))
            .collect();
        self.call_value(node, &callee, receiver, arg_values)
    }

    /// What a call returns, given its resolved callee, its receiver's value and its arguments' values.
    fn call_value(&self, node: Node, callee: &str, receiver: Option<Value>, arg_values: Vec<Value>) -> Value {
        let name = callee.rsplit('.').next().unwrap_or("");
        let args_taint = arg_values.iter().fold(Taint::clean(), |t, v| t.join(&v.taint));

        if is_source_call(callee, name) {
            return Value::other(Taint::source(format!("`{callee}()`"), self.line(node), true));
        }
        if let Some(src) = user_source(callee) {
            return Value::other(Taint::source(format!("`{src}`"), self.line(node), true));
        }
        // In a view, a form class (`SearchForm()`, WTForms/Flask-WTF) binds itself to the request's
        // form data: its `.data` and fields' `.data` are what the user posted.
        if self.scopes.last().is_some_and(|s| s.entry) && is_form_class(name) {
            return Value::other(Taint::source(format!("form `{callee}()`"), self.line(node), true));
        }
        if matches!(name, "format_exc" | "format_exception" | "format_tb") {
            // Exception text quotes the values that caused the error, input included.
            return Value::other(Taint::source(format!("`{callee}()`"), self.line(node), false));
        }
        if CLEANING_CALLS.contains(&name) {
            return Value::clean(if matches!(name, "int" | "float" | "len" | "abs" | "round" | "ord") {
                Shape::Number
            } else {
                Shape::Other
            });
        }
        if self.escapes_html(node, name) {
            let t = receiver
                .as_ref()
                .map(|r| r.taint.clone())
                .unwrap_or_default()
                .join(&args_taint);
            return Value::other(t.sanitized(Kind::HTML));
        }
        if let Some(k) = sanitizer(callee, name) {
            let t = receiver
                .as_ref()
                .map(|r| r.taint.clone())
                .unwrap_or_default()
                .join(&args_taint);
            return Value::other(t.sanitized(k));
        }
        match name {
            "format" | "format_map" if receiver.as_ref().and_then(|r| r.literal_text()).is_some() => {
                let r = receiver.expect("checked");
                let joined = arg_values.iter().fold(r.clone(), |acc, v| format_with(&acc, v));
                if arg_values
                    .iter()
                    .all(|v| !v.taint.is_tainted() && v.literal_text().is_some())
                {
                    return Value::clean(Shape::Built(r.literal_text().unwrap_or("").to_string()));
                }
                joined
            }
            "markdown" if args_taint.is_tainted() => {
                // Markdown keeps inline HTML: the output is markup as dangerous as the input.
                Value {
                    taint: args_taint,
                    shape: Shape::Html,
                }
            }
            "format" if receiver.is_some() => {
                // `TEMPLATE.format(x)`: string building even when the template is not a literal here.
                let t = receiver.map(|r| r.taint).unwrap_or_default().join(&args_taint);
                Value {
                    taint: t.built(),
                    shape: Shape::Built(String::new()),
                }
            }
            "join" if receiver.as_ref().and_then(|r| r.str_const()).is_some() => {
                let t = args_taint.built();
                Value {
                    taint: t,
                    shape: Shape::Built(String::new()),
                }
            }
            "join" if callee.ends_with("path.join") => {
                // A parameter joined onto a base is the traversal shape; a tainted base with constant parts
                // after it is the caller's choice of folder, like a path passed as-is.
                let tail_tainted = arg_values.iter().skip(1).any(|v| v.taint.reaches(Kind::PATH));
                if tail_tainted {
                    Value {
                        taint: args_taint.built(),
                        shape: Shape::Path,
                    }
                } else if arg_values.len() > 1 && args_taint.reaches(Kind::PATH) {
                    Value {
                        taint: args_taint,
                        shape: Shape::Under,
                    }
                } else {
                    Value::other(args_taint)
                }
            }
            "replace" => {
                // `.replace('\n', '')` and friends neutralise log forging; `.replace("'", "''")` SQL quoting.
                let mut t = receiver.as_ref().map(|r| r.taint.clone()).unwrap_or_default();
                if let Some(lit) = arg_values.first().and_then(|v| v.str_const()) {
                    if lit.contains("\\n") || lit.contains("\\r") {
                        t = t.sanitized(Kind::LOG);
                    }
                    if lit.contains('\'') {
                        t = t.sanitized(Kind::SQL);
                    }
                    if lit.contains("..") {
                        t = t.sanitized(Kind::PATH);
                    }
                    if lit.contains('<') || lit.contains('&') {
                        t = t.sanitized(Kind::HTML);
                    }
                }
                let shape = receiver.map(|r| r.shape).unwrap_or(Shape::Other);
                Value { taint: t, shape }
            }
            "str" | "repr" | "strip" | "lstrip" | "rstrip" | "lower" | "upper" | "encode" | "decode" | "title" => {
                let base =
                    receiver.unwrap_or_else(|| arg_values.first().cloned().unwrap_or(Value::clean(Shape::Other)));
                base
            }
            _ => {
                let mut t = args_taint;
                if let Some(r) = &receiver {
                    t = t.join(&r.taint);
                }
                Value::other(t)
            }
        }
    }
}

fn user_source(path: &str) -> Option<&'static str> {
    // No allocation, and a cheap pre-check: this runs for every attribute read.
    if !["request", "argv", "environ", "stdin"].iter().any(|w| path.contains(w)) {
        return None;
    }
    USER_SOURCES.iter().copied().find(|s| {
        let starts = |p: &str| p.starts_with(s) && p[s.len()..].starts_with(['.', '(', '['].as_slice());
        path == *s
            || (starts(path) && !path.ends_with(".method"))
            || path.match_indices(s).any(|(i, _)| {
                // `self.request.GET`, `self.request.GET.get(...)`: the source preceded by a dot.
                i > 0 && path.as_bytes()[i - 1] == b'.' && {
                    let rest = &path[i + s.len()..];
                    rest.is_empty() || rest.starts_with(['.', '(', '['].as_slice())
                }
            })
    })
}

/// A form class by the usual naming: `LoginForm`, `forms.SearchForm` (not `Form` alone, nor `transform`).
fn is_form_class(name: &str) -> bool {
    name.len() > 4 && name.ends_with("Form") && name.starts_with(|c: char| c.is_ascii_uppercase())
}

/// `callee` is one of the source calls, possibly qualified (`self.get_argument`, `sock.recv`).
fn is_source_call(callee: &str, name: &str) -> bool {
    USER_SOURCE_CALLS.iter().any(|s| {
        callee == *s
            || (callee.len() > s.len() && callee.ends_with(s) && callee.as_bytes()[callee.len() - s.len() - 1] == b'.')
            || (name == *s && s.contains("recv"))
    })
}

/// `a + b` for strings: a built string if either part is tainted or not constant.
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

/// `"..." % args` or `"...".format(args)`.
fn format_with(fmt: &Value, args: &Value) -> Value {
    let t = fmt.taint.join(&args.taint);
    Value {
        taint: t.built(),
        shape: Shape::Built(fmt.literal_text().unwrap_or("").to_string()),
    }
}

/// The argument nodes of a call. `f(x for x in xs)` has a generator expression for its argument list: it
/// is one argument, not a body and a `for` clause.
fn call_arguments(call: Node) -> Vec<Node> {
    match call.child_by_field_id(fields().arguments) {
        Some(g) if g.k() == "generator_expression" => vec![g],
        Some(list) => {
            let mut c = list.walk();
            list.named_children(&mut c).collect()
        }
        None => Vec::new(),
    }
}

/// `locals()` or `vars()` without arguments: the function's variables as a mapping.
fn is_namespace_call(node: Node, src: &str) -> bool {
    node.k() == "call"
        && node
            .child_by_field_id(fields().function)
            .is_some_and(|f| matches!(crate::syntax::text(f, src), "locals" | "vars"))
        && node
            .child_by_field_id(fields().arguments)
            .is_some_and(|a| a.named_child_count() == 0)
}

fn collect_identifiers<'t>(node: Node<'t>, f: &mut dyn FnMut(Node<'t>)) {
    if matches!(node.k(), "identifier" | "attribute") {
        f(node);
        return;
    }
    let mut c = node.walk();
    for ch in node.named_children(&mut c) {
        collect_identifiers(ch, f);
    }
}

/// Calls that resolve a path to its canonical form (`os.path.realpath`, `Path.resolve`): a prefix check
/// on their result is a containment check.
fn is_resolver(callee: &str) -> bool {
    let name = callee.rsplit('.').next().unwrap_or(callee);
    matches!(name, "realpath" | "abspath" | "normpath" | "resolve" | "canonicalize")
}

/// A parameter that is the web request object itself (Django views, handlers).
fn user_object(name: &str) -> bool {
    name == "request" || name == "req"
}

/// The dotted path of a callee or attribute (`a.b.c`, `f().g`), like [`crate::syntax::dotted`] with the
/// Python grammar's field ids.
fn callee_path(node: Node, src: &str) -> String {
    callee_path_at(node, src, 0)
}

/// [`callee_path`] at `depth` links into the chain: a chain longer than [`MAX_DEPTH`] (generated code,
/// `a.b().b().b()...`) ends in `?` instead of overflowing the stack.
fn callee_path_at(node: Node, src: &str, depth: u32) -> String {
    if depth >= MAX_DEPTH {
        return "?".to_string();
    }
    let next = |n: Node| callee_path_at(n, src, depth + 1);
    match node.k() {
        "attribute" => match (
            node.child_by_field_id(fields().object),
            node.child_by_field_id(fields().attribute),
        ) {
            (Some(o), Some(a)) => format!("{}.{}", next(o), text(a, src)),
            _ => text(node, src).to_string(),
        },
        "identifier" => text(node, src).to_string(),
        "call" => match node.child_by_field_id(fields().function) {
            Some(f) => format!("{}()", next(f)),
            None => "?".to_string(),
        },
        "parenthesized_expression" => match node.named_child(0) {
            Some(c) => next(c),
            None => "?".to_string(),
        },
        _ => "?".to_string(),
    }
}

/// A condition that holds when a check fails: `not ...`, `x not in ALLOWED`, `x != y`, or an `or` of such.
fn is_negated(cond: Node) -> bool {
    match cond.k() {
        "not_operator" => true,
        "parenthesized_expression" => cond.named_child(0).is_some_and(is_negated),
        "comparison_operator" => {
            let mut c = cond.walk();
            let negated = cond
                .children(&mut c)
                .any(|x| matches!(x.k(), "not in" | "!=" | "is not"));
            negated
        }
        "boolean_operator" => {
            let mut c = cond.walk();
            let negated = cond.named_children(&mut c).any(is_negated);
            negated
        }
        _ => false,
    }
}

/// A block that never falls through: it ends with `return`, `raise`, `continue`, `break`, or a call that
/// stops the request or the process (`abort(404)`, `sys.exit()`).
fn ends_path(block: Node, src: &str) -> bool {
    let Some(last) = block.named_child(block.named_child_count().saturating_sub(1)) else {
        return false;
    };
    match last.k() {
        "return_statement" | "raise_statement" | "continue_statement" | "break_statement" => true,
        "expression_statement" => last
            .named_child(0)
            .filter(|c| c.k() == "call")
            .and_then(|c| c.child_by_field_id(fields().function))
            .is_some_and(|f| {
                let name = text(f, src).rsplit('.').next().unwrap_or("");
                matches!(name, "abort" | "exit" | "_exit" | "fail" | "skip")
            }),
        _ => false,
    }
}
