//! The JSON report (docs/spec.md §5), described by `schemas/report.schema.json`.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::finding::Finding;
use crate::report::{DictionaryRef, FileReport, RenderOptions, Report, Summary};
use crate::text::Lang;

/// Renders the whole report as one pretty-printed JSON document.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let value = to_value(report, options.lang);
    serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// The report as a JSON value.
pub fn to_value(report: &Report, lang: Lang) -> Value {
    json!({
        "tool": {"name": "govdict", "version": report.tool_version},
        "dictionary": dictionary_value(&report.dictionary),
        "config": report.dictionary.config_text(),
        "files": report.files.iter().map(|f| file_value(f, lang)).collect::<Vec<_>>(),
        "summary": summary_value(&report.summary()),
    })
}

/// The dictionary of a run: where it was read from (`null` for the embedded default), its
/// id, version and content hash.
pub(crate) fn dictionary_value(d: &DictionaryRef) -> Value {
    json!({
        "path": d.path_text(),
        "id": d.id,
        "version": d.version,
        "sha256": d.sha256,
    })
}

pub(crate) fn summary_value(s: &Summary) -> Value {
    json!({
        "files": s.files,
        "rows": s.rows,
        "errors": s.errors,
        "warnings": s.warnings,
        "truncated": s.truncated,
    })
}

fn file_value(f: &FileReport, lang: Lang) -> Value {
    let columns: Vec<Value> = f
        .columns
        .iter()
        .map(|c| {
            json!({
                "index": c.index,
                "header": c.header,
                "element": c.element,
                "method": c.method,
            })
        })
        .collect();
    json!({
        "path": f.path,
        "sha256": f.sha256,
        "format": f.format,
        "encoding": f.encoding,
        "sheet": f.sheet,
        "dataset": f.dataset,
        "rows": f.rows,
        "columns": columns,
        "summary": {
            "errors": f.tally.errors,
            "warnings": f.tally.warnings,
            "by_code": f.tally.by_code,
            "by_column": f.tally.by_column.iter().map(|(col, c)| json!({
                "column": col,
                "header": c.header,
                "errors": c.errors,
                "warnings": c.warnings,
            })).collect::<Vec<_>>(),
        },
        "truncated": f.truncated,
        "findings": f.findings.iter().map(|x| finding_value(x, lang)).collect::<Vec<_>>(),
    })
}

/// One finding as a JSON object, the message in the chosen language. Optional keys
/// (`suggestion`, `first_row`, `line`) appear only when known.
pub(crate) fn finding_value(f: &Finding, lang: Lang) -> Value {
    let mut m = Map::new();
    m.insert("code".into(), json!(f.code.as_str()));
    m.insert("severity".into(), json!(f.severity.as_str()));
    m.insert("row".into(), json!(f.row));
    m.insert("column".into(), json!(f.column));
    m.insert("cell".into(), json!(f.cell));
    m.insert("header".into(), json!(f.header));
    m.insert("element".into(), json!(f.element));
    m.insert("message".into(), json!(f.message.get(lang)));
    m.insert("value".into(), json!(f.value));
    if let Some(s) = &f.suggestion {
        m.insert("suggestion".into(), json!(s));
    }
    if let Some(r) = f.first_row {
        m.insert("first_row".into(), json!(r));
    }
    if let Some(l) = f.line {
        m.insert("line".into(), json!(l));
    }
    Value::Object(m)
}
