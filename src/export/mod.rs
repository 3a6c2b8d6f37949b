//! Exports of a dictionary for other tools: the whole dictionary as JSON, and per dataset
//! a JSON Schema of one row, a Frictionless Table Schema (and data package), CSVW
//! metadata, SQL DDL and the Excel catalogue (GB/T 19488 attribute template). Every export states, in its own header or description, what
//! its format cannot express.
//!
//! Pure functions from a [`Dictionary`] to text; the command writes the text.

pub mod catalogue;
pub mod csvw;
pub mod draft;
pub mod frictionless;
pub mod import;
pub mod import_csvw;
pub mod import_jsonschema;
pub mod json;
pub mod jsonschema;
pub mod shape;
pub mod sql;

use std::fmt;

use crate::dictionary::{Dataset, Dictionary, Element};
use crate::text::{Lang, Text};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Json,
    JsonSchema,
    Frictionless,
    Csvw,
    Sql(sql::Dialect),
    /// The cell-level findings of one dataset as one SQL query.
    SqlChecks(sql::Dialect),
}

/// Why an export could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    pub message: Text,
}

impl ExportError {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> ExportError {
        ExportError {
            message: Text::new(zh, en),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.en)
    }
}

impl std::error::Error for ExportError {}

/// Runs an export: the text of `target` for one dataset, or for the whole dictionary.
pub fn export(
    dict: &Dictionary,
    target: Target,
    dataset: Option<&str>,
) -> Result<String, ExportError> {
    export_with(dict, target, dataset, &sql::checks::QueryOptions::default())
}

/// [`export`] with the table and row-id column of a findings query.
pub fn export_with(
    dict: &Dictionary,
    target: Target,
    dataset: Option<&str>,
    query: &sql::checks::QueryOptions,
) -> Result<String, ExportError> {
    let pretty = |v: serde_json::Value| {
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    };
    match target {
        Target::Json => Ok(pretty(json::dictionary(dict))),
        Target::JsonSchema => {
            let id = dataset.ok_or_else(|| needs_dataset(dict))?;
            Ok(pretty(jsonschema::row_schema(
                dict,
                find_dataset(dict, id)?,
            )))
        }
        Target::Frictionless => Ok(pretty(match dataset {
            Some(id) => frictionless::table_schema(dict, find_dataset(dict, id)?),
            None => frictionless::data_package(dict),
        })),
        Target::Csvw => Ok(pretty(csvw::metadata(dict, dataset)?)),
        Target::Sql(dialect) => sql::ddl(dict, dataset, dialect),
        Target::SqlChecks(dialect) => {
            let id = dataset.ok_or_else(|| needs_dataset(dict))?;
            sql::checks::query(dict, id, dialect, query)
        }
    }
}

fn needs_dataset(dict: &Dictionary) -> ExportError {
    let ids: Vec<&str> = dict.datasets.iter().map(|d| d.id.as_str()).collect();
    ExportError::new(
        format!(
            "该格式描述一个数据集的行，请用 --dataset 指定：{}",
            ids.join("、")
        ),
        format!(
            "this format describes the rows of one dataset; choose one with --dataset: {}",
            ids.join(", ")
        ),
    )
}

/// The dataset with this id, or an error naming the known ones.
pub fn find_dataset<'a>(dict: &'a Dictionary, id: &str) -> Result<&'a Dataset, ExportError> {
    dict.dataset(id).ok_or_else(|| {
        let ids: Vec<&str> = dict.datasets.iter().map(|d| d.id.as_str()).collect();
        ExportError::new(
            format!("没有数据集 `{id}`；已有：{}", ids.join("、")),
            format!("no dataset `{id}`; known: {}", ids.join(", ")),
        )
    })
}

/// One column of a dataset with its element.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub element: &'a Element,
    pub required: bool,
    pub unique: bool,
}

/// The dataset's columns in field order. Primary-key fields are required.
pub fn dataset_columns<'a>(dict: &'a Dictionary, dataset: &Dataset) -> Vec<Column<'a>> {
    dataset
        .fields
        .iter()
        .filter_map(|f| {
            dict.element(&f.element).map(|element| Column {
                element,
                required: f.required || dataset.primary_key.contains(&f.element),
                // A conditional uniqueness (`unique_among`) has no form in the export
                // formats; an unconditional constraint would refuse valid records.
                unique: f.unique && f.unique_among.is_none(),
            })
        })
        .collect()
}

/// The codes a value must be one of: its code list, or the shipped GB/T 2260 list for the
/// `gb2260` rule.
pub fn enum_codes(dict: &Dictionary, element: &Element) -> Option<Vec<String>> {
    let mut codes: Option<Vec<String>> = dict
        .codelist_of(element)
        .map(|l| l.values.iter().map(|v| v.code.clone()).collect());
    if element.rule == Some(crate::rules::Rule::Gb2260) {
        let all = crate::rules::gb2260::all_codes();
        codes = Some(match codes {
            Some(list) => list
                .into_iter()
                .filter(|c| all.contains(&c.as_str()))
                .collect(),
            None => all.into_iter().map(str::to_owned).collect(),
        });
    }
    codes
}

/// The notes of an export as one bilingual paragraph.
pub fn notes_text(notes: &[Text]) -> String {
    notes
        .iter()
        .map(|t| format!("{} / {}", t.zh, t.en))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What every per-row schema that checks cells one at a time cannot express, element by
/// element: check characters, list membership of a rule, the month's length.
/// `calendar`: the target cannot check the month's length; `listed`: the target holds the
/// GB/T 2260 list as an enumeration.
pub fn element_gaps(
    dict: &Dictionary,
    element: &Element,
    calendar: bool,
    listed: bool,
) -> Vec<Text> {
    use crate::rules::Rule;
    let mut gaps = Vec::new();
    let who = format!("{} {}", element.id, element.name);
    if let Some(rule) = element.rule {
        let (zh, en) = match rule {
            Rule::Gb11643
            | Rule::Gb11643Old
            | Rule::Gb11643Fprc
            | Rule::Gb32100
            | Rule::Gb11714 => (
                format!("{who}：{} 校验字符（只检查结构）", rule.standard()),
                format!("{who}: the {rule} check character (only the structure is checked)"),
            ),
            Rule::Gb2260 if listed => return gaps_with_calendar(gaps, element, calendar, &who),
            Rule::Gb2260 | Rule::Gb2260History => (
                format!("{who}：GB/T 2260 代码表成员资格（只检查 6 位数字）"),
                format!("{who}: membership of the GB/T 2260 list (only six digits are checked)"),
            ),
            Rule::Email | Rule::Url => (
                format!("{who}：规则 {rule} 以简化的正则表达式近似"),
                format!(
                    "{who}: the {rule} rule is approximated by a simplified regular expression"
                ),
            ),
            Rule::MobileCn => return gaps_with_calendar(gaps, element, calendar, &who),
        };
        gaps.push(Text::new(zh, en));
    }
    let _ = dict;
    gaps_with_calendar(gaps, element, calendar, &who)
}

fn gaps_with_calendar(
    mut gaps: Vec<Text>,
    element: &Element,
    calendar: bool,
    who: &str,
) -> Vec<Text> {
    let template = match &element.format {
        Some(crate::dictionary::Format::Date(t)) => Some(t.clone()),
        _ => shape::date_template(element),
    };
    // Templates with year, month and day in a row carry the calendar in their regex.
    let dated = template.is_some_and(|t| !shape::regex_has_calendar(&t));
    if calendar && dated {
        gaps.push(Text::new(
            format!("{who}：月份天数与闰年（2 月 30 日等只按字段范围检查）"),
            format!("{who}: the length of the month and leap years (30 February passes the field ranges)"),
        ));
    }
    gaps
}
