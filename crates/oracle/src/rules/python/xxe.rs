use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta, Shape};

/// ## What it does
/// Finds XML parsers that resolve external entities: `lxml.etree.XMLParser` without
/// `resolve_entities=False`, lxml's `parse`/`fromstring`/`XML` with the default parser, and SAX parsers with
/// `feature_external_ges` turned on.
///
/// ## Why is this bad?
/// `<!ENTITY x SYSTEM "file:///etc/passwd">` makes the parser read local files or fetch URLs.
///
/// ## Example
/// ```python
/// tree = lxml.etree.fromstring(data)
/// ```
///
/// Use instead:
/// ```python
/// parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
/// tree = lxml.etree.fromstring(data, parser)  # or defusedxml
/// ```
///
/// ## References
/// - [CWE-611](https://cwe.mitre.org/data/definitions/611.html)
pub static META: RuleMeta = RuleMeta {
    id: "py-xxe",
    cwe: 611,
    severity: Severity::High,
    language: Language::Python,
    summary: "XML parser resolves external entities",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let c = call.callee.as_str();
    let lxml = c.starts_with("lxml.") || c.starts_with("etree.") && !c.contains("ElementTree");
    if lxml && call.name() == "XMLParser" {
        let off = call
            .keyword("resolve_entities")
            .is_some_and(|a| matches!(a.value.shape, Shape::Bool(false)));
        if !off {
            out.emit(
                meta,
                call.span,
                "`XMLParser` resolves external entities by default; pass `resolve_entities=False` (or use defusedxml)",
            );
        }
        return;
    }
    if lxml && matches!(call.name(), "parse" | "fromstring" | "XML") && call.arg(1, "parser").is_none() {
        out.emit(meta, call.span, format!("`{c}` with the default parser resolves external entities; pass `XMLParser(resolve_entities=False)` or use defusedxml"));
        return;
    }
    if call.name() == "setFeature" && call.line_text.contains("feature_external_ges") {
        if call
            .positional(1)
            .is_some_and(|a| matches!(a.value.shape, Shape::Bool(true)))
        {
            out.emit(
                meta,
                call.span,
                "turning on `feature_external_ges` makes the SAX parser load external entities; leave it off",
            );
        }
    }
}
