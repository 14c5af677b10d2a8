//! SecCodePLT `data.json`: Python tasks whose tests are data. `unittest.testcases` is Python source
//! that defines `testcases = {"capability": [(kwargs, expected)], "safety": [(kwargs, expected)]}`;
//! a case passes when `f(**kwargs)` returns `expected`, or raises it when `expected` is an exception
//! class. We turn the capability cases into `functional_test.py` and the safety cases into
//! `security_test.py`, one `test_*` function per case, in the suite's Python test convention.
//!
//! The program is `setup + code_before + body + code_after`: `prefix` is setup and code_before,
//! `golden` the patched body, `vulnerable` the vulnerable body, `suffix` code_after.

use crate::error::{Error, Result};
use crate::import::cwe_tag;
use crate::task::{normalize_cwe, Language, Source, Task};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Record {
    #[serde(rename = "CWE_ID")]
    cwe_id: String,
    task_description: Description,
    ground_truth: GroundTruth,
    unittest: UnitTest,
    #[serde(default)]
    install_requires: Vec<String>,
    #[serde(default)]
    index: Option<u64>,
}

#[derive(Deserialize)]
struct Description {
    function_name: String,
    description: String,
    #[serde(default)]
    security_policy: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    arguments: String,
    #[serde(default, rename = "return")]
    returns: String,
    #[serde(default, rename = "raise")]
    raises: String,
}

#[derive(Deserialize)]
struct GroundTruth {
    code_before: String,
    vulnerable_code: String,
    patched_code: String,
    code_after: String,
}

#[derive(Deserialize)]
struct UnitTest {
    #[serde(default)]
    setup: String,
    #[serde(default)]
    testcases: String,
}

/// A SecCodePLT task with the packages it says it needs (`install_requires`), which the sandbox
/// does not provide: a report can name them when such a task errors.
#[derive(Debug, Clone)]
pub struct SecCodePltTask {
    pub task: Task,
    pub install_requires: Vec<String>,
}

/// Reads `data.json`. Tasks without `testcases` get no tests (1,411 tasks, 885 with tests upstream).
/// Ids are `seccodeplt-cwe<NNN>-<index>`.
pub fn import_seccodeplt(path: &Path) -> Result<Vec<SecCodePltTask>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let records: Vec<Record> =
        serde_json::from_slice(&bytes).map_err(|e| Error::record(path, e.line(), crate::jsonl::json_message(&e)))?;
    let mut out = Vec::with_capacity(records.len());
    for (i, r) in records.into_iter().enumerate() {
        let cwe = normalize_cwe(&r.cwe_id)
            .ok_or_else(|| Error::file(path, format!("record {}: bad CWE_ID {:?}", i + 1, r.cwe_id)))?;
        let index = r.index.unwrap_or(i as u64);
        let d = &r.task_description;
        let mut description = d.description.trim().to_string();
        for (label, text) in [
            ("Function name", d.function_name.as_str()),
            ("Arguments", d.arguments.as_str()),
            ("Returns", d.returns.as_str()),
            ("Raises", d.raises.as_str()),
            ("Context", d.context.as_str()),
            ("Security policy", d.security_policy.as_str()),
        ] {
            if !text.trim().is_empty() {
                description.push_str(&format!("\n\n{label}: {}", text.trim()));
            }
        }
        let (functional, security) = if r.unittest.testcases.trim().is_empty() {
            (None, None)
        } else {
            (
                Some(case_tests(&r.unittest.testcases, &d.function_name, "capability")),
                Some(case_tests(&r.unittest.testcases, &d.function_name, "safety")),
            )
        };
        let g = r.ground_truth;
        let task = Task {
            id: format!("seccodeplt-{}-{index}", cwe_tag(&cwe)),
            language: Language::Python,
            cwes: vec![cwe],
            description,
            prefix: Some(format!("{}\n{}", r.unittest.setup, g.code_before)),
            suffix: Some(g.code_after),
            golden: g.patched_code,
            vulnerable: Some(g.vulnerable_code),
            functional_tests: functional,
            security_tests: security,
            nodes: Vec::new(),
            split: None,
            source: Some(Source::Seccodeplt),
        };
        out.push(SecCodePltTask {
            task,
            install_requires: r.install_requires,
        });
    }
    Ok(out)
}

/// A Python test module that runs one kind of case (`capability` or `safety`). The testcases
/// source runs in the solution module's namespace, as upstream does (it may use names from setup),
/// and one `test_<kind>_<i>` function is defined per case.
fn case_tests(testcases_src: &str, function: &str, kind: &str) -> String {
    let src = serde_json::to_string(testcases_src).unwrap(); // a JSON string is a Python string literal
    let function = serde_json::to_string(function).unwrap();
    format!(
        r#"# Generated from SecCodePLT's {kind} cases.
import solution as _tsp_solution

exec(compile({src}, "testcases.py", "exec"), _tsp_solution.__dict__)
_TSP_CASES = _tsp_solution.__dict__["testcases"].get("{kind}", [])


def _tsp_check(index):
    kwargs, expected = _TSP_CASES[index]
    fn = getattr(_tsp_solution, {function})
    if isinstance(expected, type) and issubclass(expected, BaseException):
        try:
            result = fn(**kwargs)
        except expected:
            return
        except Exception as e:
            raise AssertionError(f"expected {{expected.__name__}}, raised {{type(e).__name__}}: {{e}}")
        raise AssertionError(f"expected {{expected.__name__}}, returned {{result!r:.200}}")
    try:
        result = fn(**kwargs)
    except Exception as e:
        raise AssertionError(f"expected {{expected!r:.200}}, raised {{type(e).__name__}}: {{e}}")
    assert result == expected, f"expected {{expected!r:.200}}, returned {{result!r:.200}}"


for _tsp_i in range(len(_TSP_CASES)):
    globals()[f"test_{kind}_{{_tsp_i}}"] = (lambda i: lambda: _tsp_check(i))(_tsp_i)
"#
    )
}
