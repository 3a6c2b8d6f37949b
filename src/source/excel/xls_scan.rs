//! A size check of an xls workbook before calamine reads it.
//!
//! calamine parses every sheet of an xls when the workbook is opened, and builds each as
//! a dense grid spanning its cells (and a second one spanning its formulas), reserving
//! space for the grid its DIMENSIONS record declares. One cell at row 65,535, column
//! 16,383 of a 5 KB file then asks for 32 GiB and aborts the process — no panic handler
//! sees an abort. BIFF8 caps a sheet at 65,536 rows × 256 columns; this scan walks the
//! same records calamine reads, from the same sheet offsets, and refuses a workbook whose
//! cells or declared dimensions break that cap, or whose grids together exceed the
//! budget, before calamine allocates anything.

use std::io::Read;
use std::path::Path;

/// Rows and columns of a BIFF8 sheet.
pub(super) const MAX_ROWS: u64 = 65_536;
pub(super) const MAX_COLUMNS: u64 = 256;

/// Largest workbook stream read (the file holds it; this bounds a lying directory).
const MAX_STREAM_BYTES: u64 = 1 << 30;

/// Why a workbook may not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// A cell or declared dimension beyond BIFF8's 65,536 × 256.
    OutsideSheet { row: u64, column: u64 },
    /// The dense grids of all sheets together, in cells.
    TooManyCells { cells: u64 },
    /// The container or the stream cannot be read; calamine is not asked to try.
    Damaged(String),
}

/// The bounding box of a sheet's cells (or formulas).
#[derive(Default, Clone, Copy)]
struct Bounds {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Bounds {
    fn add(&mut self, row: u64, col: u64) {
        let widen = |r: Option<(u64, u64)>, v: u64| {
            Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// Checks the workbook at `path`: `Ok` when calamine may read it with grids of at most
/// `max_dense_cells` cells in all.
pub(super) fn check(path: &Path, max_dense_cells: u64) -> Result<(), Refusal> {
    let damaged = |e: std::io::Error| Refusal::Damaged(e.to_string());
    let mut book = cfb::open(path).map_err(damaged)?;
    let name = if book.is_stream("/Workbook") {
        "/Workbook"
    } else if book.is_stream("/Book") {
        "/Book"
    } else {
        // calamine reports the missing stream.
        return Ok(());
    };
    let mut stream = Vec::new();
    book.open_stream(name)
        .map_err(damaged)?
        .take(MAX_STREAM_BYTES)
        .read_to_end(&mut stream)
        .map_err(damaged)?;
    check_stream(&stream, max_dense_cells)
}

/// One BIFF record: its type and data.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let header = rest.get(..4)?;
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u64> {
    let b = data.get(at..at + 2)?;
    Some(u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<u64> {
    let b = data.get(at..at + 4)?;
    Some(u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// The checks of `check` on the workbook stream.
pub(super) fn check_stream(stream: &[u8], max_dense_cells: u64) -> Result<(), Refusal> {
    // An encrypted workbook's sheets are ciphertext: calamine stops at FILEPASS and
    // reports the password, so there is nothing to check.
    if records(stream).any(|(typ, data)| typ == 0x002F && u16_at(data, 0).is_some_and(|v| v != 0)) {
        return Ok(());
    }
    // calamine reads a sheet from the offset its BOUNDSHEET record gives, once per record.
    let offsets = records(stream)
        .filter(|(typ, _)| *typ == 0x0085)
        .filter_map(|(_, data)| u32_at(data, 0));
    let mut total: u64 = 0;
    for offset in offsets {
        let Some(sheet) = usize::try_from(offset).ok().and_then(|o| stream.get(o..)) else {
            continue;
        };
        let (cells, formulas) = scan_sheet(sheet)?;
        total = total
            .saturating_add(cells.cells())
            .saturating_add(formulas.cells());
        if total > max_dense_cells {
            return Err(Refusal::TooManyCells { cells: total });
        }
    }
    Ok(())
}

/// The bounds of one sheet's cells and formulas, as calamine will gather them.
fn scan_sheet(sheet: &[u8]) -> Result<(Bounds, Bounds), Refusal> {
    let mut cells = Bounds::default();
    let mut formulas = Bounds::default();
    let mut formula_at = (0, 0);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let place = |b: &mut Bounds, row: u64, col: u64| {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(Refusal::OutsideSheet { row, column: col });
        }
        b.add(row, col);
        Ok(())
    };
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = || Some((u16_at(data, 0)?, u16_at(data, 2)?));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => check_dimensions(data)?,
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((row, col)) = at() {
                    place(&mut cells, row, col)?;
                }
            }
            0x00BD => {
                if let (Some((row, first)), Some(n)) = (at(), data.len().checked_sub(6)) {
                    let last = first + (n / 6) as u64;
                    place(&mut cells, row, first)?;
                    place(&mut cells, row, last.saturating_sub(1).max(first))?;
                }
            }
            0x0006 => {
                if let Some((row, col)) = at() {
                    formula_at = (row, col);
                    place(&mut cells, row, col)?;
                    place(&mut formulas, row, col)?;
                }
            }
            0x0207 => place(&mut cells, formula_at.0, formula_at.1)?,
            _ => {}
        }
    }
    Ok((cells, formulas))
}

/// A DIMENSIONS record, read as calamine reads it, must stay inside the sheet: calamine
/// reserves room for the grid it declares.
fn check_dimensions(data: &[u8]) -> Result<(), Refusal> {
    let (first_row, last_row, last_col) = match data.len() {
        10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6)),
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 10)),
        _ => return Ok(()),
    };
    let (Some(first_row), Some(last_row), Some(last_col)) = (first_row, last_row, last_col) else {
        return Ok(());
    };
    // `last_row` and `last_col` are one past the last; a first row past the last makes
    // calamine's row count wrap around.
    if last_row > MAX_ROWS || last_col > MAX_COLUMNS || first_row >= MAX_ROWS {
        return Err(Refusal::OutsideSheet {
            row: last_row.max(first_row),
            column: last_col,
        });
    }
    if last_row >= 1 && last_col >= 1 && last_row - 1 < first_row {
        return Err(Refusal::OutsideSheet {
            row: first_row,
            column: last_col,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    /// A BIFF8 BOF record of substream type `dt`.
    fn bof(dt: u16) -> Vec<u8> {
        let mut data = 0x0600u16.to_le_bytes().to_vec();
        data.extend_from_slice(&dt.to_le_bytes());
        data.extend_from_slice(&[0; 12]);
        record(0x0809, &data)
    }

    /// A workbook stream: globals with one BOUNDSHEET per sheet, then the sheets.
    fn stream(sheets: &[Vec<Vec<u8>>]) -> Vec<u8> {
        let globals_len = (4 + 16) + sheets.len() * (4 + 9) + 4;
        let mut bodies = Vec::new();
        let mut offsets = Vec::new();
        for sheet in sheets {
            offsets.push(globals_len + bodies.len());
            bodies.extend(bof(0x0010));
            for r in sheet {
                bodies.extend(r);
            }
            bodies.extend(record(0x000A, &[]));
        }
        let mut out = bof(0x0005);
        for (i, o) in offsets.into_iter().enumerate() {
            let mut data = (o as u32).to_le_bytes().to_vec();
            // Visible worksheet, a one-character name.
            data.extend_from_slice(&[0, 0, 1, 0, b'a' + i as u8]);
            out.extend(record(0x0085, &data));
        }
        out.extend(record(0x000A, &[]));
        assert_eq!(out.len(), globals_len);
        out.extend(bodies);
        out
    }

    /// An xls file holding `stream` as its workbook stream.
    fn xls_file(stream: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xls");
        let mut book = cfb::create(&path).unwrap();
        let mut s = book.create_stream("/Workbook").unwrap();
        s.write_all(stream).unwrap();
        drop(s);
        book.flush().unwrap();
        (dir, path)
    }

    fn open(path: &Path) -> Result<Vec<Vec<String>>, crate::source::SourceError> {
        use crate::source::{Record, RowSource};
        let kind = crate::source::detect::FileKind::Xls;
        let mut source = super::super::open(path, kind, &super::super::ExcelOptions::default())?;
        let mut rows = Vec::new();
        let mut record = Record::default();
        while source.next_record(&mut record)? {
            rows.push(
                (0..record.len())
                    .map(|i| record.get(i).unwrap_or("").to_owned())
                    .collect(),
            );
        }
        Ok(rows)
    }

    #[test]
    fn a_cell_far_outside_the_sheet_is_refused_before_calamine_allocates() {
        // Without the check: 32 GiB asked for, and the process aborts.
        let (_dir, path) = xls_file(&stream(&[vec![number(65_535, 16_383)]]));
        let err = open(&path).unwrap_err();
        assert!(
            matches!(err, crate::source::SourceError::TooLarge { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("65,536"), "{err}");
        // Without the check: a 5 GB dense grid.
        let (_dir, path) = xls_file(&stream(&[vec![number(20_000, 4_000)]]));
        let err = open(&path).unwrap_err();
        assert!(
            matches!(err, crate::source::SourceError::TooLarge { .. }),
            "{err}"
        );
    }

    #[test]
    fn a_small_workbook_of_the_same_making_reads() {
        let (_dir, path) = xls_file(&stream(&[vec![number(0, 0), number(2, 1)]]));
        let rows = open(&path).expect("reads");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[2].len(), 2, "{rows:?}");
    }

    #[test]
    fn cells_beyond_biff8_columns_are_refused() {
        let s = stream(&[vec![number(0, 0), number(65_535, 16_383)]]);
        assert_eq!(
            check_stream(&s, 20_000_000),
            Err(Refusal::OutsideSheet {
                row: 65_535,
                column: 16_383
            })
        );
        let s = stream(&[vec![number(20_000, 4_000)]]);
        assert!(matches!(
            check_stream(&s, 20_000_000),
            Err(Refusal::OutsideSheet { .. })
        ));
    }

    #[test]
    fn the_grids_of_all_sheets_count_against_the_budget() {
        let sheet = vec![number(0, 0), number(999, 99)];
        assert_eq!(
            check_stream(&stream(std::slice::from_ref(&sheet)), 100_000),
            Ok(())
        );
        assert_eq!(
            check_stream(&stream(&[sheet.clone(), sheet]), 100_000),
            Err(Refusal::TooManyCells { cells: 200_000 })
        );
    }

    #[test]
    fn declared_dimensions_must_fit_the_sheet() {
        let dims = |first: u32, last: u32, cols: u16| {
            let mut d = first.to_le_bytes().to_vec();
            d.extend_from_slice(&last.to_le_bytes());
            d.extend_from_slice(&0u16.to_le_bytes());
            d.extend_from_slice(&cols.to_le_bytes());
            d.extend_from_slice(&[0, 0]);
            record(0x0200, &d)
        };
        assert_eq!(check_stream(&stream(&[vec![dims(0, 10, 3)]]), 100), Ok(()));
        for bad in [dims(0, 4_000_000, 3), dims(0, 10, 300), dims(20, 10, 3)] {
            assert!(matches!(
                check_stream(&stream(&[vec![bad]]), 100),
                Err(Refusal::OutsideSheet { .. })
            ));
        }
    }

    #[test]
    fn encrypted_workbooks_are_left_to_the_password_error() {
        let mut s = record(0x002F, &[1, 0, 0, 0]);
        s.extend(stream(&[vec![number(0, 60_000)]]));
        // The offsets of the sheet now point 8 bytes early; the FILEPASS decides anyway.
        assert_eq!(check_stream(&s, 100), Ok(()));
    }

    #[test]
    fn nested_substreams_and_truncated_records_are_skipped() {
        let nested = vec![
            record(0x0809, &[0; 4]),
            number(0, 60_000),
            record(0x000A, &[]),
            number(1, 1),
        ];
        assert_eq!(check_stream(&stream(&[nested]), 100), Ok(()));
        let mut s = stream(&[vec![number(1, 1)]]);
        s.extend_from_slice(&[0x03, 0x02, 0xff]);
        assert_eq!(check_stream(&s, 100), Ok(()));
    }
}
