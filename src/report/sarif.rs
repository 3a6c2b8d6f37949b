//! SARIF 2.1.0 for code-scanning views (GitHub, Azure DevOps, IDEs). Every finding code is
//! a rule; results point at the physical line of the record (or the row of a spreadsheet;
//! line 1 for findings about the whole file) and at the cell as a logical location. No
//! `startColumn`: a column of a CSV record is a field, not a character position, and a
//! viewer highlighting a character column would point at the wrong text.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::finding::{Code, Finding, Severity};
use crate::report::common::{
    is_relative_path, is_spreadsheet, label, message_with_suggestion, report_path, uri_path,
    Fingerprints,
};
use crate::report::help;
use crate::report::json::dictionary_value;
use crate::report::{FileReport, RenderOptions, Report};
use crate::text::Lang;

/// GitHub code scanning accepts at most this many results per run.
pub const MAX_RESULTS: usize = 25_000;

/// Where the tool is documented.
pub const INFORMATION_URI: &str = "https://crates.io/crates/govdict";

/// The base of relative artifact URIs: the repository root (or `--base-dir`).
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of `partialFingerprints`; a new version when what goes into them changes.
pub const FINGERPRINT_KEY: &str = "govdict/v2";

const L_CAPPED: (&str, &str) = (
    "结果已截断：只输出前 {shown} 条，共 {total} 条（GitHub 每次运行最多接受 25000 条）",
    "results truncated: {shown} of {total} written (GitHub accepts at most 25000 per run)",
);
const L_CUT: (&str, &str) = (
    "部分文件的发现因 --max-findings 未全部列出；计数见 properties.summary",
    "some files' findings were cut by --max-findings; see properties.summary for counts",
);

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let value = to_value(report, options, MAX_RESULTS);
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

fn rules(lang: Lang, version: &str, help_base: Option<&str>) -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|c| {
            let d = c.description();
            let remedy = help::remedy(*c);
            json!({
                "id": c.as_str(),
                "name": help::rule_name(*c),
                "shortDescription": {"text": d.get(lang)},
                "fullDescription": {"text": remedy.get(lang)},
                "help": {"text": format!("{}\n\n{}", d.get(lang), remedy.get(lang))},
                "helpUri": help::help_uri(*c, version, help_base),
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect()
}

/// An artifact location: relative URIs against the repository root, others as given.
fn artifact_location(shown: &str) -> Value {
    if is_relative_path(shown) {
        json!({"uri": uri_path(shown), "uriBaseId": SRCROOT})
    } else if shown.starts_with('/') {
        json!({"uri": format!("file://{}", uri_path(shown))})
    } else if shown.as_bytes().get(1) == Some(&b':') {
        // A Windows drive path: `C:/…`; the colon stays (it is allowed in a path).
        json!({"uri": format!("file:///{}", uri_path(shown).replacen("%3A", ":", 1))})
    } else {
        json!({"uri": uri_path(shown)})
    }
}

/// Builds the SARIF log, writing at most `cap` results.
pub fn to_value(report: &Report, options: &RenderOptions, cap: usize) -> Value {
    let lang = options.lang;
    let shown: Vec<String> = report
        .files
        .iter()
        .map(|f| report_path(&f.path, options.paths.as_ref()))
        .collect();
    let total: usize = report.files.iter().map(|f| f.findings.len()).sum();
    let mut results = Vec::with_capacity(total.min(cap));
    let mut fingerprints = Fingerprints::default();
    'files: for (index, file) in report.files.iter().enumerate() {
        let at = Artifact {
            index,
            path: &shown[index],
            file,
        };
        for f in &file.findings {
            if results.len() >= cap {
                break 'files;
            }
            let fingerprint = fingerprints.next(at.path, file, f);
            results.push(result(&at, f, &fingerprint, lang));
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
    // Files that could not be read, and runs that checked nothing, are said at the level of
    // the run too: a viewer that shows only the run's state must not see a clean pass.
    let mut successful = true;
    for (index, file) in report.files.iter().enumerate() {
        for f in file.findings.iter().filter(|f| {
            matches!(
                f.code,
                Code::UnreadableFile | Code::NoInput | Code::NoDataset | Code::DatasetGuessed
            )
        }) {
            successful &= f.code != Code::UnreadableFile;
            let mut location = artifact_location(&shown[index]);
            location["index"] = json!(index);
            notes.push(json!({
                "level": if f.code == Code::UnreadableFile { "error" } else { "warning" },
                "message": {"text": format!("{}: {}", shown[index], f.message.get(lang))},
                "descriptor": {"id": f.code.as_str()},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
            }));
        }
    }
    let artifacts: Vec<Value> = report
        .files
        .iter()
        .zip(&shown)
        .map(|(f, path)| {
            let mut a = json!({"location": artifact_location(path)});
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
                "rules": rules(lang, &report.tool_version, options.help_base_url.as_deref()),
            }},
            "invocations": [{
                "executionSuccessful": successful,
                "toolExecutionNotifications": notes,
            }],
            "artifacts": artifacts,
            "results": results,
            "properties": {
                "dictionary": dictionary_value(&report.dictionary),
                "config": report.dictionary.config_text(),
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

/// The file a result belongs to, with its index among the artifacts and its shown path.
struct Artifact<'a> {
    index: usize,
    path: &'a str,
    file: &'a FileReport,
}

fn result(at: &Artifact<'_>, f: &Finding, fingerprint: &str, lang: Lang) -> Value {
    let file = at.file;
    let rule_index = Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0);
    let mut physical = Map::new();
    let mut artifact = artifact_location(at.path);
    artifact["index"] = json!(at.index);
    physical.insert("artifactLocation".into(), artifact);
    let spreadsheet = is_spreadsheet(file);
    // Text files: the physical line of the record; spreadsheets: the row; findings about
    // the whole file (a hidden sheet): its first line, so every result has a region.
    let line = if spreadsheet { f.row } else { f.line.or(f.row) };
    let line = line.filter(|&l| l >= 1).unwrap_or(1);
    physical.insert("region".into(), json!({"startLine": line}));
    let mut location = json!({"physicalLocation": physical});
    if let Some(cell) = &f.cell {
        let name = match &file.sheet {
            Some(sheet) => format!("{}!{sheet}!{cell}", at.path),
            None => format!("{}!{cell}", at.path),
        };
        location["logicalLocations"] = json!([{"fullyQualifiedName": name, "kind": "element"}]);
    }
    let mut r = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": message_text(f, lang)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
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
