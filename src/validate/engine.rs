//! Findings computed elsewhere — by a database running the query of
//! `export --to sql-checks` — read back into a [`FileReport`], so that every renderer,
//! the masking and the exit codes of `validate` apply to them unchanged.
//!
//! The input is CSV with a header row, or JSON lines (one object a line), with the fields
//! `row`, `column`, `header`, `element`, `code`, `severity` and `first_row` (the query's
//! columns; extra fields are ignored, `element` and `first_row` may be empty). Values never
//! travel: a finding read here has none, so nothing can leak.

pub mod postgres;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::report::{ColumnInfo, FileReport};
use crate::dictionary::{Dataset, Dictionary};
use crate::finding::{Code, Finding, Severity, Tally};
use crate::text::Text;

/// Longest line of a JSON lines file, and longest CSV record, in bytes: a finding is a few
/// hundred bytes.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// How the findings file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingsFormat {
    Csv,
    JsonLines,
}

impl FindingsFormat {
    /// By extension: `.jsonl`, `.ndjson` and `.json` are JSON lines, anything else CSV.
    pub fn of(path: &Path) -> FindingsFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if ["jsonl", "ndjson", "json"].contains(&e.to_ascii_lowercase().as_str()) => {
                FindingsFormat::JsonLines
            }
            _ => FindingsFormat::Csv,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            FindingsFormat::Csv => "csv",
            FindingsFormat::JsonLines => "jsonl",
        }
    }
}

/// Why a findings file could not be read; `line` is 1-based where known.
#[derive(Debug)]
pub struct FindingsError {
    pub line: Option<u64>,
    pub what: Text,
}

impl FindingsError {
    pub(crate) fn at(line: u64, zh: impl Into<String>, en: impl Into<String>) -> FindingsError {
        FindingsError {
            line: Some(line),
            what: Text::new(zh, en),
        }
    }

    fn io(e: &io::Error) -> FindingsError {
        FindingsError {
            line: None,
            what: Text::new(format!("无法读取：{e}"), format!("cannot read: {e}")),
        }
    }
}

/// One finding as the engine wrote it.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Row {
    pub(crate) row: Option<Number>,
    pub(crate) column: Option<Number>,
    pub(crate) header: Option<String>,
    pub(crate) element: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) severity: Option<String>,
    pub(crate) first_row: Option<Number>,
}

/// A number written as a number or as text (CSV, or engines that print BIGINT as text).
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum Number {
    Int(u64),
    Text(String),
}

impl Number {
    /// A database's BIGINT: a negative one stays text, and is refused as text is.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn from_i64(n: i64) -> Number {
        u64::try_from(n).map_or_else(|_| Number::Text(n.to_string()), Number::Int)
    }

    fn get(&self) -> Option<u64> {
        match self {
            Number::Int(n) => Some(*n),
            Number::Text(s) if s.trim().is_empty() => None,
            Number::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// Reads the findings of `path` as the report of the table `display_path`, checked against
/// `dataset`. `max_findings` caps the findings listed; the counts stay complete.
pub fn read_findings(
    dict: &Dictionary,
    dataset: &Dataset,
    path: &Path,
    display_path: &str,
    max_findings: Option<usize>,
) -> Result<FileReport, FindingsError> {
    let format = FindingsFormat::of(path);
    let file = File::open(path).map_err(|e| FindingsError::io(&e))?;
    if !file
        .metadata()
        .map_err(|e| FindingsError::io(&e))?
        .is_file()
    {
        return Err(FindingsError {
            line: None,
            what: Text::new("不是普通文件", "not a regular file"),
        });
    }
    let mut hasher = Sha256::new();
    let mut reader = BufReader::new(Hashing {
        inner: file,
        hasher: &mut hasher,
    });
    let mut gathered = Gathered::new(max_findings);
    let mut take = |f: Finding| gathered.take(f);
    match format {
        FindingsFormat::JsonLines => read_json_lines(&mut reader, &mut take)?,
        FindingsFormat::Csv => read_csv(&mut reader, &mut take)?,
    }
    // Read to the end, so the digest is of the whole file.
    io::copy(&mut reader, &mut io::sink()).map_err(|e| FindingsError::io(&e))?;
    drop(reader);
    let sha256 = format!("{:x}", hasher.finalize());
    Ok(gathered.into_report(dict, dataset, display_path, format.as_str(), sha256))
}

/// Findings as an engine returns them: listed up to a limit, counted in full.
pub(crate) struct Gathered {
    findings: Vec<Finding>,
    tally: Tally,
    truncated: bool,
    max_findings: Option<usize>,
}

impl Gathered {
    pub(crate) fn new(max_findings: Option<usize>) -> Gathered {
        Gathered {
            findings: Vec::new(),
            tally: Tally::default(),
            truncated: false,
            max_findings,
        }
    }

    pub(crate) fn take(&mut self, mut f: Finding) {
        mask_header(&mut f);
        self.tally.count(&f);
        if self.max_findings.is_some_and(|m| self.findings.len() >= m) {
            self.truncated = true;
        } else {
            self.findings.push(f);
        }
    }

    /// The report of the table `display_path`, checked against `dataset`; `format` names
    /// the source (`csv`, `jsonl`, `postgres`), `sha256` its digest (empty when unknown).
    pub(crate) fn into_report(
        self,
        dict: &Dictionary,
        dataset: &Dataset,
        display_path: &str,
        format: &str,
        sha256: String,
    ) -> FileReport {
        let mut findings = self.findings;
        findings.sort_by_key(|f| (f.row, f.column));
        let columns = dataset
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let e = dict.element(&f.element)?;
                Some(ColumnInfo {
                    index: (i + 1) as u32,
                    header: e.name.clone(),
                    element: Some(e.id.clone()),
                    method: Some("name".to_owned()),
                })
            })
            .collect();
        FileReport {
            path: display_path.to_owned(),
            sha256,
            format: format.to_owned(),
            encoding: Some("UTF-8".to_owned()),
            sheet: None,
            dataset: Some(dataset.id.clone()),
            rows: 0,
            columns,
            tally: self.tally,
            findings,
            truncated: self.truncated,
        }
    }
}

/// Masks the header of a finding when it may be data: it reads like a value, or it is a
/// column no element claims (a table imported without its header row has data for column
/// names; an engine's query reports cells, so such columns come only from elsewhere).
fn mask_header(f: &mut Finding) {
    if let Some(h) = &f.header {
        let unclaimed = f.element.is_none() && f.code == Code::UnknownColumn;
        if unclaimed || crate::mask::looks_like_data(h) {
            f.header = Some(crate::mask::mask(h));
        }
    }
}

/// A reader that hashes what passes through.
struct Hashing<'h, R> {
    inner: R,
    hasher: &'h mut Sha256,
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Calls `each` with every non-blank line and its 1-based number, refusing lines over
/// [`MAX_LINE_BYTES`] before they are held whole.
fn each_line(
    reader: &mut impl BufRead,
    mut each: impl FnMut(&[u8], u64) -> Result<(), FindingsError>,
) -> Result<(), FindingsError> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        number += 1;
        let n = (&mut *reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| FindingsError::io(&e))?;
        if n == 0 {
            return Ok(());
        }
        if line.len() > MAX_LINE_BYTES {
            return Err(FindingsError::at(
                number,
                format!("行超过 {MAX_LINE_BYTES} 字节"),
                format!("the line exceeds {MAX_LINE_BYTES} bytes"),
            ));
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            each(&line, number)?;
        }
    }
}

fn read_json_lines(
    reader: &mut impl BufRead,
    take: &mut dyn FnMut(Finding),
) -> Result<(), FindingsError> {
    each_line(reader, |line, number| {
        let row: Row = serde_json::from_slice(line).map_err(|e| {
            FindingsError::at(
                number,
                format!("不是发现对象（JSON）：{e}"),
                format!("not a finding object (JSON): {e}"),
            )
        })?;
        take(finding(&row, number)?);
        Ok(())
    })
}

/// The fields of one CSV line (findings hold no line breaks).
fn csv_fields(line: &[u8], number: u64) -> Result<Vec<String>, FindingsError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(_) => Ok(record.iter().map(|f| f.trim().to_owned()).collect()),
        Err(e) => Err(FindingsError::at(
            number,
            format!("CSV：{e}"),
            format!("CSV: {e}"),
        )),
    }
}

fn read_csv(reader: &mut impl BufRead, take: &mut dyn FnMut(Finding)) -> Result<(), FindingsError> {
    let mut index: Option<[Option<usize>; 7]> = None;
    each_line(reader, |line, number| {
        let fields = csv_fields(line, number)?;
        let Some(index) = index else {
            for name in ["row", "column", "code"] {
                if !fields.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                    return Err(FindingsError::at(
                        number,
                        format!("缺少列 {name}"),
                        format!("the column {name} is missing"),
                    ));
                }
            }
            index = Some(
                [
                    "row",
                    "column",
                    "header",
                    "element",
                    "code",
                    "severity",
                    "first_row",
                ]
                .map(|name| fields.iter().position(|h| h.eq_ignore_ascii_case(name))),
            );
            return Ok(());
        };
        let text = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .filter(|s| !s.is_empty())
                .cloned()
        };
        let [row, column, header, element, code, severity, first_row] = index;
        let r = Row {
            row: text(row).map(Number::Text),
            column: text(column).map(Number::Text),
            header: text(header),
            element: text(element),
            code: text(code),
            severity: text(severity),
            first_row: text(first_row).map(Number::Text),
        };
        take(finding(&r, number)?);
        Ok(())
    })
}

/// The finding of one input row, with the message `validate` gives its code.
pub(crate) fn finding(r: &Row, line: u64) -> Result<Finding, FindingsError> {
    let bad = |field: &str| {
        FindingsError::at(
            line,
            format!("字段 {field} 缺失或无效"),
            format!("the field {field} is missing or invalid"),
        )
    };
    let code_text = r.code.as_deref().map(str::trim).unwrap_or("");
    let code = Code::parse(code_text).ok_or_else(|| {
        FindingsError::at(
            line,
            format!("未知的发现代码 `{code_text}`"),
            format!("unknown finding code `{code_text}`"),
        )
    })?;
    let row = r.row.as_ref().and_then(Number::get).filter(|&n| n >= 1);
    let row = row.ok_or_else(|| bad("row"))?;
    let column = r.column.as_ref().and_then(Number::get);
    let column = column
        .and_then(|c| u32::try_from(c).ok())
        .filter(|&c| c >= 1)
        .ok_or_else(|| bad("column"))?;
    let severity = match r.severity.as_deref().map(str::trim) {
        None | Some("") => code.default_severity(),
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some("info") => Severity::Info,
        Some(_) => return Err(bad("severity")),
    };
    let first_row = match &r.first_row {
        None => None,
        Some(n) => match n {
            Number::Text(s) if s.trim().is_empty() => None,
            _ => Some(n.get().ok_or_else(|| bad("first_row"))?),
        },
    };
    let message = match (code, first_row) {
        (Code::DuplicateValue, Some(first)) => Text::new(
            format!("与第 {first} 行的值重复"),
            format!("repeats the value of row {first}"),
        ),
        (Code::DuplicateKey, Some(first)) => Text::new(
            format!("主键与第 {first} 行重复"),
            format!("the primary key repeats row {first}"),
        ),
        _ => code.description(),
    };
    let mut f = Finding::new(code, message).at(row, column);
    f.severity = severity;
    f.header = r.header.clone().filter(|h| !h.is_empty());
    f.element = r.element.clone().filter(|e| !e.is_empty());
    f.first_row = first_row;
    Ok(f)
}

#[cfg(test)]
mod tests;
