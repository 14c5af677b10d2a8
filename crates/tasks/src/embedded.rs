//! The suite compiled into the binary (see `build.rs`), so tasks exist on a machine without the repo.

use crate::error::Result;
use crate::suite::{parse_suite_files, Suite};
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded_suite.rs"));

/// The embedded suite, parsed. Errors name files as `embedded:suite/<path>`.
pub fn embedded_suite() -> Result<Suite> {
    let files: BTreeMap<String, Vec<u8>> = SUITE_FILES.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
    parse_suite_files(Path::new("embedded:suite"), &files)
}

/// How many files of `suite/` were embedded at build time.
pub fn embedded_file_count() -> usize {
    SUITE_FILES.len()
}
