//! Where the pipeline sends what it finds, as it finds it: the `Reporter` trait, a
//! collecting reporter for the formats that need every file before they can write, and a
//! tee that hands one run to two reporters (the report and the valid/invalid split).

use std::io;

use super::report::{FileReport, Report};
use crate::dictionary::Dictionary;
use crate::finding::{Code, Finding, Severity};
use crate::source::Record;

/// A row-level finding as the row's outcome lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFinding {
    pub code: Code,
    pub severity: Severity,
    /// The header of the column it concerns, if one.
    pub header: Option<String>,
}

/// Receives one run's events: for each file `begin_file`, its `header`, its findings and
/// the outcome of each data row in file order, then `end_file`. Streaming formats write as
/// the events come; collecting ones keep them (see `Collector`).
pub trait Reporter {
    /// A file starts; `path` is the path as reports show it.
    fn begin_file(&mut self, path: &str) -> io::Result<()> {
        let _ = path;
        Ok(())
    }

    /// The header row, once found (rows above it are not passed on).
    fn header(&mut self, header: &Record) -> io::Result<()> {
        let _ = header;
        Ok(())
    }

    /// One finding of the current file to list (at most `--max-findings` of them; the
    /// counts in `end_file` are complete).
    fn finding(&mut self, finding: &Finding) -> io::Result<()>;

    /// Whether `row` is wanted: the pipeline gathers row outcomes only when it is.
    fn wants_rows(&self) -> bool {
        false
    }

    /// A data row has been checked; `findings` are all of its findings, listed or not.
    fn row(&mut self, record: &Record, findings: &[RowFinding]) -> io::Result<()> {
        let _ = (record, findings);
        Ok(())
    }

    /// The current file is done; `file` carries its counts and columns (its `findings`
    /// are empty: they came one by one).
    fn end_file(&mut self, file: &FileReport) -> io::Result<()>;

    /// The current file could not be read to its end: what was received of it is void.
    fn abandon_file(&mut self) {}
}

/// Collects a run into a `Report`, for formats written once everything is known.
#[derive(Debug, Default)]
pub struct Collector {
    files: Vec<FileReport>,
    findings: Vec<Finding>,
}

impl Collector {
    pub fn new() -> Collector {
        Collector::default()
    }

    /// The files collected, in the order they ended.
    pub fn into_files(self) -> Vec<FileReport> {
        self.files
    }

    /// The report of the run against `dict`.
    pub fn into_report(self, dict: &Dictionary) -> Report {
        Report {
            files: self.files,
            ..Report::new(dict)
        }
    }
}

impl Reporter for Collector {
    fn begin_file(&mut self, _path: &str) -> io::Result<()> {
        self.findings.clear();
        Ok(())
    }

    fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        self.findings.push(finding.clone());
        Ok(())
    }

    fn end_file(&mut self, file: &FileReport) -> io::Result<()> {
        let mut file = file.clone();
        file.findings = std::mem::take(&mut self.findings);
        self.files.push(file);
        Ok(())
    }

    fn abandon_file(&mut self) {
        self.findings.clear();
    }
}

/// Hands a collected file's events to `reporter`, as if it were being validated now.
pub fn replay(mut file: FileReport, reporter: &mut dyn Reporter) -> io::Result<()> {
    let findings = std::mem::take(&mut file.findings);
    reporter.begin_file(&file.path)?;
    for f in &findings {
        reporter.finding(f)?;
    }
    reporter.end_file(&file)
}

/// Two reporters fed by one run, `first` before `second`.
pub struct Tee<'a, 'b> {
    pub first: &'a mut dyn Reporter,
    pub second: &'b mut dyn Reporter,
}

impl Reporter for Tee<'_, '_> {
    fn begin_file(&mut self, path: &str) -> io::Result<()> {
        self.first.begin_file(path)?;
        self.second.begin_file(path)
    }

    fn header(&mut self, header: &Record) -> io::Result<()> {
        self.first.header(header)?;
        self.second.header(header)
    }

    fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        self.first.finding(finding)?;
        self.second.finding(finding)
    }

    fn wants_rows(&self) -> bool {
        self.first.wants_rows() || self.second.wants_rows()
    }

    fn row(&mut self, record: &Record, findings: &[RowFinding]) -> io::Result<()> {
        self.first.row(record, findings)?;
        self.second.row(record, findings)
    }

    fn end_file(&mut self, file: &FileReport) -> io::Result<()> {
        self.first.end_file(file)?;
        self.second.end_file(file)
    }

    fn abandon_file(&mut self) {
        self.first.abandon_file();
        self.second.abandon_file();
    }
}
