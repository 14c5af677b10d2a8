//! No input makes the scanner panic or overflow: every file of the shared corpora, empty and binary
//! input, invalid UTF-8, 10 MB of code, and pathologically nested syntax, in every language.

use std::path::Path;
use tsp_oracle::{Language, ScanError, Scanner};

fn nested(open: &str, close: &str, inner: &str, n: usize) -> String {
    format!("{}{}{}", open.repeat(n), inner, close.repeat(n))
}

#[test]
fn odd_inputs_do_not_panic_in_any_language() {
    let scanner = Scanner::default();
    let big_py = "def f(c, x):\n    c.execute('SELECT * FROM t WHERE a = ' + x)\n".repeat(10 * 1024 * 1024 / 64);
    let binary: Vec<u8> = (0..65536u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\n\n\t  \n".to_vec(),
        binary,
        vec![0xff, 0xfe, 0x00, b'(', 0xc3, 0x28, b'\n'],
        big_py.clone().into_bytes(),
        nested("(", ")", "x", 50_000).into_bytes(),
        nested("[", "]", "", 50_000).into_bytes(),
        nested("{", "}", "", 50_000).into_bytes(),
        format!("x = {}", nested("f(", ")", "1", 20_000)).into_bytes(),
        format!("int main() {{ return {}; }}", nested("(", ")", "1", 20_000)).into_bytes(),
        "def f(:\n  )))\n\tclass\n".into(),
        // Cut off inside 150,000 open brackets (the brace languages close them before parsing), and
        // inside a string and a comment.
        "f({[".repeat(50_000).into_bytes(),
        "g({\"\\\"`'/*".repeat(1_000).into_bytes(),
        // Long chains nest as deep as they are long: 100,000 `+` terms, 60,000 method calls.
        format!("x = {}a;\n", "a + ".repeat(100_000)).into_bytes(),
        format!("x = a{};\n", ".b()".repeat(60_000)).into_bytes(),
    ];
    for lang in Language::ALL {
        for (i, input) in inputs.iter().enumerate() {
            // A panic here fails the test with the language and input index in the message.
            let r = std::panic::catch_unwind(|| scanner.scan_bytes(lang, input));
            assert!(r.is_ok(), "{lang}: input #{i} panicked");
        }
    }
    // The 10 MB file is analyzed, not skipped: every repetition's injection is reported.
    let findings = scanner.scan(Language::Python, &big_py);
    assert!(
        findings.len() > 100_000,
        "only {} findings in 10 MB of injections",
        findings.len()
    );
}

#[test]
fn every_file_of_the_shared_corpora_scans_without_panic() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !data.exists() {
        eprintln!("note: {} not found; corpus robustness not checked", data.display());
        return;
    }
    let scanner = Scanner::default();
    let mut sources = 0;
    let mut files: Vec<_> = ["sven/train", "sven/val", "safecoder/train", "safecoder/val"]
        .iter()
        .flat_map(|d| std::fs::read_dir(data.join(d)).unwrap().map(|e| e.unwrap().path()))
        .collect();
    files.sort();
    for f in files {
        for line in std::fs::read_to_string(&f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let rec: serde_json::Value = serde_json::from_str(line).unwrap();
            let name = rec["file_name"].as_str().unwrap_or("");
            // A file of a language the oracle does not know is scanned as each language in turn: none may panic.
            let langs: Vec<Language> = match Language::from_path(Path::new(name)) {
                Some(l) => vec![l],
                None => Language::ALL.to_vec(),
            };
            for key in ["func_src_before", "func_src_after"] {
                let src = rec[key].as_str().unwrap_or("");
                for &l in &langs {
                    scanner.scan(l, src);
                    sources += 1;
                }
            }
        }
    }
    assert!(sources > 2000, "only {sources} sources scanned");
}

#[test]
fn unreadable_paths_and_unknown_languages_are_named_in_errors() {
    let scanner = Scanner::default();
    let missing = Path::new("/nonexistent/dir/app.py");
    let err = scanner.scan_file(missing, None).unwrap_err();
    assert!(matches!(err, ScanError::Read { .. }));
    assert!(err.to_string().contains("/nonexistent/dir/app.py"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("notes.txt");
    std::fs::write(&odd, "hello").unwrap();
    let err = scanner.scan_file(&odd, None).unwrap_err();
    assert!(matches!(err, ScanError::UnknownLanguage { .. }));
    assert!(
        err.to_string().contains("notes.txt") && err.to_string().contains("--lang"),
        "{err}"
    );
    // With an explicit language the same file scans fine.
    assert!(scanner
        .scan_file(&odd, Some(Language::Python))
        .unwrap()
        .findings
        .is_empty());
}

#[test]
fn a_parse_far_from_the_grammar_is_cut_off_by_the_budget() {
    // 400 KiB of Python read as C++ takes tree-sitter about a minute to error-recover; the budget stops it.
    let python = "def f(c, x):\n    c.execute('SELECT * FROM t WHERE a = ' + x)\n".repeat(400 * 1024 / 64);
    let scanner = Scanner::default();
    assert!(scanner.try_scan(Language::Cpp, &python).is_none());
    // The same text as Python parses within its budget and is analyzed.
    assert_eq!(
        scanner.try_scan(Language::Python, &python).map(|f| f.len()),
        Some(400 * 1024 / 64)
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.cpp");
    std::fs::write(&path, &python).unwrap();
    let err = scanner.scan_file(&path, None).unwrap_err();
    assert!(
        err.to_string().contains("big.cpp") && err.to_string().contains("budget"),
        "{err}"
    );
}
