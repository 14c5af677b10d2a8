//! `Tokenizer`: Hugging Face `tokenizers` plus what generation needs around it: special ids
//! (bos/eos/pad) and the chat template (ChatML or llama2 `[INST]`).
//!
//! From a GGUF file the tokenizer is rebuilt from metadata as a `tokenizer.json` document
//! (byte-level BPE with its merges, the pre-tokenizer named by `tokenizer.ggml.pre`, special
//! tokens), the same document transformers builds, so `save` writes a file transformers can load.

use crate::error::{Error, Result};
use serde_json::{json, Value};
use std::path::Path;

/// How prompts are wrapped for an instruction-tuned model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatTemplate {
    /// `<|im_start|>role\n...<|im_end|>\n` (SmolLM2, Qwen). `default_system` is the system
    /// message the model's own template inserts when none is given.
    ChatMl { default_system: Option<String> },
    /// `<s>[INST] ... [/INST]` (CodeLlama, llama2).
    Llama2,
    /// No template: the prompt is used as is.
    None,
}

/// A tokenizer with its special ids and chat template.
#[derive(Clone)]
pub struct Tokenizer {
    pub inner: tokenizers::Tokenizer,
    pub bos_id: Option<u32>,
    pub eos_ids: Vec<u32>,
    pub pad_id: Option<u32>,
    pub template: ChatTemplate,
    /// The Jinja source of the chat template, kept for saving.
    pub template_source: Option<String>,
}

fn tk_err(e: impl std::fmt::Display) -> Error {
    Error::Tokenizer(e.to_string())
}

/// Qwen2's pre-tokenizer regex (from its tokenizer.json).
const QWEN2_REGEX: &str =
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

impl Tokenizer {
    /// Encodes text; special-token strings in it (e.g. `<|im_start|>`) become their ids.
    /// Adds no bos/eos: prompts built by `chat_prompt` carry what the template needs.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        Ok(self.inner.encode_fast(text, false).map_err(tk_err)?.get_ids().to_vec())
    }

    /// Decodes ids to text; `skip_special` drops special tokens such as `<|im_end|>`.
    pub fn decode(&self, ids: &[u32], skip_special: bool) -> Result<String> {
        self.inner.decode(ids, skip_special).map_err(tk_err)
    }

    pub fn vocab_size(&self) -> usize {
        self.inner.get_vocab_size(true)
    }

    pub fn token_to_id(&self, s: &str) -> Option<u32> {
        self.inner.token_to_id(s)
    }

    /// The prompt text for one user message (and an optional system message), ending where the
    /// assistant's answer starts.
    pub fn chat_prompt(&self, system: Option<&str>, user: &str) -> String {
        match &self.template {
            ChatTemplate::ChatMl { default_system } => {
                let mut s = String::new();
                if let Some(sys) = system.or(default_system.as_deref()) {
                    s.push_str(&format!("<|im_start|>system\n{sys}<|im_end|>\n"));
                }
                s.push_str(&format!("<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n"));
                s
            }
            ChatTemplate::Llama2 => match system {
                Some(sys) => format!("<s>[INST] <<SYS>>\n{sys}\n<</SYS>>\n\n{} [/INST]", user.trim()),
                None => format!("<s>[INST] {} [/INST]", user.trim()),
            },
            ChatTemplate::None => user.to_string(),
        }
    }

    /// Loads `tokenizer.json`, taking the chat template and special tokens from
    /// `tokenizer_config.json` beside it when present.
    pub fn from_hf_dir(dir: &Path) -> Result<Self> {
        let path = dir.join("tokenizer.json");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let inner = tokenizers::Tokenizer::from_bytes(&bytes).map_err(|e| Error::bad_model(&path, e.to_string()))?;
        let cfg_path = dir.join("tokenizer_config.json");
        let cfg: Value = match std::fs::read(&cfg_path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| Error::bad_model(&cfg_path, e.to_string()))?,
            Err(_) => Value::Null,
        };
        let tok_id = |key: &str| -> Option<u32> {
            let v = &cfg[key];
            let s = v.as_str().or_else(|| v["content"].as_str())?;
            inner.token_to_id(s)
        };
        // transformers >= 5 writes the template to its own file.
        let template_source = cfg["chat_template"]
            .as_str()
            .map(str::to_string)
            .or_else(|| std::fs::read_to_string(dir.join("chat_template.jinja")).ok());
        let bos_id = tok_id("bos_token");
        let mut eos_ids: Vec<u32> = tok_id("eos_token").into_iter().collect();
        // The model's own config.json may name more eos ids; the caller merges those.
        if eos_ids.is_empty() {
            eos_ids.extend(inner.token_to_id("<|im_end|>"));
            eos_ids.extend(inner.token_to_id("</s>"));
        }
        let pad_id = tok_id("pad_token").or(eos_ids.first().copied());
        let template = detect_template(template_source.as_deref(), &inner);
        Ok(Self {
            inner,
            bos_id,
            eos_ids,
            pad_id,
            template,
            template_source,
        })
    }

    /// Writes `tokenizer.json` (and `tokenizer_config.json` with the chat template) into `dir`.
    pub fn save_hf(&self, dir: &Path) -> Result<()> {
        let json = self.inner.to_string(false).map_err(tk_err)?;
        crate::io::write_atomic(&dir.join("tokenizer.json"), json.as_bytes())?;
        let name = |id: Option<u32>| id.and_then(|i| self.inner.id_to_token(i));
        let cfg = json!({
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": name(self.bos_id),
            "eos_token": name(self.eos_ids.first().copied()),
            "pad_token": name(self.pad_id),
            "chat_template": self.template_source,
            "add_bos_token": false,
            "clean_up_tokenization_spaces": false,
        });
        crate::io::write_atomic(
            &dir.join("tokenizer_config.json"),
            serde_json::to_vec_pretty(&cfg).unwrap().as_slice(),
        )
    }

    /// Rebuilds the tokenizer from GGUF metadata (`tokenizer.ggml.*`).
    pub fn from_gguf(
        path: &Path,
        md: &std::collections::HashMap<String, candle_core::quantized::gguf_file::Value>,
    ) -> Result<Self> {
        use candle_core::quantized::gguf_file::Value as G;
        let bad = |m: String| Error::bad_model(path, m);
        let get = |k: &str| md.get(k).ok_or_else(|| bad(format!("missing metadata {k}")));
        let kind = get("tokenizer.ggml.model")?
            .to_string()
            .map_err(|e| bad(e.to_string()))?
            .clone();
        if kind != "gpt2" {
            return Err(bad(format!(
                "tokenizer.ggml.model = {kind:?}: only byte-level BPE (gpt2) tokenizers are supported; \
                 use a Hugging Face folder with tokenizer.json for this model"
            )));
        }
        let pre = md
            .get("tokenizer.ggml.pre")
            .and_then(|v| v.to_string().ok())
            .cloned()
            .unwrap_or_else(|| "default".into());
        let strings = |k: &str| -> Result<Vec<String>> {
            get(k)?
                .to_vec()
                .map_err(|e| bad(e.to_string()))?
                .iter()
                .map(|v| v.to_string().cloned().map_err(|e| bad(e.to_string())))
                .collect()
        };
        let tokens = strings("tokenizer.ggml.tokens")?;
        let merges = strings("tokenizer.ggml.merges")?;
        let types: Vec<i64> = match md.get("tokenizer.ggml.token_type") {
            Some(v) => v
                .to_vec()
                .map_err(|e| bad(e.to_string()))?
                .iter()
                .map(|t| match t {
                    G::I32(x) => *x as i64,
                    G::U32(x) => *x as i64,
                    G::I64(x) => *x,
                    G::U8(x) => *x as i64,
                    _ => 1,
                })
                .collect(),
            None => vec![1; tokens.len()],
        };
        let id = |k: &str| md.get(k).and_then(|v| v.to_u32().ok());
        let bos_id = id("tokenizer.ggml.bos_token_id");
        let eos = id("tokenizer.ggml.eos_token_id");
        let pad_id = id("tokenizer.ggml.padding_token_id").or(eos);
        let template_source = md
            .get("tokenizer.chat_template")
            .and_then(|v| v.to_string().ok())
            .cloned();

        let tk = Self::from_bpe(&tokens, &types, &merges, &pre, bos_id, eos, pad_id, template_source)
            .map_err(|e| bad(e.to_string()))?;
        Ok(tk)
    }

    /// Builds a byte-level BPE tokenizer from its parts, as stored in GGUF metadata: `tokens`
    /// (id order), `types` (3 = control, 4 = user-defined; both are matched whole),
    /// `merges` (`"a b"`), the pre-tokenizer name (`smollm`, `qwen2`, ... as `tokenizer.ggml.pre`).
    #[allow(clippy::too_many_arguments)]
    pub fn from_bpe(
        tokens: &[String],
        types: &[i64],
        merges: &[String],
        pre: &str,
        bos_id: Option<u32>,
        eos: Option<u32>,
        pad_id: Option<u32>,
        template_source: Option<String>,
    ) -> Result<Self> {
        let bad = |m: String| Error::Tokenizer(m);
        let mut vocab = serde_json::Map::with_capacity(tokens.len());
        let mut added = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            vocab.insert(t.clone(), json!(i));
            // 3 = control, 4 = user-defined: matched whole in text, as transformers does.
            let ty = types.get(i).copied().unwrap_or(1);
            if ty == 3 || ty == 4 {
                added.push(json!({"id": i, "content": t, "single_word": false, "lstrip": false,
                    "rstrip": false, "normalized": false, "special": ty == 3}));
            }
        }
        let merges: Vec<Value> = merges
            .iter()
            .map(|m| {
                let (a, b) = m.split_once(' ').ok_or_else(|| bad(format!("bad merge {m:?}")))?;
                Ok(json!([a, b]))
            })
            .collect::<Result<_>>()?;
        let byte_level = |use_regex: bool| json!({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": use_regex});
        let (normalizer, pre_tok) = match pre {
            "smollm" | "starcoder" | "refact" => (
                Value::Null,
                json!({"type": "Sequence", "pretokenizers": [
                    {"type": "Digits", "individual_digits": true}, byte_level(true)]}),
            ),
            "qwen2" | "deepseek-coder" | "deepseek-llm" => (
                json!({"type": "NFC"}),
                json!({"type": "Sequence", "pretokenizers": [
                    {"type": "Split", "pattern": {"Regex": QWEN2_REGEX}, "behavior": "Isolated", "invert": false},
                    byte_level(false)]}),
            ),
            _ => (Value::Null, byte_level(true)),
        };
        let doc = json!({
            "version": "1.0",
            "truncation": null,
            "padding": null,
            "added_tokens": added,
            "normalizer": normalizer,
            "pre_tokenizer": pre_tok,
            "post_processor": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true},
            "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
            "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
                "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
                "vocab": vocab, "merges": merges},
        });
        let bytes = serde_json::to_vec(&doc).expect("json");
        let inner = tokenizers::Tokenizer::from_bytes(&bytes).map_err(|e| bad(format!("building tokenizer: {e}")))?;
        let mut eos_ids: Vec<u32> = eos.into_iter().collect();
        // ChatML models end a turn with <|im_end|> even when the file's eos is <|endoftext|>.
        if let Some(im_end) = inner.token_to_id("<|im_end|>") {
            if !eos_ids.contains(&im_end) {
                eos_ids.push(im_end);
            }
        }
        let template = detect_template(template_source.as_deref(), &inner);
        Ok(Self {
            inner,
            bos_id,
            eos_ids,
            pad_id,
            template,
            template_source,
        })
    }
}

/// Recognizes the template family from its Jinja source (or, without one, from the vocabulary).
fn detect_template(src: Option<&str>, inner: &tokenizers::Tokenizer) -> ChatTemplate {
    match src {
        Some(s) if s.contains("<|im_start|>") => ChatTemplate::ChatMl {
            default_system: chatml_default_system(s),
        },
        Some(s) if s.contains("[INST]") => ChatTemplate::Llama2,
        Some(_) => ChatTemplate::None,
        None if inner.token_to_id("<|im_start|>").is_some() => ChatTemplate::ChatMl { default_system: None },
        None => ChatTemplate::None,
    }
}

/// The literal default system message in a ChatML Jinja template, e.g. SmolLM2's
/// `'<|im_start|>system\nYou are a helpful AI assistant named SmolLM...<|im_end|>\n'`.
fn chatml_default_system(src: &str) -> Option<String> {
    for marker in ["<|im_start|>system\\n", "<|im_start|>system\n"] {
        let mut rest = src;
        while let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            if let Some(end) = after.find("<|im_end|>") {
                let body = &after[..end];
                if !body.is_empty() && !body.contains(['{', '\'', '"', '+']) {
                    return Some(body.replace("\\n", "\n"));
                }
            }
            rest = after;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_smollm_default_system() {
        let src = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}";
        assert_eq!(
            chatml_default_system(src).as_deref(),
            Some("You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        );
        assert_eq!(
            chatml_default_system("{{'<|im_start|>system\\n' + message['content'] + '<|im_end|>'}}"),
            None
        );
    }
}
