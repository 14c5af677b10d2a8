//! `KvCache`: the keys and values of every layer for the tokens seen so far, as its own value.
//!
//! Tensors are reference-counted, so `clone()` forks a cache without copying: the tree generator
//! encodes a task's trunk once and forks the cache at each node. A cache also remembers which key
//! positions are padding (left-padded batches) and the next rotary position of each row.

use candle_core::{Result, Tensor};

/// Per-layer keys/values `[b, n_kv_heads, len, head_dim]`, plus padding and positions per row.
#[derive(Clone, Debug)]
pub struct KvCache {
    pub(crate) layers: Vec<Option<(Tensor, Tensor)>>,
    /// `real[r][k]`: key `k` of row `r` is a real token (not padding). `None`: no padding at all.
    pub(crate) real: Option<Vec<Vec<bool>>>,
    /// Rotary position the next real token of each row gets.
    pub(crate) next_pos: Vec<u32>,
    pub(crate) len: usize,
}

impl KvCache {
    /// An empty cache for a model with `n_layers` blocks.
    pub fn new(n_layers: usize) -> Self {
        Self {
            layers: vec![None; n_layers],
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

    /// Keeps the first `len` positions. Only for caches without padding (e.g. a trunk encoded
    /// alone), where positions and lengths coincide.
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
            .map(|l| match l {
                Some((k, v)) => Ok(Some((k.narrow(2, 0, len)?, v.narrow(2, 0, len)?))),
                None => Ok(None),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            layers,
            real: None,
            next_pos: vec![len as u32; self.batch()],
            len,
        })
    }

    /// A cache holding the given rows, in order (rows may repeat: `select_rows(&[0; 4])` makes
    /// four copies of a batch-1 cache to sample four continuations).
    pub fn select_rows(&self, rows: &[usize]) -> Result<Self> {
        let dev_idx = |k: &Tensor| -> Result<Tensor> {
            let idx: Vec<u32> = rows.iter().map(|&r| r as u32).collect();
            Tensor::new(idx.as_slice(), k.device())
        };
        let layers = self
            .layers
            .iter()
            .map(|l| match l {
                Some((k, v)) => {
                    let idx = dev_idx(k)?;
                    Ok(Some((k.index_select(&idx, 0)?, v.index_select(&idx, 0)?)))
                }
                None => Ok(None),
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

    /// Stacks batch-1 caches of different lengths into one batch, left-padding the shorter ones.
    /// Each row keeps its own rotary positions, so decoding continues exactly as if alone.
    pub fn stack_left_padded(caches: &[&KvCache]) -> Result<Self> {
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
                let Some((k, v)) = &c.layers[l] else {
                    candle_core::bail!("stack_left_padded: empty layer")
                };
                let pad = max - c.len;
                if pad == 0 {
                    ks.push(k.clone());
                    vs.push(v.clone());
                } else {
                    let (b, h, _, d) = k.dims4()?;
                    let z = Tensor::zeros((b, h, pad, d), k.dtype(), k.device())?;
                    ks.push(Tensor::cat(&[&z, k], 2)?);
                    vs.push(Tensor::cat(&[&z, v], 2)?);
                }
            }
            layers.push(Some((Tensor::cat(&ks, 0)?, Tensor::cat(&vs, 0)?)));
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

    /// Bytes held by keys and values (shared storage counted once per cache).
    pub fn bytes(&self) -> usize {
        self.layers
            .iter()
            .flatten()
            .map(|(k, v)| (k.elem_count() + v.elem_count()) * k.dtype().size_in_bytes())
            .sum()
    }
}
