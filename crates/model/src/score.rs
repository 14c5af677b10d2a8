//! Scoring: log-probabilities of given continuations after given prefixes, batched. The policy
//! and reference terms of DPO are sums of these.

use crate::error::{Error, Result};
use crate::model::{token_logprobs, Model};
use candle_core::Tensor;

/// Log-probs of one continuation.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Scored {
    /// log p(token_i | prefix, tokens_<i) for each continuation token.
    pub token_logprobs: Vec<f32>,
    pub sum: f32,
}

/// Scores each `(prefix, continuation)` pair; pairs run `batch_size` at a time, right-padded
/// (padding after the real tokens cannot affect them under causal attention).
pub fn score(model: &Model, items: &[(Vec<u32>, Vec<u32>)], batch_size: usize) -> Result<Vec<Scored>> {
    let mut out = Vec::with_capacity(items.len());
    for chunk in items.chunks(batch_size.max(1)) {
        if chunk.iter().any(|(p, c)| p.is_empty() || c.is_empty()) {
            return Err(Error::Invalid(
                "score: prefix and continuation must be non-empty".into(),
            ));
        }
        let t = chunk.iter().map(|(p, c)| p.len() + c.len() - 1).max().unwrap();
        let b = chunk.len();
        let mut ids = vec![0u32; b * t];
        for (r, (p, c)) in chunk.iter().enumerate() {
            let seq: Vec<u32> = p.iter().chain(c.iter()).copied().take(p.len() + c.len() - 1).collect();
            ids[r * t..r * t + seq.len()].copy_from_slice(&seq);
        }
        let dev = model.device();
        let h = model.forward_hidden(&Tensor::from_vec(ids, (b, t), dev)?, None, None)?;
        for (r, (p, c)) in chunk.iter().enumerate() {
            // Position p-1+i predicts continuation token i.
            let hr = h.get(r)?.narrow(0, p.len() - 1, c.len())?;
            let logits = model.logits(&hr)?.unsqueeze(0)?;
            let tgt = Tensor::new(c.as_slice(), dev)?.unsqueeze(0)?;
            let lp = token_logprobs(&logits, &tgt)?.squeeze(0)?.to_vec1::<f32>()?;
            let sum = lp.iter().sum();
            out.push(Scored {
                token_logprobs: lp,
                sum,
            });
        }
    }
    Ok(out)
}
