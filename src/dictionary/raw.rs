//! What serde reads from a file's JSON view once it has passed the schema: plain structs
//! without positions. Positions come from the node tree, looked up by path.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawManifest {
    pub govdict: Option<u32>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub version: Option<String>,
    pub released: Option<String>,
    pub authority: Option<String>,
    pub license: Option<String>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub classification: Vec<RawLevel>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawLevel {
    pub level: String,
    pub name: String,
    #[serde(default)]
    pub mask: bool,
    #[serde(default = "yes")]
    pub open: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawElement {
    pub id: String,
    pub identifier: Option<String>,
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub system_codes: std::collections::BTreeMap<String, String>,
    pub definition: Option<String>,
    pub object_class: Option<String>,
    pub property: Option<String>,
    pub representation: Option<String>,
    #[serde(rename = "type")]
    pub data_type: String,
    pub format: Option<String>,
    pub rule: Option<String>,
    pub rule_severity: Option<String>,
    pub codelist: Option<String>,
    pub pattern: Option<String>,
    pub min: Option<Value>,
    pub max: Option<Value>,
    pub unit: Option<String>,
    pub classification: Option<String>,
    pub personal: Option<String>,
    pub status: Option<String>,
    pub superseded_by: Option<String>,
    pub submitter: Option<String>,
    pub since: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawCodeValue {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawCodeList {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub values: Vec<RawCodeValue>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawField {
    pub element: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    pub unique_among: Option<RawUniqueAmong>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawUniqueAmong {
    pub element: String,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawDataset {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub owner: Option<String>,
    #[serde(default)]
    pub fields: Vec<RawField>,
    #[serde(default)]
    pub primary_key: Vec<String>,
}

/// A bound as written (`min: 0`, `min: 2000-01-01`) as text.
pub fn bound_text(v: &Option<Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    }
}
