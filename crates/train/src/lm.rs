//! tsp-model's decoder as a trainable [`LanguageModel`]: which weights train (all, the top N
//! blocks, or LoRA adapters), the trainable `Var`s by name, and saving the result (Hugging Face
//! layout for full weights, PEFT layout for adapters).

use crate::peft::{self, AdapterConfig};
use crate::trainer::LanguageModel;
use crate::{Error, Result};
use candle_core::{Device, Tensor, Var};
use candle_nn::VarMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use tsp_model::{Config, LoraConfig, Model, Trainable};

impl LanguageModel for Model {
    fn all_logits(&self, input_ids: &Tensor) -> candle_core::Result<Tensor> {
        // Batches are right-padded: under causal attention the padding cannot reach the real
        // tokens, so no mask is needed.
        self.forward(input_ids, None, None)
    }
    fn next_token_logprobs(&self, input_ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        Ok(Model::next_token_logprobs(self, input_ids, mask)?)
    }
    fn next_token_logprobs_no_grad(&self, input_ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        Ok(self.detached().next_token_logprobs(input_ids, mask)?)
    }
    fn set_dropout_seed(&self, seed: u64) {
        Model::set_dropout_seed(self, seed)
    }
    fn backward(&self, loss: &Tensor) -> Result<candle_core::backprop::GradStore> {
        Ok(Model::backward(self, loss)?)
    }
}

/// What trains.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every weight.
    Full,
    /// Only the top `n` blocks and the final norm (and an untied `lm_head`).
    TopBlocks(usize),
    /// LoRA adapters on the target modules; the base stays frozen.
    Lora {
        r: usize,
        alpha: f64,
        dropout: f32,
        target_modules: Vec<String>,
    },
}

/// A model made trainable, with its trainable variables in a fixed (sorted) order.
pub struct TrainableModel {
    pub model: Model,
    pub varmap: VarMap,
    pub mode: Mode,
}

impl TrainableModel {
    /// Builds the model from checkpoint weights (Hugging Face names) on `device`.
    pub fn new(cfg: &Config, weights: &HashMap<String, Tensor>, mode: Mode, device: &Device) -> Result<Self> {
        let (mut model, varmap) = match &mode {
            Mode::Full => Model::load_trainable(weights, cfg, Trainable::All, device)?,
            Mode::TopBlocks(n) => {
                if *n == 0 || *n > cfg.num_hidden_layers {
                    return Err(Error::invalid(format!(
                        "--top-blocks {n}: the model has {} blocks",
                        cfg.num_hidden_layers
                    )));
                }
                Model::load_trainable(weights, cfg, Trainable::TopBlocks(*n), device)?
            }
            Mode::Lora {
                r,
                alpha,
                dropout,
                target_modules,
            } => {
                let weights: HashMap<String, Tensor> = weights
                    .iter()
                    .map(|(k, t)| Ok((k.clone(), t.to_device(device)?.to_dtype(candle_core::DType::F32)?)))
                    .collect::<candle_core::Result<_>>()?;
                let vb = candle_nn::VarBuilder::from_tensors(weights, candle_core::DType::F32, device);
                let mut model = Model::load(vb, cfg)?;
                let varmap = VarMap::new();
                let cfg = LoraConfig {
                    r: *r,
                    alpha: *alpha,
                    dropout: *dropout,
                    target_modules: target_modules.clone(),
                    seed: 0,
                };
                model.attach_lora(&cfg, &varmap)?;
                (model, varmap)
            }
        };
        model.set_train(true);
        // Each block as two ops with written-out backward passes (tsp_model::sublayer): the
        // gradients then come from `Model::backward`, which the trainer calls.
        model.set_sublayer_ops(true);
        Ok(TrainableModel { model, varmap, mode })
    }

    /// Trainable variables by name, sorted so optimizer state lines up across runs.
    pub fn params(&self) -> Vec<(String, Var)> {
        let data = self.varmap.data().lock().expect("varmap lock");
        let mut v: Vec<(String, Var)> = data.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    pub fn num_trainable(&self) -> usize {
        self.params().iter().map(|(_, v)| v.elem_count()).sum()
    }

    /// The PEFT adapter config for a LoRA run.
    pub fn adapter_config(&self, base: Option<String>) -> Option<AdapterConfig> {
        match &self.mode {
            Mode::Lora {
                r,
                alpha,
                dropout,
                target_modules,
            } => {
                let mut c = AdapterConfig::new(*r, *alpha, *dropout as f64, target_modules.clone());
                c.base_model_name_or_path = base;
                Some(c)
            }
            _ => None,
        }
    }

    /// Writes `dir/adapter_config.json` and `dir/adapter_model.safetensors` (LoRA runs only).
    pub fn save_adapter(&self, dir: &Path, base: Option<String>) -> Result<()> {
        let cfg = self
            .adapter_config(base)
            .ok_or_else(|| Error::invalid("not a LoRA run: no adapter to save"))?;
        let tensors: HashMap<String, Tensor> = self
            .params()
            .into_iter()
            .map(|(k, v)| (k, v.as_tensor().clone()))
            .collect();
        peft::save_adapter(dir, &cfg, &tensors)
    }
}

/// Loads a PEFT adapter onto `model`: attaches adapters of the saved shape and copies the saved
/// values in. Returns the adapter's config and the `VarMap` holding its variables.
pub fn load_adapter(model: &mut Model, dir: &Path) -> Result<(AdapterConfig, VarMap)> {
    let (cfg, tensors) = peft::load_adapter(dir)?;
    if cfg.layers_to_transform.is_some() {
        return Err(Error::invalid(format!(
            "{}: layers_to_transform is not supported",
            dir.display()
        )));
    }
    let varmap = VarMap::new();
    let lcfg = LoraConfig {
        r: cfg.r,
        alpha: cfg.lora_alpha,
        dropout: 0.0,
        target_modules: cfg.target_modules.clone(),
        seed: 0,
    };
    model.attach_lora(&lcfg, &varmap)?;
    let data = varmap.data().lock().expect("varmap lock");
    for (name, var) in data.iter() {
        let t = tensors
            .get(name)
            .ok_or_else(|| Error::invalid(format!("{}: adapter lacks {name}", dir.display())))?;
        if t.dims() != var.dims() {
            return Err(Error::invalid(format!(
                "{}: {name} has shape {:?}, model expects {:?}",
                dir.display(),
                t.dims(),
                var.dims()
            )));
        }
        var.set(&t.to_device(var.device())?.to_dtype(var.dtype())?)?;
    }
    if let Some(extra) = tensors.keys().find(|k| !data.contains_key(*k)) {
        return Err(Error::invalid(format!(
            "{}: adapter tensor {extra} matches no module of the model",
            dir.display()
        )));
    }
    drop(data);
    Ok((cfg, varmap))
}
