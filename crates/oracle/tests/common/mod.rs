//! Fixture checking shared by the per-language rule tests.

use std::collections::BTreeSet;
use std::path::Path;
use tsp_oracle::{Language, Scanner};

/// Scans every file in `tests/fixtures/<dir>` and compares the findings with the `expect:` markers in
/// comments (`# expect: py-sql-injection`, `// expect: c-buffer-overflow`; several ids separated by
/// commas). Fails with every mismatch listed, file and line included.
pub fn check_fixture_dir(dir: &str, language: Language, comment: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let scanner = Scanner::default();
    let mut problems = Vec::new();
    let mut files = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        files += 1;
        let src = std::fs::read_to_string(&path).unwrap();
        let marker = format!("{comment} expect:");
        let mut expected = BTreeSet::new();
        for (i, line) in src.lines().enumerate() {
            if let Some(pos) = line.find(&marker) {
                for id in line[pos + marker.len()..].split(',') {
                    expected.insert((i + 1, id.trim().to_string()));
                }
            }
        }
        let found: BTreeSet<(usize, String)> = scanner
            .scan(language, &src)
            .into_iter()
            .map(|f| (f.span.start_line, f.rule))
            .collect();
        let name = path.file_name().unwrap().to_string_lossy();
        for (line, id) in expected.difference(&found) {
            problems.push(format!("{name}:{line}: expected {id}, not reported"));
        }
        for (line, id) in found.difference(&expected) {
            problems.push(format!("{name}:{line}: unexpected {id}"));
        }
    }
    assert!(files > 0, "no fixtures in {}", root.display());
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// For each `(file stem, rule id, CWE)` of a language's rule table: `tests/fixtures/<dir>/<stem>.vuln.<ext>`
/// is reported by that rule, always with that CWE, and `<stem>.safe.<ext>` exists.
#[allow(dead_code)] // not every test binary that includes this module has a rule table
pub fn check_rule_table(dir: &str, ext: &str, language: Language, rules: &[(&str, &str, u16)]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let scanner = Scanner::default();
    for (stem, id, cwe) in rules {
        let path = root.join(format!("{stem}.vuln.{ext}"));
        let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let found: Vec<_> = scanner
            .scan(language, &src)
            .into_iter()
            .filter(|f| f.rule == *id)
            .collect();
        assert!(!found.is_empty(), "{}: {id} not reported", path.display());
        assert!(
            found.iter().all(|f| f.cwe == *cwe),
            "{}: {id} reported with CWE {}, expected {cwe}",
            path.display(),
            found[0].cwe
        );
        let safe = root.join(format!("{stem}.safe.{ext}"));
        assert!(safe.exists(), "{} is missing", safe.display());
    }
}

/// Every rule the registry has for `language` is listed in its rule table.
#[allow(dead_code)]
pub fn check_every_rule_listed(language: Language, rules: &[(&str, &str, u16)]) {
    let ids: Vec<&str> = rules.iter().map(|r| r.1).collect();
    for m in tsp_oracle::registry::all_meta()
        .into_iter()
        .filter(|m| m.language == language)
    {
        assert!(ids.contains(&m.id), "rule {} has no fixture test", m.id);
    }
}
