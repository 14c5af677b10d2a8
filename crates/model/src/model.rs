//! The decoder: llama family (SmolLM2, CodeLlama, DeepSeek-Coder v1) and qwen2 (q/k/v biases).
//!
//! Plain structs with `load(vb, cfg)` and `forward`, reading Hugging Face weight names through a
//! `VarBuilder`: the same code serves inference (a `VarBuilder` over checkpoint tensors) and
//! training (over `Var`s). Every op on the default path has a backward; `set_fused(true)` switches
//! rms-norm, rope and softmax to candle's fused kernels for no-grad inference.
//! `forward` returns logits for all positions.

use crate::cache::{KvCache, LayerKv};
use crate::config::Config;
use crate::linear::Linear;
use crate::ops;
use crate::sublayer::GradSink;
use candle_core::backprop::GradStore;
use candle_core::{DType, Device, Module, Result, Tensor, D};
use candle_nn::VarBuilder;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Self-attention with grouped-query heads and rotary positions.
#[derive(Clone, Debug)]
pub struct Attention {
    pub q_proj: Linear,
    pub k_proj: Linear,
    pub v_proj: Linear,
    pub o_proj: Linear,
    pub(crate) n_heads: usize,
    pub(crate) n_kv: usize,
    pub(crate) head_dim: usize,
}

impl Attention {
    pub fn load(vb: VarBuilder, cfg: &Config) -> Result<Self> {
        let (h, hd, nh, nkv) = (
            cfg.hidden_size,
            cfg.head_dim(),
            cfg.num_attention_heads,
            cfg.n_kv_heads(),
        );
        let b = cfg.qkv_bias();
        Ok(Self {
            q_proj: Linear::load(vb.pp("q_proj"), h, nh * hd, b)?,
            k_proj: Linear::load(vb.pp("k_proj"), h, nkv * hd, b)?,
            v_proj: Linear::load(vb.pp("v_proj"), h, nkv * hd, b)?,
            o_proj: Linear::load(vb.pp("o_proj"), nh * hd, h, cfg.o_bias())?,
            n_heads: nh,
            n_kv: nkv,
            head_dim: hd,
        })
    }

    /// `x`: `[b, t, hidden]`; `cos`/`sin`: `[b, t, hd/2]`.
    fn forward(
        &self,
        x: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
        mask: &AttentionMask,
        kv: Option<&mut LayerKv>,
        fused: bool,
    ) -> Result<Tensor> {
        let (b, t, _) = x.dims3()?;
        let (nh, nkv, hd) = (self.n_heads, self.n_kv, self.head_dim);
        let rep = nh / nkv;
        let (q, k) = (self.q_proj.forward(x)?, self.k_proj.forward(x)?);
        let v = self.v_proj.forward(x)?.reshape((b, t, nkv, hd))?.transpose(1, 2)?; // [b, nkv, t, hd]
        let (q, k, v) = if crate::fused::supported(&q) {
            // Rotated straight into [b, heads, t, hd]; v stays a view (attention reads strides).
            let q = crate::fused::rope_heads(&q, cos, sin, nh)?;
            (q, crate::fused::rope_heads(&k, cos, sin, nkv)?, v)
        } else {
            let q = q.reshape((b, t, nh, hd))?.transpose(1, 2)?; // [b, nh, t, hd]
            let k = k.reshape((b, t, nkv, hd))?.transpose(1, 2)?; // [b, nkv, t, hd]
            let q = ops::rope(&q, cos, sin, fused)?.contiguous()?;
            (q, ops::rope(&k, cos, sin, fused)?.contiguous()?, v.contiguous()?)
        };
        let (k, v) = match kv {
            Some(layer) => layer.append(&k, &v)?, // all keys/values so far, [b, nkv, T, hd]
            None => (k, v),
        };
        let tk = k.dim(2)?;
        let scale = 1.0 / (hd as f64).sqrt();
        if !matches!(mask, AttentionMask::Bias(_)) && [&q, &k, &v].iter().all(|x| crate::fused::supported(x)) {
            // Causal (or one new token seeing everything): blocked, with the masked half skipped.
            return self
                .o_proj
                .forward(&crate::attention::causal_attention(&q, &k, &v, scale)?);
        }
        // Group query heads by their KV head instead of repeating K and V: head i uses KV head
        // i / rep, so [b, nh, t, hd] viewed as [b, nkv, rep*t, hd] lines up with K [b, nkv, T, hd].
        let q = q.reshape((b, nkv, rep * t, hd))?;
        let att = ops::matmul(&q, &k.t()?)?.reshape((b, nh, t, tk))?; // [b, nkv, rep*t, T] as [b, nh, t, T]
        let att = match mask {
            AttentionMask::None => ops::softmax_last(&(att * scale)?, fused)?,
            AttentionMask::Causal => ops::causal_softmax(&att, tk - t, scale, fused)?,
            AttentionMask::Bias(bias) => ops::softmax_last(&(att * scale)?.broadcast_add(bias)?, fused)?,
        };
        let att = att.reshape((b, nkv, rep * t, tk))?;
        let y = ops::matmul(&att, &v)?; // [b, nkv, rep*t, hd]
        let y = y.reshape((b, nh, t, hd))?.transpose(1, 2)?.reshape((b, t, nh * hd))?;
        self.o_proj.forward(&y)
    }
}

/// SwiGLU feed-forward: `down(silu(gate(x)) * up(x))`.
#[derive(Clone, Debug)]
pub struct Mlp {
    pub gate_proj: Linear,
    pub up_proj: Linear,
    pub down_proj: Linear,
}

impl Mlp {
    pub fn load(vb: VarBuilder, cfg: &Config) -> Result<Self> {
        let (h, f) = (cfg.hidden_size, cfg.intermediate_size);
        Ok(Self {
            gate_proj: Linear::load(vb.pp("gate_proj"), h, f, false)?,
            up_proj: Linear::load(vb.pp("up_proj"), h, f, false)?,
            down_proj: Linear::load(vb.pp("down_proj"), f, h, false)?,
        })
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        if let (Some(wg), Some(wu)) = (self.gate_proj.bare_weight(x), self.up_proj.bare_weight(x)) {
            // Both projections and the gate in one op (crate::gate_up).
            return self.down_proj.forward(&crate::gate_up::gate_up_swiglu(x, wg, wu)?);
        }
        let g = ops::swiglu(&self.gate_proj.forward(x)?, &self.up_proj.forward(x)?)?;
        self.down_proj.forward(&g)
    }
}

/// One pre-norm transformer block.
#[derive(Clone, Debug)]
pub struct Block {
    pub input_layernorm: Tensor,
    pub self_attn: Attention,
    pub post_attention_layernorm: Tensor,
    pub mlp: Mlp,
}

impl Block {
    pub fn load(vb: VarBuilder, cfg: &Config) -> Result<Self> {
        Ok(Self {
            input_layernorm: vb.pp("input_layernorm").get(cfg.hidden_size, "weight")?,
            self_attn: Attention::load(vb.pp("self_attn"), cfg)?,
            post_attention_layernorm: vb.pp("post_attention_layernorm").get(cfg.hidden_size, "weight")?,
            mlp: Mlp::load(vb.pp("mlp"), cfg)?,
        })
    }
}

/// A causal language model: embeddings, blocks, final norm and output projection.
#[derive(Clone, Debug)]
pub struct Model {
    pub cfg: Config,
    pub embed_tokens: Tensor,
    pub layers: Vec<Block>,
    pub norm: Tensor,
    /// The output projection; with tied embeddings it holds the embedding matrix itself.
    pub lm_head: Linear,
    cos: Tensor,
    sin: Tensor,
    fused: bool,
    /// Seeds the LoRA dropout masks of the next forward pass (shared with every adapter).
    pub(crate) dropout_seed: Arc<AtomicU64>,
    /// Run each block as two sublayer ops for training ([`Model::set_sublayer_ops`]).
    sublayer_ops: bool,
    /// Parameter gradients the sublayer ops computed, until [`Model::backward`] merges them.
    grad_sink: Arc<GradSink>,
}

/// Which keys each new query may attend to.
enum AttentionMask {
    /// Every cached and new key (a single new token).
    None,
    /// Keys up to the query's own position (no padding anywhere).
    Causal,
    /// An additive `[b|1, 1, t, T]` bias of 0 and `-inf` (padded batches).
    Bias(Tensor),
}

/// Masks and rotary rows for one forward call.
struct Plan {
    cos: Tensor,
    sin: Tensor,
    mask: AttentionMask,
}

impl Model {
    /// Builds the model from tensors named as in a Hugging Face checkpoint (`model.layers.0...`).
    pub fn load(vb: VarBuilder, cfg: &Config) -> Result<Self> {
        cfg.validate().map_err(candle_core::Error::msg)?;
        let m = vb.pp("model");
        let embed_tokens = m.pp("embed_tokens").get((cfg.vocab_size, cfg.hidden_size), "weight")?;
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| Block::load(m.pp(format!("layers.{i}")), cfg))
            .collect::<Result<Vec<_>>>()?;
        let norm = m.pp("norm").get(cfg.hidden_size, "weight")?;
        let lm_head = if cfg.tie_word_embeddings {
            Linear::new(embed_tokens.clone(), None)
        } else {
            Linear::load(vb.pp("lm_head"), cfg.hidden_size, cfg.vocab_size, false)?
        };
        // Rotary tables cover the context window (capped: a 128k table would waste memory).
        let max_pos = cfg.max_position_embeddings.clamp(1, 32_768);
        let (cos, sin) = ops::rope_tables(cfg.head_dim(), cfg.rope_theta, max_pos, vb.device())?;
        Ok(Self {
            cfg: cfg.clone(),
            embed_tokens,
            layers,
            norm,
            lm_head,
            cos,
            sin,
            fused: false,
            dropout_seed: Arc::default(),
            sublayer_ops: false,
            grad_sink: Arc::default(),
        })
    }

    pub fn device(&self) -> &Device {
        self.embed_tokens.device()
    }
    pub fn max_positions(&self) -> usize {
        self.cos.dim(0).unwrap_or(0)
    }

    /// Use candle's fused rms-norm/rope/softmax kernels: faster, but they stop gradients.
    pub fn set_fused(&mut self, fused: bool) {
        self.fused = fused;
    }
    pub fn fused(&self) -> bool {
        self.fused
    }
    /// Seeds the LoRA dropout masks of the next forward passes: the same seed gives the same
    /// masks, so a trainer that sets it from its seed and step resumes exactly.
    pub fn set_dropout_seed(&self, seed: u64) {
        self.dropout_seed.store(seed, Ordering::Relaxed);
    }
    /// Training mode turns on LoRA dropout.
    /// Training on the CPU: run each block as two ops (attention and feed-forward sublayers,
    /// [`crate::sublayer`]) whose backward is written out, instead of a graph of small ops. The
    /// gradients then come from [`Model::backward`], not `Tensor::backward`. Calls with a KV
    /// cache or a padding mask, or on other devices and dtypes, keep the composed graph.
    pub fn set_sublayer_ops(&mut self, on: bool) {
        self.sublayer_ops = on;
    }

    /// `loss.backward()`, plus the gradients that sublayer ops computed outside candle's graph
    /// (see [`Model::set_sublayer_ops`]): use it for every loss computed by this model.
    pub fn backward(&self, loss: &Tensor) -> Result<GradStore> {
        self.grad_sink.take();
        let mut grads = loss.backward()?;
        for (p, g) in self.grad_sink.take() {
            let g = match grads.remove(&p) {
                Some(prev) => (prev + g)?,
                None => g,
            };
            grads.insert(&p, g);
        }
        Ok(grads)
    }

    pub fn set_train(&mut self, train: bool) {
        for (_, l) in self.linears_mut() {
            l.train = train;
        }
    }

    /// An empty cache sized for this model.
    pub fn new_cache(&self) -> KvCache {
        KvCache::new(self.layers.len())
    }

    /// Logits `[b, t, vocab]` for every position.
    ///
    /// `input_ids`: `[b, t]` u32. `cache`: keys/values of earlier tokens, extended in place.
    /// `mask`: `[b, t]` (any dtype, 1 = real token, 0 = padding) for the NEW tokens; pass it for
    /// left-padded batches. Padding never attends or is attended to, and positions count real
    /// tokens only, so a padded row gives the same logits as the row alone.
    pub fn forward(&self, input_ids: &Tensor, cache: Option<&mut KvCache>, mask: Option<&Tensor>) -> Result<Tensor> {
        let h = self.forward_hidden(input_ids, cache, mask)?;
        self.logits(&h)
    }

    /// The output projection applied to hidden states `[.., hidden]`.
    pub fn logits(&self, hidden: &Tensor) -> Result<Tensor> {
        self.lm_head.forward(hidden)
    }

    /// Hidden states after the final norm, `[b, t, hidden]` (what `forward` projects to logits).
    pub fn forward_hidden(
        &self,
        input_ids: &Tensor,
        mut cache: Option<&mut KvCache>,
        mask: Option<&Tensor>,
    ) -> Result<Tensor> {
        let (b, t) = input_ids.dims2()?;
        let plan = self.plan(b, t, cache.as_deref_mut(), mask)?;
        let ids = input_ids.flatten_all()?;
        let mut x = self
            .embed_tokens
            .index_select(&ids, 0)?
            .reshape((b, t, self.cfg.hidden_size))?;
        let sublayers = self.sublayer_ops
            && cache.is_none()
            && !self.fused
            && !matches!(plan.mask, AttentionMask::Bias(_))
            && crate::fused::supported(&x);
        for (i, blk) in self.layers.iter().enumerate() {
            if sublayers {
                let eps = self.cfg.rms_norm_eps;
                x = crate::sublayer::attention(&x, blk, &plan.cos, &plan.sin, eps, &self.grad_sink)?;
                x = crate::sublayer::mlp(&x, blk, eps, &self.grad_sink)?;
                continue;
            }
            let kv = cache.as_deref_mut().map(|c| &mut c.layers[i]);
            let hn = ops::rms_norm(&x, &blk.input_layernorm, self.cfg.rms_norm_eps, self.fused)?;
            let a = blk
                .self_attn
                .forward(&hn, &plan.cos, &plan.sin, &plan.mask, kv, self.fused)?;
            x = (x + a)?;
            let hn = ops::rms_norm(&x, &blk.post_attention_layernorm, self.cfg.rms_norm_eps, self.fused)?;
            x = (&x + blk.mlp.forward(&hn)?)?;
        }
        if let Some(c) = cache {
            c.len += t;
        }
        ops::rms_norm(&x, &self.norm, self.cfg.rms_norm_eps, self.fused)
    }

    /// Works out rotary rows and the attention bias for `t` new tokens, and updates the cache's
    /// padding and positions (its keys are appended by the layers).
    fn plan(&self, b: usize, t: usize, cache: Option<&mut KvCache>, mask: Option<&Tensor>) -> Result<Plan> {
        let dev = self.device();
        let past = cache.as_ref().map(|c| c.len).unwrap_or(0);
        if let Some(c) = cache.as_ref() {
            if c.batch() != 0 && c.batch() != b {
                candle_core::bail!("forward: batch {b} does not match the cache's {}", c.batch());
            }
        }
        let new_real: Option<Vec<Vec<bool>>> = match mask {
            Some(m) => {
                let m = m.to_dtype(DType::F32)?.to_vec2::<f32>()?;
                if m.len() != b || m.iter().any(|r| r.len() != t) {
                    candle_core::bail!("forward: mask must be [{b}, {t}]");
                }
                let m: Vec<Vec<bool>> = m.iter().map(|r| r.iter().map(|&v| v != 0.0).collect()).collect();
                if m.iter().all(|r| r.iter().all(|&v| v)) {
                    None
                } else {
                    Some(m)
                }
            }
            None => None,
        };
        let past_real = cache.as_ref().and_then(|c| c.real.clone());
        let start: Vec<u32> = match cache.as_ref() {
            Some(c) if c.batch() == b => c.next_pos.clone(),
            _ => vec![past as u32; b],
        };
        let total = past + t;
        let padded = new_real.is_some() || past_real.is_some();
        // Positions of the new tokens, per row: padding does not advance the position.
        let mut pos = Vec::with_capacity(b * t);
        let mut next = start.clone();
        for r in 0..b {
            for j in 0..t {
                let real = new_real.as_ref().map(|m| m[r][j]).unwrap_or(true);
                pos.push(next[r]);
                if real {
                    next[r] += 1;
                }
            }
        }
        if let Some(&mx) = pos.iter().max() {
            if mx as usize >= self.max_positions() {
                candle_core::bail!(
                    "forward: position {mx} exceeds the context window {}",
                    self.max_positions()
                );
            }
        }
        let pos_t = Tensor::from_vec(pos, b * t, dev)?;
        let cos = self.cos.index_select(&pos_t, 0)?.reshape((b, t, ()))?;
        let sin = self.sin.index_select(&pos_t, 0)?.reshape((b, t, ()))?;
        let mask = if padded {
            let mut real_all: Vec<Vec<bool>> = Vec::with_capacity(b);
            for r in 0..b {
                let mut row = match &past_real {
                    Some(p) => p[r].clone(),
                    None => vec![true; past],
                };
                match &new_real {
                    Some(m) => row.extend_from_slice(&m[r]),
                    None => row.extend(std::iter::repeat_n(true, t)),
                }
                real_all.push(row);
            }
            let mut bias = vec![0f32; b * t * total];
            for r in 0..b {
                for j in 0..t {
                    let q = past + j;
                    let base = (r * t + j) * total;
                    for k in 0..total {
                        // A padding query still sees itself, so its softmax row is never empty.
                        let ok = (k <= q && real_all[r][k]) || k == q;
                        if !ok {
                            bias[base + k] = f32::NEG_INFINITY;
                        }
                    }
                }
            }
            if let Some(c) = cache {
                c.real = Some(real_all);
                c.next_pos = next;
            }
            AttentionMask::Bias(Tensor::from_vec(bias, (b, 1, t, total), dev)?)
        } else {
            if let Some(c) = cache {
                c.next_pos = next;
            }
            if t > 1 {
                AttentionMask::Causal
            } else {
                AttentionMask::None
            }
        };
        Ok(Plan { cos, sin, mask })
    }

    /// Every `Linear` with its Hugging Face module path (`model.layers.0.self_attn.q_proj`),
    /// excluding a tied `lm_head`.
    pub fn linears_mut(&mut self) -> Vec<(String, &mut Linear)> {
        let mut out = Vec::new();
        for (i, blk) in self.layers.iter_mut().enumerate() {
            let p = format!("model.layers.{i}");
            let a = &mut blk.self_attn;
            out.push((format!("{p}.self_attn.q_proj"), &mut a.q_proj));
            out.push((format!("{p}.self_attn.k_proj"), &mut a.k_proj));
            out.push((format!("{p}.self_attn.v_proj"), &mut a.v_proj));
            out.push((format!("{p}.self_attn.o_proj"), &mut a.o_proj));
            let m = &mut blk.mlp;
            out.push((format!("{p}.mlp.gate_proj"), &mut m.gate_proj));
            out.push((format!("{p}.mlp.up_proj"), &mut m.up_proj));
            out.push((format!("{p}.mlp.down_proj"), &mut m.down_proj));
        }
        if !self.cfg.tie_word_embeddings {
            out.push(("lm_head".to_string(), &mut self.lm_head));
        }
        out
    }

    /// All weights under their Hugging Face names, with LoRA adapters merged in. This is what
    /// `save_hf` writes.
    pub fn named_weights(&self) -> Result<Vec<(String, Tensor)>> {
        let mut out = vec![("model.embed_tokens.weight".to_string(), self.embed_tokens.clone())];
        let lin = |out: &mut Vec<(String, Tensor)>, name: String, l: &Linear| -> Result<()> {
            out.push((format!("{name}.weight"), l.merged_weight()?));
            if let Some(b) = &l.bias {
                out.push((format!("{name}.bias"), b.clone()));
            }
            Ok(())
        };
        for (i, blk) in self.layers.iter().enumerate() {
            let p = format!("model.layers.{i}");
            out.push((format!("{p}.input_layernorm.weight"), blk.input_layernorm.clone()));
            out.push((
                format!("{p}.post_attention_layernorm.weight"),
                blk.post_attention_layernorm.clone(),
            ));
            let a = &blk.self_attn;
            lin(&mut out, format!("{p}.self_attn.q_proj"), &a.q_proj)?;
            lin(&mut out, format!("{p}.self_attn.k_proj"), &a.k_proj)?;
            lin(&mut out, format!("{p}.self_attn.v_proj"), &a.v_proj)?;
            lin(&mut out, format!("{p}.self_attn.o_proj"), &a.o_proj)?;
            let m = &blk.mlp;
            lin(&mut out, format!("{p}.mlp.gate_proj"), &m.gate_proj)?;
            lin(&mut out, format!("{p}.mlp.up_proj"), &m.up_proj)?;
            lin(&mut out, format!("{p}.mlp.down_proj"), &m.down_proj)?;
        }
        out.push(("model.norm.weight".to_string(), self.norm.clone()));
        if !self.cfg.tie_word_embeddings {
            lin(&mut out, "lm_head".to_string(), &self.lm_head)?;
        }
        Ok(out)
    }

    /// Parameter count (tied weights counted once, LoRA adapters excluded).
    pub fn num_params(&self) -> usize {
        self.named_weights()
            .map(|w| w.iter().map(|(_, t)| t.elem_count()).sum())
            .unwrap_or(0)
    }
}

/// Summed log-probabilities helper used by scoring and training: `logits` `[b, t, vocab]`,
/// `targets` `[b, t]` u32 → log p(target) `[b, t]`. Differentiable.
pub fn token_logprobs(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    let lp = ops::log_softmax_last(logits)?;
    let idx = targets.contiguous()?.unsqueeze(D::Minus1)?;
    lp.contiguous()?.gather(&idx, D::Minus1)?.squeeze(D::Minus1)
}

/// Scoring and training paths: no gradient graph for reference passes, and vocabulary
/// projections only where a log-prob is wanted.
impl Model {
    /// A copy whose weights are cut loose from any `Var` (they share storage, nothing is copied).
    /// Running it builds no gradient graph, so each intermediate is freed once used: the way to
    /// score with a model that is being trained (reference log-probs, evaluation).
    pub fn detached(&self) -> Model {
        let lin = |l: &Linear| Linear {
            weight: l.weight.detach(),
            bias: l.bias.as_ref().map(Tensor::detach),
            lora: l.lora.as_ref().map(|a| crate::linear::Lora {
                a: a.a.detach(),
                b: a.b.detach(),
                ..a.clone()
            }),
            train: false,
        };
        let layers = self
            .layers
            .iter()
            .map(|blk| Block {
                input_layernorm: blk.input_layernorm.detach(),
                post_attention_layernorm: blk.post_attention_layernorm.detach(),
                self_attn: Attention {
                    q_proj: lin(&blk.self_attn.q_proj),
                    k_proj: lin(&blk.self_attn.k_proj),
                    v_proj: lin(&blk.self_attn.v_proj),
                    o_proj: lin(&blk.self_attn.o_proj),
                    ..blk.self_attn.clone()
                },
                mlp: Mlp {
                    gate_proj: lin(&blk.mlp.gate_proj),
                    up_proj: lin(&blk.mlp.up_proj),
                    down_proj: lin(&blk.mlp.down_proj),
                },
            })
            .collect();
        Model {
            cfg: self.cfg.clone(),
            embed_tokens: self.embed_tokens.detach(),
            layers,
            norm: self.norm.detach(),
            lm_head: lin(&self.lm_head),
            cos: self.cos.clone(),
            sin: self.sin.clone(),
            fused: self.fused,
            dropout_seed: self.dropout_seed.clone(),
            sublayer_ops: false,
            grad_sink: self.grad_sink.clone(),
        }
    }

    /// Next-token log-probs `[b, t - 1]` of right-padded `input_ids` `[b, t]` (u32): entry `j` of
    /// row `r` is `log p(input_ids[r][j + 1] | input_ids[r][..=j])` where `mask[r][j]` is non-zero,
    /// and 0 elsewhere. Only the masked positions are projected to the vocabulary, so a prompt or
    /// shared prefix costs no `[t, vocab]` logits. Differentiable.
    pub fn next_token_logprobs(&self, input_ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, t) = input_ids.dims2()?;
        if t < 2 {
            candle_core::bail!("next_token_logprobs: need at least 2 tokens per row, got {t}");
        }
        let m = mask.to_dtype(DType::F32)?.to_vec2::<f32>()?;
        if m.len() != b || m.iter().any(|r| r.len() != t - 1) {
            candle_core::bail!("next_token_logprobs: mask must be [{b}, {}]", t - 1);
        }
        let ids = input_ids.to_vec2::<u32>()?;
        let (mut rows, mut targets, mut slots) = (Vec::new(), Vec::new(), Vec::new());
        for r in 0..b {
            for j in 0..t - 1 {
                if m[r][j] != 0.0 {
                    rows.push((r * t + j) as u32);
                    targets.push(ids[r][j + 1]);
                    slots.push((r * (t - 1) + j) as u32);
                }
            }
        }
        let dev = self.device();
        let dense = Tensor::zeros(b * (t - 1), DType::F32, dev)?;
        if rows.is_empty() {
            return dense.reshape((b, t - 1));
        }
        let n = rows.len();
        let hidden = self.forward_hidden(input_ids, None, None)?;
        let picked = hidden
            .reshape((b * t, self.cfg.hidden_size))?
            .index_select(&Tensor::from_vec(rows, n, dev)?, 0)?;
        let logits = self.logits(&picked)?.to_dtype(DType::F32)?; // [n, vocab]
        let targets = Tensor::from_vec(targets, n, dev)?;
        let lp = if crate::fused::supported(&logits) {
            crate::fused::target_logprob(&logits, &targets)?
        } else {
            token_logprobs(&logits.unsqueeze(0)?, &targets.unsqueeze(0)?)?.squeeze(0)?
        };
        dense
            .index_add(&Tensor::from_vec(slots, n, dev)?, &lp, 0)?
            .reshape((b, t - 1))
    }
}
