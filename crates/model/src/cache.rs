//! `KvCache`: the keys and values of every layer for the tokens seen so far, as its own value.
//!
//! Each layer keeps its keys and values in buffers with room to spare (`[b, n_kv_heads, cap,
//! head_dim]`, the first `len` positions filled). Decoding writes each new position in place, and
//! a full buffer grows by doubling, so a sequence of `n` steps copies O(n) key/value positions,
//! not O(n^2) as appending by concatenation does. Appending keys that carry a gradient graph
//! (training) falls back to concatenation, which keeps the graph.
//!
//! `clone()` forks a cache without copying (tensors are reference-counted): the tree generator
//! encodes a task's trunk once and forks the cache at each node. Buffers are copy-on-write: a
//! fork shares them until one side appends, which then copies its layer first. A cache also
//! remembers which key positions are padding (left-padded batches) and the next rotary position
//! of each row.

use candle_core::{Result, Tensor};
use std::sync::Arc;

/// One layer's keys and values.
#[derive(Clone, Debug)]
pub struct LayerKv {
    /// Buffers `[b, n_kv_heads, cap, head_dim]`; positions `len..cap` are unused.
    kv: Option<(Tensor, Tensor)>,
    len: usize,
    /// Shared by every cache whose buffers alias these: appending writes in place only while
    /// this is the sole owner.
    owner: Arc<()>,
    /// Positions to allocate on the first append (at least what is appended).
    reserve: usize,
}

impl LayerKv {
    fn empty(reserve: usize) -> Self {
        Self {
            kv: None,
            len: 0,
            owner: Arc::new(()),
            reserve,
        }
    }

    fn with_buffers(k: Tensor, v: Tensor, len: usize) -> Self {
        Self {
            kv: Some((k, v)),
            len,
            owner: Arc::new(()),
            reserve: 0,
        }
    }

    fn capacity(&self) -> usize {
        self.kv.as_ref().map(|(k, _)| k.dims()[2]).unwrap_or(0)
    }

    /// The filled positions, `[b, n_kv_heads, len, head_dim]` each (views, no copy).
    pub fn get(&self) -> Result<Option<(Tensor, Tensor)>> {
        match &self.kv {
            None => Ok(None),
            Some((k, v)) if k.dims()[2] == self.len => Ok(Some((k.clone(), v.clone()))),
            Some((k, v)) => Ok(Some((k.narrow(2, 0, self.len)?, v.narrow(2, 0, self.len)?))),
        }
    }

    /// Appends `k`, `v` (`[b, n_kv_heads, t, head_dim]`) and returns all keys and values so far.
    pub fn append(&mut self, k: &Tensor, v: &Tensor) -> Result<(Tensor, Tensor)> {
        let t = k.dim(2)?;
        let need = self.len + t;
        if k.track_op() || v.track_op() {
            // Training: concatenation keeps the gradient graph (in-place writes would not).
            let (k, v) = match self.get()? {
                Some((pk, pv)) => (Tensor::cat(&[&pk, k], 2)?, Tensor::cat(&[&pv, v], 2)?),
                None => (k.clone(), v.clone()),
            };
            *self = Self::with_buffers(k.clone(), v.clone(), need);
            return Ok((k, v));
        }
        let sole = Arc::strong_count(&self.owner) == 1;
        if self.kv.is_none() || !sole || self.capacity() < need {
            // A fresh buffer: the filled part, the new positions and room to grow, in one copy.
            // Full: double; shared (a fork about to diverge): keep the same room.
            let cap = if self.capacity() < need {
                need.max(self.reserve).max(2 * self.capacity())
            } else {
                self.capacity()
            };
            let grow = |old: Option<Tensor>, new: &Tensor| -> Result<Tensor> {
                let (b, h, _, d) = new.dims4()?;
                let mut parts = Vec::with_capacity(3);
                if let Some(o) = old {
                    parts.push(o);
                }
                parts.push(new.clone());
                if cap > need {
                    parts.push(Tensor::zeros((b, h, cap - need, d), new.dtype(), new.device())?);
                }
                Tensor::cat(&parts, 2)?.contiguous()
            };
            let old = self.get()?;
            let (ok, ov) = match old {
                Some((a, b)) => (Some(a), Some(b)),
                None => (None, None),
            };
            let (nk, nv) = (grow(ok, k)?, grow(ov, v)?);
            *self = Self::with_buffers(nk, nv, need);
            return Ok(self.get()?.expect("just filled"));
        }
        let (bk, bv) = self.kv.as_ref().expect("checked above");
        bk.slice_set(&k.contiguous()?, 2, self.len)?;
        bv.slice_set(&v.contiguous()?, 2, self.len)?;
        self.len = need;
        Ok(self.get()?.expect("non-empty"))
    }
}

/// Per-layer keys/values `[b, n_kv_heads, len, head_dim]`, plus padding and positions per row.
#[derive(Clone, Debug)]
pub struct KvCache {
    pub(crate) layers: Vec<LayerKv>,
    /// `real[r][k]`: key `k` of row `r` is a real token (not padding). `None`: no padding at all.
    pub(crate) real: Option<Vec<Vec<bool>>>,
    /// Rotary position the next real token of each row gets.
    pub(crate) next_pos: Vec<u32>,
    pub(crate) len: usize,
}

impl KvCache {
    /// An empty cache for a model with `n_layers` blocks.
    pub fn new(n_layers: usize) -> Self {
        Self::with_capacity(n_layers, 0)
    }

    /// An empty cache whose buffers, when first written, get room for `positions` key positions
    /// (prompt plus new tokens), so decoding up to that length never reallocates.
    pub fn with_capacity(n_layers: usize, positions: usize) -> Self {
        Self {
            layers: (0..n_layers).map(|_| LayerKv::empty(positions)).collect(),
            real: None,
            next_pos: Vec::new(),
            len: 0,
        }
    }

    /// Key positions held (including padding).
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Rows (sequences) in the cache; 0 before the first forward.
    pub fn batch(&self) -> usize {
        self.next_pos.len()
    }
    /// Number of real (non-padding) tokens of each row.
    pub fn real_lens(&self) -> &[u32] {
        &self.next_pos
    }

    /// Makes room for `positions` key positions in total, copying each layer once now instead of
    /// growing while decoding. Does nothing where the room is already there.
    pub fn reserve(&mut self, positions: usize) -> Result<()> {
        for l in &mut self.layers {
            if l.kv.is_none() {
                l.reserve = l.reserve.max(positions);
                continue;
            }
            if l.capacity() >= positions || positions <= l.len {
                continue;
            }
            let (k, v) = l.get()?.expect("non-empty");
            let pad = |x: &Tensor| -> Result<Tensor> {
                let (b, h, _, d) = x.dims4()?;
                let z = Tensor::zeros((b, h, positions - l.len, d), x.dtype(), x.device())?;
                Tensor::cat(&[x, &z], 2)?.contiguous()
            };
            *l = LayerKv::with_buffers(pad(&k)?, pad(&v)?, l.len);
        }
        Ok(())
    }

    /// Keeps the first `len` positions. Only for caches without padding (e.g. a trunk encoded
    /// alone), where positions and lengths coincide. Shares the buffers (copy-on-write).
    pub fn truncate(&self, len: usize) -> Result<Self> {
        if self.real.is_some() {
            candle_core::bail!("KvCache::truncate on a padded cache");
        }
        if len > self.len {
            candle_core::bail!("KvCache::truncate to {len} > len {}", self.len);
        }
        let layers = self
            .layers
            .iter()
            .map(|l| LayerKv {
                len: len.min(l.len),
                ..l.clone()
            })
            .collect();
        Ok(Self {
            layers,
            real: None,
            next_pos: vec![len as u32; self.batch()],
            len,
        })
    }

    /// A cache holding the given rows, in order (rows may repeat: `select_rows(&[0; 4])` makes
    /// four copies of a batch-1 cache to sample four continuations). Keeps each layer's spare room.
    pub fn select_rows(&self, rows: &[usize]) -> Result<Self> {
        let idx: Vec<u32> = rows.iter().map(|&r| r as u32).collect();
        let layers = self
            .layers
            .iter()
            .map(|l| match &l.kv {
                Some((k, v)) => {
                    let idx = Tensor::new(idx.as_slice(), k.device())?;
                    Ok(LayerKv::with_buffers(
                        k.index_select(&idx, 0)?,
                        v.index_select(&idx, 0)?,
                        l.len,
                    ))
                }
                None => Ok(LayerKv::empty(l.reserve)),
            })
            .collect::<Result<Vec<_>>>()?;
        let real = self.real.as_ref().map(|m| rows.iter().map(|&r| m[r].clone()).collect());
        let next_pos = rows.iter().map(|&r| self.next_pos[r]).collect();
        Ok(Self {
            layers,
            real,
            next_pos,
            len: self.len,
        })
    }

    /// Stacks batch-1 caches of different lengths into one batch, left-padding the shorter ones,
    /// with room for `extra` more positions. Each row keeps its own rotary positions, so decoding
    /// continues exactly as if alone.
    pub fn stack_left_padded(caches: &[&KvCache], extra: usize) -> Result<Self> {
        let Some(first) = caches.first() else {
            candle_core::bail!("stack_left_padded: no caches")
        };
        if caches.iter().any(|c| c.batch() != 1 || c.real.is_some()) {
            candle_core::bail!("stack_left_padded: every cache must be batch 1 without padding");
        }
        let max = caches.iter().map(|c| c.len).max().unwrap_or(0);
        let n_layers = first.layers.len();
        let mut layers = Vec::with_capacity(n_layers);
        for l in 0..n_layers {
            let mut ks = Vec::with_capacity(caches.len());
            let mut vs = Vec::with_capacity(caches.len());
            for c in caches {
                let Some((k, v)) = c.layers[l].get()? else {
                    candle_core::bail!("stack_left_padded: empty layer")
                };
                let (b, h, _, d) = k.dims4()?;
                let pad = max - c.len;
                let mut kp = Vec::with_capacity(3);
                let mut vp = Vec::with_capacity(3);
                if pad > 0 {
                    let z = Tensor::zeros((b, h, pad, d), k.dtype(), k.device())?;
                    kp.push(z.clone());
                    vp.push(z);
                }
                kp.push(k);
                vp.push(v);
                if extra > 0 {
                    let z = Tensor::zeros((b, h, extra, d), kp[0].dtype(), kp[0].device())?;
                    kp.push(z.clone());
                    vp.push(z);
                }
                ks.push(Tensor::cat(&kp, 2)?);
                vs.push(Tensor::cat(&vp, 2)?);
            }
            layers.push(LayerKv::with_buffers(
                Tensor::cat(&ks, 0)?.contiguous()?,
                Tensor::cat(&vs, 0)?.contiguous()?,
                max,
            ));
        }
        let real = caches
            .iter()
            .map(|c| {
                let mut m = vec![false; max - c.len];
                m.extend(std::iter::repeat_n(true, c.len));
                m
            })
            .collect();
        let next_pos = caches.iter().map(|c| c.next_pos[0]).collect();
        Ok(Self {
            layers,
            real: Some(real),
            next_pos,
            len: max,
        })
    }

    /// Bytes of keys and values held (filled positions; shared storage counted once per cache).
    pub fn bytes(&self) -> usize {
        self.layers
            .iter()
            .filter_map(|l| l.kv.as_ref().map(|(k, _)| (l.len, k)))
            .map(|(len, k)| {
                let (b, h, _, d) = k.dims4().unwrap_or((0, 0, 0, 0));
                2 * b * h * len * d * k.dtype().size_in_bytes()
            })
            .sum()
    }

    /// Bytes allocated for keys and values, spare room included.
    pub fn capacity_bytes(&self) -> usize {
        self.layers
            .iter()
            .flat_map(|l| l.kv.as_ref())
            .map(|(k, v)| (k.elem_count() + v.elem_count()) * k.dtype().size_in_bytes())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    fn kv(vals: &[f32]) -> Tensor {
        Tensor::from_slice(vals, (1, 1, vals.len(), 1), &Device::Cpu).unwrap()
    }
    fn read(l: &LayerKv) -> Vec<f32> {
        let (k, _) = l.get().unwrap().unwrap();
        k.flatten_all().unwrap().to_vec1().unwrap()
    }

    #[test]
    fn appends_in_place_and_grows_by_doubling() {
        let mut l = LayerKv::empty(0);
        l.append(&kv(&[1.0, 2.0]), &kv(&[1.0, 2.0])).unwrap();
        assert_eq!(l.capacity(), 2);
        l.append(&kv(&[3.0]), &kv(&[3.0])).unwrap();
        assert_eq!(l.capacity(), 4);
        l.append(&kv(&[4.0]), &kv(&[4.0])).unwrap();
        assert_eq!(l.capacity(), 4, "the fourth position fits without growing");
        assert_eq!(read(&l), [1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn forks_do_not_see_each_others_writes() {
        let mut a = LayerKv::empty(8);
        a.append(&kv(&[1.0, 2.0]), &kv(&[1.0, 2.0])).unwrap();
        let mut b = a.clone();
        let mut c = LayerKv { len: 1, ..a.clone() }; // a truncated fork
        a.append(&kv(&[3.0]), &kv(&[3.0])).unwrap();
        b.append(&kv(&[4.0]), &kv(&[4.0])).unwrap();
        c.append(&kv(&[5.0]), &kv(&[5.0])).unwrap();
        assert_eq!(read(&a), [1.0, 2.0, 3.0]);
        assert_eq!(read(&b), [1.0, 2.0, 4.0]);
        assert_eq!(read(&c), [1.0, 5.0]);
    }
}
