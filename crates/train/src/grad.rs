//! Gradient utilities over a candle `GradStore`: global-norm clipping (as
//! `torch.nn.utils.clip_grad_norm_`) and accumulation over micro-batches.

use crate::Result;
use candle_core::backprop::GradStore;
use candle_core::{DType, Tensor, Var};
use rayon::prelude::*;

/// The L2 norm of all gradients of `vars` taken together (variables without a gradient count 0).
pub fn grad_norm(grads: &GradStore, vars: &[Var]) -> Result<f64> {
    let mut sq = 0.0f64;
    for v in vars {
        if let Some(g) = grads.get(v.as_tensor()) {
            sq += sum_of_squares(g)?;
        }
    }
    Ok(sq.sqrt())
}

/// The sum of squares of a gradient's elements: one pass over contiguous CPU f32 data (a
/// squared copy of every gradient would be a weight-sized write per parameter), else tensor ops.
fn sum_of_squares(g: &Tensor) -> Result<f64> {
    if tsp_model::fused::supported(g) && g.is_contiguous() {
        let (s, l) = g.storage_and_layout();
        let data = tsp_model::fused::cpu_f32s(&s, l, "gradient")?;
        // Fixed chunks summed in order: the same result on any number of threads.
        let parts: Vec<f64> = data
            .par_chunks(1 << 14)
            .map(|c| c.iter().map(|&x| x as f64 * x as f64).sum())
            .collect();
        return Ok(parts.iter().sum());
    }
    Ok(g.to_dtype(DType::F32)?.sqr()?.sum_all()?.to_scalar::<f32>()? as f64)
}

/// The factor that clipping to `max_norm` multiplies every gradient by: PyTorch's
/// `max_norm / (norm + 1e-6)` when that is below 1, else 1. The trainer hands it to
/// [`crate::optim::AdamW::step_scaled`], which applies it while it reads each gradient.
pub fn clip_scale(norm: f64, max_norm: f64) -> f64 {
    let coef = max_norm / (norm + 1e-6);
    if coef < 1.0 {
        coef
    } else {
        1.0
    }
}

/// Scales the gradients of `vars` so their global norm is at most `max_norm` (as
/// `torch.nn.utils.clip_grad_norm_`), and returns the norm before clipping.
pub fn clip_grad_norm(grads: &mut GradStore, vars: &[Var], max_norm: f64) -> Result<f64> {
    let norm = grad_norm(grads, vars)?;
    let coef = clip_scale(norm, max_norm);
    if coef < 1.0 {
        for v in vars {
            if let Some(g) = grads.remove(v.as_tensor()) {
                grads.insert(v.as_tensor(), g.affine(coef, 0.0)?);
            }
        }
    }
    Ok(norm)
}

/// Sums the gradients of several micro-batches, keeping only those of the trainable `vars`
/// (the rest of a `GradStore` holds every intermediate activation's gradient and is dropped at
/// once, which bounds memory to one graph at a time).
pub struct GradAccumulator {
    vars: Vec<Var>,
    sums: Vec<Option<Tensor>>,
    micro_batches: usize,
}

impl GradAccumulator {
    pub fn new(vars: Vec<Var>) -> Self {
        let sums = vec![None; vars.len()];
        GradAccumulator {
            vars,
            sums,
            micro_batches: 0,
        }
    }

    /// Adds one micro-batch's gradients. Scale the loss by 1/accumulation before `backward` to get
    /// the mean over micro-batches.
    pub fn add(&mut self, grads: GradStore) -> Result<()> {
        let mut grads = grads;
        for (v, sum) in self.vars.iter().zip(self.sums.iter_mut()) {
            if let Some(g) = grads.remove(v.as_tensor()) {
                let g = g.detach();
                *sum = Some(match sum.take() {
                    Some(s) => (s + g)?,
                    None => g,
                });
            }
        }
        self.micro_batches += 1;
        Ok(())
    }

    pub fn micro_batches(&self) -> usize {
        self.micro_batches
    }

    /// The summed gradients as a `GradStore`, leaving the accumulator empty for the next step.
    pub fn take(&mut self) -> GradStore {
        let mut store = GradStore::default();
        for (v, sum) in self.vars.iter().zip(self.sums.iter_mut()) {
            if let Some(s) = sum.take() {
                store.insert(v.as_tensor(), s);
            }
        }
        self.micro_batches = 0;
        store
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn clipping_scales_to_max_norm_only_when_above() -> Result<()> {
        let dev = Device::Cpu;
        let a = Var::new(&[0.0f32, 0.0], &dev)?;
        let b = Var::new(&[0.0f32], &dev)?;
        let vars = vec![a.clone(), b.clone()];
        let mut g = GradStore::default();
        g.insert(a.as_tensor(), Tensor::new(&[3.0f32, 0.0], &dev)?);
        g.insert(b.as_tensor(), Tensor::new(&[4.0f32], &dev)?);
        let norm = clip_grad_norm(&mut g, &vars, 1.0)?;
        assert!((norm - 5.0).abs() < 1e-6);
        let ga = g.get(a.as_tensor()).unwrap().to_vec1::<f32>()?;
        let gb = g.get(b.as_tensor()).unwrap().to_vec1::<f32>()?;
        assert!(
            (ga[0] - 0.6).abs() < 1e-5 && (gb[0] - 0.8).abs() < 1e-5,
            "{ga:?} {gb:?}"
        );
        assert!((grad_norm(&g, &vars)? - 1.0).abs() < 1e-5);
        // Below the limit nothing changes.
        let norm = clip_grad_norm(&mut g, &vars, 10.0)?;
        assert!((norm - 1.0).abs() < 1e-5);
        assert!((g.get(b.as_tensor()).unwrap().to_vec1::<f32>()?[0] - 0.8).abs() < 1e-5);
        Ok(())
    }

    /// Accumulating two half-batches with the loss halved gives the full batch's gradient.
    #[test]
    fn accumulated_grads_equal_full_batch_grads() -> Result<()> {
        let dev = Device::Cpu;
        let w = Var::new(&[0.5f32, -1.0], &dev)?;
        let xs = Tensor::new(&[[1.0f32, 2.0], [3.0, -1.0], [0.5, 0.5], [2.0, 2.0]], &dev)?;
        let loss_of = |x: &Tensor| -> Result<Tensor> {
            let y = x.broadcast_mul(w.as_tensor())?.sum(1)?;
            Ok(y.sqr()?.mean_all()?)
        };
        let full = loss_of(&xs)?.backward()?;
        let mut acc = GradAccumulator::new(vec![w.clone()]);
        for i in 0..2 {
            let half = xs.narrow(0, i * 2, 2)?;
            acc.add((loss_of(&half)? * 0.5)?.backward()?)?;
        }
        assert_eq!(acc.micro_batches(), 2);
        let summed = acc.take();
        let a = full.get(w.as_tensor()).unwrap().to_vec1::<f32>()?;
        let b = summed.get(w.as_tensor()).unwrap().to_vec1::<f32>()?;
        for i in 0..2 {
            assert!((a[i] - b[i]).abs() < 1e-5, "{a:?} vs {b:?}");
        }
        assert_eq!(acc.micro_batches(), 0);
        assert!(acc.take().get(w.as_tensor()).is_none(), "take empties it");
        Ok(())
    }
}
