//! Renderers: one per output format, of the report types the pipeline makes
//! (`validate::Report`, re-exported here).
//! Renderers only format; they never check anything and never see unmasked values
//! (findings are masked when they are made).

use std::io::{self, Write};

use crate::text::Lang;
pub use crate::validate::{ColumnInfo, DictionaryRef, FileReport, Report, Summary};

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
pub use jsonl::JsonlSink;
pub use junit::JunitFlavor;

/// Output formats of `validate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Where the pages of `docs/codes/` are published (an absolute http(s) URL, no
    /// trailing slash); `None`: this version's copy on docs.rs.
    pub help_base_url: Option<String>,
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
