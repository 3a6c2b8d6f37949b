//! CSV on the Web (W3C CSVW) metadata: one table per dataset (`<dataset>.csv`), columns
//! named by element id and titled by the standard header, with datatypes, one XML Schema
//! regex per column (a code list, or the GB/T 2260 list, as an alternation of its codes),
//! lengths, bounds, `required` and the primary key.

use serde_json::{json, Map, Value};

use super::frictionless::strptime;
use super::{dataset_columns, element_gaps, notes_text, shape, Column, ExportError};
use crate::dictionary::format::{DateTemplate, DateToken, Format};
use crate::dictionary::{DataType, Dataset, Dictionary};
use crate::text::Text;

pub const CONTEXT: &str = "http://www.w3.org/ns/csvw";

/// What CSVW metadata cannot express.
pub fn limits() -> Vec<Text> {
    vec![
        Text::new(
            "校验字符（只检查结构）",
            "check characters (only the structure is checked)",
        ),
        Text::new(
            "每列只有一个正则表达式：代码表优先，其次规则、表示格式、模式",
            "one regular expression per column: the code list first, then the rule, the format, the pattern",
        ),
        Text::new("唯一性（主键除外）", "uniqueness other than the primary key"),
        Text::new(
            "integer 与 decimal 列的表示格式（位数、小数位）",
            "the format notation (digits, decimals) of integer and decimal columns",
        ),
    ]
}

/// Metadata for one dataset, or a table group of every dataset.
pub fn metadata(dict: &Dictionary, dataset: Option<&str>) -> Result<Value, ExportError> {
    let datasets: Vec<&Dataset> = match dataset {
        Some(id) => vec![super::find_dataset(dict, id)?],
        None => dict.datasets.iter().collect(),
    };
    let mut notes = limits();
    let tables: Vec<Value> = datasets
        .iter()
        .map(|d| table(dict, d, &mut notes))
        .collect();
    let m = &dict.manifest;
    Ok(json!({
        "@context": [CONTEXT, {"@language": "zh"}],
        "dc:title": m.name,
        "dc:identifier": format!("{}@{}", m.id, m.version),
        "dc:license": m.license,
        "rdfs:comment": format!("未能表达 / Not expressed: {}", notes_text(&notes)),
        "tables": tables,
    }))
}

fn table(dict: &Dictionary, dataset: &Dataset, notes: &mut Vec<Text>) -> Value {
    let columns = dataset_columns(dict, dataset);
    for c in &columns {
        notes.extend(element_gaps(dict, c.element, false, true));
    }
    json!({
        "url": format!("{}.csv", dataset.id),
        "dc:title": dataset.name,
        "dc:identifier": dataset.id,
        "tableSchema": {
            "columns": columns.iter().map(|c| column(dict, c)).collect::<Vec<_>>(),
            "primaryKey": dataset.primary_key,
        },
    })
}

fn column(dict: &Dictionary, c: &Column<'_>) -> Value {
    let e = c.element;
    let mut datatype = Map::new();
    let temporal = matches!(
        e.data_type,
        DataType::Date | DataType::DateTime | DataType::Time
    );
    let ldml = match &e.format {
        Some(Format::Date(t)) if temporal => ldml(t),
        _ => None,
    };
    let base = match e.data_type {
        DataType::Integer => "integer",
        DataType::Decimal => "decimal",
        DataType::Date if ldml.is_some() || e.format.is_none() => "date",
        DataType::DateTime if ldml.is_some() || e.format.is_none() => "datetime",
        DataType::Time if ldml.is_some() || e.format.is_none() => "time",
        _ => "string",
    };
    datatype.insert("base".into(), json!(base));
    if matches!(base, "date" | "datetime" | "time") {
        if let Some(f) = ldml {
            datatype.insert("format".into(), json!(f));
        }
    }
    if base == "string" {
        let fs = shape::format_shape(e);
        // The code list, or the shipped GB/T 2260 list for the `gb2260` rule.
        let list = super::enum_codes(dict, e).map(|codes| {
            let codes: Vec<String> = codes
                .iter()
                .map(|c| c.chars().map(shape::escape_char).collect())
                .collect();
            format!("^({})$", codes.join("|"))
        });
        let regex = list
            .or_else(|| e.rule.map(shape::rule_regex))
            .or(fs.regex)
            .or_else(|| shape::type_regex(e))
            .or_else(|| shape::pattern_regex(e));
        if let Some(r) = regex {
            datatype.insert("format".into(), json!(shape::unanchored(&r)));
        }
        if let Some((lo, hi)) = fs.length {
            if lo > 0 {
                datatype.insert("minLength".into(), json!(lo));
            }
            datatype.insert("maxLength".into(), json!(hi));
        }
    }
    if base != "string" {
        for (key, bound) in [("minimum", &e.min), ("maximum", &e.max)] {
            if let Some(b) = bound {
                let b = b.trim();
                let v = match (base, &e.format) {
                    // Bounds are read with the column's date format (the csvw package
                    // parses them so), and the dictionary writes them in that format.
                    ("date", Some(Format::Date(_))) => Some(json!(b)),
                    ("integer" | "decimal", _) => Some(json!(b)),
                    _ => None,
                };
                if let Some(v) = v {
                    datatype.insert(key.into(), v);
                }
            }
        }
    }
    let mut col = Map::new();
    col.insert("name".into(), json!(e.id));
    col.insert("titles".into(), json!(e.name));
    col.insert("datatype".into(), Value::Object(datatype));
    col.insert("required".into(), json!(c.required));
    if let Some(d) = &e.definition {
        col.insert("dc:description".into(), json!(d));
    }
    Value::Object(col)
}

/// A template as an LDML date pattern (CSVW date formats); loose tokens are kept as `M`/`d`.
fn ldml(t: &DateTemplate) -> Option<String> {
    strptime(t)?;
    let mut s = String::new();
    for token in &t.tokens {
        match token {
            DateToken::Year => s.push_str("yyyy"),
            DateToken::Month => s.push_str("MM"),
            DateToken::Day => s.push_str("dd"),
            DateToken::Hour => s.push_str("HH"),
            DateToken::Minute => s.push_str("mm"),
            DateToken::Second => s.push_str("ss"),
            DateToken::Literal('T') => s.push_str("'T'"),
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
    fn columns_titled_by_header_with_codes_as_regex() {
        let dict = crate::dictionary::load(None).unwrap();
        let m = metadata(&dict, Some("resident-registration")).unwrap();
        let cols = m["tables"][0]["tableSchema"]["columns"].as_array().unwrap();
        let sex = cols.iter().find(|c| c["titles"] == "性别").unwrap();
        assert_eq!(sex["datatype"]["format"], "(0|1|2|9)");
        let born = cols.iter().find(|c| c["titles"] == "出生日期").unwrap();
        assert_eq!(born["datatype"]["base"], "date");
        assert_eq!(born["datatype"]["format"], "yyyyMMdd");
        assert!(m["rdfs:comment"]
            .as_str()
            .unwrap()
            .contains("check character"));
    }

    #[test]
    fn division_codes_are_listed_and_date_bounds_follow_the_column_format() {
        let dict = crate::dictionary::load(None).unwrap();
        let m = metadata(&dict, Some("resident-registration")).unwrap();
        let cols = m["tables"][0]["tableSchema"]["columns"].as_array().unwrap();
        let by = |rule: &str| {
            cols.iter()
                .find(|c| {
                    dict.element(c["name"].as_str().unwrap())
                        .and_then(|e| e.rule)
                        .is_some_and(|r| r.as_str() == rule)
                })
                .unwrap()
        };
        let division = by("gb2260")["datatype"]["format"].as_str().unwrap();
        assert!(division.contains("|350102|"), "the GB/T 2260 list");
        let born = cols.iter().find(|c| c["titles"] == "出生日期").unwrap();
        let min = born["datatype"]["minimum"].as_str().unwrap();
        assert!(
            min.len() == 8 && min.bytes().all(|b| b.is_ascii_digit()),
            "{min}"
        );
    }
}
