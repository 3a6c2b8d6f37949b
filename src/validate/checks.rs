//! The checks of one file, compiled from its resolved header: one per column, uniqueness
//! and primary key, and the row width. Applied to each data row.

use super::run::Run;
use super::seen::{Fingerprint, KeyHasher, SeenValues};
use super::{ColumnInfo, ShowValues, ValidateError, ValidateOptions};
use crate::check::{trim, CellCheck, CodeSet};
use crate::dictionary::{Dictionary, Element};
use crate::finding::{Code, Finding};
use crate::mask::{looks_like_data, mask};
use crate::resolve::{HeaderIndex, Resolution};
use crate::source::{CellIssue, Record};
use crate::text::Text;

/// The column of a `unique_among` condition and the spellings of its values.
fn among_column(
    dict: &Dictionary,
    resolution: &Resolution,
    among: &crate::dictionary::UniqueAmong,
) -> Option<(usize, CodeSet)> {
    let column = resolution
        .columns
        .iter()
        .position(|c| c.element.as_deref() == Some(among.element.as_str()))?;
    Some((column, CodeSet::new(dict.among_spellings(among))))
}

/// The header as reports may show it. An export without a header row has its first data
/// row taken for the header. When a cell of the row reads like a value (see
/// [`looks_like_data`]), the row is data: the text of every column that matched neither an
/// element nor the mapping is masked like a sensitive value. `--show-values full` shows it
/// as it is.
fn shown_headers(
    options: &ValidateOptions,
    resolution: &Resolution,
    headers: &[String],
) -> Vec<String> {
    if options.show_values == ShowValues::Full {
        return headers.to_vec();
    }
    let named: Vec<bool> = (0..headers.len())
        .map(|i| {
            resolution
                .columns
                .iter()
                .find(|c| c.index == i)
                .is_some_and(|c| c.element.is_some() || c.is_ignored())
                || options.overrides.contains_key(&headers[i])
        })
        .collect();
    let proven = !headers.iter().any(|h| looks_like_data(h));
    headers
        .iter()
        .zip(&named)
        .map(|(h, &named)| {
            if proven || named || h.trim().is_empty() {
                h.clone()
            } else {
                mask(h)
            }
        })
        .collect()
}

/// One column's compiled check.
pub(super) struct Column<'d> {
    pub(super) element: &'d Element,
    check: CellCheck,
    /// Value fingerprint → first row, for unique fields: 16 bytes a distinct value.
    unique: Option<SeenValues>,
    /// For `unique_among`: the column of the other field and the values (codes, their
    /// aliases and names) of the records uniqueness applies to. Without that column in
    /// the file every record counts.
    among: Option<(usize, CodeSet)>,
    pub(super) masked: bool,
    /// Whether the element has a code list: masked values are then masked whole.
    pub(super) categorical: bool,
}

/// Everything a data row of one file is checked against.
pub(super) struct FileChecks<'d> {
    resolution: Resolution,
    headers: Vec<String>,
    columns: Vec<Option<Column<'d>>>,
    /// Columns of the dataset's primary key; empty when not every key element has one.
    key_columns: Vec<usize>,
    keys: SeenValues,
    key_hasher: KeyHasher,
    /// In a text file a short row is malformed (`missing-cell`). A spreadsheet stores no
    /// trailing empty cells, so there a short row just ends in empty cells.
    ragged: bool,
    /// A uniqueness table could not use its temporary file: the run stops.
    spill_error: Option<std::io::Error>,
}

impl<'d> FileChecks<'d> {
    /// Resolves `header`, reports its findings and compiles the checks.
    pub(super) fn new(
        dict: &'d Dictionary,
        index: &HeaderIndex,
        options: &ValidateOptions,
        header: &Record,
        ragged: bool,
        run: &mut Run,
    ) -> Result<FileChecks<'d>, ValidateError> {
        let headers: Vec<String> = header.iter().map(str::to_owned).collect();
        let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut resolution = index.resolve(
            dict,
            &header_refs,
            options.dataset.as_deref(),
            &options.overrides,
        )?;
        // From here on reports see the header as they may show it.
        let shown = shown_headers(options, &resolution, &headers);
        for c in &mut resolution.columns {
            if let Some(h) = shown.get(c.index) {
                c.header.clone_from(h);
            }
        }
        run.header_findings(&headers, &shown, header.row, &resolution);
        let headers = shown;
        // Bytes the header's encoding cannot hold, or a cut header cell, are findings too.
        cell_issues(run, header, &[], &headers);
        run.header(header);

        let dataset = resolution
            .dataset
            .as_deref()
            .and_then(|id| dict.dataset(id));
        let columns: Vec<Option<Column>> = resolution
            .columns
            .iter()
            .map(|c| {
                let element = dict.element(c.element.as_deref()?)?;
                let field = dataset.and_then(|d| d.fields.iter().find(|f| f.element == element.id));
                let among = field
                    .and_then(|f| f.unique_among.as_ref())
                    .and_then(|u| among_column(dict, &resolution, u));
                Some(Column {
                    element,
                    check: CellCheck::compile(dict, element, field.is_some_and(|f| f.required)),
                    unique: field.is_some_and(|f| f.unique).then(SeenValues::default),
                    among,
                    masked: dict.is_masked(element),
                    categorical: element.codelist.is_some(),
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
        // The memory budget is shared by the file's uniqueness tables.
        let mut columns = columns;
        let tables = columns
            .iter()
            .flatten()
            .filter(|c| c.unique.is_some())
            .count()
            + usize::from(!key_columns.is_empty());
        let limit = options
            .max_memory
            .map(|m| usize::try_from(m / tables.max(1) as u64).unwrap_or(usize::MAX));
        for column in columns.iter_mut().flatten() {
            if column.unique.is_some() {
                column.unique = Some(SeenValues::with_limit(limit));
            }
        }
        Ok(FileChecks {
            resolution,
            headers,
            columns,
            key_columns,
            keys: SeenValues::with_limit(limit),
            key_hasher: KeyHasher::new(),
            ragged,
            spill_error: None,
        })
    }

    /// The dataset in force and how each column matched, for the file's report.
    pub(super) fn into_columns(self) -> (Option<String>, Vec<ColumnInfo>) {
        let infos = self
            .resolution
            .columns
            .iter()
            .map(|c| ColumnInfo {
                index: (c.index + 1) as u32,
                header: c.header.clone(),
                element: c.element.clone(),
                method: c.method.map(|m| m.as_str().to_owned()),
            })
            .collect();
        (self.resolution.dataset, infos)
    }

    /// The error that stopped a uniqueness table, if one did.
    pub(super) fn take_spill_error(&mut self) -> Option<std::io::Error> {
        self.spill_error.take()
    }

    /// Prefetches, for rows about to be checked, the slots their unique values and key
    /// will be looked up in (see `SeenValues::prefetch`). Changes no answer.
    pub(super) fn prefetch<'r>(&mut self, records: impl Iterator<Item = &'r Record> + Clone) {
        for (i, column) in self.columns.iter().enumerate() {
            let Some(seen) = column.as_ref().and_then(|c| c.unique.as_ref()) else {
                continue;
            };
            for record in records.clone() {
                let v = trim(record.get(i).unwrap_or(""));
                if !v.is_empty() {
                    seen.prefetch(Fingerprint::of(v.as_bytes()));
                }
            }
        }
        if !self.key_columns.is_empty() {
            for record in records {
                self.key_hasher.reset();
                for &i in &self.key_columns {
                    self.key_hasher
                        .add(trim(record.get(i).unwrap_or("")).as_bytes());
                }
                self.keys.prefetch(self.key_hasher.finish());
            }
        }
    }

    /// Checks one data row.
    pub(super) fn check_row(&mut self, record: &Record, run: &mut Run) {
        run.rows += 1;
        if record.is_blank() {
            run.push(
                Finding::new(Code::BlankRow, Code::BlankRow.description())
                    .at_row(record.row)
                    .with_line(record.line),
            );
            return;
        }
        cell_issues(run, record, &self.columns, &self.headers);
        let width = self.headers.len();
        if self.ragged || record.len() > width {
            check_width(run, record, width);
        }
        for i in 0..self.columns.len() {
            self.check_cell(record, i, run);
        }
        if !self.key_columns.is_empty() {
            self.check_key(run, record);
        }
    }

    /// Checks the cell of column `i`: its element's checks, then uniqueness.
    fn check_cell(&mut self, record: &Record, i: usize, run: &mut Run) {
        let Some(column) = self.columns.get_mut(i).and_then(Option::as_mut) else {
            return;
        };
        // An absent cell is reported once, as `missing-cell` (not also as
        // `required-value`); a cell the source mangled or cut, once, as its issue:
        // checking what is left of it would only repeat the finding.
        let value = match record.get(i) {
            Some(v) => v,
            None if self.ragged => return,
            None => "",
        };
        if record.issues.iter().any(|(j, _)| *j == i) {
            return;
        }
        if let Some(failure) = column.check.check(value, record.kind(i)) {
            let mut f = Finding::new(failure.code, failure.message);
            f.suggestion = failure.suggestion;
            if let Some(severity) = failure.severity {
                f.severity = severity;
            }
            push_cell(run, f, record, i, &self.headers, column, value);
            return;
        }
        let Some(seen) = column.unique.as_mut() else {
            return;
        };
        if let Some((other, values)) = &column.among {
            let status = trim(record.get(*other).unwrap_or(""));
            if !values.contains(status) {
                return;
            }
        }
        let v = trim(value);
        if v.is_empty() {
            return;
        }
        let first = match seen.first_or_insert(Fingerprint::of(v.as_bytes()), record.row) {
            Ok(first) => first,
            Err(e) => {
                self.spill_error.get_or_insert(e);
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
            push_cell(run, f, record, i, &self.headers, column, v);
        }
    }

    /// `duplicate-key` when the row's primary key repeats an earlier row's.
    fn check_key(&mut self, run: &mut Run, record: &Record) {
        self.key_hasher.reset();
        let mut any = false;
        for &i in &self.key_columns {
            let v = trim(record.get(i).unwrap_or(""));
            any |= !v.is_empty();
            self.key_hasher.add(v.as_bytes());
        }
        if !any {
            return;
        }
        let first = match self
            .keys
            .first_or_insert(self.key_hasher.finish(), record.row)
        {
            Ok(first) => first,
            Err(e) => {
                self.spill_error.get_or_insert(e);
                None
            }
        };
        if let Some(first) = first {
            let col = self.key_columns[0];
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
            f.header = self.headers.get(col).cloned();
            run.push(f);
        }
    }
}

/// A finding about one cell of a checked column.
fn push_cell(
    run: &mut Run,
    mut finding: Finding,
    record: &Record,
    index: usize,
    headers: &[String],
    column: &Column,
    value: &str,
) {
    finding = finding
        .at(record.row, (index + 1) as u32)
        .with_line(record.line);
    finding.header = headers.get(index).cloned();
    finding.element = Some(column.element.id.clone());
    finding.value = run.show(value, column.masked, column.categorical);
    run.push(finding);
}

/// `encoding-error` and `field-too-large` for cells the source flagged.
fn cell_issues(run: &mut Run, record: &Record, columns: &[Option<Column>], headers: &[String]) {
    for (i, issue) in &record.issues {
        let (code, message) = match issue {
            CellIssue::InvalidBytes => (
                Code::EncodingError,
                invalid_bytes_message(run.encoding.as_deref()),
            ),
            CellIssue::TooLarge { limit } => (
                Code::FieldTooLarge,
                Text::new(
                    format!("单元格超过 {limit} 字节，已截断"),
                    format!("the cell exceeds {limit} bytes and was cut"),
                ),
            ),
        };
        let mut f = Finding::new(code, message)
            .at(record.row, (*i + 1) as u32)
            .with_line(record.line);
        f.header = headers.get(*i).cloned();
        f.element = columns
            .get(*i)
            .and_then(Option::as_ref)
            .map(|c| c.element.id.clone());
        run.push(f);
    }
}

/// Says which encoding the bytes broke and how to name another, so that a Latin-1
/// or Big5 file read as UTF-8 points its reader at `--encoding`.
fn invalid_bytes_message(encoding: Option<&str>) -> Text {
    match encoding {
            Some(enc) => Text::new(
                format!("字节不是有效的 {enc} 编码（本文件按 {enc} 读取）；若文件使用其他编码，请用 --encoding 指定，例如 --encoding windows-1252"),
                format!("bytes that are not valid {enc} (the encoding this file is read as); if the file uses another encoding, name it with --encoding, e.g. --encoding windows-1252"),
            ),
            None => Code::EncodingError.description(),
        }
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
