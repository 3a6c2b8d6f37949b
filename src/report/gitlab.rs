//! GitLab Code Quality report: a JSON array of issues shown in merge requests.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::finding::Severity;
use crate::report::common::{
    finding_fingerprint, is_spreadsheet, message_with_suggestion, slash_path,
};
use crate::report::{RenderOptions, Report};

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let value = to_value(report, options);
    serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn to_value(report: &Report, options: &RenderOptions) -> Value {
    let lang = options.lang;
    // GitLab drops issues with equal fingerprints; two identical findings (the same
    // header twice in a row, say) stay distinct through an occurrence counter.
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut issues = Vec::new();
    for file in &report.files {
        let path = slash_path(&file.path);
        let spreadsheet = is_spreadsheet(file);
        for f in &file.findings {
            let base = finding_fingerprint(&file.path, f, "");
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 {
                base
            } else {
                finding_fingerprint(&file.path, f, &n.to_string())
            };
            let line = if spreadsheet { f.row } else { f.line.or(f.row) };
            let mut description = message_with_suggestion(f, lang);
            if let Some(h) = &f.header {
                description = format!("{h}: {description}");
            }
            if let Some(cell) = &f.cell {
                description.push_str(&format!(" ({cell})"));
            }
            issues.push(json!({
                "type": "issue",
                "description": description,
                "check_name": f.code.as_str(),
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint,
                "severity": severity(f.severity),
                "location": {
                    "path": path,
                    "lines": {"begin": line.unwrap_or(1).max(1)},
                },
            }));
        }
    }
    Value::Array(issues)
}
