//! Every Python rule against its fixture: each line marked `# expect: <rule-id>` must be reported by that
//! rule, and nothing else may be reported (safe variants sit beside the vulnerable ones in each file).

mod common;

#[test]
fn python_fixtures_match_their_expectations() {
    common::check_fixture_dir("python", tsp_oracle::Language::Python, "#");
}
