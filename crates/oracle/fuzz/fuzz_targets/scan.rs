//! Fuzzes the scan entry point: the first byte picks the language, the rest is the source, as bytes
//! (invalid UTF-8 included). Any panic, overflow or sanitizer report is a bug.
//!
//! Run: cd crates/oracle/fuzz && cargo fuzz run scan (needs a nightly toolchain or RUSTC_BOOTSTRAP=1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tsp_oracle::{Language, Scanner};

static SCANNER: OnceLock<Scanner> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&pick, source)) = data.split_first() else { return };
    let language = Language::ALL[pick as usize % Language::ALL.len()];
    let scanner = SCANNER.get_or_init(Scanner::default);
    for f in scanner.scan_bytes(language, source) {
        // Spans must stay inside the input.
        assert!(f.span.start_line >= 1 && f.span.start_line <= f.span.end_line);
    }
});
