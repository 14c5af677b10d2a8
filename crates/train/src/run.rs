//! One training run from files, as `tsp train` performs it: read the model and the JSONL data,
//! make the chosen weights trainable, compute and store DPO reference log-probs, train (resuming
//! from `OUT/checkpoint` if present), save the result, and evaluate held-out pairs.
//!
//! `OUT` holds: `config.json` (the run's config), `log.jsonl` (one line per step), `checkpoint/`,
//! `pairs.ref.jsonl` (DPO pairs with reference log-probs), `model/` (full weights, Hugging Face
//! layout) and/or `adapter/` (PEFT layout), and `eval.json`.

use crate::data::{self, DpoExample, DpoRecord, Located, SafeCoderRecord, SftRecord, TokenizeOptions};
use crate::lm::{Mode, TrainableModel};
use crate::trainer::{self, Control, Dataset, Objective, PairEval, StepLog, TrainConfig, Trainer};
use crate::{Error, Result};
use candle_core::Device;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tsp_model::load::{Checkpoint, ModelSource};
use tsp_model::Tokenizer;

/// Everything a run needs besides the config's numbers.
pub struct RunSpec {
    pub data: PathBuf,
    /// `--model`: a known name, a GGUF file or a Hugging Face folder.
    pub model: String,
    pub out: PathBuf,
    pub mode: Mode,
    /// Held-out DPO pairs, evaluated before and after training.
    pub eval: Option<PathBuf>,
    /// Append the tokenizer's end-of-sequence token to completions.
    pub append_eos: bool,
    /// For LoRA runs, also write the merged full model to `OUT/model`.
    pub merge: bool,
}

/// What a run reports at the end (also written to `OUT/eval.json`).
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub resumed_from_step: Option<usize>,
    pub steps: usize,
    pub first_loss: Option<f64>,
    pub last_loss: Option<f64>,
    pub trainable_params: usize,
    pub tokens_seen: u64,
    pub train_before: Option<PairEval>,
    pub train_after: Option<PairEval>,
    pub eval_before: Option<PairEval>,
    pub eval_after: Option<PairEval>,
    pub saved: Vec<PathBuf>,
}

/// Something worth telling the user while a run prepares (the CLI prints these).
pub type Notify<'a> = &'a mut dyn FnMut(&str);

/// Runs the whole thing. `on_step` sees every step's log and may stop the run.
pub fn run(
    spec: &RunSpec,
    mut cfg: TrainConfig,
    device: &Device,
    notify: Notify,
    mut on_step: impl FnMut(&StepLog, usize) -> Control,
) -> Result<RunReport> {
    let src = ModelSource::parse(&spec.model)?;
    notify(&format!("loading {}", spec.model));
    let mut ck = Checkpoint::read(&src, device)?;
    let tok = &ck.tokenizer;
    let eos = tok.eos_ids.first().copied();
    cfg.tokenize = TokenizeOptions {
        bos: None,
        eos: if spec.append_eos { eos } else { None },
        max_len: cfg.tokenize.max_len,
    };
    cfg.pad_id = tok.pad_id.or(eos).unwrap_or(0);
    let encode = |s: &str| tok.encode(s).map_err(|e| e.to_string());
    std::fs::create_dir_all(&spec.out).map_err(|e| Error::io(&spec.out, e))?;

    // DPO pairs with stored reference log-probs from an earlier attempt of this run are reused.
    let ref_path = spec.out.join("pairs.ref.jsonl");
    let (dataset, dpo_records) = match cfg.objective {
        Objective::Sft => {
            let recs = data::read_jsonl::<SftRecord>(&spec.data)?;
            (
                Dataset::Sft(data::tokenize_sft(&spec.data, &recs, &encode, &cfg.tokenize)?),
                None,
            )
        }
        Objective::SafeCoder => {
            let recs = data::read_jsonl::<SafeCoderRecord>(&spec.data)?;
            (
                Dataset::SafeCoder(data::tokenize_safecoder(&spec.data, &recs, &encode, &cfg.tokenize)?),
                None,
            )
        }
        Objective::Dpo => {
            let path = if ref_path.is_file() { &ref_path } else { &spec.data };
            let recs = data::read_jsonl::<DpoRecord>(path)?;
            let ex = data::tokenize_dpo(path, &recs, &encode, &cfg.tokenize)?;
            (Dataset::Dpo(ex), Some(recs))
        }
    };
    notify(&format!("{} examples from {}", dataset.len(), spec.data.display()));

    let mut tm = TrainableModel::new(&ck.cfg, &ck.weights, spec.mode.clone(), device)?;
    // Trained weights are copies (candle's `Var`s own their storage): the loaded ones would be a
    // second copy of the model for the whole run.
    ck.weights.clear();
    let trainable_params = tm.num_trainable();
    notify(&format!("{trainable_params} trainable parameters ({:?})", spec.mode));
    let eval_pairs = match &spec.eval {
        Some(p) => Some(load_eval_pairs(p, tok, &cfg, &mut tm, device)?),
        None => None,
    };
    let eval_before = eval_pairs.as_ref().map(|e| e.1.clone());

    let bs = cfg.batch_size;
    let pad = cfg.pad_id;
    let (resumed, logs, state_tokens, train_pairs) = {
        let mut dataset = dataset;
        if let Dataset::Dpo(pairs) = &mut dataset {
            // Filled here rather than in Trainer::new, to show progress.
            crate::progress::with_pass_bar("reference log-probs (training pairs)", |show| {
                trainer::fill_reference_logps_with_progress(&tm.model, pairs, bs, pad, device, show)
            })?;
        }
        let mut t =
            Trainer::new(&tm.model, tm.params(), dataset, cfg.clone(), device.clone())?.with_output(&spec.out)?;
        if let (Dataset::Dpo(pairs), Some(recs)) = (t.dataset(), &dpo_records) {
            if !ref_path.is_file() {
                let refs: Vec<(f32, f32)> = pairs
                    .iter()
                    .map(|p| (p.ref_chosen.unwrap(), p.ref_rejected.unwrap()))
                    .collect();
                data::write_dpo_with_reference(&ref_path, recs, &refs)?;
            }
        }
        let resumed = if t.resume_if_present()? {
            Some(t.state().step)
        } else {
            None
        };
        if let Some(s) = resumed {
            notify(&format!("resuming from step {s}"));
        }
        let last = t.last_step();
        let logs = t.run(|log| on_step(log, last))?;
        let train_pairs = match t.dataset() {
            Dataset::Dpo(p) => Some(p.clone()),
            _ => None,
        };
        (resumed, logs, t.state().tokens_seen, train_pairs)
    };
    tm.model.set_train(false);

    let mut saved = Vec::new();
    match &spec.mode {
        Mode::Lora { .. } => {
            let dir = spec.out.join("adapter");
            tm.save_adapter(&dir, Some(spec.model.clone()))?;
            saved.push(dir);
            if spec.merge {
                let dir = spec.out.join("model");
                tsp_model::load::save_hf(&tm.model, tok, &dir)?;
                saved.push(dir);
            }
        }
        _ => {
            let dir = spec.out.join("model");
            tsp_model::load::save_hf(&tm.model, tok, &dir)?;
            saved.push(dir);
        }
    }
    let train_after = match &train_pairs {
        Some(p) => Some(trainer::evaluate_pairs(&tm.model, p, bs, pad, device)?),
        None => None,
    };
    let train_before = match &train_pairs {
        // Before training the policy is the reference: its log-probs are the stored ones.
        Some(p) => Some(eval_from_reference(p)),
        None => None,
    };
    let eval_after = match &eval_pairs {
        Some((pairs, _)) => Some(trainer::evaluate_pairs(&tm.model, pairs, bs, pad, device)?),
        None => None,
    };
    let report = RunReport {
        resumed_from_step: resumed,
        steps: logs.len(),
        first_loss: logs.first().map(|l| l.loss),
        last_loss: logs.last().map(|l| l.loss),
        trainable_params,
        tokens_seen: state_tokens,
        train_before,
        train_after,
        eval_before,
        eval_after,
        saved,
    };
    crate::atomic::write_json(&spec.out.join("eval.json"), &report)?;
    Ok(report)
}

/// The pair ranking of the reference model, read from the stored reference log-probs.
fn eval_from_reference(pairs: &[DpoExample]) -> PairEval {
    let n = pairs.len().max(1) as f64;
    let lp: Vec<(f32, f32)> = pairs
        .iter()
        .map(|p| (p.ref_chosen.unwrap_or(0.0), p.ref_rejected.unwrap_or(0.0)))
        .collect();
    PairEval {
        pairs: pairs.len(),
        prefers_chosen: lp.iter().filter(|(c, r)| c > r).count() as f64 / n,
        reward_accuracy: Some(0.0),
        mean_logp_margin: lp.iter().map(|(c, r)| (c - r) as f64).sum::<f64>() / n,
    }
}

/// Held-out pairs with the (untrained) model's log-probs as reference, and their evaluation.
fn load_eval_pairs(
    path: &Path,
    tok: &Tokenizer,
    cfg: &TrainConfig,
    tm: &mut TrainableModel,
    device: &Device,
) -> Result<(Vec<DpoExample>, PairEval)> {
    let encode = |s: &str| tok.encode(s).map_err(|e| e.to_string());
    let recs: Vec<Located<DpoRecord>> = data::read_jsonl(path)?;
    let mut pairs = data::tokenize_dpo(path, &recs, &encode, &cfg.tokenize)?;
    tm.model.set_train(false);
    crate::progress::with_pass_bar("reference log-probs (held-out pairs)", |show| {
        trainer::fill_reference_logps_with_progress(&tm.model, &mut pairs, cfg.batch_size, cfg.pad_id, device, show)
    })?;
    tm.model.set_train(true);
    // Before training the policy is the reference, so its ranking is the stored log-probs'.
    let before = eval_from_reference(&pairs);
    Ok((pairs, before))
}
