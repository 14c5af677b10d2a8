//! Proves the embedded suite: every golden solution passes all its tests; every vulnerable
//! solution passes its functional tests and fails at least one security test. Names every
//! offending task, then fails.

use tsp_sandbox::{Limits, Outcome, Program, ProgramResult, Sandbox, TestKind};
use tsp_tasks::{embedded_suite, Language, Task};

fn first_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect()
}

fn not_passing(r: &ProgramResult, kind: TestKind) -> Vec<String> {
    r.tests
        .iter()
        .filter(|t| t.kind == kind && t.outcome != Outcome::Pass)
        .map(|t| {
            format!(
                "{}::{} {:?}: {}",
                kind.stem(),
                t.name,
                t.outcome,
                first_line(&t.message)
            )
        })
        .collect()
}

#[test]
fn embedded_suite_golden_passes_and_vulnerable_is_caught() {
    let suite = embedded_suite().unwrap_or_else(|e| panic!("the embedded suite does not load: {e}"));
    let count = |l: Language| suite.tasks.iter().filter(|t| t.language == l).count();
    let cwes: std::collections::BTreeSet<&str> = suite
        .tasks
        .iter()
        .filter(|t| t.language == Language::Python)
        .flat_map(|t| t.cwes.iter().map(String::as_str))
        .collect();
    eprintln!(
        "embedded suite: {} tasks (python {} over {} CWEs, c {}, javascript {}, go {})",
        suite.tasks.len(),
        count(Language::Python),
        cwes.len(),
        count(Language::C),
        count(Language::Javascript),
        count(Language::Go)
    );
    let sb = Sandbox::new(Limits::default());
    for w in sb.warnings() {
        eprintln!("warning: {w}");
    }
    let tasks: Vec<&Task> = suite.tasks.iter().collect();
    let mut programs = Vec::new();
    for t in &tasks {
        programs.push(Program::from_task(t, &t.golden));
        programs.push(Program::from_task(t, t.vulnerable.as_deref().unwrap_or("")));
    }
    let results = tsp_sandbox::run_programs(&sb, &programs, &|_| {});
    let mut offenders = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        let (golden, vulnerable) = (&results[2 * i], &results[2 * i + 1]);
        let mut why = Vec::new();
        if t.functional_tests.is_none() || t.security_tests.is_none() {
            why.push("missing functional or security tests".to_string());
        }
        for kind in [TestKind::Functional, TestKind::Security] {
            for m in not_passing(golden, kind) {
                why.push(format!("golden: {m}"));
            }
        }
        match &t.vulnerable {
            None => why.push("no vulnerable solution".into()),
            Some(_) => {
                for m in not_passing(vulnerable, TestKind::Functional) {
                    why.push(format!("vulnerable: {m}"));
                }
                if !vulnerable.any_not_pass(TestKind::Security) {
                    why.push("vulnerable: passes every security test".into());
                }
            }
        }
        if !why.is_empty() {
            offenders.push(format!("{}:\n    {}", t.id, why.join("\n    ")));
        }
    }
    assert!(
        offenders.is_empty(),
        "{} of {} suite tasks misbehave:\n{}",
        offenders.len(),
        tasks.len(),
        offenders.join("\n")
    );
}
