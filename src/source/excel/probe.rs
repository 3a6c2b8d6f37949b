//! Deciding whether an xlsx sheet's merged regions are worth reading.
//!
//! `<mergeCells>` follows `<sheetData>`, so reading the merged regions means going over
//! the whole sheet once more: a byte search of the inflated sheet (`merges.rs`), or, for a
//! sheet that search leaves to calamine, a second full parse. Filling a merged region changes a row only where the region covers a cell with
//! no value, and Excel empties the cells a merge covers. So when the header area (the rows
//! where merged regions are filled, and the row below, which a region reaching down from
//! the last of them would cover) is a full rectangle of cells with values starting at
//! column A, no region starting there has a covered cell inside it; the regions are read
//! only when the rectangle has a gap, is ragged, or is narrower than the sheet's declared
//! dimension (where covered cells to its right are listed).
//!
//! What this cannot see: a region whose covered cells all lie right of every header-area
//! row and outside the declared dimension (a writer that neither writes the covered cells
//! nor counts them in the dimension).

use std::io::{Read, Seek};

use calamine::{DataRef, Xlsx};

/// Whether the merged regions of sheet `name` may change the rows read: true when they
/// must be read.
pub(super) fn merges_may_matter<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    merge_fill_rows: u32,
    max_columns: u32,
) -> bool {
    if merge_fill_rows == 0 {
        return false;
    }
    let Ok(mut cells) = book.worksheet_cells_reader(name) else {
        // The reading proper reports the error.
        return true;
    };
    let declared_width = cells.dimensions().end.1.saturating_add(1);
    let mut shape = Shape::new(
        merge_fill_rows.saturating_add(1),
        max_columns,
        declared_width,
    );
    loop {
        match cells.next_cell() {
            Ok(Some(cell)) => {
                let valued = !matches!(cell.get_value(), DataRef::Empty);
                if let Some(verdict) = shape.add(cell.get_position(), valued) {
                    return verdict;
                }
            }
            // The sheet ends inside the header area: it is small, read the regions.
            Ok(None) => return shape.has_values(),
            // Read the regions as before; the reading proper meets the same error.
            Err(_) => return true,
        }
    }
}

/// The outline of the cells with values in the first rows of a sheet.
struct Shape {
    /// Rows probed: 0-based rows below this end the probe.
    rows: u32,
    max_columns: u32,
    /// Columns the sheet's `<dimension>` spans.
    declared_width: u32,
    /// First row with a value.
    first: Option<u32>,
    /// Row being looked at, with its count of cells with values and its last column.
    row: u32,
    count: u32,
    last: Option<u32>,
    /// Over the finished rows: fewest cells, widest row, rows seen.
    min_count: u32,
    max_width: u32,
    seen: u32,
    /// A row with a gap, or cells out of order.
    gap: bool,
}

impl Shape {
    fn new(rows: u32, max_columns: u32, declared_width: u32) -> Shape {
        Shape {
            rows,
            max_columns,
            declared_width,
            first: None,
            row: 0,
            count: 0,
            last: None,
            min_count: u32::MAX,
            max_width: 0,
            seen: 0,
            gap: false,
        }
    }

    fn has_values(&self) -> bool {
        self.first.is_some()
    }

    /// Takes one cell; `Some(verdict)` once the probe has seen enough.
    fn add(&mut self, (row, col): (u32, u32), valued: bool) -> Option<bool> {
        if col >= self.max_columns {
            // The reading proper stops at this cell whatever the regions.
            return Some(false);
        }
        if row >= self.rows {
            return Some(self.ragged());
        }
        if self.first.is_none() {
            if !valued {
                return None;
            }
            self.first = Some(row);
            self.row = row;
        }
        if row != self.row {
            if row < self.row || row > self.row.saturating_add(1) {
                // Rows out of order, or a row with no cell at all.
                return Some(true);
            }
            self.end_row();
            self.row = row;
        }
        if !valued {
            return None;
        }
        if self.last.is_some_and(|last| col <= last) {
            // Cells out of order or repeated: leave it to the general path.
            return Some(true);
        }
        if col != self.last.map_or(0, |last| last.saturating_add(1)) {
            self.gap = true;
            return Some(true);
        }
        self.last = Some(col);
        self.count = self.count.saturating_add(1);
        None
    }

    fn end_row(&mut self) {
        self.min_count = self.min_count.min(self.count);
        self.max_width = self
            .max_width
            .max(self.last.map_or(0, |last| last.saturating_add(1)));
        self.seen = self.seen.saturating_add(1);
        self.count = 0;
        self.last = None;
    }

    /// Once a cell below the header area arrived (called once): whether the header area
    /// is not a full rectangle as wide as the declared dimension. Without a value in it,
    /// no region there has a value to fill.
    fn ragged(&mut self) -> bool {
        let Some(first) = self.first else {
            return false;
        };
        self.end_row();
        self.gap
            || self.seen < self.rows.saturating_sub(first)
            || self.min_count < self.max_width
            || self.declared_width > self.max_width
    }
}

#[cfg(test)]
mod tests {
    use super::Shape;

    /// Feeds (row, column, has a value) cells; the verdict once decided, or `None`.
    fn verdict(rows: u32, declared_width: u32, cells: &[(u32, u32, bool)]) -> Option<bool> {
        let mut shape = Shape::new(rows, 100, declared_width);
        cells.iter().find_map(|&(r, c, v)| shape.add((r, c), v))
    }

    fn full(rows: u32, width: u32) -> Vec<(u32, u32, bool)> {
        (0..rows)
            .flat_map(|r| (0..width).map(move |c| (r, c, true)))
            .collect()
    }

    #[test]
    fn a_full_rectangle_needs_no_merges() {
        assert_eq!(verdict(3, 4, &full(5, 4)), Some(false));
    }

    #[test]
    fn gaps_and_ragged_rows_need_the_merges() {
        // A gap inside the header row.
        let mut cells = full(5, 4);
        cells.retain(|&(r, c, _)| !(r == 0 && c == 1));
        assert_eq!(verdict(3, 4, &cells), Some(true));
        // A covered cell written without a value counts as a gap.
        let mut cells = full(5, 4);
        cells[1].2 = false;
        assert_eq!(verdict(3, 4, &cells), Some(true));
        // The header row narrower than the rows below (a region reaching right).
        let mut cells = full(5, 4);
        cells.retain(|&(r, c, _)| !(r == 0 && c == 3));
        assert_eq!(verdict(3, 4, &cells), Some(true));
        // A missing row (a region reaching down over a whole row).
        let mut cells = full(5, 4);
        cells.retain(|&(r, _, _)| r != 1);
        assert_eq!(verdict(3, 4, &cells), Some(true));
        // The last probed row has a gap (a region reaching down from the header area).
        let mut cells = full(5, 4);
        cells.retain(|&(r, c, _)| !(r == 2 && c == 0));
        assert_eq!(verdict(3, 4, &cells), Some(true));
        // Cells out of order.
        let mut cells = full(5, 4);
        cells.swap(0, 1);
        assert_eq!(verdict(3, 4, &cells), Some(true));
    }

    #[test]
    fn a_wider_declared_dimension_needs_the_merges() {
        assert_eq!(verdict(3, 6, &full(5, 4)), Some(true));
    }

    #[test]
    fn a_table_below_the_header_area_needs_no_merges() {
        let cells: Vec<_> = full(40, 4).into_iter().filter(|c| c.0 >= 30).collect();
        assert_eq!(verdict(3, 4, &cells), Some(false));
        // Style-only cells above it change nothing.
        let mut cells = vec![(0, 0, false), (1, 5, false)];
        cells.extend(full(40, 4).into_iter().filter(|c| c.0 >= 30));
        assert_eq!(verdict(3, 4, &cells), Some(false));
    }

    #[test]
    fn a_sheet_ending_in_the_header_area_is_undecided() {
        assert_eq!(verdict(3, 4, &full(2, 4)), None);
    }
}
