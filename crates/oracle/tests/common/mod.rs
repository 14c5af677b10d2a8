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
