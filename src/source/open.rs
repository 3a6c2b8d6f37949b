//! Choosing the reader for a file by its content, not its extension.

use std::path::Path;

use super::csv::{self, CsvOptions};
use super::encoding::sha256_file;
use super::{RowSource, SourceError, SourceNotice};

/// How to open exports.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub csv: CsvOptions,
}

/// An opened export.
pub struct Opened {
    pub source: Box<dyn RowSource>,
    /// Notices found while choosing the reader (an extension that lies).
    pub notices: Vec<SourceNotice>,
    /// The file's SHA-256, when it could be computed up front (not for stdin, whose hash
    /// the source computes while reading).
    pub sha256: Option<String>,
}

/// Opens a file (`-` = stdin) with the reader its content calls for.
pub fn open(path: &Path, options: &OpenOptions) -> Result<Opened, SourceError> {
    let sha256 = if path == Path::new("-") {
        None
    } else {
        Some(sha256_file(path).map_err(|source| SourceError::Io {
            path: path.to_owned(),
            source,
        })?)
    };
    let source = csv::open(path, &options.csv)?;
    Ok(Opened {
        source: Box::new(source),
        notices: Vec::new(),
        sha256,
    })
}
