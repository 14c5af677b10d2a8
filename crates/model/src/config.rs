//! The model hyper-parameters, read from and written to a Hugging Face `config.json`.

use serde::{Deserialize, Serialize};

/// Decoder hyper-parameters with Hugging Face field names, so `config.json` of a llama or qwen2
/// checkpoint deserializes directly and a saved model loads in transformers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// `llama` (SmolLM2, CodeLlama, DeepSeek-Coder v1) or `qwen2` (Qwen2.5-Coder).
    pub model_type: String,
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub intermediate_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    /// Grouped-query attention: fewer KV heads than query heads. Defaults to `num_attention_heads`.
    #[serde(default)]
    pub num_key_value_heads: Option<usize>,
    #[serde(default)]
    pub head_dim: Option<usize>,
    #[serde(default = "default_eps")]
    pub rms_norm_eps: f64,
    #[serde(default = "default_theta")]
    pub rope_theta: f64,
    #[serde(default = "default_max_pos")]
    pub max_position_embeddings: usize,
    /// When true there is no `lm_head.weight`: the output projection reuses the embedding matrix.
    #[serde(default)]
    pub tie_word_embeddings: bool,
    /// llama's switch for biases on q/k/v/o; qwen2 always has q/k/v biases and no o bias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention_bias: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bos_token_id: Option<u32>,
    /// A single id or a list in Hugging Face configs; kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eos_token_id: Option<serde_json::Value>,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    /// transformers >= 5 keeps `rope_theta` here (`{"rope_theta": .., "rope_type": "default"}`);
    /// `normalize` copies it to `rope_theta`.
    #[serde(default, skip_serializing)]
    pub rope_parameters: Option<serde_json::Value>,
}

fn default_eps() -> f64 {
    1e-6
}
fn default_theta() -> f64 {
    10_000.0
}
fn default_max_pos() -> usize {
    4096
}
fn default_act() -> String {
    "silu".to_string()
}

impl Config {
    pub fn n_kv_heads(&self) -> usize {
        self.num_key_value_heads.unwrap_or(self.num_attention_heads)
    }
    pub fn head_dim(&self) -> usize {
        self.head_dim.unwrap_or(self.hidden_size / self.num_attention_heads)
    }
    /// q/k/v projections carry a bias (always for qwen2).
    pub fn qkv_bias(&self) -> bool {
        self.model_type == "qwen2" || self.attention_bias.unwrap_or(false)
    }
    /// o projection carries a bias (llama with `attention_bias`, never qwen2).
    pub fn o_bias(&self) -> bool {
        self.model_type != "qwen2" && self.attention_bias.unwrap_or(false)
    }
    /// End-of-sequence ids named by the config (may be empty).
    pub fn eos_ids(&self) -> Vec<u32> {
        match &self.eos_token_id {
            Some(serde_json::Value::Number(n)) => n.as_u64().map(|v| vec![v as u32]).unwrap_or_default(),
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_u64()).map(|v| v as u32).collect(),
            _ => Vec::new(),
        }
    }
    /// Folds newer transformers fields into the ones we use, and rejects rope scaling we do not
    /// implement.
    pub fn normalize(&mut self) -> std::result::Result<(), String> {
        if let Some(rp) = self.rope_parameters.take() {
            if let Some(t) = rp.get("rope_theta").and_then(|v| v.as_f64()) {
                self.rope_theta = t;
            }
            match rp.get("rope_type").and_then(|v| v.as_str()) {
                None | Some("default") => {}
                Some(other) => return Err(format!("rope_type {other:?} is not supported (default only)")),
            }
        }
        Ok(())
    }

    /// Checks what the decoder supports, so a bad config fails at load and not mid-forward.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.model_type != "llama" && self.model_type != "qwen2" {
            return Err(format!(
                "unsupported model_type {:?} (llama and qwen2 are supported)",
                self.model_type
            ));
        }
        if self.hidden_act != "silu" {
            return Err(format!(
                "unsupported hidden_act {:?} (silu is supported)",
                self.hidden_act
            ));
        }
        if self.num_attention_heads % self.n_kv_heads() != 0 {
            return Err("num_attention_heads must be a multiple of num_key_value_heads".into());
        }
        if self.head_dim() % 2 != 0 {
            return Err("head_dim must be even for rotary embeddings".into());
        }
        Ok(())
    }
    /// The JSON Hugging Face expects, with `architectures` and `torch_dtype` filled in.
    pub fn to_hf_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).expect("config serializes");
        let arch = if self.model_type == "qwen2" {
            "Qwen2ForCausalLM"
        } else {
            "LlamaForCausalLM"
        };
        v["architectures"] = serde_json::json!([arch]);
        v["torch_dtype"] = serde_json::json!("float32");
        v["rope_parameters"] = serde_json::json!({"rope_theta": self.rope_theta, "rope_type": "default"});
        v
    }
}
