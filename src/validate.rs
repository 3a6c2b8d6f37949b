//! The validation pipeline: open a file through the table front end → resolve its header
//! to elements → compile one check per column → stream rows through the checks → hand
//! every finding and row outcome to a `Reporter` as it is made. A `Validator` is built
//! once per run (dictionary, header index, options) and applied to each file. Nothing here
//! prints, and nothing here knows an output format: renderers in `report` implement
//! `Reporter` or read the `Report` a `Collector` gathers.
//!
//! Rows are the source's record numbers, as a spreadsheet shows them: title rows and blank
//! lines above the header keep their numbers, a CSV `sep=` line is not a row, a quoted
//! field over several lines is one row.
//!
//! One defect, one finding:
//! - a CSV row shorter than the header gives `missing-cell` at its first absent cell and
//!   nothing for the absent cells, required or not (they are missing, not empty); a
//!   spreadsheet stores no trailing empty cells, so there the absent cells are empty ones
//!   (`required-value` where required, no `missing-cell`);
//! - a cell the source flagged (`encoding-error`, `field-too-large`) is not checked
//!   further: what is left of it is not the value that was meant;
//! - a blank row gives `blank-row` only.

mod checks;
pub mod engine;
mod passed;
mod pipeline;
mod report;
mod reporter;
mod run;
mod seen;
#[cfg(test)]
mod tests;
mod uniqueness;

use std::collections::HashMap;
use std::io;
use std::path::Path;

pub use report::{ColumnInfo, DictionaryRef, FileReport, Report, Summary};
pub use reporter::{replay, Collector, Reporter, RowFinding, Tee};

use crate::dictionary::Dictionary;
use crate::finding::{Code, Finding};
use crate::progress::{NoProgress, Progress, RowCounter};
use crate::resolve::{HeaderIndex, ResolveError};
use crate::source::{Record, SourceError, Table, TableOptions};
use checks::{FileChecks, Prepared};
use passed::Passed;
use pipeline::Step;
use run::Run;

/// Which cell values reports may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShowValues {
    /// No values at all.
    None,
    /// Values of masked or personal elements masked, others shown (the default).
    #[default]
    Masked,
    /// Every value as it is. For local debugging only: reports are widely read.
    Full,
}

/// How many findings per file `validate` lists when `--max-findings` is not given (the
/// counts stay complete): enough to act on, few enough that a file where every cell is
/// wrong keeps the report, and the memory behind it, small.
pub const DEFAULT_MAX_FINDINGS: usize = 1000;

/// Options of one validation run.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// The dataset to validate against; `None` picks the best match by headers.
    pub dataset: Option<String>,
    /// Header overrides from a mapping file: source header → element id (or `None`).
    pub overrides: HashMap<String, Option<String>>,
    pub show_values: ShowValues,
    /// List at most this many findings per file (counts stay complete).
    pub max_findings: Option<usize>,
    /// How to open each file and where its header is.
    pub table: TableOptions,
    /// Bytes the uniqueness checks of one file may hold in memory before they continue
    /// through temporary files (same findings, slower); `None`: no limit.
    pub max_memory: Option<u64>,
}

/// Why a file could not be validated at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ValidateError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Resolve(#[from] ResolveError),
    /// The reporter could not write: the run stops.
    #[error("cannot write the report / 无法写入报告: {0}")]
    #[diagnostic(code(govdict::io::write))]
    Report(#[source] io::Error),
    /// Uniqueness checks past `max_memory` could not use the temporary folder.
    #[error("cannot use the temporary folder for the uniqueness checks (set TMPDIR, or raise --max-memory) / 无法使用临时文件夹进行唯一性检查（请设置 TMPDIR 或调高 --max-memory）: {0}")]
    #[diagnostic(code(govdict::io::temp))]
    Spill(#[source] io::Error),
}

/// One run's validation: the dictionary, its header index and the options, built once and
/// applied to each file (from several threads at once, if wanted).
pub struct Validator<'d> {
    dict: &'d Dictionary,
    index: HeaderIndex,
    options: ValidateOptions,
    progress: &'d dyn Progress,
}

impl<'d> Validator<'d> {
    pub fn new(dict: &'d Dictionary, options: ValidateOptions) -> Validator<'d> {
        Validator {
            dict,
            index: HeaderIndex::new(dict),
            options,
            progress: &NoProgress,
        }
    }

    /// Reports rows read and files done to `progress` (from the threads doing the work).
    pub fn with_progress(mut self, progress: &'d dyn Progress) -> Validator<'d> {
        self.progress = progress;
        self
    }

    pub fn dictionary(&self) -> &'d Dictionary {
        self.dict
    }

    /// Validates one file, handing what it finds to `reporter`. `display_path` is the path
    /// as reports show it. A file that cannot be opened reaches the reporter not at all;
    /// one that fails part way is abandoned (`Reporter::abandon_file`).
    pub fn validate(
        &self,
        path: &Path,
        display_path: &str,
        reporter: &mut dyn Reporter,
    ) -> Result<(), ValidateError> {
        let mut table = Table::open(path, &self.options.table)?;
        reporter
            .begin_file(display_path)
            .map_err(ValidateError::Report)?;
        let mut run = Run::new(self.dict, &self.options, reporter);
        let read = self.read(&mut table, &mut run);
        self.progress.file_done();
        match read {
            Ok((dataset, columns)) => {
                let file = run.finish(display_path, &table, dataset, columns);
                reporter.end_file(&file).map_err(ValidateError::Report)
            }
            Err(e) => {
                run.abandon();
                Err(e)
            }
        }
    }

    /// Validates one file into a report of its own.
    pub fn validate_file(
        &self,
        path: &Path,
        display_path: &str,
    ) -> Result<FileReport, ValidateError> {
        let mut collector = Collector::new();
        self.validate(path, display_path, &mut collector)?;
        collector
            .into_files()
            .pop()
            .ok_or_else(|| ValidateError::Report(io::Error::other("the file was not reported")))
    }

    /// The header stage and the rows: the dataset in force and the columns' matches.
    fn read(
        &self,
        table: &mut Table,
        run: &mut Run,
    ) -> Result<(Option<String>, Vec<ColumnInfo>), ValidateError> {
        run.encoding = table.info().encoding.clone();
        run.notices(table);
        let Some(header) = table.header().cloned() else {
            run.push(Finding::new(Code::EmptyFile, Code::EmptyFile.description()));
            run.check()?;
            return Ok((None, Vec::new()));
        };
        let mut checks = FileChecks::new(
            self.dict,
            &self.index,
            &self.options,
            &header,
            table.is_ragged(),
            run,
        )?;
        run.check()?;
        // Notices met before the rows (the header search) come first.
        run.notices(table);
        let mut counter = RowCounter::default();
        // Summing each row's bytes is per-row work: done only for a listener.
        let listening = self.progress.listening();
        let (rows, uniqueness) = (&checks.rows, &mut checks.uniqueness);
        let prepare = |record: &Record, prepared: &mut Prepared, passed: &mut Passed| {
            rows.prepare(record, prepared, passed);
        };
        pipeline::each_record(table, &prepare, |step| {
            let slot = match step {
                Step::Ahead(slots) => {
                    uniqueness.prefetch(slots.iter().map(|s| &s.prepared));
                    return Ok(());
                }
                Step::Row(slot) => slot,
            };
            if listening {
                counter.row(text_bytes(&slot.record), self.progress);
            }
            for notice in &slot.notices {
                run.notice(notice.clone());
            }
            uniqueness.finish_row(rows, &slot.record, &mut slot.prepared, run);
            if let Some(e) = uniqueness.take_spill_error() {
                return Err(ValidateError::Spill(e));
            }
            run.end_row(&slot.record);
            run.check()
        })?;
        counter.flush(self.progress);
        run.notices(table);
        run.check()?;
        Ok(checks.into_columns())
    }
}

/// The bytes of a row as CSV text: its fields, a separator after each (the last one
/// standing for the line end).
fn text_bytes(record: &Record) -> u64 {
    record.iter().map(|f| f.len() as u64 + 1).sum()
}
