//! The terminal progress bars of `tsp train`: over optimizer steps (loss, tokens per second, time
//! left), and over the pairs of a scoring pass.

use crate::trainer::StepLog;
use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar over optimizer steps, updated from each step's log.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Hidden when stderr is not a terminal (indicatif's default), so logs stay clean in CI.
    pub fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} steps  {msg}  ETA {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        Progress { bar }
    }

    pub fn update(&self, log: &StepLog, last_step: usize) {
        self.bar.set_length(last_step as u64);
        self.bar.set_position(log.step as u64);
        let mut msg = format!("loss {:.4}  {:.0} tok/s  lr {:.2e}", log.loss, log.tokens_per_s, log.lr);
        if let Some(d) = &log.dpo {
            msg.push_str(&format!("  acc {:.2}  margin {:.3}", d.reward_accuracy, d.margin));
        }
        self.bar.set_message(msg);
    }

    pub fn println(&self, line: &str) {
        self.bar.println(line);
    }

    pub fn finish(&self) {
        self.bar.finish();
    }
}

/// Runs a scoring pass (reference log-probs, evaluation) under a bar over its pairs, labelled
/// `label`: `work` gets the `(pairs done, pairs in all)` callback the passes take. The bar is hidden
/// when stderr is not a terminal and cleared when the pass ends.
pub fn with_pass_bar<T>(label: &str, work: impl FnOnce(&mut dyn FnMut(usize, usize)) -> T) -> T {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} pairs  {msg}  ETA {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(label.to_string());
    let out = work(&mut |done, all| {
        bar.set_length(all as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    out
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}
