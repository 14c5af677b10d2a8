//! Accuracy on vulnerable/fixed pairs (SVEN, SafeCoder): for each pair, is the vulnerable version flagged
//! with the pair's CWE (recall), and is the fixed version (false alarm)? Prints a table per CWE and
//! language, and with `--out FILE` writes one JSON line per pair for other tools' results to join.
//!
//! Usage: cargo run --release -p tsp-oracle --example pair_accuracy -- FILE.jsonl... [--out pairs.jsonl] [--show-misses CWE]

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;
use tsp_oracle::{Language, Scanner};

/// CWEs that name the same weakness at different granularity; a finding in the group matches the label.
fn group(cwe: u16) -> &'static [u16] {
    match cwe {
        119 | 120 | 121 | 122 | 125 | 787 | 805 | 131 => &[119, 120, 121, 122, 125, 787, 805, 131],
        94 | 95 => &[94, 95],
        327 | 328 | 916 | 326 => &[327, 328, 916, 326],
        400 | 1333 | 730 => &[400, 1333, 730],
        22 | 23 | 36 | 73 => &[22, 23, 36, 73],
        79 | 80 | 116 => &[79, 80, 116],
        190 | 191 | 681 => &[190, 191, 681],
        // Prototype pollution: SafeCoder labels it 915, the precise CWE is 1321.
        915 | 1321 => &[915, 1321],
        _ => &[],
    }
}

pub fn matches(label: u16, found: u16) -> bool {
    label == found || group(label).contains(&found)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut files = Vec::new();
    let mut out_path = None;
    let mut show: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out_path = it.next().cloned(),
            "--show-misses" => show = it.next().cloned(),
            _ => files.push(a.clone()),
        }
    }
    let scanner = Scanner::default();
    let mut rows: BTreeMap<(String, String), [usize; 3]> = BTreeMap::new();
    let mut out = out_path.map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("create --out")));
    let mut n_sources = 0usize;
    let mut elapsed = 0f64;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let rec: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1));
            let name = rec["file_name"].as_str().unwrap_or("");
            let Some(lang) = Language::from_path(std::path::Path::new(name)) else {
                continue;
            };
            let vul_type = rec["vul_type"].as_str().unwrap_or("");
            let cwe: u16 = vul_type.trim_start_matches("cwe-").parse().unwrap_or(0);
            let before = rec["func_src_before"].as_str().unwrap_or("");
            let after = rec["func_src_after"].as_str().unwrap_or("");
            let t = Instant::now();
            let fb = scanner.scan(lang, before);
            let fa = scanner.scan(lang, after);
            elapsed += t.elapsed().as_secs_f64();
            n_sources += 2;
            let hit_b = fb.iter().any(|f| matches(cwe, f.cwe));
            let hit_a = fa.iter().any(|f| matches(cwe, f.cwe));
            let e = rows
                .entry((format!("CWE-{cwe:03}"), lang.name().to_string()))
                .or_default();
            e[0] += 1;
            e[1] += hit_b as usize;
            e[2] += hit_a as usize;
            if show.as_deref() == Some(vul_type) {
                if !hit_b {
                    println!("MISS {file}:{} {name}", i + 1);
                }
                if hit_a {
                    let f = fa.iter().find(|f| matches(cwe, f.cwe)).unwrap();
                    println!("FALSE {file}:{} {name}: {}", i + 1, f);
                }
            }
            if let Some(o) = out.as_mut() {
                let rec = serde_json::json!({"file": file, "line": i + 1, "file_name": name, "language": lang.name(), "cwe": cwe, "vulnerable_flagged": hit_b, "fixed_flagged": hit_a});
                writeln!(o, "{rec}").unwrap();
            }
        }
    }
    println!(
        "{:<9} {:<11} {:>5} {:>8} {:>8}",
        "CWE", "language", "pairs", "recall", "false"
    );
    let mut tot = [0usize; 3];
    for ((cwe, lang), [n, b, a]) in &rows {
        println!(
            "{cwe:<9} {lang:<11} {n:>5} {:>7.1}% {:>7.1}%",
            100.0 * *b as f64 / *n as f64,
            100.0 * *a as f64 / *n as f64
        );
        tot[0] += n;
        tot[1] += b;
        tot[2] += a;
    }
    println!(
        "{:<9} {:<11} {:>5} {:>7.1}% {:>7.1}%",
        "all",
        "",
        tot[0],
        100.0 * tot[1] as f64 / tot[0] as f64,
        100.0 * tot[2] as f64 / tot[0] as f64
    );
    println!(
        "scanned {n_sources} sources in {elapsed:.3}s on one thread: {:.0} sources/s",
        n_sources as f64 / elapsed
    );
}
