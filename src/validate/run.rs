//! The counts of one file as its findings are made, and the hand-over of each finding
//! and row outcome to the run's `Reporter`.

use std::collections::HashMap;
use std::io;

use super::{
    ColumnInfo, FileReport, Reporter, RowFinding, ShowValues, ValidateError, ValidateOptions,
};
use crate::dictionary::Dictionary;
use crate::finding::{Code, Finding, Tally};
use crate::mask::mask_value;
use crate::resolve::Resolution;
use crate::source::{Record, SourceNotice, Table};
use crate::text::Text;

pub(super) struct Run<'a, 'r> {
    dict: &'a Dictionary,
    options: &'a ValidateOptions,
    reporter: &'r mut dyn Reporter,
    tally: Tally,
    /// Findings handed to the reporter to list.
    listed: usize,
    truncated: bool,
    pub(super) rows: u64,
    /// Row and finding of the findings since the last row outcome; `None` when the
    /// reporter wants no row outcomes (or the rows have not begun).
    row_findings: Option<Vec<(Option<u64>, RowFinding)>>,
    /// The encoding the file is read as, named in `encoding-error` messages.
    pub(super) encoding: Option<String>,
    /// The first error the reporter returned: the run stops at the next `check`.
    error: Option<io::Error>,
}

impl<'a, 'r> Run<'a, 'r> {
    pub(super) fn new(
        dict: &'a Dictionary,
        options: &'a ValidateOptions,
        reporter: &'r mut dyn Reporter,
    ) -> Run<'a, 'r> {
        Run {
            dict,
            options,
            reporter,
            tally: Tally::default(),
            listed: 0,
            truncated: false,
            rows: 0,
            row_findings: None,
            encoding: None,
            error: None,
        }
    }

    /// Counts a finding and hands it to the reporter unless `--max-findings` is reached.
    pub(super) fn push(&mut self, finding: Finding) {
        self.tally.count(&finding);
        if let Some(found) = self.row_findings.as_mut() {
            found.push((
                finding.row,
                RowFinding {
                    code: finding.code,
                    severity: finding.severity,
                    header: finding.header.clone(),
                },
            ));
        }
        if self
            .options
            .max_findings
            .is_some_and(|max| self.listed >= max)
        {
            self.truncated = true;
            return;
        }
        self.listed += 1;
        if self.error.is_none() {
            if let Err(e) = self.reporter.finding(&finding) {
                self.error = Some(e);
            }
        }
    }

    /// The reporter's first error, if any.
    pub(super) fn check(&mut self) -> Result<(), ValidateError> {
        match self.error.take() {
            Some(e) => Err(ValidateError::Report(e)),
            None => Ok(()),
        }
    }

    /// Hands the header to the reporter; row outcomes are gathered from here on.
    pub(super) fn header(&mut self, header: &Record) {
        if let Err(e) = self.reporter.header(header) {
            self.error.get_or_insert(e);
        }
        if self.reporter.wants_rows() {
            self.row_findings = Some(Vec::new());
        }
    }

    /// Hands `record` and its findings to the reporter, and starts gathering for the next
    /// row.
    pub(super) fn end_row(&mut self, record: &Record) {
        let Some(found) = self.row_findings.as_mut() else {
            return;
        };
        // Notices drained while reading may concern other rows.
        let mine: Vec<RowFinding> = found
            .drain(..)
            .filter(|(row, _)| *row == Some(record.row))
            .map(|(_, f)| f)
            .collect();
        if let Err(e) = self.reporter.row(record, &mine) {
            self.error.get_or_insert(e);
        }
    }

    /// The file failed part way: the reporter drops what it got of it.
    pub(super) fn abandon(self) {
        self.reporter.abandon_file();
    }

    pub(super) fn notice(&mut self, notice: SourceNotice) {
        self.push(Finding::new(notice.code, notice.message).with_row(notice.row));
    }

    /// The table's notices so far, as findings.
    pub(super) fn notices(&mut self, table: &mut Table) {
        for notice in table.take_notices() {
            self.notice(notice);
        }
    }

    /// The value a finding may show under the run's policy; `categorical` values (of a
    /// code-listed element) are masked whole.
    pub(super) fn show(&self, value: &str, masked: bool, categorical: bool) -> Option<String> {
        if value.is_empty() {
            return None;
        }
        match self.options.show_values {
            ShowValues::None => None,
            ShowValues::Masked if masked => Some(mask_value(value, categorical)),
            ShowValues::Masked | ShowValues::Full => Some(value.to_owned()),
        }
    }

    /// `blank-header`, `duplicate-header`, `unknown-column`, `missing-column`. `shown` is
    /// the header as findings may show it (masked where it may be data).
    pub(super) fn header_findings(
        &mut self,
        headers: &[String],
        shown: &[String],
        row: u64,
        resolution: &Resolution,
    ) {
        self.no_dataset(row, resolution);
        self.dataset_guessed(row, resolution);
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
                f.header = shown.get(i).cloned();
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
            f.header = shown.get(i).cloned();
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

    /// `dataset-guessed`: the dataset was chosen from the headers on thin evidence, so
    /// findings against it (missing and unknown columns) may be false.
    fn dataset_guessed(&mut self, row: u64, resolution: &Resolution) {
        let (Some(dataset), Some(choice)) = (&resolution.dataset, &resolution.choice) else {
            return;
        };
        if choice.is_guess() {
            let f = Finding::new(Code::DatasetGuessed, choice.text(dataset)).at_row(row);
            self.push(f);
        }
    }

    /// `no-dataset`: no dataset is in force, so nothing was checked against one (required
    /// columns, keys, uniqueness). Only a dictionary without datasets may validate columns
    /// by their elements alone, and then only when some column matched one.
    fn no_dataset(&mut self, row: u64, resolution: &Resolution) {
        if resolution.dataset.is_some() {
            return;
        }
        let matched = resolution.columns.iter().any(|c| c.element.is_some());
        if self.dict.datasets.is_empty() && matched {
            return;
        }
        const SHOWN: usize = 12;
        let ids: Vec<&str> = self
            .dict
            .datasets
            .iter()
            .take(SHOWN)
            .map(|d| d.id.as_str())
            .collect();
        let more = if self.dict.datasets.len() > SHOWN {
            ", …"
        } else {
            ""
        };
        let message = if ids.is_empty() {
            Text::new(
                "没有列对应目录中的数据元，目录也未定义数据集：什么也没有校验。请用 --mapping 给出映射表，或换用正确的目录（--dict）",
                "no column matches an element of the dictionary, which defines no dataset: nothing was checked. Give a mapping table with --mapping, or the right dictionary with --dict",
            )
        } else {
            let ids = ids.join(", ");
            Text::new(
                format!("没有数据集与表头对应，未按数据集校验。请用 --dataset ID 指定（目录定义了：{ids}{more}），或用 --mapping 给出映射表"),
                format!("no dataset matches the headers, so nothing was checked against one. Pass --dataset ID (the dictionary defines: {ids}{more}) or a mapping table with --mapping"),
            )
        };
        self.push(Finding::new(Code::NoDataset, message).at_row(row));
    }

    /// The file's report: counts and columns (the findings went to the reporter).
    pub(super) fn finish(
        self,
        path: &str,
        table: &Table,
        dataset: Option<String>,
        columns: Vec<ColumnInfo>,
    ) -> FileReport {
        let info = table.info();
        FileReport {
            path: path.to_owned(),
            // A CSV file's hash comes from its decoder, or from hashing the file again when
            // reading stopped before the end.
            sha256: table.sha256(),
            format: info.format.clone(),
            encoding: info.encoding.clone(),
            sheet: info.sheet.clone(),
            dataset,
            rows: self.rows,
            columns,
            tally: self.tally,
            findings: Vec::new(),
            truncated: self.truncated,
        }
    }
}
