//! tsp-train: the trainer of the tsp project, on candle.
//!
//! TSP's main player learns with DPO against the previous round's model; the baselines need SFT
//! and a SafeCoder-style masked loss. This crate holds everything that does not depend on the
//! model's architecture:
//!
//! - [`schedule`]: warm-up then cosine, a pure function of the step.
//! - [`optim::AdamW`]: PyTorch-equivalent AdamW whose state saves to safetensors.
//! - [`grad`]: global-norm clipping and gradient accumulation over `GradStore`s.
//! - [`loss`]: token log-probs (a differentiable log-softmax), SFT, DPO (sigmoid), SafeCoder.
//! - [`data`]: SFT / DPO / SafeCoder JSONL (errors name `file:line`), truncation, padding, masks.
//! - [`checkpoint`]: atomic checkpoints from which a run resumes bit-identically.
//! - [`peft`]: LoRA adapters in PEFT layout, and merging them into full weights.
//! - [`trainer::Trainer`]: the loop over any [`trainer::LanguageModel`].
//! - [`lm`]: tsp-model's decoder made trainable (full, top N blocks, LoRA), adapter save/load.
//! - [`run`]: one run from files, as `tsp train` does it; [`progress`]: its progress bar.
//!
//! ```
//! use tsp_train::schedule::learning_rate;
//! // 10 steps, 2 of warm-up, peak 1e-3: step 1 reaches the peak.
//! assert_eq!(learning_rate(1, 10, 2, 1e-3, 0.0), 1e-3);
//! ```

pub mod atomic;
pub mod checkpoint;
pub mod data;
mod error;
pub mod grad;
pub mod lm;
pub mod loss;
pub mod optim;
pub mod peft;
pub mod progress;
pub mod rng;
pub mod run;
pub mod schedule;
pub mod trainer;

pub use error::{Error, Result};
/// Re-exported so the CLI can load models without naming tsp-model itself.
pub use tsp_model;
