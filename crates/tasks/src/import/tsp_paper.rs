//! The TSP paper's annotated SafeCoder set (`sec-new-desc_annotated.json`): a JSON array of SafeCoder
//! records plus `output`, GPT-4o's risk nodes as text blocks:
//!
//! ```text
//! [[1]]
//! [Code_Line]  cursor.execute(query, (user,))
//! [CWE_ID]CWE-89
//! [Description]SQL injection. ...
//! ```
//!
//! Each block's code line is looked up in the golden code (`func_src_after`). The reference code
//! silently turns a node it cannot find into an unconditioned generation; we report it instead.

use crate::error::{Error, Result};
use crate::import::safecoder::{pair_to_task, PairRecord};
use crate::task::{normalize_cwe, Node, Source, Task};
use serde::Deserialize;
use std::path::Path;

/// One risk node as written by the annotator, before its line is looked up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawNode {
    pub index: usize,
    pub code_line: String,
    pub cwe: String,
    pub description: String,
}

/// A node whose code line is not in the golden solution (or whose CWE id is unreadable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmatchedNode {
    pub task_id: String,
    pub node: RawNode,
    pub reason: String,
}

/// The import: tasks with their located nodes, and the nodes that could not be placed.
#[derive(Debug)]
pub struct PaperImport {
    pub tasks: Vec<Task>,
    pub unmatched: Vec<UnmatchedNode>,
    /// Nodes in the file, placed or not.
    pub total_nodes: usize,
}

#[derive(Deserialize)]
struct AnnotatedRecord {
    #[serde(flatten)]
    pair: PairRecord,
    #[serde(default)]
    output: String,
}

/// Reads the annotated JSON. Task ids are `tsp-paper-<n>-<language>-cwe<NNN>` with `n` the 1-based
/// record index (the same record sits on line `n` of SafeCoder's `sec-new-desc.jsonl`).
pub fn import_tsp_paper(path: &Path) -> Result<PaperImport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let records: Vec<AnnotatedRecord> =
        serde_json::from_slice(&bytes).map_err(|e| Error::record(path, e.line(), crate::jsonl::json_message(&e)))?;
    let mut tasks = Vec::with_capacity(records.len());
    let mut unmatched = Vec::new();
    let mut total_nodes = 0;
    for (i, rec) in records.iter().enumerate() {
        let mut task = pair_to_task(&rec.pair, &format!("tsp-paper-{:04}", i + 1), Source::TspPaper)
            .map_err(|m| Error::file(path, format!("record {}: {m}", i + 1)))?;
        let raw = parse_annotation(&rec.output);
        total_nodes += raw.len();
        task.nodes.clear();
        for node in raw {
            let Some(cwe) = first_cwe(&node.cwe) else {
                unmatched.push(UnmatchedNode {
                    task_id: task.id.clone(),
                    reason: format!("unreadable CWE id {:?}", node.cwe),
                    node,
                });
                continue;
            };
            match find_line(&task.golden, &node.code_line) {
                Some(line) => task.nodes.push(Node {
                    line,
                    cwe,
                    note: node.description.clone(),
                }),
                None => unmatched.push(UnmatchedNode {
                    task_id: task.id.clone(),
                    reason: "code line not found in the golden solution".into(),
                    node,
                }),
            }
        }
        tasks.push(task);
    }
    Ok(PaperImport {
        tasks,
        unmatched,
        total_nodes,
    })
}

/// The first `CWE-n` in a field such as `CWE-327` or `CWE-79, CWE-80`.
fn first_cwe(field: &str) -> Option<String> {
    field.split([',', ' ', '/', ';']).find_map(normalize_cwe)
}

/// Parses the annotator's blocks. Text after a tag, and lines that follow it up to the next tag,
/// belong to that tag; code fences are ignored.
pub fn parse_annotation(output: &str) -> Vec<RawNode> {
    #[derive(PartialEq)]
    enum Field {
        None,
        Code,
        Cwe,
        Desc,
    }
    let mut nodes: Vec<RawNode> = Vec::new();
    let mut field = Field::None;
    for line in output.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            continue;
        }
        if let Some(n) = t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
            if let Ok(index) = n.trim().parse() {
                nodes.push(RawNode {
                    index,
                    ..Default::default()
                });
                field = Field::None;
                continue;
            }
        }
        let Some(node) = nodes.last_mut() else { continue };
        if let Some(rest) = line.trim_start().strip_prefix("[Code_Line]") {
            node.code_line = rest.to_string();
            field = Field::Code;
        } else if let Some(rest) = t.strip_prefix("[CWE_ID]") {
            node.cwe = rest.trim().to_string();
            field = Field::Cwe;
        } else if let Some(rest) = t.strip_prefix("[Description]") {
            node.description = rest.trim().to_string();
            field = Field::Desc;
        } else if !t.is_empty() {
            let target = match field {
                Field::Code => &mut node.code_line,
                Field::Desc => &mut node.description,
                Field::Cwe | Field::None => continue,
            };
            target.push('\n');
            target.push_str(if field == Field::Desc { t } else { line });
        }
    }
    for n in &mut nodes {
        n.description = n.description.trim().to_string();
    }
    nodes
}

/// 1-based line of `golden` that holds `code`: exact match after trimming, then with all whitespace
/// collapsed, then (for code of 8+ characters) a golden line that contains the first line of it.
pub fn find_line(golden: &str, code: &str) -> Option<usize> {
    let first = code.lines().map(str::trim).find(|l| !l.is_empty())?;
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines: Vec<&str> = golden.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.trim() == first) {
        return Some(i + 1);
    }
    let want = squash(first);
    if let Some(i) = lines.iter().position(|l| squash(l) == want) {
        return Some(i + 1);
    }
    if want.len() >= 8 {
        if let Some(i) = lines.iter().position(|l| squash(l).contains(&want)) {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_parse_and_lines_are_found() {
        let out = "```\n[[1]]\n[Code_Line]  cur.execute(q, (u,))\n[CWE_ID]CWE-89\n[Description]SQL injection.\nMore text.\n\n[[2]]\n[Code_Line] not_there()\n[CWE_ID]CWE-79, CWE-80\n[Description]x\n```";
        let nodes = parse_annotation(out);
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0].code_line.trim(), "cur.execute(q, (u,))");
        assert_eq!(nodes[0].description, "SQL injection.\nMore text.");
        assert_eq!(first_cwe(&nodes[1].cwe).as_deref(), Some("CWE-79"));
        let golden = "def f(u):\n    q = 'select'\n    cur.execute(q,  (u,))\n";
        assert_eq!(find_line(golden, &nodes[0].code_line), Some(3));
        assert_eq!(find_line(golden, &nodes[1].code_line), None);
    }
}
