use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{Emitter, NodeCtx, RuleMeta};
use crate::syntax::Kind as _;

/// ## What it does
/// Finds XML parsers created in a method that never turns off DTDs or external entities for them:
/// `DocumentBuilderFactory`, `SAXParserFactory`, `XMLInputFactory`, `TransformerFactory`,
/// `SchemaFactory`, `XMLReaderFactory.createXMLReader()`, dom4j's `SAXReader` and JDOM's `SAXBuilder`,
/// with no `setFeature(".../disallow-doctype-decl", true)`, no `external-general-entities` set to false,
/// no `XMLConstants.ACCESS_EXTERNAL_DTD` / `FEATURE_SECURE_PROCESSING`, and no
/// `XMLInputFactory.SUPPORT_DTD` set to false in the same method.
///
/// ## Why is this bad?
/// Java's parsers resolve external entities by default: a document with
/// `<!ENTITY x SYSTEM "file:///etc/passwd">` reads local files into the result, or makes the server fetch
/// internal URLs (XXE).
///
/// ## Example
/// ```java
/// DocumentBuilder db = DocumentBuilderFactory.newInstance().newDocumentBuilder();
/// ```
///
/// Use instead:
/// ```java
/// DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
/// f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
/// ```
///
/// ## References
/// - [CWE-611](https://cwe.mitre.org/data/definitions/611.html)
pub static META: RuleMeta = RuleMeta {
    id: "java-xxe",
    cwe: 611,
    severity: Severity::High,
    language: Language::Java,
    summary: "XML parser with DTDs and external entities left on",
};

pub const KINDS: &[&str] = &["method_declaration", "constructor_declaration"];

/// Text in a call that makes the parser safe.
const HARDENING: &[&str] = &[
    "disallow-doctype-decl",
    "external-general-entities",
    "load-external-dtd",
    "ACCESS_EXTERNAL_DTD",
    "FEATURE_SECURE_PROCESSING",
    "SUPPORT_DTD",
    "IS_SUPPORTING_EXTERNAL_ENTITIES",
    "setExpandEntityReferences(false)",
];

fn creates_parser(call: &str) -> bool {
    [
        "DocumentBuilderFactory.newInstance",
        "SAXParserFactory.newInstance",
        "XMLInputFactory.newInstance",
        "XMLInputFactory.newFactory",
        "TransformerFactory.newInstance",
        "SchemaFactory.newInstance",
        "XMLReaderFactory.createXMLReader",
        "new SAXReader",
        "new SAXBuilder",
    ]
    .iter()
    .any(|c| call.starts_with(c))
}

pub fn check_node(meta: &RuleMeta, ctx: &NodeCtx, out: &mut Emitter) {
    let Some(body) = ctx.node.child_by_field_name("body") else {
        return;
    };
    let mut created = Vec::new();
    let mut hardened = false;
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.k() {
            // A nested class or lambda body is its own method; this one judges what it sees directly.
            "class_body" => continue,
            "method_invocation" | "object_creation_expression" => {
                let t = ctx.text(n);
                if creates_parser(t) {
                    created.push(n);
                }
                if HARDENING.iter().any(|h| t.contains(h)) {
                    hardened = true;
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    if hardened {
        return;
    }
    if let Some(first) = created.iter().min_by_key(|n| n.start_byte()) {
        out.emit(
            meta,
            ctx.span(*first),
            "this XML parser resolves external entities and DTDs; set `disallow-doctype-decl` (or turn off external entities) before parsing",
        );
    }
}
