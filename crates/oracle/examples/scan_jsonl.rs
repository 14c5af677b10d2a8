//! The library path of `tsp scan --format jsonl`, as a small binary without the rest of the `tsp` CLI
//! (which links the model runtime): used by `bench/oracle.py` to time scanning without candle in the build.
//!
//! Usage: cargo run --release -p tsp-oracle --example scan_jsonl -- PATH...

use std::io::Write;
use tsp_oracle::{collect_files, report, Scanner};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let files = collect_files(&paths).unwrap_or_else(|e| {
        eprintln!("scan_jsonl: {e}");
        std::process::exit(2)
    });
    let scanner = Scanner::default();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut found = false;
    for r in scanner.scan_files(&files, None) {
        match r {
            Ok(r) => {
                for f in &r.findings {
                    found = true;
                    writeln!(out, "{}", report::jsonl_record(&r.path.to_string_lossy(), f)).unwrap();
                }
            }
            Err(e) => eprintln!("scan_jsonl: {e}"),
        }
    }
    out.flush().unwrap();
    std::process::exit(found as i32);
}
