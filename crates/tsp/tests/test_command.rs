//! `tsp test` end to end on a tiny task file: scores, JSON output, and errors that name file:line.

use std::process::Command;

const TASK: &str = r#"{"id":"py-cwe078-echo","language":"python","cwes":["CWE-78"],"description":"Echo a name.","golden":"import subprocess\ndef echo(name):\n    return subprocess.run(['echo', name], capture_output=True, text=True).stdout\n","vulnerable":"import subprocess\ndef echo(name):\n    return subprocess.run('echo ' + name, shell=True, capture_output=True, text=True).stdout\n","functional_tests":"from solution import echo\ndef test_echo():\n    assert echo('bob') == 'bob\\n'\n","security_tests":"import os\nfrom solution import echo\ndef test_no_injection():\n    echo('x; touch pwned')\n    assert not os.path.exists('pwned')\n"}"#;

/// A fresh directory under the system temp dir (this crate has no tempfile dev-dependency).
fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("tsp-test-cmd-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tsp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tsp"))
}

#[test]
fn scores_golden_vulnerable_and_given_solutions() {
    let dir = temp_dir("scores");
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{TASK}\n")).unwrap();
    let run = |extra: &[&str]| {
        let out = tsp()
            .arg("test")
            .arg(&tasks)
            .args(["--format", "json", "--timeout", "5"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let o = &v["report"]["overall"];
        (
            o["pass_at_1"].as_f64().unwrap(),
            o["sec_at_1"].as_f64().unwrap(),
            o["secure_pass_at_1"].as_f64().unwrap(),
        )
    };
    assert_eq!(run(&[]), (1.0, 1.0, 1.0));
    assert_eq!(run(&["--vulnerable"]), (1.0, 0.0, 0.0));
    // Two samples: one golden-like, one broken: pass@1 = 1/2.
    let sols = dir.join("solutions.jsonl");
    std::fs::write(
        &sols,
        concat!(
            r#"{"task_id":"py-cwe078-echo","solution":"import subprocess\ndef echo(name):\n    return subprocess.run(['echo', name], capture_output=True, text=True).stdout\n"}"#,
            "\n",
            r#"{"task_id":"py-cwe078-echo","solution":"def echo(name):\n    return name\n"}"#,
            "\n"
        ),
    )
    .unwrap();
    let sols_arg = sols.to_str().unwrap();
    assert_eq!(run(&["--solutions", sols_arg]), (0.5, 1.0, 0.5));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_names_file_and_line() {
    let dir = temp_dir("errors");
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{TASK}\n{{\"id\": 1}}\n")).unwrap();
    let out = tsp().arg("test").arg(&tasks).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("tsp: ") && err.contains("tasks.jsonl:2: "), "{err}");

    std::fs::write(&tasks, format!("{TASK}\n")).unwrap();
    let sols = dir.join("s.jsonl");
    std::fs::write(
        &sols,
        "{\"task_id\":\"py-cwe078-echo\",\"solution\":\"x\"}\n{\"task_id\":\"nope\",\"solution\":\"x\"}\n",
    )
    .unwrap();
    let out = tsp()
        .arg("test")
        .arg(&tasks)
        .arg("--solutions")
        .arg(&sols)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s.jsonl:2: unknown task id \"nope\""), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
