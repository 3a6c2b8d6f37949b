//! Finding the header row, and replaying the rows read while looking for it.

use std::collections::VecDeque;

use super::run::Run;
use crate::source::{Record, RowSource, SourceError};

/// How many leading rows are examined to find the header under title rows.
pub const HEADER_SCAN_ROWS: usize = 10;

/// Which of the leading rows (at most `HEADER_SCAN_ROWS`) is the header: the first that is
/// filled at least half as wide as the widest of them, so a lone title cell above a table
/// is skipped, as are blank rows. `None` when no row has content.
pub fn header_position(leading: &[Record]) -> Option<usize> {
    let filled = |r: &Record| r.iter().filter(|v| !v.trim().is_empty()).count();
    let widest = leading.iter().map(filled).max().unwrap_or(0);
    if widest == 0 {
        return None;
    }
    leading
        .iter()
        .position(|r| filled(r) * 2 >= widest && (filled(r) > 1 || widest == 1))
}

/// The records of a source, with rows read ahead while finding the header put back.
pub(super) struct Rows {
    source: Box<dyn RowSource>,
    pending: VecDeque<Record>,
}

impl Rows {
    pub(super) fn new(source: Box<dyn RowSource>) -> Rows {
        Rows {
            source,
            pending: VecDeque::new(),
        }
    }

    pub(super) fn source(&self) -> &dyn RowSource {
        self.source.as_ref()
    }

    /// The next record, and the source's notices so far into `run`.
    pub(super) fn next(&mut self, record: &mut Record, run: &mut Run) -> Result<bool, SourceError> {
        if let Some(r) = self.pending.pop_front() {
            *record = r;
            return Ok(true);
        }
        let more = self.source.next_record(record)?;
        self.drain_notices(run);
        Ok(more)
    }

    pub(super) fn drain_notices(&mut self, run: &mut Run) {
        for notice in self.source.take_notices() {
            run.notice(notice);
        }
    }

    /// Reads up to the header. With `header_row`, that row is the header. Otherwise the
    /// header is the first of the leading rows that is filled at least half as wide as the
    /// widest of them: a lone title cell above a table is skipped, as are blank rows.
    /// `None` when the file has no header at all.
    pub(super) fn find_header(
        &mut self,
        header_row: Option<u64>,
        run: &mut Run,
    ) -> Result<Option<Record>, SourceError> {
        let mut record = Record::default();
        if let Some(n) = header_row {
            while self.source.next_record(&mut record)? {
                self.drain_notices(run);
                if record.row >= n {
                    return Ok(Some(record));
                }
            }
            self.drain_notices(run);
            return Ok(None);
        }
        let mut leading: Vec<Record> = Vec::new();
        while leading.len() < HEADER_SCAN_ROWS && self.source.next_record(&mut record)? {
            // Blank lines above the table are neither header nor data, and must not use up
            // the rows scanned for the header (nothing is kept for them).
            if leading.is_empty() && record.is_blank() {
                self.drain_notices(run);
                continue;
            }
            leading.push(record.clone());
        }
        self.drain_notices(run);
        let Some(pos) = header_position(&leading) else {
            return Ok(None);
        };
        let mut rest = leading.split_off(pos);
        let header = rest.remove(0);
        self.pending = rest.into();
        Ok(Some(header))
    }
}
