use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds libxml2 parsing with entity substitution turned on: `XML_PARSE_NOENT` (or `XML_PARSE_DTDLOAD`)
/// passed to `xmlReadMemory`/`xmlCtxtReadMemory`/`xmlCtxtUseOptions`/..., and
/// `xmlSubstituteEntitiesDefault(1)`.
///
/// ## Why is this bad?
/// `<!ENTITY x SYSTEM "file:///etc/passwd">` in the document makes the parser read local files (or fetch
/// URLs) and put them in the result.
///
/// ## Example
/// ```c
/// doc = xmlReadMemory(buf, len, "in.xml", NULL, XML_PARSE_NOENT | XML_PARSE_NONET);
/// ```
///
/// Use instead:
/// ```c
/// doc = xmlReadMemory(buf, len, "in.xml", NULL, XML_PARSE_NONET);
/// ```
///
/// ## References
/// - [CWE-611](https://cwe.mitre.org/data/definitions/611.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-xxe",
    cwe: 611,
    severity: Severity::High,
    language: Language::C,
    summary: "XML parser substitutes external entities",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    if name == "xmlSubstituteEntitiesDefault" {
        if call.positional(0).is_some_and(|a| a.text.trim() != "0") {
            out.emit(
                meta,
                call.span,
                "`xmlSubstituteEntitiesDefault(1)` makes libxml2 expand external entities; leave it at 0",
            );
        }
        return;
    }
    if !name.starts_with("xml") && !name.starts_with("htmlRead") && !name.starts_with("htmlCtxt") {
        return;
    }
    for a in &call.args {
        // A flag word, not a negation that clears it (`opts & ~XML_PARSE_NOENT`).
        for flag in ["XML_PARSE_NOENT", "XML_PARSE_DTDLOAD"] {
            if a.text.contains(flag) && !a.text.contains(&format!("~{flag}")) {
                out.emit(
                    meta,
                    a.span,
                    format!("`{flag}` makes libxml2 load external entities; drop it (keep `XML_PARSE_NONET`)"),
                );
                return;
            }
        }
    }
}
