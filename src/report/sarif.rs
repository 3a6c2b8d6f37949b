//! SARIF 2.1.0 for code-scanning views (GitHub, Azure DevOps, IDEs). Every finding code is
//! a rule; results point at the physical line of the record (or the row of a spreadsheet)
//! and, for spreadsheets, at the cell as a logical location.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::finding::{Code, Finding, Severity};
use crate::report::common::{
    finding_fingerprint, is_spreadsheet, label, message_with_suggestion, slash_path, uri_path,
};
use crate::report::{FileReport, RenderOptions, Report};
use crate::text::Lang;

/// GitHub code scanning accepts at most this many results per run.
pub const MAX_RESULTS: usize = 25_000;

/// Where the tool is documented.
pub const INFORMATION_URI: &str = "https://crates.io/crates/govdict";

const L_CAPPED: (&str, &str) = (
    "结果已截断：只输出前 {shown} 条，共 {total} 条（GitHub 每次运行最多接受 25000 条）",
    "results truncated: {shown} of {total} written (GitHub accepts at most 25000 per run)",
);
const L_CUT: (&str, &str) = (
    "部分文件的发现因 --max-findings 未全部列出；计数见 properties.summary",
    "some files' findings were cut by --max-findings; see properties.summary for counts",
);

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let value = to_value(report, options.lang, MAX_RESULTS);
    serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rules(lang: Lang) -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|c| {
            let d = c.description();
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": {"text": d.get(lang)},
                "fullDescription": {"text": format!("{} / {}", d.zh, d.en)},
                "help": {"text": d.get(lang)},
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect()
}

/// Builds the SARIF log, writing at most `cap` results.
pub fn to_value(report: &Report, lang: Lang, cap: usize) -> Value {
    let total: usize = report.files.iter().map(|f| f.findings.len()).sum();
    let mut results = Vec::with_capacity(total.min(cap));
    'files: for (index, file) in report.files.iter().enumerate() {
        for f in &file.findings {
            if results.len() >= cap {
                break 'files;
            }
            results.push(result(index, file, f, lang));
        }
    }
    let summary = report.summary();
    let mut notes = Vec::new();
    if total > results.len() {
        let text = label(&L_CAPPED, lang)
            .replace("{shown}", &results.len().to_string())
            .replace("{total}", &total.to_string());
        notes.push(json!({"level": "warning", "message": {"text": text}}));
    }
    if summary.truncated {
        notes.push(json!({"level": "warning", "message": {"text": label(&L_CUT, lang)}}));
    }
    let artifacts: Vec<Value> = report
        .files
        .iter()
        .map(|f| {
            let mut a = json!({"location": {"uri": uri_path(&f.path)}});
            if !f.sha256.is_empty() {
                a["hashes"] = json!({"sha-256": f.sha256});
            }
            a
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "govdict",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rules(lang),
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notes,
            }],
            "artifacts": artifacts,
            "results": results,
            "properties": {
                "dictionary": {
                    "id": report.dictionary.id,
                    "version": report.dictionary.version,
                    "sha256": report.dictionary.sha256,
                },
                "summary": {
                    "files": summary.files,
                    "rows": summary.rows,
                    "errors": summary.errors,
                    "warnings": summary.warnings,
                    "truncated": summary.truncated || total > results.len(),
                },
            },
        }],
    })
}

fn result(artifact: usize, file: &FileReport, f: &Finding, lang: Lang) -> Value {
    let rule_index = Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0);
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({"uri": uri_path(&file.path), "index": artifact}),
    );
    let spreadsheet = is_spreadsheet(file);
    // Text files: the physical line of the record; spreadsheets: the row.
    let line = if spreadsheet { f.row } else { f.line.or(f.row) };
    if let Some(line) = line.filter(|&l| l >= 1) {
        let mut region = json!({"startLine": line});
        if let Some(col) = f.column.filter(|&c| c >= 1) {
            region["startColumn"] = json!(col);
        }
        physical.insert("region".into(), region);
    }
    let mut location = json!({"physicalLocation": physical});
    if let (true, Some(cell)) = (spreadsheet, &f.cell) {
        let name = match &file.sheet {
            Some(sheet) => format!("{}!{sheet}!{cell}", slash_path(&file.path)),
            None => format!("{}!{cell}", slash_path(&file.path)),
        };
        location["logicalLocations"] = json!([{"fullyQualifiedName": name, "kind": "element"}]);
    }
    let mut r = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": message_text(f, lang)},
        "locations": [location],
        "partialFingerprints": {"govdict/v1": finding_fingerprint(&file.path, f, "")},
    });
    let mut props = Map::new();
    for (k, v) in [
        ("header", &f.header),
        ("element", &f.element),
        ("cell", &f.cell),
        ("value", &f.value),
    ] {
        if let Some(v) = v {
            props.insert(k.into(), json!(v));
        }
    }
    if !props.is_empty() {
        r["properties"] = Value::Object(props);
    }
    r
}

/// The message with the header it concerns, so the result reads on its own.
fn message_text(f: &Finding, lang: Lang) -> String {
    let m = message_with_suggestion(f, lang);
    match &f.header {
        Some(h) => format!("{h}: {m}"),
        None => m,
    }
}
