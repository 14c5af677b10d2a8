//! The suite layout on disk: `suite/<language>/<task-id>/` holds `task.json` (every field except the
//! code) and the code files `golden.<ext>`, `vulnerable.<ext>`, `functional_test.<ext>`,
//! `security_test.<ext>`; `suite/splits.json` holds the experiment splits. The same parser serves a
//! directory ([`load_suite_dir`]) and the copy embedded at build time ([`crate::embedded_suite`]).

use crate::error::{Error, Result};
use crate::jsonl::json_message;
use crate::task::{normalize_cwe, Source, Task};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Split metadata for experiments (`suite/splits.json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Splits {
    /// CWEs kept out of training, to measure generalization to unseen CWEs.
    #[serde(default)]
    pub heldout_cwes: Vec<String>,
    /// Any other keys of the file, kept as they are.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A loaded suite: its tasks (sorted by language directory, then id) and its splits.
#[derive(Clone, Debug, Default)]
pub struct Suite {
    pub tasks: Vec<Task>,
    pub splits: Splits,
}

impl Suite {
    /// True when one of the task's CWEs is held out of training.
    pub fn has_heldout_cwe(&self, task: &Task) -> bool {
        task.cwes.iter().any(|c| self.splits.heldout_cwes.contains(c))
    }
}

/// The code fields and their file stems in a task directory.
const CODE_FILES: [(&str, &str); 4] = [
    ("golden", "golden"),
    ("vulnerable", "vulnerable"),
    ("functional_tests", "functional_test"),
    ("security_tests", "security_test"),
];

/// Loads a suite directory (see the module doc for the layout).
pub fn load_suite_dir(dir: &Path) -> Result<Suite> {
    let mut files = BTreeMap::new();
    read_tree(dir, dir, &mut files)?;
    parse_suite_files(dir, &files)
}

fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            read_tree(root, &path, out)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.insert(rel, bytes);
        }
    }
    Ok(())
}

/// Parses suite files given as (path relative to the suite root → contents). `origin` prefixes the
/// paths in error messages.
pub fn parse_suite_files(origin: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<Suite> {
    let at = |rel: &str| -> PathBuf { origin.join(rel) };
    let text = |rel: &str, bytes: &[u8]| -> Result<String> {
        String::from_utf8(bytes.to_vec()).map_err(|_| Error::file(at(rel), "not UTF-8"))
    };
    let mut splits = Splits::default();
    if let Some(bytes) = files.get("splits.json") {
        splits =
            serde_json::from_slice(bytes).map_err(|e| Error::record(at("splits.json"), e.line(), json_message(&e)))?;
        for c in &splits.heldout_cwes {
            if normalize_cwe(c).as_deref() != Some(c.as_str()) {
                return Err(Error::file(
                    at("splits.json"),
                    format!("bad CWE id {c:?} in heldout_cwes"),
                ));
            }
        }
    }
    // Group files by task directory: `<lang>/<id>/<file>`.
    let mut dirs: BTreeMap<(&str, &str), BTreeMap<&str, &[u8]>> = BTreeMap::new();
    for (rel, bytes) in files {
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            [lang, id, file] => {
                dirs.entry((lang, id)).or_default().insert(file, bytes);
            }
            [_] | [_, _] => {} // README.md, splits.json, notes: not tasks
            _ => {
                return Err(Error::file(
                    at(rel),
                    "unexpected file: tasks live in <language>/<task-id>/",
                ))
            }
        }
    }
    let mut tasks = Vec::new();
    let mut seen = HashSet::new();
    for ((lang, id), dir_files) in dirs {
        let dir_rel = format!("{lang}/{id}");
        let task_rel = format!("{dir_rel}/task.json");
        let Some(task_json) = dir_files.get("task.json") else {
            return Err(Error::file(at(&dir_rel), "task directory without task.json"));
        };
        let mut value: serde_json::Value =
            serde_json::from_slice(task_json).map_err(|e| Error::record(at(&task_rel), e.line(), json_message(&e)))?;
        let obj = value
            .as_object_mut()
            .ok_or_else(|| Error::file(at(&task_rel), "task.json must hold one JSON object"))?;
        match obj.get("id") {
            None => {
                obj.insert("id".into(), id.into());
            }
            Some(v) if v.as_str() == Some(id) => {}
            Some(v) => {
                return Err(Error::file(
                    at(&task_rel),
                    format!("id {v} differs from the directory name {id:?}"),
                ))
            }
        }
        obj.entry("source").or_insert_with(|| serde_json::json!("embedded"));
        let ext = obj
            .get("language")
            .and_then(|l| l.as_str())
            .and_then(crate::Language::from_name)
            .map(|l| l.extension())
            .ok_or_else(|| Error::file(at(&task_rel), "missing or unknown \"language\""))?;
        let mut known: HashSet<String> = HashSet::from(["task.json".to_string()]);
        for (field, stem) in CODE_FILES {
            let name = format!("{stem}.{ext}");
            if obj.contains_key(field) {
                return Err(Error::file(
                    at(&task_rel),
                    format!("\"{field}\" belongs in {name}, not in task.json"),
                ));
            }
            if let Some(bytes) = dir_files.get(name.as_str()) {
                obj.insert(field.into(), text(&format!("{dir_rel}/{name}"), bytes)?.into());
            }
            known.insert(name);
        }
        if let Some(stray) = dir_files.keys().find(|f| !known.contains(**f)) {
            return Err(Error::file(
                at(&format!("{dir_rel}/{stray}")),
                format!("unexpected file (expected task.json, golden.{ext}, vulnerable.{ext}, functional_test.{ext}, security_test.{ext})"),
            ));
        }
        if !obj.contains_key("golden") {
            return Err(Error::file(at(&dir_rel), format!("missing golden.{ext}")));
        }
        let task: Task = serde_json::from_value(value).map_err(|e| Error::file(at(&task_rel), e.to_string()))?;
        if task.source != Some(Source::Embedded) {
            // Allowed, but the suite is ours: say so early rather than mislabel results.
            return Err(Error::file(
                at(&task_rel),
                "suite tasks must have \"source\": \"embedded\"",
            ));
        }
        task.validate().map_err(|m| Error::file(at(&task_rel), m))?;
        if !seen.insert(task.id.clone()) {
            return Err(Error::file(at(&task_rel), format!("duplicate task id {:?}", task.id)));
        }
        tasks.push(task);
    }
    Ok(Suite { tasks, splits })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn task_directory_becomes_a_task() {
        let f = files(&[
            ("splits.json", r#"{"heldout_cwes": ["CWE-78"], "note": "x"}"#),
            (
                "python/py-cwe078-ping/task.json",
                r#"{"language":"python","cwes":["CWE-78"],"description":"ping a host","split":"heldout"}"#,
            ),
            ("python/py-cwe078-ping/golden.py", "def ping(h):\n    pass\n"),
            ("python/py-cwe078-ping/vulnerable.py", "V"),
            ("python/py-cwe078-ping/functional_test.py", "F"),
        ]);
        let s = parse_suite_files(Path::new("suite"), &f).unwrap();
        assert_eq!(s.tasks.len(), 1);
        let t = &s.tasks[0];
        assert_eq!(t.id, "py-cwe078-ping");
        assert_eq!(t.golden, "def ping(h):\n    pass\n");
        assert_eq!(t.vulnerable.as_deref(), Some("V"));
        assert_eq!(t.functional_tests.as_deref(), Some("F"));
        assert_eq!(t.security_tests, None);
        assert_eq!(t.source, Some(Source::Embedded));
        assert!(s.has_heldout_cwe(t));
        assert_eq!(s.splits.other["note"], "x");
    }

    #[test]
    fn errors_name_the_file() {
        let f = files(&[
            (
                "c/c-cwe787-copy/task.json",
                "{\"language\":\"c\",\n\"cwes\":[\"CWE-787\"],\n\"description\":1}",
            ),
            ("c/c-cwe787-copy/golden.c", "int f(void){return 0;}"),
        ]);
        let e = parse_suite_files(Path::new("suite"), &f).unwrap_err().to_string();
        assert!(e.starts_with("suite/c/c-cwe787-copy/task.json"), "{e}");
        let f = files(&[
            (
                "c/c-cwe787-copy/task.json",
                r#"{"language":"c","cwes":["CWE-787"],"description":"d"}"#,
            ),
            ("c/c-cwe787-copy/golden.c", "x"),
            ("c/c-cwe787-copy/functional_tests.c", "typo in the name"),
        ]);
        let e = parse_suite_files(Path::new("suite"), &f).unwrap_err().to_string();
        assert!(e.contains("functional_tests.c: unexpected file"), "{e}");
        let f = files(&[(
            "go/g/task.json",
            r#"{"language":"go","cwes":["CWE-22"],"description":"d"}"#,
        )]);
        let e = parse_suite_files(Path::new("suite"), &f).unwrap_err().to_string();
        assert!(e.contains("missing golden.go"), "{e}");
    }
}
