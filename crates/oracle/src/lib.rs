//! # tsp-oracle: an in-process security analyzer
//!
//! Finds CWE-tagged vulnerabilities in Python, C, C++, JavaScript, Go, Ruby and Java source, fast enough to judge
//! every branch a model samples. Each file is parsed once with tree-sitter and walked once; an
//! intra-procedural taint analysis follows values from sources (parameters, request objects, `input()`,
//! `argv`, environment) through assignments and string building to sinks, and sanitizers stop the flow.
//!
//! The main types: [`Scanner`] (build once, scan many sources, in parallel), [`Finding`] (CWE, rule id,
//! severity, message, span), [`Language`]. Rules live one per file under `rules/<language>/`, each with
//! its documentation; [`registry::all_meta`] lists them.
//!
//! ```
//! use tsp_oracle::{Language, Scanner};
//!
//! let scanner = Scanner::default();
//! let findings = scanner.scan(Language::Python, "def f(c, name):\n    c.execute(\"SELECT * FROM t WHERE n = '%s'\" % name)\n");
//! assert_eq!(findings[0].cwe, 89);
//! assert_eq!(findings[0].span.start_line, 2);
//! ```

pub mod finding;
mod lang;
pub mod language;
pub mod regex_shape;
pub mod registry;
pub mod report;
pub mod rule;
mod rules;
pub mod scanner;
pub mod syntax;
pub mod taint;
pub mod value;

pub use finding::{Finding, Severity, Span};
pub use language::Language;
pub use scanner::{collect_files, FileReport, ScanError, Scanner};
