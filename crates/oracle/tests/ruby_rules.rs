//! Fixture tests for the Ruby rules: for each rule, `fixtures/ruby/<rule>.vuln.rb` must be flagged by that
//! rule, with its CWE, on every line marked `# expect: <rule-id>` (and nothing else anywhere), and
//! `<rule>.safe.rb` must not be flagged at all.

mod common;

use tsp_oracle::Language;

const RULES: &[(&str, &str, u16)] = &[
    ("command_injection", "rb-command-injection", 78),
    ("kernel_open", "rb-kernel-open", 78),
    ("sql_injection", "rb-sql-injection", 89),
    ("unsafe_deserialization", "rb-unsafe-deserialization", 502),
    ("xss", "rb-xss", 79),
    ("code_injection", "rb-code-injection", 94),
];

#[test]
fn ruby_fixtures_match_their_expectations() {
    common::check_fixture_dir("ruby", Language::Ruby, "#");
}

#[test]
fn every_ruby_rule_has_a_vulnerable_and_a_safe_fixture() {
    common::check_rule_table("ruby", "rb", Language::Ruby, RULES);
}

#[test]
fn every_ruby_rule_is_in_the_table() {
    common::check_every_rule_listed(Language::Ruby, RULES);
}

#[test]
fn ruby_cut_out_of_a_file_scans_without_a_panic() {
    let scanner = tsp_oracle::Scanner::default();
    for src in [
        "  def f(x)\n    system(\"ls #{x}\")\n",
        "end end end",
        "class A < B; def f = `#{",
        "x = <<-SQL\n  select * from t where id = #{id}\nSQL\nexecute(x)\n",
    ] {
        let _ = scanner.scan(Language::Ruby, src);
    }
}
