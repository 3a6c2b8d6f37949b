//! Reports: the result of validating files, and one renderer per output format.
//! Renderers only format; they never check anything and never see unmasked values
//! (findings are masked when they are made).

use std::io::{self, Write};

use crate::finding::{Finding, Tally};
use crate::text::Lang;

#[cfg(test)]
mod ci_tests;
mod common;
pub mod github;
pub mod gitlab;
pub mod help;
pub mod html;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
#[cfg(test)]
mod sample;
pub mod sarif;
#[cfg(test)]
mod tests;

pub use common::PathBase;
pub use jsonl::{FindingSink, JsonlSink};
pub use junit::JunitFlavor;

/// The dictionary a report was made against (provenance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

/// How a column was matched to an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// 1-based column index.
    pub index: u32,
    pub header: String,
    pub element: Option<String>,
    /// `id`, `name`, `identifier`, `name_en`, `synonym`, `mapping`, `normalized`
    pub method: Option<String>,
}

/// The validation result of one file (or sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The path as the user gave it (or `-` for standard input).
    pub path: String,
    pub sha256: String,
    /// `csv`, `xlsx`, `xls`, …
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub dataset: Option<String>,
    /// Data rows read (the header not included).
    pub rows: u64,
    pub columns: Vec<ColumnInfo>,
    /// Counts of every finding, including those cut by `--max-findings`.
    pub tally: Tally,
    /// Findings in file order, at most `--max-findings` of them.
    pub findings: Vec<Finding>,
    /// Whether `findings` was cut.
    pub truncated: bool,
}

/// The result of one `validate` run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub tool_version: String,
    pub dictionary: DictionaryRef,
    pub files: Vec<FileReport>,
}

/// Totals over every file of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub rows: u64,
    pub errors: u64,
    pub warnings: u64,
    pub truncated: bool,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files.len() as u64,
            ..Summary::default()
        };
        for f in &self.files {
            s.rows += f.rows;
            s.errors += f.tally.errors;
            s.warnings += f.tally.warnings;
            s.truncated |= f.truncated;
        }
        s
    }
}

/// Output formats of `validate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Jsonl,
    Junit,
    Sarif,
    Github,
    Gitlab,
    Html,
}

/// Options every renderer may use.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub lang: Lang,
    /// Colour terminal output (human format only).
    pub color: bool,
    /// What paths in CI formats are relative to; `None` shows them as given.
    pub paths: Option<PathBase>,
    /// Which JUnit dialect to write.
    pub junit_flavor: JunitFlavor,
}

/// Renders a report in one format.
pub fn render(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(report, options, out),
        OutputFormat::Json => json::render(report, options, out),
        OutputFormat::Jsonl => jsonl::render(report, options, out),
        OutputFormat::Junit => junit::render(report, options, out),
        OutputFormat::Sarif => sarif::render(report, options, out),
        OutputFormat::Github => github::render(report, options, out),
        OutputFormat::Gitlab => gitlab::render(report, options, out),
        OutputFormat::Html => html::render(report, options, out),
    }
}
