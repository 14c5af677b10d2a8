//! Picking the next token from a row of logits: greedy, or temperature + top-p with a seeded
//! generator.

use crate::rng::Rng;

/// Sampling settings. `temperature == 0` means greedy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SampleParams {
    pub temperature: f32,
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches `top_p`.
    pub top_p: f32,
}

impl Default for SampleParams {
    fn default() -> Self {
        Self {
            temperature: 0.7,
            top_p: 0.95,
        }
    }
}

/// The model's log-probability of every token (temperature 1, no top-p): `log_softmax(logits)`.
pub fn log_softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f64 = logits.iter().map(|&l| ((l - max) as f64).exp()).sum();
    let lse = max as f64 + sum.ln();
    logits.iter().map(|&l| (l as f64 - lse) as f32).collect()
}

/// Unnormalized tempered probabilities `(id, exp((l - max) / t))` and their sum.
fn tempered(logits: &[f32], max: f32, temperature: f32) -> (Vec<(u32, f64)>, f64) {
    let t = temperature as f64;
    let probs: Vec<(u32, f64)> = logits
        .iter()
        .enumerate()
        .map(|(i, &l)| (i as u32, ((l - max) as f64 / t).exp()))
        .collect();
    let total = probs.iter().map(|x| x.1).sum();
    (probs, total)
}

/// Picks a token. Returns it with its log-probability under the unmodified model
/// distribution (what scoring and DPO use), not under the tempered one.
pub fn sample(logits: &[f32], p: &SampleParams, rng: &mut Rng) -> (u32, f32) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let lse = max as f64 + logits.iter().map(|&l| ((l - max) as f64).exp()).sum::<f64>().ln();
    let lp = |i: usize| (logits[i] as f64 - lse) as f32;
    if p.temperature <= 0.0 {
        // Greedy; ties go to the lowest id, as torch.argmax does.
        let mut best = 0;
        for (i, &l) in logits.iter().enumerate() {
            if l > logits[best] {
                best = i;
            }
        }
        return (best as u32, lp(best));
    }
    let (mut probs, total) = tempered(logits, max, p.temperature);
    let mut keep = probs.len();
    if p.top_p < 1.0 {
        // The nucleus is almost always a few dozen tokens: select the top k (O(vocab)), sort only
        // those, and widen k in the rare case they do not reach top_p. Same order, and so the
        // same tokens, as sorting the whole vocabulary.
        let order = |a: &(u32, f64), b: &(u32, f64)| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(&b.0))
        };
        let n = probs.len();
        let mut k = n.min(64);
        loop {
            if k < n {
                probs.select_nth_unstable_by(k - 1, order);
            }
            probs[..k].sort_by(order);
            let mut cum = 0.0;
            if let Some(i) = probs[..k].iter().position(|x| {
                cum += x.1 / total;
                cum >= p.top_p as f64
            }) {
                keep = i + 1;
                break;
            }
            if k == n {
                break;
            }
            k = n.min(k * 8);
        }
    }
    let kept = &probs[..keep];
    let mass: f64 = kept.iter().map(|x| x.1).sum();
    let mut u = rng.uniform() * mass;
    for &(id, w) in kept {
        if u < w {
            return (id, lp(id as usize));
        }
        u -= w;
    }
    let id = kept[kept.len() - 1].0;
    (id, lp(id as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_max() {
        let mut r = Rng::new(1);
        let (id, lp) = sample(
            &[0.0, 3.0, 1.0],
            &SampleParams {
                temperature: 0.0,
                top_p: 1.0,
            },
            &mut r,
        );
        assert_eq!(id, 1);
        assert!((lp - log_softmax(&[0.0, 3.0, 1.0])[1]).abs() < 1e-6);
    }

    /// The full-sort nucleus sampler this module had before partial selection.
    fn sample_full_sort(logits: &[f32], p: &SampleParams, rng: &mut Rng) -> u32 {
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let (mut probs, total) = tempered(logits, max, p.temperature);
        probs.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
        let mut cum = 0.0;
        let keep = probs
            .iter()
            .position(|x| {
                cum += x.1 / total;
                cum >= p.top_p as f64
            })
            .map_or(probs.len(), |i| i + 1);
        let mass: f64 = probs[..keep].iter().map(|x| x.1).sum();
        let mut u = rng.uniform() * mass;
        for &(id, w) in &probs[..keep] {
            if u < w {
                return id;
            }
            u -= w;
        }
        probs[keep - 1].0
    }

    #[test]
    fn partial_selection_draws_what_a_full_sort_draws() {
        // A flat-ish vocabulary (nucleus of thousands of tokens, so k widens) and a peaked one,
        // with ties.
        let mut g = Rng::new(5);
        let flat: Vec<f32> = (0..5000).map(|_| g.uniform() as f32).collect();
        let peaked: Vec<f32> = (0..5000)
            .map(|i| if i % 97 == 0 { 8.0 } else { g.uniform() as f32 })
            .collect();
        for logits in [&flat, &peaked] {
            for top_p in [0.5, 0.9, 0.999] {
                let p = SampleParams {
                    temperature: 0.7,
                    top_p,
                };
                let (mut a, mut b) = (Rng::new(9), Rng::new(9));
                for _ in 0..50 {
                    assert_eq!(sample(logits, &p, &mut a).0, sample_full_sort(logits, &p, &mut b));
                }
            }
        }
    }

    #[test]
    fn top_p_excludes_the_tail_and_seed_repeats() {
        let logits = [5.0, 4.9, -10.0, -10.0];
        let p = SampleParams {
            temperature: 1.0,
            top_p: 0.9,
        };
        let draw = |seed| {
            let mut r = Rng::new(seed);
            (0..200).map(|_| sample(&logits, &p, &mut r).0).collect::<Vec<_>>()
        };
        let a = draw(7);
        assert!(a.iter().all(|&t| t < 2), "tail token sampled");
        assert!(a.contains(&0) && a.contains(&1));
        assert_eq!(a, draw(7));
        assert_ne!(a, draw(8));
    }
}
