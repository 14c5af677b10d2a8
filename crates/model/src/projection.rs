//! One dense layer, `x Wᵀ (+ b) (+ scale (dropout(x) Aᵀ) Bᵀ)`, forward and backward on row-major
//! buffers: the products, the bias, the LoRA adapter and its dropout mask, with each gradient
//! written by the product that computes it. The training kernels that hold raw buffers use it:
//! the sublayer ops (crate::sublayer) and the frozen-base LoRA op (crate::fused::lora_linear).

use crate::fused::{gemm_acc, gemm_into, with_f32, ELEMS_PER_TASK};
use crate::linear::Linear;
use candle_core::{Result, Tensor};
use rayon::prelude::*;
use std::borrow::Cow;

/// Parameter gradients computed by a backward pass, as `(parameter, gradient)` pairs.
pub(crate) type Grads = Vec<(Tensor, Tensor)>;

/// A projection's adapter input (`x`, or `x` times the dropout mask) and the mask.
type AdapterInput<'a> = (Cow<'a, [f32]>, Option<Vec<f32>>);

/// A dense layer, `x Wᵀ (+ b) (+ scale (x Aᵀ) Bᵀ)`, with `x` a row-major `[m, in]`
/// buffer.
pub(crate) struct Projection {
    pub(crate) w: Tensor,
    pub(crate) bias: Option<Tensor>,
    /// `A [r, in]`, `B [out, r]` and the scale.
    pub(crate) lora: Option<(Tensor, Tensor, f32)>,
    /// The adapter's input dropout while training: probability and this pass's mask seed (the
    /// mask is drawn as crate::linear draws it, and drawn again in the backward, not kept).
    pub(crate) dropout: Option<(f32, u64)>,
}

impl Projection {
    pub(crate) fn of(l: &Linear) -> Result<Self> {
        Ok(Self {
            w: l.weight.contiguous()?,
            bias: l.bias.as_ref().map(Tensor::contiguous).transpose()?,
            lora: match &l.lora {
                Some(a) => Some((a.a.contiguous()?, a.b.contiguous()?, a.scale as f32)),
                None => None,
            },
            dropout: l
                .lora
                .as_ref()
                .filter(|a| l.train && a.dropout > 0.0)
                .map(|a| (a.dropout, a.mask_seed())),
        })
    }

    /// The adapter's input: `x`, or `x` times this pass's dropout mask (and the mask).
    fn adapter_input<'a>(&self, x: &'a [f32]) -> Result<AdapterInput<'a>> {
        let Some((p, seed)) = self.dropout else {
            return Ok((Cow::Borrowed(x), None));
        };
        let mask = crate::linear::dropout_mask(x.len(), p, seed)?;
        let mut xd = mask.clone();
        mul_into(&mut xd, x);
        Ok((Cow::Owned(xd), Some(mask)))
    }

    pub(crate) fn params(&self) -> impl Iterator<Item = &Tensor> {
        let lora = self.lora.as_ref().map(|(a, b, _)| [a, b]);
        std::iter::once(&self.w)
            .chain(&self.bias)
            .chain(lora.into_iter().flatten())
    }

    pub(crate) fn forward(&self, x: &[f32], m: usize) -> Result<Vec<f32>> {
        let (n, k) = self.w.dims2()?;
        let ki = k as isize;
        let mut y = Vec::with_capacity(m * n);
        // Wᵀ [k, n] is W [n, k] read with row stride 1 and column stride k.
        with_f32(&self.w, "weight", |w| {
            gemm_into(&mut y, (m, n, k), (x, ki, 1), (w, 1, ki));
            Ok(())
        })?;
        if let Some(b) = &self.bias {
            with_f32(b, "bias", |b| {
                y.par_chunks_mut(n)
                    .for_each(|row| row.iter_mut().zip(b).for_each(|(v, b)| *v += b));
                Ok(())
            })?;
        }
        if let Some((a, bm, scale)) = &self.lora {
            let r = a.dim(0)?;
            let u = self.lora_input(&self.adapter_input(x)?.0, m, a)?;
            with_f32(bm, "lora B", |bm| {
                gemm_acc(&mut y, (m, n, r), (&u, r as isize, 1), (bm, 1, r as isize), *scale);
                Ok(())
            })?;
        }
        Ok(y)
    }

    /// `u = x Aᵀ [m, r]`, the adapter's rank-r product (recomputed in the backward, not kept).
    fn lora_input(&self, x: &[f32], m: usize, a: &Tensor) -> Result<Vec<f32>> {
        let (r, k) = a.dims2()?;
        let mut u = Vec::with_capacity(m * r);
        with_f32(a, "lora A", |a| {
            gemm_into(&mut u, (m, r, k), (x, k as isize, 1), (a, 1, k as isize));
            Ok(())
        })?;
        Ok(u)
    }

    /// For the output gradient `dy [m, out]` of input `x [m, in]`: adds `dx` into `dx_acc`
    /// (written when empty) and appends the gradients of the parameters that train to `grads`.
    pub(crate) fn backward(
        &self,
        dy: &[f32],
        x: &[f32],
        m: usize,
        dx_acc: &mut Vec<f32>,
        grads: &mut Grads,
    ) -> Result<()> {
        let (n, k) = self.w.dims2()?;
        let (ni, ki) = (n as isize, k as isize);
        let dev = self.w.device();
        with_f32(&self.w, "weight", |w| {
            if dx_acc.is_empty() {
                dx_acc.reserve_exact(m * k);
                gemm_into(dx_acc, (m, k, n), (dy, ni, 1), (w, ki, 1));
            } else {
                gemm_acc(dx_acc, (m, k, n), (dy, ni, 1), (w, ki, 1), 1.0);
            }
            Ok(())
        })?;
        if self.w.track_op() {
            // dW [n, k] = dyᵀ [n, m] · x [m, k]; dyᵀ is dy read with strides (1, n).
            let mut dw = Vec::with_capacity(n * k);
            gemm_into(&mut dw, (n, k, m), (dy, 1, ni), (x, ki, 1));
            grads.push((self.w.clone(), Tensor::from_vec(dw, (n, k), dev)?));
        }
        if let Some(b) = self.bias.as_ref().filter(|b| b.track_op()) {
            let mut db = vec![0f32; n];
            for row in dy.chunks(n) {
                db.iter_mut().zip(row).for_each(|(d, g)| *d += g);
            }
            grads.push((b.clone(), Tensor::from_vec(db, n, dev)?));
        }
        if let Some((a, bm, scale)) = &self.lora {
            // With x' = x (times the dropout mask), u = x' Aᵀ and v = dy B: dx += s (v A) (times
            // the mask), dA = s vᵀ x', dB = s dyᵀ u.
            let (xd, mask) = self.adapter_input(x)?;
            let r = a.dim(0)?;
            let ri = r as isize;
            let mut v = Vec::with_capacity(m * r);
            with_f32(bm, "lora B", |bm| {
                gemm_into(&mut v, (m, r, n), (dy, ni, 1), (bm, ri, 1));
                Ok(())
            })?;
            with_f32(a, "lora A", |ad| {
                match &mask {
                    None => gemm_acc(dx_acc, (m, k, r), (&v, ri, 1), (ad, ki, 1), *scale),
                    Some(mask) => {
                        let mut dxd = Vec::with_capacity(m * k);
                        gemm_into(&mut dxd, (m, k, r), (&v, ri, 1), (ad, ki, 1));
                        mul_into(&mut dxd, mask);
                        dx_acc
                            .par_chunks_mut(ELEMS_PER_TASK)
                            .zip(dxd.par_chunks(ELEMS_PER_TASK))
                            .for_each(|(d, g)| d.iter_mut().zip(g).for_each(|(d, g)| *d += scale * g));
                    }
                }
                Ok(())
            })?;
            if a.track_op() {
                let mut da = vec![0f32; r * k];
                gemm_acc(&mut da, (r, k, m), (&v, 1, ri), (&xd, ki, 1), *scale);
                grads.push((a.clone(), Tensor::from_vec(da, (r, k), dev)?));
            }
            if bm.track_op() {
                let u = self.lora_input(&xd, m, a)?;
                let mut db = vec![0f32; n * r];
                gemm_acc(&mut db, (n, r, m), (dy, 1, ni), (&u, ri, 1), *scale);
                grads.push((bm.clone(), Tensor::from_vec(db, (n, r), dev)?));
            }
        }
        Ok(())
    }
}

/// `y *= x`, element-wise.
fn mul_into(y: &mut [f32], x: &[f32]) {
    y.par_chunks_mut(ELEMS_PER_TASK)
        .zip(x.par_chunks(ELEMS_PER_TASK))
        .for_each(|(y, x)| y.iter_mut().zip(x).for_each(|(y, x)| *y *= x));
}
