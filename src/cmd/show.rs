//! `govdict show`: the card of one element, code list or dataset. Everything is shown,
//! code list values included: this is metadata, not data, so nothing is masked.

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::{json, Value};

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{Format, ShowArgs};
use govdict::dictionary::lookup::{self, Target};
use govdict::dictionary::{CodeList, DataType, Dataset, Dictionary, Element, Personal, Status};
use govdict::text::{Lang, Text};

pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> CmdResult {
    let dict = ctx.dictionary()?;
    let Some(target) = lookup::find(&dict, &args.query) else {
        if let Some(listing) = Listing::named(&args.query) {
            return list(ctx, &dict, listing, args.format, out);
        }
        // A dataset or code list id with other separators or a typo first.
        let ids = dict
            .datasets
            .iter()
            .map(|d| d.id.as_str())
            .chain(dict.codelists.iter().map(|c| c.id.as_str()));
        let close = lookup::did_you_mean(&args.query, ids).and_then(|id| lookup::find(&dict, id));
        let mut suggestions: Vec<String> = close.iter().map(label).collect();
        for hit in lookup::search(&dict, &args.query, 5) {
            let l = label(&hit.target);
            if !suggestions.contains(&l) {
                suggestions.push(l);
            }
        }
        suggestions.truncate(5);
        let msg = Text::new(
            format!("没有找到 `{}`", args.query),
            format!("nothing is named `{}`", args.query),
        );
        let help = if suggestions.is_empty() {
            String::new()
        } else {
            match ctx.lang {
                Lang::Zh => format!("你是否要找：{}", suggestions.join("、")),
                Lang::En => format!("did you mean: {}", suggestions.join(", ")),
            }
        };
        let mut report = miette::miette!(code = "not-found", "{}", msg.get(ctx.lang));
        if !help.is_empty() {
            report = miette::miette!(code = "not-found", help = help, "{}", msg.get(ctx.lang));
        }
        return Err(Failure::Fatal(report));
    };
    match args.format {
        Format::Json => super::write_json(out, &target_json(&dict, &target))?,
        Format::Human => writeln!(out, "{}", card(&dict, &target, ctx.lang))?,
    }
    Ok(Outcome::Clean)
}

/// What `show datasets` and `show codelists` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Datasets,
    CodeLists,
}

impl Listing {
    fn named(query: &str) -> Option<Listing> {
        match query.trim().to_lowercase().as_str() {
            "datasets" | "dataset" | "数据集" => Some(Listing::Datasets),
            "codelists" | "codelist" | "code-lists" | "代码表" => Some(Listing::CodeLists),
            _ => None,
        }
    }
}

/// The datasets (id, names, element count) or code lists (id, names, value count).
fn list(
    ctx: &Context,
    dict: &Dictionary,
    listing: Listing,
    format: Format,
    out: &mut dyn Write,
) -> CmdResult {
    let rows: Vec<(&str, &str, Option<&str>, usize)> = match listing {
        Listing::Datasets => dict
            .datasets
            .iter()
            .map(|d| {
                (
                    d.id.as_str(),
                    d.name.as_str(),
                    d.name_en.as_deref(),
                    d.fields.len(),
                )
            })
            .collect(),
        Listing::CodeLists => dict
            .codelists
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.name.as_str(),
                    c.name_en.as_deref(),
                    c.values.len(),
                )
            })
            .collect(),
    };
    let count_key = match listing {
        Listing::Datasets => "elements",
        Listing::CodeLists => "values",
    };
    match format {
        Format::Json => {
            let items: Vec<Value> = rows
                .iter()
                .map(|(id, name, name_en, n)| {
                    json!({"id": id, "name": name, "name_en": name_en, count_key: n})
                })
                .collect();
            super::write_json(out, &Value::Array(items))?;
        }
        Format::Human => {
            writeln!(out, "{}", ctx.dictionary_line(dict))?;
            let count_head = match (listing, ctx.lang) {
                (Listing::Datasets, Lang::Zh) => "数据元数",
                (Listing::Datasets, Lang::En) => "elements",
                (Listing::CodeLists, Lang::Zh) => "代码数",
                (Listing::CodeLists, Lang::En) => "values",
            };
            let (id_head, name_head, en_head) = match ctx.lang {
                Lang::Zh => ("标识", "名称", "英文名称"),
                Lang::En => ("id", "name", "English name"),
            };
            let mut table = Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(vec![id_head, name_head, en_head, count_head]);
            for (id, name, name_en, n) in &rows {
                table.add_row(vec![
                    (*id).to_owned(),
                    (*name).to_owned(),
                    name_en.unwrap_or("").to_owned(),
                    n.to_string(),
                ]);
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(Outcome::Clean)
}

/// `DE00001 公民身份号码` and the like, for lists.
pub fn label(t: &Target<'_>) -> String {
    match t {
        Target::Element(e) => format!("{} {}", e.id, e.name),
        Target::CodeList(c) => format!("{} {}", c.id, c.name),
        Target::Dataset(d) => format!("{} {}", d.id, d.name),
    }
}

fn opt(v: &Option<String>) -> Value {
    v.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
}

pub fn element_json(dict: &Dictionary, e: &Element) -> Value {
    json!({
        "kind": "element",
        "id": e.id,
        "identifier": opt(&e.identifier),
        "name": e.name,
        "name_en": opt(&e.name_en),
        "synonyms": e.synonyms,
        "definition": opt(&e.definition),
        "object_class": opt(&e.object_class),
        "property": opt(&e.property),
        "representation": opt(&e.representation),
        "type": e.data_type.as_str(),
        "format": e.format.as_ref().map(|f| f.to_string()),
        "derived_format": derived_format(dict, e),
        "rule": e.rule.map(|r| r.as_str()),
        "rule_severity": e.rule_severity.map(|s| s.as_str()),
        "codelist": opt(&e.codelist),
        "pattern": e.pattern_text(),
        "min": opt(&e.min),
        "max": opt(&e.max),
        "unit": opt(&e.unit),
        "classification": opt(&e.classification),
        "personal": e.personal.as_str(),
        "status": e.status.as_str(),
        "superseded_by": opt(&e.superseded_by),
        "submitter": opt(&e.submitter),
        "since": opt(&e.since),
        "masked": dict.is_masked(e),
        "values": dict.codelist_of(e).map(codelist_values),
        "file": e.origin.file.to_string_lossy(),
        "line": e.origin.line,
    })
}

/// The format a code element's values have, derived from its code list (a code element
/// carries no format of its own: the list is its value domain).
fn derived_format(dict: &Dictionary, e: &Element) -> Option<String> {
    if e.format.is_some() {
        return None;
    }
    dict.codelist_of(e).and_then(CodeList::derived_format)
}

/// The format row of the card: the declared format, else the one the code list implies.
fn format_text(dict: &Dictionary, e: &Element, lang: Lang) -> String {
    if let Some(f) = &e.format {
        return f.to_string();
    }
    match derived_format(dict, e) {
        Some(f) if lang == Lang::Zh => format!("{f}（由代码表推导）"),
        Some(f) => format!("{f} (derived from the code list)"),
        None => String::new(),
    }
}

fn codelist_values(c: &CodeList) -> Value {
    c.values
        .iter()
        .map(
            |v| json!({"code": v.code, "name": v.name, "name_en": v.name_en, "aliases": v.aliases}),
        )
        .collect()
}

fn codelist_json(c: &CodeList) -> Value {
    json!({"kind": "codelist", "id": c.id, "name": c.name, "name_en": c.name_en, "values": codelist_values(c)})
}

fn dataset_json(d: &Dataset) -> Value {
    json!({
        "kind": "dataset", "id": d.id, "name": d.name, "name_en": d.name_en, "owner": d.owner,
        "fields": d.fields.iter().map(|f| json!({"element": f.element, "required": f.required, "unique": f.unique})).collect::<Vec<_>>(),
        "primary_key": d.primary_key,
    })
}

pub fn target_json(dict: &Dictionary, t: &Target<'_>) -> Value {
    match t {
        Target::Element(e) => element_json(dict, e),
        Target::CodeList(c) => codelist_json(c),
        Target::Dataset(d) => dataset_json(d),
    }
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

fn values_text(c: &CodeList) -> String {
    c.values
        .iter()
        .map(|v| {
            if v.aliases.is_empty() {
                format!("{} {}", v.code, v.name)
            } else {
                format!("{} {} ({})", v.code, v.name, v.aliases.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// In Chinese the term, then the dictionary's keyword; in English the keyword.
fn with_keyword(zh: &str, keyword: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{zh}（{keyword}）"),
        Lang::En => keyword.to_owned(),
    }
}

fn type_text(t: DataType, lang: Lang) -> String {
    let zh = match t {
        DataType::String => "字符型",
        DataType::Integer => "整数型",
        DataType::Decimal => "数值型",
        DataType::Boolean => "布尔型",
        DataType::Date => "日期型",
        DataType::DateTime => "日期时间型",
        DataType::Time => "时间型",
        DataType::Code => "代码型",
    };
    with_keyword(zh, t.as_str(), lang)
}

fn personal_text(p: Personal, lang: Lang) -> String {
    let zh = match p {
        Personal::None => "非个人信息",
        Personal::Personal => "个人信息",
        Personal::Sensitive => "敏感个人信息",
    };
    with_keyword(zh, p.as_str(), lang)
}

/// Registration statuses as GB/T 18391.6 (ISO/IEC 11179-6) names them.
fn status_text(s: Status, lang: Lang) -> String {
    let zh = match s {
        Status::Candidate => "候选",
        Status::Recorded => "已记录",
        Status::Qualified => "合格",
        Status::Standard => "标准",
        Status::Preferred => "首选标准",
        Status::Retired => "已废止",
        Status::Superseded => "已被替代",
    };
    with_keyword(zh, s.as_str(), lang)
}

fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (value, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// The card as text: one row per attribute, labels in the chosen language.
pub fn card(dict: &Dictionary, t: &Target<'_>, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
    let mut rows: Vec<(&str, String)> = Vec::new();
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    match t {
        Target::Element(e) => {
            rows.push((l("内部标识符", "id"), e.id.clone()));
            rows.push((l("标识符", "identifier"), o(&e.identifier)));
            rows.push((l("中文名称", "name"), e.name.clone()));
            rows.push((l("英文名称", "English name"), o(&e.name_en)));
            rows.push((l("同义名称", "synonyms"), e.synonyms.join(", ")));
            rows.push((l("定义", "definition"), o(&e.definition)));
            rows.push((l("对象类词", "object class"), o(&e.object_class)));
            rows.push((l("特性词", "property"), o(&e.property)));
            rows.push((l("表示词", "representation"), o(&e.representation)));
            rows.push((l("数据类型", "type"), type_text(e.data_type, lang)));
            rows.push((l("表示格式", "format"), format_text(dict, e, lang)));
            rows.push((
                l("校验规则", "rule"),
                e.rule
                    .map(|r| match e.rule_severity {
                        Some(s) => format!("{} ({}) [{}]", r.as_str(), r.standard(), s.as_str()),
                        None => format!("{} ({})", r.as_str(), r.standard()),
                    })
                    .unwrap_or_default(),
            ));
            let codelist = match dict.codelist_of(e) {
                Some(c) if lang == Lang::Zh => format!("{}（{}）", c.name, c.id),
                Some(c) => format!("{} ({})", c.name_en.as_deref().unwrap_or(&c.name), c.id),
                None => o(&e.codelist),
            };
            rows.push((l("代码表", "code list"), codelist));
            if let Some(c) = dict.codelist_of(e) {
                rows.push((l("代码值", "values"), values_text(c)));
            }
            rows.push((
                l("模式", "pattern"),
                e.pattern_text().unwrap_or_default().to_owned(),
            ));
            rows.push((l("最小值", "min"), o(&e.min)));
            rows.push((l("最大值", "max"), o(&e.max)));
            rows.push((l("计量单位", "unit"), o(&e.unit)));
            rows.push((l("分级", "classification"), o(&e.classification)));
            rows.push((l("个人信息", "personal"), personal_text(e.personal, lang)));
            rows.push((
                l("报告中遮蔽", "masked in reports"),
                yes_no(dict.is_masked(e), lang).to_owned(),
            ));
            rows.push((l("状态", "status"), status_text(e.status, lang)));
            rows.push((l("替代数据元", "superseded by"), o(&e.superseded_by)));
            rows.push((l("提交机构", "submitter"), o(&e.submitter)));
            rows.push((l("起始版本", "since"), o(&e.since)));
            rows.push((
                l("定义位置", "defined at"),
                format!("{}:{}", e.origin.file.display(), e.origin.line),
            ));
        }
        Target::CodeList(c) => {
            rows.push((l("代码表", "code list"), c.id.clone()));
            rows.push((l("名称", "name"), c.name.clone()));
            rows.push((l("英文名称", "English name"), o(&c.name_en)));
            rows.push((l("代码值", "values"), values_text(c)));
        }
        Target::Dataset(d) => {
            rows.push((l("数据集", "dataset"), d.id.clone()));
            rows.push((l("名称", "name"), d.name.clone()));
            rows.push((l("责任部门", "owner"), o(&d.owner)));
            let fields = d
                .fields
                .iter()
                .map(|f| {
                    let name = dict.element(&f.element).map_or("", |e| e.name.as_str());
                    let mut flags = Vec::new();
                    if f.required {
                        flags.push(l("必填", "required"));
                    }
                    if f.unique {
                        flags.push(l("唯一", "unique"));
                    }
                    format!("{} {} {}", f.element, name, flags.join(" "))
                        .trim_end()
                        .to_owned()
                })
                .collect::<Vec<_>>()
                .join("\n");
            rows.push((l("字段", "fields"), fields));
            rows.push((l("主键", "primary key"), d.primary_key.join(", ")));
        }
    }
    let mut t = table();
    for (k, v) in rows {
        t.add_row(vec![k.to_owned(), v]);
    }
    t.to_string()
}
