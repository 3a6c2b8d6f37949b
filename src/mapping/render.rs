//! Renderings of suggestions and crosswalks: YAML (the mapping file itself), CSV,
//! Markdown and XLSX. Every rendering shows the same table; renderers only format.

use std::io::{self, Write};

use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::crosswalk::{Crosswalk, Gap};
use super::suggest::{round2, SuggestedField, Suggestion};
use crate::formula::neutralize_text;

/// Column titles of the suggestion table: (machine key, Chinese, English).
const SUGGEST_COLUMNS: [(&str, &str, &str); 9] = [
    ("source", "源字段", "source"),
    ("element", "数据元", "element"),
    ("element_name", "数据元名称", "element name"),
    ("method", "匹配方式", "method"),
    ("confidence", "置信度", "confidence"),
    ("samples", "样例值", "samples"),
    ("values", "代码转换", "value map"),
    ("source_format", "源格式", "source format"),
    ("note", "备注", "note"),
];

fn value_map_cell(f: &SuggestedField) -> String {
    let Some(map) = &f.value_map else {
        return String::new();
    };
    let mut parts: Vec<String> = map
        .recodes
        .iter()
        .map(|(s, c)| format!("{s}→{c}"))
        .collect();
    parts.extend(map.unmappable.iter().map(|s| format!("{s}→?")));
    parts.join("; ")
}

fn notes_cell(f: &SuggestedField) -> String {
    f.notes
        .iter()
        .map(|t| format!("{} / {}", t.zh, t.en))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The cells of one row, in `SUGGEST_COLUMNS` order.
fn suggest_cells(f: &SuggestedField) -> [String; 9] {
    [
        f.source.clone(),
        f.element.clone().unwrap_or_default(),
        f.element_name.clone().unwrap_or_default(),
        f.method.map(|m| m.as_str().to_string()).unwrap_or_default(),
        if f.element.is_some() {
            format!("{:.2}", round2(f.confidence))
        } else {
            String::new()
        },
        f.samples.join(", "),
        value_map_cell(f),
        f.source_format.clone().unwrap_or_default(),
        notes_cell(f),
    ]
}

fn xlsx_err(e: XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

fn csv_err(e: csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// A row for a spreadsheet: no cell runs as a formula.
fn safe<const N: usize>(row: [String; N]) -> [String; N] {
    row.map(neutralize_text)
}

/// The suggestion as a mapping file (docs/spec.md §3), with comments for the person reviewing
/// it: how the dataset was chosen, and above each field the element's name and the next
/// best alternatives. Comments do not change what the file means.
pub fn render_yaml(s: &Suggestion, out: &mut dyn Write) -> io::Result<()> {
    let text = s
        .to_mapping_file()
        .to_yaml()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut comments = s.fields.iter().map(field_comment);
    let mut list_indent: Option<usize> = None;
    for line in dataset_comment(s) {
        writeln!(out, "# {line}")?;
    }
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("- source:") && list_indent.is_none_or(|i| i == indent) {
            list_indent = Some(indent);
            if let Some(c) = comments.next() {
                writeln!(out, "{}# {c}", " ".repeat(indent))?;
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One line, safe inside a YAML comment.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn dataset_comment(s: &Suggestion) -> Vec<String> {
    let Some(c) = &s.dataset_choice else {
        return Vec::new();
    };
    let runner = c.runner_up.as_deref().unwrap_or("-");
    let mut lines = vec![format!(
        "数据集按表头和内容自动选择：{}（领先 {runner} {:.2}）/ dataset chosen from the columns: {} (margin {:.2} over {runner})",
        c.dataset, c.margin, c.dataset, c.margin
    )];
    if c.guess {
        lines.push(
            "注意：证据不足，这是猜测，请用 --dataset 指定 / warning: the evidence is thin, this is a guess; name the dataset with --dataset"
                .to_string(),
        );
    }
    lines
}

fn field_comment(f: &SuggestedField) -> String {
    let name = f.element_name.as_deref().map_or_else(
        || "未对应 / unmapped".to_string(),
        |n| format!("{} ({:.2})", one_line(n), round2(f.confidence)),
    );
    if f.alternatives.is_empty() {
        return name;
    }
    let alts = f
        .alternatives
        .iter()
        .map(|a| format!("{} {} {:.2}", a.element, one_line(&a.name), a.confidence))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{name}; 备选 / alternatives: {alts}")
}

/// One row per source column; machine-readable English column keys.
pub fn render_csv(s: &Suggestion, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUGGEST_COLUMNS.iter().map(|c| c.0))
        .map_err(csv_err)?;
    for f in &s.fields {
        w.write_record(safe(suggest_cells(f))).map_err(csv_err)?;
    }
    w.flush()
}

/// Escapes a Markdown table cell.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn md_table<const N: usize>(
    out: &mut dyn Write,
    titles: [String; N],
    rows: &[[String; N]],
) -> io::Result<()> {
    writeln!(
        out,
        "| {} |",
        titles.iter().map(|t| md(t)).collect::<Vec<_>>().join(" | ")
    )?;
    writeln!(out, "|{}", "---|".repeat(N))?;
    for r in rows {
        writeln!(
            out,
            "| {} |",
            r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
        )?;
    }
    Ok(())
}

fn titles<const N: usize>(cols: &[(&str, &str, &str); N]) -> [String; N] {
    cols.map(|(_, zh, en)| format!("{zh} {en}"))
}

/// A Markdown table for review, with the dictionary and department above it.
pub fn render_markdown(s: &Suggestion, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# 字段映射建议 / Mapping suggestion\n")?;
    writeln!(out, "- 数据元目录 / dictionary: {}", md(&s.dictionary))?;
    if let Some(d) = &s.department {
        writeln!(out, "- 部门 / department: {}", md(d))?;
    }
    if let Some(d) = &s.dataset {
        writeln!(out, "- 数据集 / dataset: {}", md(d))?;
    }
    let unmatched = s.unmatched().count();
    writeln!(out, "- 未匹配字段 / unmatched columns: {unmatched}\n")?;
    let rows: Vec<[String; 9]> = s.fields.iter().map(suggest_cells).collect();
    md_table(out, titles(&SUGGEST_COLUMNS), &rows)
}

fn write_sheet<const N: usize>(
    sheet: &mut Worksheet,
    titles: [String; N],
    rows: &[[String; N]],
) -> Result<(), XlsxError> {
    let bold = CellFormat::new().set_bold();
    for (c, t) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, t, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r, c as u16, neutralize_text(cell.clone()))?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(())
}

/// An Excel workbook with the suggestion table.
pub fn render_xlsx(s: &Suggestion, out: &mut dyn Write) -> io::Result<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("mapping").map_err(xlsx_err)?;
    let rows: Vec<[String; 9]> = s.fields.iter().map(suggest_cells).collect();
    write_sheet(sheet, titles(&SUGGEST_COLUMNS), &rows).map_err(xlsx_err)?;
    let bytes = book.save_to_buffer().map_err(xlsx_err)?;
    out.write_all(&bytes)
}

/// Columns of the crosswalk table. Field rows leave the value columns empty; value rows
/// repeat their fields; gap rows leave the other side empty.
const CROSSWALK_COLUMNS: [(&str, &str, &str); 8] = [
    ("a_field", "A 字段", "A field"),
    ("element", "数据元", "element"),
    ("element_name", "数据元名称", "element name"),
    ("b_field", "B 字段", "B field"),
    ("a_value", "A 值", "A value"),
    ("code", "标准代码", "code"),
    ("b_value", "B 值", "B value"),
    ("note", "备注", "note"),
];

fn gap_row(g: &Gap, a_side: bool) -> [String; 8] {
    let note = match (&g.element, a_side) {
        (None, _) => "不共享 / not shared".to_string(),
        (Some(_), true) => "B 无对应字段 / no field in B".to_string(),
        (Some(_), false) => "A 无对应字段 / no field in A".to_string(),
    };
    let field = g.field.clone();
    let (a, b) = if a_side {
        (field, String::new())
    } else {
        (String::new(), field)
    };
    [
        a,
        g.element.clone().unwrap_or_default(),
        g.element_name.clone().unwrap_or_default(),
        b,
        String::new(),
        String::new(),
        String::new(),
        note,
    ]
}

fn crosswalk_rows(cw: &Crosswalk) -> Vec<[String; 8]> {
    let mut rows = Vec::new();
    for r in &cw.rows {
        let name = r.element_name.clone().unwrap_or_default();
        rows.push([
            r.a_field.clone(),
            r.element.clone(),
            name.clone(),
            r.b_field.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        for v in &r.values {
            let note = if v.ambiguous.is_empty() {
                String::new()
            } else {
                format!("B 有多个值 / ambiguous in B: {}", v.ambiguous.join(", "))
            };
            rows.push([
                r.a_field.clone(),
                r.element.clone(),
                name.clone(),
                r.b_field.clone(),
                v.a_value.clone(),
                v.code.clone(),
                v.b_value.clone(),
                note,
            ]);
        }
    }
    rows.extend(cw.only_a.iter().map(|g| gap_row(g, true)));
    rows.extend(cw.only_b.iter().map(|g| gap_row(g, false)));
    rows
}

pub fn render_crosswalk_csv(cw: &Crosswalk, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CROSSWALK_COLUMNS.iter().map(|c| c.0))
        .map_err(csv_err)?;
    for r in crosswalk_rows(cw) {
        w.write_record(safe(r)).map_err(csv_err)?;
    }
    w.flush()
}

pub fn render_crosswalk_markdown(cw: &Crosswalk, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# 字段对照 / Crosswalk\n")?;
    writeln!(
        out,
        "- A: {}",
        md(cw.a_department.as_deref().unwrap_or("-"))
    )?;
    writeln!(
        out,
        "- B: {}",
        md(cw.b_department.as_deref().unwrap_or("-"))
    )?;
    writeln!(out, "- 对应字段 / matched fields: {}", cw.rows.len())?;
    writeln!(
        out,
        "- 仅 A / only in A: {}; 仅 B / only in B: {}\n",
        cw.only_a.len(),
        cw.only_b.len()
    )?;
    md_table(out, titles(&CROSSWALK_COLUMNS), &crosswalk_rows(cw))
}

pub fn render_crosswalk_xlsx(cw: &Crosswalk, out: &mut dyn Write) -> io::Result<()> {
    let mut book = Workbook::new();
    let sheet = book
        .add_worksheet()
        .set_name("crosswalk")
        .map_err(xlsx_err)?;
    write_sheet(sheet, titles(&CROSSWALK_COLUMNS), &crosswalk_rows(cw)).map_err(xlsx_err)?;
    let bytes = book.save_to_buffer().map_err(xlsx_err)?;
    out.write_all(&bytes)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::mapping::test_support::{checker, dictionary};
    use crate::mapping::{crosswalk, suggest, MappingFile, SourceColumn, SuggestOptions};

    fn sample() -> Suggestion {
        let dict = dictionary();
        let check = checker(&dict);
        let c =
            |h: &str, v: &[&str]| SourceColumn::new(h, v.iter().map(|x| x.to_string()).collect());
        let cols = vec![
            c("XB", &["男", "女", "不详"]),
            c("sfzh", &["11010519491231002X"]),
            c("注册资本(元)", &["1,000"]),
            c("备|注", &["内部 | 使用"]),
        ];
        let options = SuggestOptions {
            department: Some("市税务局".into()),
            ..SuggestOptions::default()
        };
        suggest(&dict, &cols, &options, &check)
    }

    fn render(f: fn(&Suggestion, &mut dyn Write) -> io::Result<()>, s: &Suggestion) -> Vec<u8> {
        let mut out = Vec::new();
        f(s, &mut out).unwrap();
        out
    }

    #[test]
    fn yaml_is_a_valid_mapping_file() {
        let s = sample();
        let text = String::from_utf8(render(render_yaml, &s)).unwrap();
        let m = MappingFile::from_yaml(&text).unwrap();
        let xb = m.field("XB").unwrap();
        assert_eq!(xb.element.as_deref(), Some("DE00003"));
        assert_eq!(
            xb.values
                .as_ref()
                .and_then(|v| v.get("男"))
                .map(String::as_str),
            Some("1")
        );
        assert!(
            xb.note.as_deref().is_some_and(|n| n.contains("不详")),
            "{xb:?}"
        );
        let capital = m.field("注册资本(元)").unwrap();
        assert!(
            capital
                .note
                .as_deref()
                .is_some_and(|n| n.contains("unit differs")),
            "{capital:?}"
        );
        assert_eq!(m.department.as_deref(), Some("市税务局"));
        // And it satisfies the published schema.
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../schemas/mapping.schema.json")).unwrap();
        let instance: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&instance), "{text}");
        let bad = serde_json::json!({"mapping": {"fields": [{"source": "A", "elemnt": "X"}]}});
        assert!(!validator.is_valid(&bad));
    }

    #[test]
    fn csv_has_one_row_per_column_and_masks_sensitive_samples() {
        let s = sample();
        let bytes = render(render_csv, &s);
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(headers[0], "source");
        assert_eq!(headers.len(), 9);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(&rows[0][1], "DE00003");
        assert!(
            rows[0][6].contains("男→1") && rows[0][6].contains("不详→?"),
            "{:?}",
            &rows[0]
        );
        assert_eq!(&rows[1][1], "DE00001");
        assert_eq!(&rows[1][5], "110************02X");
        assert_eq!(&rows[2][7], "#,##0");
    }

    #[test]
    fn csv_and_xlsx_cells_never_run_as_formulas() {
        let dict = dictionary();
        let check = checker(&dict);
        let cols = vec![
            SourceColumn::new("=HYPERLINK(\"x\")", vec!["@SUM(1)".to_owned()]),
            SourceColumn::new("\t=1+1", vec!["-2+3".to_owned()]),
        ];
        let s = suggest(&dict, &cols, &SuggestOptions::default(), &check);
        let bytes = render(render_csv, &s);
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][0], "'=HYPERLINK(\"x\")");
        // Samples may be masked; they still start with the quote.
        assert!(rows[0][5].starts_with("'@"), "{:?}", &rows[0]);
        assert_eq!(&rows[1][0], "'\t=1+1");
        assert!(rows[1][5].starts_with("'-"), "{:?}", &rows[1]);
        let bytes = render(render_xlsx, &s);
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("mapping").unwrap();
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("'=HYPERLINK(\"x\")".into()))
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let text = String::from_utf8(render(render_markdown, &sample())).unwrap();
        assert!(text.contains("| 备\\|注 |"), "{text}");
        assert!(text.contains("市税务局"));
        // Header, separator and four rows.
        assert_eq!(text.lines().filter(|l| l.starts_with('|')).count(), 6);
    }

    #[test]
    fn xlsx_reads_back() {
        let bytes = render(render_xlsx, &sample());
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("mapping").unwrap();
        assert_eq!(
            range.get((0, 0)),
            Some(&Data::String("源字段 source".into()))
        );
        assert_eq!(range.get((1, 1)), Some(&Data::String("DE00003".into())));
        assert_eq!(range.height(), 5);
    }

    #[test]
    fn crosswalk_renderings() {
        let dict = dictionary();
        let a = MappingFile::from_yaml("mapping:\n  department: A局\n  fields:\n    - {source: XB, element: DE00003, values: {M: \"1\"}}\n    - {source: BZ, element: null}\n").unwrap();
        let b = MappingFile::from_yaml("mapping:\n  fields:\n    - {source: 性别, element: DE00003, values: {男: \"1\", 男性: \"1\"}}\n").unwrap();
        let cw = crosswalk(&dict, &a, &b);
        let mut out = Vec::new();
        render_crosswalk_csv(&cw, &mut out).unwrap();
        let mut r = csv::Reader::from_reader(out.as_slice());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let m = rows.iter().find(|r| &r[4] == "M").unwrap();
        assert_eq!((&m[5], &m[6]), ("1", "男"));
        assert!(m[7].contains("男性"));
        assert!(rows
            .iter()
            .any(|r| &r[0] == "BZ" && r[7].contains("not shared")));
        let mut out = Vec::new();
        render_crosswalk_markdown(&cw, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("A局") && text.contains("| XB | DE00003 | 性别 | 性别 |"),
            "{text}"
        );
        let mut out = Vec::new();
        render_crosswalk_xlsx(&cw, &mut out).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(out)).unwrap();
        let range = book.worksheet_range("crosswalk").unwrap();
        assert_eq!(range.height(), rows.len() + 1);
    }
}
