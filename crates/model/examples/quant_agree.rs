//! Quantized against f32 inference on one model: decode speed at batch 1 and 4, and how often
//! greedy outputs agree. Prompts are code: the first 32 tokens at N line starts spread over
//! the given files. Prints one `key value` per line.
//!
//! cargo run --release -p tsp-model --example quant_agree -- MODEL WEIGHTS N FILE...
//!
//! WEIGHTS: q8_0, gguf, ... (see `quantized::Weights`). Env: AGREE_NEW_TOKENS (default 64).

use std::time::Instant;
use tsp_model::generate::{generate_ids, GenParams};
use tsp_model::quantized::{quantize, Weights};

/// Greedy outputs of every prompt, `batch` prompts at a time, and the decode speed in tok/s.
fn run(
    m: &tsp_model::load::Loaded,
    prompts: &[Vec<u32>],
    batch: usize,
    new_tokens: usize,
) -> Result<(Vec<Vec<u32>>, f64), tsp_model::Error> {
    let p = GenParams::greedy(new_tokens);
    let t = Instant::now();
    let mut out = Vec::with_capacity(prompts.len());
    for chunk in prompts.chunks(batch) {
        let (g, _) = generate_ids(&m.model, &m.tokenizer, chunk, &p, &mut |_, _| {})?;
        out.extend(g.into_iter().map(|g| g.tokens));
    }
    let n: usize = out.iter().map(Vec::len).sum();
    Ok((out, n as f64 / t.elapsed().as_secs_f64()))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        return Err("usage: quant_agree MODEL WEIGHTS N FILE...".into());
    }
    let weights: Weights = args[2].parse()?;
    let n: usize = args[3].parse()?;
    let new_tokens: usize = std::env::var("AGREE_NEW_TOKENS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let dev = tsp_model::default_device()?;
    let m = tsp_model::load::load(&args[1], &dev)?;
    // Prompts: 32 tokens from each of n line starts, spread evenly over the files.
    let mut starts = Vec::new();
    for f in &args[4..] {
        let ids = m.tokenizer.encode(&std::fs::read_to_string(f)?)?;
        let nl: Vec<usize> = (0..ids.len().saturating_sub(32))
            .filter(|&i| {
                m.tokenizer
                    .decode(&ids[i..i + 1], false)
                    .is_ok_and(|s| s.contains('\n'))
            })
            .map(|i| i + 1)
            .collect();
        starts.extend(nl.into_iter().map(|i| ids[i..i + 32].to_vec()));
    }
    if starts.len() < n {
        return Err(format!("only {} line starts in the files", starts.len()).into());
    }
    let prompts: Vec<Vec<u32>> = (0..n).map(|i| starts[i * starts.len() / n].clone()).collect();

    let (base, f32_b4) = run(&m, &prompts, 4, new_tokens)?;
    let (_, f32_b1) = run(&m, &prompts[..2], 1, new_tokens)?;
    // The f32 weights are already there; the quantized copies are added next to them.
    let src = tsp_model::load::ModelSource::parse(&args[1])?;
    let file_q = if weights == Weights::Gguf {
        tsp_model::load::Checkpoint::read_with(&src, &dev, true)?.quantized
    } else {
        None
    };
    let q = quantize(&m.model, weights, file_q)?.ok_or("these weights are f32")?;
    let (quant, q_b4) = run(&m, &prompts, 4, new_tokens)?;
    let (_, q_b1) = run(&m, &prompts[..2], 1, new_tokens)?;

    let common: Vec<usize> = base
        .iter()
        .zip(&quant)
        .map(|(a, b)| a.iter().zip(b).take_while(|(x, y)| x == y).count())
        .collect();
    let same = base.iter().zip(&quant).filter(|(a, b)| a == b).count();
    let types: Vec<String> = q.types.iter().map(|(t, c)| format!("{c}x{t}")).collect();
    println!("weights {}", types.join(","));
    println!("quantized_mb {:.0}", q.bytes as f64 / 1e6);
    println!("prompts {n}");
    println!("new_tokens {new_tokens}");
    println!("identical {same}");
    println!("identical_share {:.2}", same as f64 / n as f64);
    println!(
        "mean_common_prefix {:.1}",
        common.iter().sum::<usize>() as f64 / n as f64
    );
    println!("f32_b1_tok_s {f32_b1:.1}");
    println!("quant_b1_tok_s {q_b1:.1}");
    println!("f32_b4_tok_s {f32_b4:.1}");
    println!("quant_b4_tok_s {q_b4:.1}");
    Ok(())
}
