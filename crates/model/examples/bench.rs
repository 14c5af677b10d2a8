//! Speed of our runtime on one model: load time, prompt tokens/s (512 tokens), generation
//! tokens/s at batch 1 and 8, tree generation (4 nodes x 4 samples) against generating each
//! branch from scratch, and peak memory. Prints one `key value` per line for bench/model.
//!
//! cargo run --release -p tsp-model --example bench -- MODEL CODE_FILE
//!
//! Env: BENCH_NEW_TOKENS (generate, default 64), BENCH_TREE_NEW_TOKENS (per branch, default 16),
//! BENCH_PROMPT_RUNS (best of, default 5), BENCH_PARTS (comma list of prompt, generate, tree;
//! default all), BENCH_WEIGHTS (f32, the default, or a quantized type such as q8_0 or gguf for
//! the file's own types).

use std::time::Instant;
use tsp_model::candle_core::Tensor;
use tsp_model::generate::{generate_ids, GenParams};
use tsp_model::load::{LoadOptions, Weights};
use tsp_model::sample::SampleParams;
use tsp_model::tree::{encode_with_nodes, generate_tree_ids};

fn peak_rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // As `tsp` does at start-up (crates/model/src/malloc.rs).
    tsp_model::malloc::keep_freed_memory();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--path") {
        // bench/model asks where a named model's GGUF is, to hand the same file to transformers.
        let spec = tsp_model::fetch::spec(args.get(2).ok_or("--path NAME")?).ok_or("unknown model")?;
        println!("{}", tsp_model::fetch::ensure(spec)?.display());
        return Ok(());
    }
    let model_arg = args.get(1).map(String::as_str).unwrap_or("smollm2-135m");
    let code_file = args.get(2).ok_or("usage: bench MODEL CODE_FILE")?;
    let new_tokens = env_usize("BENCH_NEW_TOKENS", 64);
    let tree_tokens = env_usize("BENCH_TREE_NEW_TOKENS", 16);
    let parts = std::env::var("BENCH_PARTS").unwrap_or_else(|_| "prompt,generate,tree".into());
    let weights: Weights = std::env::var("BENCH_WEIGHTS")
        .unwrap_or_else(|_| "f32".into())
        .parse()
        .map_err(|e: String| e)?;
    let dev = tsp_model::default_device()?;
    let t0 = Instant::now();
    let m = tsp_model::load::load_with(model_arg, &dev, &LoadOptions { weights })?;
    println!("load_s {:.2}", t0.elapsed().as_secs_f64());
    eprintln!("matmul: {}", tsp_model::blas::backend());
    let code = std::fs::read_to_string(code_file)?;
    let ids = m.tokenizer.encode(&code)?;
    assert!(ids.len() >= 512, "code file too short");

    if parts.contains("prompt") {
        // Prompt processing: 512 tokens in one forward pass, best of BENCH_PROMPT_RUNS (5).
        let runs: usize = std::env::var("BENCH_PROMPT_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5);
        let mut best = f64::MAX;
        for _ in 0..runs.max(1) {
            let x = Tensor::new(&ids[..512], &dev)?.unsqueeze(0)?;
            let t = Instant::now();
            let mut cache = m.model.new_cache();
            let h = m.model.forward_hidden(&x, Some(&mut cache), None)?;
            let _ = m.model.logits(&h.narrow(1, 511, 1)?)?.to_vec3::<f32>()?;
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("prompt_tok_s {:.1}", 512.0 / best);
    }

    if parts.contains("generate") {
        // Short prompts (the first 32 tokens of 8 different lines), greedy, no eos stop.
        let p = GenParams::greedy(new_tokens);
        let prompts: Vec<Vec<u32>> = (0..8).map(|i| ids[i * 40..i * 40 + 32].to_vec()).collect();
        for b in [1usize, 8] {
            let t = Instant::now();
            let (g, _) = generate_ids(&m.model, &m.tokenizer, &prompts[..b], &p, &mut |_, _| {})?;
            let n: usize = g.iter().map(|x| x.tokens.len()).sum();
            println!("generate_b{b}_tok_s {:.1}", n as f64 / t.elapsed().as_secs_f64());
        }
    }

    if parts.contains("tree") {
        // Trunk = the first ~1200 characters of the file, 4 nodes at line starts, 4 samples each.
        let trunk_end = code.char_indices().nth(1200).map(|(i, _)| i).unwrap_or(code.len());
        let trunk = &code[..trunk_end];
        let line_starts: Vec<usize> = trunk
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < trunk.len())
            .collect();
        let nodes: Vec<usize> = (1..=4).map(|k| line_starts[k * line_starts.len() / 5]).collect();
        let prompt = m.tokenizer.chat_prompt(None, "Complete this Python module.");
        let (tids, node_len) = encode_with_nodes(&m.tokenizer, &prompt, trunk, &nodes)?;
        let tp = GenParams {
            max_new_tokens: tree_tokens,
            sampling: SampleParams {
                temperature: 0.8,
                top_p: 0.95,
            },
            seed: 1,
            stop: vec![],
            stop_at_eos: false,
        };
        let t = Instant::now();
        let tree = generate_tree_ids(&m.model, &m.tokenizer, &tids, &node_len, 4, &tp)?;
        let tree_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut scratch_computed = 0;
        for &l in &node_len {
            for j in 0..4u64 {
                let (_, stats) = generate_ids(
                    &m.model,
                    &m.tokenizer,
                    &[tids[..l].to_vec()],
                    &GenParams { seed: j, ..tp.clone() },
                    &mut |_, _| {},
                )?;
                scratch_computed += stats.tokens_computed;
            }
        }
        let scratch_s = t.elapsed().as_secs_f64();
        println!("tree_new_tokens {tree_tokens}");
        println!("tree_prefix_tokens {}", node_len.iter().max().unwrap());
        println!("tree_s {tree_s:.2}");
        println!("tree_tokens_computed {}", tree.tokens_computed);
        println!("tree_unique_tokens {}", tree.unique_tokens);
        println!("scratch_s {scratch_s:.2}");
        println!("scratch_tokens_computed {scratch_computed}");
        println!("tree_speedup {:.2}", scratch_s / tree_s);
    }
    println!("peak_rss_mb {:.0}", peak_rss_mb());
    Ok(())
}
