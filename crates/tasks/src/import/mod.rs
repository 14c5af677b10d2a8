//! Importers from public datasets into [`Task`](crate::Task)s. Each reads a file given by path, so
//! users point them at their own copies; errors name `file:line` (or the record index for JSON arrays).

pub mod safecoder;
pub mod seccodeplt;
pub mod securityeval;
pub mod tsp_paper;

/// `cwe-079` → `079` style tag used in imported ids (`sven-python-cwe079-0012`).
pub(crate) fn cwe_tag(cwe: &str) -> String {
    let n: u32 = cwe.trim_start_matches("CWE-").parse().unwrap_or(0);
    format!("cwe{n:03}")
}
