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

use crate::fused::{f32s, rms_norm_grad_rows, rms_norm_rows, with_f32, ELEMS_PER_TASK};
use crate::fused::{rope_merge_heads, rope_split_heads, swiglu_grad_into, swiglu_rows};
use crate::model::Block;
use crate::projection::{Grads, Projection};
use candle_core::{bail, CpuStorage, CustomOp2, Layout, Result, Shape, Tensor};
use rayon::prelude::*;
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
    /// The norm and the projections, whose weights are the sublayer's parameters.
    fn parts(&self) -> (&Norm, Vec<&Projection>);
    fn params(&self) -> Vec<&Tensor> {
        let (norm, projs) = self.parts();
        std::iter::once(&norm.w)
            .chain(projs.into_iter().flat_map(Projection::params))
            .collect()
    }
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
    q: Projection,
    k: Projection,
    v: Projection,
    o: Projection,
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
    fn parts(&self) -> (&Norm, Vec<&Projection>) {
        (&self.norm, vec![&self.q, &self.k, &self.v, &self.o])
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
    gate: Projection,
    up: Projection,
    down: Projection,
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
    fn parts(&self) -> (&Norm, Vec<&Projection>) {
        (&self.norm, vec![&self.gate, &self.up, &self.down])
    }
    fn forward(&self, x: &[f32], b: usize, t: usize) -> Result<(Vec<f32>, MlpSaved)> {
        let m = b * t;
        let hn = self.norm.forward(x)?;
        let (g, u) = (self.gate.forward(&hn, m)?, self.up.forward(&hn, m)?);
        let h = swiglu_rows(&g, &u);
        let out = self.down.forward(&h, m)?;
        Ok((out, MlpSaved { hn, g, u, h }))
    }
    fn backward(&self, x: &[f32], b: usize, t: usize, s: MlpSaved, df: &[f32], grads: &mut Grads) -> Result<Vec<f32>> {
        let m = b * t;
        let mut dh = Vec::new();
        self.down.backward(df, &s.h, m, &mut dh, grads)?;
        drop(s.h);
        let (mut dg, mut du) = (vec![0f32; dh.len()], vec![0f32; dh.len()]);
        swiglu_grad_into(&mut dg, &mut du, &s.g, &s.u, &dh);
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
        q: Projection::of(&a.q_proj)?,
        k: Projection::of(&a.k_proj)?,
        v: Projection::of(&a.v_proj)?,
        o: Projection::of(&a.o_proj)?,
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
        gate: Projection::of(&m.gate_proj)?,
        up: Projection::of(&m.up_proj)?,
        down: Projection::of(&m.down_proj)?,
    };
    apply(x, f, sink)
}
