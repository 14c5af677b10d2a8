//! The Ruby analyzer: one pass over the tree, in source order, tracking taint per method body.
//!
//! Sources: method parameters; Rails' `params`, `cookies` and `request` (and everything read from them:
//! `params[:id]`, `params.require(:user)`, `request.referer`); `ARGV`, `ENV[...]`, `gets`, `STDIN.read`.
//! A bare name the code never assigns (a helper method called without arguments, `current_user`) is
//! weakly suspect, as in the Python analyzer: only rules where building a statement from any non-constant
//! is the bug (SQL) accept it.
//!
//! Values flow through `=`, `||=`, `+=`, `<<`, string interpolation (`"#{x}"`, backticks, `%x{}`), `+`,
//! `%` and `format`, `Array#join`, block parameters (`items.each { |x| ... }` binds `x` to what `items`
//! holds) and calls (a call's result carries its receiver's and arguments' taint). Sanitizers clear the
//! kinds they neutralise: `to_i`/`Integer()` all, `shellescape`/`Shellwords.escape` the shell,
//! `html_escape`/`h`/`CGI.escapeHTML` HTML, `quote`/`sanitize_sql*` SQL, `File.basename` paths.
//!
//! Callees are written with `.` between the parts (`YAML::load` and `::YAML.load` are both `YAML.load`);
//! a pair argument (`:conditions => s`, `conditions: s`) is an [`Arg`] with that keyword. Backticks and
//! `%x{}` reach the rules as a call to `` ` `` with the command string as its argument.

use crate::registry::RuleSet;
use crate::rule::{Arg, CallSite, Emitter};
use crate::syntax::Kind as _;
use crate::syntax::{line_of, text, Nesting, Prepared};
use crate::taint::{Kind, Taint};
use crate::value::{Bindings, Shape, Value};
use tree_sitter::{Node, Tree};

/// Deeper nesting than this is not descended into (keeps the walk's stack bounded on generated code).
const MAX_DEPTH: usize = 256;

/// The callee name the rules see for backticks and `%x{}`.
pub(crate) const SUBSHELL: &str = "`";

/// Names that are request data in a Rails controller (and Sinatra's `params`).
const REQUEST_OBJECTS: &[&str] = &["params", "cookies", "request"];

/// Methods whose result carries no text from their receiver or arguments.
const CLEANING_METHODS: &[&str] = &[
    "to_i",
    "to_f",
    "to_r",
    "to_c",
    "Integer",
    "Float",
    "size",
    "length",
    "count",
    "empty?",
    "nil?",
    "present?",
    "blank?",
    "any?",
    "none?",
    "include?",
    "start_with?",
    "end_with?",
    "exist?",
    "exists?",
    "is_a?",
    "kind_of?",
    "zero?",
    "positive?",
    "negative?",
    "to_json",
    "object_id",
    "hash",
    "class",
];

/// String methods that keep their receiver's shape (a built command stays a built command).
const STRING_TRANSFORMS: &[&str] = &[
    "to_s",
    "strip",
    "lstrip",
    "rstrip",
    "chomp",
    "downcase",
    "upcase",
    "capitalize",
    "squish",
    "gsub",
    "sub",
    "tr",
    "dup",
    "freeze",
    "force_encoding",
    "encode",
    "to_str",
    "delete",
    "squeeze",
];

struct Scope {
    env: Bindings,
    function: String,
}

struct RubyAnalyzer<'a> {
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
    let mut a = RubyAnalyzer {
        src: &prep.text,
        prep,
        rules,
        scopes: vec![Scope {
            env: Bindings::default(),
            function: String::new(),
        }],
        out: Emitter::default(),
        depth: 0,
        nesting: Nesting::default(),
    };
    a.visit(tree.root_node());
    a.out
}

/// `YAML::load`, `::JSON.load` and `YAML.load` are the same callee.
fn normalize_path(path: &str) -> String {
    path.trim_start_matches("::").replace("::", ".")
}

/// What a sanitizer method clears, by name (and receiver for the module functions).
fn sanitizer(callee: &str, method: &str) -> Option<Kind> {
    Some(match method {
        "escape" | "quote" if callee.starts_with("Regexp") => Kind::REGEX,
        "shellescape" | "escape" if callee.starts_with("Shellwords") || method == "shellescape" => Kind::SHELL,
        "shelljoin" => Kind::SHELL,
        "join" if callee.starts_with("Shellwords") => Kind::SHELL,
        "html_escape" | "html_escape_once" | "h" | "escape_html" | "escapeHTML" | "escape_javascript" | "sanitize"
        | "strip_tags" | "json_escape" => Kind::HTML,
        "quote"
        | "quote_string"
        | "sanitize_sql"
        | "sanitize_sql_array"
        | "sanitize_sql_like"
        | "sanitize_sql_for_conditions"
        | "sanitize_sql_for_order" => Kind::SQL,
        "basename" if callee.starts_with("File") => Kind::PATH,
        _ => return None,
    })
}

/// `a + b` or interpolation for strings: a built string if either part is tainted or not constant.
fn concat(a: &Value, b: &Value) -> Value {
    let t = a.taint.join(&b.taint);
    match (a.literal_text(), b.literal_text()) {
        (Some(x), Some(y)) if a.str_const().is_some() && b.str_const().is_some() => Value {
            taint: t,
            shape: Shape::Str(format!("{x}{y}")),
        },
        (x, y) => Value {
            taint: t.built(),
            shape: Shape::Built(format!("{} {}", x.unwrap_or(""), y.unwrap_or("")).trim().to_string()),
        },
    }
}

impl<'a> RubyAnalyzer<'a> {
    fn text(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    fn scope(&self) -> &Scope {
        self.scopes.last().expect("scope")
    }

    fn env(&mut self) -> &mut Bindings {
        &mut self.scopes.last_mut().expect("scope").env
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
            "method" | "singleton_method" => self.visit_method(node),
            "assignment" => {
                if let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                {
                    self.visit(right);
                    let v = self.eval(right);
                    self.bind(left, v);
                }
            }
            "operator_assignment" => {
                if let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                {
                    self.visit(right);
                    let op = node.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
                    let old = self.eval(left);
                    let new = self.eval(right);
                    let v = match op {
                        "+=" | "<<=" => concat(&old, &new),
                        // `x ||= y` keeps `x` when set: either value may be the result.
                        "||=" => Value {
                            taint: old.taint.join(&new.taint),
                            shape: if old.shape == new.shape {
                                new.shape
                            } else {
                                Shape::Other
                            },
                        },
                        _ => Value::clean(Shape::Number),
                    };
                    self.bind(left, v);
                }
            }
            // `cmd << " -k #{password}"` appends to the string (or list) in place.
            "binary"
                if node
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.text(o) == "<<") =>
            {
                self.visit_children(node);
                if let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                {
                    if matches!(left.k(), "identifier" | "instance_variable") {
                        let old = self.eval(left);
                        let new = self.eval(right);
                        let v = match old.shape {
                            Shape::Sequence(_) => Value {
                                taint: old.taint.join(&new.taint),
                                shape: old.shape.clone(),
                            },
                            _ => concat(&old, &new),
                        };
                        self.bind(left, v);
                    }
                }
            }
            "call" => {
                for field in ["receiver", "arguments"] {
                    if let Some(c) = node.child_by_field_name(field) {
                        self.visit(c);
                    }
                }
                let receiver = node
                    .child_by_field_name("receiver")
                    .map(|r| self.eval(r).taint)
                    .unwrap_or_default();
                self.on_call(node, receiver.clone());
                if let Some(block) = node.child_by_field_name("block") {
                    // Block parameters hold the receiver's elements (`files.each { |f| ... }`).
                    if let Some(params) = block.child_by_field_name("parameters") {
                        self.bind_parameters(params, &|_| Value::other(receiver.clone()));
                    }
                    if let Some(body) = block.child_by_field_name("body") {
                        self.visit(body);
                    }
                }
            }
            "subshell" => {
                self.visit_children(node);
                let v = self.eval(node);
                self.run_call_rules(
                    node,
                    SUBSHELL.to_string(),
                    vec![self.arg(node, None, v)],
                    Taint::clean(),
                );
            }
            _ => self.visit_children(node),
        }
    }

    fn visit_method(&mut self, node: Node) {
        let name = node
            .child_by_field_name("name")
            .map(|n| self.text(n).to_string())
            .unwrap_or_default();
        self.scopes.push(Scope {
            env: Bindings::default(),
            function: name,
        });
        if let Some(params) = node.child_by_field_name("parameters") {
            self.bind_parameters(params, &|(what, line)| Value::other(Taint::source(what, line, false)));
        }
        if let Some(body) = node.child_by_field_name("body") {
            self.visit(body);
        }
        self.scopes.pop();
    }

    /// Binds every name a parameter list declares to `value((description, line))`.
    fn bind_parameters(&mut self, params: Node, value: &dyn Fn((String, usize)) -> Value) {
        let mut c = params.walk();
        let list: Vec<Node> = params.named_children(&mut c).collect();
        for p in list {
            let ident = match p.k() {
                "identifier" => Some(p),
                "optional_parameter"
                | "keyword_parameter"
                | "splat_parameter"
                | "hash_splat_parameter"
                | "block_parameter" => p.child_by_field_name("name"),
                "destructured_parameter" => {
                    self.bind_parameters(p, value);
                    None
                }
                _ => None,
            };
            if let Some(id) = ident {
                let name = self.text(id).to_string();
                let v = value((format!("parameter `{name}`"), self.line(id)));
                self.env().insert(name, v);
            }
        }
    }

    fn bind(&mut self, left: Node, v: Value) {
        match left.k() {
            "identifier" | "instance_variable" | "class_variable" | "global_variable" | "constant" => {
                let name = self.text(left).to_string();
                self.env().insert(name, v);
            }
            "left_assignment_list" | "destructured_left_assignment" => {
                let mut c = left.walk();
                let targets: Vec<Node> = left.named_children(&mut c).collect();
                for t in targets {
                    self.bind(t, Value::other(v.taint.clone()));
                }
            }
            "rest_assignment" => {
                if let Some(t) = left.named_child(0) {
                    self.bind(t, Value::other(v.taint));
                }
            }
            _ => {}
        }
    }

    fn arg(&self, node: Node, keyword: Option<String>, value: Value) -> Arg {
        Arg {
            keyword,
            value,
            span: self.prep.span(node),
            text: self.text(node).to_string(),
        }
    }

    /// Hands a call to the rules; `receiver` is the taint of the object it is called on.
    fn on_call(&mut self, node: Node, receiver: Taint) {
        if self.rules.call_rules().is_empty() {
            return;
        }
        let callee = self.callee_path(node);
        let mut args = Vec::new();
        if let Some(list) = node.child_by_field_name("arguments") {
            let mut c = list.walk();
            let items: Vec<Node> = list.named_children(&mut c).collect();
            for a in items {
                match a.k() {
                    "comment" => {}
                    "pair" => {
                        let key = a.child_by_field_name("key").map(|k| {
                            self.text(k)
                                .trim_matches(|c| c == ':' || c == '"' || c == '\'')
                                .to_string()
                        });
                        if let Some(v) = a.child_by_field_name("value") {
                            let value = self.eval(v);
                            args.push(self.arg(v, key, value));
                        }
                    }
                    _ => {
                        let value = self.eval(a);
                        args.push(self.arg(a, None, value));
                    }
                }
            }
        }
        self.run_call_rules(node, callee, args, receiver);
    }

    fn run_call_rules(&mut self, node: Node, callee: String, args: Vec<Arg>, receiver: Taint) {
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

    /// `YAML.load`, `User.where`, `system`; a receiver that is not a plain path is written `?`.
    fn callee_path(&self, call: Node) -> String {
        let method = call.child_by_field_name("method").map(|m| self.text(m)).unwrap_or("");
        match call.child_by_field_name("receiver") {
            Some(r) => format!("{}.{method}", self.receiver_path(r)),
            None => method.to_string(),
        }
    }

    fn receiver_path(&self, r: Node) -> String {
        self.nesting
            .within(MAX_DEPTH, "?".to_string(), || self.receiver_path_node(r))
    }

    fn receiver_path_node(&self, r: Node) -> String {
        match r.k() {
            "identifier" | "constant" | "instance_variable" | "self" | "global_variable" => self.text(r).to_string(),
            "scope_resolution" => normalize_path(self.text(r)),
            "call" => self.callee_path(r),
            "element_reference" => r
                .child_by_field_name("object")
                .map(|o| format!("{}[]", self.receiver_path(o)))
                .unwrap_or_else(|| "?".to_string()),
            _ => "?".to_string(),
        }
    }

    fn eval(&self, node: Node) -> Value {
        self.nesting
            .within(MAX_DEPTH, Value::clean(Shape::Other), || self.eval_node(node))
    }

    fn eval_node(&self, node: Node) -> Value {
        match node.k() {
            "identifier" => {
                let name = self.text(node);
                if let Some(v) = self.scope().env.get(name) {
                    return v.clone();
                }
                if REQUEST_OBJECTS.contains(&name) {
                    return Value::other(Taint::source(format!("`{name}`"), self.line(node), true));
                }
                if name == "gets" {
                    return Value::other(Taint::source("`gets`", self.line(node), true));
                }
                Value::other(Taint::weak_source(format!("`{name}`"), self.line(node)))
            }
            "instance_variable" | "class_variable" => match self.scope().env.get(self.text(node)) {
                Some(v) => v.clone(),
                None => Value::other(Taint::weak_source(format!("`{}`", self.text(node)), self.line(node))),
            },
            "global_variable" => match self.scope().env.get(self.text(node)) {
                Some(v) => v.clone(),
                None => Value::clean(Shape::Other),
            },
            "constant" => match self.text(node) {
                "ARGV" | "ENV" => Value::other(Taint::source(format!("`{}`", self.text(node)), self.line(node), true)),
                name => self
                    .scope()
                    .env
                    .get(name)
                    .cloned()
                    .unwrap_or(Value::clean(Shape::Other)),
            },
            "string" | "subshell" | "heredoc_body" | "regex" => self.eval_string(node),
            "simple_symbol" | "hash_key_symbol" | "delimited_symbol" | "character" => {
                Value::clean(Shape::Str(self.text(node).trim_start_matches(':').to_string()))
            }
            "integer" | "float" | "rational" | "complex" => Value::clean(Shape::Number),
            "true" => Value::clean(Shape::Bool(true)),
            "false" => Value::clean(Shape::Bool(false)),
            "nil" => Value::clean(Shape::None),
            "element_reference" => {
                let Some(obj) = node.child_by_field_name("object") else {
                    return Value::clean(Shape::Other);
                };
                let v = self.eval(obj);
                if v.taint.user {
                    // Name the read itself in messages: `params[:id]`.
                    return Value::other(Taint {
                        origin: Some(crate::taint::Origin {
                            what: format!("`{}`", self.text(node)).into(),
                            line: self.line(node),
                        }),
                        ..v.taint
                    });
                }
                Value::other(v.taint)
            }
            "call" => self.eval_call(node),
            "binary" => self.eval_binary(node),
            "parenthesized_statements" | "begin" | "interpolation" | "block_body" | "body_statement" => {
                let n = node.named_child_count();
                (0..n)
                    .rev()
                    .filter_map(|i| node.named_child(i))
                    .find(|c| c.k() != "comment")
                    .map(|c| self.eval(c))
                    .unwrap_or(Value::clean(Shape::Other))
            }
            "array" => {
                let mut c = node.walk();
                let items: Vec<Value> = node.named_children(&mut c).map(|i| self.eval(i)).collect();
                let taint = items.iter().fold(Taint::clean(), |t, v| t.join(&v.taint));
                Value {
                    taint,
                    shape: Shape::Sequence(items.first().map(|v| Box::new(v.shape.clone()))),
                }
            }
            "string_array" | "symbol_array" => Value::clean(Shape::Sequence(Some(Box::new(Shape::Str(String::new()))))),
            "hash" => {
                let mut c = node.walk();
                let taint = node
                    .named_children(&mut c)
                    .filter_map(|p| p.child_by_field_name("value"))
                    .fold(Taint::clean(), |t, v| t.join(&self.eval(v).taint));
                Value::other(taint)
            }
            "pair" => node
                .child_by_field_name("value")
                .map(|v| self.eval(v))
                .unwrap_or(Value::clean(Shape::Other)),
            "conditional" => {
                let a = node.child_by_field_name("consequence").map(|c| self.eval(c));
                let b = node.child_by_field_name("alternative").map(|c| self.eval(c));
                match (a, b) {
                    (Some(a), Some(b)) => Value {
                        taint: a.taint.join(&b.taint),
                        shape: if a.shape == b.shape { a.shape } else { Shape::Other },
                    },
                    (Some(v), None) | (None, Some(v)) => v,
                    (None, None) => Value::clean(Shape::Other),
                }
            }
            "rescue_modifier" => node
                .child_by_field_name("body")
                .or_else(|| node.named_child(0))
                .map(|b| self.eval(b))
                .unwrap_or(Value::clean(Shape::Other)),
            "splat_argument" | "hash_splat_argument" | "block_argument" => node
                .named_child(0)
                .map(|c| self.eval(c))
                .unwrap_or(Value::clean(Shape::Other)),
            _ => Value::clean(Shape::Other),
        }
    }

    /// A string literal with its interpolations (also backticks, `%x{}`, heredoc bodies, regexes).
    fn eval_string(&self, node: Node) -> Value {
        let mut literal = String::new();
        let mut taint = Taint::clean();
        let mut interpolated = false;
        let mut c = node.walk();
        for part in node.named_children(&mut c) {
            match part.k() {
                "string_content" | "escape_sequence" | "heredoc_content" => literal.push_str(self.text(part)),
                "interpolation" => {
                    interpolated = true;
                    let v = self.eval(part);
                    taint = taint.join(&v.taint);
                    // A constant interpolated (`"#{TABLE}"`) keeps its text; anything else leaves a gap.
                    match v.str_const() {
                        Some(s) if !v.taint.is_tainted() => literal.push_str(s),
                        _ => literal.push(' '),
                    }
                }
                _ => {}
            }
        }
        if interpolated {
            Value {
                taint: taint.built(),
                shape: Shape::Built(literal),
            }
        } else {
            Value::clean(Shape::Str(literal))
        }
    }

    fn eval_binary(&self, node: Node) -> Value {
        let op = node.child_by_field_name("operator").map(|o| self.text(o)).unwrap_or("");
        let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
            return Value::clean(Shape::Other);
        };
        let (lv, rv) = (self.eval(l), self.eval(r));
        match op {
            "+" | "<<" => {
                if matches!(lv.shape, Shape::Number) && matches!(rv.shape, Shape::Number) {
                    Value::clean(Shape::Number)
                } else {
                    concat(&lv, &rv)
                }
            }
            // `"... %s" % [x]`: format.
            "%" if lv.literal_text().is_some() => Value {
                taint: lv.taint.join(&rv.taint).built(),
                shape: Shape::Built(lv.literal_text().unwrap_or("").to_string()),
            },
            "||" | "or" => Value {
                taint: lv.taint.join(&rv.taint),
                shape: if lv.shape == rv.shape { lv.shape } else { Shape::Other },
            },
            "-" | "*" | "/" | "**" => Value::clean(Shape::Number),
            _ => Value::clean(Shape::Bool(false)),
        }
    }

    fn eval_call(&self, node: Node) -> Value {
        let callee = self.callee_path(node);
        let method = callee.rsplit('.').next().unwrap_or("");
        let receiver = node.child_by_field_name("receiver").map(|r| self.eval(r));
        let args: Vec<Value> = node
            .child_by_field_name("arguments")
            .map(|list| {
                let mut c = list.walk();
                list.named_children(&mut c).map(|a| self.eval(a)).collect()
            })
            .unwrap_or_default();
        let args_taint = args.iter().fold(Taint::clean(), |t, v| t.join(&v.taint));
        let recv_taint = receiver.as_ref().map(|r| r.taint.clone()).unwrap_or_default();

        if CLEANING_METHODS.contains(&method) || matches!(callee.as_str(), "BigDecimal" | "BigDecimal.new" | "Rational")
        {
            return Value::clean(Shape::Number);
        }
        if let Some(k) = sanitizer(&callee, method) {
            return Value::other(recv_taint.join(&args_taint).sanitized(k));
        }
        // `params.require(:user)`, `request.referer`, `cookies.signed[:id]`, `ENV.fetch("X")`.
        let root = callee.split(['.', '[']).next().unwrap_or("");
        if (REQUEST_OBJECTS.contains(&root) && !self.scope().env.contains_key(root)) || root == "ENV" {
            return Value::other(Taint::source(format!("`{callee}`"), self.line(node), true));
        }
        if method == "gets" || (method.starts_with("read") && matches!(root, "STDIN" | "$stdin")) {
            return Value::other(Taint::source(format!("`{callee}`"), self.line(node), true));
        }
        match method {
            "format" | "sprintf" if receiver.is_none() || root == "Kernel" => {
                let lit = args.first().and_then(|a| a.literal_text()).unwrap_or("").to_string();
                return Value {
                    taint: args_taint.built(),
                    shape: Shape::Built(lit),
                };
            }
            "join" => {
                return Value {
                    taint: recv_taint.join(&args_taint).built(),
                    shape: Shape::Built(String::new()),
                };
            }
            _ => {}
        }
        let taint = recv_taint.join(&args_taint);
        match receiver {
            Some(r) if STRING_TRANSFORMS.contains(&method) => Value { taint, shape: r.shape },
            _ => Value::other(taint),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Language, Scanner};

    fn rules(src: &str) -> Vec<String> {
        Scanner::default()
            .scan(Language::Ruby, src)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn interpolated_request_value_reaches_the_shell() {
        let src = "def ping\n  host = params[:host]\n  `ping -c 1 #{host}`\nend\n";
        assert_eq!(rules(src), vec!["rb-command-injection"]);
        let safe = "def ping\n  host = params[:host].shellescape\n  `ping -c 1 #{host}`\nend\n";
        assert!(rules(safe).is_empty(), "{:?}", rules(safe));
    }

    #[test]
    fn block_parameters_hold_what_the_receiver_holds() {
        let src = "def run(hosts)\n  hosts.each do |h|\n    system(\"ping #{h}\")\n  end\nend\n";
        assert_eq!(rules(src), vec!["rb-command-injection"]);
    }

    #[test]
    fn appending_to_a_command_string_builds_it() {
        let src = "def sign(password)\n  cmd = \"openssl\"\n  cmd << \" -k #{password}\"\n  system(cmd)\nend\n";
        assert_eq!(rules(src), vec!["rb-command-injection"]);
    }
}
