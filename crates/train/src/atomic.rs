//! Writes that never leave a half-written file: write beside the target, then rename.

use crate::{Error, Result};
use candle_core::Tensor;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".tmp{}", std::process::id()));
    path.with_file_name(name)
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = tmp_path(path);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Writes pretty JSON atomically.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::invalid(e.to_string()))?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Saves tensors as safetensors atomically. `metadata` goes into the header; transformers and PEFT
/// expect `{"format": "pt"}` there.
pub fn save_safetensors(
    path: &Path,
    tensors: &HashMap<String, Tensor>,
    metadata: Option<HashMap<String, String>>,
) -> Result<()> {
    let tmp = tmp_path(path);
    let mut sorted: Vec<(&String, &Tensor)> = tensors.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    // Tensors must be contiguous for the serializer to take their bytes.
    let owned: Vec<(String, Tensor)> = sorted
        .into_iter()
        .map(|(k, t)| Ok((k.clone(), t.contiguous()?)))
        .collect::<Result<_>>()?;
    safetensors::serialize_to_file(owned, metadata, &tmp)
        .map_err(|e| Error::invalid(format!("{}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn atomic_writes_replace_and_leave_no_temp_files() -> Result<()> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        write_json(&p, &serde_json::json!({"a": 1}))?;
        write_json(&p, &serde_json::json!({"a": 2}))?;
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\n  \"a\": 2\n}\n");
        let t = dir.path().join("t.safetensors");
        let mut m = HashMap::new();
        m.insert(
            "w".to_string(),
            Tensor::new(&[[1.0f32, 2.0], [3.0, 4.0]], &Device::Cpu)?.t()?,
        );
        save_safetensors(&t, &m, Some(HashMap::from([("format".to_string(), "pt".to_string())])))?;
        let back = candle_core::safetensors::load(&t, &Device::Cpu)?;
        assert_eq!(
            back["w"].to_vec2::<f32>()?,
            vec![vec![1.0, 3.0], vec![2.0, 4.0]],
            "transposed view saved as laid out"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        Ok(())
    }
}
