//! The worker thread that owns the workbook: opens it, picks the sheet, and sends rows.

use std::any::Any;
use std::cell::RefCell;
use std::fs::File;
use std::io::BufReader;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use calamine::{
    open_workbook, Data, Dimensions, Ods, OdsError, Range, Reader, Sheet, SheetType, SheetVisible,
    Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};

use super::assemble::{Assembler, Stop};
use super::cell::Value;
use super::{merges, ods_scan, probe, xls_scan, ExcelOptions, Msg};
use crate::finding::Code;
use crate::source::detect::FileKind;
use crate::source::{Record, SourceError, SourceInfo, SourceNotice};
use crate::text::Text;

/// The worker thread: reads the workbook and sends `Ready`, rows, then `End` or `Failed`.
pub(super) fn work(
    path: &Path,
    kind: &FileKind,
    options: &ExcelOptions,
    tx: &SyncSender<Msg>,
    recycle: &Receiver<Vec<Record>>,
) {
    let mut feed = Feed {
        path,
        options,
        tx,
        recycle,
        batch: RefCell::new(Batch::default()),
        spare: RefCell::new(Vec::new()),
    };
    // Last line of defence: calamine parses hostile binary formats, and a panic in it must
    // end as an error for this file, not take the process down. The message is kept.
    let outcome = catch_unwind(AssertUnwindSafe(|| feed.read(kind)));
    // Rows read before an error are delivered before it.
    if !matches!(outcome, Ok(Err(Halt::Closed))) && feed.send_batch().is_err() {
        return;
    }
    let last = match outcome {
        Ok(Ok(())) => Msg::End,
        Ok(Err(Halt::Error(e))) => Msg::Failed(e),
        Ok(Err(Halt::Closed)) => return,
        Err(panic) => Msg::Failed(SourceError::Unreadable {
            path: path.to_owned(),
            message: format!(
                "the workbook could not be parsed (parser panic: {}) / 工作簿无法解析",
                panic_message(&*panic)
            ),
        }),
    };
    let _ = tx.send(last);
}

pub(super) fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown".to_owned()
    }
}

/// Why the worker stopped early.
enum Halt {
    Error(SourceError),
    /// The `ExcelSource` was dropped: nobody wants more rows.
    Closed,
}

impl From<SourceError> for Halt {
    fn from(e: SourceError) -> Self {
        Halt::Error(e)
    }
}

struct Feed<'a> {
    path: &'a Path,
    options: &'a ExcelOptions,
    tx: &'a SyncSender<Msg>,
    recycle: &'a Receiver<Vec<Record>>,
    /// Rows waiting to be sent together: one channel message per row made the two
    /// threads wake each other 100,000 times for 100,000 rows.
    batch: RefCell<Batch>,
    /// Records handed back by the reader, reused for new rows.
    spare: RefCell<Vec<Record>>,
}

/// Rows collected for one message.
#[derive(Default)]
struct Batch {
    rows: Vec<Record>,
    cells: usize,
    bytes: usize,
}

/// A batch is sent when it has this many rows…
const BATCH_ROWS: usize = 256;
/// …or this many cells, so a batch of very wide rows stays small.
const BATCH_CELLS: usize = 65_536;
/// …or this many bytes of text, so a batch of very long cells stays small too.
const BATCH_BYTES: usize = 4 << 20;
/// A reused record whose text buffer grew past this is given a fresh one.
const KEEP_BYTES: usize = 1 << 20;

impl Feed<'_> {
    fn read(&mut self, kind: &FileKind) -> Result<(), Halt> {
        match kind {
            FileKind::Xlsx | FileKind::Xlsm => self.read_xlsx(kind),
            FileKind::Xlsb => self.read_xlsb(),
            FileKind::Xls => self.read_xls(),
            FileKind::Ods => self.read_ods(),
            _ => Err(Halt::Error(SourceError::UnknownFormat {
                path: self.path.to_owned(),
                found: kind.as_str().to_owned(),
            })),
        }
    }

    fn fail(&self, message: impl std::fmt::Display) -> Halt {
        Halt::Error(SourceError::Unreadable {
            path: self.path.to_owned(),
            // calamine's own words stay as the detail; what a steward needs comes first.
            message: format!(
                "cannot read the workbook: it is damaged or incomplete; open it in Excel or \
                 LibreOffice and save it again / 无法读取工作簿：文件已损坏或不完整，\
                 请用 Excel 或 LibreOffice 打开后另存 (detail: {message})"
            ),
        })
    }

    fn encrypted(&self) -> Halt {
        Halt::Error(SourceError::Encrypted {
            path: self.path.to_owned(),
        })
    }

    fn xlsx_error(&self, e: XlsxError) -> Halt {
        match e {
            XlsxError::Password => self.encrypted(),
            e => self.fail(e),
        }
    }

    fn xlsb_error(&self, e: XlsbError) -> Halt {
        match e {
            XlsbError::Password => self.encrypted(),
            e => self.fail(e),
        }
    }

    fn xls_error(&self, e: XlsError) -> Halt {
        match e {
            XlsError::Password => self.encrypted(),
            e => self.fail(e),
        }
    }

    fn ods_error(&self, e: OdsError) -> Halt {
        match e {
            OdsError::Password => self.encrypted(),
            OdsError::CellLimitExceeded { max, .. } => Halt::Error(SourceError::TooLarge {
                path: self.path.to_owned(),
                what: "cells of the ods sheets / ods 工作表的单元格数".to_owned(),
                limit: max as u64,
            }),
            e => self.fail(e),
        }
    }

    fn send(&self, msg: Msg) -> Result<(), Halt> {
        self.tx.send(msg).map_err(|_| Halt::Closed)
    }

    /// Chooses the sheet and sends `Ready` with the sheet notices.
    fn start(&mut self, format: &str, sheets: &[Sheet]) -> Result<String, Halt> {
        let (name, notices) = choose_sheet(self.path, sheets, self.options.sheet.as_deref())?;
        let info = SourceInfo {
            format: format.to_owned(),
            encoding: None,
            sheet: Some(name.clone()),
            delimiter: None,
        };
        self.send(Msg::Ready(info, notices))?;
        Ok(name)
    }

    fn record(&self) -> Record {
        let mut spare = self.spare.borrow_mut();
        if spare.is_empty() {
            if let Ok(records) = self.recycle.try_recv() {
                *spare = records;
            }
        }
        let mut record = spare.pop().unwrap_or_default();
        record.release_if_large(KEEP_BYTES);
        record
    }

    /// Queues a finished row, sending the batch when it is full.
    fn send_row(&self, row: Record) -> Result<(), Halt> {
        let full = {
            let mut batch = self.batch.borrow_mut();
            batch.cells = batch.cells.saturating_add(row.len());
            batch.bytes = batch.bytes.saturating_add(row.text_bytes());
            batch.rows.push(row);
            batch.rows.len() >= BATCH_ROWS
                || batch.cells >= BATCH_CELLS
                || batch.bytes >= BATCH_BYTES
        };
        if full {
            self.send_batch()?;
        }
        Ok(())
    }

    /// Sends the rows queued so far, if any.
    fn send_batch(&self) -> Result<(), Halt> {
        let rows = std::mem::take(&mut *self.batch.borrow_mut()).rows;
        if rows.is_empty() {
            return Ok(());
        }
        self.send(Msg::Rows(rows))
    }

    fn assembler(&self, merges: &[Dimensions]) -> Assembler {
        Assembler::new(
            merges,
            self.options.merge_fill_rows,
            self.options.max_cells,
            self.options.max_columns,
            self.options.max_text_bytes,
        )
    }

    fn stop(&self, stop: Stop) -> Halt {
        let (what, limit) = match stop {
            Stop::Cells { limit } => ("cells in the sheet / 工作表单元格数", limit),
            Stop::Columns { limit } => ("columns in a row / 一行的列数", u64::from(limit)),
            Stop::Text { limit, row: true } => (
                "bytes of text in a row (long values copied over merged cells) / 一行的文本字节数（长值被复制到合并单元格）",
                limit,
            ),
            Stop::Text { limit, row: false } => (
                "bytes of text in the sheet (shared strings or merged values repeated) / 工作表的文本字节数（共享字符串或合并值被重复）",
                limit,
            ),
        };
        Halt::Error(SourceError::TooLarge {
            path: self.path.to_owned(),
            what: what.to_owned(),
            limit,
        })
    }

    /// Adds one cell and sends the row it completed, if any.
    fn push_cell(
        &self,
        asm: &mut Assembler,
        record: &mut Record,
        pos: (u32, u32),
        value: Value<'_>,
    ) -> Result<(), Halt> {
        if asm.add(pos, value, record).map_err(|s| self.stop(s))? {
            let full = std::mem::replace(record, self.record());
            self.send_row(full)?;
        }
        Ok(())
    }

    fn flush(&self, asm: &mut Assembler, record: &mut Record) -> Result<(), Halt> {
        if asm.finish(record).map_err(|s| self.stop(s))? {
            let full = std::mem::take(record);
            self.send_row(full)?;
        }
        Ok(())
    }

    fn read_xlsx(&mut self, kind: &FileKind) -> Result<(), Halt> {
        let mut book: Xlsx<BufReader<File>> =
            open_workbook(self.path).map_err(|e| self.xlsx_error(e))?;
        let sheets = book.sheets_metadata().to_vec();
        let name = self.start(kind.as_str(), &sheets)?;
        // Merged regions are a small list at the end of the sheet XML, so reading them
        // parses the whole sheet: only done when they may change a row. A damaged list
        // only loses the header fill, not the data.
        let merges = if probe::merges_may_matter(
            &mut book,
            &name,
            self.options.merge_fill_rows,
            self.options.max_columns,
        ) {
            merges::read(self.path, &name)
                .unwrap_or_else(|| book.merge_cells_by_sheet_name(&name).unwrap_or_default())
        } else {
            Vec::new()
        };
        let mut asm = self.assembler(&merges);
        let mut record = self.record();
        let mut cells = book
            .worksheet_cells_reader(&name)
            .map_err(|e| self.xlsx_error(e))?;
        while let Some(cell) = cells.next_cell().map_err(|e| self.xlsx_error(e))? {
            self.push_cell(
                &mut asm,
                &mut record,
                cell.get_position(),
                cell.get_value().into(),
            )?;
        }
        self.flush(&mut asm, &mut record)
    }

    fn read_xlsb(&mut self) -> Result<(), Halt> {
        let mut book: Xlsb<BufReader<File>> =
            open_workbook(self.path).map_err(|e| self.xlsb_error(e))?;
        let sheets = book.sheets_metadata().to_vec();
        let name = self.start("xlsb", &sheets)?;
        let mut asm = self.assembler(&[]);
        let mut record = self.record();
        let mut cells = book
            .worksheet_cells_reader(&name)
            .map_err(|e| self.xlsb_error(e))?;
        while let Some(cell) = cells.next_cell().map_err(|e| self.xlsb_error(e))? {
            self.push_cell(
                &mut asm,
                &mut record,
                cell.get_position(),
                cell.get_value().into(),
            )?;
        }
        self.flush(&mut asm, &mut record)
    }

    fn read_xls(&mut self) -> Result<(), Halt> {
        // calamine parses every sheet of an xls into dense grids when opening it: their
        // size is checked first.
        xls_scan::check(self.path, self.options.max_dense_cells).map_err(|r| match r {
            xls_scan::Refusal::OutsideSheet { row, column } => {
                Halt::Error(SourceError::TooLarge {
                    path: self.path.to_owned(),
                    what: format!(
                        "cells or dimensions of an xls sheet beyond its 65,536 rows × 256 columns (row {}, column {}) / xls 工作表超出 65,536 行 × 256 列的单元格或尺寸（第 {} 行，第 {} 列）",
                        row + 1,
                        column + 1,
                        row + 1,
                        column + 1
                    ),
                    limit: xls_scan::MAX_ROWS * xls_scan::MAX_COLUMNS,
                })
            }
            xls_scan::Refusal::TooManyCells { cells } => Halt::Error(SourceError::TooLarge {
                path: self.path.to_owned(),
                what: format!(
                    "cells the xls sheets expand to ({cells}) / xls 工作表展开后的单元格数（{cells}）"
                ),
                limit: self.options.max_dense_cells,
            }),
            xls_scan::Refusal::Damaged(message) => self.fail(message),
        })?;
        let mut book: Xls<BufReader<File>> =
            open_workbook(self.path).map_err(|e| self.xls_error(e))?;
        let sheets = book.sheets_metadata().to_vec();
        let name = self.start("xls", &sheets)?;
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let range = book.worksheet_range(&name).map_err(|e| self.xls_error(e))?;
        self.emit_range(&range, &merges)
    }

    fn read_ods(&mut self) -> Result<(), Halt> {
        let measure = match ods_scan::dense_cells(self.path, self.options.max_dense_cells)
            .map_err(|e| self.fail(e))?
        {
            ods_scan::Scan::Encrypted => return Err(self.encrypted()),
            ods_scan::Scan::Measured(measure) => measure,
        };
        // calamine stops an ods sheet at Excel's last row and drops the rest unsaid.
        let (cells, rows, bytes) = (measure.cells, measure.rows, measure.bytes);
        let refusal = if cells > self.options.max_dense_cells {
            Some((
                format!("cells the ods sheets expand to ({cells}; repeated rows or columns) / ods 工作表展开后的单元格数（{cells}）"),
                self.options.max_dense_cells,
            ))
        } else if rows > ods_scan::MAX_ROWS {
            Some((
                format!("rows of an ods sheet, to its last cell with content ({rows}) / ods 工作表到最后一个有内容的单元格的行数（{rows}）"),
                ods_scan::MAX_ROWS,
            ))
        } else if bytes > self.options.max_expanded_bytes {
            Some((
                format!("bytes the ods cells expand to ({bytes}; repeated rows, columns or spaces) / ods 单元格展开后的字节数（{bytes}；重复的行、列或空格）"),
                self.options.max_expanded_bytes,
            ))
        } else {
            None
        };
        if let Some((what, limit)) = refusal {
            return Err(Halt::Error(SourceError::TooLarge {
                path: self.path.to_owned(),
                what,
                limit,
            }));
        }
        let mut book: Ods<BufReader<File>> =
            open_workbook(self.path).map_err(|e| self.ods_error(e))?;
        let sheets = book.sheets_metadata().to_vec();
        let name = self.start("ods", &sheets)?;
        let range = book.worksheet_range(&name).map_err(|e| self.ods_error(e))?;
        self.emit_range(&range, &[])
    }

    fn emit_range(&self, range: &Range<Data>, merges: &[Dimensions]) -> Result<(), Halt> {
        let Some((row0, col0)) = range.start() else {
            return Ok(());
        };
        let mut asm = self.assembler(merges);
        let mut record = self.record();
        for (i, cells) in range.rows().enumerate() {
            let row = row0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            for (j, value) in cells.iter().enumerate() {
                let col = col0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX));
                self.push_cell(&mut asm, &mut record, (row, col), value.into())?;
            }
        }
        self.flush(&mut asm, &mut record)
    }
}

/// Picks the sheet to read and lists the hidden sheets that are not read.
fn choose_sheet(
    path: &Path,
    sheets: &[Sheet],
    wanted: Option<&str>,
) -> Result<(String, Vec<SourceNotice>), SourceError> {
    let chosen = match wanted {
        Some(want) => sheets
            .iter()
            .position(|s| s.name == want)
            .or_else(|| {
                sheets
                    .iter()
                    .position(|s| s.name.trim().eq_ignore_ascii_case(want.trim()))
            })
            .or_else(|| {
                let n: usize = want.trim().parse().ok()?;
                n.checked_sub(1).filter(|&i| i < sheets.len())
            })
            .ok_or_else(|| SourceError::UnknownSheet {
                path: path.to_owned(),
                name: want.to_owned(),
                sheets: sheets.iter().map(|s| s.name.clone()).collect(),
            })?,
        None => sheets
            .iter()
            .position(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
            .or_else(|| sheets.iter().position(|s| s.typ == SheetType::WorkSheet))
            .ok_or_else(|| SourceError::Unreadable {
                path: path.to_owned(),
                message: "the workbook has no worksheet / 工作簿中没有工作表".to_owned(),
            })?,
    };
    let Some(sheet) = sheets.get(chosen) else {
        return Err(SourceError::Unreadable {
            path: path.to_owned(),
            message: "the workbook has no worksheet / 工作簿中没有工作表".to_owned(),
        });
    };
    if sheet.typ == SheetType::ChartSheet {
        return Err(SourceError::Unreadable {
            path: path.to_owned(),
            message: format!(
                "sheet {:?} is a chart, not a worksheet / 工作表 {:?} 是图表",
                sheet.name, sheet.name
            ),
        });
    }
    let mut notices = Vec::new();
    for (i, s) in sheets.iter().enumerate() {
        if s.visible == SheetVisible::Visible || s.typ == SheetType::ChartSheet {
            continue;
        }
        let message = if i == chosen {
            Text::new(
                format!("读取的工作表“{}”是隐藏的", s.name),
                format!("the sheet read, {:?}, is hidden", s.name),
            )
        } else {
            Text::new(
                format!("工作簿中有隐藏的工作表“{}”，未读取", s.name),
                format!(
                    "the workbook has a hidden sheet {:?}, which was not read",
                    s.name
                ),
            )
        };
        notices.push(SourceNotice {
            code: Code::HiddenContent,
            row: None,
            message,
        });
    }
    Ok((sheet.name.clone(), notices))
}
