//! The decoder block for CPU training as two graph nodes: `x + attention(rms_norm(x))` and
//! `x + mlp(rms_norm(x))`, each one candle op whose backward is written out here over the kernels
//! of crate::fused, crate::attention and crate::vmath.
//!
//! Why: candle's backward gives every input of every graph node a zero-filled gradient and adds
//! the node's contribution into it (a memset, an add and, for large tensors, a round trip through
//! its thread pool). A block built from separate ops has about twenty activation-sized node
//! inputs (norms, projections, rotary, attention, residual adds), and each trainable weight gets
//! the same treatment. As one node per sublayer, the only such gradient left is the sublayer
//! input's; every other gradient is written once, by the product or kernel that computes it.
//!
//! A sublayer op has two inputs: `x`, and one parameter of the sublayer that trains (the
//! "anchor"), so that candle runs the backward even when only parameters inside train (LoRA on
//! the first block, whose input does not need a gradient). The anchor's gradient goes back
//! through candle; the other parameters' gradients go into the model's [`GradSink`], which
//! [`crate::Model::backward`] merges into the store it returns.
//!
//! The composed graph (the model's default) stays the reference: the tests compare the two on
//! full fine-tuning, top-block tuning and LoRA, with grouped heads and projection biases.

use crate::fused::{f32s, gemm_acc, gemm_into, rms_norm_grad_rows, rms_norm_rows, with_f32, ELEMS_PER_TASK};
use crate::fused::{rope_merge_heads, rope_split_heads};
use crate::linear::Linear;
use crate::model::Block;
use crate::vmath;
use candle_core::{bail, CpuStorage, CustomOp2, Layout, Result, Shape, Tensor};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

/// Gradients of parameters that a sublayer's backward computed outside candle's graph, waiting to
/// be merged into the gradient store ([`crate::Model::backward`]).
#[derive(Debug, Default)]
pub struct GradSink(Mutex<Vec<(Tensor, Tensor)>>);

impl GradSink {
    fn extend(&self, grads: Vec<(Tensor, Tensor)>) {
        self.0.lock().expect("gradient sink poisoned").extend(grads);
    }
    /// The gradients so far, as `(parameter, gradient)` pairs; the sink is left empty.
    pub fn take(&self) -> Vec<(Tensor, Tensor)> {
        std::mem::take(&mut *self.0.lock().expect("gradient sink poisoned"))
    }
}

/// A projection's adapter input (`x`, or `x` times the dropout mask) and the mask.
type AdapterInput<'a> = (Cow<'a, [f32]>, Option<Vec<f32>>);

/// Parameter gradients collected during one sublayer's backward.
type Grads = Vec<(Tensor, Tensor)>;

/// One projection of a sublayer, `x Wᵀ (+ b) (+ scale (x Aᵀ) Bᵀ)`, with `x` a row-major `[m, in]`
/// buffer.
struct Proj {
    w: Tensor,
    bias: Option<Tensor>,
    /// `A [r, in]`, `B [out, r]` and the scale.
    lora: Option<(Tensor, Tensor, f32)>,
    /// The adapter's input dropout while training: probability and this pass's mask seed (the
    /// mask is drawn as crate::linear draws it, and drawn again in the backward, not kept).
    dropout: Option<(f32, u64)>,
}

impl Proj {
    fn of(l: &Linear) -> Result<Self> {
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

    fn params(&self) -> impl Iterator<Item = &Tensor> {
        let lora = self.lora.as_ref().map(|(a, b, _)| [a, b]);
        std::iter::once(&self.w)
            .chain(&self.bias)
            .chain(lora.into_iter().flatten())
    }

    fn forward(&self, x: &[f32], m: usize) -> Result<Vec<f32>> {
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
    fn backward(&self, dy: &[f32], x: &[f32], m: usize, dx_acc: &mut Vec<f32>, grads: &mut Grads) -> Result<()> {
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

/// The RMS norm at a sublayer's input.
struct Norm {
    w: Tensor,
    eps: f32,
}

impl Norm {
    fn of(w: &Tensor, eps: f64) -> Result<Self> {
        Ok(Self {
            w: w.contiguous()?,
            eps: eps as f32,
        })
    }
    fn forward(&self, x: &[f32]) -> Result<Vec<f32>> {
        with_f32(&self.w, "norm weight", |w| Ok(rms_norm_rows(x, w, self.eps)))
    }
    /// `dx` for the gradient `dh` of the norm's output; the weight's gradient goes to `grads`.
    fn backward(&self, x: &[f32], dh: &[f32], grads: &mut Grads) -> Result<Vec<f32>> {
        let mut out = with_f32(&self.w, "norm weight", |w| Ok(rms_norm_grad_rows(x, w, dh, self.eps)))?;
        let dw = out.split_off(x.len());
        if self.w.track_op() {
            grads.push((self.w.clone(), Tensor::from_vec(dw, self.w.shape(), self.w.device())?));
        }
        Ok(out)
    }
}

/// A residual sublayer's function `f` (the op adds `x`), on row-major `[b · t, hidden]` buffers.
trait Sublayer: Send + Sync + 'static {
    /// What the backward needs from the forward.
    type Saved: Send + 'static;
    const NAME: &'static str;
    fn params(&self) -> Vec<&Tensor>;
    fn forward(&self, x: &[f32], b: usize, t: usize) -> Result<(Vec<f32>, Self::Saved)>;
    /// The gradient of `f` (without the residual) with respect to `x`, for `df`.
    fn backward(
        &self,
        x: &[f32],
        b: usize,
        t: usize,
        saved: Self::Saved,
        df: &[f32],
        grads: &mut Grads,
    ) -> Result<Vec<f32>>;
}

/// `x + f(x)` as one op on `(x, anchor)`.
struct Residual<S: Sublayer> {
    f: S,
    /// Whether a backward will come (something upstream or inside trains).
    keep: bool,
    saved: Mutex<Option<S::Saved>>,
    anchor: Tensor,
    sink: Arc<GradSink>,
}

impl<S: Sublayer> CustomOp2 for Residual<S> {
    fn name(&self) -> &'static str {
        S::NAME
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, _s2: &CpuStorage, _l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "sublayer input")?;
        let (b, t, _) = l1.shape().dims3()?;
        let (mut y, saved) = self.f.forward(x, b, t)?;
        add_into(&mut y, x);
        if self.keep {
            *self.saved.lock().expect("sublayer state poisoned") = Some(saved);
        }
        Ok((CpuStorage::F32(y), l1.shape().clone()))
    }
    fn bwd(&self, x: &Tensor, _anchor: &Tensor, _y: &Tensor, dy: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let Some(saved) = self.saved.lock().expect("sublayer state poisoned").take() else {
            bail!("{}: backward without a saved forward (or a second backward)", S::NAME)
        };
        let (b, t, _) = x.dims3()?;
        let dy = dy.contiguous()?;
        let mut grads = Grads::new();
        let dx = {
            let (xs, xl) = x.storage_and_layout();
            let (gs, gl) = dy.storage_and_layout();
            let (xd, gd) = (
                crate::fused::cpu_f32s(&xs, xl, "sublayer input")?,
                crate::fused::cpu_f32s(&gs, gl, "sublayer output grad")?,
            );
            let mut dx = self.f.backward(xd, b, t, saved, gd, &mut grads)?;
            add_into(&mut dx, gd);
            dx
        };
        let mut anchor_grad = None;
        grads.retain(|(p, g)| {
            let is_anchor = p.id() == self.anchor.id();
            if is_anchor {
                anchor_grad = Some(g.clone());
            }
            !is_anchor
        });
        self.sink.extend(grads);
        let dx = x
            .track_op()
            .then(|| Tensor::from_vec(dx, x.shape(), x.device()))
            .transpose()?;
        Ok((dx, anchor_grad))
    }
}

/// `y *= x`, element-wise.
fn mul_into(y: &mut [f32], x: &[f32]) {
    y.par_chunks_mut(ELEMS_PER_TASK)
        .zip(x.par_chunks(ELEMS_PER_TASK))
        .for_each(|(y, x)| y.iter_mut().zip(x).for_each(|(y, x)| *y *= x));
}

/// `y += x`, element-wise.
fn add_into(y: &mut [f32], x: &[f32]) {
    y.par_chunks_mut(ELEMS_PER_TASK)
        .zip(x.par_chunks(ELEMS_PER_TASK))
        .for_each(|(y, x)| y.iter_mut().zip(x).for_each(|(y, x)| *y += x));
}

fn apply<S: Sublayer>(x: &Tensor, f: S, sink: &Arc<GradSink>) -> Result<Tensor> {
    let params = f.params();
    let anchor = params
        .iter()
        .find(|p| p.track_op())
        .or(params.first())
        .map(|p| (*p).clone())
        .expect("a sublayer has parameters");
    let keep = x.track_op() || anchor.track_op();
    let op = Residual {
        f,
        keep,
        saved: Mutex::new(None),
        anchor: anchor.clone(),
        sink: sink.clone(),
    };
    x.contiguous()?.apply_op2(&anchor, op)
}

/// The attention sublayer: norm, q/k/v projections, rotary, causal attention, output projection.
struct AttentionSublayer {
    norm: Norm,
    q: Proj,
    k: Proj,
    v: Proj,
    o: Proj,
    /// Rotary rows `[b, t, hd/2]` of this forward call.
    cos: Tensor,
    sin: Tensor,
    heads: usize,
    kv_heads: usize,
    hd: usize,
}

struct AttentionSaved {
    hn: Vec<f32>,
    /// Rotated queries `[b, heads, t, hd]` and keys `[b, kv_heads, t, hd]`, values
    /// `[b, t, kv_heads · hd]` (read as `[b, kv_heads, t, hd]`), attention output
    /// `[b, t, heads · hd]`.
    q: CpuStorage,
    k: CpuStorage,
    v: CpuStorage,
    y: Vec<f32>,
}

impl AttentionSublayer {
    fn layouts(&self, b: usize, t: usize) -> Result<(Layout, Layout, Layout)> {
        let (nh, nkv, hd) = (self.heads, self.kv_heads, self.hd);
        let v = Layout::contiguous((b, t, nkv, hd)).transpose(1, 2)?;
        Ok((
            Layout::contiguous((b, nh, t, hd)),
            Layout::contiguous((b, nkv, t, hd)),
            v,
        ))
    }
    fn scale(&self) -> f32 {
        1.0 / (self.hd as f32).sqrt()
    }
    fn rotary<R>(&self, f: impl FnOnce(&[f32], &[f32]) -> Result<R>) -> Result<R> {
        with_f32(&self.cos, "rope cos", |c| with_f32(&self.sin, "rope sin", |s| f(c, s)))
    }
}

impl Sublayer for AttentionSublayer {
    type Saved = AttentionSaved;
    const NAME: &'static str = "tsp-attention-sublayer";
    fn params(&self) -> Vec<&Tensor> {
        let projs = [&self.q, &self.k, &self.v, &self.o];
        std::iter::once(&self.norm.w)
            .chain(projs.into_iter().flat_map(Proj::params))
            .collect()
    }
    fn forward(&self, x: &[f32], b: usize, t: usize) -> Result<(Vec<f32>, AttentionSaved)> {
        let m = b * t;
        let hn = self.norm.forward(x)?;
        let (q, k) = (self.q.forward(&hn, m)?, self.k.forward(&hn, m)?);
        let v = CpuStorage::F32(self.v.forward(&hn, m)?);
        let (q, k) = self.rotary(|c, s| {
            Ok((
                CpuStorage::F32(rope_split_heads(&q, c, s, (b, t, self.heads, self.hd))),
                CpuStorage::F32(rope_split_heads(&k, c, s, (b, t, self.kv_heads, self.hd))),
            ))
        })?;
        let (ql, kl, vl) = self.layouts(b, t)?;
        let y = crate::attention::forward_raw((&q, &ql), (&k, &kl), (&v, &vl), self.scale())?;
        let out = self.o.forward(&y, m)?;
        Ok((out, AttentionSaved { hn, q, k, v, y }))
    }
    fn backward(
        &self,
        x: &[f32],
        b: usize,
        t: usize,
        s: AttentionSaved,
        df: &[f32],
        grads: &mut Grads,
    ) -> Result<Vec<f32>> {
        let m = b * t;
        let (nh, nkv, hd) = (self.heads, self.kv_heads, self.hd);
        let mut dy = Vec::new();
        self.o.backward(df, &s.y, m, &mut dy, grads)?;
        let (ql, kl, vl) = self.layouts(b, t)?;
        let (dq, dk, dv) =
            crate::attention::backward_raw((&s.q, &ql), (&s.k, &kl), (&s.v, &vl), &s.y, &dy, self.scale())?;
        drop((s.q, s.k, dy));
        let (dq, dk) = self.rotary(|c, s| {
            Ok((
                rope_merge_heads(&dq, c, s, (b, t, nh, hd)),
                rope_merge_heads(&dk, c, s, (b, t, nkv, hd)),
            ))
        })?;
        // dv [b, kv_heads, t, hd] back to the projection's [b, t, kv_heads · hd].
        let mut dv_rows = vec![0f32; dv.len()];
        dv_rows.par_chunks_mut(t * nkv * hd).enumerate().for_each(|(bi, rows)| {
            for (p, row) in rows.chunks_mut(nkv * hd).enumerate() {
                for (g, dst) in row.chunks_mut(hd).enumerate() {
                    let at = ((bi * nkv + g) * t + p) * hd;
                    dst.copy_from_slice(&dv[at..at + hd]);
                }
            }
        });
        let mut dhn = Vec::new();
        self.q.backward(&dq, &s.hn, m, &mut dhn, grads)?;
        self.k.backward(&dk, &s.hn, m, &mut dhn, grads)?;
        self.v.backward(&dv_rows, &s.hn, m, &mut dhn, grads)?;
        self.norm.backward(x, &dhn, grads)
    }
}

/// The feed-forward sublayer: norm, gate and up projections, SwiGLU, down projection.
struct MlpSublayer {
    norm: Norm,
    gate: Proj,
    up: Proj,
    down: Proj,
}

struct MlpSaved {
    hn: Vec<f32>,
    /// Pre-activations `[m, intermediate]` and the SwiGLU output.
    g: Vec<f32>,
    u: Vec<f32>,
    h: Vec<f32>,
}

impl Sublayer for MlpSublayer {
    type Saved = MlpSaved;
    const NAME: &'static str = "tsp-mlp-sublayer";
    fn params(&self) -> Vec<&Tensor> {
        let projs = [&self.gate, &self.up, &self.down];
        std::iter::once(&self.norm.w)
            .chain(projs.into_iter().flat_map(Proj::params))
            .collect()
    }
    fn forward(&self, x: &[f32], b: usize, t: usize) -> Result<(Vec<f32>, MlpSaved)> {
        let m = b * t;
        let hn = self.norm.forward(x)?;
        let (g, u) = (self.gate.forward(&hn, m)?, self.up.forward(&hn, m)?);
        let mut h = vec![0f32; g.len()];
        h.par_chunks_mut(ELEMS_PER_TASK)
            .zip(g.par_chunks(ELEMS_PER_TASK).zip(u.par_chunks(ELEMS_PER_TASK)))
            .for_each(|(h, (g, u))| vmath::swiglu(h, g, u));
        let out = self.down.forward(&h, m)?;
        Ok((out, MlpSaved { hn, g, u, h }))
    }
    fn backward(&self, x: &[f32], b: usize, t: usize, s: MlpSaved, df: &[f32], grads: &mut Grads) -> Result<Vec<f32>> {
        let m = b * t;
        let mut dh = Vec::new();
        self.down.backward(df, &s.h, m, &mut dh, grads)?;
        drop(s.h);
        let (mut dg, mut du) = (vec![0f32; dh.len()], vec![0f32; dh.len()]);
        let c = ELEMS_PER_TASK;
        dg.par_chunks_mut(c)
            .zip(du.par_chunks_mut(c))
            .zip(s.g.par_chunks(c).zip(s.u.par_chunks(c)).zip(dh.par_chunks(c)))
            .for_each(|((dg, du), ((g, u), dh))| vmath::swiglu_grad(dg, du, g, u, dh));
        drop((s.g, s.u, dh));
        let mut dhn = Vec::new();
        self.gate.backward(&dg, &s.hn, m, &mut dhn, grads)?;
        self.up.backward(&du, &s.hn, m, &mut dhn, grads)?;
        self.norm.backward(x, &dhn, grads)
    }
}

/// `x + attention(rms_norm(x))` of block `blk` for `x [b, t, hidden]` (CPU, f32, no cache, causal
/// mask); `cos`/`sin` `[b, t, hd/2]`.
pub(crate) fn attention(
    x: &Tensor,
    blk: &Block,
    cos: &Tensor,
    sin: &Tensor,
    eps: f64,
    sink: &Arc<GradSink>,
) -> Result<Tensor> {
    let a = &blk.self_attn;
    let f = AttentionSublayer {
        norm: Norm::of(&blk.input_layernorm, eps)?,
        q: Proj::of(&a.q_proj)?,
        k: Proj::of(&a.k_proj)?,
        v: Proj::of(&a.v_proj)?,
        o: Proj::of(&a.o_proj)?,
        cos: cos.contiguous()?,
        sin: sin.contiguous()?,
        heads: a.n_heads,
        kv_heads: a.n_kv,
        hd: a.head_dim,
    };
    apply(x, f, sink)
}

/// `x + mlp(rms_norm(x))` of block `blk` for `x [b, t, hidden]` (CPU, f32).
pub(crate) fn mlp(x: &Tensor, blk: &Block, eps: f64, sink: &Arc<GradSink>) -> Result<Tensor> {
    let m = &blk.mlp;
    let f = MlpSublayer {
        norm: Norm::of(&blk.post_attention_layernorm, eps)?,
        gate: Proj::of(&m.gate_proj)?,
        up: Proj::of(&m.up_proj)?,
        down: Proj::of(&m.down_proj)?,
    };
    apply(x, f, sink)
}
