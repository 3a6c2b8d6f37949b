//! The validation pipeline: open a file → find its header → resolve columns to elements →
//! compile one check per column → stream rows through the checks → findings.
//! Nothing here prints: the result is a `FileReport` for the renderers in `report`.
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

mod header;
pub use header::{header_position, HEADER_SCAN_ROWS};
mod run;
#[cfg(test)]
mod tests;

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::path::Path;

use crate::check::CellCheck;
use crate::dictionary::{Dictionary, Element};
use crate::finding::{Code, Finding, Severity};
use crate::report::{ColumnInfo, FileReport};
use crate::resolve::{HeaderIndex, ResolveError};
use crate::source::{self, OpenOptions, Record, SourceError};
use crate::text::Text;

use header::Rows;
use run::Run;

/// Which cell values reports may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ShowValues {
    /// No values at all.
    None,
    /// Values of masked or personal elements masked, others shown (the default).
    #[default]
    Masked,
    /// Every value as it is. For local debugging only: reports are widely read.
    Full,
}

/// Options of one validation run.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// The dataset to validate against; `None` picks the best match by headers.
    pub dataset: Option<String>,
    /// Header overrides from a mapping file: source header → element id (or `None`).
    pub overrides: HashMap<String, Option<String>>,
    pub show_values: ShowValues,
    /// Keep at most this many findings per file (counts stay complete).
    pub max_findings: Option<usize>,
    /// The 1-based row holding the header; `None` skips title rows above it.
    pub header_row: Option<u64>,
    pub open: OpenOptions,
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
}

/// Receives the header and every data row with the codes of the findings it got, while
/// the file streams through the checks (the valid/invalid split in `split`). Title rows
/// above the header are not passed on.
pub trait RowSink {
    fn header(&mut self, header: &Record);
    /// `findings` holds the code and severity of each row-level finding of `record`.
    fn row(&mut self, record: &Record, findings: &[(Code, Severity)]);
}

/// One column's compiled check.
struct Column<'d> {
    element: &'d Element,
    check: CellCheck,
    /// Value hash → first row, for unique fields: 16 bytes a distinct value.
    unique: Option<SeenMap>,
    masked: bool,
}

/// Validates one file against the dictionary. `display_path` is the path as reports show it.
pub fn validate_file(
    dict: &Dictionary,
    index: &HeaderIndex,
    path: &Path,
    display_path: &str,
    options: &ValidateOptions,
) -> Result<FileReport, ValidateError> {
    validate_file_with(dict, index, path, display_path, options, None)
}

/// `validate_file`, passing the header and each data row to `sink` as well.
pub fn validate_file_with(
    dict: &Dictionary,
    index: &HeaderIndex,
    path: &Path,
    display_path: &str,
    options: &ValidateOptions,
    mut sink: Option<&mut dyn RowSink>,
) -> Result<FileReport, ValidateError> {
    let opened = source::open(path, &options.open)?;
    let mut run = Run::new(dict, options);
    for notice in opened.notices {
        run.notice(notice);
    }
    let mut rows = Rows::new(opened.source);
    run.encoding = rows.source().info().encoding.clone();
    let Some(header) = rows.find_header(options.header_row, &mut run)? else {
        run.push(Finding::new(Code::EmptyFile, Code::EmptyFile.description()));
        return Ok(run.finish(display_path, &rows, opened.sha256, None, Vec::new()));
    };
    let headers: Vec<String> = header.iter().map(str::to_owned).collect();
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let resolution = index.resolve(
        dict,
        &header_refs,
        options.dataset.as_deref(),
        &options.overrides,
    )?;
    let dataset = resolution
        .dataset
        .as_deref()
        .and_then(|id| dict.dataset(id));
    run.header_findings(&headers, header.row, &resolution);
    // Bytes the header's encoding cannot hold, or a cut header cell, are findings too.
    run.cell_issues(&header, &[], &headers);
    if let Some(sink) = sink.as_deref_mut() {
        sink.header(&header);
        run.row_codes = Some(Vec::new());
    }

    let mut columns: Vec<Option<Column>> = resolution
        .columns
        .iter()
        .map(|c| {
            let element = dict.element(c.element.as_deref()?)?;
            let field = dataset.and_then(|d| d.fields.iter().find(|f| f.element == element.id));
            Some(Column {
                element,
                check: CellCheck::compile(dict, element, field.is_some_and(|f| f.required)),
                unique: field.is_some_and(|f| f.unique).then(SeenMap::default),
                masked: dict.is_masked(element),
            })
        })
        .collect();
    let key_columns: Vec<usize> = dataset
        .map(|d| {
            d.primary_key
                .iter()
                .filter_map(|id| {
                    resolution
                        .columns
                        .iter()
                        .position(|c| c.element.as_deref() == Some(id.as_str()))
                })
                .collect()
        })
        .unwrap_or_default();
    // A key only identifies rows when every key element has a column.
    let key_columns = match dataset {
        Some(d) if key_columns.len() == d.primary_key.len() => key_columns,
        _ => Vec::new(),
    };
    let mut keys = SeenMap::default();
    let width = headers.len();
    // In a text file a short row is malformed (`missing-cell`). A spreadsheet stores no
    // trailing empty cells, so there a short row just ends in empty cells.
    let ragged = rows.source().info().format == "csv";

    let mut record = Record::default();
    while rows.next(&mut record, &mut run)? {
        run.rows += 1;
        let row = record.row;
        if record.is_blank() {
            run.push(
                Finding::new(Code::BlankRow, Code::BlankRow.description())
                    .at_row(row)
                    .with_line(record.line),
            );
            emit_row(&mut sink, &mut run, &record);
            continue;
        }
        run.cell_issues(&record, &columns, &headers);
        if ragged || record.len() > width {
            check_width(&mut run, &record, width);
        }
        for (i, column) in columns.iter_mut().enumerate() {
            let Some(column) = column else { continue };
            // An absent cell is reported once, as `missing-cell` (not also as
            // `required-value`); a cell the source mangled or cut, once, as its issue:
            // checking what is left of it would only repeat the finding.
            let value = match record.get(i) {
                Some(v) => v,
                None if ragged => continue,
                None => "",
            };
            if record.issues.iter().any(|(j, _)| *j == i) {
                continue;
            }
            if let Some(failure) = column.check.check(value, record.kind(i)) {
                let mut f = Finding::new(failure.code, failure.message);
                f.suggestion = failure.suggestion;
                run.push_cell(f, &record, i, &headers, column, value);
                continue;
            }
            let Some(seen) = column.unique.as_mut() else {
                continue;
            };
            let v = value.trim();
            if v.is_empty() {
                continue;
            }
            let first = match seen.entry(hash_one(v)) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(row);
                    None
                }
            };
            if let Some(first) = first {
                let mut f = Finding::new(
                    Code::DuplicateValue,
                    Text::new(
                        format!("与第 {first} 行的值重复"),
                        format!("repeats the value of row {first}"),
                    ),
                );
                f.first_row = Some(first);
                run.push_cell(f, &record, i, &headers, column, v);
            }
        }
        if !key_columns.is_empty() {
            check_key(&mut run, &record, &key_columns, &headers, &mut keys);
        }
        emit_row(&mut sink, &mut run, &record);
    }
    rows.drain_notices(&mut run);
    let infos = resolution
        .columns
        .iter()
        .map(|c| ColumnInfo {
            index: (c.index + 1) as u32,
            header: c.header.clone(),
            element: c.element.clone(),
            method: c.method.map(|m| m.as_str().to_owned()),
        })
        .collect();
    let dataset = resolution.dataset.clone();
    Ok(run.finish(display_path, &rows, opened.sha256, dataset, infos))
}

/// Hands `record` and its findings to the sink, and starts collecting for the next row.
fn emit_row(sink: &mut Option<&mut dyn RowSink>, run: &mut Run, record: &Record) {
    let (Some(sink), Some(codes)) = (sink.as_deref_mut(), run.row_codes.as_mut()) else {
        return;
    };
    // Notices drained while reading may concern other rows.
    let mine: Vec<(Code, Severity)> = codes
        .drain(..)
        .filter(|(row, _, _)| *row == Some(record.row))
        .map(|(_, code, severity)| (code, severity))
        .collect();
    sink.row(record, &mine);
}

/// `extra-cell` / `missing-cell` for rows wider or narrower than the header.
fn check_width(run: &mut Run, record: &Record, width: usize) {
    let len = record.len();
    if len > width {
        let message = Text::new(
            format!("该行有 {len} 个单元格，表头只有 {width} 列"),
            format!("the row has {len} cells, the header {width}"),
        );
        run.push(
            Finding::new(Code::ExtraCell, message)
                .at(record.row, (width + 1) as u32)
                .with_line(record.line),
        );
    } else if len < width {
        let message = Text::new(
            format!("该行只有 {len} 个单元格，表头有 {width} 列"),
            format!("the row has {len} cells, the header {width}"),
        );
        run.push(
            Finding::new(Code::MissingCell, message)
                .at(record.row, (len + 1) as u32)
                .with_line(record.line),
        );
    }
}

/// `duplicate-key` when the row's primary key repeats an earlier row's.
fn check_key(
    run: &mut Run,
    record: &Record,
    key_columns: &[usize],
    headers: &[String],
    keys: &mut SeenMap,
) {
    let mut hasher = std::hash::DefaultHasher::new();
    let mut any = false;
    for &i in key_columns {
        let v = record.get(i).unwrap_or("").trim();
        any |= !v.is_empty();
        v.hash(&mut hasher);
    }
    if !any {
        return;
    }
    match keys.entry(hasher.finish()) {
        Entry::Occupied(e) => {
            let first = *e.get();
            let col = key_columns[0];
            let mut f = Finding::new(
                Code::DuplicateKey,
                Text::new(
                    format!("主键与第 {first} 行重复"),
                    format!("the primary key repeats row {first}"),
                ),
            )
            .at(record.row, (col + 1) as u32)
            .with_line(record.line);
            f.first_row = Some(first);
            f.header = headers.get(col).cloned();
            run.push(f);
        }
        Entry::Vacant(e) => {
            e.insert(record.row);
        }
    }
}

/// Value hash → first row. The keys are already SipHash values, so the map uses them as
/// they are instead of hashing them a second time.
type SeenMap = HashMap<u64, u64, BuildHasherDefault<PreHashed>>;

/// The `Hasher` of `SeenMap`: passes a `u64` key through.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by `SeenMap`; this keeps other keys correct anyway.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// SipHash with fixed keys, so runs are deterministic. With 64-bit hashes a false
/// duplicate among ten million distinct values is about 3 in a million likely.
fn hash_one<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
