//! `tsp train sft|dpo|safecoder`: fine-tune a model on JSONL data (full, top N blocks, or LoRA),
//! and `tsp train merge` to fold a LoRA adapter into a full model. The work is in `tsp-train`.

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use tsp_train::lm::{self, Mode};
use tsp_train::progress::Progress;
use tsp_train::run::{self, RunSpec};
use tsp_train::trainer::{Control, Objective, TrainConfig};

/// Train a model: SFT, DPO on shared-prefix pairs, or the SafeCoder masked loss.
#[derive(Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    command: TrainCommand,
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Supervised fine-tuning on {"prompt", "completion"} lines (loss on the completion only).
    Sft(Common),
    /// DPO on {"prompt", "chosen", "rejected"} lines; reference log-probs are computed once with
    /// the starting model and stored in OUT/pairs.ref.jsonl.
    Dpo(DpoArgs),
    /// SafeCoder-style loss on {"prompt", "secure", "vulnerable"} lines.
    Safecoder(Common),
    /// Merge a LoRA adapter (PEFT layout) into its base model and save the full model.
    Merge(MergeArgs),
}

#[derive(Args)]
struct Common {
    /// Training data, JSONL.
    #[arg(long)]
    data: PathBuf,
    /// Model: a known name (smollm2-135m, ...), a GGUF file, or a Hugging Face folder.
    #[arg(long)]
    model: String,
    /// Output folder: config.json, log.jsonl, checkpoint/, model/ or adapter/, eval.json.
    /// Rerunning with the same folder resumes from its checkpoint.
    #[arg(long)]
    out: PathBuf,
    /// Held-out DPO pairs (JSONL) to evaluate before and after training.
    #[arg(long)]
    eval: Option<PathBuf>,
    /// Peak learning rate [default: 2e-5, or 2e-4 with LoRA].
    #[arg(long)]
    lr: Option<f64>,
    /// Floor of the cosine decay.
    #[arg(long, default_value_t = 0.0)]
    min_lr: f64,
    /// Share of steps spent warming up.
    #[arg(long, default_value_t = 0.1)]
    warmup_ratio: f64,
    #[arg(long, default_value_t = 1)]
    epochs: usize,
    /// Examples (or pairs) per micro-batch.
    #[arg(long, default_value_t = 4)]
    batch_size: usize,
    /// Micro-batches per optimizer step.
    #[arg(long, default_value_t = 1)]
    grad_accum: usize,
    /// Longest sequence in tokens (prompt cut from the left, completion from the right).
    #[arg(long, default_value_t = 1024)]
    max_len: usize,
    /// Gradient-norm clipping (0: off).
    #[arg(long, default_value_t = 1.0)]
    max_grad_norm: f64,
    #[arg(long, default_value_t = 0.0)]
    weight_decay: f64,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Checkpoint every N steps (always at the end).
    #[arg(long, default_value_t = 0)]
    save_every: usize,
    /// Stop after N steps (the schedule still spans all epochs).
    #[arg(long)]
    max_steps: Option<usize>,
    /// Train LoRA adapters of this rank instead of the full model.
    #[arg(long)]
    lora_r: Option<usize>,
    #[arg(long, default_value_t = 16.0)]
    lora_alpha: f64,
    /// Adapter dropout (masks drawn from --seed and the step, so a resumed run matches an
    /// uninterrupted one).
    #[arg(long, default_value_t = 0.0)]
    lora_dropout: f32,
    /// Modules that get adapters.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"
    )]
    lora_targets: Vec<String>,
    /// Train only the top N blocks (and the final norm).
    #[arg(long, conflicts_with = "lora_r")]
    top_blocks: Option<usize>,
    /// With LoRA, also write the merged full model to OUT/model.
    #[arg(long)]
    merge: bool,
    /// Do not append the end-of-sequence token to completions.
    #[arg(long)]
    no_eos: bool,
}

#[derive(Args)]
struct DpoArgs {
    #[command(flatten)]
    common: Common,
    /// DPO temperature.
    #[arg(long, default_value_t = 0.1)]
    beta: f64,
    /// Weight of an extra SFT term on the chosen completions.
    #[arg(long, default_value_t = 0.0)]
    sft_weight: f64,
}

#[derive(Args)]
struct MergeArgs {
    /// The base model the adapter was trained on.
    #[arg(long)]
    model: String,
    /// Folder with adapter_config.json and adapter_model.safetensors.
    #[arg(long)]
    adapter: PathBuf,
    /// Where to write the merged model (Hugging Face layout).
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TrainCommand::Sft(c) => train(Objective::Sft, c, 0.1, 0.0),
        TrainCommand::Dpo(d) => train(Objective::Dpo, d.common, d.beta, d.sft_weight),
        TrainCommand::Safecoder(c) => train(Objective::SafeCoder, c, 0.1, 0.0),
        TrainCommand::Merge(m) => merge(m),
    }
}

fn train(objective: Objective, c: Common, beta: f64, sft_weight: f64) -> anyhow::Result<ExitCode> {
    let mode = match (c.lora_r, c.top_blocks) {
        (Some(r), _) => Mode::Lora {
            r,
            alpha: c.lora_alpha,
            dropout: c.lora_dropout,
            target_modules: c.lora_targets.clone(),
        },
        (None, Some(n)) => Mode::TopBlocks(n),
        (None, None) => Mode::Full,
    };
    if c.merge && c.lora_r.is_none() {
        bail!("--merge needs --lora-r (full runs already save the full model)");
    }
    let lr = c.lr.unwrap_or(if c.lora_r.is_some() { 2e-4 } else { 2e-5 });
    let mut cfg = TrainConfig {
        objective,
        lr,
        min_lr: c.min_lr,
        warmup_ratio: c.warmup_ratio,
        epochs: c.epochs,
        batch_size: c.batch_size,
        grad_accum: c.grad_accum,
        max_grad_norm: c.max_grad_norm,
        beta,
        sft_weight,
        seed: c.seed,
        save_every: c.save_every,
        max_steps: c.max_steps,
        ..Default::default()
    };
    cfg.adamw.weight_decay = c.weight_decay;
    cfg.tokenize.max_len = c.max_len;
    let spec = RunSpec {
        data: c.data,
        model: c.model,
        out: c.out.clone(),
        mode,
        eval: c.eval,
        append_eos: !c.no_eos,
        merge: c.merge,
    };
    let device = tsp_train::tsp_model::default_device()?;
    let bar = Progress::new();
    let mut notify = |m: &str| eprintln!("{m}");
    let report = run::run(&spec, cfg, &device, &mut notify, |log, last| {
        bar.update(log, last);
        Control::Continue
    })?;
    bar.finish();
    let fmt_eval = |e: &Option<tsp_train::trainer::PairEval>| {
        e.as_ref().map_or("-".to_string(), |e| {
            format!(
                "prefers chosen {:.1}% (mean log-prob margin {:.2})",
                100.0 * e.prefers_chosen,
                e.mean_logp_margin
            )
        })
    };
    println!(
        "{} steps, loss {} -> {}, {} tokens",
        report.steps,
        report.first_loss.map_or("-".into(), |l| format!("{l:.4}")),
        report.last_loss.map_or("-".into(), |l| format!("{l:.4}")),
        report.tokens_seen
    );
    if report.train_after.is_some() {
        println!(
            "train pairs: before {}, after {}",
            fmt_eval(&report.train_before),
            fmt_eval(&report.train_after)
        );
    }
    if report.eval_after.is_some() {
        println!(
            "held-out pairs: before {}, after {}",
            fmt_eval(&report.eval_before),
            fmt_eval(&report.eval_after)
        );
    }
    for p in &report.saved {
        println!("saved {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn merge(m: MergeArgs) -> anyhow::Result<ExitCode> {
    let device = tsp_train::tsp_model::default_device()?;
    let src = tsp_train::tsp_model::load::ModelSource::parse(&m.model)?;
    let ck = tsp_train::tsp_model::load::Checkpoint::read(&src, &device)?;
    let mut model = ck.model()?;
    let (cfg, _vars) =
        lm::load_adapter(&mut model, &m.adapter).with_context(|| format!("loading adapter {}", m.adapter.display()))?;
    tsp_train::tsp_model::load::save_hf(&model, &ck.tokenizer, &m.out)?;
    println!(
        "merged LoRA r={} alpha={} into {}",
        cfg.r,
        cfg.lora_alpha,
        m.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
