//! Each language's harness: passing, failing and crashing tests are told apart, and one crash or
//! hang does not hide the other tests of the program.

use tsp_sandbox::{Limits, Outcome, Program, ProgramResult, Sandbox, TestKind};
use tsp_tasks::Language;

fn sandbox() -> Sandbox {
    let sb = Sandbox::new(Limits {
        wall: std::time::Duration::from_secs(5),
        ..Limits::default()
    });
    for w in sb.warnings() {
        eprintln!("warning: {w}");
    }
    sb
}

fn program(language: Language, source: &str, functional: &str, security: &str) -> Program {
    Program {
        id: "t".into(),
        language,
        source: source.into(),
        functional_tests: Some(functional.into()),
        security_tests: (!security.is_empty()).then(|| security.into()),
    }
}

fn outcomes(r: &ProgramResult) -> Vec<(String, Outcome)> {
    r.tests
        .iter()
        .map(|t| (format!("{:?}::{}", t.kind, t.name), t.outcome))
        .collect()
}

fn has_tool(path: &str) -> bool {
    let ok = std::path::Path::new(path).exists();
    if !ok {
        eprintln!("note: {path} is absent; skipping");
    }
    ok
}

#[test]
fn python_outcomes_and_restart_after_crash() {
    let sb = sandbox();
    let src = "import os\ndef add(a, b):\n    return a + b\n";
    let functional = "from solution import add\nimport os\n\ndef test_ok():\n    assert add(1, 2) == 3\n\ndef test_bad():\n    assert add(1, 2) == 4, 'wrong sum'\n\ndef test_raises():\n    raise ValueError('boom')\n\ndef test_dies():\n    os._exit(3)\n\ndef test_after_death():\n    assert add(2, 2) == 4\n";
    let security = "import time\n\ndef test_hangs():\n    while True:\n        pass\n\ndef test_last():\n    pass\n";
    let sb = Sandbox::new(Limits {
        wall: std::time::Duration::from_secs(2),
        ..sb.limits().clone()
    });
    let r = sb.run_program(&program(Language::Python, src, functional, security));
    let o = outcomes(&r);
    assert_eq!(
        o,
        vec![
            ("Functional::test_ok".to_string(), Outcome::Pass),
            ("Functional::test_bad".to_string(), Outcome::Fail),
            ("Functional::test_raises".to_string(), Outcome::Error),
            ("Functional::test_dies".to_string(), Outcome::Error),
            ("Functional::test_after_death".to_string(), Outcome::Pass),
            ("Security::test_hangs".to_string(), Outcome::Timeout),
            ("Security::test_last".to_string(), Outcome::Pass),
        ],
        "{r:#?}"
    );
    assert!(r.tests[1].message.contains("wrong sum"));
    assert!(r.tests[2].message.contains("ValueError"));
}

#[test]
fn python_import_error_is_a_load_error() {
    let sb = sandbox();
    let r = sb.run_program(&program(
        Language::Python,
        "def f(:\n",
        "from solution import f\ndef test_a():\n    f()\n",
        "",
    ));
    assert_eq!(outcomes(&r), vec![("Functional::<load>".to_string(), Outcome::Error)]);
    assert!(r.tests[0].message.contains("SyntaxError"), "{}", r.tests[0].message);
    assert!(!r.all_pass(TestKind::Functional));
}

#[test]
fn javascript_outcomes() {
    if !has_tool("/usr/bin/node") {
        return;
    }
    let sb = sandbox();
    let src = "module.exports = { add: (a, b) => a + b };\n";
    let functional = "const assert = require('assert');\nconst { add } = require('./solution');\ntest('adds', () => { assert.strictEqual(add(1, 2), 3); });\ntest('async fails', async () => { await new Promise(r => setTimeout(r, 10)); assert.strictEqual(add(1, 1), 3); });\ntest('throws', () => { null.x; });\ntest('exits', () => { process.exit(5); });\ntest('after', () => {});\n";
    let r = sb.run_program(&program(Language::Javascript, src, functional, ""));
    let o: Vec<Outcome> = r.tests.iter().map(|t| t.outcome).collect();
    assert_eq!(
        o,
        vec![
            Outcome::Pass,
            Outcome::Fail,
            Outcome::Error,
            Outcome::Error,
            Outcome::Pass
        ],
        "{r:#?}"
    );
    assert_eq!(r.tests[1].name, "async fails");
}

#[test]
fn c_outcomes_with_sanitizer() {
    if !has_tool("/usr/bin/gcc") {
        return;
    }
    let sb = sandbox();
    let src = "#include <string.h>\nint add(int a, int b) { return a + b; }\nvoid copy(char *dst, const char *src) { strcpy(dst, src); }\n";
    let functional =
        "#include \"tsp_test.h\"\nTEST(adds) { CHECK(add(1, 2) == 3); }\nTEST(wrong) { CHECK(add(1, 2) == 4); }\n";
    let security = "#include \"tsp_test.h\"\nTEST(overflow) { char *b = malloc(4); copy(b, \"too long for it\"); free(b); }\nTEST(fine) { char b[32]; copy(b, \"ok\"); CHECK(strcmp(b, \"ok\") == 0); }\n";
    let r = sb.run_program(&program(Language::C, src, functional, security));
    let o: Vec<Outcome> = r.tests.iter().map(|t| t.outcome).collect();
    assert_eq!(
        o,
        vec![Outcome::Pass, Outcome::Fail, Outcome::Error, Outcome::Pass],
        "{r:#?}"
    );
    assert!(
        r.tests[1].message.contains("functional_test.c:3: CHECK failed"),
        "{}",
        r.tests[1].message
    );
    assert!(
        r.tests[2].message.contains("AddressSanitizer"),
        "{}",
        r.tests[2].message
    );
}

#[test]
fn c_compile_error_fails_every_test() {
    if !has_tool("/usr/bin/gcc") {
        return;
    }
    let sb = sandbox();
    let r = sb.run_program(&program(
        Language::C,
        "int f( {",
        "#include \"tsp_test.h\"\nTEST(a) { CHECK(f()); }\n",
        "",
    ));
    assert_eq!(outcomes(&r), vec![("Functional::a".to_string(), Outcome::Error)]);
    assert!(r.tests[0].message.contains("build failed"));
}

#[test]
fn go_outcomes() {
    if !has_tool("/usr/bin/go") {
        return;
    }
    let sb = sandbox();
    let src = "package solution\n\nfunc Add(a, b int) int { return a + b }\n";
    let functional = "package solution\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(\"sum\")\n\t}\n}\n\nfunc TestWrong(t *testing.T) {\n\tif Add(1, 2) != 4 {\n\t\tt.Errorf(\"want 4\")\n\t}\n}\n\nfunc TestPanics(t *testing.T) {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n\nfunc TestAfter(t *testing.T) {}\n";
    let r = sb.run_program(&program(Language::Go, src, functional, ""));
    let o: Vec<Outcome> = r.tests.iter().map(|t| t.outcome).collect();
    assert_eq!(
        o,
        vec![Outcome::Pass, Outcome::Fail, Outcome::Error, Outcome::Pass],
        "{r:#?}"
    );
}

#[test]
fn python_time_limit_is_per_test_not_per_batch() {
    let sb = Sandbox::new(Limits {
        wall: std::time::Duration::from_secs(2),
        ..Limits::default()
    });
    let slow = "import time\ndef test_a():\n    time.sleep(1.2)\ndef test_b():\n    time.sleep(1.2)\ndef test_c():\n    time.sleep(1.2)\n";
    let r = sb.run_program(&program(Language::Python, "", slow, ""));
    let o: Vec<Outcome> = r.tests.iter().map(|t| t.outcome).collect();
    assert_eq!(o, [Outcome::Pass, Outcome::Pass, Outcome::Pass], "{r:#?}");
}
