//! Training checkpoints: everything needed to resume a run exactly (trainable weights, optimizer
//! moments and step, data order and cursor, RNG state, the config), written to a fresh directory
//! and swapped in by renames so a crash never leaves a half-written checkpoint.
//!
//! Layout of `OUT/checkpoint/`: `trainable.safetensors`, `optimizer.safetensors`, `state.json`.

use crate::optim::AdamW;
use crate::{Error, Result};
use candle_core::{Device, Tensor, Var};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where a run stands: enough, with the weights and optimizer, to continue it exactly.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TrainState {
    /// Optimizer steps done.
    pub step: usize,
    pub epoch: usize,
    /// Next position in `order`.
    pub cursor: usize,
    /// This epoch's example order (a seeded permutation).
    pub order: Vec<usize>,
    /// The shuffling RNG's state after drawing `order`.
    pub rng: u64,
    /// Tokens processed (real, not padding).
    pub tokens_seen: u64,
}

/// `state.json`: the state and the config that produced it.
#[derive(Serialize, Deserialize)]
struct StateFile {
    state: TrainState,
    config: serde_json::Value,
}

/// A loaded checkpoint.
pub struct Checkpoint {
    pub state: TrainState,
    pub config: serde_json::Value,
    pub trainable: HashMap<String, Tensor>,
    pub optimizer: HashMap<String, Tensor>,
}

const DIR: &str = "checkpoint";

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    out.join(format!("{DIR}{suffix}"))
}

/// Writes `out/checkpoint/` atomically: into `checkpoint.tmp`, then old → `checkpoint.old`,
/// tmp → `checkpoint`, and the old one removed.
pub fn save(out: &Path, state: &TrainState, config: &serde_json::Value, opt: &AdamW) -> Result<()> {
    let tmp = sibling(out, ".tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let weights: HashMap<String, Tensor> = opt
        .named_vars()
        .map(|(n, v)| (n.to_string(), v.as_tensor().clone()))
        .collect();
    crate::atomic::save_safetensors(&tmp.join("trainable.safetensors"), &weights, None)?;
    opt.save(&tmp.join("optimizer.safetensors"))?;
    crate::atomic::write_json(
        &tmp.join("state.json"),
        &StateFile {
            state: state.clone(),
            config: config.clone(),
        },
    )?;
    let cur = sibling(out, "");
    let old = sibling(out, ".old");
    if cur.exists() {
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        std::fs::rename(&cur, &old).map_err(|e| Error::io(&cur, e))?;
    }
    std::fs::rename(&tmp, &cur).map_err(|e| Error::io(&tmp, e))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(())
}

/// The checkpoint directory to resume from, if any: `checkpoint`, or `checkpoint.old` when a crash
/// came between the two renames.
pub fn find(out: &Path) -> Option<PathBuf> {
    [sibling(out, ""), sibling(out, ".old")]
        .into_iter()
        .find(|p| p.join("state.json").is_file())
}

pub fn load(dir: &Path) -> Result<Checkpoint> {
    let state_path = dir.join("state.json");
    let text = std::fs::read_to_string(&state_path).map_err(|e| Error::io(&state_path, e))?;
    let file: StateFile =
        serde_json::from_str(&text).map_err(|e| Error::invalid(format!("{}: {e}", state_path.display())))?;
    let read = |name: &str| -> Result<HashMap<String, Tensor>> {
        let p = dir.join(name);
        candle_core::safetensors::load(&p, &Device::Cpu).map_err(|e| Error::invalid(format!("{}: {e}", p.display())))
    };
    Ok(Checkpoint {
        state: file.state,
        config: file.config,
        trainable: read("trainable.safetensors")?,
        optimizer: read("optimizer.safetensors")?,
    })
}

/// Copies saved values into the trainable variables; every variable must be in the checkpoint.
pub fn restore_vars(saved: &HashMap<String, Tensor>, vars: &[(String, Var)]) -> Result<()> {
    for (name, var) in vars {
        let t = saved
            .get(name)
            .ok_or_else(|| Error::invalid(format!("checkpoint lacks trainable weight {name}")))?;
        if t.dims() != var.dims() {
            return Err(Error::invalid(format!(
                "checkpoint weight {name} has shape {:?}, model has {:?}",
                t.dims(),
                var.dims()
            )));
        }
        var.set(&t.to_device(var.device())?.to_dtype(var.dtype())?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::AdamWConfig;

    #[test]
    fn save_load_round_trip_and_recovery_from_interrupted_swap() -> Result<()> {
        let dir = tempfile::tempdir().unwrap();
        let w = Var::new(&[1.0f32, 2.0], &Device::Cpu)?;
        let opt = AdamW::new(vec![("w".into(), w.clone())], AdamWConfig::default())?;
        let state = TrainState {
            step: 3,
            epoch: 1,
            cursor: 2,
            order: vec![2, 0, 1],
            rng: 99,
            tokens_seen: 10,
        };
        let cfg = serde_json::json!({"lr": 1e-3});
        save(dir.path(), &state, &cfg, &opt)?;
        save(
            dir.path(),
            &TrainState {
                step: 4,
                ..state.clone()
            },
            &cfg,
            &opt,
        )?;
        let found = find(dir.path()).unwrap();
        assert!(found.ends_with("checkpoint"));
        let ck = load(&found)?;
        assert_eq!(ck.state.step, 4);
        assert_eq!(ck.config, cfg);
        w.set(&Tensor::new(&[0.0f32, 0.0], &Device::Cpu)?)?;
        restore_vars(&ck.trainable, &[("w".into(), w.clone())])?;
        assert_eq!(w.as_tensor().to_vec1::<f32>()?, vec![1.0, 2.0]);
        // A crash after "checkpoint -> checkpoint.old" but before "tmp -> checkpoint".
        std::fs::rename(dir.path().join("checkpoint"), dir.path().join("checkpoint.old")).unwrap();
        assert!(find(dir.path()).unwrap().ends_with("checkpoint.old"));
        // A weight missing from the checkpoint is an error, not a silent fresh start.
        let other = Var::new(&[0.0f32], &Device::Cpu)?;
        assert!(restore_vars(&ck.trainable, &[("v".into(), other)]).is_err());
        Ok(())
    }
}
