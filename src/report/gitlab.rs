//! GitLab Code Quality report: a JSON array of issues shown in merge requests.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::finding::Severity;
use crate::report::common::{
    fingerprint, is_spreadsheet, message_with_suggestion, more_text, report_path, Fingerprints,
};
use crate::report::{RenderOptions, Report};
use crate::text::Text;

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
    // GitLab drops issues with equal fingerprints and matches them between pipelines to
    // tell new findings from fixed ones.
    let mut fingerprints = Fingerprints::default();
    let mut issues = Vec::new();
    for file in &report.files {
        let path = report_path(&file.path, options.paths.as_ref());
        let spreadsheet = is_spreadsheet(file);
        for f in &file.findings {
            let fingerprint = fingerprints.next(&path, file, f);
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
        let total: u64 = file.tally.by_code.values().sum();
        let listed = file.findings.len() as u64;
        if file.truncated || total > listed {
            // A cut list says so, or a merge request would show a file as nearly clean.
            issues.push(json!({
                "type": "issue",
                "description": format!(
                    "{} {}",
                    more_text(total.saturating_sub(listed)).get(lang),
                    Text::new(
                        "（未列出的发现见完整报告，计数完整）",
                        "(findings not listed; the full report has complete counts)"
                    )
                    .get(lang)
                ),
                "check_name": "truncated",
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint(&[&path, file.sheet.as_deref().unwrap_or(""), "truncated"]),
                "severity": "info",
                "location": {"path": path, "lines": {"begin": 1}},
            }));
        }
    }
    Value::Array(issues)
}
