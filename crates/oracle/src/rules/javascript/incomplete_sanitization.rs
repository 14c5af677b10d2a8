use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds `s.replace('"', ...)` and the like: `replace` with a string pattern (not a global regular
/// expression) that removes or escapes a quote, angle bracket, ampersand or backslash.
///
/// ## Why is this bad?
/// A string pattern replaces only the first occurrence: `'a"b"c'.replace('"', '')` is `'ab"c'`. An
/// escape or strip written this way lets every later quote or `<` through, so the value still breaks out
/// of its attribute, string or command.
///
/// ## Example
/// ```javascript
/// const safe = name.replace('"', '&quot;');
/// ```
///
/// Use instead:
/// ```javascript
/// const safe = name.replace(/"/g, '&quot;');   // or name.replaceAll('"', '&quot;')
/// ```
///
/// ## References
/// - [CWE-116](https://cwe.mitre.org/data/definitions/116.html)
pub static META: RuleMeta = RuleMeta {
    id: "js-incomplete-sanitization",
    cwe: 116,
    severity: Severity::Medium,
    language: Language::JavaScript,
    summary: "replace with a string pattern changes only the first meta-character",
};

/// Characters whose escaping or removal must cover every occurrence.
const META_CHARS: &[&str] = &["\"", "'", "<", ">", "&", "\\\\", "`"];

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    if call.name() != "replace" || !call.callee.contains('.') || call.args.len() != 2 {
        return;
    }
    let Some(pat) = call.positional(0) else { return };
    if !(pat.text.starts_with('\'') || pat.text.starts_with('"')) {
        return;
    }
    let Some(p) = pat.value.str_const() else { return };
    if META_CHARS.contains(&p) {
        out.emit(
            meta,
            pat.span,
            format!("`replace` with the string `{}` changes only its first occurrence; use a global regular expression or `replaceAll`", pat.text),
        );
    }
}
