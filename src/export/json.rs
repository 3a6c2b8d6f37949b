//! The whole dictionary as one JSON document, described by
//! `schemas/dictionary-export.schema.json`: the manifest, every element with all its
//! attributes, every code list with its values, every dataset with its fields.

use serde_json::{json, Value};

use crate::dictionary::{CodeList, Dataset, Dictionary, Element};

/// The `$schema` URI-reference written into the document (relative to the repository).
pub const SCHEMA: &str = "schemas/dictionary-export.schema.json";

/// What the JSON of the dictionary does not carry: its content is whole, its source is not.
pub fn limits() -> Vec<crate::text::Text> {
    vec![crate::text::Text::new(
        "YAML 源文件中的位置、注释与 include 分文件结构（内容完整）",
        "positions in the YAML source, its comments and the include layout of its files (the content is whole)",
    )]
}

pub fn dictionary(dict: &Dictionary) -> Value {
    let m = &dict.manifest;
    json!({
        "$schema": SCHEMA,
        "$comment": format!("未能表达 / Not expressed: {}", super::notes_text(&limits())),
        "govdict": m.format_version,
        "id": m.id,
        "name": m.name,
        "name_en": m.name_en,
        "version": m.version,
        "released": m.released,
        "authority": m.authority,
        "license": m.license,
        "sha256": dict.sha256,
        "classification": m.classification.iter().map(|l| json!({
            "level": l.level, "name": l.name, "mask": l.mask, "open": l.open,
        })).collect::<Vec<_>>(),
        "elements": dict.elements.iter().map(element).collect::<Vec<_>>(),
        "codelists": dict.codelists.iter().map(codelist).collect::<Vec<_>>(),
        "datasets": dict.datasets.iter().map(dataset).collect::<Vec<_>>(),
    })
}

pub fn element(e: &Element) -> Value {
    json!({
        "id": e.id,
        "identifier": e.identifier,
        "name": e.name,
        "name_en": e.name_en,
        "synonyms": e.synonyms,
        "definition": e.definition,
        "object_class": e.object_class,
        "property": e.property,
        "representation": e.representation,
        "type": e.data_type.as_str(),
        "format": e.format.as_ref().map(|f| f.to_string()),
        "rule": e.rule.map(|r| r.as_str()),
        "codelist": e.codelist,
        "pattern": e.pattern_text(),
        "min": e.min,
        "max": e.max,
        "unit": e.unit,
        "classification": e.classification,
        "personal": e.personal.as_str(),
        "status": e.status.as_str(),
        "superseded_by": e.superseded_by,
        "submitter": e.submitter,
        "since": e.since,
    })
}

pub fn codelist(c: &CodeList) -> Value {
    json!({
        "id": c.id,
        "name": c.name,
        "name_en": c.name_en,
        "values": c.values.iter().map(|v| json!({
            "code": v.code, "name": v.name, "name_en": v.name_en, "aliases": v.aliases,
        })).collect::<Vec<_>>(),
    })
}

pub fn dataset(d: &Dataset) -> Value {
    json!({
        "id": d.id,
        "name": d.name,
        "name_en": d.name_en,
        "owner": d.owner,
        "fields": d.fields.iter().map(|f| {
            let mut field = json!({
                "element": f.element, "required": f.required, "unique": f.unique,
            });
            if let Some(u) = &f.unique_among {
                field["unique_among"] = json!({"element": u.element, "values": u.values});
            }
            field
        }).collect::<Vec<_>>(),
        "primary_key": d.primary_key,
    })
}
