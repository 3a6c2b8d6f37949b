//! Choosing the reader for a file by its content, not its extension.

use std::path::Path;

use super::csv::{self, CsvOptions};
use super::detect::{self, FileKind};
use super::encoding::sha256_file;
use super::excel::{self, ExcelOptions};
use super::{RowSource, SourceError, SourceNotice};

/// How to open exports.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub csv: CsvOptions,
    pub excel: ExcelOptions,
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

/// Opens a file (`-` = stdin, always read as CSV) with the reader its content calls for.
pub fn open(path: &Path, options: &OpenOptions) -> Result<Opened, SourceError> {
    let io_error = |source| SourceError::Io {
        path: path.to_owned(),
        source,
    };
    if path == Path::new("-") {
        return Ok(Opened {
            source: Box::new(csv::open(path, &options.csv)?),
            notices: Vec::new(),
            sha256: None,
        });
    }
    let kind = detect::detect(path).map_err(io_error)?;
    let sha256 = Some(sha256_file(path).map_err(io_error)?);
    let source: Box<dyn RowSource> = match kind {
        FileKind::Csv => {
            let notices = detect::mismatch_notice(path, &kind).into_iter().collect();
            return Ok(Opened {
                source: Box::new(csv::open(path, &options.csv)?),
                notices,
                sha256,
            });
        }
        FileKind::Encrypted => {
            return Err(SourceError::Encrypted {
                path: path.to_owned(),
            })
        }
        FileKind::Unknown { found } => {
            return Err(SourceError::UnknownFormat {
                path: path.to_owned(),
                found,
            })
        }
        kind => Box::new(excel::open(path, kind, &options.excel)?),
    };
    Ok(Opened {
        source,
        notices: Vec::new(),
        sha256,
    })
}
