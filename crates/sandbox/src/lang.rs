//! Per-language conventions: which files a program directory holds, how it is built, how tests are
//! found and started, and how their output is read. See `docs/tasks.md` for the conventions that
//! test authors follow.

use crate::program::Program;
use crate::result::{Outcome, TestKind};
use regex::Regex;
use std::sync::OnceLock;
use tsp_tasks::Language;

pub(crate) const PY_HARNESS: &str = include_str!("harness/tsp_harness.py");
pub(crate) const JS_HARNESS: &str = include_str!("harness/tsp_harness.js");
pub(crate) const C_HEADER: &str = include_str!("harness/tsp_test.h");

/// How tests are found.
pub(crate) enum Discovery {
    /// The harness prints the plan when it starts (Python, JavaScript).
    Harness,
    /// Found in the test sources before running (C, Go): (kind, name) pairs.
    Static(Vec<(TestKind, String)>),
}

/// How test processes are started.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Batching {
    /// All (remaining) tests in one process.
    Batch,
    /// One process per test.
    PerTest,
}

/// How output lines are read into events.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// `@@TSP <nonce> {json}` lines from our harnesses.
    Marker,
    /// `go test -v` lines (`=== RUN`, `--- PASS:`).
    GoTest,
}

/// One test event read from a process's output.
#[derive(Debug, PartialEq)]
pub(crate) enum Event {
    Plan(Vec<String>),
    Start(String),
    Result {
        id: String,
        outcome: Outcome,
        message: String,
    },
}

/// Test file name for a kind: `functional_test.py`.
pub(crate) fn test_file(kind: TestKind, lang: Language) -> String {
    format!("{}_test.{}", kind.stem(), lang.extension())
}

/// Test id as the harnesses write it: `functional::test_name`.
pub(crate) fn test_id(kind: TestKind, name: &str) -> String {
    format!("{}::{name}", kind.stem())
}

/// Splits a test id into kind and name.
pub(crate) fn split_id(id: &str) -> Option<(TestKind, &str)> {
    let (k, n) = id.split_once("::")?;
    let kind = match k {
        "functional" => TestKind::Functional,
        "security" => TestKind::Security,
        _ => return None,
    };
    Some((kind, n))
}

/// The test sources of a program, by kind.
pub(crate) fn sources(p: &Program) -> Vec<(TestKind, &str)> {
    let mut v = Vec::new();
    if let Some(s) = &p.functional_tests {
        v.push((TestKind::Functional, s.as_str()));
    }
    if let Some(s) = &p.security_tests {
        v.push((TestKind::Security, s.as_str()));
    }
    v
}

fn c_test_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)^\s*TEST\s*\(\s*([A-Za-z_]\w*)\s*\)").unwrap())
}

fn go_test_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)^func\s+(Test[A-Za-z0-9_]*)\s*\(\s*\w+\s+\*testing\.T\s*\)").unwrap())
}

/// Tests declared in C (`TEST(name)`) or Go (`func TestX(t *testing.T)`) sources.
pub(crate) fn static_tests(p: &Program) -> Vec<(TestKind, String)> {
    let re = match p.language {
        Language::Go => go_test_re(),
        _ => c_test_re(),
    };
    let mut out = Vec::new();
    for (kind, src) in sources(p) {
        for c in re.captures_iter(src) {
            out.push((kind, c[1].to_string()));
        }
    }
    out
}

/// The generated translation unit for C/C++: header, solution, tests, and a `main` that runs the
/// test named by argv[2] (argv[1] is the nonce).
pub(crate) fn c_main(p: &Program, tests: &[(TestKind, String)]) -> String {
    let ext = p.language.extension();
    let mut s = String::from("#define _GNU_SOURCE 1\n#include \"tsp_test.h\"\n");
    s.push_str(&format!("#include \"solution.{ext}\"\n"));
    for (kind, _) in sources(p) {
        s.push_str(&format!("#include \"{}\"\n", test_file(kind, p.language)));
    }
    s.push_str("\nint main(int argc, char **argv) {\n  if (argc != 3) return 2;\n  tsp_nonce = argv[1];\n  tsp_current = argv[2];\n");
    for (kind, name) in tests {
        let id = test_id(*kind, name);
        s.push_str(&format!(
            "  if (strcmp(argv[2], \"{id}\") == 0) {{ tsp_test_{name}(); tsp_emit(\"pass\", \"\"); return 0; }}\n"
        ));
    }
    s.push_str("  fprintf(stderr, \"no such test: %s\\n\", argv[2]);\n  return 2;\n}\n");
    s
}

/// Parses one kept output line.
pub(crate) fn parse_event(proto: Protocol, nonce: &str, line: &str) -> Option<Event> {
    match proto {
        Protocol::Marker => {
            let tag = format!("@@TSP {nonce} ");
            let at = line.find(&tag)?;
            let v: serde_json::Value = serde_json::from_str(&line[at + tag.len()..]).ok()?;
            let id = v.get("id").and_then(|x| x.as_str()).map(str::to_string);
            match v.get("ev")?.as_str()? {
                "plan" => Some(Event::Plan(
                    v.get("ids")?
                        .as_array()?
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect(),
                )),
                "start" => Some(Event::Start(id?)),
                "result" => {
                    let outcome = match v.get("outcome")?.as_str()? {
                        "pass" => Outcome::Pass,
                        "fail" => Outcome::Fail,
                        "timeout" => Outcome::Timeout,
                        _ => Outcome::Error,
                    };
                    let message = v.get("message").and_then(|m| m.as_str()).unwrap_or("").to_string();
                    Some(Event::Result {
                        id: id?,
                        outcome,
                        message,
                    })
                }
                _ => None,
            }
        }
        Protocol::GoTest => {
            if let Some(rest) = line.strip_prefix("=== RUN") {
                let name = rest.trim();
                return (!name.contains('/')).then(|| Event::Start(name.to_string()));
            }
            for (tag, outcome) in [
                ("--- PASS: ", Outcome::Pass),
                ("--- FAIL: ", Outcome::Fail),
                ("--- SKIP: ", Outcome::Fail),
            ] {
                if let Some(rest) = line.strip_prefix(tag) {
                    let name = rest.split_whitespace().next()?;
                    if name.contains('/') {
                        return None;
                    }
                    let message = if tag == "--- SKIP: " {
                        "test skipped".to_string()
                    } else {
                        String::new()
                    };
                    return Some(Event::Result {
                        id: name.to_string(),
                        outcome,
                        message,
                    });
                }
            }
            None
        }
    }
}

/// Whether a line is worth keeping for [`parse_event`].
pub(crate) fn is_event_line(proto: Protocol, nonce: &str, line: &str) -> bool {
    match proto {
        Protocol::Marker => line.contains("@@TSP ") && line.contains(nonce),
        Protocol::GoTest => line.starts_with("=== RUN") || line.starts_with("--- "),
    }
}

/// A Go source file that imports much of the standard library, compiled once per sandbox to warm
/// the Go build cache that every Go program's build then starts from (a cold build takes ~4 s).
pub(crate) const GO_SEED_TEST: &str = r#"package solution

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var _ = []interface{}{bytes.Compare, hmac.New, rand.Read, sha256.Sum256, subtle.ConstantTimeCompare,
	base64.StdEncoding, hex.EncodeToString, json.Marshal, errors.New, fmt.Sprintf, html.EscapeString,
	template.New, io.Copy, url.Parse, os.Open, exec.Command, filepath.Join, regexp.MustCompile,
	sort.Strings, strconv.Itoa, strings.Contains}

func TestSeed(t *testing.T) {}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_lines_parse() {
        assert_eq!(
            parse_event(Protocol::GoTest, "", "=== RUN   TestA"),
            Some(Event::Start("TestA".into()))
        );
        assert_eq!(
            parse_event(Protocol::GoTest, "", "--- FAIL: TestB (0.00s)"),
            Some(Event::Result {
                id: "TestB".into(),
                outcome: Outcome::Fail,
                message: String::new()
            })
        );
        assert_eq!(
            parse_event(Protocol::GoTest, "", "    --- PASS: TestB/sub (0.00s)"),
            None
        );
    }

    #[test]
    fn markers_need_the_nonce() {
        let line = r#"noise@@TSP abc {"ev":"result","id":"security::t","outcome":"fail","message":"m"}"#;
        assert!(matches!(
            parse_event(Protocol::Marker, "abc", line),
            Some(Event::Result {
                outcome: Outcome::Fail,
                ..
            })
        ));
        assert_eq!(parse_event(Protocol::Marker, "xyz", line), None);
    }

    #[test]
    fn static_discovery() {
        let p = Program {
            id: "x".into(),
            language: Language::C,
            source: String::new(),
            functional_tests: Some("TEST(adds) { CHECK(1); }\n  TEST( b2 ){}\n".into()),
            security_tests: Some("// TEST(not_me) is a comment? no: only line starts\nTEST(overflow) {}".into()),
        };
        let t = static_tests(&p);
        assert_eq!(t.len(), 3);
        assert_eq!(t[2], (TestKind::Security, "overflow".to_string()));
    }
}
