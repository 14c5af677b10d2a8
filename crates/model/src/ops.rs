//! The decoder's norm, rotary and softmax ops, on one of three paths.
//!
//! candle's fused `rope`, `rms_norm` and `softmax_last_dim` have no backward: `backward()` returns
//! Ok and the variables upstream silently get no gradient. So `fused = true` (inference only) uses
//! them, and the default path uses our own kernels with a backward ([`crate::fused`], f32 on the
//! CPU) or, elsewhere, compositions of differentiable candle primitives. All three give the same
//! numbers to float rounding.

use crate::fused;
use candle_core::{DType, Device, Result, Tensor, D};

/// `x [m, in] · W^T` for a weight `W [out, in]` in PyTorch's layout.
pub fn linear(x: &Tensor, w: &Tensor) -> Result<Tensor> {
    if fused::supported(x) && fused::supported(w) {
        return fused::linear(x, w);
    }
    x.matmul(&w.t()?)
}

/// Batched `a [.., m, k] · b [.., k, n]` (same leading dims); strided views are read in place.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if fused::supported(a) && fused::supported(b) {
        return fused::matmul(a, b);
    }
    a.matmul(b)
}

/// Root-mean-square norm over the last dim: `x / sqrt(mean(x^2) + eps) * weight`.
pub fn rms_norm(x: &Tensor, weight: &Tensor, eps: f64, fused: bool) -> Result<Tensor> {
    if fused {
        return candle_nn::ops::rms_norm(x, weight, eps as f32);
    }
    if fused::supported(x) {
        return fused::rms_norm(x, weight, eps);
    }
    let var = x.sqr()?.mean_keepdim(D::Minus1)?;
    let inv = (var + eps)?.sqrt()?.recip()?;
    x.broadcast_mul(&inv)?.broadcast_mul(weight)
}

/// Softmax over the last dim, stabilized by the row max.
pub fn softmax_last(x: &Tensor, fused: bool) -> Result<Tensor> {
    if fused {
        return candle_nn::ops::softmax_last_dim(x);
    }
    if fused::supported(x) {
        return fused::softmax_last(x);
    }
    let max = x.max_keepdim(D::Minus1)?.detach();
    let e = x.broadcast_sub(&max)?.exp()?;
    let s = e.sum_keepdim(D::Minus1)?;
    e.broadcast_div(&s)
}

/// Causal softmax of `scale` times attention scores `[.., t, past + t]`: query `q` sees keys
/// `0..=past + q`.
/// The same as adding a causal `-inf` mask and taking [`softmax_last`], without the mask tensor.
pub fn causal_softmax(x: &Tensor, past: usize, scale: f64, fused: bool) -> Result<Tensor> {
    // For inference too: one pass that exponentiates only the visible keys, where the mask path
    // below makes a scaled copy, a masked copy and exponentiates every key.
    if fused::supported(x) {
        return fused::causal_softmax(x, past, scale);
    }
    let x = (x * scale)?;
    let (t, total) = (x.dim(D::Minus2)?, x.dim(D::Minus1)?);
    let mut bias = vec![0f32; t * total];
    for q in 0..t {
        for k in (past + q + 1)..total {
            bias[q * total + k] = f32::NEG_INFINITY;
        }
    }
    let bias = Tensor::from_vec(bias, (t, total), x.device())?.to_dtype(x.dtype())?;
    softmax_last(&x.broadcast_add(&bias)?, fused)
}

/// `silu(gate) * up`, the SwiGLU feed-forward's gate.
pub fn swiglu(gate: &Tensor, up: &Tensor) -> Result<Tensor> {
    if fused::supported(gate) && fused::supported(up) {
        return fused::swiglu(gate, up);
    }
    gate.silu()? * up
}

/// Log-softmax over the last dim (differentiable).
pub fn log_softmax_last(x: &Tensor) -> Result<Tensor> {
    let max = x.max_keepdim(D::Minus1)?.detach();
    let shifted = x.broadcast_sub(&max)?;
    let lse = shifted.exp()?.sum_keepdim(D::Minus1)?.log()?;
    shifted.broadcast_sub(&lse)
}

/// Rotary embedding in the half-split layout Hugging Face uses (`rotate_half`).
/// `x`: `[b, h, t, d]`; `cos`, `sin`: `[b, t, d/2]`.
pub fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor, fused: bool) -> Result<Tensor> {
    if fused {
        return candle_nn::rotary_emb::rope(&x.contiguous()?, cos, sin);
    }
    if fused::supported(x) {
        return fused::rope(x, cos, sin);
    }
    let (_b, _h, _t, d) = x.dims4()?;
    let half = d / 2;
    let cos = cos.unsqueeze(1)?; // [b, 1, t, d/2]
    let sin = sin.unsqueeze(1)?;
    let x1 = x.narrow(D::Minus1, 0, half)?;
    let x2 = x.narrow(D::Minus1, half, half)?;
    let o1 = (x1.broadcast_mul(&cos)? - x2.broadcast_mul(&sin)?)?;
    let o2 = (x2.broadcast_mul(&cos)? + x1.broadcast_mul(&sin)?)?;
    Tensor::cat(&[o1, o2], D::Minus1)
}

/// Rotary tables: `cos`/`sin` for every position up to `max_pos`, `[max_pos, head_dim/2]`, f32.
/// Computed in f32 the way transformers does, so logits match it closely.
pub fn rope_tables(head_dim: usize, theta: f64, max_pos: usize, dev: &Device) -> Result<(Tensor, Tensor)> {
    let half = head_dim / 2;
    let inv: Vec<f32> = (0..half)
        .map(|i| 1.0f32 / (theta as f32).powf((2 * i) as f32 / head_dim as f32))
        .collect();
    let mut cos = Vec::with_capacity(max_pos * half);
    let mut sin = Vec::with_capacity(max_pos * half);
    for p in 0..max_pos {
        for f in &inv {
            let a = p as f32 * f;
            cos.push(a.cos());
            sin.push(a.sin());
        }
    }
    let cos = Tensor::from_vec(cos, (max_pos, half), dev)?.to_dtype(DType::F32)?;
    let sin = Tensor::from_vec(sin, (max_pos, half), dev)?;
    Ok((cos, sin))
}
