//! Every C rule against its fixture (`tests/fixtures/c`): each line marked `// expect: <rule-id>` must be
//! reported by that rule and nothing else may be reported; safe variants sit below the vulnerable ones.
//! Then the CWE numbers and lines of a few findings, C++ input through the same analyzer, and inputs that
//! must not crash it.

mod common;

use tsp_oracle::{Language, Scanner};

#[test]
fn c_fixtures_match_their_expectations() {
    common::check_fixture_dir("c", Language::C, "//");
}

fn findings(lang: Language, src: &str) -> Vec<(u16, usize, String)> {
    Scanner::default()
        .scan(lang, src)
        .into_iter()
        .map(|f| (f.cwe, f.span.start_line, f.rule))
        .collect()
}

#[test]
fn unchecked_copy_length_is_cwe_787_on_the_length_line() {
    let src = "void f(char *d, const char *s, size_t n)\n{\n\tmemcpy(d, s, n);\n}\n";
    assert_eq!(
        findings(Language::C, src),
        vec![(787, 3, "c-unchecked-copy-length".to_string())]
    );
    let fixed = "void f(char *d, const char *s, size_t n)\n{\n\tif (n > 16)\n\t\treturn;\n\tmemcpy(d, s, n);\n}\n";
    assert!(findings(Language::C, fixed).is_empty());
}

#[test]
fn a_check_of_the_source_variable_checks_what_was_derived_from_it() {
    let src = "int f(const int *t, int i)\n{\n\tint j = i + 1;\n\tif (i >= 15)\n\t\treturn 0;\n\treturn t[j];\n}\n";
    assert!(
        findings(Language::C, src).is_empty(),
        "{:?}",
        findings(Language::C, src)
    );
    let unchecked = "int f(const int *t, int i)\n{\n\tint j = i + 1;\n\treturn t[j];\n}\n";
    assert_eq!(
        findings(Language::C, unchecked),
        vec![(125, 4, "c-out-of-bounds-read".to_string())]
    );
}

#[test]
fn null_and_free_states_have_their_cwes() {
    let src = "void f(void)\n{\n\tchar *p = malloc(8);\n\tp[0] = 1;\n\tfree(p);\n\tp[1] = 2;\n}\n";
    let got = findings(Language::C, src);
    assert!(got.contains(&(476, 4, "c-null-dereference".to_string())), "{got:?}");
    assert!(got.contains(&(416, 6, "c-use-after-free".to_string())), "{got:?}");
}

#[test]
fn a_branch_that_returns_does_not_leak_its_free() {
    let src = "int f(struct s *p, int e)\n{\n\tif (e) {\n\t\tfree(p);\n\t\tgoto out;\n\t}\n\treturn p->n;\nout:\n\treturn -1;\n}\n";
    assert!(
        findings(Language::C, src).is_empty(),
        "{:?}",
        findings(Language::C, src)
    );
}

#[test]
fn cpp_uses_the_c_rules() {
    let src = "int Buffer::get(int idx) {\n  std::string s = name_;\n  delete item_;\n  item_->reset();\n  return data_[idx];\n}\n";
    let got = findings(Language::Cpp, src);
    assert!(got.contains(&(416, 4, "c-use-after-free".to_string())), "{got:?}");
    assert!(got.contains(&(125, 5, "c-out-of-bounds-read".to_string())), "{got:?}");
    let fixed = "int Buffer::get(size_t idx) {\n  if (idx >= data_.size()) return -1;\n  return data_[idx];\n}\n";
    assert!(
        findings(Language::Cpp, fixed).is_empty(),
        "{:?}",
        findings(Language::Cpp, fixed)
    );
}

#[test]
fn deeply_nested_and_broken_input_does_not_crash() {
    let scanner = Scanner::default();
    let mut deep = String::from("void f(int n) {\n");
    for _ in 0..5000 {
        deep.push_str("if (n) { (");
    }
    deep.push_str("n[n] = n * n;");
    scanner.scan(Language::C, &deep);
    scanner.scan(Language::Cpp, &deep);
    let expr = format!("int g(int a) {{ return {}a{}; }}", "(".repeat(20000), ")".repeat(20000));
    scanner.scan(Language::C, &expr);
    scanner.scan_bytes(Language::C, &[0xff, 0xfe, 0x00, b'{', b'(', 0x80]);
    scanner.scan(Language::C, "#define X(a) a[\nint f(){ X(1) }}}}");
}

/// Every C/C++ function of SVEN's validation split scans without a panic (skipped without the data).
#[test]
fn sven_val_c_functions_scan_without_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sven/val");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("note: {} is absent; skipping", dir.display());
        return;
    };
    let scanner = Scanner::default();
    let mut scanned = 0;
    for e in entries {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let rec: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|err| panic!("{}:{}: {err}", path.display(), i + 1));
            let name = rec["file_name"].as_str().unwrap_or("");
            let Some(lang) =
                Language::from_path(std::path::Path::new(name)).filter(|l| matches!(l, Language::C | Language::Cpp))
            else {
                continue;
            };
            for field in ["func_src_before", "func_src_after"] {
                scanner.scan(lang, rec[field].as_str().unwrap_or(""));
                scanned += 1;
            }
        }
    }
    assert!(
        scanned > 50,
        "expected SVEN C functions in {}, scanned {scanned}",
        dir.display()
    );
}

#[test]
fn a_comparison_with_zero_is_not_a_bounds_check() {
    let src = "void f(char *d, const char *s, size_t n)\n{\n\tif (n > 0)\n\t\tmemcpy(d, s, n);\n}\n";
    assert_eq!(
        findings(Language::C, src),
        vec![(787, 4, "c-unchecked-copy-length".to_string())]
    );
}

#[test]
fn a_function_cut_out_without_its_return_type_still_has_tainted_parameters() {
    // SVEN cuts functions at the name when the return type sat on the line before.
    let src = "rfbHandle(rfbClient* client, int idx)\n{\n    return client->table[idx];\n}\n";
    assert_eq!(
        findings(Language::C, src),
        vec![(125, 3, "c-out-of-bounds-read".to_string())]
    );
}

#[test]
fn long_callee_chains_do_not_overflow_the_stack() {
    let chain = format!(
        "void f(struct s *p) {{ {}p{}(1); }}",
        "(".repeat(30000),
        ")".repeat(30000)
    );
    Scanner::default().scan(Language::C, &chain);
    let fields = format!("void f(struct s *p) {{ p{}(1); }}", "->f".repeat(30000));
    Scanner::default().scan(Language::C, &fields);
}

#[test]
fn array_sizes_are_read_from_each_source_not_a_previous_one() {
    // Same length, same layout: only the declared size differs. The rule caches declarations per
    // source; the second scan must not see the first one's `char a[4]`.
    let small = "void f(void)\n{\n\tchar a[4];\n\ta[4] = 0;\n}\n";
    let large = "void f(void)\n{\n\tchar a[8];\n\ta[4] = 0;\n}\n";
    assert_eq!(small.len(), large.len());
    for _ in 0..3 {
        assert_eq!(
            findings(Language::C, small),
            vec![(119, 4, "c-array-size-mismatch".to_string())]
        );
        assert!(
            findings(Language::C, large).is_empty(),
            "{:?}",
            findings(Language::C, large)
        );
    }
}

#[test]
fn cpp_size_check_with_greater_than_is_off_by_one() {
    let src = "Header &MultiPartInputFile::header(int n) {\n  if (n < 0 || n > static_cast<int>(parts.size()))\n    throw IoExc(\"part number out of range\");\n  return parts[n]->header;\n}\n";
    let got = findings(Language::Cpp, src);
    assert!(
        got.contains(&(125, 4, "c-off-by-one-size-check".to_string())),
        "{got:?}"
    );
    let fixed = src.replace("n > static_cast", "n >= static_cast");
    assert!(
        findings(Language::Cpp, &fixed).is_empty(),
        "{:?}",
        findings(Language::Cpp, &fixed)
    );
}

#[test]
fn a_function_cut_out_below_its_return_type_is_analyzed_like_the_whole_one() {
    // The return type sat on the line before the cut. tree-sitter alone reads `copy_name(int` as a macro
    // type, or `copy_name(char *d, ...)` as a call followed by a block, and finds no function.
    for cut in [
        "copy_name(int n, char *d, const char *s)\n{\n\tmemcpy(d, s, n);\n\treturn n;\n}\n",
        "copy_name(char *d, const char *s, size_t n)\n{\n\tmemcpy(d, s, n);\n\treturn 0;\n}\n",
    ] {
        let whole = format!("static int\n{cut}");
        let cut_findings: Vec<_> = findings(Language::C, cut)
            .into_iter()
            .map(|(cwe, line, rule)| (cwe, line + 1, rule))
            .collect();
        assert!(!cut_findings.is_empty(), "{cut}");
        assert_eq!(cut_findings, findings(Language::C, &whole), "{cut}");
    }
}
