//! `map suggest`: for every source column, the standard element it most likely carries,
//! with a confidence and the evidence used. Header evidence (names, synonyms, pinyin,
//! similar names, units) and content evidence (the sample run through each candidate's
//! checks) confirm or overrule each other; an optimal assignment then gives each column
//! at most one element and each element at most one column.

use std::collections::{HashMap, HashSet};

use super::assign::assign;
use super::content::{evidence, CodeIndex, ContentEvidence, ValueMap};
use super::file::{FieldMapping, MappingFile};
use super::score::{header_match, specificity, ElementKeys, HeaderKeys, HeaderMatch};
use super::Method;
use crate::dictionary::{Dictionary, Element, Status};
use crate::mask::mask;
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

/// Candidates kept per column before the assignment.
const CANDIDATES_PER_COLUMN: usize = 10;
/// Content-only matches need this pass rate.
const CONTENT_ONLY_RATE: f64 = 0.9;
/// Content-only matches need an element at least this specific (a rule, code list,
/// date or fixed-length format).
const CONTENT_ONLY_SPECIFICITY: f64 = 0.5;
/// Values tried before running a content-only candidate on the whole sample.
const PROBE: usize = 20;

/// Header and content evidence combined into one confidence.
fn combine(h: Option<&HeaderMatch>, c: Option<f64>, spec: f64) -> Option<(f64, Method)> {
    match (h, c) {
        (Some(h), Some(c)) => {
            let s = if c >= CONTENT_ONLY_RATE {
                // Contents confirm: close part of the gap, more for specific checks.
                h.score + (1.0 - h.score) * 0.6 * spec * c
            } else if c < 0.5 && spec >= CONTENT_ONLY_SPECIFICITY {
                // Contents overrule: most values break a specific element's checks.
                h.score * (0.4 + 0.6 * c)
            } else {
                h.score
            };
            Some((s, h.method))
        }
        (Some(h), None) => Some((h.score, h.method)),
        (None, Some(c)) if c >= CONTENT_ONLY_RATE && spec >= CONTENT_ONLY_SPECIFICITY => {
            Some((0.75 * spec * c, Method::Content))
        }
        _ => None,
    }
}

/// One scored (column, element) pair.
struct Candidate {
    element: usize,
    score: f64,
    method: Method,
    header: Option<HeaderMatch>,
    content: ContentEvidence,
}

/// Proposes an element for every column. `checker` says whether a value passes an
/// element's checks (format, rule, code list, pattern, range).
pub fn suggest(
    dict: &Dictionary,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
) -> Suggestion {
    let keys: Vec<ElementKeys> = dict.elements.iter().map(ElementKeys::new).collect();
    let specs: Vec<f64> = dict.elements.iter().map(specificity).collect();
    // One spelling index per code list, not one per column and element: a 9,000-column
    // export against GB/T 2260 would otherwise rebuild it millions of times.
    let indexes: HashMap<&str, CodeIndex> = dict
        .codelists
        .iter()
        .map(|list| (list.id.as_str(), CodeIndex::new(list)))
        .collect();
    let in_dataset: Option<HashSet<&str>> = options
        .dataset
        .as_deref()
        .and_then(|d| dict.dataset(d))
        .map(|d| d.fields.iter().map(|f| f.element.as_str()).collect());

    let mut per_column: Vec<Vec<Candidate>> = Vec::with_capacity(columns.len());
    let mut samples: Vec<Vec<String>> = Vec::with_capacity(columns.len());
    for col in columns {
        let sample: Vec<String> = col
            .values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .take(options.sample_limit)
            .map(str::to_string)
            .collect();
        let h = HeaderKeys::new(&col.header);
        let mut cands = Vec::new();
        for (i, e) in dict.elements.iter().enumerate() {
            let (Some(ek), Some(&spec)) = (keys.get(i), specs.get(i)) else {
                continue;
            };
            let hm = header_match(&h, ek, &e.name);
            let list = e.codelist.as_deref().and_then(|id| indexes.get(id));
            if hm.is_none() {
                // Content-only: skip generic elements and those the first values refute.
                if spec < CONTENT_ONLY_SPECIFICITY || sample.is_empty() {
                    continue;
                }
                let probe = &sample[..sample.len().min(PROBE)];
                let pe = evidence(e, list, probe, checker);
                if pe.pass_rate.is_none_or(|r| r < CONTENT_ONLY_RATE) {
                    continue;
                }
            }
            let ce = evidence(e, list, &sample, checker);
            let Some((mut score, method)) = combine(hm.as_ref(), ce.pass_rate, spec) else {
                continue;
            };
            if let Some(set) = &in_dataset {
                if set.contains(e.id.as_str()) {
                    score += 0.05;
                } else {
                    score *= 0.9;
                }
            }
            if matches!(e.status, Status::Retired | Status::Superseded) {
                score *= 0.8;
            }
            let score = score.clamp(0.0, 1.0);
            if score >= options.min_confidence {
                cands.push(Candidate {
                    element: i,
                    score,
                    method,
                    header: hm,
                    content: ce,
                });
            }
        }
        cands.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.element.cmp(&b.element)));
        cands.truncate(CANDIDATES_PER_COLUMN);
        per_column.push(cands);
        samples.push(sample);
    }

    // Assignment over the elements that are a candidate somewhere.
    let mut element_ids: Vec<usize> = per_column.iter().flatten().map(|c| c.element).collect();
    element_ids.sort_unstable();
    element_ids.dedup();
    let matrix: Vec<Vec<f64>> = per_column
        .iter()
        .map(|cands| {
            let mut row = vec![0.0; element_ids.len()];
            for c in cands {
                if let Ok(j) = element_ids.binary_search(&c.element) {
                    if let Some(slot) = row.get_mut(j) {
                        *slot = c.score;
                    }
                }
            }
            row
        })
        .collect();
    let chosen = assign(&matrix, element_ids.len());

    let fields = columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let cands = per_column.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let pick = chosen
                .get(i)
                .copied()
                .flatten()
                .and_then(|j| element_ids.get(j))
                .and_then(|&e| cands.iter().find(|c| c.element == e));
            let sample = samples.get(i).map(Vec::as_slice).unwrap_or(&[]);
            field(dict, i, col, sample, pick, cands, options)
        })
        .collect();
    Suggestion {
        department: options.department.clone(),
        dataset: options.dataset.clone(),
        dictionary: format!("{}@{}", dict.manifest.id, dict.manifest.version),
        fields,
    }
}

fn field(
    dict: &Dictionary,
    column: usize,
    col: &SourceColumn,
    sample: &[String],
    pick: Option<&Candidate>,
    cands: &[Candidate],
    options: &SuggestOptions,
) -> SuggestedField {
    let element = pick.and_then(|c| dict.elements.get(c.element));
    let masked = element.is_none_or(|e| dict.is_masked(e));
    let mut shown: Vec<String> = Vec::new();
    for v in sample {
        if shown.len() >= options.shown_samples {
            break;
        }
        let v = if masked { mask(v) } else { v.clone() };
        if !shown.contains(&v) {
            shown.push(v);
        }
    }
    let alternatives: Vec<Alternative> = cands
        .iter()
        .filter(|c| pick.is_none_or(|p| p.element != c.element))
        .take(3)
        .filter_map(|c| {
            dict.elements.get(c.element).map(|e| Alternative {
                element: e.id.clone(),
                confidence: round2(c.score),
            })
        })
        .collect();
    let mut notes = Vec::new();
    let (Some(pick), Some(e)) = (pick, element) else {
        notes.push(Text::new("未找到对应数据元", "no matching element"));
        // Candidates that lost their element to a better column are worth a look.
        let alts: &Vec<Alternative> = &alternatives;
        if !alts.is_empty() {
            let list = alts
                .iter()
                .map(|a| format!("{} ({:.2})", a.element, a.confidence))
                .collect::<Vec<_>>()
                .join(", ");
            notes.push(Text::new(
                format!("候选：{list}"),
                format!("candidates: {list}"),
            ));
        }
        return SuggestedField {
            column,
            source: col.header.clone(),
            element: None,
            element_name: None,
            method: None,
            confidence: 0.0,
            header_score: None,
            content_rate: None,
            samples: shown,
            value_map: None,
            source_format: None,
            notes,
            alternatives,
        };
    };
    if let Some(unit) = pick.header.as_ref().and_then(|h| h.unit.as_deref()) {
        match e.unit.as_deref() {
            Some(u) if crate::normalize::normalize(u) == unit => {}
            Some(u) => notes.push(Text::new(
                format!("单位不同：源为 {unit}，标准为 {u}"),
                format!("unit differs: source {unit}, standard {u}"),
            )),
            None => notes.push(Text::new(
                format!("源单位 {unit}"),
                format!("source unit {unit}"),
            )),
        }
    }
    if let Some(map) = &pick.content.value_map {
        if !map.unmappable.is_empty() {
            let list: Vec<String> = map
                .unmappable
                .iter()
                .take(10)
                .map(|v| {
                    if dict.is_masked(e) {
                        mask(v)
                    } else {
                        v.clone()
                    }
                })
                .collect();
            notes.push(Text::new(
                format!("无法对应代码的值：{}", list.join("、")),
                format!("values with no code: {}", list.join(", ")),
            ));
        }
    }
    SuggestedField {
        column,
        source: col.header.clone(),
        element: Some(e.id.clone()),
        element_name: Some(e.name.clone()),
        method: Some(pick.method),
        confidence: pick.score,
        header_score: pick.header.as_ref().map(|h| h.score),
        content_rate: pick.content.pass_rate,
        samples: shown,
        value_map: pick.content.value_map.clone(),
        source_format: pick.content.source_format.clone(),
        notes,
        alternatives,
    }
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
