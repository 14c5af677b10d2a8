//! Reading a GGUF file: hyper-parameters from metadata, tensors dequantized to f32 under Hugging
//! Face names, and the tokenizer rebuilt from `tokenizer.ggml.*`.
//!
//! llama.cpp permutes the rows of `attn_q`/`attn_k` of `llama`-architecture models (interleaved
//! rotary pairs); we undo that so the standard half-split rotary layout applies. `qwen2` files
//! are not permuted.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::tokenizer::Tokenizer;
use candle_core::quantized::gguf_file::{Content, Value};
use candle_core::quantized::{QStorage, QTensor};
use candle_core::{Device, Tensor};
use std::collections::HashMap;
use std::path::Path;

/// Everything a GGUF file gives us.
pub struct GgufModel {
    pub cfg: Config,
    /// f32 tensors under Hugging Face names, PyTorch `[out, in]` layout.
    pub weights: HashMap<String, Tensor>,
    pub tokenizer: Tokenizer,
    /// The file's tensors in their stored (quantized) types, same names and row order as
    /// `weights`; only when asked for (`read_gguf_with(.., true)`).
    pub quantized: Option<HashMap<String, QTensor>>,
}

/// Maps a GGUF tensor name to its Hugging Face name (`blk.3.attn_q.weight` →
/// `model.layers.3.self_attn.q_proj.weight`).
pub fn hf_name(gguf: &str) -> Option<String> {
    let (stem, suffix) = gguf.rsplit_once('.')?;
    let name = match stem {
        "token_embd" => "model.embed_tokens".to_string(),
        "output_norm" => "model.norm".to_string(),
        "output" => "lm_head".to_string(),
        _ => {
            let rest = stem.strip_prefix("blk.")?;
            let (i, part) = rest.split_once('.')?;
            let module = match part {
                "attn_q" => "self_attn.q_proj",
                "attn_k" => "self_attn.k_proj",
                "attn_v" => "self_attn.v_proj",
                "attn_output" => "self_attn.o_proj",
                "ffn_gate" => "mlp.gate_proj",
                "ffn_up" => "mlp.up_proj",
                "ffn_down" => "mlp.down_proj",
                "attn_norm" => "input_layernorm",
                "ffn_norm" => "post_attention_layernorm",
                _ => return None,
            };
            format!("model.layers.{i}.{module}")
        }
    };
    Some(format!("{name}.{suffix}"))
}

/// Undoes llama.cpp's q/k row permutation: view `[heads, hd/2, 2, ..]`, swap axes 1 and 2.
pub fn unpermute(t: &Tensor, n_heads: usize) -> candle_core::Result<Tensor> {
    let dims = t.dims().to_vec();
    let rows = dims[0];
    let hd = rows / n_heads;
    let rest: usize = dims[1..].iter().product();
    t.reshape((n_heads, hd / 2, 2, rest))?
        .transpose(1, 2)?
        .contiguous()?
        .reshape(dims)
}

/// [`unpermute`] on a quantized tensor: moves whole rows (each row is a run of blocks), so the
/// quantized values are untouched.
pub fn unpermute_rows(q: &QTensor, n_heads: usize) -> candle_core::Result<QTensor> {
    let (rows, _) = q.shape().dims2()?;
    let data = q.data()?;
    let row_bytes = data.len() / rows;
    let hd = rows / n_heads;
    let mut out = Vec::with_capacity(data.len());
    for h in 0..n_heads {
        for j in 0..2 {
            for i in 0..hd / 2 {
                let src = h * hd + i * 2 + j;
                out.extend_from_slice(&data[src * row_bytes..(src + 1) * row_bytes]);
            }
        }
    }
    let storage = QStorage::from_data(std::borrow::Cow::Owned(out), &q.device(), q.dtype())?;
    QTensor::new(storage, q.shape().clone())
}

fn md_u(md: &HashMap<String, Value>, k: &str) -> Option<usize> {
    md.get(k)
        .and_then(|v| v.to_u64().ok().or_else(|| v.to_u32().ok().map(|x| x as u64)))
        .map(|x| x as usize)
}
fn md_f(md: &HashMap<String, Value>, k: &str) -> Option<f64> {
    md.get(k)
        .and_then(|v| v.to_f32().ok().map(|x| x as f64).or_else(|| v.to_f64().ok()))
}

/// Hyper-parameters from GGUF metadata.
pub fn config_from_gguf(path: &Path, content: &Content) -> Result<Config> {
    let md = &content.metadata;
    let bad = |m: String| Error::bad_model(path, m);
    let arch = md
        .get("general.architecture")
        .and_then(|v| v.to_string().ok())
        .cloned()
        .ok_or_else(|| bad("missing general.architecture".into()))?;
    if arch != "llama" && arch != "qwen2" {
        return Err(bad(format!("architecture {arch:?} is not supported (llama, qwen2)")));
    }
    let need = |k: &str| md_u(md, &format!("{arch}.{k}")).ok_or_else(|| bad(format!("missing metadata {arch}.{k}")));
    let n_heads = need("attention.head_count")?;
    let hidden = need("embedding_length")?;
    let vocab = md
        .get("tokenizer.ggml.tokens")
        .and_then(|v| v.to_vec().ok().map(|v| v.len()))
        .or_else(|| md_u(md, &format!("{arch}.vocab_size")))
        .ok_or_else(|| bad("cannot tell the vocabulary size".into()))?;
    let head_dim = md_u(md, &format!("{arch}.attention.key_length")).filter(|&d| d != hidden / n_heads);
    let eos = md_u(md, "tokenizer.ggml.eos_token_id");
    let cfg = Config {
        model_type: arch.clone(),
        vocab_size: vocab,
        hidden_size: hidden,
        intermediate_size: need("feed_forward_length")?,
        num_hidden_layers: need("block_count")?,
        num_attention_heads: n_heads,
        num_key_value_heads: Some(md_u(md, &format!("{arch}.attention.head_count_kv")).unwrap_or(n_heads)),
        head_dim,
        rms_norm_eps: md_f(md, &format!("{arch}.attention.layer_norm_rms_epsilon")).unwrap_or(1e-6),
        rope_theta: md_f(md, &format!("{arch}.rope.freq_base")).unwrap_or(10_000.0),
        max_position_embeddings: need("context_length").unwrap_or(4096),
        tie_word_embeddings: !content.tensor_infos.contains_key("output.weight"),
        attention_bias: None,
        bos_token_id: md_u(md, "tokenizer.ggml.bos_token_id").map(|x| x as u32),
        eos_token_id: eos.map(|e| serde_json::json!(e)),
        hidden_act: "silu".into(),
        rope_parameters: None,
    };
    cfg.validate().map_err(bad)?;
    Ok(cfg)
}

/// Reads a GGUF file: config, dequantized f32 weights on `dev`, tokenizer.
pub fn read_gguf(path: &Path, dev: &Device) -> Result<GgufModel> {
    read_gguf_with(path, dev, false)
}

/// [`read_gguf`], also keeping the stored quantized tensors when `keep_quantized` is set.
pub fn read_gguf_with(path: &Path, dev: &Device, keep_quantized: bool) -> Result<GgufModel> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut r = std::io::BufReader::new(&mut f);
    let content = Content::read(&mut r).map_err(|e| Error::bad_model(path, format!("not a GGUF file: {e}")))?;
    let cfg = config_from_gguf(path, &content)?;
    let tokenizer = Tokenizer::from_gguf(path, &content.metadata)?;
    let mut weights = HashMap::new();
    let mut quantized = keep_quantized.then(HashMap::new);
    let permuted = cfg.model_type == "llama";
    for name in content.tensor_infos.keys() {
        let Some(hf) = hf_name(name) else {
            // rope_freqs and similar extras are not weights of the decoder.
            continue;
        };
        let mut q = content
            .tensor(&mut r, name, &Device::Cpu)
            .map_err(|e| Error::bad_model(path, format!("{name}: {e}")))?;
        if permuted && name.ends_with("attn_q.weight") {
            q = unpermute_rows(&q, cfg.num_attention_heads)?;
        } else if permuted && name.ends_with("attn_k.weight") {
            q = unpermute_rows(&q, cfg.n_kv_heads())?;
        }
        weights.insert(hf.clone(), q.dequantize(&Device::Cpu)?.to_device(dev)?);
        if let Some(m) = quantized.as_mut() {
            m.insert(hf, q);
        }
    }
    Ok(GgufModel {
        cfg,
        weights,
        tokenizer,
        quantized,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_names() {
        assert_eq!(
            hf_name("blk.12.attn_q.weight").unwrap(),
            "model.layers.12.self_attn.q_proj.weight"
        );
        assert_eq!(
            hf_name("blk.0.attn_k.bias").unwrap(),
            "model.layers.0.self_attn.k_proj.bias"
        );
        assert_eq!(
            hf_name("blk.3.ffn_norm.weight").unwrap(),
            "model.layers.3.post_attention_layernorm.weight"
        );
        assert_eq!(hf_name("token_embd.weight").unwrap(), "model.embed_tokens.weight");
        assert_eq!(hf_name("output.weight").unwrap(), "lm_head.weight");
        assert_eq!(hf_name("rope_freqs.weight"), None);
    }

    #[test]
    fn unpermute_rows_moves_quantized_rows_like_unpermute() {
        let (nh, hd, dim) = (2, 8, 64);
        let w = Tensor::arange(0f32, (nh * hd * dim) as f32, &Device::Cpu)
            .unwrap()
            .reshape((nh * hd, dim))
            .unwrap();
        let q = QTensor::quantize(&w, candle_core::quantized::GgmlDType::Q8_0).unwrap();
        let a = unpermute(&q.dequantize(&Device::Cpu).unwrap(), nh).unwrap();
        let b = unpermute_rows(&q, nh).unwrap().dequantize(&Device::Cpu).unwrap();
        assert_eq!(a.to_vec2::<f32>().unwrap(), b.to_vec2::<f32>().unwrap());
    }

    #[test]
    fn unpermute_inverts_llama_cpp_permute() {
        // llama.cpp: w.reshape(n_head, 2, hd/2, dim).swapaxes(1, 2).reshape(w.shape)
        let (nh, hd, dim) = (2, 4, 3);
        let w = Tensor::arange(0f32, (nh * hd * dim) as f32, &Device::Cpu)
            .unwrap()
            .reshape((nh * hd, dim))
            .unwrap();
        let permuted = w
            .reshape((nh, 2, hd / 2, dim))
            .unwrap()
            .transpose(1, 2)
            .unwrap()
            .contiguous()
            .unwrap()
            .reshape((nh * hd, dim))
            .unwrap();
        assert_ne!(permuted.to_vec2::<f32>().unwrap(), w.to_vec2::<f32>().unwrap());
        let back = unpermute(&permuted, nh).unwrap();
        assert_eq!(back.to_vec2::<f32>().unwrap(), w.to_vec2::<f32>().unwrap());
    }
}
