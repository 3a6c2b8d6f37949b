//! The spreadsheet reader: xlsx, xlsm, xlsb, xls and ods through calamine, as a
//! `RowSource`.
//!
//! The workbook is read on a worker thread that owns it and hands finished rows over a
//! small bounded channel: calamine's streaming cell reader borrows the workbook, and a
//! thread is the safe way to keep both alive between calls. xlsx and xlsb cells are
//! streamed, so memory stays per row; xls and ods have no streaming in calamine, so their
//! size is checked before the dense grid is built (see `ods_scan` and `xls_scan`).
//!
//! Every spreadsheet row that has a cell with a value becomes one record numbered as the
//! spreadsheet numbers it (`Record.row`). Workbooks do not store empty rows; an empty row
//! between two rows with values becomes an empty record (a blank row inside the table),
//! while empty rows above the first and below the last row with values are not emitted.
//! A run of more than `MAX_BLANK_RUN` empty rows becomes one `blank-row` notice instead,
//! so a sheet with one cell in row 1 and one in row 1,048,576 costs nothing. Cells start
//! at column A, gaps are filled with empty cells.

mod assemble;
mod cell;
mod merges;
mod ods_scan;
mod probe;
mod worker;
mod xls_scan;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use self::worker::work;
use crate::source::detect::{mismatch_notice, FileKind};
use crate::source::zipguard::{self, ZipLimits};
use crate::source::{Record, RowSource, SourceError, SourceInfo, SourceNotice};

/// How to read a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcelOptions {
    /// The sheet to read: its name, or its 1-based position among all sheets. `None`
    /// reads the first visible worksheet.
    pub sheet: Option<String>,
    /// Cells a sheet may have in all (counting the empty cells that fill gaps).
    pub max_cells: u64,
    /// Columns a row may have (Excel's own limit is 16,384, column XFD).
    pub max_columns: u32,
    /// Largest grid an xls or ods sheet may expand to (rows × columns): these formats
    /// are read whole into memory.
    pub max_dense_cells: u64,
    /// Most bytes the cells of an ods file may expand to (each cell's markup times its
    /// repeats, and the spaces `text:s` asks for): the format is read whole into memory.
    pub max_expanded_bytes: u64,
    /// Most bytes of text the cells of a sheet may render to: shared strings and merged
    /// regions repeat a text, so a small file can ask for far more than it holds.
    pub max_text_bytes: u64,
    /// Merged regions that start in the first rows (the header area) have their value
    /// copied into every cell they cover.
    pub merge_fill_rows: u32,
    pub zip: ZipLimits,
}

impl Default for ExcelOptions {
    fn default() -> Self {
        ExcelOptions {
            sheet: None,
            max_cells: 100_000_000,
            max_columns: 16_384,
            max_dense_cells: 20_000_000,
            // The markup of a few hundred thousand rows of text cells.
            max_expanded_bytes: 512 << 20,
            // Some ten times the text of a million rows of a typical export.
            max_text_bytes: 4 << 30,
            merge_fill_rows: 20,
            zip: ZipLimits::default(),
        }
    }
}

/// Batches of rows handed from the worker thread to the reader before it waits.
const CHANNEL_BATCHES: usize = 4;

/// Longest run of empty rows inside a table reported row by row.
const MAX_BLANK_RUN: u64 = 100;

enum Msg {
    Ready(SourceInfo, Vec<SourceNotice>),
    /// Rows in order, at least one.
    Rows(Vec<Record>),
    Failed(SourceError),
    End,
}

/// A sheet of a workbook, read row by row.
pub struct ExcelSource {
    info: SourceInfo,
    notices: Vec<SourceNotice>,
    rows: Receiver<Msg>,
    recycle: SyncSender<Vec<Record>>,
    /// The batch being handed out, reversed (the next row is last).
    batch: Vec<Record>,
    /// Buffers of rows handed out, to go back to the worker.
    spent: Vec<Record>,
    worker: Option<JoinHandle<()>>,
    path: PathBuf,
    done: bool,
    /// Row number of the last record handed out.
    last_row: Option<u64>,
    /// A record received after a run of empty rows, handed out once they are.
    held: Option<Record>,
}

impl std::fmt::Debug for ExcelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExcelSource")
            .field("info", &self.info)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Name of the thread that runs calamine on one workbook. Its panics are caught and end
/// as an error for the file (`unreadable-file`), message kept.
pub const WORKER_THREAD: &str = "govdict-excel";

/// Keeps the panics of spreadsheet worker threads off standard error: they are caught and
/// reported with their message as an error for the file, and the default hook's "thread
/// panicked" with a backtrace would read as a crash. Every other panic still reaches the
/// hook installed before. For binaries; a library does not set hooks on its own.
pub fn quiet_worker_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(WORKER_THREAD) {
            previous(info);
        }
    }));
}

/// Opens the sheet `options` names of the workbook at `path`, which `detect` found to be
/// of `kind`. Checks the container first; fails with `Encrypted`, `TooLarge`,
/// `UnknownSheet`, `UnknownFormat` or `Unreadable`.
pub fn open(
    path: &Path,
    kind: FileKind,
    options: &ExcelOptions,
) -> Result<ExcelSource, SourceError> {
    match &kind {
        FileKind::Encrypted => {
            return Err(SourceError::Encrypted {
                path: path.to_owned(),
            })
        }
        FileKind::Unknown { found } => {
            return Err(SourceError::UnknownFormat {
                path: path.to_owned(),
                found: found.clone(),
            })
        }
        FileKind::Csv => {
            return Err(SourceError::UnknownFormat {
                path: path.to_owned(),
                found: "text (CSV), not a workbook / 文本（CSV），不是工作簿".to_owned(),
            })
        }
        FileKind::Xlsx | FileKind::Xlsm | FileKind::Xlsb => {
            zipguard::check(path, &options.zip)?;
            zipguard::check_shared_strings(path, options.zip.max_shared_strings_memory)?;
        }
        FileKind::Ods => {
            zipguard::check(path, &options.zip)?;
        }
        FileKind::Xls => {}
    }
    let mismatch = mismatch_notice(path, &kind);
    let (tx, rx) = mpsc::sync_channel(CHANNEL_BATCHES);
    let (recycle_tx, recycle_rx) = mpsc::sync_channel(CHANNEL_BATCHES);
    let worker_path = path.to_owned();
    let worker_options = options.clone();
    let worker = std::thread::Builder::new()
        .name(WORKER_THREAD.to_owned())
        .spawn(move || work(&worker_path, &kind, &worker_options, &tx, &recycle_rx))
        .map_err(|source| SourceError::Io {
            path: path.to_owned(),
            source,
        })?;
    let mut source = ExcelSource {
        info: SourceInfo::default(),
        notices: Vec::new(),
        rows: rx,
        recycle: recycle_tx,
        batch: Vec::new(),
        spent: Vec::new(),
        worker: Some(worker),
        path: path.to_owned(),
        done: false,
        last_row: None,
        held: None,
    };
    match source.rows.recv() {
        Ok(Msg::Ready(info, notices)) => {
            source.info = info;
            source.notices.extend(mismatch);
            source.notices.extend(notices);
            Ok(source)
        }
        Ok(Msg::Failed(e)) => Err(e),
        Ok(Msg::Rows(_) | Msg::End) | Err(_) => Err(source.stopped()),
    }
}

impl ExcelSource {
    fn stopped(&mut self) -> SourceError {
        self.done = true;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
        SourceError::Unreadable {
            path: self.path.clone(),
            message: "the workbook reader stopped unexpectedly / 工作簿读取意外中止".to_owned(),
        }
    }
}

impl RowSource for ExcelSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn next_record(&mut self, record: &mut Record) -> Result<bool, SourceError> {
        if let Some(held) = self.held.as_mut() {
            let next = self.last_row.map_or(held.row, |r| r.saturating_add(1));
            if next < held.row {
                record.clear();
                record.row = next;
                record.line = next;
                self.last_row = Some(next);
                return Ok(true);
            }
            if let Some(mut held) = self.held.take() {
                std::mem::swap(record, &mut held);
                self.spent.push(held);
                self.last_row = Some(record.row);
                return Ok(true);
            }
        }
        let mut row = match self.batch.pop() {
            Some(row) => row,
            None => match self.receive()? {
                Some(row) => row,
                None => return Ok(false),
            },
        };
        if let Some(last) = self.last_row {
            let gap = row.row.saturating_sub(last).saturating_sub(1);
            if gap > MAX_BLANK_RUN {
                self.notices.push(blank_run_notice(last + 1, row.row - 1));
            } else if gap > 0 {
                // Hand out the empty rows first, then this one.
                self.held = Some(row);
                return self.next_record(record);
            }
        }
        std::mem::swap(record, &mut row);
        self.last_row = Some(record.row);
        self.spent.push(row);
        Ok(true)
    }

    fn take_notices(&mut self) -> Vec<SourceNotice> {
        std::mem::take(&mut self.notices)
    }
}

impl ExcelSource {
    /// Waits for the next batch and returns its first row; `None` at the end.
    fn receive(&mut self) -> Result<Option<Record>, SourceError> {
        if self.done {
            return Ok(None);
        }
        if !self.spent.is_empty() {
            // Hand the old buffers back; if the worker has enough, drop them.
            let _ = self.recycle.try_send(std::mem::take(&mut self.spent));
        }
        match self.rows.recv() {
            Ok(Msg::Rows(mut rows)) => {
                rows.reverse();
                let first = rows.pop();
                self.batch = rows;
                match first {
                    Some(row) => Ok(Some(row)),
                    None => self.receive(),
                }
            }
            Ok(Msg::End) => {
                self.done = true;
                Ok(None)
            }
            Ok(Msg::Failed(e)) => {
                self.done = true;
                Err(e)
            }
            Ok(Msg::Ready(..)) | Err(_) => Err(self.stopped()),
        }
    }
}

/// One `blank-row` notice for the empty rows `first..=last`.
fn blank_run_notice(first: u64, last: u64) -> SourceNotice {
    let n = last.saturating_sub(first).saturating_add(1);
    SourceNotice {
        code: crate::finding::Code::BlankRow,
        row: Some(first),
        message: crate::text::Text::new(
            format!("第 {first} 至 {last} 行（共 {n} 行）为空行"),
            format!("rows {first} to {last} ({n} rows) are empty"),
        ),
    }
}

#[cfg(test)]
#[path = "excel_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "excel_generated_tests.rs"]
mod generated_tests;

#[cfg(test)]
#[path = "excel_expansion_tests.rs"]
mod expansion_tests;
