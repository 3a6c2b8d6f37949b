//! Frictionless Table Schema of a dataset (and a tabular data package of every dataset).
//! Fields are named by the standard header; types, date formats, code lists (`enum`),
//! formats and rule shapes (`pattern`), bounds, `required`, `unique` and the primary key
//! carry over.

use serde_json::{json, Map, Value};

use super::{dataset_columns, element_gaps, notes_text, shape, Column};
use crate::dictionary::format::{DateTemplate, DateToken, Format};
use crate::dictionary::{DataType, Dataset, Dictionary};
use crate::text::Text;

/// What a Table Schema cannot express.
pub fn limits() -> Vec<Text> {
    vec![
        Text::new(
            "校验字符（Table Schema 没有校验和）",
            "check characters (Table Schema has no checksum)",
        ),
        Text::new(
            "number 与 integer 字段的表示格式（位数、小数位）",
            "the format notation (digits, decimals) of number and integer fields",
        ),
        Text::new(
            "日期按 strptime 解析，也接受不补零的月、日",
            "dates are parsed with strptime, which also accepts unpadded months and days",
        ),
    ]
}

/// The Table Schema of one dataset.
pub fn table_schema(dict: &Dictionary, dataset: &Dataset) -> Value {
    let columns = dataset_columns(dict, dataset);
    let mut notes = limits();
    for c in &columns {
        notes.extend(element_gaps(dict, c.element, false, true));
    }
    let header = |id: &String| dict.element(id).map(|e| Value::String(e.name.clone()));
    json!({
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "description": format!(
            "{} ({}) — {} {}. 未能表达 / Not expressed: {}",
            dataset.name, dataset.id, dict.manifest.id, dict.manifest.version, notes_text(&notes)
        ),
        "fields": columns.iter().map(|c| field(dict, c)).collect::<Vec<_>>(),
        "primaryKey": dataset.primary_key.iter().filter_map(header).collect::<Vec<_>>(),
        "missingValues": [""],
    })
}

/// A tabular data package with one resource (`<dataset>.csv`) per dataset.
pub fn data_package(dict: &Dictionary) -> Value {
    let m = &dict.manifest;
    json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": package_name(&m.id),
        "title": m.name,
        "description": format!(
            "{}未能表达 / Not expressed: {}; 各资源 schema 的 description 列出逐个数据元的缺口 / each resource's schema description lists the gaps of its elements",
            m.name_en.as_ref().map(|n| format!("{n}. ")).unwrap_or_default(),
            notes_text(&limits())
        ),
        "version": m.version,
        "created": m.released,
        "licenses": m.license.as_ref().map(|l| vec![json!({"name": l})]).unwrap_or_default(),
        "resources": dict.datasets.iter().map(|d| json!({
            "name": package_name(&d.id),
            "title": d.name,
            "path": format!("{}.csv", d.id),
            "type": "table",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(dict, d),
        })).collect::<Vec<_>>(),
    })
}

/// Package and resource names are lowercase letters, digits and `-._`.
fn package_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn field(dict: &Dictionary, c: &Column<'_>) -> Value {
    let e = c.element;
    let mut f = Map::new();
    f.insert("name".into(), json!(e.name));
    if let Some(en) = &e.name_en {
        f.insert("title".into(), json!(en));
    }
    if let Some(d) = &e.definition {
        f.insert("description".into(), json!(d));
    }
    let mut constraints = Map::new();
    if c.required {
        constraints.insert("required".into(), json!(true));
    }
    if c.unique {
        constraints.insert("unique".into(), json!(true));
    }
    let temporal = matches!(
        e.data_type,
        DataType::Date | DataType::DateTime | DataType::Time
    );
    let date_format = match &e.format {
        Some(Format::Date(t)) if temporal => strptime(t),
        _ => None,
    };
    let (kind, format) = match e.data_type {
        DataType::Integer => ("integer", None),
        DataType::Decimal => ("number", None),
        DataType::Boolean => ("boolean", None),
        DataType::Date => ("date", date_format),
        DataType::DateTime => ("datetime", date_format),
        DataType::Time => ("time", date_format),
        DataType::String | DataType::Code => ("string", None),
    };
    // A template strptime cannot read stays text, checked by its pattern.
    let kind = if temporal && e.format.is_some() && format.is_none() {
        "string"
    } else {
        kind
    };
    f.insert("type".into(), json!(kind));
    if let Some(fmt) = format {
        f.insert("format".into(), json!(fmt));
    } else if temporal && kind != "string" {
        f.insert("format".into(), json!("default"));
    }
    if kind == "boolean" {
        f.insert("trueValues".into(), json!(TRUE_VALUES));
        f.insert("falseValues".into(), json!(FALSE_VALUES));
    }
    if kind == "number" || kind == "integer" {
        f.insert("bareNumber".into(), json!(true));
    }
    if kind == "string" {
        let fs = shape::format_shape(e);
        let mut regexes: Vec<String> = Vec::new();
        regexes.extend(shape::type_regex(e));
        regexes.extend(fs.regex);
        regexes.extend(e.rule.map(shape::rule_regex));
        regexes.extend(shape::pattern_regex(e));
        if let Some(p) = combine(&regexes) {
            constraints.insert("pattern".into(), json!(p));
        }
        if let Some((lo, hi)) = fs.length {
            if lo > 0 {
                constraints.insert("minLength".into(), json!(lo));
            }
            constraints.insert("maxLength".into(), json!(hi));
        }
        if let Some(codes) = super::enum_codes(dict, e) {
            constraints.insert("enum".into(), json!(codes));
        }
    }
    if kind != "string" && kind != "boolean" {
        for (key, bound) in [("minimum", &e.min), ("maximum", &e.max)] {
            if let Some(b) = bound.as_deref().map(str::trim) {
                let value = if kind == "integer" {
                    b.parse::<i64>().map(|n| json!(n)).ok()
                } else if kind == "number" {
                    b.parse::<f64>().ok().map(|n| json!(n))
                } else {
                    Some(json!(b))
                };
                if let Some(v) = value {
                    constraints.insert(key.into(), v);
                }
            }
        }
    }
    if !constraints.is_empty() {
        f.insert("constraints".into(), Value::Object(constraints));
    }
    f.insert(
        "x-govdict".into(),
        json!({"element": e.id, "type": e.data_type.as_str(),
               "format": e.format.as_ref().map(|f| f.to_string()),
               "rule": e.rule.map(|r| r.as_str()), "codelist": e.codelist}),
    );
    Value::Object(f)
}

/// `validate`'s boolean spellings, in the case variants people write.
const TRUE_VALUES: [&str; 10] = [
    "true", "True", "TRUE", "1", "是", "Y", "y", "yes", "Yes", "YES",
];
const FALSE_VALUES: [&str; 10] = [
    "false", "False", "FALSE", "0", "否", "N", "n", "no", "No", "NO",
];

/// Several anchored regexes as one (Python `re`): each but the last as a look-ahead.
fn combine(regexes: &[String]) -> Option<String> {
    let (last, rest) = regexes.split_last()?;
    let mut s: String = rest.iter().map(|r| format!("(?={r})")).collect();
    s.push_str(last);
    Some(s)
}

/// A fixed-width template as a strptime format; `None` for loose month or day tokens.
pub fn strptime(t: &DateTemplate) -> Option<String> {
    let mut s = String::new();
    for token in &t.tokens {
        match token {
            DateToken::Year => s.push_str("%Y"),
            DateToken::Month => s.push_str("%m"),
            DateToken::Day => s.push_str("%d"),
            DateToken::Hour => s.push_str("%H"),
            DateToken::Minute => s.push_str("%M"),
            DateToken::Second => s.push_str("%S"),
            DateToken::Literal('%') => s.push_str("%%"),
            DateToken::Literal(c) => s.push(*c),
            DateToken::MonthLoose | DateToken::DayLoose => return None,
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_carry_types_codes_and_bounds() {
        let dict = crate::dictionary::load(None).unwrap();
        let s = table_schema(&dict, dict.dataset("social-insurance-enrolment").unwrap());
        let fields = s["fields"].as_array().unwrap();
        let by = |name: &str| fields.iter().find(|f| f["name"] == name).unwrap().clone();
        assert_eq!(by("性别")["constraints"]["enum"][1], "1");
        assert_eq!(by("出生日期")["type"], "date");
        assert_eq!(by("出生日期")["format"], "%Y%m%d");
        assert_eq!(by("缴费基数")["type"], "number");
        assert_eq!(s["primaryKey"], json!(["社会保障号码", "险种类型"]));
        assert!(s["description"].as_str().unwrap().contains("no checksum"));
    }

    #[test]
    fn combined_patterns_look_ahead_for_all_but_the_last() {
        // Python's `re` (frictionless-py) runs it; the engine test in `ci/` checks rows.
        let p = combine(&["^[0-9]{6}$".into(), "^35.*$".into()]).unwrap();
        assert_eq!(p, "(?=^[0-9]{6}$)^35.*$");
        assert_eq!(combine(&[]), None);
    }
}
