//! Errors that say where the bad input is: `path:line: message`, like a compiler.

use std::path::PathBuf;

/// An error reading or writing task data. Display gives `path:line: message` (or `path: message`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A bad record at a known line (1-based).
    #[error("{}:{line}: {message}", path.display())]
    Record {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A bad file where no single line is to blame.
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
    pub(crate) fn record(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Error {
        Error::Record {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
    pub(crate) fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::File {
            path: path.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
