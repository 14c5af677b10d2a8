//! SafeCoder and SVEN pairs: one JSON object per line with the vulnerable function
//! (`func_src_before`), its fix (`func_src_after`), `vul_type` (`cwe-089`), `file_name` (the language
//! comes from its extension) and, for SafeCoder, a `description`. The lines the fix added
//! (`line_changes.added`) become risk nodes: they are where the secure and vulnerable code part ways.

use crate::error::{Error, Result};
use crate::import::cwe_tag;
use crate::jsonl::json_message;
use crate::task::{normalize_cwe, Language, Node, Source, Task};
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One SafeCoder/SVEN record (only the fields we use).
#[derive(Deserialize)]
pub(crate) struct PairRecord {
    pub func_name: String,
    pub func_src_before: String,
    pub func_src_after: String,
    pub file_name: String,
    pub vul_type: String,
    #[serde(default)]
    pub description: Option<String>,
    /// An object `{"added": [{"line_no": ..}], "deleted": [..]}`; some copies store it as a
    /// Python-literal string, which carries no usable nodes here and is ignored.
    #[serde(default)]
    pub line_changes: serde_json::Value,
}

/// Reads a SafeCoder or SVEN JSONL file; `source` labels the tasks (`Safecoder` or `Sven`).
/// Ids are `<source>-<folder>-<file stem>-<line>-<language>-cwe<NNN>` (the line in this file), so
/// they are stable and SVEN's `train/cwe-089.jsonl` and `val/cwe-089.jsonl` do not collide.
pub fn import_pairs(path: &Path, source: Source) -> Result<Vec<Task>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let tag = match source {
        Source::Sven => "sven",
        Source::TspPaper => "tsp-paper",
        _ => "safecoder",
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| format!("{}-", s.to_string_lossy()))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::record(path, i + 1, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: PairRecord = serde_json::from_str(&line).map_err(|e| Error::record(path, i + 1, json_message(&e)))?;
        let task = pair_to_task(&rec, &format!("{tag}-{folder}{stem}-{:04}", i + 1), source)
            .map_err(|m| Error::record(path, i + 1, m))?;
        out.push(task);
    }
    Ok(out)
}

/// Builds a task from one pair; `id_base` is made unique by the caller.
pub(crate) fn pair_to_task(rec: &PairRecord, id_base: &str, source: Source) -> Result<Task, String> {
    let ext = rec.file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let language =
        Language::from_extension(ext).ok_or_else(|| format!("unknown language for file_name {:?}", rec.file_name))?;
    let cwe = normalize_cwe(&rec.vul_type).ok_or_else(|| format!("bad vul_type {:?}", rec.vul_type))?;
    let golden_lines = rec.func_src_after.lines().count();
    let mut nodes: Vec<Node> = Vec::new();
    if let Some(added) = rec.line_changes.get("added").and_then(|a| a.as_array()) {
        for a in added {
            let Some(line) = a.get("line_no").and_then(|n| n.as_u64()) else {
                continue;
            };
            let line = line as usize;
            let blank = a
                .get("line")
                .and_then(|l| l.as_str())
                .is_some_and(|l| l.trim().is_empty());
            if line >= 1 && line <= golden_lines && !blank && !nodes.iter().any(|n| n.line == line) {
                nodes.push(Node {
                    line,
                    cwe: cwe.clone(),
                    note: "line added by the fix".into(),
                });
            }
        }
    }
    let description = match &rec.description {
        Some(d) if !d.trim().is_empty() => d.clone(),
        // SVEN has no instructions: name the function and its file, which is all we know.
        _ => format!("Write the function `{}` of `{}`.", rec.func_name, rec.file_name),
    };
    Ok(Task {
        id: format!("{id_base}-{}-{}", language.name(), cwe_tag(&cwe)),
        language,
        cwes: vec![cwe],
        description,
        prefix: None,
        suffix: None,
        golden: rec.func_src_after.clone(),
        vulnerable: Some(rec.func_src_before.clone()),
        functional_tests: None,
        security_tests: None,
        nodes,
        split: None,
        source: Some(source),
    })
}
