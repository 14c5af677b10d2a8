//! Generation, tree generation and scoring on the tiny fixture model.

mod common;
use common::*;
use tsp_model::generate::{generate, generate_ids, Finish, GenParams};
use tsp_model::sample::SampleParams;
use tsp_model::score::score;
use tsp_model::tree::{encode_with_nodes, generate_tree};

fn greedy(n: usize) -> GenParams {
    GenParams::greedy(n)
}

#[test]
fn same_seed_same_output() {
    // The untied fixture has logits of order 1, so sampling really varies with the seed.
    let m = tiny_model("qwen2", false);
    let tok = tiny_tokenizer();
    let p = GenParams {
        max_new_tokens: 20,
        sampling: SampleParams {
            temperature: 1.0,
            top_p: 0.9,
        },
        seed: 3,
        stop: vec![],
        stop_at_eos: false,
    };
    let prompts = vec!["def add(a, b):".to_string()];
    let a = generate(&m, &tok, &prompts, &p, |_, _| {}).unwrap();
    let b = generate(&m, &tok, &prompts, &p, |_, _| {}).unwrap();
    assert_eq!(a[0].tokens, b[0].tokens);
    assert_eq!(a[0].tokens.len(), 20);
    let c = generate(&m, &tok, &prompts, &GenParams { seed: 4, ..p.clone() }, |_, _| {}).unwrap();
    assert_ne!(a[0].tokens, c[0].tokens, "different seeds gave the same 20 tokens");
}

#[test]
fn batched_greedy_matches_one_by_one_and_streams() {
    let m = tiny_model("qwen2", false);
    let tok = tiny_tokenizer();
    let prompts: Vec<String> = ["import os\n", "x = 1", "def f():\n    return"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut streamed = vec![String::new(); 3];
    let batch = generate(&m, &tok, &prompts, &greedy(12), |i, s| streamed[i].push_str(s)).unwrap();
    for (i, p) in prompts.iter().enumerate() {
        let one = generate(&m, &tok, std::slice::from_ref(p), &greedy(12), |_, _| {}).unwrap();
        assert_eq!(batch[i].tokens, one[0].tokens, "prompt {i}");
        assert_eq!(streamed[i], batch[i].text, "stream of prompt {i}");
        for (a, b) in batch[i].logprobs.iter().zip(&one[0].logprobs) {
            assert!((a - b).abs() < 1e-4);
        }
    }
}

#[test]
fn stop_sequence_cuts_text() {
    let m = tiny_model("llama", true);
    let tok = tiny_tokenizer();
    let prompts = vec!["hello".to_string()];
    let full = generate(&m, &tok, &prompts, &greedy(24), |_, _| {}).unwrap().remove(0);
    // Pick a stop string from the middle of the greedy text (on char boundaries).
    let chars: Vec<char> = full.text.chars().collect();
    assert!(chars.len() >= 8, "too little text: {:?}", full.text);
    let stop: String = chars[5..7].iter().collect();
    let cut = full.text.find(&stop).unwrap();
    let p = GenParams {
        stop: vec![stop.clone()],
        ..greedy(24)
    };
    let g = generate(&m, &tok, &prompts, &p, |_, _| {}).unwrap().remove(0);
    assert_eq!(g.finish, Finish::Stop);
    assert_eq!(g.text, full.text[..cut]);
    assert!(g.tokens.len() < full.tokens.len());
}

#[test]
fn tree_branches_equal_generation_from_scratch() {
    let m = tiny_model("llama", true);
    let tok = tiny_tokenizer();
    let prompt = "<|im_start|>user\nwrite code<|im_end|>\n<|im_start|>assistant\n";
    let trunk = "import os\ndef run(cmd):\n    os.system(cmd)\n    return 0\n";
    let nodes = [10, 23, 41];
    let p = greedy(8);
    let out = generate_tree(&m, &tok, prompt, trunk, &nodes, 2, &p).unwrap();
    assert_eq!(out.branches.len(), 6);
    let (ids, node_len) = encode_with_nodes(&tok, prompt, trunk, &nodes).unwrap();
    for b in &out.branches {
        let prefix = ids[..node_len[b.node]].to_vec();
        let (alone, _) = generate_ids(&m, &tok, &[prefix], &p, &mut |_, _| {}).unwrap();
        assert_eq!(b.tokens, alone[0].tokens, "node {} sample {}", b.node, b.sample);
    }
    let trunk_len = *node_len.iter().max().unwrap();
    let fed: usize = out.branches.iter().map(|b| b.tokens.len() - 1).sum();
    assert_eq!(out.tokens_computed, trunk_len + fed);
    // Greedy samples at a node are identical, so each node's path counts once.
    assert_eq!(out.unique_tokens, trunk_len + 3 * 8);
}

#[test]
fn seeded_tree_is_reproducible_and_scores_match() {
    let m = tiny_model("qwen2", false);
    let tok = tiny_tokenizer();
    let p = GenParams {
        max_new_tokens: 10,
        sampling: SampleParams {
            temperature: 1.0,
            top_p: 1.0,
        },
        seed: 11,
        stop: vec![],
        stop_at_eos: false,
    };
    let a = generate_tree(&m, &tok, "p:", "abc\ndef\nghi\n", &[4, 8], 4, &p).unwrap();
    let b = generate_tree(&m, &tok, "p:", "abc\ndef\nghi\n", &[4, 8], 4, &p).unwrap();
    for (x, y) in a.branches.iter().zip(&b.branches) {
        assert_eq!(x.tokens, y.tokens);
    }
    assert!(
        a.branches
            .windows(2)
            .any(|w| w[0].node == w[1].node && w[0].tokens != w[1].tokens),
        "samples at a node all equal"
    );
    // Scoring the sampled branches after their prefixes gives back the sampling log-probs.
    let (ids, node_len) = encode_with_nodes(&tok, "p:", "abc\ndef\nghi\n", &[4, 8]).unwrap();
    let items: Vec<(Vec<u32>, Vec<u32>)> = a
        .branches
        .iter()
        .map(|br| (ids[..node_len[br.node]].to_vec(), br.tokens.clone()))
        .collect();
    let scored = score(&m, &items, 3).unwrap();
    for (s, br) in scored.iter().zip(&a.branches) {
        for (x, y) in s.token_logprobs.iter().zip(&br.logprobs) {
            assert!((x - y).abs() < 1e-3, "score {x} vs sample {y}");
        }
        assert!((s.sum - br.logprobs.iter().sum::<f32>()).abs() < 1e-2);
    }
}

#[test]
fn forked_caches_decode_independently() {
    // Both forks write into the buffer they share at first; copy-on-write keeps them apart.
    let m = tiny_model("llama", true);
    let dev = candle_core::Device::Cpu;
    let ids = |v: &[u32]| candle_core::Tensor::new(v, &dev).unwrap().unsqueeze(0).unwrap();
    let mut a = tsp_model::KvCache::with_capacity(m.layers.len(), 16);
    m.forward(&ids(&[5, 6, 7]), Some(&mut a), None).unwrap();
    let mut b = a.clone();
    let mut c = a.truncate(2).unwrap();
    let la = m.forward(&ids(&[8, 9]), Some(&mut a), None).unwrap();
    let lb = m.forward(&ids(&[10]), Some(&mut b), None).unwrap();
    let lc = m.forward(&ids(&[11]), Some(&mut c), None).unwrap();
    let full = |v: &[u32]| m.forward(&ids(v), None, None).unwrap();
    let last = |t: &candle_core::Tensor| t.get(0).unwrap().get(t.dim(1).unwrap() - 1).unwrap();
    assert!(max_abs_diff(&last(&la), &last(&full(&[5, 6, 7, 8, 9]))) < 1e-4);
    assert!(max_abs_diff(&last(&lb), &last(&full(&[5, 6, 7, 10]))) < 1e-4);
    assert!(max_abs_diff(&last(&lc), &last(&full(&[5, 6, 11]))) < 1e-4);
}
