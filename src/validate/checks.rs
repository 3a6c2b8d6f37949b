//! The checks of one file, compiled from its resolved header: one per column, uniqueness
//! and primary key, and the row width. Applied to each data row.

use super::passed::Passed;
use super::run::Run;
use super::seen::{Fingerprint, KeyHasher, SeenValues};
use super::uniqueness::Uniqueness;
use super::{ColumnInfo, ShowValues, ValidateError, ValidateOptions};
use crate::check::{trim, CellCheck, CellFailure, CodeSet};
use crate::dictionary::{Dictionary, Element};
use crate::finding::{Code, Finding};
use crate::mask::{looks_like_data, mask};
use crate::resolve::{HeaderIndex, Resolution};
use crate::source::{CellIssue, CellKind, Record};
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
    /// Whether the field is unique: its values are looked up in `Uniqueness::columns`.
    unique: bool,
    /// For `unique_among`: the column of the other field and the values (codes, their
    /// aliases and names) of the records uniqueness applies to. Without that column in
    /// the file every record counts.
    among: Option<(usize, CodeSet)>,
    pub(super) masked: bool,
    /// Whether the element has a code list: masked values are then masked whole.
    pub(super) categorical: bool,
}

/// The checks of a row that need nothing from earlier rows. Shared by both threads of a
/// file: a row is prepared on whichever has time (see `pipeline`), then finished in
/// file order by [`Uniqueness::finish_row`].
pub(super) struct RowChecks<'d> {
    pub(super) headers: Vec<String>,
    pub(super) columns: Vec<Option<Column<'d>>>,
    /// Columns of the dataset's primary key; empty when not every key element has one.
    pub(super) key_columns: Vec<usize>,
    /// In a text file a short row is malformed (`missing-cell`). A spreadsheet stores no
    /// trailing empty cells, so there a short row just ends in empty cells.
    pub(super) ragged: bool,
}

/// What [`RowChecks::prepare`] found in one row. Kept with the row's record and reused,
/// so preparing allocates nothing unless a cell fails.
#[derive(Default)]
pub(super) struct Prepared {
    pub(super) blank: bool,
    /// Failed cells, by column.
    pub(super) failures: Vec<(usize, CellFailure)>,
    /// Passed, non-empty cells of unique columns (within their `unique_among` records),
    /// by column: the fingerprint of the trimmed value.
    pub(super) unique: UniqueCells,
    /// The primary key's fingerprint, unless all of its cells are empty.
    pub(super) key: Option<Fingerprint>,
    key_hasher: KeyHasher,
}

/// Unique cells kept in a row's own slot, up to this many.
const UNIQUE_IN_PLACE: usize = 4;

/// The fingerprints of a row's unique cells, by column. The first few are kept in place,
/// so the lookups that read them a few rows later find them beside the row rather than in
/// memory of their own.
#[derive(Default)]
pub(super) struct UniqueCells {
    in_place: [(usize, Fingerprint); UNIQUE_IN_PLACE],
    len: usize,
    rest: Vec<(usize, Fingerprint)>,
}

impl UniqueCells {
    fn clear(&mut self) {
        self.len = 0;
        self.rest.clear();
    }

    fn push(&mut self, cell: (usize, Fingerprint)) {
        match self.in_place.get_mut(self.len) {
            Some(slot) => {
                *slot = cell;
                self.len += 1;
            }
            None => self.rest.push(cell),
        }
    }

    /// The cells in the order they were pushed.
    pub(super) fn iter(&self) -> impl Iterator<Item = &(usize, Fingerprint)> {
        let in_place = self.in_place.get(..self.len).unwrap_or_default();
        in_place.iter().chain(&self.rest)
    }
}

/// Everything a data row of one file is checked against.
pub(super) struct FileChecks<'d> {
    resolution: Resolution,
    pub(super) rows: RowChecks<'d>,
    pub(super) uniqueness: Uniqueness,
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
                    unique: field.is_some_and(|f| f.unique),
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
        let tables = columns.iter().flatten().filter(|c| c.unique).count()
            + usize::from(!key_columns.is_empty());
        let limit = options
            .max_memory
            .map(|m| usize::try_from(m / tables.max(1) as u64).unwrap_or(usize::MAX));
        let seen = columns
            .iter()
            .map(|c| {
                c.as_ref()
                    .filter(|c| c.unique)
                    .map(|_| SeenValues::with_limit(limit))
            })
            .collect();
        Ok(FileChecks {
            resolution,
            rows: RowChecks {
                headers,
                columns,
                key_columns,
                ragged,
            },
            uniqueness: Uniqueness::new(seen, limit),
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
}

impl RowChecks<'_> {
    /// Checks every cell of `record` against its element and fingerprints what uniqueness
    /// will look up, into `out`. `passed` holds values this thread saw pass.
    pub(super) fn prepare(&self, record: &Record, out: &mut Prepared, passed: &mut Passed) {
        out.failures.clear();
        out.unique.clear();
        out.key = None;
        out.blank = record.is_blank();
        if out.blank {
            return;
        }
        for (i, column) in self.columns.iter().enumerate() {
            if let Some(column) = column {
                self.prepare_cell(record, i, column, out, passed);
            }
        }
        if let [only] = self.key_columns[..] {
            // One column: its value alone is the key, with nothing to tell apart.
            let v = trim(record.get(only).unwrap_or(""));
            out.key = (!v.is_empty()).then(|| Fingerprint::of(v.as_bytes()));
        } else if !self.key_columns.is_empty() {
            let hasher = &mut out.key_hasher;
            hasher.reset();
            let mut any = false;
            for &i in &self.key_columns {
                let v = trim(record.get(i).unwrap_or(""));
                any |= !v.is_empty();
                hasher.add(v.as_bytes());
            }
            out.key = any.then(|| hasher.finish());
        }
    }

    /// The cell of column `i`: its element's checks, then what uniqueness needs.
    fn prepare_cell(
        &self,
        record: &Record,
        i: usize,
        column: &Column,
        out: &mut Prepared,
        passed: &mut Passed,
    ) {
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
        if let Some(failure) = check_cell(column, value, record.kind(i), i, passed) {
            out.failures.push((i, failure));
            return;
        }
        if !column.unique {
            return;
        }
        if let Some((other, values)) = &column.among {
            let status = trim(record.get(*other).unwrap_or(""));
            if !values.contains(status) {
                return;
            }
        }
        let v = trim(value);
        if !v.is_empty() {
            out.unique.push((i, Fingerprint::of(v.as_bytes())));
        }
    }
}

/// The failure of the cell `value` of column `i`, if any: from `passed` when the value
/// passed before in this column, else from the column's check.
#[inline]
fn check_cell(
    column: &Column,
    value: &str,
    kind: CellKind,
    i: usize,
    passed: &mut Passed,
) -> Option<CellFailure> {
    if kind != CellKind::Text {
        return column.check.check(value, kind);
    }
    // A cell the quick test settles costs less than remembering it.
    if column.check.passes_at_once(value) {
        return None;
    }
    match passed.look_up(i, value) {
        None => column.check.check_in_full(value, kind),
        Some((_, true)) => None,
        Some((slot, false)) => {
            let failure = column.check.check_in_full(value, kind);
            if failure.is_none() {
                passed.remember(slot, i, value);
            }
            failure
        }
    }
}

/// A finding about one cell of a checked column.
pub(super) fn push_cell(
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
pub(super) fn cell_issues(
    run: &mut Run,
    record: &Record,
    columns: &[Option<Column>],
    headers: &[String],
) {
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
pub(super) fn check_width(run: &mut Run, record: &Record, width: usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_cells_keep_every_cell_in_order_past_the_ones_in_place() {
        let mut cells = UniqueCells::default();
        for round in 0..2 {
            cells.clear();
            let pushed: Vec<(usize, Fingerprint)> = (0..UNIQUE_IN_PLACE + 3)
                .map(|i| {
                    (
                        i * 2 + round,
                        Fingerprint::of(format!("{round}:{i}").as_bytes()),
                    )
                })
                .collect();
            for (n, cell) in pushed.iter().enumerate() {
                cells.push(*cell);
                let held: Vec<_> = cells.iter().copied().collect();
                assert_eq!(held, pushed[..=n]);
            }
        }
        cells.clear();
        assert_eq!(cells.iter().count(), 0);
    }
}
