//! Reading departmental exports: one `RowSource` interface for CSV and spreadsheets.
//! Encodings, dialects, limits and format quirks stay inside the sources; the validation
//! pipeline sees records of decoded text with the cell kinds spreadsheets add.

use std::path::PathBuf;

pub mod csv;
#[cfg(test)]
mod csv_corpus_tests;
#[cfg(test)]
mod csv_tests;
mod digest;
pub mod encoding;
mod open;
pub use open::{is_pipe, open, FileHash, OpenOptions, Opened};
mod table;
pub use table::{header_position, Table, TableOptions, HEADER_SCAN_ROWS};
pub mod detect;
pub mod excel;
pub mod sniff;
pub mod zipguard;

/// The kind of a cell as the file stored it. CSV cells are always `Text`; spreadsheets
/// tell numbers, dates and error values apart, which matters for identifiers that Excel
/// turned into numbers and for date serials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellKind {
    #[default]
    Text,
    Empty,
    /// A number cell; the text is its shortest round-trip rendering (`1.10101e17` becomes
    /// `110101000000000000`, `42.0` becomes `42`).
    Number,
    /// A number cell that had to be rounded to be shown (more than 15 significant digits
    /// were typed: Excel kept only 15).
    NumberLostDigits,
    /// A date/time cell (a serial with a date format, either epoch); the text is ISO 8601
    /// (`2024-03-05`, `2024-03-05T08:30:00`).
    Date,
    Bool,
    /// A spreadsheet error value; the text is the error (`#N/A`).
    Error,
}

/// Something a source noticed about one cell while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellIssue {
    /// Bytes not valid in the file's encoding were replaced by U+FFFD.
    InvalidBytes,
    /// The cell was cut at the field size limit.
    TooLarge { limit: usize },
}

/// One record (row) of a file. Reused from row to row: sources clear and refill it.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// Spreadsheet row number (1-based, the header row included).
    pub row: u64,
    /// Physical line where the record starts in a text file (1-based); equals `row` for
    /// spreadsheets.
    pub line: u64,
    text: String,
    ends: Vec<usize>,
    /// Bytes between one field and the next in `text`: 0 when the fields are stored end
    /// to end, 1 when a whole line was taken with its one-byte delimiters (one copy
    /// instead of one per field).
    gap: usize,
    /// Kinds by field, kept only once a field is not `Text`: a text file's records, all
    /// text, then carry no second array for the checker to fetch.
    kinds: Vec<CellKind>,
    /// (0-based field index, issue)
    pub issues: Vec<(usize, CellIssue)>,
    /// Fields holding a copy of a merged region's value rather than a value of their own.
    merge_copies: Vec<std::ops::Range<usize>>,
}

impl Record {
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.gap = 0;
        self.kinds.clear();
        self.issues.clear();
        self.merge_copies.clear();
    }

    /// Bytes of the record's text.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// Lets go of a text buffer grown past `keep` bytes by an unusually long row, so that
    /// buffers reused from row to row do not each keep the longest row they ever held.
    pub fn release_if_large(&mut self, keep: usize) {
        if self.text.capacity() > keep {
            self.text = String::new();
        }
    }

    /// Marks `fields` as copies of a merged region's value (spreadsheets fill the cells a
    /// merged header covers).
    pub fn mark_merge_copies(&mut self, fields: std::ops::Range<usize>) {
        if !fields.is_empty() {
            self.merge_copies.push(fields);
        }
    }

    pub fn clear_merge_copies(&mut self) {
        self.merge_copies.clear();
    }

    /// Whether field `i` holds a copy of a merged region's value.
    pub fn is_merge_copy(&self, i: usize) -> bool {
        self.merge_copies.iter().any(|r| r.contains(&i))
    }

    #[inline]
    pub fn push(&mut self, field: &str, kind: CellKind) {
        self.text.push_str(field);
        self.end_field(kind);
    }

    /// Takes `line` whole, its fields separated by a one-byte delimiter, into an empty
    /// record; then [`Record::end_line_field`] marks where each field ends.
    #[inline]
    pub(crate) fn take_line(&mut self, line: &str) {
        debug_assert!(self.is_empty() && self.text.is_empty());
        self.text.push_str(line);
        self.gap = 1;
    }

    /// Ends a text field of a line taken with [`Record::take_line`] at `end`, the position
    /// in the line of the delimiter after it (or the line's length).
    #[inline]
    pub(crate) fn end_line_field(&mut self, end: usize) {
        self.ends.push(end);
    }

    /// Appends to the buffer of the field being built; finish it with `end_field`.
    pub fn buffer_mut(&mut self) -> &mut String {
        &mut self.text
    }

    #[inline]
    pub fn end_field(&mut self, kind: CellKind) {
        // Fields stored end to end cannot follow a line taken whole.
        debug_assert_eq!(self.gap, 0, "a field pushed after take_line");
        self.ends.push(self.text.len());
        if kind != CellKind::Text || !self.kinds.is_empty() {
            self.note_kind(kind);
        }
    }

    /// Records the kind of the field just ended, and that every field before it without
    /// one is text.
    #[inline(never)]
    fn note_kind(&mut self, kind: CellKind) {
        let field = self.ends.len().saturating_sub(1);
        self.kinds.resize(field, CellKind::Text);
        self.kinds.push(kind);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        Some(&self.text[start..end])
    }

    pub fn kind(&self, i: usize) -> CellKind {
        if i >= self.ends.len() {
            return CellKind::Empty;
        }
        self.kinds.get(i).copied().unwrap_or(CellKind::Text)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    /// Asks for the record's first cache lines, a few records before it is checked: the
    /// records of a batch were written on the other thread and lie apart in memory.
    pub fn prefetch(&self) {
        crate::prefetch::prefetch_bytes(self.text.as_bytes(), 6);
        // A line of field ends holds eight of them.
        for ends in self.ends.chunks(8).take(4) {
            crate::prefetch::prefetch(ends);
        }
    }

    /// Whether every cell is empty or white space.
    pub fn is_blank(&self) -> bool {
        if self.gap > 0 {
            return self.iter().all(|f| f.trim().is_empty());
        }
        // The fields are stored end to end: all of them are white space exactly when
        // their concatenation is. Most rows start with a printable ASCII character.
        !self
            .text
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_graphic)
            && self.text.trim().is_empty()
    }
}

/// What a source found out about its file, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceInfo {
    /// `csv`, `xlsx`, `xlsm`, `xlsb`, `xls`, `ods`
    pub format: String,
    /// The encoding text was decoded from (`UTF-8`, `GB18030`, `UTF-16LE`); `None` for
    /// spreadsheets.
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub delimiter: Option<char>,
}

/// A file-level problem a source met while reading, which becomes a finding
/// (an unterminated quote, content that does not match the extension, hidden sheets).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceNotice {
    pub code: crate::finding::Code,
    pub row: Option<u64>,
    pub message: crate::text::Text,
}

/// Why a file could not be read at all. Rendered with miette by the binary.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SourceError {
    #[error("cannot read / 无法读取 {path}: {source}")]
    #[diagnostic(code(govdict::source::io))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    #[diagnostic(code(govdict::source::unreadable))]
    Unreadable { path: PathBuf, message: String },
    #[error("{path}: encrypted workbook / 工作簿已加密 (open it and save it without a password / 请去除密码后另存)")]
    #[diagnostic(code(govdict::source::encrypted))]
    Encrypted { path: PathBuf },
    #[error("{path}: too large / 超出上限: {what} (limit / 上限 {limit})")]
    #[diagnostic(code(govdict::source::too_large))]
    TooLarge {
        path: PathBuf,
        /// What exceeded its limit, in both languages.
        what: String,
        limit: u64,
    },
    #[error("{path}: not a CSV or spreadsheet file / 不是 CSV 或电子表格文件: {found}")]
    #[diagnostic(code(govdict::source::unknown_format))]
    UnknownFormat { path: PathBuf, found: String },
    #[error("{path}: no sheet {name:?} / 没有工作表 {name:?}; sheets / 工作表: {}", sheets.join(", "))]
    #[diagnostic(code(govdict::source::unknown_sheet))]
    UnknownSheet {
        path: PathBuf,
        name: String,
        sheets: Vec<String>,
    },
}

impl SourceError {
    /// Whether the file itself could not be read (reported as an `unreadable-file`
    /// finding), rather than the command asking for something the file lacks (a sheet).
    pub fn is_unreadable(&self) -> bool {
        !matches!(self, SourceError::UnknownSheet { .. })
    }
}

/// A stream of records from one file (or one sheet of a workbook). `Send`, so that one
/// thread can read a file while another checks its rows.
pub trait RowSource: Send {
    fn info(&self) -> &SourceInfo;

    /// Reads the next record into `record` (clearing it first). Returns `Ok(false)` at the
    /// end of the file.
    fn next_record(&mut self, record: &mut Record) -> Result<bool, SourceError>;

    /// File-level notices gathered so far; drained by the pipeline after each record.
    fn take_notices(&mut self) -> Vec<SourceNotice> {
        Vec::new()
    }

    /// SHA-256 of the file's bytes as lowercase hex, when the source computed it while
    /// reading (CSV does, once the end was reached; this also covers stdin). `None` means
    /// ask `encoding::sha256_file`.
    fn sha256(&self) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    #[test]
    fn a_line_taken_whole_reads_as_its_fields() {
        let mut r = Record::default();
        r.take_line("a,,张三, ");
        for end in [1, 2, 9, 11] {
            r.end_line_field(end);
        }
        assert_eq!(r.iter().collect::<Vec<_>>(), ["a", "", "张三", " "]);
        assert_eq!(
            (r.len(), r.kind(3), r.kind(4)),
            (4, CellKind::Text, CellKind::Empty)
        );
        assert!(!r.is_blank());
        r.clear();
        r.take_line(",\t, ");
        for end in [0, 2, 4] {
            r.end_line_field(end);
        }
        assert!(r.is_blank());
        // Cleared, it stores fields end to end again.
        r.clear();
        r.push("x", CellKind::Text);
        r.push("y", CellKind::Text);
        assert_eq!(r.iter().collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn kinds_read_back_whether_or_not_a_field_is_text() {
        let kinds = |r: &Record| (0..=r.len()).map(|i| r.kind(i)).collect::<Vec<_>>();
        let mut r = Record::default();
        r.push("a", CellKind::Text);
        r.push("b", CellKind::Text);
        assert_eq!(kinds(&r), [CellKind::Text, CellKind::Text, CellKind::Empty]);
        r.push("1", CellKind::Number);
        r.buffer_mut().push('c');
        r.end_field(CellKind::Text);
        r.push("", CellKind::Empty);
        use CellKind::{Empty, Number, Text};
        assert_eq!(kinds(&r), [Text, Text, Number, Text, Empty, Empty]);
        assert_eq!(r.get(3), Some("c"));
        // A reused record starts again with text only.
        r.clear();
        r.push("x", Text);
        assert_eq!(kinds(&r), [Text, Empty]);
        r.push("2024-01-02", CellKind::Date);
        assert_eq!(kinds(&r), [Text, CellKind::Date, Empty]);
    }

    #[test]
    fn a_record_is_blank_when_every_field_is_white_space() {
        let record = |fields: &[&str]| {
            let mut r = Record::default();
            for f in fields {
                r.push(f, CellKind::Text);
            }
            r
        };
        assert!(record(&[]).is_blank());
        assert!(record(&["", " ", "\u{3000}\t"]).is_blank());
        assert!(!record(&["", " x", ""]).is_blank());
        assert!(!record(&["", "", "张"]).is_blank());
    }
}
