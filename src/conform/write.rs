//! Table output of `conform`: CSV (UTF-8) or XLSX (every cell a text cell, so identifiers
//! keep their digits), with spreadsheet formula injection neutralised.

use std::io::{self, Write};
use std::path::Path;

use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

/// The kind of table a path asks for, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Csv,
    Xlsx,
}

impl OutputKind {
    /// `.csv` (and `-`, standard output) → CSV, `.xlsx` → XLSX, anything else `None`.
    pub fn for_path(path: &Path) -> Option<OutputKind> {
        if path == Path::new("-") {
            return Some(OutputKind::Csv);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(OutputKind::Csv),
            "xlsx" => Some(OutputKind::Xlsx),
            _ => None,
        }
    }
}

/// Rows a worksheet holds, the header row included.
const XLSX_MAX_ROWS: u32 = 1_048_576;

pub use crate::formula::neutralize;

/// A table being written; `finish` completes it.
pub(crate) enum TableWriter<'w> {
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Xlsx {
        book: Box<Workbook>,
        row: u32,
        out: &'w mut dyn Write,
    },
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

impl<'w> TableWriter<'w> {
    pub fn new(kind: OutputKind, out: &'w mut dyn Write) -> TableWriter<'w> {
        match kind {
            OutputKind::Csv => {
                TableWriter::Csv(Box::new(csv::WriterBuilder::new().from_writer(out)))
            }
            OutputKind::Xlsx => {
                let mut book = Box::new(Workbook::new());
                book.add_worksheet();
                TableWriter::Xlsx { book, row: 0, out }
            }
        }
    }

    /// Writes one row; `numeric[i]` says whether column `i` holds numbers.
    pub fn write_row<S: AsRef<str>>(&mut self, cells: &[S], numeric: &[bool]) -> io::Result<()> {
        let safe = cells
            .iter()
            .enumerate()
            .map(|(i, c)| neutralize(c.as_ref(), numeric.get(i).copied().unwrap_or(false)));
        match self {
            TableWriter::Csv(w) => w
                .write_record(safe.map(|c| c.into_owned()))
                .map_err(io::Error::from),
            TableWriter::Xlsx { book, row, .. } => {
                if *row >= XLSX_MAX_ROWS {
                    return Err(io::Error::other(
                        "more rows than a worksheet holds (1,048,576); write CSV instead / 行数超过工作表上限 1,048,576，请输出 CSV",
                    ));
                }
                let text = XlsxFormat::new().set_num_format("@");
                let sheet = book.worksheet_from_index(0).map_err(xlsx_err)?;
                for (col, cell) in safe.enumerate() {
                    let col = u16::try_from(col).map_err(|_| {
                        io::Error::other("more columns than a worksheet holds / 列数超过工作表上限")
                    })?;
                    if !cell.is_empty() {
                        sheet
                            .write_string_with_format(*row, col, cell.as_ref(), &text)
                            .map_err(xlsx_err)?;
                    }
                }
                *row += 1;
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            TableWriter::Csv(mut w) => w.flush(),
            TableWriter::Xlsx { mut book, out, .. } => {
                let bytes = book.save_to_buffer().map_err(xlsx_err)?;
                out.write_all(&bytes)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(
            OutputKind::for_path(Path::new("a.CSV")),
            Some(OutputKind::Csv)
        );
        assert_eq!(
            OutputKind::for_path(Path::new("a.xlsx")),
            Some(OutputKind::Xlsx)
        );
        assert_eq!(OutputKind::for_path(Path::new("-")), Some(OutputKind::Csv));
        assert_eq!(OutputKind::for_path(Path::new("a.xls")), None);
        assert_eq!(OutputKind::for_path(Path::new("a")), None);
    }

    #[test]
    fn csv_and_xlsx_write() {
        let mut buf = Vec::new();
        {
            let mut w = TableWriter::new(OutputKind::Csv, &mut buf);
            w.write_row(&["a", "b"], &[false, true]).unwrap();
            w.write_row(&["=1", "-2"], &[false, true]).unwrap();
            w.finish().unwrap();
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "a,b\n'=1,-2\n");
        let mut buf = Vec::new();
        {
            let mut w = TableWriter::new(OutputKind::Xlsx, &mut buf);
            w.write_row(&["id"], &[false]).unwrap();
            w.write_row(&["110101199003071234"], &[false]).unwrap();
            w.finish().unwrap();
        }
        assert!(buf.starts_with(b"PK"));
    }
}
