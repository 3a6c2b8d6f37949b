//! The findings and counts of one file as they accumulate.

use std::collections::HashMap;

use super::{Column, ShowValues, ValidateOptions};
use crate::dictionary::Dictionary;
use crate::finding::{Code, Finding, Severity, Tally};
use crate::mask::mask;
use crate::report::{ColumnInfo, FileReport};
use crate::resolve::Resolution;
use crate::source::{CellIssue, FileHash, Record, SourceNotice};
use crate::text::Text;

use super::header::Rows;

pub(super) struct Run<'a> {
    dict: &'a Dictionary,
    options: &'a ValidateOptions,
    tally: Tally,
    findings: Vec<Finding>,
    truncated: bool,
    pub(super) rows: u64,
    /// Row, code and severity of the findings since the last row went to a `RowSink`;
    /// `None` when no sink listens.
    pub(super) row_codes: Option<Vec<(Option<u64>, Code, Severity)>>,
    /// The encoding the file is read as, named in `encoding-error` messages.
    pub(super) encoding: Option<String>,
}

impl<'a> Run<'a> {
    pub(super) fn new(dict: &'a Dictionary, options: &'a ValidateOptions) -> Run<'a> {
        Run {
            dict,
            options,
            tally: Tally::default(),
            findings: Vec::new(),
            truncated: false,
            rows: 0,
            row_codes: None,
            encoding: None,
        }
    }

    /// Counts a finding and keeps it unless `--max-findings` is reached.
    pub(super) fn push(&mut self, finding: Finding) {
        self.tally.count(&finding);
        if let Some(codes) = self.row_codes.as_mut() {
            codes.push((finding.row, finding.code, finding.severity));
        }
        if self
            .options
            .max_findings
            .is_some_and(|max| self.findings.len() >= max)
        {
            self.truncated = true;
        } else {
            self.findings.push(finding);
        }
    }

    pub(super) fn notice(&mut self, notice: SourceNotice) {
        self.push(Finding::new(notice.code, notice.message).with_row(notice.row));
    }

    /// A finding about one cell of a checked column.
    pub(super) fn push_cell(
        &mut self,
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
        finding.value = self.show(value, column.masked);
        self.push(finding);
    }

    /// The value a finding may show under the run's policy.
    fn show(&self, value: &str, masked: bool) -> Option<String> {
        if value.is_empty() {
            return None;
        }
        match self.options.show_values {
            ShowValues::None => None,
            ShowValues::Masked if masked => Some(mask(value)),
            ShowValues::Masked | ShowValues::Full => Some(value.to_owned()),
        }
    }

    /// `blank-header`, `duplicate-header`, `unknown-column`, `missing-column`.
    pub(super) fn header_findings(
        &mut self,
        headers: &[String],
        row: u64,
        resolution: &Resolution,
    ) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let col = (i + 1) as u32;
            if h.trim().is_empty() {
                self.push(
                    Finding::new(Code::BlankHeader, Code::BlankHeader.description()).at(row, col),
                );
                continue;
            }
            let key = crate::normalize::normalize(h);
            if let Some(&first) = seen.get(&key) {
                let mut f = Finding::new(
                    Code::DuplicateHeader,
                    Text::new(
                        format!("表头与第 {} 列重复", first + 1),
                        format!("the header repeats column {}", first + 1),
                    ),
                )
                .at(row, col);
                f.header = Some(h.clone());
                self.push(f);
                continue;
            }
            seen.insert(key, i);
            let Some(resolved) = resolution.columns.get(i) else {
                continue;
            };
            // Without a dataset there is nothing a column could be missing from.
            if resolved.element.is_some() || resolved.is_ignored() || resolution.dataset.is_none() {
                continue;
            }
            let message = match (&resolved.outside_dataset, &resolved.suggestion) {
                (Some(id), Some(name)) => Text::new(
                    format!("列对应数据元“{name}”({id})，但它不属于该数据集"),
                    format!("the column is the element “{name}” ({id}), which is not part of the dataset"),
                ),
                (_, Some(name)) => Text::new(
                    format!("列不对应数据集中的数据元；是否为“{name}”？"),
                    format!("the column maps to no element of the dataset; did you mean “{name}”?"),
                ),
                _ => Code::UnknownColumn.description(),
            };
            let mut f = Finding::new(Code::UnknownColumn, message).at(row, col);
            f.header = Some(h.clone());
            f.suggestion = resolved.suggestion.clone();
            self.push(f);
        }
        for id in &resolution.missing {
            let name = self
                .dict
                .element(id)
                .map_or(id.as_str(), |e| e.name.as_str());
            let mut f = Finding::new(
                Code::MissingColumn,
                Text::new(
                    format!("缺少必填数据元“{name}”({id})的列"),
                    format!("no column for the required element “{name}” ({id})"),
                ),
            )
            .at_row(row);
            f.element = Some(id.clone());
            self.push(f);
        }
    }

    /// `encoding-error` and `field-too-large` for cells the source flagged.
    pub(super) fn cell_issues(
        &mut self,
        record: &Record,
        columns: &[Option<Column>],
        headers: &[String],
    ) {
        for (i, issue) in &record.issues {
            let (code, message) = match issue {
                CellIssue::InvalidBytes => (Code::EncodingError, self.invalid_bytes_message()),
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
            self.push(f);
        }
    }

    /// Says which encoding the bytes broke and how to name another, so that a Latin-1
    /// or Big5 file read as UTF-8 points its reader at `--encoding`.
    fn invalid_bytes_message(&self) -> Text {
        match &self.encoding {
            Some(enc) => Text::new(
                format!("字节不是有效的 {enc} 编码（本文件按 {enc} 读取）；若文件使用其他编码，请用 --encoding 指定，例如 --encoding windows-1252"),
                format!("bytes that are not valid {enc} (the encoding this file is read as); if the file uses another encoding, name it with --encoding, e.g. --encoding windows-1252"),
            ),
            None => Code::EncodingError.description(),
        }
    }

    pub(super) fn finish(
        self,
        path: &str,
        rows: &Rows,
        sha256: FileHash,
        dataset: Option<String>,
        columns: Vec<ColumnInfo>,
    ) -> FileReport {
        let source = rows.source();
        let info = source.info();
        FileReport {
            path: path.to_owned(),
            // A CSV file's hash comes from its decoder, or from hashing the file again when
            // reading stopped before the end.
            sha256: sha256.resolve(source).unwrap_or_default(),
            format: info.format.clone(),
            encoding: info.encoding.clone(),
            sheet: info.sheet.clone(),
            dataset,
            rows: self.rows,
            columns,
            tally: self.tally,
            findings: self.findings,
            truncated: self.truncated,
        }
    }
}
