//! Training objectives, written only with differentiable candle ops (no fused softmax kernels,
//! which have no backward and silently drop gradients).
//!
//! Conventions: `logits` are `[b, t, vocab]` for every input position; position `i` predicts token
//! `i + 1`, so per-token quantities are `[b, t - 1]` and masks select which targets count.

use crate::Result;
use candle_core::{DType, Tensor, D};

/// `log p(target)` per position: `logits [b, t, V]`, `targets [b, t]` (u32) → `[b, t]`.
///
/// A log-softmax composed from max (detached: the shift does not change the value), exp, sum, log,
/// and a gather, so the gradient is exactly `onehot - softmax`. Half-precision logits are promoted
/// to f32 first.
pub fn token_logprobs(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    let logits = match logits.dtype() {
        DType::F32 | DType::F64 => logits.clone(),
        _ => logits.to_dtype(DType::F32)?,
    };
    let max = logits.max_keepdim(D::Minus1)?.detach();
    let shifted = logits.broadcast_sub(&max)?;
    let lse = shifted.exp()?.sum_keepdim(D::Minus1)?.log()?;
    let picked = shifted.gather(&targets.unsqueeze(D::Minus1)?.contiguous()?, D::Minus1)?;
    Ok((picked - lse)?.squeeze(D::Minus1)?)
}

/// Next-token log-probs of a batch: `logits [b, t, V]` and `input_ids [b, t]` → `[b, t - 1]`,
/// entry `j` being `log p(input_ids[j + 1] | input_ids[..=j])`.
pub fn next_token_logprobs(logits: &Tensor, input_ids: &Tensor) -> Result<Tensor> {
    let (_b, t, _v) = logits.dims3()?;
    let logits = logits.narrow(1, 0, t - 1)?;
    let targets = input_ids.narrow(1, 1, t - 1)?;
    token_logprobs(&logits, &targets)
}

/// Sum of the masked per-token log-probs of each row: `[b, t-1]`, `[b, t-1]` → `[b]`.
pub fn sequence_logps(logp: &Tensor, mask: &Tensor) -> Result<Tensor> {
    Ok((logp * mask.to_dtype(logp.dtype())?)?.sum(1)?)
}

/// SFT: mean negative log-likelihood over the masked (response) tokens of the whole batch.
pub fn sft_loss(logp: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let mask = mask.to_dtype(logp.dtype())?;
    let n = mask.sum_all()?.to_dtype(DType::F64)?.to_scalar::<f64>()?.max(1.0);
    Ok(((logp * &mask)?.sum_all()? * (-1.0 / n))?)
}

/// `softplus(x) = log(1 + e^x)`, computed as `relu(x) + log(1 + e^-|x|)` so it never overflows.
pub fn softplus(x: &Tensor) -> Result<Tensor> {
    let tail = (x.abs()?.neg()?.exp()? + 1.0)?.log()?;
    Ok((x.relu()? + tail)?)
}

/// Inputs and hyper-parameters of the DPO sigmoid loss, all `[n]` per pair.
pub struct DpoInputs<'a> {
    /// Policy log-prob sums over the tokens after the shared prefix.
    pub policy_chosen: &'a Tensor,
    pub policy_rejected: &'a Tensor,
    /// Reference log-prob sums, computed once per round and stored with the pairs.
    pub ref_chosen: &'a Tensor,
    pub ref_rejected: &'a Tensor,
    pub beta: f64,
}

/// What one DPO loss evaluation reports besides the loss itself.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct DpoStats {
    /// Mean of `beta * (policy - ref)` on the chosen side.
    pub reward_chosen: f64,
    pub reward_rejected: f64,
    /// Share of pairs whose chosen reward exceeds the rejected one.
    pub reward_accuracy: f64,
    /// Mean of `reward_chosen - reward_rejected`.
    pub margin: f64,
}

/// DPO sigmoid loss `mean(-log σ(β((πc - rc) - (πr - rr))))` and its statistics.
pub fn dpo_loss(inp: &DpoInputs) -> Result<(Tensor, DpoStats)> {
    let chosen = (inp.policy_chosen - inp.ref_chosen)?;
    let rejected = (inp.policy_rejected - inp.ref_rejected)?;
    let logits = ((&chosen - &rejected)? * inp.beta)?;
    let loss = softplus(&logits.neg()?)?.mean_all()?;
    let rc: Vec<f64> = chosen.detach().to_dtype(DType::F64)?.to_vec1()?;
    let rr: Vec<f64> = rejected.detach().to_dtype(DType::F64)?.to_vec1()?;
    let n = rc.len().max(1) as f64;
    let stats = DpoStats {
        reward_chosen: inp.beta * rc.iter().sum::<f64>() / n,
        reward_rejected: inp.beta * rr.iter().sum::<f64>() / n,
        reward_accuracy: rc.iter().zip(&rr).filter(|(c, r)| c > r).count() as f64 / n,
        margin: inp.beta * rc.iter().zip(&rr).map(|(c, r)| c - r).sum::<f64>() / n,
    };
    Ok((loss, stats))
}

/// SafeCoder-style masked loss: likelihood on the changed tokens of the secure version
/// (`mask_secure`) plus unlikelihood `-log(1 - p)` on the changed tokens of the vulnerable version
/// (`mask_vulnerable`), each averaged over its own token count. `1 - p` is floored at 1e-5 so a
/// token the model is certain of does not give an infinite loss.
pub fn safecoder_loss(
    logp_secure: &Tensor,
    mask_secure: &Tensor,
    logp_vulnerable: &Tensor,
    mask_vulnerable: &Tensor,
) -> Result<Tensor> {
    let likelihood = sft_loss(logp_secure, mask_secure)?;
    let mask_v = mask_vulnerable.to_dtype(logp_vulnerable.dtype())?;
    let n_v = mask_v.sum_all()?.to_dtype(DType::F64)?.to_scalar::<f64>()?.max(1.0);
    let one_minus_p = logp_vulnerable.exp()?.neg()?.affine(1.0, 1.0)?.clamp(1e-5, 1.0)?;
    let unlikelihood = ((one_minus_p.log()? * &mask_v)?.sum_all()? * (-1.0 / n_v))?;
    Ok((likelihood + unlikelihood)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    #[test]
    fn token_logprobs_match_a_direct_log_softmax() -> Result<()> {
        let dev = Device::Cpu;
        let logits = Tensor::new(&[[[1.0f32, 2.0, 3.0], [1000.0, 0.0, -1000.0]]], &dev)?;
        let targets = Tensor::new(&[[2u32, 0]], &dev)?;
        let lp = token_logprobs(&logits, &targets)?.to_vec2::<f32>()?;
        let direct = 3.0 - (1f64.exp() + 2f64.exp() + 3f64.exp()).ln();
        assert!(close(lp[0][0] as f64, direct, 1e-6), "{lp:?}");
        assert!(lp[0][1].abs() < 1e-6, "large logits stay finite: {lp:?}");
        Ok(())
    }

    /// The analytic gradient of a masked SFT loss agrees with finite differences (f64).
    #[test]
    fn sft_gradient_matches_finite_differences() -> Result<()> {
        let dev = Device::Cpu;
        let vals: Vec<f64> = (0..2 * 3 * 4).map(|i| ((i * 37 % 11) as f64 - 5.0) * 0.3).collect();
        let w = Var::from_vec(vals.clone(), (2, 3, 4), &dev)?;
        let ids = Tensor::new(&[[0u32, 3, 1], [2, 2, 0]], &dev)?;
        let mask = Tensor::new(&[[1.0f64, 1.0], [0.0, 1.0]], &dev)?;
        let loss_of = |t: &Tensor| -> Result<Tensor> { sft_loss(&next_token_logprobs(t, &ids)?, &mask) };
        let grads = loss_of(w.as_tensor())?.backward()?;
        let g: Vec<f64> = grads.get(w.as_tensor()).unwrap().flatten_all()?.to_vec1()?;
        let eps = 1e-6;
        for i in 0..vals.len() {
            let mut plus = vals.clone();
            plus[i] += eps;
            let mut minus = vals.clone();
            minus[i] -= eps;
            let lp = loss_of(&Tensor::from_vec(plus, (2, 3, 4), &dev)?)?.to_scalar::<f64>()?;
            let lm = loss_of(&Tensor::from_vec(minus, (2, 3, 4), &dev)?)?.to_scalar::<f64>()?;
            let fd = (lp - lm) / (2.0 * eps);
            assert!(close(g[i], fd, 1e-5), "element {i}: analytic {} vs numeric {fd}", g[i]);
        }
        // The last position and the masked row-0 target get no gradient.
        assert!(
            g[20..24].iter().all(|&x| x == 0.0),
            "position t-1 predicts nothing: {:?}",
            &g[20..24]
        );
        assert!(g[12..16].iter().all(|&x| x == 0.0), "masked target: {:?}", &g[12..16]);
        Ok(())
    }

    #[test]
    fn dpo_loss_value_gradient_and_stats() -> Result<()> {
        let dev = Device::Cpu;
        let pc = Var::new(&[-10.0f64, -4.0], &dev)?;
        let pr = Var::new(&[-12.0f64, -3.0], &dev)?;
        let rc = Tensor::new(&[-11.0f64, -4.0], &dev)?;
        let rr = Tensor::new(&[-11.0f64, -4.0], &dev)?;
        let beta = 0.1;
        let (loss, stats) = dpo_loss(&DpoInputs {
            policy_chosen: pc.as_tensor(),
            policy_rejected: pr.as_tensor(),
            ref_chosen: &rc,
            ref_rejected: &rr,
            beta,
        })?;
        // Pair 0: margin (1) - (-1) = 2; pair 1: 0 - 1 = -1.
        let z = [0.2f64, -0.1];
        let expect: f64 = z.iter().map(|z| (1.0 + (-z).exp()).ln()).sum::<f64>() / 2.0;
        assert!(close(loss.to_scalar::<f64>()?, expect, 1e-12));
        assert_eq!(stats.reward_accuracy, 0.5);
        assert!(close(stats.margin, (0.2 - 0.1) / 2.0, 1e-12), "{stats:?}");
        assert!(close(stats.reward_chosen, 0.1 * (1.0 + 0.0) / 2.0, 1e-12));
        // d loss / d pc_i = -beta * sigmoid(-z_i) / n.
        let g = loss.backward()?;
        let gc: Vec<f64> = g.get(pc.as_tensor()).unwrap().to_vec1()?;
        let gr: Vec<f64> = g.get(pr.as_tensor()).unwrap().to_vec1()?;
        for i in 0..2 {
            let s = 1.0 / (1.0 + z[i].exp());
            assert!(close(gc[i], -beta * s / 2.0, 1e-12), "{gc:?}");
            assert!(close(gr[i], beta * s / 2.0, 1e-12), "{gr:?}");
        }
        Ok(())
    }

    #[test]
    fn softplus_is_stable_at_extremes() -> Result<()> {
        let x = Tensor::new(&[-1000.0f32, 0.0, 1000.0], &Device::Cpu)?;
        let y = softplus(&x)?.to_vec1::<f32>()?;
        assert_eq!(y[0], 0.0);
        assert!((y[1] - 2f32.ln()).abs() < 1e-6);
        assert_eq!(y[2], 1000.0);
        Ok(())
    }

    #[test]
    fn safecoder_pushes_secure_up_and_vulnerable_down() -> Result<()> {
        let dev = Device::Cpu;
        let ls = Var::new(&[[-1.0f64, -2.0]], &dev)?;
        let lv = Var::new(&[[-0.5f64, -3.0]], &dev)?;
        let ms = Tensor::new(&[[1.0f64, 0.0]], &dev)?;
        let mv = Tensor::new(&[[0.0f64, 1.0]], &dev)?;
        let loss = safecoder_loss(ls.as_tensor(), &ms, lv.as_tensor(), &mv)?;
        let expect = 1.0 - (1.0 - (-3.0f64).exp()).ln();
        assert!(close(loss.to_scalar::<f64>()?, expect, 1e-12));
        let g = loss.backward()?;
        let gs: Vec<f64> = g.get(ls.as_tensor()).unwrap().flatten_all()?.to_vec1()?;
        let gv: Vec<f64> = g.get(lv.as_tensor()).unwrap().flatten_all()?.to_vec1()?;
        assert!(gs[0] < 0.0 && gs[1] == 0.0, "descent raises the secure token: {gs:?}");
        assert!(
            gv[1] > 0.0 && gv[0] == 0.0,
            "descent lowers the vulnerable token: {gv:?}"
        );
        Ok(())
    }
}
