//! JSON Lines: one object per finding (`"type": "finding"`, with the file's path), one per
//! file after its findings (`"type": "file"`: the dataset it was validated against and its
//! complete counts), then one summary object (`"type": "summary"`). Each line matches
//! `schemas/report-line.schema.json`. The [`FindingSink`] trait lets the pipeline write
//! findings as it finds them, so a huge file never has to hold its findings in memory.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::finding::Finding;
use crate::report::json::{finding_value, summary_value};
use crate::report::{FileReport, RenderOptions, Report, Summary};
use crate::text::Lang;

/// Receives findings as they are found, then the totals.
pub trait FindingSink {
    /// Called once per file before its findings (the header-derived data is known).
    fn begin_file(&mut self, path: &str) -> io::Result<()> {
        let _ = path;
        Ok(())
    }
    /// One finding of the file last begun.
    fn finding(&mut self, path: &str, finding: &Finding) -> io::Result<()>;
    /// The file is done; `file` carries its complete counts.
    fn end_file(&mut self, file: &FileReport) -> io::Result<()> {
        let _ = file;
        Ok(())
    }
    /// Every file is done.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// Writes JSON Lines as findings arrive, one write per line.
pub struct JsonlSink<W: Write> {
    out: W,
    lang: Lang,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W, lang: Lang) -> JsonlSink<W> {
        JsonlSink { out, lang }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    /// Writes `{"type": kind, "path": path, ...v}` on one line. `type` and `path` come
    /// first (serde_json sorts the other keys) so that lines are easy to grep.
    fn tagged(&mut self, kind: &str, path: Option<&str>, v: &Value) -> io::Result<()> {
        let mut line = format!("{{\"type\":{}", json!(kind));
        if let Some(p) = path {
            line.push_str(&format!(",\"path\":{}", json!(p)));
        }
        let body = serde_json::to_string(v).map_err(io::Error::other)?;
        match body.strip_prefix('{') {
            Some(rest) if rest != "}" => {
                line.push(',');
                line.push_str(rest);
            }
            _ => line.push('}'),
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }
}

impl<W: Write> FindingSink for JsonlSink<W> {
    fn finding(&mut self, path: &str, finding: &Finding) -> io::Result<()> {
        let v = finding_value(finding, self.lang);
        self.tagged("finding", Some(path), &v)
    }

    fn end_file(&mut self, file: &FileReport) -> io::Result<()> {
        let v = json!({
            "dataset": file.dataset,
            "sheet": file.sheet,
            "format": file.format,
            "sha256": file.sha256,
            "rows": file.rows,
            "errors": file.tally.errors,
            "warnings": file.tally.warnings,
            "truncated": file.truncated,
        });
        self.tagged("file", Some(&file.path), &v)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.tagged("summary", None, &summary_value(summary))?;
        self.out.flush()
    }
}

/// Replays a finished report through a sink.
pub fn replay(report: &Report, sink: &mut dyn FindingSink) -> io::Result<()> {
    for file in &report.files {
        sink.begin_file(&file.path)?;
        for f in &file.findings {
            sink.finding(&file.path, f)?;
        }
        sink.end_file(file)?;
    }
    sink.finish(&report.summary())
}

/// Renders a finished report as JSON Lines.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut sink = JsonlSink::new(out, options.lang);
    replay(report, &mut sink)
}
