//! Where scanning time goes: tree-sitter's parse alone against the whole scan (parse, analysis, rules), on
//! one thread, over the same files. `bench/oracle.py` prints the split; run it under `perf record` to see
//! the analysis' own hot spots.
//!
//! Usage: cargo run --release -p tsp-oracle --example parse_split -- [--rounds N] [--scan-only] PATH...
//! (`--scan-only` skips the parse-only rounds, for profiling the scan alone.)

use std::time::Instant;
use tsp_oracle::syntax::Prepared;
use tsp_oracle::{collect_files, Language, Scanner};

fn grammar(language: Language) -> tree_sitter::Language {
    match language {
        Language::Python => tree_sitter_python::LANGUAGE.into(),
        Language::C => tree_sitter_c::LANGUAGE.into(),
        Language::Cpp => tree_sitter_cpp::LANGUAGE.into(),
        Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Language::Go => tree_sitter_go::LANGUAGE.into(),
        Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
        Language::Java => tree_sitter_java::LANGUAGE.into(),
    }
}

fn main() {
    // A stack as large as `Scanner::scan_files`' workers have, so that `scan` runs as it does there.
    std::thread::Builder::new()
        .stack_size(80 << 20)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("parse_split");
}

fn run() {
    let mut rounds = 5usize;
    let mut scan_only = false;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--scan-only" {
            scan_only = true;
        } else if a == "--rounds" {
            rounds = args.next().and_then(|r| r.parse().ok()).expect("--rounds N");
        } else {
            paths.push(std::path::PathBuf::from(a));
        }
    }
    let files = collect_files(&paths).unwrap_or_else(|e| {
        eprintln!("parse_split: {e}");
        std::process::exit(2)
    });
    let sources: Vec<(Language, String)> = files
        .iter()
        .filter_map(|p| {
            let lang = Language::from_path(p)?;
            let bytes = std::fs::read(p).ok()?;
            Some((lang, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect();
    let scanner = Scanner::default();
    let mut parsers: Vec<(Language, tree_sitter::Parser)> = Language::ALL
        .iter()
        .map(|&l| {
            let mut p = tree_sitter::Parser::new();
            p.set_language(&grammar(l)).expect("grammar");
            (l, p)
        })
        .collect();
    // Best of `rounds` for each side, so that a busy machine inflates neither.
    let (mut parse_best, mut scan_best) = (f64::MAX, f64::MAX);
    let mut findings = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        for (lang, src) in sources.iter().filter(|_| !scan_only) {
            let prep = match lang {
                Language::Python => Prepared::dedent(src),
                Language::Ruby => Prepared::plain(src),
                _ => Prepared::closed(src),
            };
            let parser = &mut parsers.iter_mut().find(|(l, _)| l == lang).expect("parser").1;
            std::hint::black_box(parser.parse(&prep.text, None));
        }
        parse_best = parse_best.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        findings = 0;
        for (lang, src) in &sources {
            findings += scanner.scan(*lang, src).len();
        }
        scan_best = scan_best.min(t.elapsed().as_secs_f64());
    }
    let n = sources.len() as f64;
    println!(
        "files {} findings {findings} | parse {:.3} ms/file | scan {:.3} ms/file | analysis and rules {:.3} ms/file ({:.0}% of the scan)",
        sources.len(),
        1000.0 * parse_best / n,
        1000.0 * scan_best / n,
        1000.0 * (scan_best - parse_best).max(0.0) / n,
        100.0 * (scan_best - parse_best).max(0.0) / scan_best
    );
}
