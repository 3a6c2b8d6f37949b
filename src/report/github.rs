//! GitHub Actions workflow commands (`::error file=…,line=…::message`) and a Markdown job
//! summary. GitHub shows at most 10 error and 10 warning annotations per step, so the
//! rest are counted in one `::notice::`.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use crate::finding::{Finding, Severity};
use crate::report::common::{
    code_counts, describe, is_spreadsheet, label, message_with_suggestion, report_path,
};
use crate::report::{FileReport, RenderOptions, Report};
use crate::text::count;

/// Annotations GitHub keeps per step and severity.
pub const MAX_ANNOTATIONS: usize = 10;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

const L_MORE: (&str, &str) = (
    "govdict：另有 {errors} 个错误和 {warnings} 个警告未作为注释显示（GitHub 每步最多显示 10 个），完整列表见报告",
    "govdict: {errors} more errors and {warnings} more warnings not annotated (GitHub shows at most 10 of each per step); see the full report",
);

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = options.lang;
    let mut text = String::new();
    let (mut errors, mut warnings) = (0usize, 0usize);
    for file in &report.files {
        for f in &file.findings {
            let counter = match f.severity {
                Severity::Error => &mut errors,
                Severity::Warning | Severity::Info => &mut warnings,
            };
            *counter += 1;
            if *counter <= MAX_ANNOTATIONS {
                annotation(&mut text, file, f, options);
            }
        }
    }
    // Count the unlisted findings too (cut by --max-findings): the tallies are complete.
    let summary = report.summary();
    let shown_errors = errors.min(MAX_ANNOTATIONS) as u64;
    let shown_warnings = warnings.min(MAX_ANNOTATIONS) as u64;
    let more_errors = summary.errors.max(errors as u64) - shown_errors;
    let more_warnings = summary.warnings.max(warnings as u64) - shown_warnings;
    if more_errors > 0 || more_warnings > 0 {
        let msg = label(&L_MORE, lang)
            .replace("{errors}", &more_errors.to_string())
            .replace("{warnings}", &more_warnings.to_string());
        let _ = writeln!(text, "::notice title=govdict::{}", escape_data(&msg));
    }
    out.write_all(text.as_bytes())
}

fn annotation(out: &mut String, file: &FileReport, f: &Finding, options: &RenderOptions) {
    let lang = options.lang;
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = format!(
        "file={}",
        escape_property(&report_path(&file.path, options.paths.as_ref()))
    );
    let line = if is_spreadsheet(file) {
        f.row
    } else {
        f.line.or(f.row)
    };
    // No `col=`: GitHub reads it as a character position in the line, and a finding's
    // column is a CSV field or a spreadsheet column, not a character; the cell (`N3`)
    // ends the message instead. Likewise SARIF gives no `startColumn`.
    if let Some(line) = line.filter(|&l| l >= 1) {
        let _ = write!(props, ",line={line}");
    }
    let title = match &f.header {
        Some(h) => format!("{} [{h}]", f.code),
        None => f.code.as_str().to_owned(),
    };
    let _ = write!(props, ",title={}", escape_property(&title));
    let mut msg = message_with_suggestion(f, lang);
    if let Some(cell) = &f.cell {
        let _ = write!(msg, " ({cell})");
    }
    let _ = writeln!(out, "::{command} {props}::{}", escape_data(&msg));
}

const L_TITLE: (&str, &str) = ("govdict 校验结果", "govdict validation");
const L_HEAD: (&str, &str) = (
    "| 代码 | 级别 | 数量 | 说明 |",
    "| code | severity | count | description |",
);
const L_NONE: (&str, &str) = ("没有发现问题。", "No findings.");
const L_TOTAL: (&str, &str) = (
    "共 {files} 个文件，{rows} 行，{errors} 个错误，{warnings} 个警告",
    "{files}, {rows}, {errors}, {warnings}",
);
const L_FILE: (&str, &str) = ("数据集 {dataset}，{rows} 行", "dataset {dataset}, {rows}");

/// Escapes text for a Markdown table cell: no HTML, no table breaks, one line.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Renders the Markdown job summary: totals, then a table of counts per file.
pub fn render_step_summary(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = options.lang;
    let s = report.summary();
    let mut md = String::new();
    let _ = writeln!(md, "## {}\n", label(&L_TITLE, lang));
    let _ = writeln!(
        md,
        "{} · {} {}\n",
        label(&L_TOTAL, lang)
            .replace("{files}", &count(lang, s.files, "file", "files"))
            .replace("{rows}", &count(lang, s.rows, "row", "rows"))
            .replace("{errors}", &count(lang, s.errors, "error", "errors"))
            .replace(
                "{warnings}",
                &count(lang, s.warnings, "warning", "warnings")
            ),
        md_cell(&report.dictionary.id),
        md_cell(&report.dictionary.version),
    );
    for file in &report.files {
        let _ = write!(
            md,
            "### {}",
            md_cell(&report_path(&file.path, options.paths.as_ref()))
        );
        if let Some(sheet) = &file.sheet {
            let _ = write!(md, " [{}]", md_cell(sheet));
        }
        let _ = writeln!(
            md,
            "\n\n{}\n",
            label(&L_FILE, lang)
                .replace(
                    "{dataset}",
                    &md_cell(file.dataset.as_deref().unwrap_or("-"))
                )
                .replace("{rows}", &count(lang, file.rows, "row", "rows"))
        );
        let counts = code_counts(file);
        if counts.is_empty() {
            let _ = writeln!(md, "{}\n", label(&L_NONE, lang));
            continue;
        }
        let _ = writeln!(md, "{}\n|---|---|---:|---|", label(&L_HEAD, lang));
        for c in &counts {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} |",
                c.code,
                c.severity.as_str(),
                c.count,
                md_cell(&describe(&c.code, lang))
            );
        }
        md.push('\n');
    }
    out.write_all(md.as_bytes())
}

/// Appends the Markdown job summary to `path` (the file `$GITHUB_STEP_SUMMARY` names;
/// the caller reads the variable).
pub fn write_step_summary(report: &Report, options: &RenderOptions, path: &Path) -> io::Result<()> {
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    let mut buf = Vec::new();
    render_step_summary(report, options, &mut buf)?;
    file.write_all(&buf)
}
