//! Fixture tests for the JavaScript rules: for each rule, `fixtures/javascript/<rule>.vuln.js` must be
//! flagged by that rule, with its CWE, on every line marked `// expect` (and nowhere else), and
//! `<rule>.safe.js` must not be flagged by it at all.

mod common;

use tsp_oracle::Language;

const RULES: &[(&str, &str, u16)] = &[
    ("sql_injection", "js-sql-injection", 89),
    ("command_injection", "js-command-injection", 78),
    ("path_traversal", "js-path-traversal", 22),
    ("xss", "js-xss", 79),
    ("code_injection", "js-code-injection", 94),
    ("redos", "js-redos", 1333),
    ("open_redirect", "js-open-redirect", 601),
    ("ssrf", "js-ssrf", 918),
    ("weak_random", "js-weak-random", 338),
    ("weak_hash", "js-weak-hash", 328),
    ("weak_password_hash", "js-weak-password-hash", 916),
    ("weak_cipher", "js-weak-cipher", 327),
    ("insecure_tls", "js-insecure-tls", 295),
    ("hardcoded_credentials", "js-hardcoded-credentials", 798),
    ("prototype_pollution", "js-prototype-pollution", 1321),
    ("reverse_tabnabbing", "js-reverse-tabnabbing", 200),
    ("incomplete_sanitization", "js-incomplete-sanitization", 116),
];

#[test]
fn javascript_fixtures_match_their_expectations() {
    common::check_fixture_dir("javascript", Language::JavaScript, "//");
}

#[test]
fn vulnerable_fixtures_are_reported_with_the_rules_cwe() {
    common::check_rule_table("javascript", "js", Language::JavaScript, RULES);
}

#[test]
fn every_javascript_rule_has_a_fixture() {
    common::check_every_rule_listed(Language::JavaScript, RULES);
}

#[test]
fn deeply_nested_javascript_does_not_overflow_the_stack() {
    let deep = format!(
        "function f(x) {{ return {}x{}; }}",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    let calls = format!("function g(x) {{ {} }}", "if (x) { ".repeat(5_000) + &"}".repeat(5_000));
    let scanner = tsp_oracle::Scanner::default();
    for src in [deep, calls, "\u{0}\u{ffff}`${".to_string(), "function (".to_string()] {
        let _ = scanner.scan(Language::JavaScript, &src);
    }
}
