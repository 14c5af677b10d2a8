//! The feed-forward's first half as one CPU op with a backward: `silu(x W_gᵀ) * (x W_uᵀ)`.
//!
//! As three ops (gate projection, up projection, SwiGLU) the backward of a training step pays, in
//! candle, a zero-filled gradient and an add for each of the two `[tokens, intermediate]`
//! projections, a stacked `[2, tokens, intermediate]` gradient, and a second add into the input's
//! gradient. Here the two pre-activations are kept inside the op for its backward (the three-op
//! graph kept them too) and the gradients of `x`, `W_g` and `W_u` come out of one pass.

use crate::fused::{f32s, gemm_acc, gemm_into, matrix_dims, swiglu_grad_into, swiglu_rows, with_last};
use candle_core::{bail, CpuStorage, CustomOp3, Layout, Result, Shape, Tensor};
use std::sync::Mutex;

struct GateUp {
    /// Keep the pre-activations `(g, u)` for the backward (only when a gradient is tracked).
    keep: bool,
    saved: Mutex<Option<(Vec<f32>, Vec<f32>)>>,
}

impl CustomOp3 for GateUp {
    fn name(&self) -> &'static str {
        "tsp-gate-up-swiglu"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let x = f32s(s1, l1, "feed-forward input")?;
        let (wg, wu) = (f32s(s2, l2, "gate weight")?, f32s(s3, l3, "up weight")?);
        let (m, k) = matrix_dims(l1)?;
        let (f, k2) = l2.shape().dims2()?;
        if l3.dims() != [f, k2] || k != k2 {
            bail!(
                "gate/up: input {:?} does not fit weights {:?} and {:?}",
                l1.dims(),
                l2.dims(),
                l3.dims()
            );
        }
        let (mut g, mut u) = (Vec::with_capacity(m * f), Vec::with_capacity(m * f));
        // W^T [k, f] is W [f, k] read with row stride 1 and column stride k.
        gemm_into(&mut g, (m, f, k), (x, k as isize, 1), (wg, 1, k as isize));
        gemm_into(&mut u, (m, f, k), (x, k as isize, 1), (wu, 1, k as isize));
        let y = swiglu_rows(&g, &u);
        if self.keep {
            *self.saved.lock().expect("gate/up state poisoned") = Some((g, u));
        }
        Ok((CpuStorage::F32(y), with_last(l1, f)))
    }

    fn bwd(
        &self,
        x: &Tensor,
        wg: &Tensor,
        wu: &Tensor,
        _y: &Tensor,
        dy: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let saved = self.saved.lock().expect("gate/up state poisoned");
        let Some((g, u)) = saved.as_ref() else {
            bail!("gate/up: backward without a saved forward (no gradient was tracked)")
        };
        let dy = dy.contiguous()?;
        let (dys, dyl) = dy.storage_and_layout();
        let dy = crate::fused::cpu_f32s(&dys, dyl, "feed-forward grad")?;
        let n = g.len();
        let (mut dg, mut du) = (vec![0f32; n], vec![0f32; n]);
        swiglu_grad_into(&mut dg, &mut du, g, u, dy);
        let (f, k) = wg.dims2()?;
        let m = n / f;
        let dev = x.device();
        let dx = if x.track_op() {
            let (wg, wu) = (wg.contiguous()?, wu.contiguous()?);
            let mut dx = Vec::with_capacity(m * k);
            crate::fused::with_f32(&wg, "gate weight", |w| {
                gemm_into(&mut dx, (m, k, f), (&dg, f as isize, 1), (w, k as isize, 1));
                Ok(())
            })?;
            crate::fused::with_f32(&wu, "up weight", |w| {
                gemm_acc(&mut dx, (m, k, f), (&du, f as isize, 1), (w, k as isize, 1), 1.0);
                Ok(())
            })?;
            Some(Tensor::from_vec(dx, x.shape(), dev)?)
        } else {
            None
        };
        let x = x.contiguous()?;
        // dW [f, k] = d^T [f, m] · x [m, k]; d^T is d [m, f] read with strides (1, f).
        let weight_grad = |d: &[f32], w: &Tensor| -> Result<Option<Tensor>> {
            if !w.track_op() {
                return Ok(None);
            }
            let mut dw = Vec::with_capacity(f * k);
            crate::fused::with_f32(&x, "feed-forward input", |x| {
                gemm_into(&mut dw, (f, k, m), (d, 1, f as isize), (x, k as isize, 1));
                Ok(())
            })?;
            Ok(Some(Tensor::from_vec(dw, (f, k), dev)?))
        };
        Ok((dx, weight_grad(&dg, wg)?, weight_grad(&du, wu)?))
    }
}

/// `silu(x W_gᵀ) * (x W_uᵀ)` for `x [.., in]` and `W_g`, `W_u` `[intermediate, in]` (CPU, f32;
/// differentiable in all three): SwiGLU's gate and up projections in one op.
pub fn gate_up_swiglu(x: &Tensor, w_gate: &Tensor, w_up: &Tensor) -> Result<Tensor> {
    let op = GateUp {
        keep: x.track_op() || w_gate.track_op() || w_up.track_op(),
        saved: Mutex::new(None),
    };
    x.contiguous()?
        .apply_op3(&w_gate.contiguous()?, &w_up.contiguous()?, op)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fused::tests::{max_abs, max_diff, rand};
    use crate::ops;

    #[test]
    fn matches_projections_then_swiglu_in_value_and_gradients() -> Result<()> {
        let x = rand(&[2, 5, 6], 1)?;
        let (wg, wu) = (rand(&[7, 6], 2)?, rand(&[7, 6], 3)?);
        let ours = gate_up_swiglu(&x, &wg, &wu)?;
        let want = ops::swiglu(&ops::linear(&x, &wg)?, &ops::linear(&x, &wu)?)?;
        assert_eq!(ours.dims(), &[2, 5, 7]);
        assert!(max_diff(&ours, &want) < 1e-5);
        let proj = rand(&[2, 5, 7], 4)?;
        let ga = (ours * proj.as_tensor())?.sum_all()?.backward()?;
        let gb = (want * proj.as_tensor())?.sum_all()?.backward()?;
        for (name, v) in [("x", &x), ("gate", &wg), ("up", &wu)] {
            let (a, b) = (ga.get(v.as_tensor()).unwrap(), gb.get(v.as_tensor()).unwrap());
            assert!(max_abs(b) > 0.0, "{name}: no gradient");
            assert!(max_diff(a, b) < 1e-5 * max_abs(b).max(1.0), "{name}: gradients differ");
        }
        // Frozen weights (LoRA, top blocks): only the input's gradient.
        let (fg, fu) = (wg.as_tensor().detach(), wu.as_tensor().detach());
        let g = gate_up_swiglu(&x, &fg, &fu)?.sum_all()?.backward()?;
        assert!(g.get(&fg).is_none() && g.get(&fu).is_none() && g.get(x.as_tensor()).is_some());
        Ok(())
    }
}
