//! Fixture tests for the Java rules: for each rule, `fixtures/java/<rule>.vuln.java` must be flagged by
//! that rule, with its CWE, on every line marked `// expect: <rule-id>` (and nothing else anywhere), and
//! `<rule>.safe.java` must not be flagged at all.

mod common;

use tsp_oracle::Language;

const RULES: &[(&str, &str, u16)] = &[
    ("path_traversal", "java-path-traversal", 22),
    ("csrf_disabled", "java-csrf-disabled", 352),
    ("weak_key", "java-weak-key", 326),
    ("xss", "java-xss", 79),
    ("xxe", "java-xxe", 611),
];

#[test]
fn java_fixtures_match_their_expectations() {
    common::check_fixture_dir("java", Language::Java, "//");
}

#[test]
fn every_java_rule_has_a_vulnerable_and_a_safe_fixture() {
    common::check_rule_table("java", "java", Language::Java, RULES);
}

#[test]
fn every_java_rule_is_in_the_table() {
    common::check_every_rule_listed(Language::Java, RULES);
}

#[test]
fn java_cut_out_of_a_class_scans_without_a_panic() {
    let scanner = tsp_oracle::Scanner::default();
    for src in [
        "void f(String p) { new FileOutputStream(new File(p)); }",
        "}}} class {",
        "public void unzip(ZipEntry e) { File f = new File(dir, e.getName()); f.mkdirs();",
    ] {
        let _ = scanner.scan(Language::Java, src);
    }
}
