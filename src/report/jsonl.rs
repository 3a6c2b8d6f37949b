//! JSON Lines: one object per finding (`"type": "finding"`, with the file's path), one per
//! file after its findings (`"type": "file"`: the dataset it was validated against and its
//! complete counts), then one summary object (`"type": "summary"`, naming the dictionary and config
//! when known). Each line matches
//! `schemas/report-line.schema.json`. [`JsonlSink`] is a `validate::Reporter`: it writes
//! findings as the pipeline finds them, so a huge file never has to hold its findings in
//! memory.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::finding::Finding;
use crate::report::json::{dictionary_value, finding_value, summary_value};
use crate::report::{DictionaryRef, FileReport, RenderOptions, Report, Summary};
use crate::text::Lang;
use crate::validate::{replay, Reporter};

/// Writes JSON Lines as findings arrive, one write per line.
pub struct JsonlSink<W: Write> {
    out: W,
    lang: Lang,
    /// The path of the file being reported.
    path: String,
    summary: Summary,
    /// The dictionary and config of the run, named on the summary line when known.
    dictionary: Option<DictionaryRef>,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W, lang: Lang) -> JsonlSink<W> {
        JsonlSink {
            out,
            lang,
            path: String::new(),
            summary: Summary::default(),
            dictionary: None,
        }
    }

    /// Names `dictionary` (and its config) on the summary line.
    pub fn with_dictionary(mut self, dictionary: DictionaryRef) -> JsonlSink<W> {
        self.dictionary = Some(dictionary);
        self
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    /// The totals of the files ended so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Writes the summary line: every file is done.
    pub fn finish(&mut self) -> io::Result<()> {
        let mut v = summary_value(&self.summary);
        if let Some(d) = &self.dictionary {
            v["dictionary"] = dictionary_value(d);
            v["config"] = json!(d.config_text());
        }
        self.tagged("summary", None, &v)?;
        self.out.flush()
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

impl<W: Write> Reporter for JsonlSink<W> {
    fn begin_file(&mut self, path: &str) -> io::Result<()> {
        path.clone_into(&mut self.path);
        Ok(())
    }

    fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        let v = finding_value(finding, self.lang);
        let path = std::mem::take(&mut self.path);
        let written = self.tagged("finding", Some(&path), &v);
        self.path = path;
        written
    }

    fn end_file(&mut self, file: &FileReport) -> io::Result<()> {
        self.summary.add(file);
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
}

/// Renders a finished report as JSON Lines.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut sink = JsonlSink::new(out, options.lang).with_dictionary(report.dictionary.clone());
    for file in &report.files {
        replay(file.clone(), &mut sink)?;
    }
    sink.finish()
}
