//! The training loop, independent of the model behind it: anything that maps `[b, t]` token ids
//! to `[b, t, vocab]` logits with differentiable ops can be trained with SFT, DPO or SafeCoder.
//!
//! One optimizer step: take `grad_accum` micro-batches from the seeded epoch order, forward,
//! loss (scaled by the micro-batch's share of the step), backward, accumulate the trainable
//! variables' gradients; clip; AdamW at the scheduled learning rate; log; maybe checkpoint.

use crate::checkpoint::{self, TrainState};
use crate::data::{self, DpoExample, SafeCoderExample, SftExample, TokenBatch};
use crate::grad::{clip_scale, GradAccumulator};
use crate::loss::{self, DpoInputs, DpoStats};
use crate::optim::{AdamW, AdamWConfig};
use crate::rng::Rng;
use crate::schedule;
use crate::{Error, Result};
use candle_core::backprop::GradStore;
use candle_core::{Device, Tensor, Var};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A causal language model the trainer can drive.
pub trait LanguageModel {
    /// Logits `[b, t, vocab]` for every position of `input_ids [b, t]` (u32), built from
    /// differentiable ops so gradients reach every trainable variable.
    fn all_logits(&self, input_ids: &Tensor) -> candle_core::Result<Tensor>;

    /// Next-token log-probs `[b, t - 1]` of `input_ids` where `mask` `[b, t - 1]` is set (other
    /// entries may hold anything; every loss multiplies by the mask). Models override this to
    /// skip the vocabulary projection at positions that do not count.
    fn next_token_logprobs(&self, input_ids: &Tensor, _mask: &Tensor) -> Result<Tensor> {
        loss::next_token_logprobs(&self.all_logits(input_ids)?, input_ids)
    }

    /// [`Self::next_token_logprobs`] without a gradient graph, for reference and evaluation
    /// passes: models override this so intermediates are freed as the pass goes.
    fn next_token_logprobs_no_grad(&self, input_ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        Ok(self.next_token_logprobs(input_ids, mask)?.detach())
    }

    /// Seeds the random parts (dropout) of the next training forward passes. The trainer sets it
    /// from its seed, the step and the micro-batch, so a resumed run draws what an uninterrupted
    /// one would.
    fn set_dropout_seed(&self, _seed: u64) {}

    /// The gradients of `loss`. Models whose ops compute some gradients outside candle's graph
    /// (tsp-model's sublayer ops) override this to merge them in.
    fn backward(&self, loss: &Tensor) -> Result<GradStore> {
        Ok(loss.backward()?)
    }
}

/// Which loss to train with.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    Sft,
    Dpo,
    SafeCoder,
}

/// Every knob of a run, with documented defaults; saved as `config.json` beside the checkpoint.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TrainConfig {
    pub objective: Objective,
    /// Peak learning rate (the paper: 2e-5 for full fine-tuning of a 7B model).
    pub lr: f64,
    /// Floor of the cosine decay.
    pub min_lr: f64,
    /// Share of all steps spent warming up (the paper: 0.1).
    pub warmup_ratio: f64,
    pub epochs: usize,
    /// Examples (SFT) or pairs (DPO, SafeCoder) per micro-batch.
    pub batch_size: usize,
    /// Micro-batches per optimizer step.
    pub grad_accum: usize,
    /// Global gradient-norm limit; 0 disables clipping.
    pub max_grad_norm: f64,
    /// DPO temperature β.
    pub beta: f64,
    /// Weight of an SFT (NLL) term on the chosen side of DPO pairs; 0 disables it.
    pub sft_weight: f64,
    pub seed: u64,
    pub adamw: AdamWConfig,
    /// Save a checkpoint every this many steps (0: only at the end).
    pub save_every: usize,
    /// Stop after this many steps even if epochs remain (the schedule still spans all epochs).
    pub max_steps: Option<usize>,
    pub tokenize: data::TokenizeOptions,
    /// Token used to pad batches (never a target).
    pub pad_id: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            objective: Objective::Sft,
            lr: 2e-5,
            min_lr: 0.0,
            warmup_ratio: 0.1,
            epochs: 1,
            batch_size: 4,
            grad_accum: 1,
            max_grad_norm: 1.0,
            beta: 0.1,
            sft_weight: 0.0,
            seed: 0,
            adamw: AdamWConfig::default(),
            save_every: 0,
            max_steps: None,
            tokenize: data::TokenizeOptions {
                bos: None,
                eos: None,
                max_len: 1024,
            },
            pad_id: 0,
        }
    }
}

impl TrainConfig {
    /// Fields that must not change across a resume (everything but when to stop and save).
    fn resume_key(&self) -> serde_json::Value {
        let mut c = self.clone();
        c.max_steps = None;
        c.save_every = 0;
        serde_json::to_value(c).expect("config serializes")
    }
}

/// Tokenized training data.
pub enum Dataset {
    Sft(Vec<SftExample>),
    Dpo(Vec<DpoExample>),
    SafeCoder(Vec<SafeCoderExample>),
}

impl Dataset {
    pub fn len(&self) -> usize {
        match self {
            Dataset::Sft(x) => x.len(),
            Dataset::Dpo(x) => x.len(),
            Dataset::SafeCoder(x) => x.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn objective(&self) -> Objective {
        match self {
            Dataset::Sft(_) => Objective::Sft,
            Dataset::Dpo(_) => Objective::Dpo,
            Dataset::SafeCoder(_) => Objective::SafeCoder,
        }
    }
}

/// One line of `log.jsonl`.
#[derive(Clone, Debug, Serialize)]
pub struct StepLog {
    pub step: usize,
    pub total_steps: usize,
    pub epoch: usize,
    pub loss: f64,
    pub lr: f64,
    pub grad_norm: f64,
    /// Real tokens in this step.
    pub tokens: usize,
    pub tokens_per_s: f64,
    pub step_s: f64,
    pub elapsed_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpo: Option<DpoStats>,
}

/// What a step callback wants next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Continue,
    /// Save a checkpoint and stop (used to simulate a killed run in tests, and for budgets).
    Stop,
}

/// A training run over one model's trainable variables.
pub struct Trainer<'m, M: LanguageModel> {
    model: &'m M,
    cfg: TrainConfig,
    opt: AdamW,
    params: Vec<(String, Var)>,
    data: Dataset,
    state: TrainState,
    total_steps: usize,
    device: Device,
    out: Option<PathBuf>,
}

impl<'m, M: LanguageModel> Trainer<'m, M> {
    /// A fresh run. `params` are the trainable variables, by name. DPO pairs without reference
    /// log-probs get them here, from `model` before any update (it is the round's reference).
    pub fn new(
        model: &'m M,
        params: Vec<(String, Var)>,
        mut data: Dataset,
        cfg: TrainConfig,
        device: Device,
    ) -> Result<Self> {
        if data.is_empty() {
            return Err(Error::invalid("no training examples"));
        }
        if data.objective() != cfg.objective {
            return Err(Error::invalid(format!(
                "config objective {:?} but {:?} data",
                cfg.objective,
                data.objective()
            )));
        }
        if cfg.batch_size == 0 || cfg.grad_accum == 0 || cfg.epochs == 0 {
            return Err(Error::invalid("batch_size, grad_accum and epochs must be at least 1"));
        }
        if let Dataset::Dpo(pairs) = &mut data {
            fill_reference_logps(model, pairs, cfg.batch_size, cfg.pad_id, &device)?;
        }
        let per_step = cfg.batch_size * cfg.grad_accum;
        let total_steps = cfg.epochs * data.len().div_ceil(per_step);
        let mut rng = Rng::new(cfg.seed);
        let mut order: Vec<usize> = (0..data.len()).collect();
        rng.shuffle(&mut order);
        let state = TrainState {
            step: 0,
            epoch: 0,
            cursor: 0,
            order,
            rng: rng.state,
            tokens_seen: 0,
        };
        let opt = AdamW::new(params.clone(), cfg.adamw.clone())?;
        Ok(Trainer {
            model,
            cfg,
            opt,
            params,
            data,
            state,
            total_steps,
            device,
            out: None,
        })
    }

    /// Write checkpoints (and `config.json`, `log.jsonl`) under `out`.
    pub fn with_output(mut self, out: &Path) -> Result<Self> {
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        crate::atomic::write_json(&out.join("config.json"), &self.cfg)?;
        self.out = Some(out.to_path_buf());
        Ok(self)
    }

    /// Continues from `out`'s checkpoint if there is one; returns whether it did. The weights,
    /// optimizer, data order and RNG come from the checkpoint; the config must match.
    pub fn resume_if_present(&mut self) -> Result<bool> {
        let Some(out) = &self.out else { return Ok(false) };
        let Some(dir) = checkpoint::find(out) else {
            return Ok(false);
        };
        let ck = checkpoint::load(&dir)?;
        let saved: TrainConfig = serde_json::from_value(ck.config.clone())
            .map_err(|e| Error::invalid(format!("{}: config: {e}", dir.display())))?;
        if saved.resume_key() != self.cfg.resume_key() {
            return Err(Error::invalid(format!(
                "{}: the checkpoint was made with a different config; use a new output directory",
                dir.display()
            )));
        }
        if ck.state.order.len() != self.data.len() {
            return Err(Error::invalid(format!(
                "{}: checkpoint has {} examples, data has {}",
                dir.display(),
                ck.state.order.len(),
                self.data.len()
            )));
        }
        checkpoint::restore_vars(&ck.trainable, &self.params)?;
        self.opt.load_state_tensors(&ck.optimizer)?;
        self.state = ck.state;
        Ok(true)
    }

    pub fn state(&self) -> &TrainState {
        &self.state
    }

    pub fn total_steps(&self) -> usize {
        self.total_steps
    }

    /// The step at which this run stops (`max_steps` or the end of the last epoch).
    pub fn last_step(&self) -> usize {
        self.cfg.max_steps.map_or(self.total_steps, |m| m.min(self.total_steps))
    }

    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// Runs steps until the end, or until `on_step` says stop; checkpoints on the way as
    /// configured and at the end. Returns the logs of the steps run.
    pub fn run(&mut self, mut on_step: impl FnMut(&StepLog) -> Control) -> Result<Vec<StepLog>> {
        let start = Instant::now();
        let mut logs = Vec::new();
        let last = self.last_step();
        while self.state.step < last {
            let log = self.step(start)?;
            if let Some(out) = &self.out {
                append_log(&out.join("log.jsonl"), &log)?;
            }
            let control = on_step(&log);
            logs.push(log);
            let periodic = self.cfg.save_every > 0 && self.state.step % self.cfg.save_every == 0;
            if periodic || control == Control::Stop || self.state.step == last {
                self.save_checkpoint()?;
            }
            if control == Control::Stop {
                break;
            }
        }
        Ok(logs)
    }

    pub fn save_checkpoint(&self) -> Result<()> {
        match &self.out {
            Some(out) => checkpoint::save(
                out,
                &self.state,
                &serde_json::to_value(&self.cfg).expect("config serializes"),
                &self.opt,
            ),
            None => Ok(()),
        }
    }

    /// The micro-batches (example indices) of the next step; moves the cursor, reshuffling at
    /// epoch ends. The last step of an epoch may be short.
    fn plan_step(&mut self) -> Vec<Vec<usize>> {
        let mut mbs = Vec::new();
        for _ in 0..self.cfg.grad_accum {
            if self.state.cursor >= self.state.order.len() {
                break;
            }
            let end = (self.state.cursor + self.cfg.batch_size).min(self.state.order.len());
            mbs.push(self.state.order[self.state.cursor..end].to_vec());
            self.state.cursor = end;
        }
        if self.state.cursor >= self.state.order.len() {
            self.state.epoch += 1;
            self.state.cursor = 0;
            let mut rng = Rng { state: self.state.rng };
            let mut order: Vec<usize> = (0..self.data.len()).collect();
            rng.shuffle(&mut order);
            self.state.order = order;
            self.state.rng = rng.state;
        }
        mbs
    }

    fn step(&mut self, start: Instant) -> Result<StepLog> {
        let t0 = Instant::now();
        let epoch = self.state.epoch;
        let mbs = self.plan_step();
        let n_examples: usize = mbs.iter().map(|m| m.len()).sum();
        let warmup = schedule::warmup_steps(self.total_steps, self.cfg.warmup_ratio);
        let lr = schedule::learning_rate(self.state.step, self.total_steps, warmup, self.cfg.lr, self.cfg.min_lr);
        let vars: Vec<Var> = self.params.iter().map(|(_, v)| v.clone()).collect();
        let mut acc = GradAccumulator::new(vars.clone());
        let (mut loss_sum, mut tokens) = (0.0f64, 0usize);
        let mut dpo_stats: Vec<(usize, DpoStats)> = Vec::new();
        for (i, mb) in mbs.iter().enumerate() {
            let stream = (self.state.step * self.cfg.grad_accum + i) as u64;
            self.model
                .set_dropout_seed(tsp_model::rng::Rng::stream(self.cfg.seed, stream).next_u64());
            let weight = mb.len() as f64 / n_examples as f64;
            let (loss, n_tok, stats) = self.micro_batch_loss(mb)?;
            loss_sum += weight * loss.to_dtype(candle_core::DType::F64)?.to_scalar::<f64>()?;
            tokens += n_tok;
            if let Some(s) = stats {
                dpo_stats.push((mb.len(), s));
            }
            acc.add(self.model.backward(&(loss * weight)?)?)?;
        }
        let grads = acc.take();
        let grad_norm = crate::grad::grad_norm(&grads, &vars)?;
        let scale = if self.cfg.max_grad_norm > 0.0 {
            clip_scale(grad_norm, self.cfg.max_grad_norm)
        } else {
            1.0
        };
        // Clipping rides on the optimizer's read of each gradient: no scaled copies.
        self.opt.step_scaled(&grads, lr, scale)?;
        self.state.step += 1;
        self.state.tokens_seen += tokens as u64;
        let step_s = t0.elapsed().as_secs_f64();
        Ok(StepLog {
            step: self.state.step,
            total_steps: self.last_step(),
            epoch,
            loss: loss_sum,
            lr,
            grad_norm,
            tokens,
            tokens_per_s: tokens as f64 / step_s.max(1e-9),
            step_s,
            elapsed_s: start.elapsed().as_secs_f64(),
            dpo: merge_stats(&dpo_stats),
        })
    }

    /// Loss of one micro-batch, its real token count, and DPO statistics.
    fn micro_batch_loss(&self, idx: &[usize]) -> Result<(Tensor, usize, Option<DpoStats>)> {
        let (pad, dev) = (self.cfg.pad_id, &self.device);
        match &self.data {
            Dataset::Sft(ex) => {
                let picked: Vec<&SftExample> = idx.iter().map(|&i| &ex[i]).collect();
                let batch = data::make_batch(&data::sft_rows(&picked), pad, dev)?;
                let logp = self.forward_logprobs(&batch)?;
                Ok((loss::sft_loss(&logp, &batch.loss_mask)?, batch.n_tokens, None))
            }
            Dataset::Dpo(ex) => {
                let picked: Vec<&DpoExample> = idx.iter().map(|&i| &ex[i]).collect();
                let batch = data::make_batch(&data::dpo_rows(&picked), pad, dev)?;
                let logp = self.forward_logprobs(&batch)?;
                let n = picked.len();
                let seq = loss::sequence_logps(&logp, &batch.loss_mask)?;
                let (pc, pr) = (seq.narrow(0, 0, n)?, seq.narrow(0, n, n)?);
                let rc: Vec<f32> = picked.iter().map(|e| e.ref_chosen.expect("filled in new()")).collect();
                let rr: Vec<f32> = picked
                    .iter()
                    .map(|e| e.ref_rejected.expect("filled in new()"))
                    .collect();
                let rc = Tensor::new(rc, dev)?.to_dtype(pc.dtype())?;
                let rr = Tensor::new(rr, dev)?.to_dtype(pc.dtype())?;
                let (mut l, stats) = loss::dpo_loss(&DpoInputs {
                    policy_chosen: &pc,
                    policy_rejected: &pr,
                    ref_chosen: &rc,
                    ref_rejected: &rr,
                    beta: self.cfg.beta,
                })?;
                if self.cfg.sft_weight > 0.0 {
                    let chosen_logp = logp.narrow(0, 0, n)?;
                    let chosen_mask = batch.loss_mask.narrow(0, 0, n)?;
                    l = (l + (loss::sft_loss(&chosen_logp, &chosen_mask)? * self.cfg.sft_weight)?)?;
                }
                Ok((l, batch.n_tokens, Some(stats)))
            }
            Dataset::SafeCoder(ex) => {
                let picked: Vec<&SafeCoderExample> = idx.iter().map(|&i| &ex[i]).collect();
                let batch = data::make_batch(&data::safecoder_rows(&picked), pad, dev)?;
                let logp = self.forward_logprobs(&batch)?;
                let n = picked.len();
                let l = loss::safecoder_loss(
                    &logp.narrow(0, 0, n)?,
                    &batch.loss_mask.narrow(0, 0, n)?,
                    &logp.narrow(0, n, n)?,
                    &batch.loss_mask.narrow(0, n, n)?,
                )?;
                Ok((l, batch.n_tokens, None))
            }
        }
    }

    fn forward_logprobs(&self, batch: &TokenBatch) -> Result<Tensor> {
        self.model.next_token_logprobs(&batch.input_ids, &batch.loss_mask)
    }
}

/// Example-weighted mean of per-micro-batch DPO statistics.
fn merge_stats(parts: &[(usize, DpoStats)]) -> Option<DpoStats> {
    let n: usize = parts.iter().map(|p| p.0).sum();
    if n == 0 {
        return None;
    }
    let w = |f: fn(&DpoStats) -> f64| parts.iter().map(|(k, s)| *k as f64 * f(s)).sum::<f64>() / n as f64;
    Some(DpoStats {
        reward_chosen: w(|s| s.reward_chosen),
        reward_rejected: w(|s| s.reward_rejected),
        reward_accuracy: w(|s| s.reward_accuracy),
        margin: w(|s| s.margin),
    })
}

fn append_log(path: &Path, log: &StepLog) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let line = serde_json::to_string(log).expect("log serializes");
    writeln!(f, "{line}").map_err(|e| Error::io(path, e))
}

/// Summed log-probs of the chosen and rejected completions of `pairs` under `model`, without
/// building a gradient graph.
pub fn pair_logps<M: LanguageModel>(
    model: &M,
    pairs: &[&DpoExample],
    batch_size: usize,
    pad_id: u32,
    device: &Device,
) -> Result<Vec<(f32, f32)>> {
    pair_logps_with_progress(model, pairs, batch_size, pad_id, device, &mut |_, _| {})
}

/// [`pair_logps`], calling `on_progress(pairs done, pairs in all)` after each batch.
pub fn pair_logps_with_progress<M: LanguageModel>(
    model: &M,
    pairs: &[&DpoExample],
    batch_size: usize,
    pad_id: u32,
    device: &Device,
    on_progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<(f32, f32)>> {
    let mut out = Vec::with_capacity(pairs.len());
    for chunk in pairs.chunks(batch_size.max(1)) {
        let batch = data::make_batch(&data::dpo_rows(chunk), pad_id, device)?;
        let logp = model.next_token_logprobs_no_grad(&batch.input_ids, &batch.loss_mask)?;
        let seq: Vec<f32> = loss::sequence_logps(&logp, &batch.loss_mask)?
            .to_dtype(candle_core::DType::F32)?
            .to_vec1()?;
        let n = chunk.len();
        out.extend((0..n).map(|i| (seq[i], seq[n + i])));
        on_progress(out.len(), pairs.len());
    }
    Ok(out)
}

/// Computes the reference log-probs of the pairs that lack them, with `model` as the reference.
pub fn fill_reference_logps<M: LanguageModel>(
    model: &M,
    pairs: &mut [DpoExample],
    batch_size: usize,
    pad_id: u32,
    device: &Device,
) -> Result<usize> {
    fill_reference_logps_with_progress(model, pairs, batch_size, pad_id, device, &mut |_, _| {})
}

/// [`fill_reference_logps`], calling `on_progress(pairs done, pairs missing)` after each batch.
pub fn fill_reference_logps_with_progress<M: LanguageModel>(
    model: &M,
    pairs: &mut [DpoExample],
    batch_size: usize,
    pad_id: u32,
    device: &Device,
    on_progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let missing: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].ref_chosen.is_none()).collect();
    if missing.is_empty() {
        return Ok(0);
    }
    let refs: Vec<&DpoExample> = missing.iter().map(|&i| &pairs[i]).collect();
    let lps = pair_logps_with_progress(model, &refs, batch_size, pad_id, device, on_progress)?;
    for (&i, (c, r)) in missing.iter().zip(lps) {
        pairs[i].ref_chosen = Some(c);
        pairs[i].ref_rejected = Some(r);
    }
    Ok(missing.len())
}

/// How a model ranks a set of pairs.
#[derive(Clone, Debug, Serialize)]
pub struct PairEval {
    pub pairs: usize,
    /// Share of pairs with `log p(chosen) > log p(rejected)` (summed over the suffix).
    pub prefers_chosen: f64,
    /// Share with a positive DPO implicit-reward margin (needs reference log-probs).
    pub reward_accuracy: Option<f64>,
    /// Mean `log p(chosen) - log p(rejected)`.
    pub mean_logp_margin: f64,
}

pub fn evaluate_pairs<M: LanguageModel>(
    model: &M,
    pairs: &[DpoExample],
    batch_size: usize,
    pad_id: u32,
    device: &Device,
) -> Result<PairEval> {
    let refs: Vec<&DpoExample> = pairs.iter().collect();
    let lps = pair_logps(model, &refs, batch_size, pad_id, device)?;
    let n = pairs.len().max(1) as f64;
    let prefers = lps.iter().filter(|(c, r)| c > r).count() as f64 / n;
    let margin = lps.iter().map(|(c, r)| (c - r) as f64).sum::<f64>() / n;
    let reward_accuracy = pairs.iter().all(|p| p.ref_chosen.is_some()).then(|| {
        pairs
            .iter()
            .zip(&lps)
            .filter(|(p, (c, r))| (c - p.ref_chosen.unwrap()) > (r - p.ref_rejected.unwrap()))
            .count() as f64
            / n
    });
    Ok(PairEval {
        pairs: pairs.len(),
        prefers_chosen: prefers,
        reward_accuracy,
        mean_logp_margin: margin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::TokenizeOptions;

    /// A bigram language model: logits of the next token are a row of a trainable table.
    struct Bigram {
        table: Var,
    }

    impl LanguageModel for Bigram {
        fn all_logits(&self, ids: &Tensor) -> candle_core::Result<Tensor> {
            let (b, t) = ids.dims2()?;
            let v = self.table.dim(1)?;
            self.table
                .as_tensor()
                .embedding(&ids.flatten_all()?)?
                .reshape((b, t, v))
        }
    }

    fn bigram(seed: u64) -> Result<Bigram> {
        let mut rng = Rng::new(seed);
        let vals: Vec<f32> = (0..16 * 16)
            .map(|_| (rng.below(1000) as f32 / 1000.0 - 0.5) * 0.2)
            .collect();
        Ok(Bigram {
            table: Var::from_vec(vals, (16, 16), &Device::Cpu)?,
        })
    }

    fn sft_data() -> Dataset {
        // Prompt "1 2", completion "3 4 5" and variations; ids < 16.
        let ex = (0..7u32)
            .map(|i| SftExample {
                ids: vec![1, 2 + (i % 3), 3 + i % 5, 4, 5 + (i % 2)],
                prompt_len: 2,
                line: i as usize + 1,
            })
            .collect();
        Dataset::Sft(ex)
    }

    fn dpo_data() -> Dataset {
        let ex = (0..6u32)
            .map(|i| DpoExample {
                prompt: vec![1, 2 + i % 4],
                chosen: vec![7, 8, 9],
                rejected: vec![7, 10 + i % 3],
                ref_chosen: None,
                ref_rejected: None,
                line: i as usize + 1,
            })
            .collect();
        Dataset::Dpo(ex)
    }

    fn cfg(objective: Objective) -> TrainConfig {
        TrainConfig {
            objective,
            lr: 0.05,
            epochs: 3,
            batch_size: 2,
            grad_accum: 2,
            tokenize: TokenizeOptions {
                bos: None,
                eos: None,
                max_len: 32,
            },
            ..Default::default()
        }
    }

    #[test]
    fn sft_lowers_the_loss() -> Result<()> {
        let m = bigram(1)?;
        let mut c = cfg(Objective::Sft);
        c.lr = 0.3;
        let mut t = Trainer::new(&m, vec![("table".into(), m.table.clone())], sft_data(), c, Device::Cpu)?;
        assert_eq!(t.total_steps(), 3 * 2, "7 examples, 4 per step: 2 steps per epoch");
        let logs = t.run(|_| Control::Continue)?;
        assert_eq!(logs.len(), 6);
        assert!(
            logs[5].loss < logs[0].loss * 0.9,
            "{:?}",
            logs.iter().map(|l| l.loss).collect::<Vec<_>>()
        );
        assert_eq!(logs[1].epoch, 0);
        assert_eq!(logs[2].epoch, 1);
        Ok(())
    }

    #[test]
    fn dpo_fills_reference_then_learns_to_prefer_chosen() -> Result<()> {
        let m = bigram(2)?;
        let mut c = cfg(Objective::Dpo);
        c.lr = 0.2;
        c.epochs = 10;
        let mut t = Trainer::new(&m, vec![("table".into(), m.table.clone())], dpo_data(), c, Device::Cpu)?;
        let Dataset::Dpo(pairs) = t.dataset() else {
            unreachable!()
        };
        let pairs = pairs.clone();
        assert!(pairs.iter().all(|p| p.ref_chosen.is_some()));
        let before = evaluate_pairs(&m, &pairs, 4, 0, &Device::Cpu)?;
        assert_eq!(before.reward_accuracy, Some(0.0), "policy == reference at the start");
        let logs = t.run(|_| Control::Continue)?;
        // The first step's loss is log 2: policy equals reference.
        assert!((logs[0].loss - 2f64.ln()).abs() < 1e-5, "{}", logs[0].loss);
        let after = evaluate_pairs(&m, &pairs, 4, 0, &Device::Cpu)?;
        assert_eq!(after.reward_accuracy, Some(1.0), "{after:?}");
        assert!(
            after.mean_logp_margin > before.mean_logp_margin + 1.0,
            "{before:?} {after:?}"
        );
        assert!(logs.last().unwrap().loss < 0.5, "{}", logs.last().unwrap().loss);
        Ok(())
    }

    /// A run stopped after 4 steps and resumed from its checkpoint ends bit-identical to an
    /// uninterrupted run: weights, optimizer moments, data order, RNG and schedule all resume.
    #[test]
    fn killed_and_resumed_run_equals_uninterrupted_run() -> Result<()> {
        for objective in [Objective::Sft, Objective::Dpo] {
            let data = || {
                if objective == Objective::Sft {
                    sft_data()
                } else {
                    dpo_data()
                }
            };
            let full = bigram(3)?;
            let mut t = Trainer::new(
                &full,
                vec![("table".into(), full.table.clone())],
                data(),
                cfg(objective),
                Device::Cpu,
            )?;
            let logs_full = t.run(|_| Control::Continue)?;

            let dir = tempfile::tempdir().unwrap();
            let part = bigram(3)?;
            let mut t = Trainer::new(
                &part,
                vec![("table".into(), part.table.clone())],
                data(),
                cfg(objective),
                Device::Cpu,
            )?
            .with_output(dir.path())?;
            assert!(!t.resume_if_present()?);
            let first = t.run(|log| {
                if log.step == 4 {
                    Control::Stop
                } else {
                    Control::Continue
                }
            })?;
            assert_eq!(first.len(), 4);
            drop(t);
            // A new process: fresh model from the same base weights, state from the checkpoint.
            let resumed = bigram(3)?;
            let mut t = Trainer::new(
                &resumed,
                vec![("table".into(), resumed.table.clone())],
                data(),
                cfg(objective),
                Device::Cpu,
            )?
            .with_output(dir.path())?;
            assert!(t.resume_if_present()?);
            assert_eq!(t.state().step, 4);
            let rest = t.run(|_| Control::Continue)?;
            assert_eq!(rest.len(), logs_full.len() - 4);
            let a = full.table.as_tensor().flatten_all()?.to_vec1::<f32>()?;
            let b = resumed.table.as_tensor().flatten_all()?.to_vec1::<f32>()?;
            assert_eq!(a, b, "{objective:?}: resumed weights differ");
            assert_eq!(logs_full.last().unwrap().loss, rest.last().unwrap().loss);
            let lines = std::fs::read_to_string(dir.path().join("log.jsonl"))
                .unwrap()
                .lines()
                .count();
            assert_eq!(lines, logs_full.len());
            // A different config refuses to resume.
            let mut other = cfg(objective);
            other.lr *= 2.0;
            let m = bigram(3)?;
            let mut t = Trainer::new(&m, vec![("table".into(), m.table.clone())], data(), other, Device::Cpu)?
                .with_output(dir.path())?;
            assert!(t
                .resume_if_present()
                .unwrap_err()
                .to_string()
                .contains("different config"));
        }
        Ok(())
    }

    #[test]
    fn safecoder_raises_secure_and_lowers_vulnerable_tokens() -> Result<()> {
        let m = bigram(4)?;
        let ex = vec![SafeCoderExample {
            prompt: vec![1, 2],
            secure: vec![3, 4],
            vulnerable: vec![3, 6],
            changed_secure: vec![false, true],
            changed_vulnerable: vec![false, true],
            line: 1,
        }];
        let row = |t: &Bigram| -> Result<(f32, f32)> {
            let lp = crate::loss::token_logprobs(
                &t.all_logits(&Tensor::new(&[[3u32]], &Device::Cpu)?)?,
                &Tensor::new(&[[4u32]], &Device::Cpu)?,
            )?;
            let lv = crate::loss::token_logprobs(
                &t.all_logits(&Tensor::new(&[[3u32]], &Device::Cpu)?)?,
                &Tensor::new(&[[6u32]], &Device::Cpu)?,
            )?;
            Ok((
                lp.flatten_all()?.to_vec1::<f32>()?[0],
                lv.flatten_all()?.to_vec1::<f32>()?[0],
            ))
        };
        let (s0, v0) = row(&m)?;
        let mut c = cfg(Objective::SafeCoder);
        c.epochs = 5;
        let mut t = Trainer::new(
            &m,
            vec![("table".into(), m.table.clone())],
            Dataset::SafeCoder(ex),
            c,
            Device::Cpu,
        )?;
        t.run(|_| Control::Continue)?;
        let (s1, v1) = row(&m)?;
        assert!(s1 > s0 && v1 < v0, "secure {s0} -> {s1}, vulnerable {v0} -> {v1}");
        Ok(())
    }
}
