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
