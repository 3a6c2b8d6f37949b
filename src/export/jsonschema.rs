//! A JSON Schema (2020-12) of one row of a dataset: an object keyed by the standard header
//! (the element's name) whose values are the cells as text, trimmed, an empty string for
//! an empty cell.

use serde_json::{json, Map, Value};

use super::{dataset_columns, element_gaps, notes_text, shape, Column};
use crate::dictionary::{DataType, Dataset, Dictionary};
use crate::text::Text;

pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// What a JSON Schema of text cells cannot express.
pub fn limits() -> Vec<Text> {
    vec![
        Text::new(
            "数值与日期的取值范围（单元格是文本）",
            "minimum and maximum of numbers and dates (cells are text)",
        ),
        Text::new(
            "唯一性与主键（跨行约束）",
            "uniqueness and primary keys (constraints across rows)",
        ),
        Text::new(
            "值须已去掉首尾空白",
            "values must already be trimmed of surrounding white space",
        ),
    ]
}

pub fn row_schema(dict: &Dictionary, dataset: &Dataset) -> Value {
    let columns = dataset_columns(dict, dataset);
    let mut notes = limits();
    let mut properties = Map::new();
    for c in &columns {
        notes.extend(element_gaps(dict, c.element, true, true));
        properties.insert(c.element.name.clone(), column_schema(dict, c));
    }
    let required: Vec<&str> = columns
        .iter()
        .filter(|c| c.required)
        .map(|c| c.element.name.as_str())
        .collect();
    json!({
        "$schema": DIALECT,
        "title": format!("{} ({}) — {}", dataset.name, dataset.id, dict.manifest.id),
        "description": format!(
            "一行数据，键为标准表头（数据元名称）/ One row, keyed by the standard header (element name). {} {}. 未能表达 / Not expressed: {}",
            dict.manifest.id, dict.manifest.version, notes_text(&notes)
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "x-govdict": {
            "dictionary": dict.manifest.id,
            "version": dict.manifest.version,
            "dataset": dataset.id,
            // JSON objects are unordered: the field order, for import.
            "fields": columns.iter().map(|c| c.element.id.as_str()).collect::<Vec<_>>(),
            "primary_key": dataset.primary_key,
            "unique": columns.iter().filter(|c| c.unique).map(|c| c.element.id.as_str()).collect::<Vec<_>>(),
        },
    })
}

fn column_schema(dict: &Dictionary, c: &Column<'_>) -> Value {
    let e = c.element;
    let mut all: Vec<Value> = Vec::new();
    let mut pattern = |re: String| all.push(json!({ "pattern": re }));
    if let Some(re) = shape::type_regex(e) {
        pattern(re);
    }
    let fs = shape::format_shape(e);
    if let Some(re) = fs.regex {
        pattern(re);
    }
    if let Some(rule) = e.rule {
        pattern(shape::rule_regex(rule));
    }
    if let Some(re) = shape::pattern_regex(e) {
        pattern(re);
    }
    let mut body = Map::new();
    body.insert("type".into(), json!("string"));
    if let Some((lo, hi)) = fs.length {
        body.insert("minLength".into(), json!(lo.max(u32::from(c.required))));
        body.insert("maxLength".into(), json!(hi));
    } else if c.required {
        body.insert("minLength".into(), json!(1));
    }
    if let Some(codes) = super::enum_codes(dict, e) {
        body.insert("enum".into(), json!(codes));
    }
    if !all.is_empty() {
        body.insert("allOf".into(), Value::Array(all));
    }
    let value = if c.required {
        Value::Object(body)
    } else {
        json!({ "anyOf": [{ "const": "" }, Value::Object(body)] })
    };
    let mut out = Map::new();
    out.insert("title".into(), json!(e.name));
    let mut description = e.definition.clone().unwrap_or_default();
    if let Some(en) = &e.name_en {
        description = format!("{description} ({en})");
    }
    out.insert("description".into(), json!(description.trim()));
    out.insert(
        "$comment".into(),
        json!(element_comment(e.id.as_str(), e.data_type, e)),
    );
    out.insert("x-govdict".into(), element_extension(e));
    if let Value::Object(v) = value {
        out.extend(v);
    }
    Value::Object(out)
}

/// The element behind a property, so that `import --from jsonschema` gets it back whole.
fn element_extension(e: &crate::dictionary::Element) -> Value {
    let mut m = Map::new();
    m.insert("element".into(), json!(e.id));
    m.insert("type".into(), json!(e.data_type.as_str()));
    let optional = [
        ("name_en", e.name_en.clone()),
        ("definition", e.definition.clone()),
        ("format", e.format.as_ref().map(|f| f.to_string())),
        ("rule", e.rule.map(|r| r.as_str().to_owned())),
        ("codelist", e.codelist.clone()),
        ("pattern", e.pattern_text().map(str::to_owned)),
        ("min", e.min.clone()),
        ("max", e.max.clone()),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            m.insert(key.into(), json!(v));
        }
    }
    Value::Object(m)
}

fn element_comment(id: &str, data_type: DataType, e: &crate::dictionary::Element) -> String {
    let mut s = format!("{id} type={}", data_type.as_str());
    if let Some(f) = &e.format {
        s.push_str(&format!(" format={f}"));
    }
    if let Some(r) = e.rule {
        s.push_str(&format!(" rule={r}"));
    }
    if let Some(min) = &e.min {
        s.push_str(&format!(" min={min}"));
    }
    if let Some(max) = &e.max {
        s.push_str(&format!(" max={max}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        crate::dictionary::load(None).expect("embedded dictionary")
    }

    fn validator(dict: &Dictionary, dataset: &str) -> ::jsonschema::Validator {
        let schema = row_schema(dict, dict.dataset(dataset).unwrap());
        ::jsonschema::validator_for(&schema).expect("a valid schema")
    }

    fn row(dict: &Dictionary, pairs: &[(&str, &str)]) -> Value {
        let mut m = Map::new();
        for (id, v) in pairs {
            m.insert(dict.element(id).unwrap().name.clone(), json!(v));
        }
        Value::Object(m)
    }

    #[test]
    fn accepts_a_clean_row_and_rejects_bad_cells() {
        let d = dict();
        let v = validator(&d, "enterprise-registration");
        let good = [
            ("DE01001", "91350100M000100Y43"),
            ("DE01002", "福州某某有限公司"),
            ("DE01008", "120"),
            ("DE01005", "张三"),
            ("DE02001", "2001-02-03"),
            ("DE03002", "福州市鼓楼区"),
            ("DE03001", "350102"),
            ("DE01012", "1"),
            ("DE06001", ""),
        ];
        let clean = row(&d, &good);
        assert!(
            v.is_valid(&clean),
            "{:?}",
            v.iter_errors(&clean)
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
        );
        for (id, bad) in [
            ("DE01008", "ZZZ"),
            ("DE02001", "2001-13-03"),
            ("DE01001", "91350100M000100Y4"),
            ("DE06001", "1234"),
        ] {
            let mut r = good.to_vec();
            r.retain(|(k, _)| *k != id);
            r.push((id, bad));
            assert!(!v.is_valid(&row(&d, &r)), "{id}={bad} should fail");
        }
        let missing: Vec<_> = good
            .iter()
            .copied()
            .filter(|(k, _)| *k != "DE01001")
            .collect();
        assert!(!v.is_valid(&row(&d, &missing)));
    }

    #[test]
    fn states_what_it_cannot_express() {
        let d = dict();
        let s = row_schema(&d, d.dataset("enterprise-registration").unwrap());
        let desc = s["description"].as_str().unwrap();
        assert!(desc.contains("gb32100 check character"), "{desc}");
        assert!(desc.contains("primary keys"), "{desc}");
    }
}
