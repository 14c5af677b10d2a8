use crate::finding::Severity;
use crate::language::Language;
use crate::rule::{CallSite, Emitter, RuleMeta};

/// ## What it does
/// Finds Spring Security's CSRF protection switched off: `http.csrf().disable()` (and the lambda form
/// `csrf(c -> c.disable())`, `csrf(AbstractHttpConfigurer::disable)`).
///
/// ## Why is this bad?
/// Without the token check, any site a logged-in user visits can submit forms to the application in
/// their name: change their password, transfer their money.
///
/// ## Example
/// ```java
/// http.csrf().disable();
/// ```
///
/// Use instead: keep the default, or keep the token where a SPA needs it.
/// ```java
/// http.csrf().csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse());
/// ```
///
/// ## References
/// - [CWE-352](https://cwe.mitre.org/data/definitions/352.html)
pub static META: RuleMeta = RuleMeta {
    id: "java-csrf-disabled",
    cwe: 352,
    severity: Severity::Medium,
    language: Language::Java,
    summary: "Spring Security CSRF protection disabled",
};

pub fn check(meta: &RuleMeta, call: &CallSite, out: &mut Emitter) {
    let chained = call.name() == "disable" && call.callee.ends_with("csrf().disable");
    let lambda = call.name() == "csrf"
        && call
            .positional(0)
            .is_some_and(|a| a.text.ends_with("::disable") || a.text.ends_with(".disable()"));
    if chained || lambda {
        out.emit(
            meta,
            call.span,
            "CSRF protection is disabled: any site can submit requests in a logged-in user's name; keep the token check",
        );
    }
}
