//! LoRA adapters and trainable copies of a model, for the trainer.
//!
//! Adapters are `Var`s in a `VarMap` under PEFT's names
//! (`base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight`), so `varmap.save(..)`
//! writes an `adapter_model.safetensors` that PEFT can read.

use crate::config::Config;
use crate::linear::Lora;
use crate::model::Model;
use crate::rng::Rng;
use candle_core::{DType, Device, Result, Tensor, Var};
use candle_nn::{VarBuilder, VarMap};
use std::collections::HashMap;

/// LoRA hyper-parameters (PEFT's names and meanings).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct LoraConfig {
    /// Rank of the update.
    pub r: usize,
    /// The update is scaled by `alpha / r`.
    pub alpha: f64,
    /// Dropout on the adapter input while training.
    pub dropout: f32,
    /// Module names to adapt: any of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj.
    pub target_modules: Vec<String>,
    /// Seed of A's initialization.
    pub seed: u64,
}

impl Default for LoraConfig {
    fn default() -> Self {
        Self {
            r: 8,
            alpha: 16.0,
            dropout: 0.05,
            target_modules: [
                "q_proj",
                "k_proj",
                "v_proj",
                "o_proj",
                "gate_proj",
                "up_proj",
                "down_proj",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            seed: 0,
        }
    }
}

impl LoraConfig {
    /// PEFT's `adapter_config.json` for these settings.
    pub fn to_peft_json(&self) -> serde_json::Value {
        serde_json::json!({
            "peft_type": "LORA",
            "task_type": "CAUSAL_LM",
            "r": self.r,
            "lora_alpha": self.alpha,
            "lora_dropout": self.dropout,
            "target_modules": self.target_modules,
            "bias": "none",
            "fan_in_fan_out": false,
            "inference_mode": false,
        })
    }
}

/// What `load_trainable` turns into `Var`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trainable {
    /// Every weight (full fine-tuning).
    All,
    /// Only the top `n` blocks, the final norm and an untied `lm_head`; the rest stays frozen
    /// (plain tensors, so backward does not even compute their gradients).
    TopBlocks(usize),
}

impl Model {
    /// Adds LoRA adapters to the target modules: `A` `[r, in]` kaiming-uniform (bound `1/sqrt(in)`,
    /// as PEFT), `B` `[out, r]` zeros, so the model's output is unchanged until B moves. The new
    /// `Var`s are registered in `varmap` under PEFT names; pass `varmap.all_vars()` to the
    /// optimizer. Calling it twice replaces the adapters.
    pub fn attach_lora(&mut self, cfg: &LoraConfig, varmap: &VarMap) -> Result<()> {
        if cfg.r == 0 {
            candle_core::bail!("attach_lora: r must be > 0");
        }
        let scale = cfg.alpha / cfg.r as f64;
        let dev = self.device().clone();
        let mut rng = Rng::new(cfg.seed);
        let mut n = 0;
        let seed = self.dropout_seed.clone();
        for (id, (name, lin)) in self.linears_mut().into_iter().enumerate() {
            let module = name.rsplit('.').next().unwrap_or("");
            if !cfg.target_modules.iter().any(|t| t == module) {
                continue;
            }
            let (out_d, in_d) = (lin.out_dim(), lin.in_dim());
            let bound = 1.0 / (in_d as f64).sqrt();
            let a: Vec<f32> = (0..cfg.r * in_d)
                .map(|_| ((rng.uniform() * 2.0 - 1.0) * bound) as f32)
                .collect();
            let a = Var::from_tensor(&Tensor::from_vec(a, (cfg.r, in_d), &dev)?)?;
            let b = Var::zeros((out_d, cfg.r), DType::F32, &dev)?;
            let mut data = varmap.data().lock().expect("varmap lock");
            data.insert(format!("base_model.model.{name}.lora_A.weight"), a.clone());
            data.insert(format!("base_model.model.{name}.lora_B.weight"), b.clone());
            lin.lora = Some(Lora {
                a: a.as_tensor().clone(),
                b: b.as_tensor().clone(),
                scale,
                dropout: cfg.dropout,
                dropout_seed: seed.clone(),
                id: id as u64,
            });
            n += 1;
        }
        if n == 0 {
            candle_core::bail!("attach_lora: no module matches {:?}", cfg.target_modules);
        }
        Ok(())
    }

    /// Builds a model whose weights (all, or the top blocks) are trainable `Var`s registered in
    /// the returned `VarMap` under their Hugging Face names; the others are frozen tensors.
    pub fn load_trainable(
        weights: &HashMap<String, Tensor>,
        cfg: &Config,
        which: Trainable,
        dev: &Device,
    ) -> Result<(Model, VarMap)> {
        let varmap = VarMap::new();
        let first_trainable = match which {
            Trainable::All => 0,
            Trainable::TopBlocks(n) => cfg.num_hidden_layers.saturating_sub(n),
        };
        let trainable = |name: &str| -> bool {
            if which == Trainable::All {
                return true;
            }
            if let Some(rest) = name.strip_prefix("model.layers.") {
                let i: usize = rest.split('.').next().and_then(|s| s.parse().ok()).unwrap_or(0);
                return i >= first_trainable;
            }
            name == "model.norm.weight" || name == "lm_head.weight"
        };
        let mut ts = HashMap::with_capacity(weights.len());
        {
            let mut data = varmap.data().lock().expect("varmap lock");
            for (name, t) in weights {
                let t = t.to_device(dev)?.to_dtype(DType::F32)?;
                if trainable(name) {
                    let v = Var::from_tensor(&t)?;
                    ts.insert(name.clone(), v.as_tensor().clone());
                    data.insert(name.clone(), v);
                } else {
                    ts.insert(name.clone(), t.detach());
                }
            }
        }
        let vb = VarBuilder::from_tensors(ts, DType::F32, dev);
        let model = Model::load(vb, cfg)?;
        Ok((model, varmap))
    }
}
