//! JSON Lines: one record per line. Reading is all-or-nothing (the first bad line is an error naming
//! `file:line`, and nothing is returned); writing goes to a temp file that is renamed into place, so a
//! crash never leaves half a file.

use crate::error::{Error, Result};
use crate::task::Task;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Reads every record of a JSON Lines file. Blank lines are skipped.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::record(path, i + 1, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(&line).map_err(|e| Error::record(path, i + 1, json_message(&e)))?;
        out.push(rec);
    }
    Ok(out)
}

/// serde_json's message without its trailing "at line 1 column N" (the line is ours to give).
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => format!("{} (column {})", &s[..i], e.column()),
        None => s,
    }
}

/// Reads tasks, checking each ([`Task::validate`]) and that ids are unique.
pub fn read_tasks(path: &Path) -> Result<Vec<Task>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::record(path, i + 1, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let task: Task = serde_json::from_str(&line).map_err(|e| Error::record(path, i + 1, json_message(&e)))?;
        task.validate().map_err(|m| Error::record(path, i + 1, m))?;
        if !seen.insert(task.id.clone()) {
            return Err(Error::record(path, i + 1, format!("duplicate task id {:?}", task.id)));
        }
        out.push(task);
    }
    Ok(out)
}

/// Writes records atomically: to a temp file beside `path`, then renamed over it.
pub fn write_jsonl<T: Serialize>(path: &Path, records: &[T]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        for rec in records {
            serde_json::to_writer(&mut w, rec).map_err(|e| Error::file(path, e.to_string()))?;
            w.write_all(b"\n").map_err(|e| Error::io(path, e))?;
        }
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"a","language":"python","cwes":["CWE-89"],"description":"d","golden":"x = 1\n"}"#;

    #[test]
    fn bad_record_names_file_and_line_and_loads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.jsonl");
        std::fs::write(&p, format!("{GOOD}\n\n{{\"id\":\"b\",\"language\":\"python\"}}\n")).unwrap();
        let err = read_tasks(&p).unwrap_err().to_string();
        assert!(err.contains("t.jsonl:3: missing field `cwes`"), "{err}");
    }

    #[test]
    fn duplicate_ids_and_unknown_fields_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.jsonl");
        std::fs::write(&p, format!("{GOOD}\n{GOOD}\n")).unwrap();
        assert!(read_tasks(&p)
            .unwrap_err()
            .to_string()
            .contains(":2: duplicate task id"));
        std::fs::write(&p, GOOD.replace("\"golden\"", "\"goldn\"")).unwrap();
        let err = read_tasks(&p).unwrap_err().to_string();
        assert!(err.contains(":1: unknown field `goldn`"), "{err}");
    }

    #[test]
    fn write_then_read_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.jsonl");
        let t: Task = serde_json::from_str(GOOD).unwrap();
        write_jsonl(
            &p,
            &[
                t.clone(),
                Task {
                    id: "b".into(),
                    ..t.clone()
                },
            ],
        )
        .unwrap();
        let back = read_tasks(&p).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0], t);
        // No temp file is left beside the output.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
