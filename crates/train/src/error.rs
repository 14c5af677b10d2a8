//! The crate's one error type. Errors about input data carry the file and line they came from,
//! so the CLI can print `pairs.jsonl:42: missing field "chosen"`.

use std::path::PathBuf;

/// Errors from training: bad input data (with its location), I/O, tensor ops.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record in a data file could not be used.
    #[error("{}:{line}: {msg}", path.display())]
    Data { path: PathBuf, line: usize, msg: String },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A tensor operation failed (shape mismatch, missing tensor, ...).
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    /// Loading or running the model failed.
    #[error(transparent)]
    Model(#[from] tsp_model::Error),
    /// A checkpoint, adapter or configuration is inconsistent.
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
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }
}
