use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, NodeCtx, RuleMeta, Shape};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds RSA and DSA keys generated with fewer than 2048 bits and EC keys on curves under 224 bits,
/// written as a number or as the default of the function's size parameter (`def keys(bits=1024)`).
///
/// ## Why is this bad?
/// 1024-bit RSA is within reach of well-funded attackers; NIST disallowed it for new keys.
///
/// ## Example
/// ```python
/// key = RSA.generate(1024)
/// ```
///
/// Use instead:
/// ```python
/// key = RSA.generate(3072)
/// ```
///
/// ## References
/// - [CWE-326](https://cwe.mitre.org/data/definitions/326.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-weak-key",
    cwe: 326,
    severity: Severity::Medium,
    language: Language::Python,
    summary: "cryptographic key too short",
};

/// Where a key-generating call takes its size, as (position, keyword): `RSA.generate(bits)` (and wrappers
/// named like it, `FludRSA.generate`), `rsa.generate_private_key(e, key_size)`, `rsa.newkeys(bits)`.
fn size_position(callee: &str) -> Option<(usize, &'static str)> {
    let mut parts = callee.rsplit('.');
    let method = parts.next()?;
    let owner = parts.next().unwrap_or("");
    match method {
        "generate_private_key" if matches!(owner, "rsa" | "dsa") => Some((1, "key_size")),
        "generate" if owner.ends_with("RSA") || owner.ends_with("DSA") => Some((0, "bits")),
        "newkeys" if owner == "rsa" => Some((0, "bits")),
        m if m.ends_with("generate_key") => Some((0, "bits")),
        _ => None,
    }
}

/// Reports `bits` if it is under 2048; `subject` says what has that size ("1024-bit keys are").
fn too_short(meta: &RuleMeta, span: crate::finding::Span, bits: u32, subject: &str, out: &mut Emitter) {
    if bits < 2048 {
        out.emit(
            meta,
            span,
            format!("{subject} too short; use at least 2048 bits (3072 recommended)"),
        );
    }
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let Some((i, keyword)) = size_position(&call.callee) else {
        return;
    };
    let Some(a) = call.arg(i, keyword).or_else(|| call.keyword(keyword)) else {
        return;
    };
    if matches!(a.value.shape, Shape::Number) {
        if let Ok(bits) = a.text.replace('_', "").parse::<u32>() {
            too_short(meta, a.span, bits, &format!("{bits}-bit keys are"), out);
        }
    }
}

pub const KINDS: &[&str] = &["function_definition"];

/// `def generate_keys(bits=1024): return RSA.generate(bits)`: the size is a parameter whose default is too
/// short, and every caller that leaves it out gets a weak key.
pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let n = ctx.node;
    let (Some(params), Some(body)) = (n.child_by_field_name("parameters"), n.child_by_field_name("body")) else {
        return;
    };
    let mut defaults: Vec<(&str, u32)> = Vec::new();
    let mut c = params.walk();
    for p in params.named_children(&mut c) {
        if !matches!(p.k(), "default_parameter" | "typed_default_parameter") {
            continue;
        }
        let (Some(name), Some(value)) = (p.child_by_field_name("name"), p.child_by_field_name("value")) else {
            continue;
        };
        if let Ok(bits) = ctx.text(value).replace('_', "").parse::<u32>() {
            defaults.push((ctx.text(name), bits));
        }
    }
    if defaults.is_empty() {
        return;
    }
    let mut calls = Vec::new();
    let mut stack = vec![body];
    while let Some(x) = stack.pop() {
        match x.k() {
            // A nested function is checked on its own; a parameter given a new value is no longer its default.
            "function_definition" => continue,
            "assignment" | "augmented_assignment" => {
                if let Some(left) = x.child_by_field_name("left") {
                    defaults.retain(|(name, _)| ctx.text(left) != *name);
                }
            }
            "call" => calls.push(x),
            _ => {}
        }
        let mut c = x.walk();
        stack.extend(x.named_children(&mut c));
    }
    for call in calls {
        let (Some(f), Some(args)) = (
            call.child_by_field_name("function"),
            call.child_by_field_name("arguments"),
        ) else {
            continue;
        };
        let Some((i, keyword)) = size_position(ctx.text(f)) else {
            continue;
        };
        let mut c = args.walk();
        let arg = args
            .named_children(&mut c)
            .filter(|a| a.k() != "keyword_argument")
            .nth(i)
            .or_else(|| {
                let mut c = args.walk();
                let found = args
                    .named_children(&mut c)
                    .filter(|a| a.k() == "keyword_argument")
                    .find(|a| a.child_by_field_name("name").is_some_and(|k| ctx.text(k) == keyword))
                    .and_then(|a| a.child_by_field_name("value"));
                found
            });
        let Some(arg) = arg.filter(|a| a.k() == "identifier") else {
            continue;
        };
        if let Some((name, bits)) = defaults.iter().find(|(name, _)| *name == ctx.text(arg)) {
            let subject = format!("the key size `{name}` defaults to {bits} bits, which is");
            too_short(meta, ctx.span(arg), *bits, &subject, out);
        }
    }
}
