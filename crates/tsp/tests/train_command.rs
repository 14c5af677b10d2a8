//! `tsp train dpo` end to end on tsp-model's tiny llama fixture: it learns to prefer the chosen
//! completions, writes every output of the run folder, resumes a finished run without training
//! again, resumes a stopped LoRA run with dropout to the uninterrupted result, and names FILE:LINE
//! for a bad data line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/tests/fixtures/tiny-llama")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tsp-train-cmd-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tsp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tsp"))
}

/// Pairs whose chosen side always ends in "secure" and rejected in "unsafe".
fn write_pairs(path: &Path, n: usize, offset: usize) {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            serde_json::json!({
                "prompt": format!("def f{}(x):\n    return ", i + offset),
                "chosen": "secure(x)\n",
                "rejected": "unsafe(x)\n",
            })
            .to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn train(dir: &Path, data: &Path) -> std::process::Output {
    train_with(dir, data, &[])
}

fn train_with(dir: &Path, data: &Path, extra: &[&str]) -> std::process::Output {
    tsp()
        .args(["train", "dpo", "--model"])
        .arg(fixture_model())
        .arg("--data")
        .arg(data)
        .arg("--eval")
        .arg(dir.join("heldout.jsonl"))
        .arg("--out")
        .arg(dir.join("run"))
        .args(["--lr", "0.01", "--epochs", "4", "--batch-size", "4", "--max-len", "64"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn dpo_learns_writes_its_outputs_and_resumes() {
    let dir = temp_dir("dpo");
    let data = dir.join("pairs.jsonl");
    write_pairs(&data, 8, 0);
    write_pairs(&dir.join("heldout.jsonl"), 4, 100);
    let out = train(&dir, &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = dir.join("run");
    for f in [
        "config.json",
        "log.jsonl",
        "pairs.ref.jsonl",
        "eval.json",
        "model/config.json",
        "checkpoint",
    ] {
        assert!(run.join(f).exists(), "missing {f}");
    }
    let eval: serde_json::Value = serde_json::from_slice(&std::fs::read(run.join("eval.json")).unwrap()).unwrap();
    assert_eq!(eval["steps"], 8);
    let acc = |k: &str| eval[k]["reward_accuracy"].as_f64().unwrap();
    assert_eq!(acc("train_after"), 1.0, "{eval}");
    assert_eq!(acc("eval_after"), 1.0, "held-out pairs of the same shape: {eval}");
    assert!(
        eval["last_loss"].as_f64().unwrap() < eval["first_loss"].as_f64().unwrap(),
        "{eval}"
    );
    // Every pair's stored reference log-probs are finite numbers.
    let refs = std::fs::read_to_string(run.join("pairs.ref.jsonl")).unwrap();
    for line in refs.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["ref_chosen_logp"].as_f64().unwrap().is_finite(), "{line}");
    }
    // Running the finished run again resumes at its last step and trains no further.
    let again = train(&dir, &data);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let logs = std::fs::read_to_string(run.join("log.jsonl")).unwrap();
    assert_eq!(logs.lines().count(), 8, "no new steps after a resume at the end");
}

/// With LoRA dropout on, a run stopped after 3 steps and started again ends with the same adapter,
/// bit for bit, as a run that was never stopped: the dropout masks come from the seed and the step.
#[test]
fn lora_with_dropout_resumes_to_the_uninterrupted_result() {
    let lora = ["--lora-r", "4", "--lora-alpha", "8", "--lora-dropout", "0.2"];
    let adapter = |dir: &Path| std::fs::read(dir.join("run/adapter/adapter_model.safetensors")).unwrap();
    let (whole, parts) = (temp_dir("dropout-whole"), temp_dir("dropout-parts"));
    for d in [&whole, &parts] {
        write_pairs(&d.join("pairs.jsonl"), 8, 0);
        write_pairs(&d.join("heldout.jsonl"), 2, 100);
    }
    let out = train_with(&whole, &whole.join("pairs.jsonl"), &lora);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stopped = train_with(
        &parts,
        &parts.join("pairs.jsonl"),
        &[&lora[..], &["--max-steps", "3"]].concat(),
    );
    assert!(stopped.status.success(), "{}", String::from_utf8_lossy(&stopped.stderr));
    assert_ne!(adapter(&parts), adapter(&whole), "3 of 8 steps differ from all 8");
    let resumed = train_with(&parts, &parts.join("pairs.jsonl"), &lora);
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    assert_eq!(adapter(&parts), adapter(&whole));
    // Dropout really is on: without it the same run ends elsewhere.
    let other = temp_dir("dropout-off");
    write_pairs(&other.join("pairs.jsonl"), 8, 0);
    write_pairs(&other.join("heldout.jsonl"), 2, 100);
    let out = train_with(
        &other,
        &other.join("pairs.jsonl"),
        &[&lora[..], &["--seed", "1"]].concat(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_ne!(adapter(&other), adapter(&whole));
}

#[test]
fn a_bad_data_line_is_named() {
    let dir = temp_dir("bad");
    let data = dir.join("pairs.jsonl");
    std::fs::write(
        &data,
        "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n{\"prompt\": 1}\n",
    )
    .unwrap();
    write_pairs(&dir.join("heldout.jsonl"), 1, 0);
    let out = train(&dir, &data);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pairs.jsonl:2"), "{err}");
    assert!(!dir.join("run/model").exists(), "nothing trained");
}
