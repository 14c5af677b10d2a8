//! Parity with transformers on the real SmolLM2-135M GGUF (and Qwen2.5-Coder-0.5B when cached):
//! logits, the first 64 greedy tokens, and token ids of real code files, against the numbers
//! reference/real_model.py recorded. Skips, with a note, when the model is not in the cache
//! (dev/setup.d/30-model.sh puts SmolLM2 there).

use candle_core::{Device, Tensor};
use std::path::PathBuf;
use tsp_model::fetch;
use tsp_model::generate::{generate_ids, GenParams};
use tsp_model::sample::SampleParams;

fn reference(name: &str) -> serde_json::Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}-reference.json"));
    serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap()
}

fn cached(spec: &fetch::ModelSpec) -> Option<PathBuf> {
    let p = fetch::cached_path(spec);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "note: {} not in the model cache ({}); skipping (run dev/setup.d/30-model.sh)",
            spec.name,
            p.display()
        );
        None
    }
}

fn python_stdlib() -> Option<PathBuf> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
        .output()
        .ok()?;
    Some(PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()))
}

fn check(spec: &fetch::ModelSpec, tol: f32) {
    let Some(path) = cached(spec) else { return };
    let r = reference(spec.name);
    let m = tsp_model::load::load(path.to_str().unwrap(), &Device::Cpu).unwrap();
    let mut worst = 0f32;
    for case in r["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let ids: Vec<u32> = serde_json::from_value(case["ids"].clone()).unwrap();
        assert_eq!(m.tokenizer.encode(text).unwrap(), ids, "token ids of {text:?}");
        let logits = m
            .model
            .forward(
                &Tensor::new(ids.as_slice(), &Device::Cpu).unwrap().unsqueeze(0).unwrap(),
                None,
                None,
            )
            .unwrap()
            .squeeze(0)
            .unwrap();
        let cols: Vec<u32> = serde_json::from_value(case["cols"].clone()).unwrap();
        let got = logits
            .index_select(&Tensor::new(cols.as_slice(), &Device::Cpu).unwrap(), 1)
            .unwrap()
            .to_vec2::<f32>()
            .unwrap();
        let want: Vec<Vec<f32>> = serde_json::from_value(case["logits"].clone()).unwrap();
        for (a, b) in got.iter().flatten().zip(want.iter().flatten()) {
            worst = worst.max((a - b).abs());
        }
        let greedy: Vec<u32> = serde_json::from_value(case["greedy"].clone()).unwrap();
        let p = GenParams {
            max_new_tokens: greedy.len(),
            sampling: SampleParams {
                temperature: 0.0,
                top_p: 1.0,
            },
            seed: 0,
            stop: vec![],
            stop_at_eos: false,
        };
        let (g, _) = generate_ids(&m.model, &m.tokenizer, &[ids.clone()], &p, &mut |_, _| {}).unwrap();
        assert_eq!(g[0].tokens, greedy, "{}: greedy tokens after {text:?}", spec.name);
    }
    eprintln!("{}: max |logit diff| vs transformers = {worst:.2e}", spec.name);
    assert!(worst < tol, "{}: logits differ by {worst}", spec.name);
    // Token ids of real code files, byte-exact round trip.
    let Some(stdlib) = python_stdlib() else { return };
    let mut checked = 0;
    for f in r["files"].as_array().unwrap() {
        let p = stdlib.join(f["path"].as_str().unwrap());
        let Ok(bytes) = std::fs::read(&p) else { continue };
        if fetch::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes)) != f["sha256"].as_str().unwrap() {
            continue; // a different Python version's file
        }
        let text = String::from_utf8(bytes).unwrap();
        let ids: Vec<u32> = serde_json::from_value(f["ids"].clone()).unwrap();
        let ours = m.tokenizer.encode(&text).unwrap();
        assert_eq!(ours, ids, "{}: ids of {}", spec.name, p.display());
        assert_eq!(m.tokenizer.decode(&ours, false).unwrap(), text);
        checked += 1;
    }
    eprintln!("{}: token ids identical on {checked} stdlib files", spec.name);
}

#[test]
fn smollm2_matches_transformers() {
    check(&fetch::SMOLLM2_135M, 1e-3);
}

#[test]
fn qwen25_coder_matches_transformers() {
    if !PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/qwen2.5-coder-0.5b-reference.json")
        .is_file()
    {
        eprintln!("note: no qwen2.5-coder reference recorded; skipping");
        return;
    }
    check(&fetch::QWEN25_CODER_05B, 1e-3);
}
