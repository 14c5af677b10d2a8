//! Causal self-attention as one CPU op, with a backward: `softmax(scale · q kᵀ, causal) · v`.
//!
//! Built from primitive ops, attention computes the whole `[t, t]` score matrix per head, half of
//! it masked, keeps it for the backward, and copies the output back to `[b, t, heads · hd]`. Here
//! queries go in blocks of [`BLOCK`] rows: a block's scores stop at its last visible key, so the
//! masked half is never computed, and the scores live only inside the task (the backward
//! recomputes them, like FlashAttention). The query heads that share a key/value head are done
//! together, so one product reads each key once for all of them. The output is written straight
//! into the `[b, t, heads · hd]` layout the output projection reads.
//!
//! Each task's sums run in a fixed order on one thread, so results do not depend on scheduling
//! (training resumes bit for bit).

use crate::fused::{cpu_f32s, cpu_storage, f32s, gemm_acc_on, gemm_into_on, Strided};
use crate::vmath;
use candle_core::{bail, CpuStorage, CustomOp3, Layout, Result, Shape, Tensor};
use rayon::prelude::*;

/// Query rows per block: the masked corner computed is at most a `BLOCK`-wide triangle per block.
const BLOCK: usize = 64;

/// The sizes of one attention call.
#[derive(Clone, Copy, Debug)]
struct Dims {
    b: usize,
    heads: usize,
    kv_heads: usize,
    /// Query heads per key/value head.
    rep: usize,
    /// New (query) positions.
    t: usize,
    /// Cached positions before the queries: query `i` sees keys `0..=past + i`.
    past: usize,
    hd: usize,
}

impl Dims {
    fn blocks(&self) -> usize {
        self.t.div_ceil(BLOCK)
    }
    /// The rows of query block `qb`, and the keys its last row sees.
    fn block(&self, qb: usize) -> (usize, usize, usize) {
        let (i0, i1) = (qb * BLOCK, ((qb + 1) * BLOCK).min(self.t));
        (i0, i1, self.past + i1)
    }
}

/// Keys or values `[b, kv_heads, T, hd]` read through their strides (a KV-cache view needs no
/// copy); only the last dim must be contiguous.
struct KvView<'a> {
    data: &'a [f32],
    start: usize,
    strides: [usize; 3],
}

impl<'a> KvView<'a> {
    fn new(s: &'a CpuStorage, l: &Layout, d: &Dims, what: &str) -> Result<Self> {
        let CpuStorage::F32(data) = s else {
            bail!("{what}: expected f32")
        };
        let (dims, st) = (l.dims(), l.stride());
        if dims != [d.b, d.kv_heads, d.past + d.t, d.hd] || st[3] != 1 {
            bail!("{what}: {dims:?} (strides {st:?}) is not a [b, kv heads, T, hd] view with rows contiguous");
        }
        let last = l.start_offset() + (d.b - 1) * st[0] + (d.kv_heads - 1) * st[1] + (d.past + d.t - 1) * st[2] + d.hd;
        if last > data.len() {
            bail!("{what}: the view reaches past its storage");
        }
        Ok(Self {
            data,
            start: l.start_offset(),
            strides: [st[0], st[1], st[2]],
        })
    }
    /// The `[T, hd]` matrix of batch `bi`, head `g`, as an operand read row by row.
    fn rows(&self, bi: usize, g: usize) -> Strided<'a> {
        let off = self.start + bi * self.strides[0] + g * self.strides[1];
        (&self.data[off..], self.strides[2] as isize, 1)
    }
    /// The same matrix transposed, `[hd, T]`.
    fn cols(&self, bi: usize, g: usize) -> Strided<'a> {
        let (data, rs, cs) = self.rows(bi, g);
        (data, cs, rs)
    }
}

/// One block's attention probabilities: the query rows `[rep · n, hd]` (head-major, `n` rows per
/// head) and `p [rep · n, keys]` with the masked keys 0.
struct BlockProbs {
    q: Vec<f32>,
    p: Vec<f32>,
    rows: usize,
    keys: usize,
}

/// Queries `q [b, heads, t, hd]` (contiguous) of block `qb` for key/value head `g` of batch `bi`.
fn block_probs(d: &Dims, q: &[f32], k: &KvView, scale: f32, bi: usize, g: usize, qb: usize) -> BlockProbs {
    let (i0, i1, keys) = d.block(qb);
    let n = i1 - i0;
    let rows = d.rep * n;
    let mut qs = Vec::with_capacity(rows * d.hd);
    for h in g * d.rep..(g + 1) * d.rep {
        let at = ((bi * d.heads + h) * d.t + i0) * d.hd;
        qs.extend_from_slice(&q[at..at + n * d.hd]);
    }
    let mut p = Vec::with_capacity(rows * keys);
    gemm_into_on(&mut p, (rows, keys, d.hd), (&qs, d.hd as isize, 1), k.cols(bi, g), 1);
    for (r, row) in p.chunks_mut(keys).enumerate() {
        vmath::softmax_row(row, d.past + i0 + r % n + 1, scale);
    }
    BlockProbs { q: qs, p, rows, keys }
}

/// Row `r` of a block (head-major) as `(head, position)`.
fn row_at(d: &Dims, g: usize, i0: usize, n: usize, r: usize) -> (usize, usize) {
    (g * d.rep + r / n, i0 + r % n)
}

/// Gathers the block's rows of a `[b, t, heads · hd]` tensor into `[rep · n, hd]`.
fn gather(d: &Dims, x: &[f32], bi: usize, g: usize, qb: usize) -> Vec<f32> {
    let (i0, i1, _) = d.block(qb);
    let n = i1 - i0;
    let mut out = Vec::with_capacity(d.rep * n * d.hd);
    for r in 0..d.rep * n {
        let (h, i) = row_at(d, g, i0, n, r);
        let at = (bi * d.t + i) * d.heads * d.hd + h * d.hd;
        out.extend_from_slice(&x[at..at + d.hd]);
    }
    out
}

struct CausalAttention {
    scale: f32,
}

impl CausalAttention {
    fn dims(l1: &Layout, l2: &Layout) -> Result<Dims> {
        let (b, heads, t, hd) = l1.shape().dims4()?;
        let (b2, kv_heads, total, hd2) = l2.shape().dims4()?;
        if b != b2 || hd != hd2 || kv_heads == 0 || heads % kv_heads != 0 || total < t {
            bail!("attention: queries {:?} do not fit keys {:?}", l1.dims(), l2.dims());
        }
        Ok(Dims {
            b,
            heads,
            kv_heads,
            rep: heads / kv_heads,
            t,
            past: total - t,
            hd,
        })
    }
}

impl CustomOp3 for CausalAttention {
    fn name(&self) -> &'static str {
        "tsp-causal-attention"
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
        let d = Self::dims(l1, l2)?;
        let q = f32s(s1, l1, "attention queries")?;
        let (k, v) = (
            KvView::new(s2, l2, &d, "attention keys")?,
            KvView::new(s3, l3, &d, "attention values")?,
        );
        let width = d.heads * d.hd;
        let mut y = vec![0f32; d.b * d.t * width];
        let out = y.as_mut_ptr() as usize;
        let blocks = d.blocks();
        // Later blocks see more keys: they go first so the threads finish together.
        (0..d.b * d.kv_heads * blocks).into_par_iter().for_each(|task| {
            let (bg, qb) = (task / blocks, blocks - 1 - task % blocks);
            let (bi, g) = (bg / d.kv_heads, bg % d.kv_heads);
            let pr = block_probs(&d, q, &k, self.scale, bi, g, qb);
            let mut o = Vec::with_capacity(pr.rows * d.hd);
            gemm_into_on(
                &mut o,
                (pr.rows, d.hd, pr.keys),
                (&pr.p, pr.keys as isize, 1),
                v.rows(bi, g),
                1,
            );
            let (i0, i1, _) = d.block(qb);
            for (r, src) in o.chunks(d.hd).enumerate() {
                let (h, i) = row_at(&d, g, i0, i1 - i0, r);
                // SAFETY: row (bi, i) head h is written by this task only, inside y's length.
                unsafe {
                    let dst = (out as *mut f32).add((bi * d.t + i) * width + h * d.hd);
                    std::ptr::copy_nonoverlapping(src.as_ptr(), dst, d.hd);
                }
            }
        });
        Ok((CpuStorage::F32(y), Shape::from((d.b, d.t, width))))
    }

    fn bwd(
        &self,
        q: &Tensor,
        k: &Tensor,
        v: &Tensor,
        y: &Tensor,
        dy: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let (q, y, dy) = (q.contiguous()?, y.contiguous()?, dy.contiguous()?);
        let (qs, ql) = q.storage_and_layout();
        let (ks, kl) = k.storage_and_layout();
        let (vs, vl) = v.storage_and_layout();
        let (ys, yl) = y.storage_and_layout();
        let (gs, gl) = dy.storage_and_layout();
        let d = Self::dims(ql, kl)?;
        let qd = cpu_f32s(&qs, ql, "attention queries")?;
        let (kv, vv) = (
            KvView::new(cpu_storage(&ks, "attention keys")?, kl, &d, "attention keys")?,
            KvView::new(cpu_storage(&vs, "attention values")?, vl, &d, "attention values")?,
        );
        let (yd, gd) = (
            cpu_f32s(&ys, yl, "attention output")?,
            cpu_f32s(&gs, gl, "attention output grad")?,
        );
        let (dq, dk, dv) = self.backward(&d, qd, &kv, &vv, yd, gd);
        let dev = q.device();
        let total = d.past + d.t;
        Ok((
            Some(Tensor::from_vec(dq, (d.b, d.heads, d.t, d.hd), dev)?),
            Some(Tensor::from_vec(dk, (d.b, d.kv_heads, total, d.hd), dev)?),
            Some(Tensor::from_vec(dv, (d.b, d.kv_heads, total, d.hd), dev)?),
        ))
    }
}

impl CausalAttention {
    /// Gradients of q, k and v, one task per (batch, key/value head): the task owns that head's
    /// `dk` and `dv` and its query heads' `dq`, and goes through the query blocks in order.
    fn backward(
        &self,
        d: &Dims,
        q: &[f32],
        k: &KvView,
        v: &KvView,
        y: &[f32],
        dy: &[f32],
    ) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let total = d.past + d.t;
        let mut dq = vec![0f32; d.b * d.heads * d.t * d.hd];
        let (mut dk, mut dv) = (
            vec![0f32; d.b * d.kv_heads * total * d.hd],
            vec![0f32; d.b * d.kv_heads * total * d.hd],
        );
        let dq_ptr = dq.as_mut_ptr() as usize;
        let hd = d.hd as isize;
        dk.par_chunks_mut(total * d.hd)
            .zip(dv.par_chunks_mut(total * d.hd))
            .enumerate()
            .for_each(|(bg, (dk, dv))| {
                let (bi, g) = (bg / d.kv_heads, bg % d.kv_heads);
                for qb in 0..d.blocks() {
                    let pr = block_probs(d, q, k, self.scale, bi, g, qb);
                    let (rows, keys) = (pr.rows, pr.keys);
                    let (i0, i1, _) = d.block(qb);
                    let (go, o) = (gather(d, dy, bi, g, qb), gather(d, y, bi, g, qb));
                    // dP = dO · Vᵀ, then dS = scale · P ∘ (dP − rowsum(dO ∘ O)).
                    let mut ds = Vec::with_capacity(rows * keys);
                    gemm_into_on(&mut ds, (rows, keys, d.hd), (&go, hd, 1), v.cols(bi, g), 1);
                    for r in 0..rows {
                        let dot: f32 = go[r * d.hd..(r + 1) * d.hd]
                            .iter()
                            .zip(&o[r * d.hd..(r + 1) * d.hd])
                            .map(|(a, b)| a * b)
                            .sum();
                        let (srow, prow) = (&mut ds[r * keys..(r + 1) * keys], &pr.p[r * keys..(r + 1) * keys]);
                        for (s, &p) in srow.iter_mut().zip(prow) {
                            *s = self.scale * p * (*s - dot);
                        }
                    }
                    // dQ = dS · K, written to the block's rows of dq [b, heads, t, hd].
                    let mut dqs = Vec::with_capacity(rows * d.hd);
                    gemm_into_on(&mut dqs, (rows, d.hd, keys), (&ds, keys as isize, 1), k.rows(bi, g), 1);
                    for (r, src) in dqs.chunks(d.hd).enumerate() {
                        let (h, i) = row_at(d, g, i0, i1 - i0, r);
                        // SAFETY: head h belongs to this task's group; inside dq's length.
                        unsafe {
                            let dst = (dq_ptr as *mut f32).add(((bi * d.heads + h) * d.t + i) * d.hd);
                            std::ptr::copy_nonoverlapping(src.as_ptr(), dst, d.hd);
                        }
                    }
                    // dK += dSᵀ · Q and dV += Pᵀ · dO over the keys this block sees.
                    let n = keys * d.hd;
                    gemm_acc_on(
                        &mut dk[..n],
                        (keys, d.hd, rows),
                        (&ds, 1, keys as isize),
                        (&pr.q, hd, 1),
                        1.0,
                        1,
                    );
                    gemm_acc_on(
                        &mut dv[..n],
                        (keys, d.hd, rows),
                        (&pr.p, 1, keys as isize),
                        (&go, hd, 1),
                        1.0,
                        1,
                    );
                }
            });
        (dq, dk, dv)
    }
}

/// [`causal_attention`] on buffers, for a caller that keeps them itself (crate::sublayer):
/// `q [b, heads, t, hd]` contiguous, `k` and `v` `[b, kv_heads, t, hd]` views with contiguous
/// rows. Returns `[b, t, heads · hd]`.
pub(crate) fn forward_raw(
    q: (&CpuStorage, &Layout),
    k: (&CpuStorage, &Layout),
    v: (&CpuStorage, &Layout),
    scale: f32,
) -> Result<Vec<f32>> {
    let op = CausalAttention { scale };
    match op.cpu_fwd(q.0, q.1, k.0, k.1, v.0, v.1)?.0 {
        CpuStorage::F32(y) => Ok(y),
        _ => bail!("attention: expected an f32 output"),
    }
}

/// The gradients of [`forward_raw`] for its output `y` and the output gradient `dy`: `dq` as
/// `q`, `dk` and `dv` contiguous `[b, kv_heads, t, hd]`.
pub(crate) fn backward_raw(
    q: (&CpuStorage, &Layout),
    k: (&CpuStorage, &Layout),
    v: (&CpuStorage, &Layout),
    y: &[f32],
    dy: &[f32],
    scale: f32,
) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>)> {
    let d = CausalAttention::dims(q.1, k.1)?;
    let qd = f32s(q.0, q.1, "attention queries")?;
    let (kv, vv) = (
        KvView::new(k.0, k.1, &d, "attention keys")?,
        KvView::new(v.0, v.1, &d, "attention values")?,
    );
    let op = CausalAttention { scale };
    Ok(op.backward(&d, qd, &kv, &vv, y, dy))
}

/// Causal attention of `q [b, heads, t, hd]` over `k`, `v` `[b, kv_heads, past + t, hd]` (CPU,
/// f32; `k` and `v` may be strided views such as a KV cache's): query `i` attends to keys
/// `0..=past + i`, and query head `h` to key/value head `h / (heads / kv_heads)`. Returns
/// `[b, t, heads · hd]`. Differentiable in all three.
pub fn causal_attention(q: &Tensor, k: &Tensor, v: &Tensor, scale: f64) -> Result<Tensor> {
    let fix = |x: &Tensor| -> Result<Tensor> {
        if x.stride().last() == Some(&1) {
            Ok(x.clone())
        } else {
            x.contiguous()
        }
    };
    q.contiguous()?
        .apply_op3(&fix(k)?, &fix(v)?, CausalAttention { scale: scale as f32 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fused::tests::{max_abs, max_diff, rand};
    use crate::ops;

    /// Attention from primitive ops: repeated key/value heads, full scores, a causal softmax.
    fn composed(q: &Tensor, k: &Tensor, v: &Tensor, scale: f64) -> Result<Tensor> {
        let (b, heads, t, hd) = q.dims4()?;
        let (_, kv_heads, total, _) = k.dims4()?;
        let rep = heads / kv_heads;
        let expand = |x: &Tensor| -> Result<Tensor> {
            x.unsqueeze(2)?
                .broadcast_as((b, kv_heads, rep, total, hd))?
                .reshape((b, heads, total, hd))
        };
        let (k, v) = (expand(k)?, expand(v)?);
        let s = q.contiguous()?.matmul(&k.t()?.contiguous()?)?;
        let p = ops::causal_softmax(&s, total - t, scale, false)?;
        p.matmul(&v.contiguous()?)?.transpose(1, 2)?.reshape((b, t, heads * hd))
    }

    /// Values and all three gradients against the composition, under a random projection.
    fn check(b: usize, heads: usize, kv_heads: usize, t: usize, past: usize, hd: usize) -> Result<()> {
        let q = rand(&[b, heads, t, hd], 1)?;
        // Keys and values as views into a larger cache, as generation passes them.
        let (kc, vc) = (
            rand(&[b, kv_heads, past + t + 5, hd], 2)?,
            rand(&[b, kv_heads, past + t + 5, hd], 3)?,
        );
        let (k, v) = (kc.narrow(2, 0, past + t)?, vc.narrow(2, 0, past + t)?);
        let scale = 1.0 / (hd as f64).sqrt();
        let (ours, want) = (causal_attention(&q, &k, &v, scale)?, composed(&q, &k, &v, scale)?);
        assert_eq!(ours.dims(), want.dims());
        let diff = max_diff(&ours, &want);
        assert!(diff < 1e-5, "values differ by {diff}");
        let proj = rand(ours.dims(), 4)?;
        let ga = (ours * proj.as_tensor())?.sum_all()?.backward()?;
        let gb = (want * proj.as_tensor())?.sum_all()?.backward()?;
        for (name, x) in [("q", &q), ("k cache", &kc), ("v cache", &vc)] {
            let (a, w) = (ga.get(x.as_tensor()).unwrap(), gb.get(x.as_tensor()).unwrap());
            let size = max_abs(w);
            assert!(size > 0.0, "{name}: no gradient");
            let diff = max_diff(a, w);
            assert!(diff < 1e-5 * size.max(1.0), "{name}: gradients differ by {diff}");
        }
        Ok(())
    }

    #[test]
    fn prompt_with_grouped_heads_matches_the_composition() -> Result<()> {
        // Several blocks, the last one partial; 3 query heads per key/value head.
        check(2, 6, 2, 2 * BLOCK + 9, 0, 16)
    }

    #[test]
    fn queries_after_a_cache_match_the_composition() -> Result<()> {
        check(1, 4, 4, 5, 11, 8)?;
        // One new token per row, as in decoding.
        check(3, 4, 1, 1, 17, 8)
    }
}
