//! A program to test: source, language and test sources. Built from a task and a solution, or
//! directly by a caller with generated code.

use tsp_tasks::{Language, Task};

/// The unit the sandbox runs: one full program (`prefix + solution + suffix`) and its tests.
#[derive(Clone, Debug)]
pub struct Program {
    /// A label for reports (usually the task id).
    pub id: String,
    pub language: Language,
    pub source: String,
    pub functional_tests: Option<String>,
    pub security_tests: Option<String>,
}

impl Program {
    /// The task's program for `solution`, with the task's tests.
    pub fn from_task(task: &Task, solution: &str) -> Program {
        Program {
            id: task.id.clone(),
            language: task.language,
            source: task.program(solution),
            functional_tests: task.functional_tests.clone(),
            security_tests: task.security_tests.clone(),
        }
    }
}
