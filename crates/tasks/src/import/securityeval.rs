//! SecurityEval: one JSON object per line with `ID` (`CWE-020_author_1.py`), `Prompt` (a file prefix
//! to complete) and `Insecure_code`. These are prompt-only tasks: no golden solution and no tests,
//! judged by the analyzer. The prompt becomes `prefix` and `golden` is empty.

use crate::error::{Error, Result};
use crate::jsonl::json_message;
use crate::task::{normalize_cwe, Language, Source, Task};
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::Path;

#[derive(Deserialize)]
struct Record {
    #[serde(rename = "ID")]
    id: String,
    #[serde(rename = "Prompt")]
    prompt: String,
    #[serde(rename = "Insecure_code", default)]
    insecure_code: Option<String>,
}

/// Reads a SecurityEval JSONL file. Ids are `securityeval-<ID without extension>`.
pub fn import_securityeval(path: &Path) -> Result<Vec<Task>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::record(path, i + 1, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(&line).map_err(|e| Error::record(path, i + 1, json_message(&e)))?;
        let (stem, ext) = r.id.rsplit_once('.').unwrap_or((&r.id, "py"));
        let language = Language::from_extension(ext)
            .ok_or_else(|| Error::record(path, i + 1, format!("unknown language for ID {:?}", r.id)))?;
        let cwe = stem
            .split('_')
            .next()
            .and_then(normalize_cwe)
            .ok_or_else(|| Error::record(path, i + 1, format!("no CWE id in ID {:?}", r.id)))?;
        // The insecure completion, without the prompt it continues when it repeats it.
        let vulnerable = r
            .insecure_code
            .map(|code| code.strip_prefix(r.prompt.as_str()).map(str::to_string).unwrap_or(code));
        out.push(Task {
            id: format!("securityeval-{stem}"),
            language,
            cwes: vec![cwe],
            description: "Complete the code that follows.".into(),
            prefix: Some(r.prompt),
            suffix: None,
            golden: String::new(),
            vulnerable,
            functional_tests: None,
            security_tests: None,
            nodes: Vec::new(),
            split: None,
            source: Some(Source::Securityeval),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_only_tasks() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("se.jsonl");
        std::fs::write(
            &p,
            concat!(
                r#"{"ID": "CWE-020_author_1.py", "Prompt": "import yaml\ndef f(s):\n", "Insecure_code": "import yaml\ndef f(s):\n    return yaml.load(s)\n"}"#,
                "\n",
                r#"{"ID": "CWE-079_codeql_2.py", "Prompt": "p"}"#,
                "\n"
            ),
        )
        .unwrap();
        let tasks = import_securityeval(&p).unwrap();
        assert_eq!(tasks[0].id, "securityeval-CWE-020_author_1");
        assert_eq!(tasks[0].cwes, ["CWE-20"]);
        assert_eq!(tasks[0].vulnerable.as_deref(), Some("    return yaml.load(s)\n"));
        assert_eq!(tasks[1].cwes, ["CWE-79"]);
        assert!(tasks.iter().all(|t| t.golden.is_empty() && !t.has_tests()));
        std::fs::write(&p, "{\"ID\": 3}\n").unwrap();
        assert!(import_securityeval(&p).unwrap_err().to_string().contains("se.jsonl:1:"));
    }
}
