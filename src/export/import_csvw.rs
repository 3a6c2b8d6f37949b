//! Adopting CSV on the Web metadata: each table with an inline `tableSchema` becomes a
//! dataset, each column an element (its `name` the element id, its `titles` the name).
//!
//! Kept: datatypes (as element types), LDML date formats (as templates), the string
//! regex (`datatype.format`: an alternation of literals becomes a code list, any other
//! regex a pattern), `minLength`/`maxLength` (as a `c` format), bounds, `dc:description`,
//! `required` and the primary key. Not kept, and listed at the top of the file: other
//! datatypes, virtual columns, foreign keys, URL templates, external schemas.

use serde_json::Value;

use super::draft::{length_format, literal_alternatives, strip_group, Draft, DraftElement};
use super::draft::{DraftField, DraftTable};
use super::import::id_of;
use super::ExportError;

/// The YAML text of a dictionary holding the tables of CSVW metadata.
pub fn from_csvw(metadata: &Value, fallback_name: &str) -> Result<String, ExportError> {
    let tables: Vec<&Value> = match metadata["tables"].as_array() {
        Some(t) => t.iter().collect(),
        None if metadata.get("tableSchema").is_some() => vec![metadata],
        None => {
            return Err(ExportError::new(
                "不是 CSVW 元数据：没有 tables，也没有 tableSchema",
                "not CSVW metadata: neither `tables` nor `tableSchema`",
            ))
        }
    };
    let (id, version) = match metadata["dc:identifier"].as_str() {
        Some(s) => match s.split_once('@') {
            Some((id, v)) if semver::Version::parse(v).is_ok() => (id.to_owned(), v.to_owned()),
            _ => (s.to_owned(), "0.1.0".to_owned()),
        },
        None => (fallback_name.to_owned(), "0.1.0".to_owned()),
    };
    let mut draft = Draft {
        name: text_of(&metadata["dc:title"]).unwrap_or_else(|| id.clone()),
        id,
        version,
        ..Draft::default()
    };
    for (i, t) in tables.iter().enumerate() {
        let table_id = t["dc:identifier"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| t["url"].as_str().map(url_stem))
            .unwrap_or_else(|| format!("table-{}", i + 1));
        let schema = &t["tableSchema"];
        if !schema.is_object() {
            draft.not_kept.push(format!(
                "{table_id}: the table schema is not inline (external schemas are not read)"
            ));
            continue;
        }
        let mut fields = Vec::new();
        let mut names = Vec::new();
        for (n, col) in schema["columns"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if col["virtual"].as_bool() == Some(true) {
                draft
                    .not_kept
                    .push(format!("{table_id}: virtual column {}", n + 1));
                continue;
            }
            let e = element(col, n, &table_id, &mut draft.not_kept);
            names.push(col["name"].as_str().unwrap_or(&e.id).to_owned());
            let id = draft.add_element(e);
            fields.push(DraftField {
                element: id,
                required: col["required"].as_bool().unwrap_or(false),
                unique: false,
            });
        }
        if schema.get("foreignKeys").is_some() {
            draft.not_kept.push(format!("{table_id}: foreign keys"));
        }
        for key in ["aboutUrl", "propertyUrl", "valueUrl"] {
            if schema.get(key).is_some() {
                draft.not_kept.push(format!("{table_id}: {key}"));
            }
        }
        let primary_key = match &schema["primaryKey"] {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
        .into_iter()
        .filter_map(|k| {
            let at = names.iter().position(|n| *n == k)?;
            fields.get(at).map(|f| f.element.clone())
        })
        .collect();
        draft.tables.push(DraftTable {
            name: text_of(&t["dc:title"]).unwrap_or_else(|| table_id.clone()),
            id: id_of(&table_id),
            fields,
            primary_key,
        });
    }
    if draft.tables.is_empty() {
        return Err(ExportError::new(
            "CSVW 元数据中没有含内联 tableSchema 的表",
            "the CSVW metadata has no table with an inline `tableSchema`",
        ));
    }
    Ok(draft.to_yaml("csvw"))
}

fn url_stem(url: &str) -> String {
    let last = url.rsplit('/').next().unwrap_or(url);
    last.split('.').next().unwrap_or(last).to_owned()
}

/// A CSVW natural-language property: a string, an array of strings or a map of language
/// tags to either; Chinese first.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(text_of),
        Value::Object(m) => m
            .get("zh")
            .or_else(|| m.get("und"))
            .and_then(text_of)
            .or_else(|| m.values().find_map(text_of)),
        _ => None,
    }
}

fn element(col: &Value, n: usize, table: &str, not_kept: &mut Vec<String>) -> DraftElement {
    let title = text_of(&col["titles"]);
    let id = col["name"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| title.clone())
        .unwrap_or_else(|| format!("{table}.col{}", n + 1));
    let name = title.unwrap_or_else(|| id.clone());
    let datatype = match &col["datatype"] {
        Value::String(s) => serde_json::json!({ "base": s }),
        Value::Object(_) => col["datatype"].clone(),
        _ => serde_json::json!({ "base": "string" }),
    };
    let base = datatype["base"].as_str().unwrap_or("string");
    let data_type = match base {
        "string" | "normalizedString" | "token" => "string",
        "integer" | "int" | "long" | "short" | "byte" | "nonNegativeInteger"
        | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" | "unsignedLong"
        | "unsignedInt" | "unsignedShort" | "unsignedByte" => "integer",
        "decimal" | "double" | "float" | "number" => "decimal",
        "boolean" => "boolean",
        "date" => "date",
        "dateTime" | "datetime" | "dateTimeStamp" => "datetime",
        "time" => "time",
        other => {
            not_kept.push(format!("{id}: datatype {other} (imported as string)"));
            "string"
        }
    };
    let mut e = DraftElement {
        id: id.clone(),
        name,
        name_en: col["titles"]["en"].as_str().map(str::to_owned),
        definition: text_of(&col["dc:description"]),
        data_type: data_type.to_owned(),
        ..DraftElement::default()
    };
    for key in ["aboutUrl", "propertyUrl", "valueUrl", "default", "null"] {
        if col.get(key).is_some() {
            not_kept.push(format!("{id}: {key}"));
        }
    }
    let format = datatype["format"].as_str();
    match (data_type, format) {
        ("date" | "datetime" | "time", Some(f)) => match template(f) {
            Some(t) => e.format = Some(t),
            None => not_kept.push(format!("{id}: date format {f}")),
        },
        ("string", Some(regex)) if base == "string" || base == "token" => {
            let body = strip_group(regex);
            match literal_alternatives(body) {
                Some(codes) => {
                    e.data_type = "code".into();
                    e.codes = Some((format!("{id}-codes"), codes));
                }
                None if crate::dictionary::compile_pattern(body).is_ok() => {
                    e.pattern = Some(body.to_owned());
                }
                None => not_kept.push(format!("{id}: regex {regex} (not a linear-time regex)")),
            }
        }
        (_, Some(f)) => not_kept.push(format!("{id}: {base} format {f}")),
        (_, None) => {}
    }
    if data_type == "string" {
        e.format = length_format(
            datatype["minLength"].as_u64(),
            datatype["maxLength"]
                .as_u64()
                .or(datatype["length"].as_u64()),
        );
    }
    for (keys, slot) in [
        (["minimum", "minInclusive"], &mut e.min),
        (["maximum", "maxInclusive"], &mut e.max),
    ] {
        let bound = keys.iter().find_map(|k| match &datatype[*k] {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            _ => None,
        });
        *slot = match (bound, e.format.as_deref()) {
            (Some(b), Some(t)) if data_type == "date" => date_in(t, &b),
            (b, _) => b,
        };
    }
    for k in ["minExclusive", "maxExclusive"] {
        if datatype.get(k).is_some() {
            not_kept.push(format!("{id}: {k}"));
        }
    }
    e
}

/// An LDML date pattern as a date template; `None` for fields templates do not have.
fn template(ldml: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = ldml;
    while let Some(c) = rest.chars().next() {
        let tokens = [
            ("yyyy", "YYYY"),
            ("MM", "MM"),
            ("dd", "DD"),
            ("HH", "hh"),
            ("mm", "mm"),
            ("ss", "ss"),
            ("'T'", "T"),
        ];
        if let Some((from, to)) = tokens.iter().find(|(from, _)| rest.starts_with(from)) {
            out.push_str(to);
            rest = &rest[from.len()..];
        } else if c.is_ascii_alphanumeric() || c == '\'' {
            return None;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    crate::dictionary::Format::parse(&out).ok().map(|_| out)
}

/// A date bound written in a date template of year, month and day: an ISO date
/// (`1850-01-01`) is rewritten, a bound already in the column's format is kept.
fn date_in(template: &str, iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        // Already in the column's format.
        return Some(iso.to_owned());
    };
    if !(template.contains("YYYY") && template.contains("MM") && template.contains("DD"))
        || template.contains("hh")
    {
        return Some(iso.to_owned());
    }
    Some(
        template
            .replace("YYYY", y)
            .replace("MM", m)
            .replace("DD", d),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldml_patterns_become_templates() {
        assert_eq!(template("yyyyMMdd").as_deref(), Some("YYYYMMDD"));
        assert_eq!(
            template("yyyy-MM-dd'T'HH:mm:ss").as_deref(),
            Some("YYYY-MM-DDThh:mm:ss")
        );
        assert_eq!(template("d/M/yy"), None);
        assert_eq!(
            date_in("YYYYMMDD", "1850-01-01").as_deref(),
            Some("18500101")
        );
    }

    #[test]
    fn codes_patterns_and_notes() {
        let m = serde_json::json!({"tables": [{"url": "t.csv", "tableSchema": {
            "columns": [
                {"name": "a", "titles": "甲", "datatype": {"base": "string", "format": "(1|2)"}},
                {"name": "b", "titles": {"zh": "乙", "en": "B"}, "datatype": {"base": "string", "format": "[0-9]{6}", "minLength": 6, "maxLength": 6}},
                {"name": "c", "datatype": "gYear", "required": true}
            ],
            "primaryKey": "c", "foreignKeys": []}}]});
        let yaml = from_csvw(&m, "t").unwrap();
        assert!(yaml.contains("codelist: \"a-codes\""), "{yaml}");
        assert!(yaml.contains("pattern: \"[0-9]{6}\""), "{yaml}");
        assert!(yaml.contains("format: \"c6\""), "{yaml}");
        assert!(yaml.contains("name_en: \"B\""), "{yaml}");
        assert!(yaml.contains("# not kept: c: datatype gYear"), "{yaml}");
        assert!(yaml.contains("# not kept: t: foreign keys"), "{yaml}");
        assert!(yaml.contains("primary_key: [\"c\"]"), "{yaml}");
    }
}
