//! The Excel catalogue: the form committees circulate, one row per element in the
//! attribute-template layout of GB/T 19488.1 (as used in GA/T 543: 内部标识符, 中文名称,
//! 中文全拼, 标识符, 版本, 同义名称, 定义, 对象类词, 特性词, 表示词, 数据类型, 表示格式,
//! 值域, 关系, 计量单位, 状态, 提交机构, 批准日期, 备注), with 英文名称 (a basic attribute of
//! DB33/T 2426) and 敏感级别 (one of its extension attributes) added.
//!
//! Sheets: 数据元 (the template), 代码表 (every value of every code list), 数据集 (the
//! fields of every dataset) and 说明 (the release and what the workbook cannot express,
//! also written into the workbook's comment property). Every text cell passes through
//! [`crate::formula::neutralize_text`], so none runs as a formula.

use rust_xlsxwriter::{DocProperties, Format, Note, Workbook, Worksheet, XlsxError};

use super::ExportError;
use crate::dictionary::lookup::pinyin_of;
use crate::dictionary::{DataType, Dictionary, Element, Personal, Status};
use crate::formula::neutralize_text;
use crate::text::Text;

/// The template's columns: (Chinese header, English name).
pub const COLUMNS: [(&str, &str); 21] = [
    ("内部标识符", "internal identifier"),
    ("中文名称", "Chinese name"),
    ("英文名称", "English name"),
    ("中文全拼", "full pinyin"),
    ("标识符", "identifier (pinyin initials)"),
    ("版本", "version (the release that introduced it)"),
    ("同义名称", "synonyms"),
    ("定义", "definition"),
    ("对象类词", "object class term"),
    ("特性词", "property term"),
    ("表示词", "representation term"),
    ("数据类型", "data type"),
    ("表示格式", "format"),
    ("值域", "value domain"),
    ("关系", "relation"),
    ("计量单位", "unit of measure"),
    ("状态", "registration status"),
    ("提交机构", "submitting organisation"),
    ("批准日期", "approval date"),
    ("备注", "remarks"),
    ("敏感级别", "classification level"),
];

/// Columns of the code-list sheet.
const CODE_COLUMNS: [(&str, &str); 6] = [
    ("代码表标识", "code list id"),
    ("代码表名称", "code list name"),
    ("代码", "code"),
    ("名称", "name"),
    ("英文名称", "English name"),
    ("常见非标准写法", "common non-standard spellings"),
];

/// Columns of the dataset sheet.
const DATASET_COLUMNS: [(&str, &str); 7] = [
    ("数据集标识", "dataset id"),
    ("数据集名称", "dataset name"),
    ("内部标识符", "element id"),
    ("标准表头", "standard header"),
    ("必填", "required"),
    ("唯一", "unique"),
    ("主键", "primary key"),
];

/// Code lists with more values than this are referred to the code-list sheet in 值域.
const INLINE_CODES: usize = 12;

/// What the catalogue cannot express.
pub fn limits() -> Vec<Text> {
    vec![
        Text::new(
            "规则与表示格式只以名称和记法给出，不附正则表达式；自定义模式原样写入备注",
            "rules and formats are given by name and notation, without their regular expressions; custom patterns are copied into 备注 as written",
        ),
        Text::new(
            "批准日期：词典只记录引入数据元的版本，只有本版引入的数据元填写本版发布日期",
            "approval date: the dictionary records only the version that introduced an element, so only elements introduced in this release carry its release date",
        ),
        Text::new(
            "以 = + - @ 开头的单元格前加了 '，以免被当作公式执行",
            "cells starting with = + - @ carry a leading ' so that they never run as formulas",
        ),
    ]
}

/// The workbook of the whole dictionary.
pub fn workbook(dict: &Dictionary) -> Result<Vec<u8>, ExportError> {
    build(dict).map_err(|e| {
        ExportError::new(
            format!("无法生成 Excel 目录：{e}"),
            format!("cannot write the Excel catalogue: {e}"),
        )
    })
}

fn build(dict: &Dictionary) -> Result<Vec<u8>, XlsxError> {
    let m = &dict.manifest;
    let notes = limits();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {} 数据元目录 / catalogue", m.name, m.version))
            .set_subject(format!("{}@{}", m.id, m.version))
            .set_comment(format!(
                "未能表达 / Not expressed: {}",
                super::notes_text(&notes)
            )),
    );
    let bold = Format::new().set_bold();

    let sheet = book.add_worksheet().set_name("数据元")?;
    header(sheet, &COLUMNS, &bold)?;
    for (i, e) in dict.elements.iter().enumerate() {
        row(sheet, i + 1, &element_row(dict, e))?;
    }
    sheet.set_column_width(7, 40)?;
    sheet.set_column_width(13, 40)?;

    let sheet = book.add_worksheet().set_name("代码表")?;
    header(sheet, &CODE_COLUMNS, &bold)?;
    let mut r = 1;
    for c in &dict.codelists {
        for v in &c.values {
            let cells = [
                c.id.clone(),
                c.name.clone(),
                v.code.clone(),
                v.name.clone(),
                v.name_en.clone().unwrap_or_default(),
                v.aliases.join("、"),
            ];
            row(sheet, r, &cells)?;
            r += 1;
        }
    }

    let sheet = book.add_worksheet().set_name("数据集")?;
    header(sheet, &DATASET_COLUMNS, &bold)?;
    let mut r = 1;
    for d in &dict.datasets {
        for f in &d.fields {
            let yes = |b: bool| if b { "是" } else { "" }.to_owned();
            let cells = [
                d.id.clone(),
                d.name.clone(),
                f.element.clone(),
                dict.element(&f.element)
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
                yes(f.required),
                yes(f.unique),
                yes(d.primary_key.contains(&f.element)),
            ];
            row(sheet, r, &cells)?;
            r += 1;
        }
    }

    let sheet = book.add_worksheet().set_name("说明")?;
    let about = [
        ("词典 / Dictionary", format!("{} ({})", m.name, m.id)),
        ("版本 / Version", m.version.clone()),
        (
            "发布日期 / Released",
            m.released.clone().unwrap_or_default(),
        ),
        (
            "注册机构 / Authority",
            m.authority.clone().unwrap_or_default(),
        ),
        ("许可 / Licence", m.license.clone().unwrap_or_default()),
        ("SHA-256", dict.sha256.clone()),
    ];
    for (i, (k, v)) in about.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, *k, &bold)?;
        sheet.write_string(i as u32, 1, neutralize_text(v.clone()))?;
    }
    let start = about.len() as u32 + 1;
    sheet.write_string_with_format(start, 0, "未能表达 / Not expressed", &bold)?;
    for (i, n) in notes.iter().enumerate() {
        let r = start + 1 + i as u32;
        sheet.write_string(r, 0, n.zh.as_str())?;
        sheet.write_string(r, 1, n.en.as_str())?;
    }
    sheet.set_column_width(0, 50)?;
    sheet.set_column_width(1, 60)?;
    book.save_to_buffer()
}

fn header(sheet: &mut Worksheet, columns: &[(&str, &str)], bold: &Format) -> Result<(), XlsxError> {
    for (i, (zh, en)) in columns.iter().enumerate() {
        let col = i as u16;
        sheet.write_string_with_format(0, col, *zh, bold)?;
        sheet.insert_note(0, col, &Note::new(*en).set_author("govdict"))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn row(sheet: &mut Worksheet, r: usize, cells: &[String]) -> Result<(), XlsxError> {
    let r = u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)?;
    for (i, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            sheet.write_string(r, i as u16, neutralize_text(v.clone()))?;
        }
    }
    Ok(())
}

/// The cells of one element, in [`COLUMNS`] order, as the dictionary holds them (before
/// neutralising).
pub fn element_row(dict: &Dictionary, e: &Element) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let approved = match (&e.since, &dict.manifest.released) {
        (Some(since), Some(date)) if *since == dict.manifest.version => date.clone(),
        _ => String::new(),
    };
    vec![
        e.id.clone(),
        e.name.clone(),
        opt(&e.name_en),
        pinyin_of(&e.name).0,
        opt(&e.identifier),
        opt(&e.since),
        e.synonyms.join("、"),
        opt(&e.definition),
        opt(&e.object_class),
        opt(&e.property),
        opt(&e.representation),
        type_name(e.data_type).to_owned(),
        e.format.as_ref().map(|f| f.to_string()).unwrap_or_default(),
        value_domain(dict, e),
        e.superseded_by
            .as_ref()
            .map(|id| format!("被 {id} 替代"))
            .unwrap_or_default(),
        opt(&e.unit),
        status_name(e.status).to_owned(),
        opt(&e.submitter),
        approved,
        remarks(e),
        level_of(dict, e),
    ]
}

/// Data types as GB/T 19488.1 names them.
pub fn type_name(t: DataType) -> &'static str {
    match t {
        DataType::String => "字符型",
        DataType::Integer => "整数型",
        DataType::Decimal => "数值型",
        DataType::Boolean => "布尔型",
        DataType::Date => "日期型",
        DataType::DateTime => "日期时间型",
        DataType::Time => "时间型",
        DataType::Code => "代码型",
    }
}

/// Registration statuses (ISO/IEC 11179-6) in Chinese.
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Candidate => "候选",
        Status::Recorded => "已记录",
        Status::Qualified => "合格",
        Status::Standard => "标准",
        Status::Preferred => "首选标准",
        Status::Retired => "已废止",
        Status::Superseded => "已替代",
    }
}

/// 值域: the code list (its values when few), the rule's standard, the bounds.
fn value_domain(dict: &Dictionary, e: &Element) -> String {
    let mut parts = Vec::new();
    if let Some(list) = dict.codelist_of(e) {
        let mut s = format!("{} {}", list.id, list.name);
        if list.values.len() <= INLINE_CODES {
            let values: Vec<String> = list
                .values
                .iter()
                .map(|v| format!("{} {}", v.code, v.name))
                .collect();
            s.push_str(&format!("：{}", values.join("；")));
        } else {
            s.push_str(&format!(
                "（共 {} 个值，见“代码表”工作表）",
                list.values.len()
            ));
        }
        parts.push(s);
    }
    if let Some(rule) = e.rule {
        parts.push(format!("符合 {}（规则 {rule}）", rule.standard()));
    }
    match (&e.min, &e.max) {
        (Some(lo), Some(hi)) => parts.push(format!("{lo} 至 {hi}")),
        (Some(lo), None) => parts.push(format!("不小于 {lo}")),
        (None, Some(hi)) => parts.push(format!("不大于 {hi}")),
        (None, None) => {}
    }
    parts.join("；")
}

/// 备注: personal information, masking and a custom pattern.
fn remarks(e: &Element) -> String {
    let mut parts = Vec::new();
    match e.personal {
        Personal::Sensitive => parts.push("敏感个人信息".to_owned()),
        Personal::Personal => parts.push("个人信息".to_owned()),
        Personal::None => {}
    }
    if let Some(p) = e.pattern_text() {
        parts.push(format!("模式 {p}"));
    }
    parts.join("；")
}

fn level_of(dict: &Dictionary, e: &Element) -> String {
    let Some(level) = &e.classification else {
        return String::new();
    };
    match dict
        .manifest
        .classification
        .iter()
        .find(|l| &l.level == level)
    {
        Some(l) => format!("{} {}", l.level, l.name),
        None => level.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_follows_the_template() {
        let dict = crate::dictionary::load(None).unwrap();
        let e = dict.element("DE00001").unwrap();
        let cells = element_row(&dict, e);
        assert_eq!(cells.len(), COLUMNS.len());
        let cell = |h: &str| &cells[COLUMNS.iter().position(|(zh, _)| *zh == h).unwrap()];
        assert_eq!(cell("中文名称"), "公民身份号码");
        assert_eq!(cell("中文全拼"), "gongminshenfenhaoma");
        assert_eq!(cell("数据类型"), "字符型");
        assert!(cell("值域").contains("GB 11643"), "{}", cell("值域"));
        assert_eq!(cell("状态"), "标准");
    }
}
