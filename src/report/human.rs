//! The terminal report: findings grouped per file, a summary table per file and a final
//! line with totals. Colour only when asked; user text is sanitised so that a header or
//! value cannot send escape sequences to the terminal.

use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};

use crate::finding::{Finding, Severity};
use crate::report::common::{
    code_counts, column_header, describe, first_row_text, is_spreadsheet, label, location,
    more_text, suggestion_to_show, L_SUGGEST,
};
use crate::report::{FileReport, RenderOptions, Report};
use crate::text::{count, Lang};

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

const L_ROWS: (&str, &str) = ("{} 行", "{}");
const L_NO_FINDINGS: (&str, &str) = ("  没有发现问题", "  no findings");
const L_TRUNCATED: (&str, &str) = (
    "  （只列出 {shown} 条；下表计数完整）",
    "  (only {shown} listed; the counts below are complete)",
);
const L_BY_CODE: [(&str, &str); 4] = [
    ("代码", "code"),
    ("级别", "severity"),
    ("数量", "count"),
    ("说明", "description"),
];
const L_BY_COLUMN: [(&str, &str); 3] = [("列", "column"), ("错误", "errors"), ("警告", "warnings")];
const L_ERROR: (&str, &str) = ("错误", "error");
const L_WARNING: (&str, &str) = ("警告", "warning");
const L_INFO: (&str, &str) = ("提示", "info");
const L_TOTAL: (&str, &str) = (
    "合计：{files} 个文件，{rows} 行，{errors} 个错误，{warnings} 个警告",
    "total: {files}, {rows}, {errors}, {warnings}",
);
const L_TOTAL_CUT: (&str, &str) = ("（列表已截断）", " (lists truncated)");

/// Replaces control characters (escape sequences, line breaks) by visible escapes.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => label(&L_ERROR, lang),
        Severity::Warning => label(&L_WARNING, lang),
        Severity::Info => label(&L_INFO, lang),
    }
}

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = options.lang;
    let p = Painter {
        color: options.color,
    };
    let mut text = String::new();
    if let Some(source) = &report.dictionary.source {
        let d = &report.dictionary;
        let line = source.line(&d.id, &d.version, lang);
        let _ = writeln!(text, "{}\n", p.paint(DIM, &clean(&line)));
    }
    for file in &report.files {
        render_file(&mut text, file, lang, &p);
    }
    let s = report.summary();
    let mut total = label(&L_TOTAL, lang)
        .replace("{files}", &count(lang, s.files, "file", "files"))
        .replace("{rows}", &count(lang, s.rows, "row", "rows"))
        .replace("{errors}", &count(lang, s.errors, "error", "errors"))
        .replace(
            "{warnings}",
            &count(lang, s.warnings, "warning", "warnings"),
        );
    if s.truncated {
        total.push_str(label(&L_TOTAL_CUT, lang));
    }
    let style = if s.errors > 0 {
        RED
    } else if s.warnings > 0 {
        YELLOW
    } else {
        BOLD
    };
    let _ = writeln!(text, "{}", p.paint(style, &total));
    out.write_all(text.as_bytes())
}

fn render_file(text: &mut String, file: &FileReport, lang: Lang, p: &Painter) {
    let mut title = clean(&file.path);
    if let Some(sheet) = &file.sheet {
        let _ = write!(title, " [{}]", clean(sheet));
    }
    let mut facts = vec![file.format.clone()];
    facts.extend(file.encoding.iter().cloned());
    facts.extend(file.dataset.iter().cloned());
    facts.push(label(&L_ROWS, lang).replace("{}", &count(lang, file.rows, "row", "rows")));
    let _ = writeln!(
        text,
        "{}  {}",
        p.paint(BOLD, &title),
        p.paint(DIM, &clean(&facts.join(" · ")))
    );
    if file.findings.is_empty() && file.tally.by_code.is_empty() {
        let _ = writeln!(text, "{}\n", label(&L_NO_FINDINGS, lang));
        return;
    }
    let spreadsheet = is_spreadsheet(file);
    let width = file
        .findings
        .iter()
        .map(|f| location(f, spreadsheet).len())
        .max()
        .unwrap_or(1)
        .max(1);
    for f in &file.findings {
        let loc = match location(f, spreadsheet) {
            l if l.is_empty() => "-".to_owned(),
            l => l,
        };
        let _ = writeln!(text, "{}", finding_line(f, &loc, width, lang, p));
    }
    let listed = file.findings.len() as u64;
    let total: u64 = file.tally.by_code.values().sum();
    if file.truncated || total > listed {
        let _ = writeln!(
            text,
            "{}",
            p.paint(
                DIM,
                &label(&L_TRUNCATED, lang).replace("{shown}", &listed.to_string())
            )
        );
        if total > listed {
            let _ = writeln!(text, "  {}", more_text(total - listed).get(lang));
        }
    }
    text.push('\n');
    let _ = writeln!(text, "{}", code_table(file, lang));
    if let Some(t) = column_table(file, lang) {
        let _ = writeln!(text, "{t}");
    }
    text.push('\n');
}

fn finding_line(f: &Finding, loc: &str, width: usize, lang: Lang, p: &Painter) -> String {
    let code_style = match f.severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Info => DIM,
    };
    let mut line = format!("  {loc:<width$}  ");
    if let Some(h) = &f.header {
        let _ = write!(line, "{}  ", clean(h));
    }
    let _ = write!(
        line,
        "{}  {}",
        p.paint(code_style, f.code.as_str()),
        clean(f.message.get(lang))
    );
    if let Some(v) = &f.value {
        let _ = write!(line, "  [{}]", clean(v));
    }
    if let Some(s) = suggestion_to_show(f, lang) {
        let _ = write!(
            line,
            "  {}",
            p.paint(BOLD, &format!("{}{}", label(&L_SUGGEST, lang), clean(s)))
        );
    }
    if let Some(r) = f.first_row {
        let _ = write!(line, "  ({})", first_row_text(r, lang));
    }
    line
}

fn new_table(headers: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_header(headers);
    t
}

fn code_table(file: &FileReport, lang: Lang) -> String {
    let mut t = new_table(L_BY_CODE.iter().map(|l| label(l, lang)).collect());
    for c in code_counts(file) {
        t.add_row(vec![
            c.code.clone(),
            severity_word(c.severity, lang).to_owned(),
            c.count.to_string(),
            describe(&c.code, lang),
        ]);
    }
    if let Some(col) = t.column_mut(2) {
        col.set_cell_alignment(CellAlignment::Right);
    }
    indent(&t.to_string())
}

/// Counts per column of every finding (complete even when the list was cut).
fn column_table(file: &FileReport, lang: Lang) -> Option<String> {
    let by_column = &file.tally.by_column;
    if by_column.is_empty() {
        return None;
    }
    let mut t = new_table(L_BY_COLUMN.iter().map(|l| label(l, lang)).collect());
    for (col, c) in by_column {
        t.add_row(vec![
            format!("{col} {}", clean(&column_header(file, *col, c))),
            c.errors.to_string(),
            c.warnings.to_string(),
        ]);
    }
    for i in [1, 2] {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    Some(indent(&t.to_string()))
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
