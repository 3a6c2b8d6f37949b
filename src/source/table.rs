//! The one front end every command reads an export through: open it by content, find its
//! header, replay the rows read while looking for it, and hand out the data records with
//! the issues the reader noticed.
//!
//! The header is, with `header_row`, that row; otherwise the first of the leading rows
//! that is filled at least half as wide as the widest of them. Blank lines above the table
//! are skipped without using up the rows examined, a lone title cell is skipped, and so is
//! a title merged across the columns: the copies a merged region puts into the cells it
//! covers count as one cell, not as many.
//!
//! A spreadsheet's header is as wide as the sheet's used range as far as the rows examined
//! show it: a column whose header cell is empty is still a column (with a blank header),
//! since a workbook stores no trailing empty cells. A CSV header is as wide as it is.
//! (The used range a workbook declares is not trusted: it is often stretched by
//! formatting, or forged.)

use std::collections::VecDeque;
use std::path::Path;

use super::{
    open, FileHash, OpenOptions, Record, RowSource, SourceError, SourceInfo, SourceNotice,
};
use crate::source::CellKind;

/// How many leading rows are examined to find the header under title rows.
pub const HEADER_SCAN_ROWS: usize = 10;

/// How to read an export: the reader's options and where the header is.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    pub open: OpenOptions,
    /// The 1-based row holding the header; `None` finds it, skipping title rows.
    pub header_row: Option<u64>,
}

/// An opened export positioned after its header.
pub struct Table {
    source: Box<dyn RowSource>,
    /// Rows read while looking for the header, replayed first.
    pending: VecDeque<Record>,
    header: Option<Record>,
    notices: Vec<SourceNotice>,
    sha256: FileHash,
}

impl Table {
    /// Opens `path` (CSV or spreadsheet, chosen by content; `-` is standard input) and
    /// finds its header.
    pub fn open(path: &Path, options: &TableOptions) -> Result<Table, SourceError> {
        let opened = open(path, &options.open)?;
        let mut table = Table {
            source: opened.source,
            pending: VecDeque::new(),
            header: None,
            notices: opened.notices,
            sha256: opened.sha256,
        };
        table.header = match options.header_row {
            Some(n) => table.read_to_row(n)?,
            None => table.find_header()?,
        };
        Ok(table)
    }

    /// The header; `None` when the file has none (empty, blank, or shorter than
    /// `header_row`).
    pub fn header(&self) -> Option<&Record> {
        self.header.as_ref()
    }

    /// The header cells as text.
    pub fn headers(&self) -> Vec<String> {
        self.header
            .iter()
            .flat_map(|h| h.iter().map(str::to_owned))
            .collect()
    }

    pub fn info(&self) -> &SourceInfo {
        self.source.info()
    }

    /// Whether rows may be shorter than the header by mistake: in a text file a short row
    /// is malformed, while a spreadsheet stores no trailing empty cells.
    pub fn is_ragged(&self) -> bool {
        self.info().format == "csv"
    }

    /// The next data record; `Ok(false)` at the end.
    pub fn next(&mut self, record: &mut Record) -> Result<bool, SourceError> {
        if let Some(r) = self.pending.pop_front() {
            *record = r;
            return Ok(true);
        }
        let more = self.source.next_record(record)?;
        self.gather_notices();
        Ok(more)
    }

    /// File-level notices gathered since the last call (opening, the header search, the
    /// records read since), in the order they were met.
    pub fn take_notices(&mut self) -> Vec<SourceNotice> {
        self.gather_notices();
        std::mem::take(&mut self.notices)
    }

    /// The file's SHA-256, once reading is over (see `FileHash::resolve`); empty when
    /// nothing can give it.
    pub fn sha256(&self) -> String {
        self.sha256
            .clone()
            .resolve(self.source.as_ref())
            .unwrap_or_default()
    }

    fn gather_notices(&mut self) {
        self.notices.extend(self.source.take_notices());
    }

    /// Reads up to row `n`, which is the header.
    fn read_to_row(&mut self, n: u64) -> Result<Option<Record>, SourceError> {
        let mut record = Record::default();
        while self.source.next_record(&mut record)? {
            self.gather_notices();
            if record.row >= n {
                if !self.is_ragged() {
                    // Rows to measure the sheet's width by, as without `header_row`.
                    let mut next = Record::default();
                    while self.pending.len() + 1 < HEADER_SCAN_ROWS
                        && self.source.next_record(&mut next)?
                    {
                        self.pending.push_back(std::mem::take(&mut next));
                    }
                    self.gather_notices();
                }
                return Ok(Some(self.widen(record)));
            }
        }
        self.gather_notices();
        Ok(None)
    }

    /// Reads the leading rows and picks the header among them (see the module doc).
    fn find_header(&mut self) -> Result<Option<Record>, SourceError> {
        let mut record = Record::default();
        let mut leading: Vec<Record> = Vec::new();
        while leading.len() < HEADER_SCAN_ROWS && self.source.next_record(&mut record)? {
            self.gather_notices();
            // Blank lines above the table are neither header nor data, and must not use up
            // the rows examined for the header (nothing is kept for them).
            if leading.is_empty() && record.is_blank() {
                continue;
            }
            leading.push(record.clone());
        }
        self.gather_notices();
        let Some(pos) = header_position(&leading) else {
            return Ok(None);
        };
        let mut rest = leading.split_off(pos);
        let header = rest.remove(0);
        self.pending = rest.into();
        Ok(Some(self.widen(header)))
    }

    /// A spreadsheet header extended over the columns right of it that the rows read
    /// ahead fill: empty header cells at its end are not stored, yet their columns hold
    /// data. Only columns next to each other count, so one far-away cell (a sheet whose
    /// used range was stretched) does not make thousands of blank headers.
    fn widen(&self, mut header: Record) -> Record {
        if self.is_ragged() {
            return header;
        }
        let filled = |i: usize| {
            self.pending
                .iter()
                .any(|r| r.get(i).is_some_and(|v| !v.trim().is_empty()))
        };
        let mut width = header.len();
        while filled(width) {
            width += 1;
        }
        while header.len() < width {
            header.push("", CellKind::Empty);
        }
        header
    }
}

/// Cells of `record` with content, a merged region's copies not counted.
fn filled(record: &Record) -> usize {
    record
        .iter()
        .enumerate()
        .filter(|(i, v)| !v.trim().is_empty() && !record.is_merge_copy(*i))
        .count()
}

/// Which of the leading rows (at most `HEADER_SCAN_ROWS`) is the header: the first that is
/// filled at least half as wide as the widest of them, so a lone title cell above a table
/// is skipped, as are blank rows and titles merged across the columns. `None` when no row
/// has content.
pub fn header_position(leading: &[Record]) -> Option<usize> {
    let widest = leading.iter().map(filled).max().unwrap_or(0);
    if widest == 0 {
        return None;
    }
    leading.iter().position(|r| {
        let n = filled(r);
        n * 2 >= widest && (n > 1 || widest == 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn rows(table: &mut Table) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let mut record = Record::default();
        while table.next(&mut record).expect("reads") {
            out.push(record.iter().map(str::to_owned).collect());
        }
        out
    }

    #[test]
    fn skips_blank_lines_and_a_title_and_replays_the_rows_read_ahead() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "t.csv",
            "\n\n人员名单\n姓名,性别\n张三,1\n李四,2\n",
        );
        let mut table = Table::open(&path, &TableOptions::default()).expect("opens");
        assert_eq!(table.headers(), ["姓名", "性别"]);
        assert_eq!(table.header().map(|h| h.row), Some(4));
        assert_eq!(rows(&mut table), [["张三", "1"], ["李四", "2"]]);
    }

    #[test]
    fn an_explicit_header_row_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "t.csv", "a,b\nc,d\n1,2\n");
        let options = TableOptions {
            header_row: Some(2),
            ..TableOptions::default()
        };
        let mut table = Table::open(&path, &options).expect("opens");
        assert_eq!(table.headers(), ["c", "d"]);
        assert_eq!(rows(&mut table), [["1", "2"]]);
        let beyond = TableOptions {
            header_row: Some(9),
            ..TableOptions::default()
        };
        assert!(Table::open(&path, &beyond)
            .expect("opens")
            .header()
            .is_none());
    }

    #[test]
    fn a_blank_file_has_no_header() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "t.csv", "\n\n");
        let table = Table::open(&path, &TableOptions::default()).expect("opens");
        assert!(table.header().is_none());
    }

    #[test]
    fn merged_copies_count_as_one_cell() {
        let mut title = Record::default();
        for _ in 0..3 {
            title.push("名单", CellKind::Text);
        }
        title.mark_merge_copies(1..3);
        let mut header = Record::default();
        for h in ["a", "b", "c"] {
            header.push(h, CellKind::Text);
        }
        assert_eq!(header_position(&[title.clone(), header.clone()]), Some(1));
        // Without the mark, the title row looks like a header.
        let mut plain = title;
        plain.clear_merge_copies();
        assert_eq!(header_position(&[plain, header]), Some(0));
    }

    #[test]
    fn a_csv_header_is_not_widened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "t.csv", "a,b\n1,2,3\n");
        let table = Table::open(&path, &TableOptions::default()).expect("opens");
        assert_eq!(table.headers(), ["a", "b"]);
    }
}
