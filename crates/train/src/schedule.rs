//! The learning-rate schedule: linear warm-up, then cosine decay to `min_lr`. A pure function of
//! the step, so a resumed run needs nothing but the step number to continue the schedule.

/// Learning rate for optimizer step `step` (0-based) of `total_steps`.
///
/// Warm-up rises linearly and reaches `peak` on step `warmup_steps - 1` (step 0 already moves the
/// weights, unlike schedules that start at 0); cosine decay then runs over the remaining steps and
/// would reach `min_lr` one step after the last.
pub fn learning_rate(step: usize, total_steps: usize, warmup_steps: usize, peak: f64, min_lr: f64) -> f64 {
    if step < warmup_steps {
        return peak * (step + 1) as f64 / warmup_steps as f64;
    }
    let decay_steps = total_steps.saturating_sub(warmup_steps).max(1);
    let progress = ((step - warmup_steps) as f64 / decay_steps as f64).min(1.0);
    min_lr + (peak - min_lr) * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos())
}

/// Warm-up steps for a warm-up given as a fraction of the run (the paper uses 10%).
pub fn warmup_steps(total_steps: usize, warmup_ratio: f64) -> usize {
    (total_steps as f64 * warmup_ratio).ceil() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warmup_is_linear_and_reaches_peak() {
        let lrs: Vec<f64> = (0..4).map(|s| learning_rate(s, 100, 4, 1e-3, 0.0)).collect();
        assert_eq!(lrs, vec![2.5e-4, 5e-4, 7.5e-4, 1e-3]);
    }

    #[test]
    fn cosine_decays_monotonically_to_min() {
        let total = 20;
        let lrs: Vec<f64> = (0..total).map(|s| learning_rate(s, total, 2, 1.0, 0.1)).collect();
        assert_eq!(lrs[2], 1.0, "decay starts at peak");
        for w in lrs[2..].windows(2) {
            assert!(w[1] < w[0], "{lrs:?}");
        }
        // Half way through the decay the cosine is at its midpoint.
        assert!((learning_rate(11, total, 2, 1.0, 0.1) - 0.55).abs() < 1e-12);
        assert!(lrs[total - 1] > 0.1 && lrs[total - 1] < 0.12);
        // Past the end it stays at the floor.
        assert!((learning_rate(500, total, 2, 1.0, 0.1) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn no_warmup_starts_at_peak_and_ratio_rounds_up() {
        assert_eq!(learning_rate(0, 10, 0, 2e-5, 0.0), 2e-5);
        assert_eq!(warmup_steps(25, 0.1), 3);
        assert_eq!(warmup_steps(10, 0.0), 0);
    }
}
