//! Tiny fixtures: a seeded random llama/qwen2 config and a byte-level tokenizer, so tests run
//! in milliseconds without any download.
#![allow(dead_code)]

use candle_core::{Device, Tensor};
use std::collections::HashMap;
use tsp_model::rng::Rng;
use tsp_model::{Config, Model, Tokenizer};

/// GPT-2's byte → printable-char mapping used by byte-level BPE.
pub fn byte_chars() -> Vec<String> {
    let mut bs: Vec<u32> = (33..=126).chain(161..=172).chain(174..=255).collect();
    let mut cs = bs.clone();
    let mut n = 0;
    for b in 0..256u32 {
        if !bs.contains(&b) {
            bs.push(b);
            cs.push(256 + n);
            n += 1;
        }
    }
    let mut out = vec![String::new(); 256];
    for (b, c) in bs.iter().zip(cs) {
        out[*b as usize] = char::from_u32(c).unwrap().to_string();
    }
    out
}

/// 256 byte tokens, a few merges, then `<|endoftext|>` (259), `<|im_start|>` (260), `<|im_end|>` (261).
pub fn tiny_tokenizer() -> Tokenizer {
    let mut tokens = byte_chars();
    let mut types = vec![1i64; 256];
    let merges = vec!["Ġ Ġ".to_string(), "d e".to_string(), "de f".to_string()];
    tokens.push("ĠĠ".into());
    tokens.push("de".into());
    tokens.push("def".into());
    types.extend([1, 1, 1]);
    for s in ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] {
        tokens.push(s.into());
        types.push(3);
    }
    let eos = tokens.iter().position(|t| t == "<|im_end|>").unwrap() as u32;
    Tokenizer::from_bpe(
        &tokens,
        &types,
        &merges,
        "smollm",
        Some(eos - 1),
        Some(eos),
        Some(eos),
        None,
    )
    .unwrap()
}

pub fn tiny_config(model_type: &str, tie: bool) -> Config {
    Config {
        model_type: model_type.into(),
        vocab_size: 262,
        hidden_size: 32,
        intermediate_size: 48,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        num_key_value_heads: Some(2),
        head_dim: None,
        rms_norm_eps: 1e-5,
        rope_theta: 10_000.0,
        max_position_embeddings: 256,
        tie_word_embeddings: tie,
        attention_bias: None,
        bos_token_id: Some(260),
        eos_token_id: Some(serde_json::json!(261)),
        hidden_act: "silu".into(),
        rope_parameters: None,
    }
}

/// Seeded random weights with Hugging Face names for `cfg`.
pub fn tiny_weights(cfg: &Config, seed: u64) -> HashMap<String, Tensor> {
    let mut rng = Rng::new(seed);
    let dev = Device::Cpu;
    let mut w = HashMap::new();
    let mut rand = |shape: &[usize], scale: f64| {
        let n: usize = shape.iter().product();
        let v: Vec<f32> = (0..n).map(|_| ((rng.uniform() * 2.0 - 1.0) * scale) as f32).collect();
        Tensor::from_vec(v, shape, &dev).unwrap()
    };
    let (h, f, hd) = (cfg.hidden_size, cfg.intermediate_size, cfg.head_dim());
    let (nh, nkv) = (cfg.num_attention_heads, cfg.n_kv_heads());
    w.insert("model.embed_tokens.weight".into(), rand(&[cfg.vocab_size, h], 1.0));
    for i in 0..cfg.num_hidden_layers {
        let p = format!("model.layers.{i}");
        let s = 1.0 / (h as f64).sqrt();
        w.insert(format!("{p}.self_attn.q_proj.weight"), rand(&[nh * hd, h], s));
        w.insert(format!("{p}.self_attn.k_proj.weight"), rand(&[nkv * hd, h], s));
        w.insert(format!("{p}.self_attn.v_proj.weight"), rand(&[nkv * hd, h], s));
        w.insert(format!("{p}.self_attn.o_proj.weight"), rand(&[h, nh * hd], s));
        if cfg.qkv_bias() {
            w.insert(format!("{p}.self_attn.q_proj.bias"), rand(&[nh * hd], 0.1));
            w.insert(format!("{p}.self_attn.k_proj.bias"), rand(&[nkv * hd], 0.1));
            w.insert(format!("{p}.self_attn.v_proj.bias"), rand(&[nkv * hd], 0.1));
        }
        w.insert(format!("{p}.mlp.gate_proj.weight"), rand(&[f, h], s));
        w.insert(format!("{p}.mlp.up_proj.weight"), rand(&[f, h], s));
        w.insert(
            format!("{p}.mlp.down_proj.weight"),
            rand(&[h, f], 1.0 / (f as f64).sqrt()),
        );
        w.insert(format!("{p}.input_layernorm.weight"), (rand(&[h], 0.1) + 1.0).unwrap());
        w.insert(
            format!("{p}.post_attention_layernorm.weight"),
            (rand(&[h], 0.1) + 1.0).unwrap(),
        );
    }
    w.insert("model.norm.weight".into(), (rand(&[h], 0.1) + 1.0).unwrap());
    if !cfg.tie_word_embeddings {
        w.insert(
            "lm_head.weight".into(),
            rand(&[cfg.vocab_size, h], 1.0 / (h as f64).sqrt()),
        );
    }
    w
}

pub fn tiny_model(model_type: &str, tie: bool) -> Model {
    let cfg = tiny_config(model_type, tie);
    let w = tiny_weights(&cfg, 42);
    let vb = candle_nn::VarBuilder::from_tensors(w, candle_core::DType::F32, &Device::Cpu);
    Model::load(vb, &cfg).unwrap()
}

pub fn max_abs_diff(a: &Tensor, b: &Tensor) -> f32 {
    (a - b)
        .unwrap()
        .abs()
        .unwrap()
        .flatten_all()
        .unwrap()
        .max(0)
        .unwrap()
        .to_scalar::<f32>()
        .unwrap()
}
