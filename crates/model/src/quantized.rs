//! Quantized inference: the `Linear` layers of a loaded model can multiply through candle's
//! `QMatMul` (ggml block formats, int8 dot products) instead of f32 gemm.
//!
//! Training stays on f32: a quantized copy is made next to each f32 weight, and `Linear::forward`
//! uses it only when no gradient is being tracked. The copies live in a registry keyed by the f32
//! weight tensor, for as long as the [`QuantizedWeights`] handle returned by [`quantize`] is kept
//! (`load::Loaded` keeps it); once it is dropped the model runs on f32 again. Keying by tensor
//! leaves `Linear` and `Model` unchanged, so clones and detached copies share the quantized copy.

use crate::error::{Error, Result};
use crate::model::Model;
use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{Module, Tensor, TensorId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

/// Which weights inference multiplies with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Weights {
    /// f32 (dequantized at load): the numbers the parity tests check.
    #[default]
    F32,
    /// Every linear layer requantized to one ggml type (`q8_0`: near f32 quality).
    Quantized(GgmlDType),
    /// A GGUF file's own quantized tensors as stored (e.g. SmolLM2's Q4_1); f32 for other sources.
    Gguf,
}

impl std::str::FromStr for Weights {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let t = match s.to_ascii_lowercase().as_str() {
            "f32" => return Ok(Weights::F32),
            "gguf" => return Ok(Weights::Gguf),
            "q8_0" => GgmlDType::Q8_0,
            "q4_0" => GgmlDType::Q4_0,
            "q4_1" => GgmlDType::Q4_1,
            "q5_0" => GgmlDType::Q5_0,
            "q5_1" => GgmlDType::Q5_1,
            "q4k" | "q4_k" => GgmlDType::Q4K,
            "q6k" | "q6_k" => GgmlDType::Q6K,
            _ => {
                return Err(format!(
                    "unknown weights {s:?} (f32, gguf, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k, q6_k)"
                ))
            }
        };
        Ok(Weights::Quantized(t))
    }
}

type Registry = RwLock<HashMap<TensorId, Arc<QMatMul>>>;
static REGISTRY: OnceLock<Registry> = OnceLock::new();
/// Entries in the registry: lets unquantized models skip the lock entirely.
static ENTRIES: AtomicUsize = AtomicUsize::new(0);

fn registry() -> &'static Registry {
    REGISTRY.get_or_init(Default::default)
}

/// The quantized copy of `weight`, if one is registered.
pub(crate) fn lookup(weight: &Tensor) -> Option<Arc<QMatMul>> {
    if ENTRIES.load(Ordering::Relaxed) == 0 {
        return None;
    }
    registry().read().ok()?.get(&weight.id()).cloned()
}

/// The quantized copy of `weight` that serves `x` (with `rows` rows once flattened): there is
/// one, no gradient is tracked, and the product is skinny enough.
fn serving(x: &Tensor, rows: usize, weight: &Tensor) -> Option<Arc<QMatMul>> {
    if x.track_op() || rows > MAX_ROWS {
        return None;
    }
    lookup(weight)
}

/// Whether [`matmul_t`] would take `x` (with `rows` rows once flattened) through a quantized
/// copy of `weight`.
pub(crate) fn applies(x: &Tensor, rows: usize, weight: &Tensor) -> bool {
    serving(x, rows, weight).is_some()
}

/// `x [rows, in] @ W^T` through the quantized copy of `weight`, or `None` where there is none or
/// a gradient is tracked.
pub(crate) fn matmul_t(x: &Tensor, weight: &Tensor) -> candle_core::Result<Option<Tensor>> {
    let Some(&rows) = x.dims().first() else {
        return Ok(None);
    };
    match serving(x, rows, weight) {
        Some(q) => Ok(Some(q.forward(&x.contiguous()?)?)),
        None => Ok(None),
    }
}

/// Products with more rows than this (prompts, wide batches) run on the f32 weights: candle's
/// quantized kernels only beat f32 gemm on skinny products on this CPU (docs/model.md).
pub const MAX_ROWS: usize = 4;

/// Keeps a model's quantized weights registered; dropping it unregisters them.
#[derive(Debug)]
pub struct QuantizedWeights {
    ids: Vec<TensorId>,
    /// Bytes of quantized data held.
    pub bytes: usize,
    /// Count of tensors per ggml type, e.g. `[("q4_1", 210), ("q8_0", 1)]`.
    pub types: Vec<(String, usize)>,
}

impl Drop for QuantizedWeights {
    fn drop(&mut self) {
        if let Ok(mut r) = registry().write() {
            for id in &self.ids {
                if r.remove(id).is_some() {
                    ENTRIES.fetch_sub(1, Ordering::Relaxed);
                }
            }
        }
    }
}

/// Makes quantized copies of `model`'s linear layers (and of the output projection) and
/// registers them. `from_file`: quantized tensors under Hugging Face names, used as they are
/// (with [`Weights::Gguf`]); any layer missing from it is quantized to q8_0.
pub fn quantize(
    model: &Model,
    weights: Weights,
    mut from_file: Option<HashMap<String, QTensor>>,
) -> Result<Option<QuantizedWeights>> {
    let dtype = match weights {
        Weights::F32 => return Ok(None),
        Weights::Quantized(t) => t,
        Weights::Gguf if from_file.is_none() => return Ok(None),
        Weights::Gguf => GgmlDType::Q8_0,
    };
    let mut m = model.clone(); // shares the weight tensors, so their ids are the same
    let mut layers: Vec<(String, Tensor)> = m
        .linears_mut()
        .into_iter()
        .map(|(name, l)| (format!("{name}.weight"), l.weight.clone()))
        .collect();
    if m.cfg.tie_word_embeddings {
        // The file stores the tied output projection as the embedding.
        layers.push(("model.embed_tokens.weight".into(), m.lm_head.weight.clone()));
    }
    let mut out = QuantizedWeights {
        ids: Vec::with_capacity(layers.len()),
        bytes: 0,
        types: Vec::new(),
    };
    let mut types: HashMap<String, usize> = HashMap::new();
    let mut reg = registry()
        .write()
        .map_err(|_| Error::Invalid("quantized weights registry poisoned".into()))?;
    for (name, w) in layers {
        if w.dim(1)? % dtype.block_size() != 0 {
            continue; // rows that are not whole blocks stay f32
        }
        let q = match from_file.as_mut().and_then(|f| f.remove(&name)) {
            Some(q) if q.shape() == w.shape() => q,
            Some(q) => {
                return Err(Error::Invalid(format!(
                    "{name}: quantized shape {:?} differs from {:?}",
                    q.shape(),
                    w.shape()
                )))
            }
            None => QTensor::quantize(&w.detach(), dtype)?,
        };
        *types.entry(format!("{:?}", q.dtype()).to_lowercase()).or_default() += 1;
        out.bytes += q.storage_size_in_bytes();
        if reg.insert(w.id(), Arc::new(QMatMul::from_qtensor(q)?)).is_none() {
            ENTRIES.fetch_add(1, Ordering::Relaxed);
        }
        out.ids.push(w.id());
    }
    out.types = types.into_iter().collect();
    out.types.sort();
    Ok(Some(out))
}
