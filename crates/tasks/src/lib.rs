//! Secure-coding tasks for tsp: the [`Task`] record, JSON Lines I/O, importers for public datasets,
//! and the embedded suite.
//!
//! - [`Task`]: a description, a secure `golden` solution, optionally a `vulnerable` one, functional
//!   and security tests, and risk nodes (lines of the golden code where security is decided).
//! - [`read_tasks`] / [`write_jsonl`]: JSON Lines, all-or-nothing reads with `file:line: message`
//!   errors, atomic writes.
//! - [`load_suite_dir`]: the `suite/<language>/<task-id>/` layout; [`embedded_suite`]: the same
//!   suite compiled into the binary, for machines without the repository.
//! - [`import`]: SafeCoder/SVEN pairs, the TSP paper's annotations, SecCodePLT, SecurityEval.
//!
//! ```
//! let t: tsp_tasks::Task = serde_json::from_str(
//!     r#"{"id":"py-cwe089-x","language":"python","cwes":["CWE-89"],"description":"d","golden":"g","prefix":"p"}"#,
//! ).unwrap();
//! assert_eq!(t.program("s"), "ps");
//! ```

mod embedded;
mod error;
pub mod import;
mod jsonl;
mod suite;
mod task;

pub use embedded::{embedded_file_count, embedded_suite};
pub use error::{Error, Result};
pub use jsonl::{read_jsonl, read_tasks, write_jsonl};
pub use suite::{load_suite_dir, parse_suite_files, Splits, Suite};
pub use task::{normalize_cwe, Language, Node, Source, Split, Task};
