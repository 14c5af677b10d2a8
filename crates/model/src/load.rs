//! Resolving a `--model` argument (a known name, a GGUF file, or a Hugging Face folder) to
//! weights, config and tokenizer, and building a ready-to-run model from them.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fetch;
use crate::gguf;
use crate::model::Model;
use crate::quantized::QuantizedWeights;
pub use crate::quantized::Weights;
use crate::tokenizer::Tokenizer;
use candle_core::quantized::QTensor;
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where a model comes from.
#[derive(Clone, Debug)]
pub enum ModelSource {
    /// A named model fetched into the cache on first use.
    Named(&'static fetch::ModelSpec),
    Gguf(PathBuf),
    /// A folder with `config.json`, `model.safetensors` (or a sharded index) and `tokenizer.json`.
    HfDir(PathBuf),
}

impl ModelSource {
    /// A name from `fetch::MODELS`, a path to a `.gguf` file, or a Hugging Face folder.
    pub fn parse(arg: &str) -> Result<Self> {
        let p = Path::new(arg);
        if p.is_dir() {
            return Ok(ModelSource::HfDir(p.to_path_buf()));
        }
        if p.is_file() {
            return Ok(ModelSource::Gguf(p.to_path_buf()));
        }
        if let Some(s) = fetch::spec(arg) {
            return Ok(ModelSource::Named(s));
        }
        let names: Vec<&str> = fetch::MODELS.iter().map(|m| m.name).collect();
        Err(Error::Invalid(format!(
            "--model {arg:?}: no such file or folder, and not a known model name ({})",
            names.join(", ")
        )))
    }
}

/// Weights, config and tokenizer of a checkpoint, before a `Model` is built from them.
pub struct Checkpoint {
    pub cfg: Config,
    pub weights: HashMap<String, Tensor>,
    pub tokenizer: Tokenizer,
    /// The file or folder it was read from.
    pub path: PathBuf,
    /// A GGUF file's tensors in their stored types, when read with `keep_quantized`.
    pub quantized: Option<HashMap<String, QTensor>>,
}

impl Checkpoint {
    /// Reads the checkpoint (fetching a named model first) as f32 tensors on `dev`.
    pub fn read(src: &ModelSource, dev: &Device) -> Result<Self> {
        Self::read_with(src, dev, false)
    }

    /// [`Checkpoint::read`]; with `keep_quantized`, a GGUF file's stored tensors are kept too.
    pub fn read_with(src: &ModelSource, dev: &Device, keep_quantized: bool) -> Result<Self> {
        match src {
            ModelSource::Named(spec) => {
                let path = fetch::ensure(spec)?;
                Self::read_with(&ModelSource::Gguf(path), dev, keep_quantized)
            }
            ModelSource::Gguf(path) => {
                let g = gguf::read_gguf_with(path, dev, keep_quantized)?;
                Ok(Self {
                    cfg: g.cfg,
                    weights: g.weights,
                    tokenizer: g.tokenizer,
                    path: path.clone(),
                    quantized: g.quantized,
                })
            }
            ModelSource::HfDir(dir) => read_hf_dir(dir, dev),
        }
    }

    /// A frozen model over these weights (inference, or the base of a LoRA model).
    pub fn model(&self) -> Result<Model> {
        let dev = self
            .weights
            .values()
            .next()
            .map(|t| t.device().clone())
            .unwrap_or(Device::Cpu);
        let vb = VarBuilder::from_tensors(self.weights.clone(), DType::F32, &dev);
        Model::load(vb, &self.cfg).map_err(|e| Error::bad_model(&self.path, e.to_string()))
    }
}

fn read_hf_dir(dir: &Path, dev: &Device) -> Result<Checkpoint> {
    let cfg_path = dir.join("config.json");
    let bytes = std::fs::read(&cfg_path).map_err(|e| Error::io(&cfg_path, e))?;
    let mut cfg: Config = serde_json::from_slice(&bytes).map_err(|e| Error::bad_model(&cfg_path, e.to_string()))?;
    cfg.normalize().map_err(|m| Error::bad_model(&cfg_path, m))?;
    cfg.validate().map_err(|m| Error::bad_model(&cfg_path, m))?;
    let single = dir.join("model.safetensors");
    let index = dir.join("model.safetensors.index.json");
    let files: Vec<PathBuf> = if single.is_file() {
        vec![single]
    } else if index.is_file() {
        let b = std::fs::read(&index).map_err(|e| Error::io(&index, e))?;
        let v: serde_json::Value = serde_json::from_slice(&b).map_err(|e| Error::bad_model(&index, e.to_string()))?;
        let map = v["weight_map"]
            .as_object()
            .ok_or_else(|| Error::bad_model(&index, "no weight_map"))?;
        let mut files: Vec<PathBuf> = map.values().filter_map(|f| f.as_str()).map(|f| dir.join(f)).collect();
        files.sort();
        files.dedup();
        files
    } else {
        return Err(Error::bad_model(
            dir,
            "no model.safetensors or model.safetensors.index.json",
        ));
    };
    let mut weights = HashMap::new();
    for f in files {
        let ts = candle_core::safetensors::load(&f, dev).map_err(|e| Error::bad_model(&f, e.to_string()))?;
        for (k, t) in ts {
            weights.insert(k, t.to_dtype(DType::F32)?);
        }
    }
    let mut tokenizer = Tokenizer::from_hf_dir(dir)?;
    for id in cfg.eos_ids() {
        if !tokenizer.eos_ids.contains(&id) {
            tokenizer.eos_ids.push(id);
        }
    }
    Ok(Checkpoint {
        cfg,
        weights,
        tokenizer,
        path: dir.to_path_buf(),
        quantized: None,
    })
}

/// A model ready for generation.
pub struct Loaded {
    pub model: Model,
    pub tokenizer: Tokenizer,
    pub path: PathBuf,
    /// Seconds spent reading and building (excluding any first-use fetch).
    pub load_secs: f64,
    /// The quantized copies `model` multiplies with (see [`crate::quantized`]); `None` for f32.
    /// Dropping them puts the model back on f32.
    pub quantized: Option<QuantizedWeights>,
}

/// How to load a model for inference.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// f32 (default), a ggml type to requantize every linear layer to, or a GGUF's own types.
    pub weights: Weights,
}

/// Loads `--model` for inference on `dev`, with the fused (no-grad) kernels on and f32 weights.
pub fn load(arg: &str, dev: &Device) -> Result<Loaded> {
    load_with(arg, dev, &LoadOptions::default())
}

/// [`load`] with options (quantized weights).
pub fn load_with(arg: &str, dev: &Device, opts: &LoadOptions) -> Result<Loaded> {
    let src = ModelSource::parse(arg)?;
    if let ModelSource::Named(spec) = &src {
        fetch::ensure(spec)?;
    }
    let t0 = Instant::now();
    let mut ck = Checkpoint::read_with(&src, dev, opts.weights == Weights::Gguf)?;
    let mut model = ck.model()?;
    model.set_fused(true);
    let quantized = crate::quantized::quantize(&model, opts.weights, ck.quantized.take())?;
    Ok(Loaded {
        model,
        tokenizer: ck.tokenizer,
        path: ck.path,
        load_secs: t0.elapsed().as_secs_f64(),
        quantized,
    })
}

/// Saves a model in Hugging Face layout: `config.json`, `model.safetensors` (LoRA merged) and the
/// tokenizer files. Each file is written to a temp file and renamed.
pub fn save_hf(model: &Model, tokenizer: &Tokenizer, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let cfg = serde_json::to_vec_pretty(&model.cfg.to_hf_json()).expect("json");
    crate::io::write_atomic(&dir.join("config.json"), &cfg)?;
    let weights: HashMap<String, Tensor> = model
        .named_weights()?
        .into_iter()
        .map(|(k, t)| Ok((k, t.detach().contiguous()?)))
        .collect::<candle_core::Result<_>>()?;
    let dest = dir.join("model.safetensors");
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    candle_core::safetensors::save(&weights, tmp.path())?;
    tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
    tokenizer.save_hf(dir)
}
