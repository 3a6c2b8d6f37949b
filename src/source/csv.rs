//! The CSV reader: CSV as departments really write it.
//!
//! - Encoding: a byte-order mark, BOM-less UTF-16, UTF-8, else GB18030 if the first 64 KiB
//!   decode cleanly, else UTF-8 with U+FFFD (see `encoding::detect`); `--encoding` overrides.
//!   Undecodable bytes become U+FFFD and a `CellIssue::InvalidBytes` on their field.
//! - Dialect: `"` quoting with doubled quotes; CRLF, LF and lone CR end records; the
//!   delimiter is sniffed among `,` tab `;` `|` unless given. An Excel `sep=;` first line sets
//!   the delimiter and is not a row: Excel hides it, so the header is row 1 as a spreadsheet
//!   shows it (its physical `line` is 2).
//! - Rows: `Record.row` counts records from 1 (the header); an empty line is a record without
//!   fields (a blank row, as a spreadsheet shows it). `Record.line` is the physical line the
//!   record starts on, newlines inside quotes counted.
//! - Limits: a field longer than `max_field_bytes` is cut (`CellIssue::TooLarge`); fields past
//!   `max_fields` in one record are dropped with a notice. Memory stays bounded by those two
//!   limits whatever the file's size.
//! - A quote never closed before the end of the file is reported as `unterminated-quote` at
//!   the row it opened in; the text after the first line break of that field is read again
//!   as ordinary records, so one stray quote does not hide the rest of the file.
//! - The SHA-256 of the raw bytes is computed while reading (`RowSource::sha256`, available
//!   once the end was reached; this works for stdin too). `encoding::sha256_file` hashes a
//!   file by path.

mod field_ends;
mod fields;
mod quoted_line;

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::encoding::{self, TextDecoder};
use super::sniff;
use super::{CellIssue, CellKind, Record, RowSource, SourceError, SourceInfo, SourceNotice};
use crate::finding::Code;
use crate::text::Text;

/// Default cut-off for one field: 1 MiB.
pub const DEFAULT_MAX_FIELD_BYTES: usize = 1024 * 1024;
/// Default maximum number of fields in one record: Excel's column limit.
pub const DEFAULT_MAX_FIELDS: usize = 16_384;

/// How to read a CSV file; `None` means detect.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    pub encoding: Option<&'static Encoding>,
    pub delimiter: Option<u8>,
    /// Longer fields are cut to this many bytes (UTF-8, at a character boundary).
    pub max_field_bytes: usize,
    /// Fields past this many in one record are dropped.
    pub max_fields: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            encoding: None,
            delimiter: None,
            max_field_bytes: DEFAULT_MAX_FIELD_BYTES,
            max_fields: DEFAULT_MAX_FIELDS,
        }
    }
}

/// Opens a CSV file (`-` reads stdin) and sniffs its encoding and delimiter from the first
/// 64 KiB, which are kept in memory and read again, so stdin needs no temporary file.
pub fn open(path: &Path, options: &CsvOptions) -> Result<CsvSource, SourceError> {
    let (display, reader): (PathBuf, Box<dyn Read + Send>) = if path == Path::new("-") {
        (PathBuf::from("<stdin>"), Box::new(io::stdin()))
    } else {
        let file = File::open(path).map_err(|source| SourceError::Io {
            path: path.to_owned(),
            source,
        })?;
        (path.to_owned(), Box::new(BufReader::new(file)))
    };
    from_reader(reader, &display, options)
}

/// Like `open`, over any reader; `path` is only used in messages.
pub fn from_reader(
    mut reader: Box<dyn Read + Send>,
    path: &Path,
    options: &CsvOptions,
) -> Result<CsvSource, SourceError> {
    let prefix = encoding::read_prefix(&mut *reader).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    let complete = prefix.len() < encoding::PREFIX_LEN;
    let enc = options
        .encoding
        .unwrap_or_else(|| encoding::detect(&prefix, complete));

    let mut notices = Vec::new();
    if let Some(kind) = binary_kind(&prefix) {
        notices.push(SourceNotice {
            code: Code::SuspiciousFormat,
            row: None,
            message: Text::new(
                format!("文件内容是{kind}，不是 CSV 文本"),
                format!("the file holds {kind}, not CSV text"),
            ),
        });
    }

    let (sample, _) = enc.decode_with_bom_removal(&prefix);
    let sep = sniff::sep_line(&sample);
    let delimiter = options
        .delimiter
        .or(sep)
        .unwrap_or_else(|| sniff::delimiter(&sample, complete));

    let chained: Box<dyn Read + Send> = Box::new(Cursor::new(prefix).chain(reader));
    let mut source = CsvSource {
        info: SourceInfo {
            format: "csv".to_owned(),
            encoding: Some(encoding::display_name(enc)),
            sheet: None,
            delimiter: Some(char::from(delimiter)),
        },
        path: path.to_owned(),
        input: TextDecoder::new(chained, enc),
        replay: Vec::new(),
        replay_pos: 0,
        delimiter,
        max_field_bytes: options.max_field_bytes.max(1),
        max_fields: options.max_fields.max(1),
        line: 1,
        row: 0,
        field: Vec::new(),
        notices,
    };
    if sep.is_some() {
        source.skip_line()?;
    }
    Ok(source)
}

/// Workbooks passed off as CSV, recognised by their magic numbers.
fn binary_kind(prefix: &[u8]) -> Option<&'static str> {
    if prefix.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("Excel 97-2003 (.xls)")
    } else if prefix.starts_with(b"PK\x03\x04") {
        Some("ZIP (.xlsx/.ods)")
    } else {
        None
    }
}

/// A CSV file being read record by record.
pub struct CsvSource {
    info: SourceInfo,
    path: PathBuf,
    input: TextDecoder,
    /// Text read again after an unterminated quote, before the rest of the input.
    replay: Vec<u8>,
    replay_pos: usize,
    delimiter: u8,
    max_field_bytes: usize,
    max_fields: usize,
    /// Physical line of the next byte.
    line: u64,
    row: u64,
    field: Vec<u8>,
    notices: Vec<SourceNotice>,
}

/// What ended a field.
enum End {
    Field,
    Record,
    Eof,
}

/// Per-field flags gathered while reading it.
#[derive(Default)]
struct FieldState {
    invalid: bool,
    cut: bool,
}

impl CsvSource {
    fn io_error(&self, source: io::Error) -> SourceError {
        SourceError::Io {
            path: self.path.clone(),
            source,
        }
    }

    fn next_byte(&mut self) -> Result<Option<(u8, bool)>, SourceError> {
        if let Some(&b) = self.replay.get(self.replay_pos) {
            self.replay_pos += 1;
            if self.replay_pos >= self.replay.len() {
                self.replay.clear();
                self.replay_pos = 0;
            }
            return Ok(Some((b, false)));
        }
        self.input.next_byte().map_err(|e| self.io_error(e))
    }

    fn peek_byte(&mut self) -> Result<Option<u8>, SourceError> {
        if let Some(&b) = self.replay.get(self.replay_pos) {
            return Ok(Some(b));
        }
        self.input.peek_byte().map_err(|e| self.io_error(e))
    }

    /// Consumes a line ending after `\r` (a following `\n`) and counts the line.
    fn end_line(&mut self, b: u8) -> Result<(), SourceError> {
        if b == b'\r' && self.peek_byte()? == Some(b'\n') {
            self.next_byte()?;
        }
        self.line += 1;
        Ok(())
    }

    /// Skips the `sep=` line.
    fn skip_line(&mut self) -> Result<(), SourceError> {
        while let Some((b, _)) = self.next_byte()? {
            if b == b'\r' || b == b'\n' {
                return self.end_line(b);
            }
        }
        Ok(())
    }

    /// The common case, straight from the decoder's text into the record: an unquoted
    /// field that ends within the current chunk, not too long, nothing replayed. `None`
    /// leaves the field to `read_field`. The text is the decoder's, already UTF-8, and the
    /// field ends at an ASCII byte, so it is not checked again.
    #[inline]
    fn read_field_direct(&mut self, record: &mut Record) -> Result<Option<End>, SourceError> {
        if !self.replay.is_empty() || record.len() >= self.max_fields {
            return Ok(None);
        }
        let delimiter = self.delimiter;
        let buf = match self.input.buffered_str() {
            Ok(Some(buf)) => buf,
            Ok(None) => return Ok(None),
            Err(e) => return Err(self.io_error(e)),
        };
        let bytes = buf.as_bytes();
        if bytes.first().is_none_or(|&b| b == b'"') {
            return Ok(None);
        }
        let Some(at) = memchr::memchr3(delimiter, b'\r', b'\n', bytes) else {
            return Ok(None);
        };
        let (Some(text), Some(&stop)) = (buf.get(..at), bytes.get(at)) else {
            return Ok(None);
        };
        if at > self.max_field_bytes {
            return Ok(None);
        }
        let index = record.len();
        record.push(text, CellKind::Text);
        if self.input.consume(at + 1) {
            record.issues.push((index, CellIssue::InvalidBytes));
        }
        if stop == delimiter {
            return Ok(Some(End::Field));
        }
        self.end_line(stop)?;
        Ok(Some(End::Record))
    }

    /// The commonest record, whole from the decoder's text: one line, ending in `\n` or
    /// `\r\n` within the current chunk, with no quote, no other `\r`, no undecodable
    /// byte, and its fields within the limits. One scan finds the line's end and a second
    /// its delimiters, instead of one search per field. A line with quotes is read at once
    /// too when its quoted fields are plain (see `quoted_line`). Returns false, having
    /// consumed nothing, for any other record, which is then read field by field (same
    /// result).
    #[inline]
    fn read_record_direct(&mut self, record: &mut Record) -> Result<bool, SourceError> {
        // Only an ASCII delimiter is sure to fall between characters.
        if !self.replay.is_empty() || !self.delimiter.is_ascii() {
            return Ok(false);
        }
        let (delimiter, max_bytes, max_fields) =
            (self.delimiter, self.max_field_bytes, self.max_fields);
        let buf = match self.input.buffered_str() {
            Ok(Some(buf)) => buf,
            Ok(None) => return Ok(false),
            Err(e) => return Err(self.io_error(e)),
        };
        let bytes = buf.as_bytes();
        let Some(at) = memchr::memchr3(b'\n', b'\r', b'"', bytes) else {
            return Ok(false);
        };
        let line_break = match bytes.get(at..) {
            Some([b'\n', ..]) => 1,
            Some([b'\r', b'\n', ..]) => 2,
            _ => 0,
        };
        // The bytes the line takes with its line break, if it was taken.
        let consumed = if line_break > 0 {
            take_plain_line(record, buf.get(..at), delimiter, max_bytes, max_fields)
                .then_some(at + line_break)
        } else if bytes.get(at) == Some(&b'"') {
            quoted_line::quoted_line(buf, delimiter, max_bytes, max_fields, |f| {
                record.push(f, CellKind::Text)
            })
        } else {
            None
        };
        match consumed {
            Some(consumed) if !self.input.bad_within(consumed) => {
                self.input.consume(consumed);
                self.line += 1;
                Ok(true)
            }
            _ => {
                record.clear();
                Ok(false)
            }
        }
    }
}

/// Takes `line`, which holds no quote and no line break, into the empty `record` whole,
/// its fields found by position. False, with `record` partly filled, when a field or the
/// count of fields is over its limit.
fn take_plain_line(
    record: &mut Record,
    line: Option<&str>,
    delimiter: u8,
    max_bytes: usize,
    max_fields: usize,
) -> bool {
    let Some(line) = line else {
        return false;
    };
    // The delimiter is ASCII, so the fields lie on character boundaries.
    record.take_line(line);
    let mut start = 0;
    for end in field_ends::field_ends(line.as_bytes(), delimiter) {
        if end - start > max_bytes || record.len() >= max_fields {
            return false;
        }
        record.end_line_field(end);
        start = end + 1;
    }
    true
}

impl RowSource for CsvSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn next_record(&mut self, record: &mut Record) -> Result<bool, SourceError> {
        record.clear();
        if self.peek_byte()?.is_none() {
            return Ok(false);
        }
        self.row += 1;
        let row = self.row;
        record.row = row;
        record.line = self.line;

        // An empty line is a record without fields.
        if let Some(b @ (b'\r' | b'\n')) = self.peek_byte()? {
            self.next_byte()?;
            self.end_line(b)?;
            return Ok(true);
        }
        if self.read_record_direct(record)? {
            return Ok(true);
        }

        let mut fields = 0usize;
        loop {
            let end = match self.read_field_direct(record)? {
                Some(end) => end,
                None => {
                    let mut state = FieldState::default();
                    let end = self.read_field(&mut state, row)?;
                    self.finish_field(record, &state);
                    end
                }
            };
            fields += 1;
            match end {
                End::Field => {
                    // A delimiter at the very end of the input still opens an empty field.
                    if self.peek_byte()?.is_none() {
                        self.field.clear();
                        self.finish_field(record, &FieldState::default());
                        fields += 1;
                        break;
                    }
                }
                End::Record | End::Eof => break,
            }
        }
        if fields > self.max_fields {
            self.notices.push(SourceNotice {
                code: Code::FieldTooLarge,
                row: Some(row),
                message: Text::new(
                    format!(
                        "该行有 {fields} 个单元格，超过上限 {}，其余已舍弃",
                        self.max_fields
                    ),
                    format!(
                        "the row has {fields} cells, more than the limit of {}; the rest were dropped",
                        self.max_fields
                    ),
                ),
            });
        }
        Ok(true)
    }

    fn take_notices(&mut self) -> Vec<SourceNotice> {
        std::mem::take(&mut self.notices)
    }

    fn sha256(&self) -> Option<String> {
        self.input.sha256()
    }
}

impl CsvSource {
    /// The delimiter in use (given, from a `sep=` line, or sniffed).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }
}

#[cfg(test)]
mod fast_path_tests {
    //! The memchr fast paths read from the decoder's 64 KiB chunks: fields, quotes, line
    //! breaks and undecodable bytes falling on chunk boundaries must read as anywhere else.

    use super::super::csv_tests::read;
    use super::super::encoding::PREFIX_LEN;
    use super::{CellIssue, RowSource};

    /// Rows of fields of every length from 0 to 299 bytes, some quoted with doubled quotes
    /// and line breaks inside, over several chunks.
    fn varied() -> Vec<u8> {
        let mut data = Vec::new();
        let mut i = 0usize;
        while data.len() < 4 * PREFIX_LEN + 1000 {
            let len = (i * 37) % 300;
            let body: String = "数据a".chars().cycle().take(len / 3).collect();
            match i % 5 {
                0 => data.extend_from_slice(format!("{i},\"{body}\"\"q\r\nr\",end\r\n").as_bytes()),
                1 => data.extend_from_slice(format!("{i},{body},\"\"\n").as_bytes()),
                2 => data.extend_from_slice(format!("{i},,{body}\r").as_bytes()),
                _ => data.extend_from_slice(format!("{i},{body},{len}\n").as_bytes()),
            }
            i += 1;
        }
        data
    }

    #[test]
    fn fields_across_chunks_read_as_the_csv_crate_reads_them() {
        let data = varied();
        let ours = read(&data);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data.as_slice());
        let theirs: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.expect("record").iter().map(str::to_owned).collect())
            .collect();
        assert!(theirs.len() > 1000);
        assert_eq!(ours.rows, theirs);
        assert!(ours.issues.is_empty());
        assert!(ours.notices.is_empty());
    }

    #[test]
    fn undecodable_bytes_at_chunk_boundaries_are_flagged_on_their_field() {
        // Rows `nnnnn,<100 x>,z`, with where each middle field starts.
        let mut data = Vec::new();
        let mut starts = Vec::new();
        let mut n = 0usize;
        while data.len() < 3 * PREFIX_LEN {
            data.extend_from_slice(format!("{n:05},").as_bytes());
            starts.push(data.len());
            data.extend_from_slice(&[b'x'; 100]);
            data.extend_from_slice(b",z\n");
            n += 1;
        }
        // The last byte of the first chunk (also the sniffed prefix), the first byte of the
        // third and the last byte of the third.
        let targets = [PREFIX_LEN - 1, 2 * PREFIX_LEN, 3 * PREFIX_LEN - 1];
        let mut expected = Vec::new();
        for t in targets {
            let row = starts.iter().rposition(|&s| s <= t).expect("row");
            let at = if t - starts[row] < 100 {
                t
            } else {
                starts[row]
            };
            data[at] = 0xFF;
            expected.push((row, 1, CellIssue::InvalidBytes));
        }
        let ours = read(&data);
        assert_eq!(ours.source.info().encoding.as_deref(), Some("UTF-8"));
        assert_eq!(ours.rows.len(), n);
        assert_eq!(ours.issues, expected);
        assert!(ours.rows[expected[0].0][1].contains('\u{FFFD}'));
    }
}
