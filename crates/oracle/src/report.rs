//! Output formats for findings: human-readable text, JSON Lines, and SARIF 2.1.0.

use crate::finding::Finding;
use crate::registry;
use crate::scanner::FileReport;
use serde_json::{json, Value};
use std::io::{self, Write};

/// `path:line:col: CWE-89 [py-sql-injection] message`, one per line, and the offending source line.
pub fn write_text(w: &mut dyn Write, path: &str, source: Option<&str>, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        writeln!(
            w,
            "{path}:{}:{}: {} [{}] {} ({})",
            f.span.start_line,
            f.span.start_col,
            f.cwe_label(),
            f.rule,
            f.message,
            f.severity.as_str()
        )?;
        if let Some(line) = source.and_then(|s| s.lines().nth(f.span.start_line.saturating_sub(1))) {
            writeln!(w, "    {}", line.trim_end())?;
        }
    }
    Ok(())
}

/// One JSON object per finding, with the path added.
pub fn jsonl_record(path: &str, f: &Finding) -> Value {
    json!({
        "path": path,
        "rule": f.rule,
        "cwe": f.cwe_label(),
        "severity": f.severity,
        "message": f.message,
        "line": f.span.start_line,
        "column": f.span.start_col,
        "end_line": f.span.end_line,
        "end_column": f.span.end_col,
    })
}

/// A SARIF 2.1.0 log with one run: every rule of the registry as `tool.driver.rules`, every finding as a
/// result pointing at its rule by index.
pub fn sarif(reports: &[FileReport]) -> Value {
    let metas = registry::all_meta();
    let rules: Vec<Value> = metas
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": { "text": m.summary },
                "helpUri": format!("https://cwe.mitre.org/data/definitions/{}.html", m.cwe),
                "properties": { "tags": ["security", format!("external/cwe/cwe-{}", m.cwe)], "cwe": format!("CWE-{}", m.cwe) },
                "defaultConfiguration": { "level": m.severity.sarif_level() },
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let uri = r.path.to_string_lossy().replace('\\', "/");
        for f in &r.findings {
            let index = metas.iter().position(|m| m.id == f.rule);
            results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": f.severity.sarif_level(),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": f.span.start_line,
                            "startColumn": f.span.start_col,
                            "endLine": f.span.end_line,
                            "endColumn": f.span.end_col,
                        }
                    }
                }],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tsp-oracle",
                "informationUri": "https://github.com/tsp-rs/tsp",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}
