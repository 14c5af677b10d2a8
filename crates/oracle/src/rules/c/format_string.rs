use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds printf-family calls whose format is not a string literal but a value from a parameter or input:
/// `printf(buf)`, `fprintf(f, msg)`, `syslog(LOG_ERR, text)`, `snprintf(d, n, s)`.
///
/// ## Why is this bad?
/// `%x` in the value reads the stack and `%n` writes to memory: the caller controls the format string.
///
/// ## Example
/// ```c
/// printf(msg);
/// ```
///
/// Use instead:
/// ```c
/// printf("%s", msg);
/// ```
///
/// ## References
/// - [CWE-134](https://cwe.mitre.org/data/definitions/134.html)
pub static META: RuleMeta = RuleMeta {
    id: "c-format-string",
    cwe: 134,
    severity: Severity::High,
    language: Language::C,
    summary: "format string is not a literal",
};

fn format_position(name: &str) -> Option<usize> {
    Some(match name {
        "printf" | "vprintf" | "wprintf" | "g_print" | "g_printerr" => 0,
        "fprintf" | "vfprintf" | "sprintf" | "vsprintf" | "syslog" | "dprintf" | "fwprintf" | "asprintf"
        | "vasprintf" => 1,
        "snprintf" | "vsnprintf" => 2,
        _ => return None,
    })
}

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let name = super::base_name(&call.callee);
    let Some(i) = format_position(name) else { return };
    let Some(fmt) = call.positional(i) else { return };
    let v = &fmt.value;
    // A literal, a macro constant or a translated literal (`_("...")`) is fine.
    if v.literal_text().is_some() || fmt.text.contains('"') || !v.taint.is_tainted() {
        return;
    }
    // `vprintf(fmt, ap)` inside a printf-like wrapper passes its caller's format on; the caller is checked.
    if name.starts_with('v') && call.args.len() > i + 1 {
        return;
    }
    // The only argument: nothing to format, so the value itself is the format.
    out.emit(
        meta,
        fmt.span,
        format!(
            "`{name}` uses {} as its format string; pass it as an argument to a literal format like \"%s\"",
            v.taint.describe()
        ),
    );
}
