//! [`Scanner`]: parse a source once with tree-sitter, run the enabled rules of its language, and return
//! the findings; scan many files in parallel.

use crate::finding::Finding;
use crate::language::Language;
use crate::lang;
use crate::registry::RuleSet;
use crate::syntax::Prepared;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ScanError {
    #[error("{path}: cannot read: {error}")]
    Read { path: PathBuf, error: std::io::Error },
    #[error("{path}: unknown language (use --lang to choose one of: python, c, cpp, javascript, go)")]
    UnknownLanguage { path: PathBuf },
}

/// Findings of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub language: Language,
    pub findings: Vec<Finding>,
}

/// Scans sources. Build one and reuse it: rule tables are built once, parsers are cached per thread.
pub struct Scanner {
    sets: HashMap<Language, RuleSet>,
}

thread_local! {
    static PARSERS: RefCell<HashMap<Language, tree_sitter::Parser>> = RefCell::new(HashMap::new());
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new(None)
    }
}

impl Scanner {
    /// `cwes`: report only these CWEs (`None`: every rule).
    pub fn new(cwes: Option<&HashSet<u16>>) -> Scanner {
        let sets = Language::ALL.iter().map(|&l| (l, RuleSet::new(l, cwes))).collect();
        Scanner { sets }
    }

    /// Scans one source string. Never panics on bad input: code that does not parse is analyzed as far
    /// as tree-sitter could recover it.
    pub fn scan(&self, language: Language, source: &str) -> Vec<Finding> {
        let rules = &self.sets[&language];
        if rules.is_empty() || source.trim().is_empty() {
            return Vec::new();
        }
        let prep = match language {
            Language::Python => Prepared::dedent(source),
            _ => Prepared::plain(source),
        };
        let tree = PARSERS.with(|cell| {
            let mut parsers = cell.borrow_mut();
            let parser = parsers.entry(language).or_insert_with(|| {
                let mut p = tree_sitter::Parser::new();
                p.set_language(&language.grammar()).expect("bundled grammar matches tree-sitter ABI");
                p
            });
            parser.parse(&prep.text, None)
        });
        let Some(tree) = tree else { return Vec::new() };
        let mut findings = lang::analyze(language, &tree, &prep, rules).findings;
        findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
        findings.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
        findings
    }

    /// Scans bytes that may not be UTF-8 (invalid sequences become U+FFFD).
    pub fn scan_bytes(&self, language: Language, bytes: &[u8]) -> Vec<Finding> {
        self.scan(language, &String::from_utf8_lossy(bytes))
    }

    /// Reads and scans one file; `language` overrides detection by extension.
    pub fn scan_file(&self, path: &Path, language: Option<Language>) -> Result<FileReport, ScanError> {
        let language = language
            .or_else(|| Language::from_path(path))
            .ok_or_else(|| ScanError::UnknownLanguage { path: path.to_path_buf() })?;
        let bytes = std::fs::read(path).map_err(|error| ScanError::Read { path: path.to_path_buf(), error })?;
        Ok(FileReport { path: path.to_path_buf(), language, findings: self.scan_bytes(language, &bytes) })
    }

    /// Scans files in parallel, in the order given. Folders must be expanded first ([`collect_files`]).
    pub fn scan_files(&self, paths: &[PathBuf], language: Option<Language>) -> Vec<Result<FileReport, ScanError>> {
        paths.par_iter().map(|p| self.scan_file(p, language)).collect()
    }
}

/// Expands folders into the source files below them (known extensions only, sorted, skipping hidden
/// folders, `node_modules` and `target`); files named explicitly are kept whatever their extension.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ScanError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|error| ScanError::Read { path: p.clone(), error })?;
        if meta.is_dir() {
            walk(p, &mut out).map_err(|error| ScanError::Read { path: p.clone(), error })?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ft = e.file_type()?;
        if ft.is_dir() {
            if name.starts_with('.') || name == "node_modules" || name == "target" {
                continue;
            }
            walk(&path, out)?;
        } else if ft.is_file() && Language::from_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}
