//! Adopting a JSON Schema of one row (an object schema with `properties`): each property
//! becomes an element named by its key, the schema one dataset.
//!
//! Kept: types (`integer`, `number`, `boolean`, `string` with the `date`, `date-time` and
//! `time` formats), `enum` (as a code list), `pattern`, `minLength`/`maxLength` (as a `c`
//! format), `minimum`/`maximum`, `title` (as the English name when it differs from the
//! key), `description` and `required`; a property that may be `""` (`anyOf` with
//! `{"const": ""}`) is optional. A schema govdict exported carries `x-govdict` on each
//! property and at the top, so elements, code lists, keys and uniqueness come back as they
//! were, in their field order. Not kept, and listed at the top of the file: other types, `$ref`, exclusive
//! bounds, nested objects.

use serde_json::{Map, Value};

use super::draft::{length_format, Draft, DraftElement, DraftField, DraftTable};
use super::import::id_of;
use super::ExportError;

/// The YAML text of a dictionary holding the one table a row schema describes.
pub fn from_jsonschema(schema: &Value, fallback_name: &str) -> Result<String, ExportError> {
    let properties = schema["properties"].as_object().ok_or_else(|| {
        ExportError::new(
            "JSON Schema 没有 properties 对象：不是一行数据的模式",
            "the JSON Schema has no `properties` object: not the schema of a row",
        )
    })?;
    let ours = &schema["x-govdict"];
    let table_id = ours["dataset"].as_str().unwrap_or(fallback_name).to_owned();
    let title = schema["title"].as_str();
    let table_name = match (ours.is_object(), title) {
        // govdict writes "NAME (ID) — DICTIONARY".
        (true, Some(t)) => t
            .strip_suffix(&format!(
                " ({table_id}) — {}",
                ours["dictionary"].as_str().unwrap_or_default()
            ))
            .unwrap_or(t)
            .to_owned(),
        (_, Some(t)) => t.to_owned(),
        (_, None) => table_id.clone(),
    };
    let mut draft = Draft {
        id: ours["dictionary"].as_str().unwrap_or(&table_id).to_owned(),
        name: table_name.clone(),
        version: ours["version"].as_str().unwrap_or("0.1.0").to_owned(),
        ..Draft::default()
    };
    for key in ["$ref", "$defs", "definitions", "patternProperties"] {
        if schema.get(key).is_some() {
            draft.not_kept.push(format!("{key} at the top"));
        }
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let unique = ids(&ours["unique"]);
    let mut fields = Vec::new();
    for (seq, (header, prop)) in properties.iter().enumerate() {
        let e = element(header, prop, seq + 1, &mut draft.not_kept);
        let id = draft.add_element(e);
        fields.push(DraftField {
            required: required.contains(&header.as_str()),
            unique: unique.contains(&id),
            element: id,
        });
    }
    let order = ids(&ours["fields"]);
    if !order.is_empty() {
        fields.sort_by_key(|f| order.iter().position(|id| *id == f.element));
    }
    let primary_key = ids(&ours["primary_key"])
        .into_iter()
        .filter(|k| fields.iter().any(|f| f.element == *k))
        .collect();
    draft.tables.push(DraftTable {
        id: id_of(&table_id),
        name: table_name,
        fields,
        primary_key,
    });
    Ok(draft.to_yaml("jsonschema"))
}

/// The schema of the value itself: `anyOf: [{const: ""}, X]` is X.
fn body(prop: &Value) -> &Value {
    if let Some(any) = prop["anyOf"].as_array() {
        if any.len() == 2 && any[0]["const"] == "" {
            return &any[1];
        }
    }
    prop
}

fn element(header: &str, prop: &Value, seq: usize, not_kept: &mut Vec<String>) -> DraftElement {
    let b = body(prop);
    let ours = prop["x-govdict"].as_object();
    let text = |m: Option<&Map<String, Value>>, k: &str| {
        m.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let codes: Option<Vec<String>> = b["enum"].as_array().map(|a| {
        a.iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    });
    if ours.is_some() {
        // Exported by govdict: the element as it was. GB/T 2260 is exported as the
        // enumeration of its list; the rule brings it back.
        let codelist = text(ours, "codelist");
        return DraftElement {
            id: text(ours, "element").unwrap_or_else(|| format!("DE{seq:05}")),
            name: header.to_owned(),
            name_en: text(ours, "name_en"),
            definition: text(ours, "definition"),
            data_type: text(ours, "type").unwrap_or_else(|| "string".into()),
            format: text(ours, "format"),
            rule: text(ours, "rule"),
            codes: codelist.zip(codes),
            pattern: text(ours, "pattern"),
            min: text(ours, "min"),
            max: text(ours, "max"),
        };
    }
    let id = format!("DE{seq:05}");
    let kind = b["type"].as_str().unwrap_or("string");
    let data_type = match (kind, b["format"].as_str()) {
        ("integer", _) => "integer",
        ("number", _) => "decimal",
        ("boolean", _) => "boolean",
        ("string", Some("date")) => "date",
        ("string", Some("date-time")) => "datetime",
        ("string", Some("time")) => "time",
        ("string", _) if codes.is_some() => "code",
        ("string", _) => "string",
        (other, _) => {
            not_kept.push(format!("{header}: type {other} (imported as string)"));
            "string"
        }
    };
    let title = b["title"].as_str().or(prop["title"].as_str());
    let mut e = DraftElement {
        id: id.clone(),
        name: header.to_owned(),
        name_en: title.filter(|t| *t != header).map(str::to_owned),
        definition: prop["description"].as_str().map(str::to_owned),
        data_type: data_type.to_owned(),
        ..DraftElement::default()
    };
    if let Some(codes) = codes {
        if data_type == "code" {
            e.codes = Some((format!("{}-codes", id_of(header)), codes));
        } else {
            not_kept.push(format!("{header}: enum on a {data_type} property"));
        }
    }
    if data_type == "string" {
        e.format = length_format(b["minLength"].as_u64(), b["maxLength"].as_u64());
    }
    if let Some(p) = b["pattern"].as_str() {
        // JSON Schema patterns search; element patterns match the whole value.
        let whole = match p.strip_prefix('^').and_then(|r| r.strip_suffix('$')) {
            Some(inner) => inner.to_owned(),
            None => format!(".*(?:{p}).*"),
        };
        if crate::dictionary::compile_pattern(&whole).is_ok() {
            e.pattern = Some(whole);
        } else {
            not_kept.push(format!("{header}: pattern {p} (not a linear-time regex)"));
        }
    }
    for (key, slot) in [("minimum", &mut e.min), ("maximum", &mut e.max)] {
        if let Value::Number(n) = &b[key] {
            *slot = Some(n.to_string());
        }
    }
    for key in [
        "exclusiveMinimum",
        "exclusiveMaximum",
        "$ref",
        "properties",
        "items",
    ] {
        if b.get(key).is_some() {
            not_kept.push(format!("{header}: {key}"));
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_third_party_row_schema() {
        let s = serde_json::json!({
            "title": "People",
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "integer", "minimum": 1},
                "sex": {"type": "string", "enum": ["M", "F"]},
                "born": {"type": "string", "format": "date"},
                "code": {"type": "string", "pattern": "^[A-Z]{2}$", "maxLength": 2},
                "tag": {"type": "string", "pattern": "x"},
                "loc": {"type": "object", "properties": {}}
            }
        });
        let yaml = from_jsonschema(&s, "people").unwrap();
        assert!(yaml.contains("type: \"integer\"\n    min: \"1\""), "{yaml}");
        assert!(yaml.contains("codelist: \"sex-codes\""), "{yaml}");
        assert!(yaml.contains("type: \"date\""), "{yaml}");
        assert!(yaml.contains("pattern: \"[A-Z]{2}\""), "{yaml}");
        assert!(yaml.contains("pattern: \".*(?:x).*\""), "{yaml}");
        assert!(yaml.contains("# not kept: loc: type object"), "{yaml}");
        assert!(yaml.contains("required: true"), "{yaml}");
    }

    #[test]
    fn not_a_row_schema_is_an_error() {
        assert!(from_jsonschema(&serde_json::json!({"type": "string"}), "x").is_err());
    }
}
