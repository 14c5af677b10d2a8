//! Fixture tests for the Go rules: for each rule, `fixtures/go/<rule>.vuln.go` must be flagged by that
//! rule, with its CWE, on every line marked `// expect: <rule-id>` (and nothing else anywhere), and `<rule>.safe.go` must
//! not be flagged by it at all.

mod common;

use tsp_oracle::Language;

const RULES: &[(&str, &str, u16)] = &[
    ("sql_injection", "go-sql-injection", 89),
    ("command_injection", "go-command-injection", 78),
    ("path_traversal", "go-path-traversal", 22),
    ("xss", "go-xss", 79),
    ("open_redirect", "go-open-redirect", 601),
    ("ssrf", "go-ssrf", 918),
    ("weak_random", "go-weak-random", 338),
    ("weak_hash", "go-weak-hash", 328),
    ("weak_cipher", "go-weak-cipher", 327),
    ("weak_key", "go-weak-key", 326),
    ("integer_conversion", "go-integer-conversion", 681),
    ("insecure_tls", "go-insecure-tls", 295),
    ("weak_tls_version", "go-weak-tls-version", 327),
    ("hardcoded_credentials", "go-hardcoded-credentials", 798),
    ("unbounded_read", "go-unbounded-read", 400),
];

#[test]
fn go_fixtures_match_their_expectations() {
    common::check_fixture_dir("go", Language::Go, "//");
}

#[test]
fn vulnerable_fixtures_are_reported_with_the_rules_cwe() {
    common::check_rule_table("go", "go", Language::Go, RULES);
}

#[test]
fn every_go_rule_has_a_fixture() {
    common::check_every_rule_listed(Language::Go, RULES);
}

#[test]
fn deeply_nested_go_does_not_overflow_the_stack() {
    let deep = format!(
        "func f(x int) int {{ return {}x{} }}",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    let ifs = format!("func g(x bool) {{ {} }}", "if x { ".repeat(5_000) + &"}".repeat(5_000));
    let scanner = tsp_oracle::Scanner::default();
    for src in [deep, ifs, "\u{0}\u{ffff}`".to_string(), "func (".to_string()] {
        let _ = scanner.scan(Language::Go, &src);
    }
}
