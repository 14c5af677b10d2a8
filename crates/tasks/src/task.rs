//! The task record: what a model is asked to write, the secure and vulnerable answers, and the tests
//! that tell them apart. One JSON object per task; the field names are the on-disk format.

use serde::{Deserialize, Serialize};

/// Programming language of a task. The runner supports python, c, cpp, javascript and go; java and
/// ruby exist only so that imported datasets keep their records (they have no tests to run).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    C,
    Cpp,
    Javascript,
    Go,
    Java,
    Ruby,
}

impl Language {
    /// All languages, in a stable order (used for per-language reports).
    pub const ALL: [Language; 7] = [
        Language::Python,
        Language::C,
        Language::Cpp,
        Language::Javascript,
        Language::Go,
        Language::Java,
        Language::Ruby,
    ];

    /// The name used in task records (`"python"`, `"javascript"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::Javascript => "javascript",
            Language::Go => "go",
            Language::Java => "java",
            Language::Ruby => "ruby",
        }
    }

    /// Parses a record name (`"python"`) or a short alias (`"py"`, `"js"`).
    pub fn from_name(name: &str) -> Option<Language> {
        Some(match name {
            "python" | "py" => Language::Python,
            "c" => Language::C,
            "cpp" | "c++" => Language::Cpp,
            "javascript" | "js" => Language::Javascript,
            "go" => Language::Go,
            "java" => Language::Java,
            "ruby" | "rb" => Language::Ruby,
            _ => return None,
        })
    }

    /// The language of a source file, from its extension (`x.py`, `y.cc`, `z.jsx`).
    pub fn from_extension(ext: &str) -> Option<Language> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "py" => Language::Python,
            "c" | "h" => Language::C,
            "cc" | "cpp" | "cxx" | "hpp" | "hh" => Language::Cpp,
            "js" | "jsx" | "mjs" | "cjs" => Language::Javascript,
            "go" => Language::Go,
            "java" => Language::Java,
            "rb" => Language::Ruby,
            _ => return None,
        })
    }

    /// File extension of the program and test files in a task directory and in the sandbox.
    pub fn extension(self) -> &'static str {
        match self {
            Language::Python => "py",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::Javascript => "js",
            Language::Go => "go",
            Language::Java => "java",
            Language::Ruby => "rb",
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which experiment split a task belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Train,
    Heldout,
}

/// Where a task came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Embedded,
    Safecoder,
    Sven,
    TspPaper,
    Seccodeplt,
    Securityeval,
}

/// A risk node: a line of the golden solution where a wrong choice makes the program vulnerable.
/// TSP branches the model's own continuations at these lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// 1-based line number in `golden`.
    pub line: usize,
    /// `CWE-<n>`.
    pub cwe: String,
    #[serde(default)]
    pub note: String,
}

/// One secure-coding task. The program that runs is `prefix + solution + suffix`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Unique id; embedded tasks use `<lang>-cwe<NNN>-<slug>`.
    pub id: String,
    pub language: Language,
    /// `CWE-<n>` ids, no leading zeros.
    pub cwes: Vec<String>,
    /// The instruction given to a model.
    pub description: String,
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub suffix: Option<String>,
    /// Secure reference solution. Empty for prompt-only tasks (SecurityEval).
    pub golden: String,
    #[serde(default)]
    pub vulnerable: Option<String>,
    #[serde(default)]
    pub functional_tests: Option<String>,
    #[serde(default)]
    pub security_tests: Option<String>,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub split: Option<Split>,
    #[serde(default)]
    pub source: Option<Source>,
}

impl Task {
    /// The full program for a solution: `prefix + solution + suffix`.
    pub fn program(&self, solution: &str) -> String {
        let mut s = String::with_capacity(solution.len() + 256);
        s.push_str(self.prefix.as_deref().unwrap_or(""));
        s.push_str(solution);
        s.push_str(self.suffix.as_deref().unwrap_or(""));
        s
    }

    /// True when the task has at least one kind of executable test.
    pub fn has_tests(&self) -> bool {
        self.functional_tests.is_some() || self.security_tests.is_some()
    }

    /// Checks what serde cannot: a non-empty id, well-formed CWE ids, node lines inside the golden
    /// solution. Returns a message naming the offending field.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("empty \"id\"".into());
        }
        if self.cwes.is_empty() {
            return Err(format!("task {}: \"cwes\" is empty", self.id));
        }
        for cwe in &self.cwes {
            if normalize_cwe(cwe).as_deref() != Some(cwe.as_str()) {
                return Err(format!(
                    "task {}: bad CWE id {cwe:?} (want \"CWE-<n>\", no leading zeros)",
                    self.id
                ));
            }
        }
        let golden_lines = self.golden.lines().count();
        for node in &self.nodes {
            if node.line == 0 || node.line > golden_lines {
                return Err(format!(
                    "task {}: node line {} is outside the golden solution (1..={golden_lines})",
                    self.id, node.line
                ));
            }
            if normalize_cwe(&node.cwe).as_deref() != Some(node.cwe.as_str()) {
                return Err(format!("task {}: node has bad CWE id {:?}", self.id, node.cwe));
            }
        }
        Ok(())
    }
}

/// Turns `cwe-079`, `CWE-79`, `79` or `CWE_079` into `CWE-79`; `None` if there is no number.
pub fn normalize_cwe(raw: &str) -> Option<String> {
    let t = raw.trim();
    let digits = t
        .strip_prefix("CWE-")
        .or_else(|| t.strip_prefix("cwe-"))
        .or_else(|| t.strip_prefix("CWE_"))
        .or_else(|| t.strip_prefix("cwe_"))
        .or_else(|| t.strip_prefix("CWE"))
        .unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    Some(format!("CWE-{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwe_ids_normalize() {
        assert_eq!(normalize_cwe("cwe-079").as_deref(), Some("CWE-79"));
        assert_eq!(normalize_cwe("CWE-89").as_deref(), Some("CWE-89"));
        assert_eq!(normalize_cwe("022").as_deref(), Some("CWE-22"));
        assert_eq!(normalize_cwe("CWE-").as_deref(), None);
        assert_eq!(normalize_cwe("CWE-x1").as_deref(), None);
    }

    #[test]
    fn validate_rejects_leading_zero_and_node_outside_golden() {
        let mut t: Task = serde_json::from_str(
            r#"{"id":"t","language":"python","cwes":["CWE-089"],"description":"d","golden":"a\nb\n"}"#,
        )
        .unwrap();
        assert!(t.validate().unwrap_err().contains("CWE-089"));
        t.cwes = vec!["CWE-89".into()];
        assert!(t.validate().is_ok());
        t.nodes.push(Node {
            line: 3,
            cwe: "CWE-89".into(),
            note: String::new(),
        });
        assert!(t.validate().unwrap_err().contains("outside"));
    }

    #[test]
    fn program_concatenates_prefix_solution_suffix() {
        let t: Task = serde_json::from_str(
            r#"{"id":"t","language":"c","cwes":["CWE-1"],"description":"d","golden":"G","prefix":"P","suffix":"S"}"#,
        )
        .unwrap();
        assert_eq!(t.program("X"), "PXS");
        assert_eq!(t.source, None);
    }
}
