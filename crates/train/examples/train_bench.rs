//! Training speed and memory of one mode, for `bench/train` (which runs PyTorch beside it).
//!
//! ```text
//! train_bench MODE [--model M] [--batch B] [--seq T] [--steps N] [--threads K]
//!   MODE  full   full fine-tuning, next-token loss on every position of B random sequences of T
//!         lora   the same with LoRA r 8, alpha 16, on all seven projections
//!         dpo    full fine-tuning, DPO on one pair: two sequences of T sharing a T/2 prefix
//! train_bench export DIR [--model M]   write M in Hugging Face layout (for the PyTorch side)
//! ```
//! Prints `key value` lines: `step_s` (median over the timed steps; one untimed warm-up step runs
//! first), `tok_s`, `steps_per_s`, `peak_rss_mb` (the process's high-water mark, model load
//! included).

use candle_core::Device;
use tsp_model::load::{Checkpoint, ModelSource};
use tsp_train::data::{DpoExample, SftExample, TokenizeOptions};
use tsp_train::lm::{Mode, TrainableModel};
use tsp_train::trainer::{Control, Dataset, Objective, TrainConfig, Trainer};

fn flag(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

/// Seeded token ids in `[100, vocab - 100)`, away from special tokens.
fn tokens(n: usize, seed: u64, vocab: usize) -> Vec<u32> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (100 + s % (vocab as u64 - 200)) as u32
        })
        .collect()
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // As `tsp` does at start-up (crates/model/src/malloc.rs).
    tsp_model::malloc::keep_freed_memory();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().cloned().unwrap_or_else(|| "full".into());
    let model = flag(&args, "--model", "smollm2-135m");
    let dev = Device::Cpu;
    let src = ModelSource::parse(&model)?;
    if let ModelSource::Named(spec) = &src {
        tsp_model::fetch::ensure(spec)?;
    }
    let mut ck = Checkpoint::read(&src, &dev)?;
    if mode == "export" {
        let dir = args.get(1).ok_or("export needs a directory")?;
        let vb = candle_nn::VarBuilder::from_tensors(ck.weights.clone(), candle_core::DType::F32, &dev);
        let m = tsp_model::Model::load(vb, &ck.cfg)?;
        tsp_model::load::save_hf(&m, &ck.tokenizer, std::path::Path::new(dir))?;
        return Ok(());
    }
    let batch: usize = flag(&args, "--batch", "4").parse()?;
    let seq: usize = flag(&args, "--seq", "256").parse()?;
    let steps: usize = flag(&args, "--steps", "3").parse()?;
    let vocab = ck.cfg.vocab_size;
    let total = steps + 1;
    let (train_mode, data, objective) = match mode.as_str() {
        "full" | "lora" => {
            let ex = (0..total * batch)
                .map(|i| SftExample {
                    ids: tokens(seq, i as u64 + 1, vocab),
                    prompt_len: 0,
                    line: i + 1,
                })
                .collect();
            let m = if mode == "full" {
                Mode::Full
            } else {
                // r 8, alpha 16 on all seven projections (LoraConfig's defaults), no dropout.
                let d = tsp_model::LoraConfig::default();
                Mode::Lora {
                    r: d.r,
                    alpha: d.alpha,
                    dropout: 0.0,
                    target_modules: d.target_modules,
                }
            };
            (m, Dataset::Sft(ex), Objective::Sft)
        }
        "dpo" => {
            let half = seq / 2;
            let ex = (0..total)
                .map(|i| DpoExample {
                    prompt: tokens(half, 3 * i as u64 + 1, vocab),
                    chosen: tokens(seq - half, 3 * i as u64 + 2, vocab),
                    rejected: tokens(seq - half, 3 * i as u64 + 3, vocab),
                    // Stored reference log-probs, as in a real round (computed once, before).
                    ref_chosen: Some(-1500.0),
                    ref_rejected: Some(-1500.0),
                    line: i + 1,
                })
                .collect();
            (Mode::Full, Dataset::Dpo(ex), Objective::Dpo)
        }
        other => return Err(format!("unknown mode {other}: full, lora, dpo or export").into()),
    };
    let tm = TrainableModel::new(&ck.cfg, &ck.weights, train_mode, &dev)?;
    // As `tsp train` does: the trained weights are copies, so the loaded ones go.
    ck.weights.clear();
    let per_step = if objective == Objective::Dpo { 1 } else { batch };
    let cfg = TrainConfig {
        objective,
        lr: 1e-5,
        epochs: 1,
        batch_size: per_step,
        tokenize: TokenizeOptions {
            bos: None,
            eos: None,
            max_len: seq,
        },
        ..Default::default()
    };
    let mut trainer = Trainer::new(&tm.model, tm.params(), data, cfg, dev.clone())?;
    let mut times = Vec::new();
    let mut toks = Vec::new();
    trainer.run(|log| {
        eprintln!("step {} {:.2}s {} tokens", log.step, log.step_s, log.tokens);
        if log.step > 1 {
            times.push(log.step_s);
            toks.push(log.tokens as f64);
        }
        Control::Continue
    })?;
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let tok_per_step = toks.iter().sum::<f64>() / toks.len() as f64;
    println!("mode {mode}");
    println!("matmul {}", tsp_model::blas::backend().replace(' ', "_"));
    println!("step_s {median:.3}");
    println!("tok_s {:.1}", tok_per_step / median);
    println!("steps_per_s {:.3}", 1.0 / median);
    println!("peak_rss_mb {:.0}", peak_rss_mb());
    Ok(())
}
