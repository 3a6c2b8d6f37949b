//! Choosing the reader for a file by its content, not its extension.

use std::path::{Path, PathBuf};

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
    /// Where the file's SHA-256 comes from.
    pub sha256: FileHash,
}

/// How the SHA-256 of an opened file is obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileHash {
    /// Hashed up front: spreadsheets, which the parser reads by itself.
    Known(String),
    /// Left to the source, which hashes every byte it reads (`RowSource::sha256`), so a
    /// CSV file is read once, not twice. Its hash is missing when reading stopped before
    /// the end (no header found); then the file at `path` is hashed on its own. `path` is
    /// `None` for stdin, which cannot be read again.
    FromSource { path: Option<PathBuf> },
}

impl FileHash {
    /// The file's hash once reading is over: the known one, the source's, or the file
    /// hashed again. `None` when nothing can give it (stdin not read to the end, or the
    /// file vanished).
    pub fn resolve(self, source: &dyn RowSource) -> Option<String> {
        match self {
            FileHash::Known(hash) => Some(hash),
            FileHash::FromSource { path } => source
                .sha256()
                .or_else(|| sha256_file(path.as_deref()?).ok()),
        }
    }
}

/// Opens a file (`-` = stdin, always read as CSV) with the reader its content calls for.
/// A named pipe is read like stdin: once, as CSV, since looking at its start to tell
/// its kind would take that start away.
pub fn open(path: &Path, options: &OpenOptions) -> Result<Opened, SourceError> {
    let io_error = |source| SourceError::Io {
        path: path.to_owned(),
        source,
    };
    if path == Path::new("-") || is_pipe(path) {
        return Ok(Opened {
            source: Box::new(csv::open(path, &options.csv)?),
            notices: Vec::new(),
            // Neither can be read again to hash what was not read.
            sha256: FileHash::FromSource { path: None },
        });
    }
    let kind = detect::detect(path).map_err(io_error)?;
    match kind {
        FileKind::Csv => {
            let notices = detect::mismatch_notice(path, &kind).into_iter().collect();
            Ok(Opened {
                source: Box::new(csv::open(path, &options.csv)?),
                notices,
                sha256: FileHash::FromSource {
                    path: Some(path.to_owned()),
                },
            })
        }
        // Workbooks, and the kinds no reader takes (encrypted, unknown), which the
        // spreadsheet reader turns into their errors before reading anything.
        kind => {
            let source = excel::open(path, kind, &options.excel)?;
            // calamine reads the workbook itself, so it is hashed here.
            let hash = sha256_file(path).map_err(io_error)?;
            Ok(Opened {
                source: Box::new(source),
                notices: Vec::new(),
                sha256: FileHash::Known(hash),
            })
        }
    }
}

/// Whether `path` is a named pipe (never, on systems without them).
pub fn is_pipe(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Record;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn csv_hash_comes_from_the_decoder_after_the_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "a.csv", "a,b\n1,2\n3,4\n");
        let mut opened = open(&path, &OpenOptions::default()).expect("opens");
        assert_eq!(
            opened.sha256,
            FileHash::FromSource {
                path: Some(path.clone())
            }
        );
        let mut record = Record::default();
        while opened.source.next_record(&mut record).expect("reads") {}
        assert!(opened.source.sha256().is_some());
        let expected = sha256_file(&path).expect("hash");
        assert_eq!(
            opened.sha256.resolve(opened.source.as_ref()),
            Some(expected)
        );
    }

    #[test]
    fn csv_hash_falls_back_to_the_file_when_reading_stopped_early() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Larger than the decoder's 64 KiB chunk, so one record does not reach the end.
        let text = format!("a,b\n{}", "1,2\n".repeat(50_000));
        let path = write(dir.path(), "a.csv", &text);
        let mut opened = open(&path, &OpenOptions::default()).expect("opens");
        let mut record = Record::default();
        assert!(opened.source.next_record(&mut record).expect("reads"));
        assert_eq!(opened.source.sha256(), None);
        let expected = sha256_file(&path).expect("hash");
        assert_eq!(
            opened.sha256.resolve(opened.source.as_ref()),
            Some(expected)
        );
    }

    #[test]
    fn stdin_without_the_end_has_no_hash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "a.csv", "a,b\n1,2\n");
        let opened = open(&path, &OpenOptions::default()).expect("opens");
        let stdin = FileHash::FromSource { path: None };
        assert_eq!(stdin.resolve(opened.source.as_ref()), None);
    }
}
