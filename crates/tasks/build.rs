//! Embeds the repository's `suite/` folder into the crate, so that `tsp_tasks::embedded_suite()`
//! works on a machine that has only the binary. Files are embedded as bytes and parsed at run time
//! by the same code as `load_suite_dir`: a bad task file is a run-time error naming the file, and
//! never breaks the build for others.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let suite = manifest.join("../../suite");
    // A directory makes cargo rescan every file beneath it for changes.
    println!("cargo:rerun-if-changed={}", suite.display());
    let mut files = Vec::new();
    if suite.is_dir() {
        walk(&suite, &suite, &mut files);
    }
    files.sort();
    let mut src = String::from("/// Files of `suite/` at build time: (path relative to `suite/`, contents).\n");
    src.push_str("pub(crate) static SUITE_FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        let abs = abs.canonicalize().unwrap_or_else(|_| abs.clone());
        writeln!(src, "    ({rel:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_suite.rs");
    std::fs::write(out, src).unwrap();
}

/// Collects regular files under `dir`, skipping hidden and editor backup files.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out);
        } else if path.is_file() {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
}
