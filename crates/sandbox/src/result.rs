//! What a run produced: one [`TestResult`] per test, grouped in a [`ProgramResult`].

use serde::{Deserialize, Serialize};

/// How one test ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The test returned without a failed assertion.
    Pass,
    /// An assertion failed (Python `assert`, Node `assert`, Go `t.Error`, C `CHECK`).
    Fail,
    /// Anything else: a crash, a sanitizer report, an unexpected exception, a compile error, a
    /// killed process (memory, pids).
    Error,
    /// The wall-clock limit was reached.
    Timeout,
}

/// Functional tests check that the program works; security tests that an exploit fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestKind {
    Functional,
    Security,
}

impl TestKind {
    /// The prefix of test ids and the stem of test files (`functional_test.py`).
    pub fn stem(self) -> &'static str {
        match self {
            TestKind::Functional => "functional",
            TestKind::Security => "security",
        }
    }
}

/// One test's result. `name` is the test's own name (`test_rejects_dotdot`); `<load>` stands for
/// a test file that could not be loaded or built, whose tests are therefore unknown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    pub kind: TestKind,
    pub name: String,
    pub outcome: Outcome,
    /// The assertion message, exception or the reason for an error (may be empty).
    pub message: String,
    /// Tails of the process's output around this test (shared by tests of one process; empty
    /// for passing tests).
    pub stdout_tail: String,
    pub stderr_tail: String,
}

/// All test results of one program.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramResult {
    pub tests: Vec<TestResult>,
    /// Wall-clock milliseconds for the whole program (build and runs).
    pub millis: u64,
}

impl ProgramResult {
    /// True when there is at least one test of `kind` and every one passed.
    pub fn all_pass(&self, kind: TestKind) -> bool {
        let mut any = false;
        for t in self.tests.iter().filter(|t| t.kind == kind) {
            if t.outcome != Outcome::Pass {
                return false;
            }
            any = true;
        }
        any
    }

    /// True when some test of `kind` did not pass.
    pub fn any_not_pass(&self, kind: TestKind) -> bool {
        self.tests.iter().any(|t| t.kind == kind && t.outcome != Outcome::Pass)
    }

    pub fn count(&self, kind: TestKind, outcome: Outcome) -> usize {
        self.tests
            .iter()
            .filter(|t| t.kind == kind && t.outcome == outcome)
            .count()
    }
}
