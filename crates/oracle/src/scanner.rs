//! [`Scanner`]: parse a source once with tree-sitter, run the enabled rules of its language, and return
//! the findings; scan many files in parallel.

use crate::finding::Finding;
use crate::lang;
use crate::language::Language;
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
    #[error("{path}: unknown language (use --lang to choose one of: python, c, cpp, javascript, go, ruby, java)")]
    UnknownLanguage { path: PathBuf },
    #[error("{path}: not scanned: parsing as {language} took longer than its budget (is the language right?)")]
    ParseBudget { path: PathBuf, language: Language },
}

/// Time allowed to parse one source: 1 s plus 0.5 s per MiB. tree-sitter's error recovery is
/// superlinear on text that is far from the grammar (400 KiB of Python read as C++ takes a minute),
/// while real code parses at several MiB/s.
fn parse_budget(bytes: usize) -> std::time::Duration {
    std::time::Duration::from_millis(1000 + (bytes as u64 * 500) / (1024 * 1024))
}

/// Parses `text` with this thread's cached parser for `language`; `None` when the parse ran past
/// `started + budget`.
fn parse_within(
    language: Language,
    text: &str,
    started: std::time::Instant,
    budget: std::time::Duration,
) -> Option<tree_sitter::Tree> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let parser = parsers.entry(language).or_insert_with(|| {
            let mut p = tree_sitter::Parser::new();
            p.set_language(&language.grammar())
                .expect("bundled grammar matches tree-sitter ABI");
            p
        });
        let bytes = text.as_bytes();
        let mut read = |offset: usize, _: tree_sitter::Point| &bytes[offset.min(bytes.len())..];
        // Returning true from the progress callback cancels the parse.
        let mut over_budget = |_: &tree_sitter::ParseState| started.elapsed() > budget;
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut over_budget);
        let tree = parser.parse_with_options(&mut read, None, Some(options));
        if tree.is_none() {
            parser.reset();
        }
        tree
    })
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

/// Workers for [`Scanner::scan_files`] (one process-wide pool), with stacks as large as an analysis may
/// need, so that no file pays for a fresh stack (mapping 64 MiB and faulting its pages in was a tenth of
/// the analysis time). `None` if the pool could not be built: the global pool is used then.
static SCAN_POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();

/// Stack for one analysis: enough for the deepest walk the analyzers allow, in debug builds too.
const ANALYSIS_STACK: usize = 64 * 1024 * 1024;

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
    /// as tree-sitter could recover it. A source whose parse exceeds the budget gets no findings; use
    /// [`Scanner::try_scan`] to tell that apart.
    pub fn scan(&self, language: Language, source: &str) -> Vec<Finding> {
        self.try_scan(language, source).unwrap_or_default()
    }

    /// Like [`Scanner::scan`], but `None` when parsing took longer than its budget.
    pub fn try_scan(&self, language: Language, source: &str) -> Option<Vec<Finding>> {
        let rules = &self.sets[&language];
        if rules.is_empty() || source.trim().is_empty() {
            return Some(Vec::new());
        }
        let prep = match language {
            Language::Python => Prepared::dedent(source),
            // Ruby closes blocks with `end`, not brackets: nothing to close for it.
            Language::Ruby => Prepared::plain(source),
            _ => Prepared::closed(source),
        };
        let started = std::time::Instant::now();
        let budget = parse_budget(prep.text.len());
        let tree = parse_within(language, &prep.text, started, budget)?;
        // A C function cut out with its return type on the line before parses as no definition at all;
        // read again with a type in place of the name's first bytes (offsets unchanged), it does.
        let tree = match lang::c::retyped_head(language, &tree, &prep.text) {
            Some(text) => parse_within(language, &text, started, budget)
                .filter(lang::c::has_definition)
                .unwrap_or(tree),
            None => tree,
        };
        // The analyzers walk the tree recursively (with depth limits); give them a stack that the deepest
        // allowed walk fits in, whatever thread we are on (rayon workers and test threads have 2 MiB; the
        // workers of `scan_files` have enough, and skip the new stack).
        let mut findings = stacker::maybe_grow(ANALYSIS_STACK / 2, ANALYSIS_STACK, || {
            lang::analyze(language, &tree, &prep, rules).findings
        });
        findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
        findings.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
        Some(findings)
    }

    /// Scans bytes that may not be UTF-8 (invalid sequences become U+FFFD).
    pub fn scan_bytes(&self, language: Language, bytes: &[u8]) -> Vec<Finding> {
        self.scan(language, &String::from_utf8_lossy(bytes))
    }

    /// Reads and scans one file; `language` overrides detection by extension.
    pub fn scan_file(&self, path: &Path, language: Option<Language>) -> Result<FileReport, ScanError> {
        let language = language
            .or_else(|| Language::from_path(path))
            .ok_or_else(|| ScanError::UnknownLanguage {
                path: path.to_path_buf(),
            })?;
        let bytes = std::fs::read(path).map_err(|error| ScanError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        let findings = self
            .try_scan(language, &String::from_utf8_lossy(&bytes))
            .ok_or_else(|| ScanError::ParseBudget {
                path: path.to_path_buf(),
                language,
            })?;
        Ok(FileReport {
            path: path.to_path_buf(),
            language,
            findings,
        })
    }

    /// Scans files in parallel, in the order given. Folders must be expanded first ([`collect_files`]).
    pub fn scan_files(&self, paths: &[PathBuf], language: Option<Language>) -> Vec<Result<FileReport, ScanError>> {
        let scan = || paths.par_iter().map(|p| self.scan_file(p, language)).collect();
        let pool = SCAN_POOL.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .stack_size(ANALYSIS_STACK + ANALYSIS_STACK / 8)
                .thread_name(|i| format!("tsp-scan-{i}"))
                .build()
                .ok()
        });
        match pool {
            Some(p) => p.install(scan),
            None => scan(),
        }
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
