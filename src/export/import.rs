//! Adopting an existing schema: a Frictionless Table Schema (or a data package, or a
//! resource holding one) becomes a dictionary in the YAML format of the spec, one element
//! per field and one dataset per table.
//!
//! Kept: names, titles (as English names), descriptions, types, strptime date formats (as
//! templates), `enum` (as a code list), `pattern`, `minLength`/`maxLength` (as a `c`
//! format), `minimum`/`maximum`, `required`, `unique` and the primary key. A schema that
//! govdict exported carries `x-govdict` on each field, and its element ids, formats and
//! rules come back as they were. What has no counterpart (other types, formats, foreign
//! keys) is listed in comments at the top of the file.

use serde_json::Value;

use super::ExportError;

/// The YAML text of a dictionary holding the tables of a Frictionless descriptor.
pub fn from_frictionless(descriptor: &Value, fallback_name: &str) -> Result<String, ExportError> {
    let tables = tables(descriptor, fallback_name)?;
    let mut notes = Vec::new();
    let mut elements = Vec::new();
    let mut codelists = Vec::new();
    let mut datasets = Vec::new();
    let mut seq = 0;
    // Tables share elements: a field whose name (or exported element id) was seen before
    // is the same element.
    let mut seen: Vec<(String, String)> = Vec::new();
    for (table_id, table_title, schema) in &tables {
        let fields = schema["fields"].as_array().ok_or_else(|| {
            ExportError::new(
                "Table Schema 缺少 fields 数组",
                "the Table Schema has no `fields` array",
            )
        })?;
        let mut dataset_fields = Vec::new();
        let mut ids_by_name = Vec::new();
        for f in fields {
            let fname = f["name"].as_str().unwrap_or_default().to_owned();
            let known = seen
                .iter()
                .find(|(n, id)| *n == fname || f["x-govdict"]["element"].as_str() == Some(id))
                .map(|(_, id)| id.clone());
            let element = match known {
                Some(id) => (id, String::new()),
                None => {
                    seq += 1;
                    let e = element(f, table_id, seq, &mut codelists, &mut notes)?;
                    seen.push((fname, e.0.clone()));
                    e
                }
            };
            let c = &f["constraints"];
            let required = c["required"].as_bool().unwrap_or(false);
            let unique = c["unique"].as_bool().unwrap_or(false);
            dataset_fields.push(format!(
                "      - {{element: {}, required: {required}, unique: {unique}}}",
                q(&element.0)
            ));
            ids_by_name.push((
                f["name"].as_str().unwrap_or_default().to_owned(),
                element.0.clone(),
            ));
            elements.push(element.1);
        }
        let key: Vec<String> = match &schema["primaryKey"] {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
        .into_iter()
        .filter_map(|name| {
            ids_by_name
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, id)| q(id))
        })
        .collect();
        if schema.get("foreignKeys").is_some() {
            notes.push(format!("{table_id}: foreign keys are not kept"));
        }
        let mut d = format!(
            "  - id: {}\n    name: {}\n    fields:\n{}\n",
            q(table_id),
            q(table_title),
            dataset_fields.join("\n")
        );
        if !key.is_empty() {
            d.push_str(&format!("    primary_key: [{}]\n", key.join(", ")));
        }
        datasets.push(d);
    }
    let name = descriptor["title"]
        .as_str()
        .or_else(|| descriptor["name"].as_str())
        .unwrap_or(fallback_name);
    let mut out = String::from("# Imported by govdict import --from frictionless.\n");
    for n in &notes {
        out.push_str(&format!("# not kept: {n}\n"));
    }
    out.push_str(&format!(
        "govdict: 1\nid: {}\nname: {}\nversion: {}\n",
        q(&id_of(descriptor["name"].as_str().unwrap_or(fallback_name))),
        q(name),
        q(descriptor["version"].as_str().unwrap_or("0.1.0")),
    ));
    if !codelists.is_empty() {
        out.push_str("codelists:\n");
        out.push_str(&codelists.concat());
    }
    out.push_str("elements:\n");
    out.push_str(&elements.concat());
    out.push_str("datasets:\n");
    out.push_str(&datasets.concat());
    Ok(out)
}

/// (dataset id, title, Table Schema) of each table in the descriptor.
fn tables(descriptor: &Value, fallback: &str) -> Result<Vec<(String, String, Value)>, ExportError> {
    if descriptor["fields"].is_array() {
        return Ok(vec![(
            id_of(fallback),
            fallback.to_owned(),
            descriptor.clone(),
        )]);
    }
    if descriptor["schema"]["fields"].is_array() {
        let name = descriptor["name"].as_str().unwrap_or(fallback);
        let title = descriptor["title"].as_str().unwrap_or(name);
        return Ok(vec![(
            id_of(name),
            title.to_owned(),
            descriptor["schema"].clone(),
        )]);
    }
    if let Some(resources) = descriptor["resources"].as_array() {
        let out: Vec<_> = resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r["schema"]["fields"].is_array())
            .map(|(i, r)| {
                let name = r["name"]
                    .as_str()
                    .map_or_else(|| format!("table-{}", i + 1), str::to_owned);
                let title = r["title"].as_str().unwrap_or(&name).to_owned();
                (id_of(&name), title, r["schema"].clone())
            })
            .collect();
        if !out.is_empty() {
            return Ok(out);
        }
    }
    Err(ExportError::new(
        "不是含内联 schema 的 Table Schema、资源或数据包",
        "not a Table Schema, nor a resource or data package with inline schemas",
    ))
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
pub(super) fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub(super) fn id_of(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "imported".into()
    } else {
        s
    }
}

/// A strptime format as a date template; `None` when it uses other directives.
fn template(strptime: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = strptime.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            if c.is_ascii_alphanumeric() && c != 'T' {
                return None;
            }
            out.push(c);
            continue;
        }
        out.push_str(match chars.next()? {
            'Y' => "YYYY",
            'm' => "MM",
            'd' => "DD",
            'H' => "hh",
            'M' => "mm",
            'S' => "ss",
            _ => return None,
        });
    }
    Some(out)
}

/// One element: (id, YAML list item). Code lists for `enum` go to `codelists`.
fn element(
    f: &Value,
    table: &str,
    seq: usize,
    codelists: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<(String, String), ExportError> {
    let name = f["name"]
        .as_str()
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ExportError::new("有字段缺少名称", "a field has no name"))?;
    let ours = &f["x-govdict"];
    let id = ours["element"]
        .as_str()
        .map_or_else(|| format!("DE{seq:05}"), str::to_owned);
    let c = &f["constraints"];
    let kind = f["type"].as_str().unwrap_or("string");
    let mut lines = vec![
        format!("  - id: {}", q(&id)),
        format!("    name: {}", q(name)),
    ];
    if let Some(t) = f["title"].as_str() {
        lines.push(format!("    name_en: {}", q(t)));
    }
    if let Some(d) = f["description"].as_str() {
        lines.push(format!("    definition: {}", q(d)));
    }
    let has_enum = c["enum"].is_array();
    let data_type = ours["type"].as_str().map(str::to_owned).unwrap_or_else(|| {
        match kind {
            "integer" => "integer",
            "number" => "decimal",
            "boolean" => "boolean",
            "date" => "date",
            "datetime" => "datetime",
            "time" => "time",
            "string" if has_enum => "code",
            "string" => "string",
            other => {
                notes.push(format!("{name}: type {other} (imported as string)"));
                "string"
            }
        }
        .to_owned()
    });
    lines.push(format!("    type: {data_type}"));
    let mut format = ours["format"].as_str().map(str::to_owned);
    if format.is_none() && matches!(kind, "date" | "datetime" | "time") {
        match f["format"].as_str() {
            None | Some("default" | "any") => {}
            Some(p) => match template(p) {
                Some(t) => format = Some(t),
                None => notes.push(format!("{name}: date format {p}")),
            },
        }
    }
    if format.is_none() && kind == "string" {
        let (lo, hi) = (c["minLength"].as_u64(), c["maxLength"].as_u64());
        format = match (lo, hi) {
            (Some(lo), Some(hi)) if lo == hi && lo > 0 => Some(format!("c{lo}")),
            (Some(lo), Some(hi)) if lo > 0 && lo < hi => Some(format!("c{lo}..{hi}")),
            (_, Some(hi)) if hi > 0 => Some(format!("c..{hi}")),
            _ => None,
        };
    }
    if let Some(fm) = &format {
        lines.push(format!("    format: {}", q(fm)));
    }
    if let Some(r) = ours["rule"].as_str() {
        lines.push(format!("    rule: {}", q(r)));
    }
    // GB/T 2260 is exported as an enumeration of the rule's list: the rule comes back.
    let listed = c["enum"]
        .as_array()
        .filter(|_| ours["rule"].as_str() != Some("gb2260"));
    if let Some(values) = listed {
        let list_id = ours["codelist"]
            .as_str()
            .map_or_else(|| format!("{table}.{}", id_of(name)), str::to_owned);
        let mut entry = format!(
            "  - id: {}\n    name: {}\n    values:\n",
            q(&list_id),
            q(name)
        );
        for v in values {
            let code = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            entry.push_str(&format!(
                "      - {{code: {}, name: {}}}\n",
                q(&code),
                q(&code)
            ));
        }
        if !codelists
            .iter()
            .any(|c| c.starts_with(&format!("  - id: {}\n", q(&list_id))))
        {
            codelists.push(entry);
        }
        if data_type == "code" {
            lines.push(format!("    codelist: {}", q(&list_id)));
        } else {
            notes.push(format!("{name}: enum on a {data_type} field"));
        }
    }
    // Patterns govdict wrote for its own formats and rules come back through those.
    if ours.is_null() {
        if let Some(p) = c["pattern"].as_str() {
            if crate::dictionary::compile_pattern(p).is_ok() {
                lines.push(format!("    pattern: {}", q(p)));
            } else {
                notes.push(format!("{name}: pattern {p} (not a linear-time regex)"));
            }
        }
    }
    for (key, ours_key) in [("minimum", "min"), ("maximum", "max")] {
        let bound = match &c[key] {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            _ => None,
        };
        if let Some(b) = bound {
            let b = match (data_type.as_str(), format.as_deref()) {
                ("date", Some(fm)) if b.len() == 10 && fm == "YYYYMMDD" => b.replace('-', ""),
                _ => b,
            };
            lines.push(format!("    {ours_key}: {}", q(&b)));
        }
    }
    Ok((id, lines.join("\n") + "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strptime_formats_become_templates() {
        assert_eq!(template("%Y%m%d").as_deref(), Some("YYYYMMDD"));
        assert_eq!(
            template("%Y-%m-%dT%H:%M:%S").as_deref(),
            Some("YYYY-MM-DDThh:mm:ss")
        );
        assert_eq!(template("%d/%b/%Y"), None);
    }
}
