//! A self-contained HTML report a data steward can open or e-mail: inline CSS, inline SVG
//! charts, no scripts and no network assets (a Content-Security-Policy forbids them).
//! An overview lists every file with its status; codes always stand beside words.
//! Accessible: landmarks (`header`, `nav`, `main`), text contrast of at least 4.5:1, and
//! severities in words, not only in colour.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::finding::{Finding, Severity};
use crate::report::common::{
    code_counts, column_header, describe, first_row_text, is_spreadsheet, label, location,
    markup_escape as esc,
};
use crate::report::{FileReport, RenderOptions, Report};
use crate::text::Lang;

/// Findings shown per file; the counts above the table are complete.
pub const MAX_ROWS: usize = 500;

type L = (&'static str, &'static str);
const L_TITLE: L = ("政务数据元校验报告", "Data element validation report");
const L_DICT: L = ("数据元目录", "Dictionary");
const L_SOURCE: L = ("目录来源", "Read from");
const L_VERSION: L = ("版本", "Version");
const L_TOOL: L = ("工具", "Tool");
const L_FILES: L = ("文件", "Files");
const L_ROWS: L = ("行数", "Rows");
const L_ERRORS: L = ("错误", "Errors");
const L_WARNINGS: L = ("警告", "Warnings");
const L_FORMAT: L = ("格式", "Format");
const L_ENCODING: L = ("编码", "Encoding");
const L_SHEET: L = ("工作表", "Sheet");
const L_DATASET: L = ("数据集", "Dataset");
const L_BY_COLUMN: L = ("各列错误数", "Errors per column");
const L_BY_CODE: L = ("各类问题数", "Findings per code");
const L_FINDINGS: L = ("问题列表", "Findings");
const L_LOCATION: L = ("位置", "Location");
const L_HEADER: L = ("表头", "Header");
const L_CODE: L = ("代码", "Code");
const L_MESSAGE: L = ("说明", "Message");
const L_VALUE: L = ("值", "Value");
const L_SUGGESTION: L = ("建议", "Suggestion");
const L_NONE: L = ("没有发现问题。", "No findings.");
const L_NO_COLUMN_ERRORS: L = ("没有列级错误。", "No errors in columns.");
const L_SEVERITY: L = ("级别", "Severity");
const L_OVERVIEW: L = ("文件一览", "Overview");
const L_FILE: L = ("文件", "File");
const L_STATUS: L = ("状态", "Status");
const L_FAILED: L = ("有错误", "errors");
const L_WARNED: L = ("仅有警告", "warnings only");
const L_PASSED: L = ("通过", "passed");
const L_ERROR: L = ("错误", "error");
const L_WARNING: L = ("警告", "warning");
const L_INFO: L = ("提示", "note");
const L_CUT: L = (
    "只列出 {shown} 条，共 {total} 条；以上计数完整。",
    "Showing {shown} of {total} findings; the counts above are complete.",
);

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2933;background:#fff}
h1{font-size:1.6rem;margin-bottom:.5rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:2px solid #d9e2ec;padding-bottom:.3rem;word-break:break-all}h3{font-size:1rem;color:#486581}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dl.facts dt{color:#486581}dl.facts dd{margin:0;word-break:break-all}
.hash{font-family:ui-monospace,monospace;font-size:.85em}
.badges span{display:inline-block;border-radius:1rem;padding:.15rem .7rem;margin-right:.5rem;font-weight:600}
.err{background:#fde8e8;color:#9b1c1c}.warn{background:#fdf6b2;color:#723b13}.ok{background:#def7ec;color:#03543f}
.status{border-radius:1rem;padding:0 .5rem;font-weight:600;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:2rem}.charts figure{margin:0}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.5rem}th,td{border:1px solid #d9e2ec;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f0f4f8;white-space:nowrap}td.mono,td code{white-space:nowrap}tr.error td:first-child{border-left:4px solid #e02424}tr.warning td:first-child{border-left:4px solid #e3a008}
code,.mono{font-family:ui-monospace,monospace}.note{color:#486581;font-style:italic}
nav table{width:auto}td.num{text-align:right}.desc{display:block;font-size:.85em;color:#334e68}
@media print{body{margin:0}}";

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = options.lang;
    let l = |t: &L| label(t, lang);
    let s = report.summary();
    let mut h = String::new();
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · {} {}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n",
        l(&L_TITLE),
        esc(&report.dictionary.id),
        esc(&report.dictionary.version)
    );
    let _ = writeln!(
        h,
        "<header>\n<h1>{}</h1>\n<dl class=\"facts\">",
        l(&L_TITLE)
    );
    fact(&mut h, l(&L_DICT), &esc(&report.dictionary.id));
    fact(&mut h, l(&L_VERSION), &esc(&report.dictionary.version));
    if let Some(source) = &report.dictionary.source {
        let d = &report.dictionary;
        fact(
            &mut h,
            l(&L_SOURCE),
            &esc(&source.line(&d.id, &d.version, lang)),
        );
    }
    fact(
        &mut h,
        "SHA-256",
        &format!(
            "<span class=\"hash\">{}</span>",
            esc(&report.dictionary.sha256)
        ),
    );
    fact(
        &mut h,
        l(&L_TOOL),
        &format!("govdict {}", esc(&report.tool_version)),
    );
    fact(&mut h, l(&L_FILES), &s.files.to_string());
    fact(&mut h, l(&L_ROWS), &s.rows.to_string());
    h.push_str("</dl>\n");
    badges(&mut h, s.errors, s.warnings, lang);
    h.push_str("</header>\n");
    overview(&mut h, report, lang);
    h.push_str("<main>\n");
    for (index, file) in report.files.iter().enumerate() {
        render_file(&mut h, index, file, lang);
    }
    h.push_str("</main>\n</body>\n</html>\n");
    out.write_all(h.as_bytes())
}

/// The file's status in words, with the class that colours it.
fn status(file: &FileReport, lang: Lang) -> (&'static str, &'static str) {
    if file.tally.errors > 0 {
        ("err", label(&L_FAILED, lang))
    } else if file.tally.warnings > 0 {
        ("warn", label(&L_WARNED, lang))
    } else {
        ("ok", label(&L_PASSED, lang))
    }
}

/// A table of contents: every file with its status and counts, linked to its section.
fn overview(h: &mut String, report: &Report, lang: Lang) {
    let l = |t: &L| label(t, lang);
    let _ = writeln!(
        h,
        "<nav aria-labelledby=\"overview\">\n<h2 id=\"overview\">{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        l(&L_OVERVIEW),
        l(&L_FILE),
        l(&L_STATUS),
        l(&L_DATASET),
        l(&L_ROWS),
        l(&L_ERRORS),
        l(&L_WARNINGS),
    );
    for (index, file) in report.files.iter().enumerate() {
        let (class, word) = status(file, lang);
        let name = match &file.sheet {
            Some(sheet) => format!("{} [{sheet}]", file.path),
            None => file.path.clone(),
        };
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#file-{}\">{}</a></td><td><span class=\"status {class}\">{word}</span></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            index + 1,
            esc(&name),
            esc(file.dataset.as_deref().unwrap_or("-")),
            file.rows,
            file.tally.errors,
            file.tally.warnings,
        );
    }
    h.push_str("</tbody>\n</table>\n</nav>\n");
}

fn fact(h: &mut String, name: &str, value_html: &str) {
    let _ = writeln!(h, "<dt>{}</dt><dd>{value_html}</dd>", esc(name));
}

fn badges(h: &mut String, errors: u64, warnings: u64, lang: Lang) {
    let _ = writeln!(
        h,
        "<p class=\"badges\"><span class=\"{}\">{} {errors}</span><span class=\"{}\">{} {warnings}</span></p>",
        if errors > 0 { "err" } else { "ok" },
        label(&L_ERRORS, lang),
        if warnings > 0 { "warn" } else { "ok" },
        label(&L_WARNINGS, lang),
    );
}

fn render_file(h: &mut String, index: usize, file: &FileReport, lang: Lang) {
    let l = |t: &L| label(t, lang);
    let _ = writeln!(
        h,
        "<section id=\"file-{}\" aria-labelledby=\"file-{}-title\">\n<h2 id=\"file-{}-title\">{}</h2>\n<dl class=\"facts\">",
        index + 1,
        index + 1,
        index + 1,
        esc(&file.path)
    );
    fact(
        h,
        "SHA-256",
        &format!("<span class=\"hash\">{}</span>", esc(&file.sha256)),
    );
    fact(h, l(&L_FORMAT), &esc(&file.format));
    let opt = |v: &Option<String>| v.as_deref().map(esc).unwrap_or_else(|| "-".to_owned());
    fact(h, l(&L_ENCODING), &opt(&file.encoding));
    if file.sheet.is_some() {
        fact(h, l(&L_SHEET), &opt(&file.sheet));
    }
    fact(h, l(&L_DATASET), &opt(&file.dataset));
    fact(h, l(&L_ROWS), &file.rows.to_string());
    h.push_str("</dl>\n");
    badges(h, file.tally.errors, file.tally.warnings, lang);
    let counts = code_counts(file);
    if counts.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", l(&L_NONE));
        return;
    }

    // Errors per column and per code, both from the full tally: complete even when the
    // list was cut.
    let column_bars: Vec<(String, u64, &str)> = file
        .tally
        .by_column
        .iter()
        .filter(|(_, c)| c.errors > 0)
        .map(|(col, c)| {
            let header = column_header(file, *col, c);
            (format!("{col} {header}"), c.errors, "#e02424")
        })
        .collect();
    let code_bars: Vec<(String, u64, &str)> = counts
        .iter()
        .map(|c| {
            let color = match c.severity {
                Severity::Error => "#e02424",
                _ => "#e3a008",
            };
            // Words beside the code; only the words are cut short.
            let room = CHART_LABEL.saturating_sub(c.code.chars().map(width).sum::<usize>() + 3);
            (
                format!("{} ({})", short(&describe(&c.code, lang), room), c.code),
                c.count,
                color,
            )
        })
        .collect();
    h.push_str("<div class=\"charts\">\n");
    let _ = writeln!(h, "<figure>\n<h3>{}</h3>", l(&L_BY_COLUMN));
    if column_bars.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", l(&L_NO_COLUMN_ERRORS));
    } else {
        bar_chart(h, l(&L_BY_COLUMN), &column_bars);
    }
    let _ = writeln!(h, "</figure>\n<figure>\n<h3>{}</h3>", l(&L_BY_CODE));
    bar_chart(h, l(&L_BY_CODE), &code_bars);
    h.push_str("</figure>\n</div>\n");

    let _ = writeln!(h, "<h3>{}</h3>\n<table>\n<thead><tr>", l(&L_FINDINGS));
    for t in [
        &L_LOCATION,
        &L_SEVERITY,
        &L_HEADER,
        &L_CODE,
        &L_MESSAGE,
        &L_VALUE,
        &L_SUGGESTION,
    ] {
        let _ = write!(h, "<th>{}</th>", l(t));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let spreadsheet = is_spreadsheet(file);
    for f in file.findings.iter().take(MAX_ROWS) {
        let loc = location(f, spreadsheet);
        let _ = writeln!(
            h,
            "<tr class=\"{}\"><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td><code>{}</code><span class=\"desc\">{}</span></td><td>{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
            f.severity.as_str(),
            esc(if loc.is_empty() { "-" } else { &loc }),
            l(match f.severity {
                Severity::Error => &L_ERROR,
                Severity::Warning => &L_WARNING,
                Severity::Info => &L_INFO,
            }),
            esc(f.header.as_deref().unwrap_or("")),
            esc(f.code.as_str()),
            esc(&describe(f.code.as_str(), lang)),
            esc(&message(f, lang)),
            esc(f.value.as_deref().unwrap_or("")),
            esc(f.suggestion.as_deref().unwrap_or("")),
        );
    }
    h.push_str("</tbody>\n</table>\n");
    let total: u64 = counts.iter().map(|c| c.count).sum();
    let shown = file.findings.len().min(MAX_ROWS) as u64;
    if total > shown {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l(&L_CUT)
                .replace("{shown}", &shown.to_string())
                .replace("{total}", &total.to_string())
        );
    }
    h.push_str("</section>\n");
}

/// The message, with the earlier row a duplicate repeats.
fn message(f: &Finding, lang: Lang) -> String {
    let m = f.message.get(lang);
    match (f.first_row, lang) {
        (Some(r), Lang::Zh) => format!("{m}（{}）", first_row_text(r, lang)),
        (Some(r), Lang::En) => format!("{m} ({})", first_row_text(r, lang)),
        (None, _) => m.to_owned(),
    }
}

/// The width of chart labels, in units of [`width`].
const CHART_LABEL: usize = 42;

/// How wide a character is in a chart label: CJK and other wide characters take two
/// units of width, the rest one.
fn width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Shortens a chart label to `max` units of width (see [`width`]).
fn short(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().map(width).sum::<usize>() <= max {
        return one_line;
    }
    let mut t = String::new();
    let mut used = 1; // the ellipsis
    for c in one_line.chars() {
        used += width(c);
        if used > max {
            break;
        }
        t.push(c);
    }
    t.push('…');
    t
}

/// A horizontal bar chart as inline SVG; each bar carries its full label as a tooltip.
fn bar_chart(h: &mut String, title: &str, bars: &[(String, u64, &str)]) {
    const LABEL_W: u64 = 270;
    const BAR_W: u64 = 260;
    const ROW_H: u64 = 24;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let height = ROW_H * bars.len() as u64 + 8;
    let width = LABEL_W + BAR_W + 70;
    let _ = writeln!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-size=\"12\">",
        esc(title)
    );
    for (i, (name, n, color)) in bars.iter().enumerate() {
        let y = 4 + ROW_H * i as u64;
        let w = (BAR_W * n / max).max(2);
        let _ = writeln!(
            h,
            "<g><title>{}: {n}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#334e68\">{}</text><rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{w}\" height=\"{}\" rx=\"3\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" fill=\"#1f2933\">{n}</text></g>",
            esc(name),
            LABEL_W - 6,
            y + 15,
            esc(&short(name, CHART_LABEL)),
            ROW_H - 6,
            LABEL_W + w + 6,
            y + 15,
        );
    }
    h.push_str("</svg>\n");
}
