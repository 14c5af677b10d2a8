//! Every trainable Var gets a gradient from a loss on the logits: the training path has no
//! gradient-stopping (fused) ops, for full fine-tuning, top-block tuning and LoRA.

mod common;
use candle_core::{Device, Tensor};
use candle_nn::VarMap;
use common::*;
use tsp_model::{token_logprobs, LoraConfig, Model, Trainable};

/// Next-token loss on a left-padded batch of two sequences.
fn loss(m: &Model) -> Tensor {
    let ids = Tensor::new(&[[5u32, 6, 7, 8, 9, 10], [0, 0, 11, 12, 13, 14]], &Device::Cpu).unwrap();
    let mask = Tensor::new(&[[1u8, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]], &Device::Cpu).unwrap();
    let logits = m.forward(&ids, None, Some(&mask)).unwrap();
    let lp = token_logprobs(&logits.narrow(1, 2, 3).unwrap(), &ids.narrow(1, 3, 3).unwrap()).unwrap();
    lp.mean_all().unwrap().neg().unwrap()
}

fn assert_all_grads(varmap: &VarMap, m: &Model) {
    let grads = loss(m).backward().unwrap();
    let data = varmap.data().lock().unwrap();
    assert!(!data.is_empty());
    for (name, v) in data.iter() {
        let g = grads
            .get(v.as_tensor())
            .unwrap_or_else(|| panic!("{name}: no gradient"));
        let s = g.abs().unwrap().sum_all().unwrap().to_scalar::<f32>().unwrap();
        assert!(s > 0.0, "{name}: zero gradient");
    }
}

#[test]
fn full_fine_tuning_reaches_every_weight() {
    for (ty, tie) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(ty, tie);
        let (m, varmap) = Model::load_trainable(&tiny_weights(&cfg, 1), &cfg, Trainable::All, &Device::Cpu).unwrap();
        let expected = if tie { 2 + 9 * 2 } else { 3 + 12 * 2 };
        assert_eq!(varmap.all_vars().len(), expected, "{ty}");
        assert_all_grads(&varmap, &m);
    }
}

#[test]
fn top_blocks_only_trains_the_top() {
    let cfg = tiny_config("llama", true);
    let (m, varmap) =
        Model::load_trainable(&tiny_weights(&cfg, 1), &cfg, Trainable::TopBlocks(1), &Device::Cpu).unwrap();
    let names: Vec<String> = varmap.data().lock().unwrap().keys().cloned().collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("model.layers.1.") || n == "model.norm.weight"),
        "{names:?}"
    );
    assert_eq!(names.len(), 9 + 1);
    assert_all_grads(&varmap, &m);
}

#[test]
fn lora_adapters_get_gradients() {
    let mut m = tiny_model("qwen2", false);
    let before = m
        .forward(&Tensor::new(&[[1u32, 2, 3]], &Device::Cpu).unwrap(), None, None)
        .unwrap();
    let varmap = VarMap::new();
    let cfg = LoraConfig {
        r: 4,
        alpha: 8.0,
        dropout: 0.0,
        ..LoraConfig::default()
    };
    m.attach_lora(&cfg, &varmap).unwrap();
    assert_eq!(varmap.all_vars().len(), 2 * 7 * 2);
    assert!(varmap
        .data()
        .lock()
        .unwrap()
        .contains_key("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
    // B starts at zero: the adapted model computes the same function.
    let after = m
        .forward(&Tensor::new(&[[1u32, 2, 3]], &Device::Cpu).unwrap(), None, None)
        .unwrap();
    assert!(max_abs_diff(&before, &after) < 1e-6);
    // With B = 0 only B has a gradient; move B off zero so A's gradient flows too.
    for (name, v) in varmap.data().lock().unwrap().iter() {
        if name.contains("lora_B") {
            let shape = v.shape().clone();
            v.set(&Tensor::randn(0f32, 0.1, shape, &Device::Cpu).unwrap()).unwrap();
        }
    }
    assert_all_grads(&varmap, &m);
}

/// Next-token loss on an unpadded batch (the case the sublayer ops serve).
fn causal_loss(m: &Model) -> (Tensor, Tensor) {
    let ids = Tensor::new(&[[5u32, 6, 7, 8, 9, 10, 3], [11, 12, 13, 14, 15, 16, 17]], &Device::Cpu).unwrap();
    let logits = m.forward(&ids, None, None).unwrap();
    let lp = token_logprobs(&logits.narrow(1, 0, 6).unwrap(), &ids.narrow(1, 1, 6).unwrap()).unwrap();
    (lp.mean_all().unwrap().neg().unwrap(), logits)
}

/// The sublayer ops give the composed graph's logits and gradients, for every trainable Var.
fn assert_sublayers_match(varmap: &VarMap, m: &Model, what: &str) {
    let mut fast = m.clone();
    fast.set_sublayer_ops(true);
    let (la, xa) = causal_loss(m);
    let (lb, xb) = causal_loss(&fast);
    assert!(max_abs_diff(&xa, &xb) < 1e-4, "{what}: logits differ");
    let (ga, gb) = (m.backward(&la).unwrap(), fast.backward(&lb).unwrap());
    let data = varmap.data().lock().unwrap();
    assert!(!data.is_empty());
    for (name, v) in data.iter() {
        let want = ga
            .get(v.as_tensor())
            .unwrap_or_else(|| panic!("{what} {name}: no gradient"));
        let got = gb
            .get(v.as_tensor())
            .unwrap_or_else(|| panic!("{what} {name}: no gradient from the sublayer ops"));
        let scale = want.abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap();
        assert!(scale > 0.0, "{what} {name}: zero gradient");
        let diff = max_abs_diff(want, got);
        assert!(
            diff <= 1e-4 * scale.max(1e-3),
            "{what} {name}: gradients differ by {diff} (scale {scale})"
        );
    }
}

#[test]
fn sublayer_ops_match_the_composed_graph() {
    for (ty, tie) in [("llama", true), ("qwen2", false)] {
        let cfg = tiny_config(ty, tie);
        let (m, varmap) = Model::load_trainable(&tiny_weights(&cfg, 3), &cfg, Trainable::All, &Device::Cpu).unwrap();
        assert_sublayers_match(&varmap, &m, &format!("full {ty}"));
    }
    let cfg = tiny_config("llama", true);
    let (m, varmap) =
        Model::load_trainable(&tiny_weights(&cfg, 4), &cfg, Trainable::TopBlocks(1), &Device::Cpu).unwrap();
    assert_sublayers_match(&varmap, &m, "top block");
    // LoRA on every projection, on the feed-forward only (the attention sublayers then hold
    // nothing that trains), and with dropout (both paths draw the same masks from the seed).
    let ffn = Some(vec!["gate_proj".to_string(), "down_proj".to_string()]);
    for (targets, dropout) in [(None, 0.0), (ffn, 0.0), (None, 0.2)] {
        let mut m = tiny_model("qwen2", false);
        let varmap = VarMap::new();
        let d = LoraConfig::default();
        let cfg = LoraConfig {
            r: 4,
            alpha: 8.0,
            dropout,
            target_modules: targets.clone().unwrap_or(d.target_modules),
            ..LoraConfig::default()
        };
        m.attach_lora(&cfg, &varmap).unwrap();
        for (name, v) in varmap.data().lock().unwrap().iter() {
            if name.contains("lora_B") {
                let shape = v.shape().clone();
                v.set(&Tensor::randn(0f32, 0.1, shape, &Device::Cpu).unwrap()).unwrap();
            }
        }
        m.set_train(true);
        m.set_dropout_seed(7);
        assert_sublayers_match(&varmap, &m, &format!("lora {targets:?}, dropout {dropout}"));
    }
}
