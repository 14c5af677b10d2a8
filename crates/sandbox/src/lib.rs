//! Runs untrusted programs and their tests: generated code is hostile by assumption, so every
//! program runs in bubblewrap (no network but a private loopback, read-only system, private tmp,
//! nothing of the host's home or repository), under rlimits (CPU, address space, file size, open
//! files, no core dumps), in per-run cgroups (`pids.max` stops fork bombs even as root; a memory
//! limit), with a wall-clock timeout that kills the whole process group and cgroup. Without
//! bubblewrap it falls back to rlimits, cgroups and a seccomp filter that refuses sockets, and
//! says so in [`Sandbox::warnings`].
//!
//! - [`Sandbox`]: detects what the machine allows; [`Sandbox::run_program`] runs one [`Program`].
//! - [`run_programs`]: many programs in parallel (rayon).
//! - [`ProgramResult`] / [`TestResult`]: pass, fail, error or timeout per test, with output tails.
//! - [`metrics::score`]: pass@1, sec@1, secure-pass@1 overall, per CWE and per language.
//!
//! Test conventions per language (file names, harness API) are in `docs/tasks.md`.
//!
//! ```no_run
//! use tsp_sandbox::{Limits, Program, Sandbox, TestKind};
//! let sb = Sandbox::new(Limits::default());
//! for w in sb.warnings() { eprintln!("warning: {w}"); }
//! let p = Program {
//!     id: "demo".into(),
//!     language: tsp_tasks::Language::Python,
//!     source: "def add(a, b):\n    return a + b\n".into(),
//!     functional_tests: Some("from solution import add\ndef test_add():\n    assert add(1, 2) == 3\n".into()),
//!     security_tests: None,
//! };
//! let r = sb.run_program(&p);
//! assert!(r.all_pass(TestKind::Functional));
//! ```

mod cgroup;
mod lang;
mod limits;
pub mod metrics;
mod process;
mod program;
mod result;
mod runner;
mod sandbox;
mod seccomp;

pub use limits::Limits;
pub use program::Program;
pub use result::{Outcome, ProgramResult, TestKind, TestResult};
pub use runner::run_programs;
pub use sandbox::{Isolation, ProcessLimit, Sandbox};
