//! `Linear`: a dense layer `y = x W^T + b` with an optional LoRA adapter
//! `y += scale * dropout(x) A^T B^T`, where `A: [r, in]`, `B: [out, r]`, `scale = alpha / r`.
//!
//! The weight layout is PyTorch's `[out, in]`, as in checkpoints, so no transposed copies are
//! kept; the gemm reads the transposed view directly.

use crate::rng::Rng;
use candle_core::{Module, Result, Tensor};
use candle_nn::VarBuilder;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A LoRA adapter on one `Linear`.
#[derive(Clone, Debug)]
pub struct Lora {
    /// `[r, in]`
    pub a: Tensor,
    /// `[out, r]`
    pub b: Tensor,
    pub scale: f64,
    pub dropout: f32,
    /// The model's dropout seed ([`crate::Model::set_dropout_seed`]); with `id`, it draws this
    /// adapter's mask, so masks are reproducible (candle's dropout draws from an unseeded RNG).
    pub dropout_seed: Arc<AtomicU64>,
    /// This adapter's index in the model.
    pub id: u64,
}

/// Dense layer with HF weight names (`weight`, optional `bias`) and an optional LoRA adapter.
#[derive(Clone, Debug)]
pub struct Linear {
    pub weight: Tensor,
    pub bias: Option<Tensor>,
    pub lora: Option<Lora>,
    /// Dropout on the LoRA input is applied only while training.
    pub train: bool,
}

impl Linear {
    pub fn new(weight: Tensor, bias: Option<Tensor>) -> Self {
        Self {
            weight,
            bias,
            lora: None,
            train: false,
        }
    }

    /// Reads `weight` `[out, in]` and, when `bias` is set, `bias` `[out]` under `vb`.
    pub fn load(vb: VarBuilder, in_dim: usize, out_dim: usize, bias: bool) -> Result<Self> {
        let weight = vb.get((out_dim, in_dim), "weight")?;
        let bias = if bias { Some(vb.get(out_dim, "bias")?) } else { None };
        Ok(Self::new(weight, bias))
    }

    pub fn in_dim(&self) -> usize {
        self.weight.dims()[1]
    }
    pub fn out_dim(&self) -> usize {
        self.weight.dims()[0]
    }

    /// The weight with the LoRA update folded in: `W + scale * B A`. Used to save merged models.
    pub fn merged_weight(&self) -> Result<Tensor> {
        match &self.lora {
            None => Ok(self.weight.clone()),
            Some(l) => self.weight.add(&(l.b.matmul(&l.a)? * l.scale)?),
        }
    }
}

impl Module for Linear {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        // Flatten leading dims so the product is one 2-D gemm.
        let dims = x.dims().to_vec();
        let in_dim = *dims.last().expect("non-scalar input");
        let rows: usize = dims[..dims.len() - 1].iter().product();
        let dropout = self.train && self.lora.as_ref().is_some_and(|l| l.dropout > 0.0);
        if !dropout && self.on_cpu_kernels(x, rows) {
            // One op on `[.., in]` as it is: no reshape nodes, each of which costs a zero-filled
            // gradient and an add in candle's backward.
            match &self.lora {
                None => return crate::fused::linear(x, &self.weight),
                // Frozen base plus adapter in one op: no output-sized intermediates.
                Some(l) if !self.weight.track_op() => {
                    return crate::fused::lora_linear(x, &self.weight, &l.a, &l.b, l.scale)
                }
                Some(_) => {}
            }
        }
        let y = self.base_then_adapter(&x.reshape((rows, in_dim))?)?;
        let mut out_dims = dims;
        *out_dims.last_mut().unwrap() = self.out_dim();
        y.reshape(out_dims)
    }
}

impl Linear {
    /// The weight, when this layer is a bare product `x W^T` for `x` on the CPU kernels: no bias,
    /// no adapter, f32, and no quantized copy that would serve `x`. Fused ops that take the
    /// weight itself (crate::gate_up) use it.
    pub(crate) fn bare_weight(&self, x: &Tensor) -> Option<&Tensor> {
        let rows = x.elem_count() / x.dims().last().copied().unwrap_or(1).max(1);
        (self.lora.is_none() && self.on_cpu_kernels(x, rows)).then_some(&self.weight)
    }

    /// Whether `x W^T` (x with `rows` rows once flattened) runs on the CPU kernels of
    /// crate::fused: f32 on the CPU, no bias, and no quantized copy that would serve `x`.
    fn on_cpu_kernels(&self, x: &Tensor, rows: usize) -> bool {
        self.bias.is_none()
            && crate::fused::supported(x)
            && crate::fused::supported(&self.weight)
            && !crate::quantized::applies(x, rows, &self.weight)
    }

    /// `x W^T + b`, then the adapter's `scale (dropout(x) A^T) B^T` added as separate ops.
    fn base_then_adapter(&self, x2: &Tensor) -> Result<Tensor> {
        // A registered quantized copy of the weight serves no-grad inference (crate::quantized).
        let mut y = match crate::quantized::matmul_t(x2, &self.weight)? {
            Some(y) => y,
            None => crate::ops::linear(x2, &self.weight)?,
        };
        if let Some(b) = &self.bias {
            y = y.broadcast_add(b)?;
        }
        if let Some(l) = &self.lora {
            let xin = if self.train && l.dropout > 0.0 {
                seeded_dropout(x2, l.dropout, l.mask_seed())?
            } else {
                x2.clone()
            };
            // Scale the rank-r product, not the output-sized one: one output-sized tensor fewer.
            let delta = (crate::ops::linear(&xin, &l.a)? * l.scale)?;
            y = (y + crate::ops::linear(&delta, &l.b)?)?;
        }
        Ok(y)
    }
}

/// Inverted dropout: each element zeroed with probability `p`, the rest scaled by `1 / (1 - p)`,
/// with the mask drawn from `seed` (in parallel chunks, each its own stream, so the mask does not
/// depend on the thread count).
pub fn seeded_dropout(x: &Tensor, p: f32, seed: u64) -> Result<Tensor> {
    let mask = dropout_mask(x.elem_count(), p, seed)?;
    let mask = Tensor::from_vec(mask, x.shape(), x.device())?.to_dtype(x.dtype())?;
    x * mask
}

/// The mask of [`seeded_dropout`] for `n` elements: 0 with probability `p`, else `1 / (1 - p)`.
pub fn dropout_mask(n: usize, p: f32, seed: u64) -> Result<Vec<f32>> {
    if !(0.0..1.0).contains(&p) {
        candle_core::bail!("dropout probability {p} is not in [0, 1)");
    }
    const CHUNK: usize = 1 << 14;
    let keep = 1.0 / (1.0 - p);
    let mut mask = vec![0f32; n];
    mask.par_chunks_mut(CHUNK).enumerate().for_each(|(c, m)| {
        let mut rng = Rng::stream(seed, c as u64);
        for v in m {
            *v = if rng.uniform() as f32 >= p { keep } else { 0.0 };
        }
    });
    Ok(mask)
}

impl Lora {
    /// The seed of this adapter's dropout mask in the current forward pass.
    pub(crate) fn mask_seed(&self) -> u64 {
        Rng::stream(self.dropout_seed.load(Ordering::Relaxed), self.id).next_u64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn seeded_dropout_is_reproducible_and_keeps_the_mean() -> Result<()> {
        let x = Tensor::ones((64, 1000), candle_core::DType::F32, &Device::Cpu)?;
        let (a, b, c) = (
            seeded_dropout(&x, 0.1, 7)?,
            seeded_dropout(&x, 0.1, 7)?,
            seeded_dropout(&x, 0.1, 8)?,
        );
        let same = |u: &Tensor, v: &Tensor| -> Result<bool> { Ok(u.eq(v)?.min_all()?.to_scalar::<u8>()? == 1) };
        assert!(same(&a, &b)?, "same seed, same mask");
        assert!(!same(&a, &c)?, "another seed, another mask");
        let zeros = a
            .eq(0f32)?
            .to_dtype(candle_core::DType::F32)?
            .mean_all()?
            .to_scalar::<f32>()?;
        assert!((zeros - 0.1).abs() < 0.01, "dropped share {zeros}");
        let mean = a.mean_all()?.to_scalar::<f32>()?;
        assert!((mean - 1.0).abs() < 0.02, "mean {mean}");
        assert!(seeded_dropout(&x, 1.0, 0).is_err());
        Ok(())
    }
}
