//! `map suggest`: for every source column, the standard element it most likely carries,
//! with a confidence and the evidence used. Each (column, element) pair is scored once
//! (`pair`), the scores are ranked for a dataset and assigned so that each column gets at
//! most one element and each element at most one column (`rank`), and each column's
//! proposal is written up with its samples, value map and alternatives (`field`).

use super::choose::{choose_dataset, DatasetChoice};
use super::content::ValueMap;
use super::file::{FieldMapping, MappingFile};
use super::rank::assemble;
use super::scoring::{score_columns, Prepared};
use super::Method;
use crate::dictionary::{Dictionary, Element};
use crate::text::Text;

/// One column of a departmental export: its header and a sample of its values (for
/// example the first 1,000 non-empty ones).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceColumn {
    pub header: String,
    pub values: Vec<String>,
}

impl SourceColumn {
    pub fn new(header: impl Into<String>, values: Vec<String>) -> SourceColumn {
        SourceColumn {
            header: header.into(),
            values,
        }
    }
}

/// Options of `suggest`.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestOptions {
    /// Prefer the elements of this dataset.
    pub dataset: Option<String>,
    /// Written into the mapping file.
    pub department: Option<String>,
    /// Matches below this confidence are not proposed.
    pub min_confidence: f64,
    /// The most non-empty values per column looked at.
    pub sample_limit: usize,
    /// How many (masked) sample values each row shows.
    pub shown_samples: usize,
}

impl Default for SuggestOptions {
    fn default() -> SuggestOptions {
        SuggestOptions {
            dataset: None,
            department: None,
            min_confidence: 0.35,
            sample_limit: 1000,
            shown_samples: 3,
        }
    }
}

/// Another element a column could be, with its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub element: String,
    /// The element's name, for people reading the proposal.
    pub name: String,
    pub confidence: f64,
}

/// The proposal for one source column.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedField {
    /// 0-based position of the column.
    pub column: usize,
    pub source: String,
    /// `None`: no element fits.
    pub element: Option<String>,
    pub element_name: Option<String>,
    pub method: Option<Method>,
    /// 0–1; 0 when unmatched.
    pub confidence: f64,
    /// The header evidence alone, 0–1.
    pub header_score: Option<f64>,
    /// Share of the sample that passes the element's checks.
    pub content_rate: Option<f64>,
    /// A few distinct sample values, masked when the element (or an unmatched column)
    /// may carry personal or classified data.
    pub samples: Vec<String>,
    pub value_map: Option<ValueMap>,
    pub source_format: Option<String>,
    /// Units, unmappable values and similar remarks.
    pub notes: Vec<Text>,
    /// Next best elements, best first.
    pub alternatives: Vec<Alternative>,
}

/// The proposals for one export.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub department: Option<String>,
    pub dataset: Option<String>,
    /// `dictionary-id@version`.
    pub dictionary: String,
    /// One row per source column, in column order.
    pub fields: Vec<SuggestedField>,
    /// Set when no dataset was named and this one was chosen from the columns.
    pub dataset_choice: Option<DatasetChoice>,
}

impl Suggestion {
    /// Columns no element fits.
    pub fn unmatched(&self) -> impl Iterator<Item = &SuggestedField> {
        self.fields.iter().filter(|f| f.element.is_none())
    }

    /// The suggestion as a mapping file (docs/spec.md §3), notes in both languages.
    pub fn to_mapping_file(&self) -> MappingFile {
        MappingFile {
            department: self.department.clone(),
            dataset: self.dataset.clone(),
            dictionary: Some(self.dictionary.clone()),
            fields: self
                .fields
                .iter()
                .map(|f| FieldMapping {
                    source: f.source.clone(),
                    element: f.element.clone(),
                    method: f.method.map(|m| m.as_str().to_string()),
                    confidence: f.element.as_ref().map(|_| round2(f.confidence)),
                    values: f
                        .value_map
                        .as_ref()
                        .filter(|m| !m.recodes.is_empty())
                        .map(|m| m.recodes.clone()),
                    source_format: f.source_format.clone(),
                    note: (!f.notes.is_empty()).then(|| {
                        f.notes
                            .iter()
                            .map(|t| format!("{} / {}", t.zh, t.en))
                            .collect::<Vec<_>>()
                            .join("; ")
                    }),
                })
                .collect(),
        }
    }
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Proposes an element for every column. `checker` says whether a value passes an
/// element's checks (format, rule, code list, pattern, range). Without a dataset in the
/// options, the dataset the columns fit best is chosen (as `validate` does), the columns
/// are ranked again preferring it, and the choice is reported with its margin.
pub fn suggest(
    dict: &Dictionary,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
) -> Suggestion {
    suggest_with_progress(
        dict,
        columns,
        options,
        checker,
        &crate::progress::NoProgress,
    )
}

/// `suggest`, telling `progress` of each column scored (wide exports take a while). The
/// columns are scored once; choosing the dataset only ranks the same scores again.
pub fn suggest_with_progress(
    dict: &Dictionary,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
    progress: &dyn crate::progress::Progress,
) -> Suggestion {
    suggest_prepared(&Prepared::new(dict), columns, options, checker, progress)
}

/// [`suggest_with_progress`] with the dictionary's indexes built already.
pub(crate) fn suggest_prepared(
    prepared: &Prepared<'_>,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
    progress: &dyn crate::progress::Progress,
) -> Suggestion {
    let scored = score_columns(prepared, columns, options, checker, progress);
    let first = assemble(
        prepared,
        columns,
        &scored,
        options.dataset.as_deref(),
        options,
    );
    if options.dataset.is_some() {
        return first;
    }
    let Some(choice) = choose_dataset(prepared.dictionary(), &first) else {
        return first;
    };
    let mut s = assemble(prepared, columns, &scored, Some(&choice.dataset), options);
    s.dataset_choice = Some(choice);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::test_support::{checker, dictionary};

    #[test]
    fn odd_input_gives_rows_not_panics() {
        let dict = dictionary();
        let check = checker(&dict);
        let options = SuggestOptions::default();
        assert!(suggest(&dict, &[], &options, &check).fields.is_empty());
        let cols = vec![
            SourceColumn::new("", vec![]),
            SourceColumn::new("   ", vec!["".into(), " ".into()]),
            SourceColumn::new("性别", vec!["1".into()]),
            SourceColumn::new("性别", vec!["2".into()]),
            SourceColumn::new("(元)", vec!["\u{0}".into()]),
        ];
        let s = suggest(&dict, &cols, &options, &check);
        assert_eq!(s.fields.len(), 5);
        assert_eq!(
            s.fields
                .iter()
                .filter(|f| f.element.as_deref() == Some("DE00003"))
                .count(),
            1
        );
        assert_eq!(s.fields[0].element, None);
        assert_eq!(s.fields[1].element, None);
    }

    #[test]
    fn dataset_preference_breaks_ties() {
        // `日期` is equally close to 成立日期 and 出生日期 by name; the chosen dataset
        // (enterprise registration) carries only the former.
        let dict = dictionary();
        let check = checker(&dict);
        let cols = vec![SourceColumn::new("成立日", vec!["20200101".into()])];
        let options = SuggestOptions {
            dataset: Some("enterprise-registration".into()),
            ..SuggestOptions::default()
        };
        let s = suggest(&dict, &cols, &options, &check);
        assert_eq!(s.fields[0].element.as_deref(), Some("DE01004"));
        let s = suggest(
            &dict,
            &[SourceColumn::new("日期", vec!["20200101".into()])],
            &options,
            &check,
        );
        assert_eq!(
            s.fields[0].element.as_deref(),
            Some("DE01004"),
            "{:?}",
            s.fields[0]
        );
    }

    #[test]
    fn sample_limit_is_respected() {
        let dict = dictionary();
        let check = checker(&dict);
        // Only the first value is looked at: it is a valid code, the rest are not.
        let mut values = vec!["1".to_string()];
        values.extend(std::iter::repeat_n("x".to_string(), 50));
        let options = SuggestOptions {
            sample_limit: 1,
            ..SuggestOptions::default()
        };
        let s = suggest(&dict, &[SourceColumn::new("XB", values)], &options, &check);
        assert_eq!(s.fields[0].content_rate, Some(1.0));
    }
}
