use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;
use tree_sitter::Node;

/// ## What it does
/// Finds prototype-polluting assignments: a property write `obj[key] = value` with a key the caller
/// controls, into an object that was itself reached through a caller-controlled key — a deep merge or
/// clone that recurses into `target[key]`, a path setter that walks `obj = obj[part]`, or a nested write
/// `obj[a][b] = v` — in a function that never rules out `__proto__`, `constructor` and `prototype`
/// (no such check, no `hasOwnProperty` test of the written key, no `Object.create(null)` / `Map`).
///
/// ## Why is this bad?
/// With the key `__proto__` the first lookup returns `Object.prototype`, and the write adds a property to
/// every object of the program: `{"__proto__": {"isAdmin": true}}` in a JSON body makes every user an
/// admin, and polluted options reach `child_process` and template engines.
///
/// ## Example
/// ```javascript
/// function merge(target, source) {
///   for (const key in source) {
///     if (typeof source[key] === 'object') merge(target[key] = target[key] || {}, source[key]);
///     else target[key] = source[key];
///   }
/// }
/// ```
///
/// Use instead:
/// ```javascript
/// for (const key of Object.keys(source)) {
///   if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
///   ...
/// }
/// ```
///
/// ## References
/// - [CWE-1321](https://cwe.mitre.org/data/definitions/1321.html), [CWE-915](https://cwe.mitre.org/data/definitions/915.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-prototype-pollution",
    cwe: 1321,
    severity: Severity::High,
    language: Language::JavaScript,
    summary: "property write through a caller-controlled key path without a __proto__ check",
};

pub const KINDS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
];

const GUARDS: &[&str] = &[
    "__proto__",
    "'constructor'",
    "\"constructor\"",
    "'prototype'",
    "\"prototype\"",
    "Object.create(null)",
    "new Map",
    "isPrototypePolluted",
    "isSafeKey",
    "isUnsafeKey",
    "isPrototypeKey",
];

/// The argument lists of the own-property checks in `body` (`o.hasOwnProperty(k)`, `Object.hasOwn(o, k)`,
/// `hasOwnProperty.call(o, k)`).
fn own_checks(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for pat in ["hasOwnProperty(", "hasOwnProperty.call(", "hasOwn("] {
        for (i, _) in body.match_indices(pat) {
            let rest = &body[i + pat.len()..];
            out.push(&rest[..rest.find(')').unwrap_or(rest.len())]);
        }
    }
    out
}

fn is_function(kind: &str) -> bool {
    KINDS.contains(&kind) || kind == "generator_function_declaration"
}

/// `x[k]` with a key that is not a constant.
fn dynamic_subscript(n: Node) -> bool {
    n.k() == "subscript_expression"
        && n.child_by_field_name("index").is_some_and(|i| {
            !matches!(i.k(), "string" | "number" | "template_string")
                || (i.k() == "template_string"
                    && i.named_child_count() > 0
                    && i.named_children(&mut i.walk())
                        .any(|c| c.k() == "template_substitution"))
        })
}

/// The value read through a dynamic key, looking through `x[k] || {}` and parentheses.
fn reads_dynamic(n: Node) -> bool {
    match n.k() {
        "subscript_expression" => dynamic_subscript(n),
        "binary_expression" | "parenthesized_expression" | "assignment_expression" => {
            let mut c = n.walk();
            let kids: Vec<Node> = n.named_children(&mut c).collect();
            kids.into_iter().any(reads_dynamic)
        }
        _ => false,
    }
}

fn function_name<'s>(ctx: &NodeCtx<'s, '_>, n: Node) -> Option<&'s str> {
    let name = n.child_by_field_name("name").or_else(|| {
        let p = n.parent()?;
        match p.k() {
            "variable_declarator" => p.child_by_field_name("name"),
            "pair" => p.child_by_field_name("key"),
            "assignment_expression" => p
                .child_by_field_name("left")
                .and_then(|l| l.child_by_field_name("property").or(Some(l))),
            _ => None,
        }
    })?;
    Some(crate::syntax::text(name, ctx.src))
}

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let f = ctx.node;
    let Some(body) = f.child_by_field_name("body") else {
        return;
    };
    let body_text = ctx.text(body);
    if GUARDS.iter().any(|g| body_text.contains(g)) || !body_text.contains('[') {
        return;
    }
    let fname = function_name(ctx, f).unwrap_or("");
    let mut writes: Vec<Node> = Vec::new();
    let mut derived: Vec<String> = Vec::new();
    let mut recursive = false;
    let mut stack = vec![body];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 20_000 {
            break;
        }
        match n.k() {
            k if is_function(k) => continue,
            "assignment_expression" | "augmented_assignment_expression" => {
                if let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) {
                    if dynamic_subscript(l) {
                        writes.push(l);
                    }
                    if l.k() == "identifier" && reads_dynamic(r) {
                        derived.push(ctx.text(l).to_string());
                    }
                }
            }
            "variable_declarator" => {
                if let (Some(l), Some(r)) = (n.child_by_field_name("name"), n.child_by_field_name("value")) {
                    if l.k() == "identifier" && reads_dynamic(r) {
                        derived.push(ctx.text(l).to_string());
                    }
                }
            }
            "call_expression" if !fname.is_empty() => {
                let callee = n.child_by_field_name("function").map(|c| ctx.text(c)).unwrap_or("");
                if callee == fname || callee.ends_with(&format!(".{fname}")) {
                    if let Some(args) = n.child_by_field_name("arguments") {
                        let mut c = args.walk();
                        let a: Vec<Node> = args.named_children(&mut c).collect();
                        recursive |= a.iter().any(|x| {
                            reads_dynamic(*x) || (x.k() == "identifier" && derived.iter().any(|d| d == ctx.text(*x)))
                        });
                    }
                }
            }
            _ => {}
        }
        // Pushed in reverse so that the walk sees statements in source order.
        let mut c = n.walk();
        let kids: Vec<Node> = n.named_children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    // An own-property check guards the writes whose key it tests (`if (src.hasOwnProperty(key))`), not
    // the others (`obj.hasOwnProperty(p)` while counting array slots).
    let checked = own_checks(body_text);
    // The recursive call may come before the write in the walk order; decide after the walk.
    for w in writes {
        let Some(obj) = w.child_by_field_name("object") else {
            continue;
        };
        let key = w.child_by_field_name("index").map(|i| ctx.text(i)).unwrap_or("");
        if checked
            .iter()
            .any(|args| args.split([',', ' ']).any(|a| a.trim() == key))
        {
            continue;
        }
        let polluting = dynamic_subscript(obj)
            || (obj.k() == "identifier" && derived.iter().any(|d| d == ctx.text(obj)))
            || (recursive && matches!(obj.k(), "identifier" | "member_expression"));
        if polluting {
            out.emit(meta, ctx.span(w), "property write through a caller-controlled key path; skip the keys `__proto__`, `constructor` and `prototype` (or check `hasOwnProperty`, or use a `Map`)");
            return;
        }
    }
}
