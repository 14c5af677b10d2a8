//! CPU kernels with hand-written backward passes, for the training path.
//!
//! candle's own fused rms-norm, rope and softmax kernels have no backward (gradients silently stop
//! there), and the compositions of primitive ops in [`crate::ops`] keep every intermediate alive
//! until `backward()`: a composed softmax over attention scores holds four score-sized tensors per
//! layer, and a composed log-softmax over a 49k vocabulary holds four logits-sized ones. Each
//! kernel here computes its op in one pass over contiguous f32 rows, keeps only what its backward
//! needs (the input, or the output for softmax), and computes the gradient in one pass as well.
//!
//! The kernels run on contiguous f32 CPU tensors ([`supported`]); `ops` falls back to the
//! compositions elsewhere. Row reductions are computed per row and weight gradients are summed over
//! fixed chunks in a fixed order, so results do not depend on thread scheduling (training resumes
//! bit for bit).

use crate::projection::Projection;
use crate::vmath;
use candle_core::{bail, CpuStorage, CustomOp1, CustomOp2, CustomOp3, DType, Layout, Result, Shape, Tensor};
use rayon::prelude::*;

/// Whether the kernels here can run on `x` (f32 on the CPU).
pub fn supported(x: &Tensor) -> bool {
    x.device().is_cpu() && x.dtype() == DType::F32
}

/// The f32 elements of a contiguous CPU storage (as handed to a custom op's `cpu_fwd`); `what`
/// names the operand in the error.
pub fn f32s<'a>(s: &'a CpuStorage, l: &Layout, what: &str) -> Result<&'a [f32]> {
    let CpuStorage::F32(v) = s else {
        bail!("{what}: expected f32")
    };
    match l.contiguous_offsets() {
        Some((a, b)) => Ok(&v[a..b]),
        None => bail!("{what}: expected a contiguous tensor"),
    }
}

fn u32s<'a>(s: &'a CpuStorage, l: &Layout, what: &str) -> Result<&'a [u32]> {
    let CpuStorage::U32(v) = s else {
        bail!("{what}: expected u32")
    };
    match l.contiguous_offsets() {
        Some((a, b)) => Ok(&v[a..b]),
        None => bail!("{what}: expected a contiguous tensor"),
    }
}

/// Rows per task for the row-parallel loops: small enough to spread over the threads, large enough
/// that scheduling does not dominate.
const ROWS_PER_TASK: usize = 16;

/// Elements per task for the element-wise loops.
pub(crate) const ELEMS_PER_TASK: usize = 1 << 14;

// ---------------------------------------------------------------------------------------------
// RMS norm: y = x * r * w with r = 1 / sqrt(mean(x^2) + eps), over the last dim.

struct RmsNorm {
    eps: f32,
}

fn inv_rms(x: &[f32], eps: f32) -> f32 {
    let ss: f32 = x.iter().map(|v| v * v).sum();
    1.0 / (ss / x.len() as f32 + eps).sqrt()
}

/// RMS norm of each `w.len()`-wide row of `x`.
pub(crate) fn rms_norm_rows(x: &[f32], w: &[f32], eps: f32) -> Vec<f32> {
    let h = w.len();
    let mut y = vec![0f32; x.len()];
    y.par_chunks_mut(h * ROWS_PER_TASK)
        .zip(x.par_chunks(h * ROWS_PER_TASK))
        .for_each(|(yc, xc)| {
            for (yr, xr) in yc.chunks_mut(h).zip(xc.chunks(h)) {
                let r = inv_rms(xr, eps);
                for ((o, &v), &g) in yr.iter_mut().zip(xr).zip(w) {
                    *o = v * r * g;
                }
            }
        });
    y
}

impl CustomOp2 for RmsNorm {
    fn name(&self) -> &'static str {
        "tsp-rms-norm"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "rms_norm x")?;
        let w = f32s(s2, l2, "rms_norm weight")?;
        Ok((CpuStorage::F32(rms_norm_rows(x, w, self.eps)), l1.shape().clone()))
    }
    fn bwd(&self, x: &Tensor, w: &Tensor, _y: &Tensor, g: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let rows = x.elem_count() / w.elem_count();
        let out = x.apply_op3_no_bwd(w, &g.contiguous()?, &RmsNormBwd { eps: self.eps })?;
        let dx = out.narrow(0, 0, rows)?.reshape(x.shape())?;
        let dw = out.narrow(0, rows, 1)?.reshape(w.shape())?;
        Ok((Some(dx), Some(dw)))
    }
}

/// Gradients of [`RmsNorm`]: `[rows + 1, h]`, the input's gradient rows then the weight's.
struct RmsNormBwd {
    eps: f32,
}

impl CustomOp3 for RmsNormBwd {
    fn name(&self) -> &'static str {
        "tsp-rms-norm-bwd"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "rms_norm x")?;
        let w = f32s(s2, l2, "rms_norm weight")?;
        let g = f32s(s3, l3, "rms_norm grad")?;
        let (h, rows) = (w.len(), x.len() / w.len());
        let out = rms_norm_grad_rows(x, w, g, self.eps);
        Ok((CpuStorage::F32(out), Shape::from((rows + 1, h))))
    }
}

/// Gradients of [`rms_norm_rows`] for the output gradient `g`: `[rows + 1, h]`, the input's
/// gradient rows then the weight's.
pub(crate) fn rms_norm_grad_rows(x: &[f32], w: &[f32], g: &[f32], eps: f32) -> Vec<f32> {
    let h = w.len();
    let mut out = vec![0f32; x.len() + h];
    let (dx, dw) = out.split_at_mut(x.len());
    // dx = r * (g w) - x * r^3 * mean(g w x); dw = sum over rows of g * x * r.
    let partial: Vec<Vec<f32>> = dx
        .par_chunks_mut(h * ROWS_PER_TASK)
        .zip(x.par_chunks(h * ROWS_PER_TASK).zip(g.par_chunks(h * ROWS_PER_TASK)))
        .map(|(dc, (xc, gc))| {
            let mut acc = vec![0f32; h];
            for ((dr, xr), gr) in dc.chunks_mut(h).zip(xc.chunks(h)).zip(gc.chunks(h)) {
                let r = inv_rms(xr, eps);
                let dot: f32 = xr.iter().zip(gr).zip(w).map(|((x, g), w)| x * g * w).sum();
                let c = r * r * r * dot / h as f32;
                for j in 0..h {
                    dr[j] = r * gr[j] * w[j] - xr[j] * c;
                    acc[j] += gr[j] * xr[j] * r;
                }
            }
            acc
        })
        .collect();
    for p in &partial {
        for (d, v) in dw.iter_mut().zip(p) {
            *d += v;
        }
    }
    out
}

/// RMS norm over the last dim of `x` with weight `w` (`[hidden]`); differentiable in both.
pub fn rms_norm(x: &Tensor, w: &Tensor, eps: f64) -> Result<Tensor> {
    x.contiguous()?.apply_op2(&w.contiguous()?, RmsNorm { eps: eps as f32 })
}

// ---------------------------------------------------------------------------------------------
// Softmax over the last dim, optionally causal: for scores `[.., t, T]` of `t` new queries after
// `past` cached positions, query `q` sees keys `0..=past + q` and the rest get probability 0.

struct Softmax {
    /// `(t, past)` for a causal mask, `None` for a plain softmax.
    causal: Option<(usize, usize)>,
    /// The scores are multiplied by this first (attention's `1 / sqrt(head_dim)`), which saves a
    /// scores-sized tensor.
    scale: f32,
}

impl Softmax {
    /// Number of visible keys in row `i` of `n`-wide rows.
    fn visible(&self, i: usize, n: usize) -> usize {
        match self.causal {
            Some((t, past)) => (past + i % t + 1).min(n),
            None => n,
        }
    }
}

impl CustomOp1 for Softmax {
    fn name(&self) -> &'static str {
        "tsp-softmax"
    }
    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s, l, "softmax")?;
        let n = l.dims().last().copied().unwrap_or(1);
        // The rows are copied once and turned into their softmax in place.
        let mut y = x.to_vec();
        y.par_chunks_mut(n * ROWS_PER_TASK).enumerate().for_each(|(c, yc)| {
            for (k, yr) in yc.chunks_mut(n).enumerate() {
                vmath::softmax_row(yr, self.visible(c * ROWS_PER_TASK + k, n), self.scale);
            }
        });
        Ok((CpuStorage::F32(y), l.shape().clone()))
    }
    fn bwd(&self, _x: &Tensor, y: &Tensor, g: &Tensor) -> Result<Option<Tensor>> {
        let bwd = SoftmaxBwd { scale: self.scale };
        Ok(Some(y.apply_op2_no_bwd(&g.contiguous()?, &bwd)?))
    }
}

/// `dx = scale * y * (g - sum(g * y))` per row; masked entries have `y = 0` and so get no
/// gradient.
struct SoftmaxBwd {
    scale: f32,
}

impl CustomOp2 for SoftmaxBwd {
    fn name(&self) -> &'static str {
        "tsp-softmax-bwd"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let y = f32s(s1, l1, "softmax output")?;
        let g = f32s(s2, l2, "softmax grad")?;
        let n = l1.dims().last().copied().unwrap_or(1);
        let mut dx = vec![0f32; y.len()];
        dx.par_chunks_mut(n * ROWS_PER_TASK)
            .zip(y.par_chunks(n * ROWS_PER_TASK).zip(g.par_chunks(n * ROWS_PER_TASK)))
            .for_each(|(dc, (yc, gc))| {
                for ((dr, yr), gr) in dc.chunks_mut(n).zip(yc.chunks(n)).zip(gc.chunks(n)) {
                    let dot: f32 = yr.iter().zip(gr).map(|(a, b)| a * b).sum();
                    for j in 0..n {
                        dr[j] = self.scale * yr[j] * (gr[j] - dot);
                    }
                }
            });
        Ok((CpuStorage::F32(dx), l1.shape().clone()))
    }
}

/// Softmax over the last dim (differentiable).
pub fn softmax_last(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(Softmax {
        causal: None,
        scale: 1.0,
    })
}

/// Causal softmax of `scale` times attention scores `[.., t, past + t]` (differentiable): query
/// `q` attends to keys `0..=past + q`, the same as adding a causal mask of `-inf` first.
pub fn causal_softmax(x: &Tensor, past: usize, scale: f64) -> Result<Tensor> {
    let dims = x.dims();
    if dims.len() < 2 || dims[dims.len() - 1] != past + dims[dims.len() - 2] {
        bail!("causal_softmax: scores {dims:?} are not [.., t, {past} + t]");
    }
    let t = dims[dims.len() - 2];
    x.contiguous()?.apply_op1(Softmax {
        causal: Some((t, past)),
        scale: scale as f32,
    })
}

// ---------------------------------------------------------------------------------------------
// Rotary embedding, half-split layout: for x = [x1, x2] (each d/2 wide),
// y = [x1 cos - x2 sin, x2 cos + x1 sin]. It is a rotation, so the backward is the rotation by
// the opposite angle.

struct Rope {
    /// Rotate by `-angle` (the backward).
    inverse: bool,
}

impl CustomOp3 for Rope {
    fn name(&self) -> &'static str {
        "tsp-rope"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "rope x")?;
        let cos = f32s(s2, l2, "rope cos")?;
        let sin = f32s(s3, l3, "rope sin")?;
        let (b, h, t, d) = l1.shape().dims4()?;
        let half = d / 2;
        if cos.len() != b * t * half || sin.len() != cos.len() {
            bail!("rope: cos/sin must be [{b}, {t}, {half}]");
        }
        let sign = if self.inverse { -1.0f32 } else { 1.0 };
        let mut y = vec![0f32; x.len()];
        // One task per (batch, head): rows of that head share the batch's cos/sin rows.
        y.par_chunks_mut(t * d)
            .zip(x.par_chunks(t * d))
            .enumerate()
            .for_each(|(bh, (yc, xc))| {
                let bi = bh / h;
                for p in 0..t {
                    let row = (bi * t + p) * half;
                    let (c, s) = (&cos[row..row + half], &sin[row..row + half]);
                    rotate(&mut yc[p * d..(p + 1) * d], &xc[p * d..(p + 1) * d], c, s, sign);
                }
            });
        Ok((CpuStorage::F32(y), l1.shape().clone()))
    }
    fn bwd(
        &self,
        _x: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
        _y: &Tensor,
        g: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let inv = Rope { inverse: !self.inverse };
        Ok((Some(g.contiguous()?.apply_op3_no_bwd(cos, sin, &inv)?), None, None))
    }
}

/// Rotary embedding of `x` `[b, h, t, d]` with `cos`/`sin` `[b, t, d/2]` (differentiable in `x`).
pub fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
    x.contiguous()?
        .apply_op3(&cos.contiguous()?, &sin.contiguous()?, Rope { inverse: false })
}

/// Rotates one head's row `src` into `dst` (`d` wide) by the angles `c`/`s` (`d/2` each), or by
/// their negatives for `sign = -1`.
fn rotate(dst: &mut [f32], src: &[f32], c: &[f32], s: &[f32], sign: f32) {
    let half = c.len();
    let (d1, d2) = dst.split_at_mut(half);
    let (x1, x2) = src.split_at(half);
    for j in 0..half {
        let sj = sign * s[j];
        d1[j] = x1[j] * c[j] - x2[j] * sj;
        d2[j] = x2[j] * c[j] + x1[j] * sj;
    }
}

/// Rotary embedding that also splits the heads: a projection's output `[b, t, heads * d]` to the
/// `[b, heads, t, d]` attention reads, in one pass where a transpose copy and a rope took two
/// (and two more nodes in the backward). The backward rotates back and merges the heads.
struct RopeHeads {
    heads: usize,
    /// The backward: `[b, heads, t, d]` rotated by `-angle` to `[b, t, heads * d]`.
    merge: bool,
}

impl CustomOp3 for RopeHeads {
    fn name(&self) -> &'static str {
        "tsp-rope-heads"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "rope x")?;
        let cos = f32s(s2, l2, "rope cos")?;
        let sin = f32s(s3, l3, "rope sin")?;
        let h = self.heads;
        let (b, t, d) = if self.merge {
            let (b, h2, t, d) = l1.shape().dims4()?;
            if h2 != h {
                bail!("rope: {h2} heads, expected {h}");
            }
            (b, t, d)
        } else {
            let (b, t, w) = l1.shape().dims3()?;
            if h == 0 || w % h != 0 || (w / h) % 2 != 0 {
                bail!("rope: width {w} does not split into {h} heads of even size");
            }
            (b, t, w / h)
        };
        if cos.len() != b * t * (d / 2) || sin.len() != cos.len() {
            bail!("rope: cos/sin must be [{b}, {t}, {}]", d / 2);
        }
        if self.merge {
            let y = rope_merge_heads(x, cos, sin, (b, t, h, d));
            return Ok((CpuStorage::F32(y), Shape::from((b, t, h * d))));
        }
        let y = rope_split_heads(x, cos, sin, (b, t, h, d));
        Ok((CpuStorage::F32(y), Shape::from((b, h, t, d))))
    }
    fn bwd(
        &self,
        _x: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
        _y: &Tensor,
        g: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let back = RopeHeads {
            heads: self.heads,
            merge: true,
        };
        Ok((Some(g.contiguous()?.apply_op3_no_bwd(cos, sin, &back)?), None, None))
    }
}

/// Rotates `x [b, t, h · d]` by the angles of each position (`cos`/`sin` `[b, t, d/2]`) into
/// `[b, h, t, d]`.
pub(crate) fn rope_split_heads(
    x: &[f32],
    cos: &[f32],
    sin: &[f32],
    (b, t, h, d): (usize, usize, usize, usize),
) -> Vec<f32> {
    let half = d / 2;
    let mut y = vec![0f32; b * h * t * d];
    // One task per output head (batch, head): `t` rows, each from one position's row of x.
    y.par_chunks_mut(t * d).enumerate().for_each(|(bh, yc)| {
        let (bi, hi) = (bh / h, bh % h);
        for (p, dst) in yc.chunks_mut(d).enumerate() {
            let row = (bi * t + p) * half;
            let at = ((bi * t + p) * h + hi) * d;
            rotate(dst, &x[at..at + d], &cos[row..row + half], &sin[row..row + half], 1.0);
        }
    });
    y
}

/// The gradient of [`rope_split_heads`]: `g [b, h, t, d]` rotated back into `[b, t, h · d]`.
pub(crate) fn rope_merge_heads(
    g: &[f32],
    cos: &[f32],
    sin: &[f32],
    (b, t, h, d): (usize, usize, usize, usize),
) -> Vec<f32> {
    let half = d / 2;
    let mut y = vec![0f32; b * t * h * d];
    // One task per output row (batch, position): its heads come from `h` rows of g.
    y.par_chunks_mut(h * d).enumerate().for_each(|(bp, yr)| {
        let (bi, p) = (bp / t, bp % t);
        let row = (bi * t + p) * half;
        for (hi, dst) in yr.chunks_mut(d).enumerate() {
            let at = ((bi * h + hi) * t + p) * d;
            rotate(dst, &g[at..at + d], &cos[row..row + half], &sin[row..row + half], -1.0);
        }
    });
    y
}

/// Rotary embedding of a projection's output `x [b, t, heads * d]`, returned as
/// `[b, heads, t, d]` (differentiable in `x`); `cos`/`sin` `[b, t, d/2]`.
pub fn rope_heads(x: &Tensor, cos: &Tensor, sin: &Tensor, heads: usize) -> Result<Tensor> {
    x.contiguous()?.apply_op3(
        &cos.contiguous()?,
        &sin.contiguous()?,
        RopeHeads { heads, merge: false },
    )
}

// ---------------------------------------------------------------------------------------------
// log p(target) of each row of logits: x[target] - logsumexp(x). The backward is
// g * (onehot(target) - softmax(x)), recomputed from the logits instead of stored.

struct TargetLogprob;

impl CustomOp2 for TargetLogprob {
    fn name(&self) -> &'static str {
        "tsp-target-logprob"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "target_logprob logits")?;
        let tg = u32s(s2, l2, "target_logprob targets")?;
        let (n, v) = l1.shape().dims2()?;
        if tg.len() != n {
            bail!("target_logprob: {} targets for {n} rows", tg.len());
        }
        if let Some(&bad) = tg.iter().find(|&&t| t as usize >= v) {
            bail!("target_logprob: target {bad} outside the vocabulary of {v}");
        }
        let out: Vec<f32> = x
            .par_chunks(v)
            .zip(tg.par_iter())
            .map(|(row, &t)| row[t as usize] - vmath::logsumexp(row))
            .collect();
        Ok((CpuStorage::F32(out), Shape::from(n)))
    }
    fn bwd(&self, x: &Tensor, tg: &Tensor, y: &Tensor, g: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let yg = Tensor::stack(&[y, g], 1)?; // [n, 2]
        Ok((Some(x.apply_op3_no_bwd(tg, &yg, &TargetLogprobBwd)?), None))
    }
}

struct TargetLogprobBwd;

impl CustomOp3 for TargetLogprobBwd {
    fn name(&self) -> &'static str {
        "tsp-target-logprob-bwd"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "target_logprob logits")?;
        let tg = u32s(s2, l2, "target_logprob targets")?;
        let yg = f32s(s3, l3, "target_logprob grad")?;
        let (_n, v) = l1.shape().dims2()?;
        let mut dx = vec![0f32; x.len()];
        dx.par_chunks_mut(v)
            .zip(x.par_chunks(v))
            .enumerate()
            .for_each(|(i, (dr, xr))| {
                let t = tg[i] as usize;
                let (lp, g) = (yg[2 * i], yg[2 * i + 1]);
                // logsumexp = x[t] - log p(t), so softmax_j = exp(x_j - x[t] + lp).
                vmath::scaled_exp(dr, xr, lp - xr[t], -g);
                dr[t] += g;
            });
        Ok((CpuStorage::F32(dx), l1.shape().clone()))
    }
}

/// `log softmax(logits)[target]` per row: `logits [n, vocab]` f32, `targets [n]` u32 → `[n]`.
/// Differentiable in `logits`; nothing logits-sized is kept for the backward beyond the logits.
pub fn target_logprob(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    logits.contiguous()?.apply_op2(&targets.contiguous()?, TargetLogprob)
}

// ---------------------------------------------------------------------------------------------
// Dense layer y = x W^T with W in PyTorch's [out, in] layout. candle's matmul backward always
// computes both operands' gradients and accumulates each into a fresh zero tensor, through the
// transposed view of W; here the weight's gradient is computed only when W is trained, and each
// gradient is one gemm written straight into its own buffer.

/// A matrix `[rows, cols]` read through its row and column strides (so a transposed view needs no
/// copy): `(data, row stride, column stride)`.
/// A matrix operand: the slice it starts at, its row stride and its column stride.
pub(crate) type Strided<'a> = (&'a [f32], isize, isize);

/// The threads the gemms use: rayon's pool (`RAYON_NUM_THREADS`, else the cores).
fn num_threads() -> usize {
    rayon::current_num_threads()
}

/// `dst += alpha * a[m, k] · b[k, n]`, dst row-major `[m, n]`, on at most `threads` threads; with
/// `read_dst` false, `dst = alpha * a · b` and `dst` is only written (it may be uninitialized).
///
/// # Safety
/// `dst` must point to room for `m * n` elements, initialized if `read_dst`; `a` and `b` must be
/// strided views whose largest index (by the strides given) is inside their slices.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gemm_raw(
    dst: *mut f32,
    (m, n, k): (usize, usize, usize),
    a: Strided,
    b: Strided,
    read_dst: bool,
    alpha: f32,
    threads: usize,
) {
    if let Some(blas) = crate::blas::get() {
        let (a, b) = ((a.0.as_ptr(), a.1, a.2), (b.0.as_ptr(), b.1, b.2));
        if blas.sgemm(dst, (m, n, k), a, b, read_dst, alpha, threads) {
            return;
        }
    }
    let par = if threads > 1 {
        gemm::Parallelism::Rayon(threads)
    } else {
        gemm::Parallelism::None
    };
    gemm::gemm(
        m,
        n,
        k,
        dst,
        1,
        n as isize,
        read_dst,
        a.0.as_ptr(),
        a.2,
        a.1,
        b.0.as_ptr(),
        b.2,
        b.1,
        1.0,
        alpha,
        false,
        false,
        false,
        par,
    );
}

/// `dst[m, n] = a[m, k] · b[k, n]`. `dst` must be empty with capacity `m * n`; callers pass the
/// strides of contiguous `[m, k]`/`[k, m]` and `[k, n]`/`[n, k]` buffers.
pub(crate) fn gemm_into(dst: &mut Vec<f32>, dims: (usize, usize, usize), a: Strided, b: Strided) {
    gemm_into_on(dst, dims, a, b, num_threads())
}

/// [`gemm_into`] on at most `threads` threads (1 inside a task that is already parallel).
pub(crate) fn gemm_into_on(
    dst: &mut Vec<f32>,
    (m, n, k): (usize, usize, usize),
    a: Strided,
    b: Strided,
    threads: usize,
) {
    assert!(dst.is_empty() && dst.capacity() >= m * n);
    assert!(a.0.len() >= m * k && b.0.len() >= k * n);
    // SAFETY: room for m*n elements, all written (read_dst false) before the length is set; the
    // operands hold m*k and k*n elements read within those bounds.
    unsafe {
        gemm_raw(dst.as_mut_ptr(), (m, n, k), a, b, false, 1.0, threads);
        dst.set_len(m * n);
    }
}

/// `dst[m, n] += alpha * a[m, k] · b[k, n]` (strided operands as in [`gemm_into`]).
pub(crate) fn gemm_acc(dst: &mut [f32], dims: (usize, usize, usize), a: Strided, b: Strided, alpha: f32) {
    gemm_acc_on(dst, dims, a, b, alpha, num_threads())
}

/// [`gemm_acc`] on at most `threads` threads.
pub(crate) fn gemm_acc_on(
    dst: &mut [f32],
    (m, n, k): (usize, usize, usize),
    a: Strided,
    b: Strided,
    alpha: f32,
    threads: usize,
) {
    assert!(dst.len() == m * n && a.0.len() >= m * k && b.0.len() >= k * n);
    // SAFETY: dst is initialized with m*n elements; operand bounds as in gemm_into.
    unsafe { gemm_raw(dst.as_mut_ptr(), (m, n, k), a, b, true, alpha, threads) }
}

/// A `[.., cols]` operand as a matrix: `(rows, cols)` with the leading dims flattened, so the
/// dense ops take `[b, t, in]` as it is (a reshape would be one more node, and one more
/// zero-filled gradient and add, in candle's backward).
pub(crate) fn matrix_dims(l: &Layout) -> Result<(usize, usize)> {
    match l.dims().last() {
        Some(&cols) if cols > 0 => Ok((l.shape().elem_count() / cols, cols)),
        _ => bail!("expected a [.., n] tensor with n > 0, got {:?}", l.dims()),
    }
}

/// `l`'s shape with the last dim replaced by `n`.
pub(crate) fn with_last(l: &Layout, n: usize) -> Shape {
    let mut dims = l.dims().to_vec();
    *dims.last_mut().expect("checked by matrix_dims") = n;
    Shape::from(dims)
}

struct LinearOp;

impl CustomOp2 for LinearOp {
    fn name(&self) -> &'static str {
        "tsp-linear"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "linear input")?;
        let w = f32s(s2, l2, "linear weight")?;
        let (m, k) = matrix_dims(l1)?;
        let (n, k2) = l2.shape().dims2()?;
        if k != k2 {
            bail!("linear: input {:?} does not fit weight [{n}, {k2}]", l1.dims());
        }
        let mut y = Vec::with_capacity(m * n);
        // W^T [k, n] is W [n, k] read with row stride 1 and column stride k.
        gemm_into(&mut y, (m, n, k), (x, k as isize, 1), (w, 1, k as isize));
        Ok((CpuStorage::F32(y), with_last(l1, n)))
    }
    fn bwd(&self, x: &Tensor, w: &Tensor, _y: &Tensor, g: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let g = g.contiguous()?;
        let dx = x
            .track_op()
            .then(|| g.apply_op2_no_bwd(w, &LinearGradInput))
            .transpose()?;
        let dw = w
            .track_op()
            .then(|| g.apply_op2_no_bwd(x, &LinearGradWeight))
            .transpose()?;
        Ok((dx, dw))
    }
}

/// `dx[m, k] = g[m, n] · W[n, k]`.
struct LinearGradInput;

impl CustomOp2 for LinearGradInput {
    fn name(&self) -> &'static str {
        "tsp-linear-grad-input"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let g = f32s(s1, l1, "linear grad")?;
        let w = f32s(s2, l2, "linear weight")?;
        let (m, n) = matrix_dims(l1)?;
        let (_, k) = l2.shape().dims2()?;
        let mut dx = Vec::with_capacity(m * k);
        gemm_into(&mut dx, (m, k, n), (g, n as isize, 1), (w, k as isize, 1));
        Ok((CpuStorage::F32(dx), with_last(l1, k)))
    }
}

/// `dW[n, k] = g^T[n, m] · x[m, k]`.
struct LinearGradWeight;

impl CustomOp2 for LinearGradWeight {
    fn name(&self) -> &'static str {
        "tsp-linear-grad-weight"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let g = f32s(s1, l1, "linear grad")?;
        let x = f32s(s2, l2, "linear input")?;
        let (m, n) = matrix_dims(l1)?;
        let (_, k) = matrix_dims(l2)?;
        let mut dw = Vec::with_capacity(n * k);
        // g^T [n, m] is g [m, n] read with row stride 1 and column stride n.
        gemm_into(&mut dw, (n, k, m), (g, 1, n as isize), (x, k as isize, 1));
        Ok((CpuStorage::F32(dw), Shape::from((n, k))))
    }
}

// ---------------------------------------------------------------------------------------------
// Batched matrix product for attention (`q · k^T`, `p · v`): candle's matmul runs the gemm crate,
// and its backward makes both operands' gradients through zero-filled temporaries. Here each
// batch matrix is read through its strides (a transposed or KV-cache view needs no copy) and goes
// through the same gemm as the dense layers.

/// A strided view of the batch matrices of a tensor `[batch.., rows, cols]`: the storage, the
/// offset of each batch matrix, and the row and column strides.
struct Batched<'a> {
    data: &'a [f32],
    offsets: Vec<usize>,
    rows: usize,
    cols: usize,
    rs: isize,
    cs: isize,
}

impl<'a> Batched<'a> {
    fn new(s: &'a CpuStorage, l: &Layout, what: &str) -> Result<Self> {
        let CpuStorage::F32(data) = s else {
            bail!("{what}: expected f32")
        };
        let (dims, strides) = (l.dims(), l.stride());
        let r = dims.len();
        if r < 2 {
            bail!("{what}: expected at least 2 dims, got {dims:?}")
        }
        let mut offsets = vec![l.start_offset()];
        for (&d, &st) in dims[..r - 2].iter().zip(&strides[..r - 2]) {
            offsets = offsets.iter().flat_map(|&o| (0..d).map(move |i| o + i * st)).collect();
        }
        let (rs, cs) = (strides[r - 2] as isize, strides[r - 1] as isize);
        Ok(Self {
            data,
            offsets,
            rows: dims[r - 2],
            cols: dims[r - 1],
            rs,
            cs,
        })
    }
    fn matrix(&self, i: usize) -> Strided<'a> {
        (&self.data[self.offsets[i]..], self.rs, self.cs)
    }
}

struct BatchedMatMul;

impl CustomOp2 for BatchedMatMul {
    fn name(&self) -> &'static str {
        "tsp-batched-matmul"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let (a, b) = (Batched::new(s1, l1, "matmul lhs")?, Batched::new(s2, l2, "matmul rhs")?);
        let (d1, d2) = (l1.dims(), l2.dims());
        if d1.len() != d2.len() || d1[..d1.len() - 2] != d2[..d2.len() - 2] || a.cols != b.rows {
            bail!("matmul: {d1:?} does not fit {d2:?}")
        }
        let (m, n, k) = (a.rows, b.cols, a.cols);
        let mut out = Vec::<f32>::with_capacity(a.offsets.len() * m * n);
        let dst = out.as_mut_ptr() as usize;
        let one = |i: usize, threads: usize| {
            // SAFETY: batch i writes its own m*n block of `out`'s capacity; every element the
            // operands' strides address lies in their storage (candle's layouts are in bounds).
            unsafe {
                let dst = (dst as *mut f32).add(i * m * n);
                gemm_raw(dst, (m, n, k), a.matrix(i), b.matrix(i), false, 1.0, threads)
            }
        };
        // Matrices too small to split (decoding: a few query rows per head) go one per thread.
        let threads = num_threads();
        if m * n * k < crate::blas::MIN_SPLIT_FLOPS && a.offsets.len() > 1 && threads > 1 {
            (0..a.offsets.len()).into_par_iter().for_each(|i| one(i, 1));
        } else {
            (0..a.offsets.len()).for_each(|i| one(i, threads));
        }
        // SAFETY: every batch block was written above (read_dst false).
        unsafe { out.set_len(a.offsets.len() * m * n) };
        let mut shape = d1.to_vec();
        *shape.last_mut().unwrap() = n;
        Ok((CpuStorage::F32(out), Shape::from(shape)))
    }
    fn bwd(&self, a: &Tensor, b: &Tensor, _y: &Tensor, g: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let g = g.contiguous()?;
        let last = a.rank() - 1;
        let da = a
            .track_op()
            .then(|| g.apply_op2_no_bwd(&b.transpose(last - 1, last)?, &BatchedMatMul));
        let db = b
            .track_op()
            .then(|| a.transpose(last - 1, last)?.apply_op2_no_bwd(&g, &BatchedMatMul));
        Ok((da.transpose()?, db.transpose()?))
    }
}

/// `a [.., m, k] · b [.., k, n]` with the same leading dims, CPU f32; strided views (e.g. a
/// transpose) are read in place. Differentiable in both.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    a.apply_op2(b, BatchedMatMul)
}

/// `x [.., in] · W^T` for `W [out, in]` (differentiable; W's gradient only when it is trained).
pub fn linear(x: &Tensor, w: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op2(&w.contiguous()?, LinearOp)
}

/// A frozen dense layer with a LoRA adapter, `y = x W^T + scale (x A^T) B^T`, as one op: the
/// rank-r product is recomputed in the backward instead of kept, and no output-sized
/// intermediates exist besides `y`. Inputs: `x [m, in]`, `A [r, in]`, `B [out, r]`.
struct LoraLinearOp {
    /// The frozen base weight and the adapter (the same `A` and `B` as the op's inputs).
    proj: Projection,
}

/// The CPU storage behind a tensor's storage guard (see `Tensor::storage_and_layout`), for a
/// backward pass that reads tensors outside `cpu_fwd`.
pub fn cpu_storage<'a>(s: &'a candle_core::Storage, what: &str) -> Result<&'a CpuStorage> {
    match s {
        candle_core::Storage::Cpu(cpu) => Ok(cpu),
        _ => bail!("{what}: expected a CPU tensor"),
    }
}

/// The contiguous f32 data behind a tensor's storage guard.
pub fn cpu_f32s<'a>(s: &'a candle_core::Storage, l: &Layout, what: &str) -> Result<&'a [f32]> {
    f32s(cpu_storage(s, what)?, l, what)
}

/// Runs `f` on the contiguous f32 data of a tensor held outside the op's inputs.
pub(crate) fn with_f32<R>(t: &Tensor, what: &str, f: impl FnOnce(&[f32]) -> Result<R>) -> Result<R> {
    let (storage, layout) = t.storage_and_layout();
    f(cpu_f32s(&storage, layout, what)?)
}

impl CustomOp3 for LoraLinearOp {
    fn name(&self) -> &'static str {
        "tsp-lora-linear"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        _s2: &CpuStorage,
        _l2: &Layout,
        _s3: &CpuStorage,
        _l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "lora input")?;
        let (m, _) = matrix_dims(l1)?;
        let y = self.proj.forward(x, m)?;
        Ok((CpuStorage::F32(y), with_last(l1, self.proj.w.dim(0)?)))
    }
    fn bwd(
        &self,
        x: &Tensor,
        a: &Tensor,
        b: &Tensor,
        _y: &Tensor,
        g: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        // dx = g W + s (g B) A, dA = s (g B)ᵀ x, dB = s gᵀ (x Aᵀ), each written by one or two
        // products into its own buffer (crate::projection).
        let (g, x) = (g.contiguous()?, x.contiguous()?);
        let (m, _) = matrix_dims(x.layout())?;
        let mut grads = Vec::new();
        let mut dx = Vec::new();
        {
            let (xs, xl) = x.storage_and_layout();
            let (gs, gl) = g.storage_and_layout();
            let (xd, gd) = (cpu_f32s(&xs, xl, "lora input")?, cpu_f32s(&gs, gl, "lora grad")?);
            self.proj.backward(gd, xd, m, &mut dx, &mut grads)?;
        }
        let mut grad_of = |t: &Tensor| {
            grads
                .iter()
                .position(|(p, _)| p.id() == t.id())
                .map(|i| grads.swap_remove(i).1)
        };
        let (da, db) = (grad_of(a), grad_of(b));
        let dx = x
            .track_op()
            .then(|| Tensor::from_vec(dx, x.shape(), x.device()))
            .transpose()?;
        Ok((dx, da, db))
    }
}

/// `x W^T + scale (x A^T) B^T` for a frozen `W [out, in]` and a LoRA adapter `A [r, in]`,
/// `B [out, r]` (differentiable in `x`, `A` and `B`).
pub fn lora_linear(x: &Tensor, w: &Tensor, a: &Tensor, b: &Tensor, scale: f64) -> Result<Tensor> {
    if w.track_op() {
        bail!("lora_linear: the base weight must be frozen");
    }
    let (a, b) = (a.contiguous()?, b.contiguous()?);
    let op = LoraLinearOp {
        proj: Projection {
            w: w.contiguous()?,
            bias: None,
            lora: Some((a.clone(), b.clone(), scale as f32)),
            dropout: None,
        },
    };
    x.contiguous()?.apply_op3(&a, &b, op)
}

// ---------------------------------------------------------------------------------------------
// SwiGLU gate: y = silu(g) * u = g * sigmoid(g) * u.

struct SwiGlu;

impl CustomOp2 for SwiGlu {
    fn name(&self) -> &'static str {
        "tsp-swiglu"
    }
    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let g = f32s(s1, l1, "swiglu gate")?;
        let u = f32s(s2, l2, "swiglu up")?;
        if g.len() != u.len() {
            bail!("swiglu: gate and up differ in size");
        }
        Ok((CpuStorage::F32(swiglu_rows(g, u)), l1.shape().clone()))
    }
    fn bwd(&self, g: &Tensor, u: &Tensor, _y: &Tensor, dy: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let both = g.apply_op3_no_bwd(u, &dy.contiguous()?, &SwiGluBwd)?; // [2, ..]
        Ok((Some(both.get(0)?), Some(both.get(1)?)))
    }
}

/// `[dg, du]` stacked: `dg = dy * u * s * (1 + g (1 - s))` with `s = sigmoid(g)`, `du = dy * silu(g)`.
struct SwiGluBwd;

impl CustomOp3 for SwiGluBwd {
    fn name(&self) -> &'static str {
        "tsp-swiglu-bwd"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let g = f32s(s1, l1, "swiglu gate")?;
        let u = f32s(s2, l2, "swiglu up")?;
        let dy = f32s(s3, l3, "swiglu grad")?;
        let n = g.len();
        let mut out = vec![0f32; 2 * n];
        let (dg, du) = out.split_at_mut(n);
        swiglu_grad_into(dg, du, g, u, dy);
        let mut dims = vec![2];
        dims.extend_from_slice(l1.dims());
        Ok((CpuStorage::F32(out), Shape::from(dims)))
    }
}

/// `silu(g) * u` over whole buffers, in parallel chunks.
pub(crate) fn swiglu_rows(g: &[f32], u: &[f32]) -> Vec<f32> {
    let mut y = vec![0f32; g.len()];
    y.par_chunks_mut(ELEMS_PER_TASK)
        .zip(g.par_chunks(ELEMS_PER_TASK).zip(u.par_chunks(ELEMS_PER_TASK)))
        .for_each(|(y, (g, u))| vmath::swiglu(y, g, u));
    y
}

/// The gradients of [`swiglu_rows`] for the output gradient `dy`, written into `dg` and `du`.
pub(crate) fn swiglu_grad_into(dg: &mut [f32], du: &mut [f32], g: &[f32], u: &[f32], dy: &[f32]) {
    let c = ELEMS_PER_TASK;
    dg.par_chunks_mut(c)
        .zip(du.par_chunks_mut(c))
        .zip(g.par_chunks(c).zip(u.par_chunks(c)).zip(dy.par_chunks(c)))
        .for_each(|((dg, du), ((g, u), dy))| vmath::swiglu_grad(dg, du, g, u, dy));
}

/// `silu(gate) * up` (differentiable in both), without keeping `silu(gate)`.
pub fn swiglu(gate: &Tensor, up: &Tensor) -> Result<Tensor> {
    gate.contiguous()?.apply_op2(&up.contiguous()?, SwiGlu)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ops;
    use candle_core::{Device, Var, D};

    /// A variable of uniform values in [-1, 1) from `seed`.
    pub(crate) fn rand(shape: &[usize], seed: u64) -> Result<Var> {
        let n: usize = shape.iter().product();
        let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let v: Vec<f32> = (0..n)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((s >> 33) as f32 / (1u64 << 31) as f32) * 2.0 - 1.0
            })
            .collect();
        Var::from_vec(v, shape, &Device::Cpu)
    }

    /// The largest absolute element of `a - b`.
    pub(crate) fn max_diff(a: &Tensor, b: &Tensor) -> f32 {
        max_abs(&(a - b).unwrap())
    }

    /// The largest absolute element of `x`.
    pub(crate) fn max_abs(x: &Tensor) -> f32 {
        x.abs()
            .unwrap()
            .flatten_all()
            .unwrap()
            .max(0)
            .unwrap()
            .to_scalar::<f32>()
            .unwrap()
    }

    /// Value and gradients of a kernel against the composition of primitive ops, under a random
    /// projection of the output (so every output element's gradient matters).
    fn check(
        inputs: &[&Var],
        kernel: impl Fn() -> Result<Tensor>,
        composed: impl Fn() -> Result<Tensor>,
        tol: f32,
    ) -> Result<()> {
        let (a, b) = (kernel()?, composed()?);
        assert_eq!(a.dims(), b.dims());
        assert!(max_diff(&a, &b) < tol, "values differ by {}", max_diff(&a, &b));
        let proj = rand(a.dims(), 99)?;
        let ga = (a * proj.as_tensor())?.sum_all()?.backward()?;
        let gb = (b * proj.as_tensor())?.sum_all()?.backward()?;
        for (i, v) in inputs.iter().enumerate() {
            let (x, y) = (ga.get(v.as_tensor()).unwrap(), gb.get(v.as_tensor()).unwrap());
            let scale = y.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>()?.max(1.0);
            assert!(
                max_diff(x, y) / scale < tol,
                "input {i}: gradients differ by {}",
                max_diff(x, y)
            );
        }
        Ok(())
    }

    #[test]
    fn rms_norm_matches_the_composition() -> Result<()> {
        let (x, w) = (rand(&[3, 37, 24], 1)?, rand(&[24], 2)?);
        check(&[&x, &w], || rms_norm(&x, &w, 1e-5), || composed_rms_norm(&x, &w), 1e-5)
    }

    fn composed_rms_norm(x: &Tensor, w: &Tensor) -> Result<Tensor> {
        let inv = (x.sqr()?.mean_keepdim(D::Minus1)? + 1e-5)?.sqrt()?.recip()?;
        x.broadcast_mul(&inv)?.broadcast_mul(w)
    }

    fn composed_softmax(x: &Tensor) -> Result<Tensor> {
        let max = x.max_keepdim(D::Minus1)?.detach();
        let e = x.broadcast_sub(&max)?.exp()?;
        e.broadcast_div(&e.sum_keepdim(D::Minus1)?)
    }

    #[test]
    fn softmax_matches_the_composition() -> Result<()> {
        let x = rand(&[2, 3, 19, 40], 3)?;
        check(&[&x], || softmax_last(&x), || composed_softmax(&x), 1e-5)
    }

    #[test]
    fn causal_softmax_equals_a_masked_softmax() -> Result<()> {
        let (t, past) = (7, 5);
        let x = rand(&[2, 3, t, past + t], 4)?;
        let mut bias = vec![0f32; t * (past + t)];
        for q in 0..t {
            for k in past + q + 1..past + t {
                bias[q * (past + t) + k] = f32::NEG_INFINITY;
            }
        }
        let bias = Tensor::from_vec(bias, (1, 1, t, past + t), &Device::Cpu)?;
        check(
            &[&x],
            || causal_softmax(&x, past, 0.7),
            || composed_softmax(&(x.as_tensor() * 0.7)?.broadcast_add(&bias)?),
            1e-5,
        )
    }

    #[test]
    fn rope_matches_the_composition() -> Result<()> {
        let x = rand(&[2, 3, 5, 8], 5)?;
        let (cos, sin) = ops::rope_tables(8, 10_000.0, 16, &Device::Cpu)?;
        let pos = Tensor::new(&[3u32, 4, 5, 6, 7, 0, 1, 2, 9, 11], &Device::Cpu)?;
        let cos = cos.index_select(&pos, 0)?.reshape((2, 5, 4))?;
        let sin = sin.index_select(&pos, 0)?.reshape((2, 5, 4))?;
        let composed = || -> Result<Tensor> {
            let (c, s) = (cos.unsqueeze(1)?, sin.unsqueeze(1)?);
            let (x1, x2) = (x.narrow(D::Minus1, 0, 4)?, x.narrow(D::Minus1, 4, 4)?);
            let o1 = (x1.broadcast_mul(&c)? - x2.broadcast_mul(&s)?)?;
            let o2 = (x2.broadcast_mul(&c)? + x1.broadcast_mul(&s)?)?;
            Tensor::cat(&[o1, o2], D::Minus1)
        };
        check(&[&x], || rope(&x, &cos, &sin), composed, 1e-5)
    }

    #[test]
    fn rope_heads_is_a_head_split_then_rope() -> Result<()> {
        // [b 2, t 5, 3 heads x 8] as a projection outputs it.
        let x = rand(&[2, 5, 24], 7)?;
        let (cos, sin) = ops::rope_tables(8, 10_000.0, 16, &Device::Cpu)?;
        let pos = Tensor::new(&[3u32, 4, 5, 6, 7, 0, 1, 2, 9, 11], &Device::Cpu)?;
        let cos = cos.index_select(&pos, 0)?.reshape((2, 5, 4))?;
        let sin = sin.index_select(&pos, 0)?.reshape((2, 5, 4))?;
        let split = || x.reshape((2, 5, 3, 8))?.transpose(1, 2);
        check(
            &[&x],
            || rope_heads(&x, &cos, &sin, 3),
            || rope(&split()?, &cos, &sin),
            1e-6,
        )
    }

    #[test]
    fn target_logprob_matches_a_log_softmax() -> Result<()> {
        let x = rand(&[6, 50], 6)?;
        let x10 = (x.as_tensor() * 10.0)?; // large logits test the stabilization
        let tg = Tensor::new(&[0u32, 49, 3, 3, 17, 25], &Device::Cpu)?;
        check(
            &[&x],
            || target_logprob(&x10, &tg),
            || {
                let max = x10.max_keepdim(D::Minus1)?.detach();
                let s = x10.broadcast_sub(&max)?;
                let lse = s.exp()?.sum_keepdim(D::Minus1)?.log()?;
                s.broadcast_sub(&lse)?.gather(&tg.unsqueeze(1)?, 1)?.squeeze(1)
            },
            1e-5,
        )
    }

    #[test]
    fn target_logprob_rejects_out_of_vocabulary_targets() -> Result<()> {
        let x = Tensor::zeros((2, 4), DType::F32, &Device::Cpu)?;
        let err = target_logprob(&x, &Tensor::new(&[1u32, 4], &Device::Cpu)?).unwrap_err();
        assert!(err.to_string().contains("outside the vocabulary"), "{err}");
        Ok(())
    }

    #[test]
    fn batched_matmul_matches_candle_on_views() -> Result<()> {
        // q · k^T through the transposed view, then p · v, as attention does.
        let (q, k) = (rand(&[2, 3, 17, 8], 21)?, rand(&[2, 3, 11, 8], 22)?);
        let kt = || k.as_tensor().t();
        check(&[&q, &k], || matmul(&q, &kt()?), || q.matmul(&kt()?), 1e-5)?;
        let (p, v) = (rand(&[2, 3, 17, 11], 23)?, rand(&[2, 3, 11, 8], 24)?);
        check(&[&p, &v], || matmul(&p, &v), || p.matmul(&v), 1e-5)?;
        // Large enough to split over threads, and a narrowed (KV-cache-like) operand.
        let (x, y) = (rand(&[2, 96, 64], 25)?, rand(&[2, 80, 64], 26)?);
        let yt = || y.as_tensor().narrow(1, 3, 70)?.t();
        check(&[&x, &y], || matmul(&x, &yt()?), || x.matmul(&yt()?), 1e-4)?;
        assert!(matmul(&x, &x).is_err(), "mismatched inner dims are an error");
        Ok(())
    }

    #[test]
    fn linear_matches_matmul_and_skips_frozen_weights() -> Result<()> {
        let (x, w) = (rand(&[7, 5], 7)?, rand(&[3, 5], 8)?);
        check(&[&x, &w], || linear(&x, &w), || x.matmul(&w.t()?), 1e-5)?;
        // Leading dims are rows: [2, 4, 5] in, [2, 4, 3] out, no reshape needed.
        let x3 = rand(&[2, 4, 5], 9)?;
        check(&[&x3, &w], || linear(&x3, &w), || x3.broadcast_matmul(&w.t()?), 1e-5)?;
        // A plain tensor as the weight (frozen, as under LoRA) gets no gradient computed.
        let frozen = w.as_tensor().detach();
        let y = linear(&x, &frozen)?;
        let g = y.sum_all()?.backward()?;
        assert!(g.get(&frozen).is_none());
        assert!(g.get(x.as_tensor()).is_some());
        Ok(())
    }

    #[test]
    fn lora_linear_matches_the_composition() -> Result<()> {
        let (x, a, b) = (rand(&[9, 6], 10)?, rand(&[2, 6], 11)?, rand(&[4, 2], 12)?);
        let w = rand(&[4, 6], 13)?.as_tensor().detach();
        check(
            &[&x, &a, &b],
            || lora_linear(&x, &w, &a, &b, 1.5),
            || x.matmul(&w.t()?)? + (x.matmul(&a.t()?)?.matmul(&b.t()?)? * 1.5)?,
            1e-5,
        )?;
        let x3 = rand(&[3, 3, 6], 14)?;
        check(
            &[&x3, &a, &b],
            || lora_linear(&x3, &w, &a, &b, 1.5),
            || lora_linear(&x3.reshape((9, 6))?, &w, &a, &b, 1.5)?.reshape((3, 3, 4)),
            1e-6,
        )
    }

    #[test]
    fn swiglu_matches_the_composition() -> Result<()> {
        let (g, u) = (rand(&[3, 11], 14)?, rand(&[3, 11], 15)?);
        let g4 = (g.as_tensor() * 4.0)?;
        check(&[&g, &u], || swiglu(&g4, &u), || g4.silu()? * u.as_tensor(), 1e-5)
    }
}
