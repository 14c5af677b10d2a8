//! What the oracle reports: a [`Finding`] is one CWE-tagged problem at one span of one source.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is, in SARIF's terms (`error` / `warning` / `note`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// The SARIF `level` of a result with this severity.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Low => "note",
            Severity::Medium => "warning",
            Severity::High => "error",
        }
    }
}

/// A 1-based line/column range (columns count bytes, like tree-sitter and SARIF with `columnKind: utf8CodeUnits`... bytes here).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start_line: usize,
    pub start_col: usize,
    pub end_line: usize,
    pub end_col: usize,
}

/// One problem found in one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `py-sql-injection`.
    pub rule: String,
    /// The CWE number (89 for CWE-89).
    pub cwe: u16,
    pub severity: Severity,
    /// What is wrong and what to do instead.
    pub message: String,
    pub span: Span,
}

impl Finding {
    /// `CWE-89` style label.
    pub fn cwe_label(&self) -> String {
        format!("CWE-{}", self.cwe)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{} {} [{}] {}",
            self.span.start_line,
            self.span.start_col,
            self.cwe_label(),
            self.rule,
            self.message
        )
    }
}
