use crate::finding::Severity;
use crate::lang::python::fields;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;
use tree_sitter::Node;

/// ## What it does
/// Finds data serialized with `json.dumps` and handed to an HTML template as a context value
/// (`render(request, "page.html", {"items_json": json.dumps(items)})`, `render_template("p.html",
/// data=json.dumps(d))`) without an HTML-safe encoder.
///
/// ## Why is this bad?
/// Such values are written into a `<script>` block or an attribute, marked safe so the JSON stays
/// intact. `json.dumps` leaves `<`, `>` and `&` as they are: a string `</script><script>...` in the data
/// closes the script block and runs the attacker's code.
///
/// ## Example
/// ```python
/// return render(request, "editor.html", {"doc_json": json.dumps(doc.data)})
/// ```
///
/// Use instead:
/// ```python
/// return render(request, "editor.html", {"doc_json": json.dumps(doc.data, cls=JSONEncoderForHTML)})
/// ```
/// (or Django's `json_script` filter, which escapes `<`, `>` and `&` as `\u003c`...).
///
/// ## References
/// - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-json-in-html",
    cwe: 79,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "json.dumps output placed in an HTML template without HTML-safe escaping",
};

pub const KINDS: &[&str] = &["call"];

/// Functions that render a template with a context.
const RENDERERS: &[&str] = &[
    "render",
    "render_to_response",
    "render_to_string",
    "render_template",
    "TemplateResponse",
];

/// Expressions whose JSON is a number, a boolean, `null` or a constant: nothing an attacker controls.
fn constant_json(n: Node) -> bool {
    matches!(
        n.k(),
        "string"
            | "integer"
            | "float"
            | "true"
            | "false"
            | "none"
            | "comparison_operator"
            | "not_operator"
            | "boolean_operator"
    )
}

/// A `json.dumps(x)` call of non-constant data without an encoder (`cls=`) or a default that could escape.
fn unsafe_dumps(n: Node, ctx: &NodeCtx) -> bool {
    if n.k() != "call" {
        return false;
    }
    let Some(f) = n.child_by_field_id(fields().function) else {
        return false;
    };
    if !matches!(ctx.text(f), "json.dumps" | "simplejson.dumps") {
        return false;
    }
    let Some(args) = n.child_by_field_id(fields().arguments) else {
        return false;
    };
    let mut c = args.walk();
    let mut data = None;
    for a in args.named_children(&mut c) {
        if a.k() == "keyword_argument" {
            if a.child_by_field_id(fields().name).is_some_and(|k| ctx.text(k) == "cls") {
                return false;
            }
        } else if data.is_none() {
            data = Some(a);
        }
    }
    data.is_some_and(|d| !constant_json(d))
}

pub fn check(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let Some(f) = n.child_by_field_id(fields().function) else {
        return;
    };
    let callee = ctx.text(f);
    let name = callee.rsplit('.').next().unwrap_or(callee);
    if !RENDERERS.contains(&name) {
        return;
    }
    let Some(args) = n.child_by_field_id(fields().arguments) else {
        return;
    };
    // Context values: the entries of a dictionary argument, and keyword arguments (Flask's style).
    let mut values = Vec::new();
    let mut c = args.walk();
    for a in args.named_children(&mut c) {
        match a.k() {
            "dictionary" => {
                let mut d = a.walk();
                values.extend(
                    a.named_children(&mut d)
                        .filter(|p| p.k() == "pair")
                        .filter_map(|p| p.child_by_field_id(fields().value)),
                );
            }
            "keyword_argument" => values.extend(a.child_by_field_id(fields().value)),
            _ => {}
        }
    }
    for v in values.into_iter().filter(|v| unsafe_dumps(*v, ctx)) {
        out.emit(
            meta,
            ctx.span(v),
            "`json.dumps` leaves `<`, `>` and `&` unescaped, and this JSON goes into an HTML template (a `</script>` in the data ends the script block); pass an HTML-safe encoder (`cls=JSONEncoderForHTML`) or use Django's `json_script`",
        );
    }
}
