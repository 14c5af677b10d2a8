//! Tree generation: every node of a task is a prefix of the same trunk (the golden program), so
//! the prompt and trunk are encoded once, the cache is forked at each node, and all branches of
//! all nodes are sampled together in one left-padded batch.

use crate::cache::KvCache;
use crate::error::{Error, Result};
use crate::generate::{decode_loop, Finish, GenParams, Row};
use crate::model::Model;
use crate::rng::Rng;
use crate::tokenizer::Tokenizer;
use candle_core::Tensor;
use std::collections::HashMap;

/// One sampled continuation at one node.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Branch {
    /// Index into the request's nodes.
    pub node: usize,
    /// Sample number at that node (0..k).
    pub sample: usize,
    pub tokens: Vec<u32>,
    pub text: String,
    /// Model log-probability of each token (temperature 1).
    pub logprobs: Vec<f32>,
    pub finish: Finish,
}

/// The branches and what they cost.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TreeOutput {
    /// Ordered by node, then sample.
    pub branches: Vec<Branch>,
    /// Token ids of prompt + trunk up to each node (the prefix each branch continues).
    pub node_prefix_len: Vec<usize>,
    /// Token positions actually run through the model.
    pub tokens_computed: usize,
    /// Distinct tokens in the tree: the shared prefix once, plus each distinct branch path.
    pub unique_tokens: usize,
}

/// Tokenizes `prompt` + `trunk` with a token boundary at every node, so each node's prefix is
/// exactly a prefix of the encoded ids. `nodes` are byte offsets into `trunk` (sorted or not,
/// at char boundaries). Returns the ids and the prefix length in tokens of each node.
pub fn encode_with_nodes(
    tok: &Tokenizer,
    prompt: &str,
    trunk: &str,
    nodes: &[usize],
) -> Result<(Vec<u32>, Vec<usize>)> {
    let mut cuts: Vec<usize> = nodes.to_vec();
    for &n in nodes {
        if n > trunk.len() || !trunk.is_char_boundary(n) {
            return Err(Error::Invalid(format!(
                "node offset {n} is not a char boundary of the trunk ({} bytes)",
                trunk.len()
            )));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut ids = tok.encode(prompt)?;
    let mut at: HashMap<usize, usize> = HashMap::new();
    let mut start = 0;
    for &c in &cuts {
        if c > start {
            ids.extend(tok.encode(&trunk[start..c])?);
        }
        at.insert(c, ids.len());
        start = c;
    }
    Ok((ids, nodes.iter().map(|n| at[n]).collect()))
}

/// Samples `k` continuations at each node of `trunk` (byte offsets `nodes`) after `prompt`.
/// Branch `(node i, sample j)` draws from seed stream `i << 32 | j`, so it does not depend on
/// how branches are batched.
pub fn generate_tree(
    model: &Model,
    tok: &Tokenizer,
    prompt: &str,
    trunk: &str,
    nodes: &[usize],
    k: usize,
    p: &GenParams,
) -> Result<TreeOutput> {
    let (ids, node_len) = encode_with_nodes(tok, prompt, trunk, nodes)?;
    generate_tree_ids(model, tok, &ids, &node_len, k, p)
}

/// `generate_tree` on ids: `node_len[i]` is the length of node i's prefix of `ids`.
pub fn generate_tree_ids(
    model: &Model,
    tok: &Tokenizer,
    ids: &[u32],
    node_len: &[usize],
    k: usize,
    p: &GenParams,
) -> Result<TreeOutput> {
    if node_len.is_empty() || k == 0 {
        return Ok(TreeOutput {
            branches: Vec::new(),
            node_prefix_len: node_len.to_vec(),
            tokens_computed: 0,
            unique_tokens: 0,
        });
    }
    if node_len.iter().any(|&l| l == 0 || l > ids.len()) {
        return Err(Error::Invalid(
            "generate_tree: every node needs a non-empty prefix within the ids".into(),
        ));
    }
    let trunk_len = *node_len.iter().max().unwrap();
    if trunk_len + p.max_new_tokens > model.max_positions() {
        return Err(Error::Invalid(format!(
            "trunk plus {} new tokens exceeds the context window {}",
            p.max_new_tokens,
            model.max_positions()
        )));
    }
    let dev = model.device();
    // Encode prompt + trunk once, up to the deepest node.
    let mut trunk_cache = model.new_cache();
    let input = Tensor::new(&ids[..trunk_len], dev)?.unsqueeze(0)?;
    let h = model.forward_hidden(&input, Some(&mut trunk_cache), None)?.squeeze(0)?; // [L, hidden]
                                                                                     // Logits predicting each node's first new token come from the position before the node.
    let pos: Vec<u32> = node_len.iter().map(|&l| (l - 1) as u32).collect();
    let node_logits = model.logits(&h.index_select(&Tensor::new(pos.as_slice(), dev)?, 0)?)?; // [n, vocab]
                                                                                              // Fork: one cache row per branch, each the trunk cut at its node, left-padded together.
    let forks: Vec<KvCache> = node_len
        .iter()
        .map(|&l| trunk_cache.truncate(l))
        .collect::<candle_core::Result<_>>()?;
    let mut refs = Vec::with_capacity(node_len.len() * k);
    let mut row_node = Vec::with_capacity(node_len.len() * k);
    for (i, f) in forks.iter().enumerate() {
        for _ in 0..k {
            refs.push(f);
            row_node.push(i as u32);
        }
    }
    // Room for every new token up front, so decoding writes in place and never reallocates.
    let cache = KvCache::stack_left_padded(&refs, p.max_new_tokens)?;
    let first = node_logits.index_select(&Tensor::new(row_node.as_slice(), dev)?, 0)?;
    let mut rows: Vec<Row> = (0..node_len.len())
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .map(|(i, j)| Row::new(Rng::stream(p.seed, ((i as u64) << 32) | j as u64)))
        .collect();
    let stats = decode_loop(model, tok, cache, first, &mut rows, p, &mut |_, _| {})?;
    let mut branches = Vec::with_capacity(rows.len());
    for (r, row) in rows.into_iter().enumerate() {
        let g = row.into_generation();
        branches.push(Branch {
            node: r / k,
            sample: r % k,
            tokens: g.tokens,
            text: g.text,
            logprobs: g.logprobs,
            finish: g.finish,
        });
    }
    let unique = trunk_len + count_unique(&branches, node_len);
    Ok(TreeOutput {
        branches,
        node_prefix_len: node_len.to_vec(),
        tokens_computed: trunk_len + stats.tokens_computed,
        unique_tokens: unique,
    })
}

/// Distinct (prefix, token) paths over all branches: identical samples at a node count once.
fn count_unique(branches: &[Branch], node_len: &[usize]) -> usize {
    let mut trie: HashMap<(usize, u32), usize> = HashMap::new();
    for b in branches {
        // Root of each node's subtree is keyed by its prefix length (nodes at equal depth share it).
        let mut parent = usize::MAX - node_len[b.node];
        for &t in &b.tokens {
            let next = trie.len();
            parent = *trie.entry((parent, t)).or_insert(next);
        }
    }
    trie.len()
}
