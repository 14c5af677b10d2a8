//! Batched generation with a KV cache: left-padded prefill, then one token per row per step.
//! Finished rows leave the batch (their cache rows are dropped), so work follows the live rows.

use crate::cache::KvCache;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::rng::Rng;
use crate::sample::{sample, SampleParams};
use crate::tokenizer::Tokenizer;
use candle_core::{DType, Tensor, D};

/// Generation settings.
#[derive(Clone, Debug)]
pub struct GenParams {
    pub max_new_tokens: usize,
    pub sampling: SampleParams,
    /// Row `i` samples from stream `i` of this seed: the same seed gives the same output.
    pub seed: u64,
    /// Generation of a row stops when its text contains one of these; the text is cut before it.
    pub stop: Vec<String>,
    /// Stop at the tokenizer's end-of-sequence ids.
    pub stop_at_eos: bool,
}

impl GenParams {
    /// Greedy decoding of exactly `max_new_tokens` tokens (no eos or stop sequences): what
    /// benchmarks and parity checks run.
    pub fn greedy(max_new_tokens: usize) -> Self {
        Self {
            max_new_tokens,
            sampling: SampleParams {
                temperature: 0.0,
                top_p: 1.0,
            },
            stop_at_eos: false,
            ..Self::default()
        }
    }
}

impl Default for GenParams {
    fn default() -> Self {
        Self {
            max_new_tokens: 256,
            sampling: SampleParams::default(),
            seed: 0,
            stop: Vec::new(),
            stop_at_eos: true,
        }
    }
}

/// Why a row stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Finish {
    Eos,
    Stop,
    Length,
}

/// One generated continuation.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Generation {
    /// Generated ids, including a final eos id if one was produced.
    pub tokens: Vec<u32>,
    /// Decoded text without special tokens, cut before a stop sequence.
    pub text: String,
    /// Log-probability of each generated token under the model (temperature 1, no top-p).
    pub logprobs: Vec<f32>,
    pub finish: Finish,
}

/// A row being decoded.
pub(crate) struct Row {
    pub rng: Rng,
    pub tokens: Vec<u32>,
    pub logprobs: Vec<f32>,
    pub text: String,
    pub emitted: usize,
    pub finish: Option<Finish>,
}

impl Row {
    pub fn new(rng: Rng) -> Self {
        Self {
            rng,
            tokens: Vec::new(),
            logprobs: Vec::new(),
            text: String::new(),
            emitted: 0,
            finish: None,
        }
    }
    pub fn into_generation(self) -> Generation {
        Generation {
            tokens: self.tokens,
            text: self.text,
            logprobs: self.logprobs,
            finish: self.finish.unwrap_or(Finish::Length),
        }
    }
}

/// Counters from a decode loop.
#[derive(Clone, Copy, Debug, Default)]
pub struct DecodeStats {
    /// Token positions run through the model (prefill and decode steps).
    pub tokens_computed: usize,
    pub steps: usize,
}

/// Decodes `rows` (one per cache row) starting from `first_logits` `[n, vocab]` (the logits that
/// predict each row's first new token). `on_text(row, piece)` receives streamed text.
pub(crate) fn decode_loop(
    model: &Model,
    tok: &Tokenizer,
    mut cache: KvCache,
    first_logits: Tensor,
    rows: &mut [Row],
    p: &GenParams,
    on_text: &mut dyn FnMut(usize, &str),
) -> Result<DecodeStats> {
    let mut stats = DecodeStats::default();
    let mut active: Vec<usize> = (0..rows.len()).collect();
    let mut logits = first_logits;
    let max_stop = p.stop.iter().map(|s| s.len()).max().unwrap_or(0);
    if p.max_new_tokens == 0 {
        for r in rows.iter_mut() {
            r.finish = Some(Finish::Length);
        }
        return Ok(stats);
    }
    loop {
        let l = logits.to_dtype(DType::F32)?.to_vec2::<f32>()?;
        let mut next = Vec::with_capacity(active.len());
        let mut keep = Vec::with_capacity(active.len());
        for (slot, &ri) in active.iter().enumerate() {
            let row = &mut rows[ri];
            let (id, lp) = sample(&l[slot], &p.sampling, &mut row.rng);
            row.tokens.push(id);
            row.logprobs.push(lp);
            if p.stop_at_eos && tok.eos_ids.contains(&id) {
                row.finish = Some(Finish::Eos);
            } else {
                row.text = tok.decode(&row.tokens, true)?;
                if let Some(cut) = p
                    .stop
                    .iter()
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| row.text.find(s.as_str()))
                    .min()
                {
                    row.text.truncate(cut);
                    row.finish = Some(Finish::Stop);
                } else if row.tokens.len() >= p.max_new_tokens {
                    row.finish = Some(Finish::Length);
                }
            }
            // Stream what can no longer change: hold back a possible partial stop sequence
            // and an incomplete UTF-8 character (decoded as U+FFFD).
            let mut end = if row.finish.is_some() {
                row.text.len()
            } else {
                row.text.len().saturating_sub(max_stop.saturating_sub(1))
            };
            if row.finish.is_none() && row.text.ends_with('\u{FFFD}') {
                end = end.min(row.text.len() - '\u{FFFD}'.len_utf8());
            }
            while end > row.emitted && !row.text.is_char_boundary(end) {
                end -= 1;
            }
            if end > row.emitted {
                on_text(ri, &row.text[row.emitted..end]);
                row.emitted = end;
            }
            if row.finish.is_none() {
                next.push(id);
                keep.push(slot);
            }
        }
        if keep.is_empty() {
            break;
        }
        if keep.len() != active.len() {
            cache = cache.select_rows(&keep)?;
            active = keep.iter().map(|&s| active[s]).collect();
        }
        let n = next.len();
        let input = Tensor::from_vec(next, (n, 1), model.device())?;
        let h = model.forward_hidden(&input, Some(&mut cache), None)?;
        logits = model.logits(&h.squeeze(1)?)?;
        stats.tokens_computed += n;
        stats.steps += 1;
    }
    Ok(stats)
}

/// Left-pads `prompts` into one batch, runs them through the model once, and returns the
/// cache (with room for `extra` more positions) and the logits `[n, vocab]` at each prompt's
/// last token.
pub fn prefill(model: &Model, prompts: &[Vec<u32>], extra: usize) -> Result<(KvCache, Tensor)> {
    if prompts.is_empty() || prompts.iter().any(|p| p.is_empty()) {
        return Err(Error::Invalid("prefill: every prompt needs at least one token".into()));
    }
    let b = prompts.len();
    let t = prompts.iter().map(|p| p.len()).max().unwrap_or(0);
    let mut ids = Vec::with_capacity(b * t);
    let mut mask = Vec::with_capacity(b * t);
    for p in prompts {
        let pad = t - p.len();
        ids.extend(std::iter::repeat_n(0u32, pad));
        ids.extend_from_slice(p);
        mask.extend(std::iter::repeat_n(0u8, pad));
        mask.extend(std::iter::repeat_n(1u8, p.len()));
    }
    let dev = model.device();
    let ids = Tensor::from_vec(ids, (b, t), dev)?;
    let padded = prompts.iter().any(|p| p.len() != t);
    let mask = if padded {
        Some(Tensor::from_vec(mask, (b, t), dev)?)
    } else {
        None
    };
    let mut cache = KvCache::with_capacity(model.layers.len(), t + extra);
    let h = model.forward_hidden(&ids, Some(&mut cache), mask.as_ref())?;
    let last = h.narrow(1, t - 1, 1)?.squeeze(1)?;
    let logits = model.logits(&last)?;
    Ok((cache, logits))
}

/// Generates a continuation of each prompt (already templated text), all in one batch.
/// `on_text(i, piece)` streams the text of prompt `i` as it is produced.
pub fn generate(
    model: &Model,
    tok: &Tokenizer,
    prompts: &[String],
    p: &GenParams,
    mut on_text: impl FnMut(usize, &str),
) -> Result<Vec<Generation>> {
    let ids = prompts.iter().map(|s| tok.encode(s)).collect::<Result<Vec<_>>>()?;
    let (out, _) = generate_ids(model, tok, &ids, p, &mut on_text)?;
    Ok(out)
}

/// `generate` on token ids; also returns the decode counters.
pub fn generate_ids(
    model: &Model,
    tok: &Tokenizer,
    prompts: &[Vec<u32>],
    p: &GenParams,
    on_text: &mut dyn FnMut(usize, &str),
) -> Result<(Vec<Generation>, DecodeStats)> {
    let too_long = prompts.iter().map(|x| x.len() + p.max_new_tokens).max().unwrap_or(0);
    if too_long > model.max_positions() {
        return Err(Error::Invalid(format!(
            "prompt plus {} new tokens ({too_long}) exceeds the context window {}",
            p.max_new_tokens,
            model.max_positions()
        )));
    }
    let (cache, logits) = prefill(model, prompts, p.max_new_tokens)?;
    let mut rows: Vec<Row> = (0..prompts.len())
        .map(|i| Row::new(Rng::stream(p.seed, i as u64)))
        .collect();
    let mut stats = decode_loop(model, tok, cache, logits, &mut rows, p, on_text)?;
    stats.tokens_computed += prompts.len() * prompts.iter().map(|x| x.len()).max().unwrap_or(0);
    Ok((rows.into_iter().map(Row::into_generation).collect(), stats))
}

/// Index of the largest value in each row of `[n, vocab]` logits (greedy ids), for tests and
/// parity checks.
pub fn argmax_rows(logits: &Tensor) -> Result<Vec<u32>> {
    Ok(logits.argmax(D::Minus1)?.to_vec1::<u32>()?)
}
