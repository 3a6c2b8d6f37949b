//! What a file really is, from its bytes: departments send `.xls` files that are web pages,
//! `.csv` files that are workbooks and `.xlsx` files that are CSV, so the extension is only
//! compared with the content, never trusted.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use crate::finding::Code;
use crate::source::SourceNotice;
use crate::text::Text;

/// The format of a file as its content shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// Text: CSV, TSV or another delimited file (any encoding; also an empty file).
    Csv,
    Xlsx,
    /// An Office Open XML workbook with macros.
    Xlsm,
    Xlsb,
    /// A BIFF workbook in an OLE container (Excel 97–2003, or BIFF5).
    Xls,
    Ods,
    /// An OLE container holding an encrypted Office Open XML package: a workbook saved
    /// with a password to open.
    Encrypted,
    /// Not a format govdict reads; `found` says what it looks like (`PDF document`).
    Unknown {
        found: String,
    },
}

impl FileKind {
    /// The name used in reports (`SourceInfo.format`).
    pub fn as_str(&self) -> &'static str {
        match self {
            FileKind::Csv => "csv",
            FileKind::Xlsx => "xlsx",
            FileKind::Xlsm => "xlsm",
            FileKind::Xlsb => "xlsb",
            FileKind::Xls => "xls",
            FileKind::Ods => "ods",
            FileKind::Encrypted => "encrypted",
            FileKind::Unknown { .. } => "unknown",
        }
    }

    /// Whether the spreadsheet reader (`source::excel`) reads this kind.
    pub fn is_spreadsheet(&self) -> bool {
        matches!(
            self,
            FileKind::Xlsx | FileKind::Xlsm | FileKind::Xlsb | FileKind::Xls | FileKind::Ods
        )
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// How much of the start of a file the text/binary decision looks at.
const HEAD_LEN: usize = 8 * 1024;
/// How much of an OLE file is searched for the encrypted-package stream name.
const OLE_SCAN_LIMIT: u64 = 256 * 1024 * 1024;
/// `[Content_Types].xml` and `mimetype` are tiny; anything bigger is not read.
const SMALL_ENTRY_LIMIT: u64 = 1024 * 1024;

/// Looks at the content of `path` and says what format it is.
///
/// An `Err` means the file could not be read; a file of an unknown format is
/// `Ok(FileKind::Unknown { .. })`.
pub fn detect(path: &Path) -> io::Result<FileKind> {
    let mut file = File::open(path)?;
    let mut head = Vec::with_capacity(HEAD_LEN);
    (&mut file).take(HEAD_LEN as u64).read_to_end(&mut head)?;
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        file.seek(SeekFrom::Start(0))?;
        return Ok(detect_zip(file));
    }
    if head.starts_with(&OLE_MAGIC) {
        file.seek(SeekFrom::Start(0))?;
        return Ok(if ole_holds_encrypted_package(file)? {
            FileKind::Encrypted
        } else {
            FileKind::Xls
        });
    }
    Ok(detect_head(&head))
}

/// Classifies a file that is neither a zip nor an OLE container from its first bytes.
fn detect_head(head: &[u8]) -> FileKind {
    let unknown = |found: &str| FileKind::Unknown {
        found: found.to_owned(),
    };
    const MAGICS: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF document / PDF 文档"),
        (b"\x1F\x8B", "gzip data / gzip 压缩数据"),
        (b"\x89PNG", "PNG image / PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG image / JPEG 图片"),
        (b"GIF8", "GIF image / GIF 图片"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive / 7-Zip 压缩包"),
        (b"Rar!", "RAR archive / RAR 压缩包"),
        (b"BZh", "bzip2 data / bzip2 压缩数据"),
        (b"\xFD7zXZ\x00", "xz data / xz 压缩数据"),
        (b"{\\rtf", "RTF document / RTF 文档"),
    ];
    for (magic, found) in MAGICS {
        if head.starts_with(magic) {
            return unknown(found);
        }
    }
    if head.is_empty() {
        // An empty file is an empty CSV: the CSV reader reports it as such.
        return FileKind::Csv;
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || looks_utf16(head) {
        return FileKind::Csv;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if control > 0 && (head.contains(&0) || control * 20 > head.len()) {
        let start: Vec<String> = head.iter().take(4).map(|b| format!("{b:02X}")).collect();
        return FileKind::Unknown {
            found: format!(
                "binary data starting {} / 以 {} 开头的二进制数据",
                start.join(" "),
                start.join(" ")
            ),
        };
    }
    let text = String::from_utf8_lossy(head);
    let start = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<table")
    {
        return unknown(
            "HTML document (a web page saved with a spreadsheet extension?) / HTML 网页文件",
        );
    }
    if start.starts_with("<?xml") {
        if start.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return unknown("Excel 2003 XML spreadsheet (save it as .xlsx) / Excel 2003 XML 表格（请另存为 .xlsx）");
        }
        return unknown("XML document / XML 文档");
    }
    FileKind::Csv
}

/// UTF-16 text without a byte order mark: ASCII characters leave every other byte zero.
fn looks_utf16(head: &[u8]) -> bool {
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let other = even_zero.min(odd_zero);
    (even_zero.max(odd_zero) * 10 >= pairs * 6) && other * 10 < pairs
}

/// Entry name as calamine matches it: case-insensitive, either slash.
fn normalise(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

fn detect_zip(file: File) -> FileKind {
    let mut archive = match zip::ZipArchive::new(io::BufReader::new(file)) {
        Ok(a) => a,
        Err(e) => {
            return FileKind::Unknown {
                found: format!("damaged or truncated zip archive / 损坏或不完整的 zip 文件 ({e})"),
            }
        }
    };
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.map(|n| normalise(&n)).unwrap_or_default())
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let read_small = |archive: &mut zip::ZipArchive<io::BufReader<File>>, wanted: &str| {
        let index = archive
            .file_names()
            .position(|n| n.is_ok_and(|n| normalise(&n) == wanted))?;
        let entry = archive.by_index(index).ok()?;
        let mut text = String::new();
        entry
            .take(SMALL_ENTRY_LIMIT)
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    };
    if has("mimetype") {
        let mime = read_small(&mut archive, "mimetype").unwrap_or_default();
        let mime = mime.trim();
        if mime == "application/vnd.oasis.opendocument.spreadsheet" {
            return FileKind::Ods;
        }
        if !mime.is_empty() {
            return FileKind::Unknown {
                found: format!("OpenDocument file of type {mime} / 非表格的 OpenDocument 文件"),
            };
        }
    }
    if has("[content_types].xml") {
        let types = read_small(&mut archive, "[content_types].xml")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if types.contains("sheet.binary.macroenabled.main") {
            return FileKind::Xlsb;
        }
        if types.contains("sheet.macroenabled.main") || types.contains("template.macroenabled.main")
        {
            return FileKind::Xlsm;
        }
        if types.contains("spreadsheetml.sheet.main")
            || types.contains("spreadsheetml.template.main")
        {
            return if has("xl/vbaproject.bin") {
                FileKind::Xlsm
            } else {
                FileKind::Xlsx
            };
        }
        if types.contains("wordprocessingml") {
            return FileKind::Unknown {
                found: "Word document / Word 文档".to_owned(),
            };
        }
        if types.contains("presentationml") {
            return FileKind::Unknown {
                found: "PowerPoint presentation / PowerPoint 演示文稿".to_owned(),
            };
        }
    }
    // No usable content types: fall back on the part names.
    if has("xl/workbook.bin") {
        FileKind::Xlsb
    } else if has("xl/workbook.xml") {
        if has("xl/vbaproject.bin") {
            FileKind::Xlsm
        } else {
            FileKind::Xlsx
        }
    } else if has("content.xml") {
        FileKind::Ods
    } else {
        FileKind::Unknown {
            found: "zip archive without a workbook / 不含工作簿的 zip 压缩包".to_owned(),
        }
    }
}

/// Whether an OLE container has a stream named `EncryptedPackage` (how Office stores a
/// password-protected xlsx/xlsb). Directory entries hold names in UTF-16LE; the scan reads
/// the file in blocks so memory stays small.
fn ole_holds_encrypted_package(file: File) -> io::Result<bool> {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut reader = file.take(OLE_SCAN_LIMIT);
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(false);
        }
        carry.extend_from_slice(buf.get(..n).unwrap_or_default());
        if carry.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Ok(true);
        }
        let keep = needle.len().saturating_sub(1).min(carry.len());
        carry.drain(..carry.len() - keep);
    }
}

/// The kind a file extension promises, when it promises one.
fn kind_of_extension(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "csv" | "tsv" | "txt" | "psv" | "ssv" | "tab" => FileKind::Csv,
        "xlsx" | "xltx" => FileKind::Xlsx,
        "xlsm" | "xltm" => FileKind::Xlsm,
        "xlsb" => FileKind::Xlsb,
        "xls" | "xlt" => FileKind::Xls,
        "ods" => FileKind::Ods,
        _ => return None,
    })
}

/// A `suspicious-format` notice when the content of `path` is not what its extension says
/// (an `.xlsx` that is CSV text, a `.csv` that is a workbook). The file is then read as
/// what it is. Unknown extensions and unreadable kinds give no notice.
pub fn mismatch_notice(path: &Path, kind: &FileKind) -> Option<SourceNotice> {
    let promised = kind_of_extension(path)?;
    if promised == *kind || matches!(kind, FileKind::Unknown { .. } | FileKind::Encrypted) {
        return None;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let what = kind.as_str();
    Some(SourceNotice {
        code: Code::SuspiciousFormat,
        row: None,
        message: Text::new(
            format!("文件扩展名为 .{ext}，但内容是 {what} 格式，按 {what} 读取"),
            format!("the file is named .{ext} but its content is {what}; read as {what}"),
        ),
    })
}
