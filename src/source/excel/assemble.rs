//! Turns cells, as a workbook lists them, into records: one per spreadsheet row that has a
//! cell, starting at column A, gaps filled with empty cells, merged header cells filled.

use calamine::Dimensions;

use super::cell::{render, Value};
use crate::source::{CellKind, Record};

/// Why assembling stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The total cell limit was reached.
    Cells { limit: u64 },
    /// A cell lies right of the column limit.
    Columns { limit: u32 },
    /// The sheet's text, or one row's, went past its limit of bytes.
    Text { limit: u64, row: bool },
}

/// Most bytes of text one row may render to (a merged region can copy a long value into
/// thousands of cells).
pub(crate) const MAX_ROW_BYTES: u64 = 64 << 20;

/// A merged region whose top-left value is copied into the cells it covers.
struct Merge {
    area: Dimensions,
    value: Option<(String, CellKind)>,
}

/// Collects the cells of one row and builds its record.
///
/// Cells nearly always arrive in column order with no merged region over their row; they
/// are then rendered straight into the record being built (`current`). A row whose cells
/// come out of order or repeat a column, or that a merged region covers, goes through
/// `pending` instead, which is sorted and filled when the row ends.
pub(crate) struct Assembler {
    /// 0-based row of the cells being collected.
    row: Option<u32>,
    /// The row being built on the fast path.
    current: Record,
    /// Fields written to `current` so far: the next column it expects.
    next: u32,
    /// Whether the current row is collected in `pending`.
    slow: bool,
    /// (0-based column, text, kind) of the current row, in arrival order (slow path).
    pending: Vec<(u32, String, CellKind)>,
    /// Spare strings, so a row costs no allocation once the first rows are read.
    spare: Vec<String>,
    merges: Vec<Merge>,
    /// Columns of the current row that `fill_merges` filled with a copy.
    copied: Vec<u32>,
    /// Last 0-based row a merged region covers: rows below need no look at `merges`.
    merges_end: Option<u32>,
    cells: u64,
    max_cells: u64,
    max_columns: u32,
    /// Bytes of text rendered for the current row, and for the sheet.
    row_bytes: u64,
    text_bytes: u64,
    max_text_bytes: u64,
}

impl Assembler {
    /// `merges` are the merged regions of the sheet; those starting within the first
    /// `merge_fill_rows` rows (the header area) are filled, others are left as the file
    /// has them (value in the top-left cell only).
    pub(crate) fn new(
        merges: &[Dimensions],
        merge_fill_rows: u32,
        max_cells: u64,
        max_columns: u32,
        max_text_bytes: u64,
    ) -> Assembler {
        let merges: Vec<Merge> = merges
            .iter()
            .filter(|m| m.start.0 < merge_fill_rows && m.start.0 <= m.end.0 && m.start.1 <= m.end.1)
            .take(10_000)
            .map(|m| Merge {
                area: Dimensions::new(
                    m.start,
                    (m.end.0, m.end.1.min(max_columns.saturating_sub(1))),
                ),
                value: None,
            })
            .collect();
        let merges_end = merges.iter().map(|m| m.area.end.0).max();
        Assembler {
            row: None,
            current: Record::default(),
            next: 0,
            slow: false,
            pending: Vec::new(),
            spare: Vec::new(),
            merges,
            copied: Vec::new(),
            merges_end,
            cells: 0,
            max_cells,
            max_columns,
            row_bytes: 0,
            text_bytes: 0,
            max_text_bytes,
        }
    }

    /// Counts `bytes` of rendered text against the row's and the sheet's limits.
    fn spend(&mut self, bytes: usize) -> Result<(), Stop> {
        let bytes = bytes as u64;
        self.row_bytes = self.row_bytes.saturating_add(bytes);
        self.text_bytes = self.text_bytes.saturating_add(bytes);
        if self.row_bytes > MAX_ROW_BYTES {
            return Err(Stop::Text {
                limit: MAX_ROW_BYTES,
                row: true,
            });
        }
        if self.text_bytes > self.max_text_bytes {
            return Err(Stop::Text {
                limit: self.max_text_bytes,
                row: false,
            });
        }
        Ok(())
    }

    /// Adds a cell at 0-based (row, column). When the cell starts a new row, the previous
    /// row is built into `record` and `Ok(true)` returned.
    pub(crate) fn add(
        &mut self,
        (row, col): (u32, u32),
        value: Value<'_>,
        record: &mut Record,
    ) -> Result<bool, Stop> {
        if col >= self.max_columns {
            return Err(Stop::Columns {
                limit: self.max_columns,
            });
        }
        let mut built = false;
        if self.row != Some(row) {
            built = self.finish(record)?;
            self.row = Some(row);
            self.row_bytes = 0;
            self.slow = self.merges_end.is_some_and(|end| row <= end)
                && self
                    .merges
                    .iter()
                    .any(|m| m.area.start.0 <= row && row <= m.area.end.0);
        }
        if matches!(value, Value::Empty) {
            // Style-only cells add nothing; the gap filler makes them empty cells if needed.
            return Ok(built);
        }
        if !self.slow && col < self.next {
            // A cell left of one already written: sort the row out at its end.
            self.switch_to_pending();
        }
        if !self.slow {
            // Columns only grow and stay below `max_columns`, so the row stays bounded.
            while self.next < col {
                self.current.push("", CellKind::Empty);
                self.next += 1;
            }
            let before = self.current.text_bytes();
            let kind = render(value, self.current.buffer_mut());
            self.current.end_field(kind);
            self.next = col + 1;
            self.spend(self.current.text_bytes() - before)?;
            return Ok(built);
        }
        if self.pending.len() >= self.max_columns as usize {
            // More cells than columns: the row repeats cells. Keep memory per row bounded.
            return Err(Stop::Columns {
                limit: self.max_columns,
            });
        }
        let mut text = self.spare.pop().unwrap_or_default();
        text.clear();
        let kind = render(value, &mut text);
        let bytes = text.len();
        self.pending.push((col, text, kind));
        self.spend(bytes)?;
        Ok(built)
    }

    /// Moves the cells written to `current` into `pending` and switches the row to the
    /// slow path.
    fn switch_to_pending(&mut self) {
        for (i, text) in self.current.iter().enumerate() {
            let kind = self.current.kind(i);
            if kind == CellKind::Empty {
                // A filled gap, not a cell of the file.
                continue;
            }
            let mut owned = self.spare.pop().unwrap_or_default();
            owned.clear();
            owned.push_str(text);
            self.pending
                .push((u32::try_from(i).unwrap_or(u32::MAX), owned, kind));
        }
        self.current.clear();
        self.next = 0;
        self.slow = true;
    }

    /// Builds the row collected so far into `record`. Returns `Ok(false)` when there was
    /// no row with a value to build.
    pub(crate) fn finish(&mut self, record: &mut Record) -> Result<bool, Stop> {
        let Some(row) = self.row.take() else {
            return Ok(false);
        };
        if !std::mem::take(&mut self.slow) {
            let width = std::mem::take(&mut self.next);
            if self.current.is_empty() {
                return Ok(false);
            }
            self.count_cells(width)?;
            std::mem::swap(record, &mut self.current);
            self.current.clear();
            record.row = u64::from(row) + 1;
            record.line = record.row;
            return Ok(true);
        }
        self.fill_merges(row)?;
        if self.pending.is_empty() {
            return Ok(false);
        }
        // Later duplicates of a column win, as when a reader overwrites a cell.
        self.pending.sort_by_key(|(c, _, _)| *c);
        self.pending.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        let width = self.pending.last().map_or(0, |(c, _, _)| *c + 1);
        self.count_cells(width)?;
        record.clear();
        record.row = u64::from(row) + 1;
        record.line = record.row;
        // Copies are marked so that a title merged across the columns is not taken for a
        // header row.
        self.copied.sort_unstable();
        let mut copied = self.copied.drain(..).peekable();
        while let Some(first) = copied.next() {
            let mut last = first;
            while copied.next_if_eq(&(last + 1)).is_some() {
                last += 1;
            }
            record.mark_merge_copies(first as usize..last as usize + 1);
        }
        let mut next = 0u32;
        for (col, text, kind) in self.pending.drain(..) {
            while next < col {
                record.push("", CellKind::Empty);
                next += 1;
            }
            record.push(&text, kind);
            next = col + 1;
            self.spare.push(text);
        }
        Ok(true)
    }

    /// Counts a row of `width` cells against the sheet's cell limit.
    fn count_cells(&mut self, width: u32) -> Result<(), Stop> {
        self.cells = self.cells.saturating_add(u64::from(width));
        if self.cells > self.max_cells {
            return Err(Stop::Cells {
                limit: self.max_cells,
            });
        }
        Ok(())
    }

    /// Copies the value of a merged region's top-left cell into the other cells of the
    /// region on this row, so a header spanning three columns names all three.
    fn fill_merges(&mut self, row: u32) -> Result<(), Stop> {
        for i in 0..self.merges.len() {
            let Some(m) = self.merges.get_mut(i) else {
                break;
            };
            if row < m.area.start.0 || row > m.area.end.0 {
                continue;
            }
            if row == m.area.start.0 {
                m.value = self
                    .pending
                    .iter()
                    .rev()
                    .find(|(c, _, _)| *c == m.area.start.1)
                    .map(|(_, t, k)| (t.clone(), *k));
            }
            let Some((text, kind)) = m.value.clone() else {
                continue;
            };
            let (start, area) = (m.area.start, m.area);
            for col in area.start.1..=area.end.1 {
                if row == start.0 && col == start.1 {
                    continue;
                }
                if !self.pending.iter().any(|(c, _, _)| *c == col) {
                    // Counted before the copy is made: a long value over many columns
                    // stops here, not after the memory is spent.
                    self.spend(text.len())?;
                    self.pending.push((col, text.clone(), kind));
                    self.copied.push(col);
                }
            }
        }
        Ok(())
    }
}
