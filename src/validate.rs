//! The validation pipeline: open a file → find its header → resolve columns to elements →
//! compile one check per column → stream rows through the checks → findings.
//! Nothing here prints: the result is a `FileReport` for the renderers in `report`.

mod header;
mod run;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::check::CellCheck;
use crate::dictionary::{Dictionary, Element};
use crate::finding::{Code, Finding};
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

/// One column's compiled check.
struct Column<'d> {
    element: &'d Element,
    check: CellCheck,
    /// Value hash → first row, for unique fields: 16 bytes a distinct value.
    unique: Option<HashMap<u64, u64>>,
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
    let opened = source::open(path, &options.open)?;
    let mut run = Run::new(dict, options);
    for notice in opened.notices {
        run.notice(notice);
    }
    // A spreadsheet row has every cell of the grid: a short record only means its last
    // cells are empty, never a missing cell.
    let grid = opened.source.info().format != "csv";
    let mut rows = Rows::new(opened.source);
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

    let mut columns: Vec<Option<Column>> = resolution
        .columns
        .iter()
        .map(|c| {
            let element = dict.element(c.element.as_deref()?)?;
            let field = dataset.and_then(|d| d.fields.iter().find(|f| f.element == element.id));
            Some(Column {
                element,
                check: CellCheck::compile(dict, element, field.is_some_and(|f| f.required)),
                unique: field.is_some_and(|f| f.unique).then(HashMap::new),
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
    let mut keys: HashMap<u64, u64> = HashMap::new();
    let width = headers.len();

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
            continue;
        }
        run.cell_issues(&record, &columns, &headers);
        check_width(&mut run, &record, width, grid);
        for (i, column) in columns.iter_mut().enumerate() {
            let Some(column) = column else { continue };
            let value = record.get(i).unwrap_or("");
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
            match seen.get(&hash_one(v)) {
                Some(&first) => {
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
                None => {
                    seen.insert(hash_one(v), row);
                }
            }
        }
        if !key_columns.is_empty() {
            check_key(&mut run, &record, &key_columns, &headers, &mut keys);
        }
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

/// `extra-cell` / `missing-cell` for rows wider or narrower than the header (`grid`: the
/// record comes from a spreadsheet, where only `extra-cell` applies).
fn check_width(run: &mut Run, record: &Record, width: usize, grid: bool) {
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
    } else if len < width && !grid {
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
    keys: &mut HashMap<u64, u64>,
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
    let h = hasher.finish();
    match keys.get(&h) {
        Some(&first) => {
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
        None => {
            keys.insert(h, record.row);
        }
    }
}

/// SipHash with fixed keys, so runs are deterministic. With 64-bit hashes a false
/// duplicate among ten million distinct values is about 3 in a million likely.
fn hash_one<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
