//! Checks a zip container (xlsx, xlsm, xlsb, ods) before the workbook parser touches it:
//! a few kilobytes can declare gigabytes of XML, and the parser loads some parts whole.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use crate::source::SourceError;

/// Limits for a zip container. The defaults admit any real departmental export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Sum of the declared uncompressed sizes of all entries.
    pub max_total_uncompressed: u64,
    /// Largest compression ratio allowed for an entry bigger than `ratio_min_size`.
    pub max_ratio: u64,
    /// Entries smaller than this (uncompressed) may have any ratio: small XML parts of
    /// repeated markup compress very well and are harmless.
    pub ratio_min_size: u64,
    pub max_entries: usize,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_total_uncompressed: 1024 * 1024 * 1024,
            max_ratio: 100,
            ratio_min_size: 1024 * 1024,
            max_entries: 10_000,
        }
    }
}

fn too_large(path: &Path, what: String, limit: u64) -> SourceError {
    SourceError::TooLarge {
        path: path.to_owned(),
        what,
        limit,
    }
}

fn unreadable(path: &Path, message: String) -> SourceError {
    SourceError::Unreadable {
        path: path.to_owned(),
        message,
    }
}

/// Checks the entries of the zip at `path` against `limits` from the central directory,
/// without decompressing anything. Declared sizes can be trusted as upper bounds: the zip
/// reader refuses to return more bytes than an entry declares ("File is larger than its
/// declared uncompressed size"), so a lying entry fails instead of growing.
pub fn check(path: &Path, limits: &ZipLimits) -> Result<(), SourceError> {
    let file = File::open(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        unreadable(
            path,
            format!("damaged or truncated zip container / zip 容器损坏或不完整: {e}"),
        )
    })?;
    if archive.len() > limits.max_entries {
        return Err(too_large(
            path,
            "zip entries / zip 条目数".to_owned(),
            limits.max_entries as u64,
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| unreadable(path, format!("damaged zip entry / zip 条目损坏: {e}")))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if total > limits.max_total_uncompressed {
            return Err(too_large(
                path,
                "uncompressed size of the workbook (zip bomb?) / 工作簿解压后大小（疑似 zip 炸弹）"
                    .to_owned(),
                limits.max_total_uncompressed,
            ));
        }
        if size >= limits.ratio_min_size && size / compressed > limits.max_ratio {
            return Err(too_large(
                path,
                format!(
                    "compression ratio of {} ({}:1, zip bomb?) / {} 的压缩比（疑似 zip 炸弹）",
                    name,
                    size / compressed,
                    name
                ),
                limits.max_ratio,
            ));
        }
    }
    Ok(())
}
