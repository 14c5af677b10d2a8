//! Parity with Hugging Face transformers on tiny random llama and qwen2 models saved by
//! transformers itself (reference/make_tiny.py wrote the folders and the expected numbers).

use candle_core::{Device, Tensor};
use std::path::PathBuf;
use tsp_model::generate::{generate_ids, GenParams};
use tsp_model::sample::SampleParams;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn check(name: &str) {
    let dir = fixture(name);
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let mut m = tsp_model::load::load(dir.to_str().unwrap(), &Device::Cpu).unwrap();
    for fused in [true, false] {
        m.model.set_fused(fused);
        for case in expected["cases"].as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let ids: Vec<u32> = case["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as u32)
                .collect();
            assert_eq!(m.tokenizer.encode(text).unwrap(), ids, "{name}: token ids of {text:?}");
            assert_eq!(m.tokenizer.decode(&ids, false).unwrap(), text);
            let want: Vec<Vec<f32>> = serde_json::from_value(case["logits"].clone()).unwrap();
            let got = m
                .model
                .forward(
                    &Tensor::new(ids.as_slice(), &Device::Cpu).unwrap().unsqueeze(0).unwrap(),
                    None,
                    None,
                )
                .unwrap();
            let got = got.squeeze(0).unwrap().to_vec2::<f32>().unwrap();
            let mut max = 0f32;
            for (a, b) in got.iter().flatten().zip(want.iter().flatten()) {
                max = max.max((a - b).abs());
            }
            assert!(max < 1e-3, "{name} fused={fused}: logits differ by {max} on {text:?}");
            let greedy: Vec<u32> = case["greedy"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as u32)
                .collect();
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
            assert_eq!(g[0].tokens, greedy, "{name}: greedy tokens of {text:?}");
        }
    }
    assert!(matches!(m.tokenizer.template, tsp_model::ChatTemplate::ChatMl { .. }));
}

#[test]
fn tiny_llama_matches_transformers() {
    check("tiny-llama");
}

#[test]
fn tiny_qwen2_matches_transformers() {
    check("tiny-qwen2");
}
