//! LoRA adapters in PEFT's on-disk layout, so `PeftModel.from_pretrained(base, dir)` loads what we
//! train: `adapter_config.json` plus `adapter_model.safetensors` whose tensors are named
//! `base_model.model.{module}.lora_A.weight` (`[r, in]`) and `...lora_B.weight` (`[out, r]`).
//! Also merging an adapter into full weights: `W + (alpha / r) · B·A`.

use crate::{Error, Result};
use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The subset of PEFT's `LoraConfig` that describes a plain LoRA adapter.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AdapterConfig {
    pub peft_type: String,
    pub task_type: String,
    pub r: usize,
    pub lora_alpha: f64,
    pub lora_dropout: f64,
    /// Module names such as `q_proj`, `down_proj`.
    pub target_modules: Vec<String>,
    /// Block indices carrying adapters (None: all blocks).
    #[serde(default)]
    pub layers_to_transform: Option<Vec<usize>>,
    pub bias: String,
    pub fan_in_fan_out: bool,
    pub inference_mode: bool,
    #[serde(default)]
    pub use_rslora: bool,
    #[serde(default)]
    pub use_dora: bool,
    #[serde(default)]
    pub base_model_name_or_path: Option<String>,
}

impl AdapterConfig {
    pub fn new(r: usize, lora_alpha: f64, lora_dropout: f64, target_modules: Vec<String>) -> Self {
        AdapterConfig {
            peft_type: "LORA".into(),
            task_type: "CAUSAL_LM".into(),
            r,
            lora_alpha,
            lora_dropout,
            target_modules,
            layers_to_transform: None,
            bias: "none".into(),
            fan_in_fan_out: false,
            inference_mode: true,
            use_rslora: false,
            use_dora: false,
            base_model_name_or_path: None,
        }
    }

    /// The factor applied to `B·A`: `alpha / r`, or `alpha / sqrt(r)` with rsLoRA.
    pub fn scale(&self) -> f64 {
        if self.use_rslora {
            self.lora_alpha / (self.r as f64).sqrt()
        } else {
            self.lora_alpha / self.r as f64
        }
    }
}

/// PEFT's prefix for adapter tensor names.
pub const PEFT_PREFIX: &str = "base_model.model.";

/// Writes `dir/adapter_config.json` and `dir/adapter_model.safetensors`. `tensors` are named as
/// PEFT names them (`base_model.model.….lora_A.weight`).
pub fn save_adapter(dir: &Path, cfg: &AdapterConfig, tensors: &HashMap<String, Tensor>) -> Result<()> {
    for name in tensors.keys() {
        if !name.starts_with(PEFT_PREFIX) || !(name.ends_with(".lora_A.weight") || name.ends_with(".lora_B.weight")) {
            return Err(Error::invalid(format!("{name} is not a PEFT LoRA tensor name")));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    crate::atomic::write_json(&dir.join("adapter_config.json"), cfg)?;
    let meta = HashMap::from([("format".to_string(), "pt".to_string())]);
    crate::atomic::save_safetensors(&dir.join("adapter_model.safetensors"), tensors, Some(meta))
}

pub fn load_adapter(dir: &Path) -> Result<(AdapterConfig, HashMap<String, Tensor>)> {
    let cp = dir.join("adapter_config.json");
    let text = std::fs::read_to_string(&cp).map_err(|e| Error::io(&cp, e))?;
    let cfg: AdapterConfig =
        serde_json::from_str(&text).map_err(|e| Error::invalid(format!("{}: {e}", cp.display())))?;
    if cfg.peft_type != "LORA" || cfg.use_dora {
        return Err(Error::invalid(format!(
            "{}: only plain LoRA adapters are supported",
            cp.display()
        )));
    }
    let tp = dir.join("adapter_model.safetensors");
    let tensors = candle_core::safetensors::load(&tp, &Device::Cpu)
        .map_err(|e| Error::invalid(format!("{}: {e}", tp.display())))?;
    Ok((cfg, tensors))
}

/// Adds `scale · B·A` to each adapted weight of `base` (named as in the Hugging Face checkpoint,
/// e.g. `model.layers.0.self_attn.q_proj.weight`). Returns how many weights changed; every adapter
/// pair must find its base weight with matching shape.
pub fn merge_adapter(
    base: &mut HashMap<String, Tensor>,
    cfg: &AdapterConfig,
    adapter: &HashMap<String, Tensor>,
) -> Result<usize> {
    let scale = cfg.scale();
    let mut merged = 0;
    let mut names: Vec<&String> = adapter.keys().filter(|k| k.ends_with(".lora_A.weight")).collect();
    names.sort();
    for a_name in names {
        let module = &a_name[PEFT_PREFIX.len()..a_name.len() - ".lora_A.weight".len()];
        let b_name = format!("{PEFT_PREFIX}{module}.lora_B.weight");
        let b = adapter
            .get(&b_name)
            .ok_or_else(|| Error::invalid(format!("adapter has {a_name} but no {b_name}")))?;
        let a = &adapter[a_name];
        let w_name = format!("{module}.weight");
        let w = base
            .get(&w_name)
            .ok_or_else(|| Error::invalid(format!("base model has no {w_name} for adapter {a_name}")))?;
        let delta = b
            .to_dtype(DType::F32)?
            .matmul(&a.to_dtype(DType::F32)?)?
            .affine(scale, 0.0)?;
        if delta.dims() != w.dims() {
            return Err(Error::invalid(format!(
                "{w_name}: base {:?}, adapter B·A {:?}",
                w.dims(),
                delta.dims()
            )));
        }
        let new_w = (w.to_dtype(DType::F32)? + delta.to_device(w.device())?)?.to_dtype(w.dtype())?;
        base.insert(w_name, new_w);
        merged += 1;
    }
    if merged == 0 {
        return Err(Error::invalid("adapter holds no lora_A weights"));
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_load_merge() -> Result<()> {
        let dev = Device::Cpu;
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = AdapterConfig::new(2, 4.0, 0.0, vec!["q_proj".into()]);
        cfg.base_model_name_or_path = Some("tiny".into());
        let a = Tensor::new(&[[1.0f32, 0.0, 2.0], [0.0, 1.0, 0.0]], &dev)?; // [r=2, in=3]
        let b = Tensor::new(&[[1.0f32, 1.0], [0.0, 0.5]], &dev)?; // [out=2, r=2]
        let m = "model.layers.0.self_attn.q_proj";
        let tensors = HashMap::from([
            (format!("{PEFT_PREFIX}{m}.lora_A.weight"), a),
            (format!("{PEFT_PREFIX}{m}.lora_B.weight"), b),
        ]);
        save_adapter(dir.path(), &cfg, &tensors)?;
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("adapter_config.json")).unwrap()).unwrap();
        assert_eq!(
            (
                json["peft_type"].as_str(),
                json["r"].as_u64(),
                json["task_type"].as_str()
            ),
            (Some("LORA"), Some(2), Some("CAUSAL_LM"))
        );
        let (cfg2, t2) = load_adapter(dir.path())?;
        assert_eq!(cfg2, cfg);
        let mut base = HashMap::from([(format!("{m}.weight"), Tensor::zeros((2, 3), DType::F32, &dev)?)]);
        assert_eq!(merge_adapter(&mut base, &cfg2, &t2)?, 1);
        // scale 2 · B·A = 2 · [[1, 1, 2], [0, 0.5, 0]].
        assert_eq!(
            base[&format!("{m}.weight")].to_vec2::<f32>()?,
            vec![vec![2.0, 2.0, 4.0], vec![0.0, 1.0, 0.0]]
        );
        // Wrong names are refused, and an adapter for a missing weight is an error.
        let bad = HashMap::from([(
            "q_proj.lora_A.weight".to_string(),
            Tensor::zeros((1, 1), DType::F32, &dev)?,
        )]);
        assert!(save_adapter(dir.path(), &cfg, &bad).is_err());
        let mut empty = HashMap::new();
        assert!(merge_adapter(&mut empty, &cfg2, &t2)
            .unwrap_err()
            .to_string()
            .contains("base model has no"));
        Ok(())
    }
}
