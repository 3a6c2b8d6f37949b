//! Reading a whole file (a dictionary part, a config, a mapping) within a size budget.
//!
//! The size a file's metadata reports is no bound: `/dev/zero` and `/proc` files report 0
//! and never end, and a FIFO blocks the reader until someone writes. So only regular
//! files are read, and never more than the budget plus one byte, whatever the metadata
//! says.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use crate::text::Text;

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// A device, FIFO, socket or folder: not a file to read whole.
    NotRegular,
    /// More bytes than the budget.
    TooLarge {
        limit: u64,
    },
    /// Not UTF-8 text (`read_text` only).
    NotUtf8,
    Io(io::Error),
}

impl ReadError {
    /// What went wrong, in both languages, without the file's content.
    pub fn describe(&self) -> Text {
        match self {
            ReadError::NotRegular => Text::new(
                "不是普通文件（设备、管道或文件夹）",
                "not a regular file (a device, pipe or folder)",
            ),
            ReadError::TooLarge { limit } => Text::new(
                format!("文件大于 {limit} 字节"),
                format!("the file is larger than {limit} bytes"),
            ),
            ReadError::NotUtf8 => Text::new("不是 UTF-8 文本", "not UTF-8 text"),
            ReadError::Io(e) => Text::new(e.to_string(), e.to_string()),
        }
    }
}

/// Reads the regular file at `path` (symbolic links followed) if it has at most `limit`
/// bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // Checked before opening: opening a FIFO for reading waits for a writer.
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    // The file may have been swapped between the two calls: check what was opened.
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// `read_bytes` as UTF-8 text, a leading byte order mark removed.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit)?;
    let mut text = String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_within_the_budget_and_refuses_beyond() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        fs::write(&path, "\u{feff}abc").unwrap();
        assert_eq!(read_text(&path, 6).unwrap(), "abc");
        assert!(matches!(
            read_text(&path, 5),
            Err(ReadError::TooLarge { limit: 5 })
        ));
        fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&path, 5), Err(ReadError::NotUtf8)));
        assert!(matches!(
            read_text(dir.path(), 5),
            Err(ReadError::NotRegular)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_reading() {
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotRegular)
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Would wait for a writer forever if it were opened.
        assert!(matches!(read_bytes(&fifo, 10), Err(ReadError::NotRegular)));
    }
}
