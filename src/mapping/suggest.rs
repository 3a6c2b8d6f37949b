//! `map suggest`: for every source column, the standard element it most likely carries,
//! with a confidence and the evidence used. Header evidence (names, synonyms, pinyin,
//! similar names, units) and content evidence (the sample run through each candidate's
//! checks) confirm or overrule each other; an optimal assignment then gives each column
//! at most one element and each element at most one column.

use std::collections::{HashMap, HashSet};

use super::assign::assign;
use super::candidates::CandidateIndex;
use super::choose::{choose_dataset, DatasetChoice};
use super::content::{codelist_specificity, evidence, CodeIndex, ContentEvidence, ValueMap};
use super::file::{FieldMapping, MappingFile};
use super::kinds::{self, Kind};
use super::score::{header_match, specificity, ElementKeys, HeaderKeys, HeaderMatch};
use super::Method;
use crate::dictionary::{Dictionary, Element, Status};
use crate::mask::{looks_like_data, mask, mask_value};
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

/// Candidates kept per column before the assignment.
const CANDIDATES_PER_COLUMN: usize = 10;
/// Content-only matches need this pass rate.
const CONTENT_ONLY_RATE: f64 = 0.9;
/// Content-only matches need an element at least this specific (a rule, code list,
/// date or fixed-length format).
pub(crate) const CONTENT_ONLY_SPECIFICITY: f64 = 0.5;
/// Values tried before running a content-only candidate on the whole sample.
const PROBE: usize = 20;

/// Header and content evidence combined into one confidence.
fn combine(h: Option<&HeaderMatch>, c: Option<f64>, spec: f64) -> Option<(f64, Method)> {
    match (h, c) {
        (Some(h), Some(c)) => {
            let s = if c >= CONTENT_ONLY_RATE {
                // Contents confirm: close part of the gap, more for specific checks.
                h.score + (1.0 - h.score) * 0.6 * spec * c
            } else if c < 0.5 {
                // Contents overrule: most values break the element's checks, however
                // well the header reads.
                h.score * (0.2 + 0.6 * c)
            } else {
                h.score * (0.7 + 0.3 * c)
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

/// What the matching decided for one column.
struct Outcome<'a> {
    pick: Option<&'a Candidate>,
    cands: &'a [Candidate],
    refuted: Option<&'a Refuted>,
}

/// A header match the sample refuted: kept to explain why a column stays unmapped.
#[derive(Debug, Clone, Copy)]
struct Refuted {
    element: usize,
    /// The header evidence alone.
    header: f64,
    /// Share of the sample that passed.
    rate: f64,
}

/// One scored (column, element) pair.
struct Candidate {
    element: usize,
    score: f64,
    method: Method,
    header: Option<HeaderMatch>,
    content: ContentEvidence,
    /// Set when the header named the element but the values refuted it.
    refuted: Option<Refuted>,
}

/// A column prepared once: its header keys, its sample and the kinds of value it holds.
struct ColumnView<'a> {
    header: HeaderKeys,
    sample: &'a [String],
    /// Share of the sample of each recognisable kind.
    kinds: Vec<(Kind, f64)>,
    /// The values count rows: 1, 2, 3, … (or start elsewhere and step by one).
    is_counter: bool,
}

/// Whether most consecutive values step up by one.
fn counts_rows(sample: &[String]) -> bool {
    let numbers: Vec<Option<u64>> = sample.iter().take(200).map(|v| v.parse().ok()).collect();
    if numbers.len() < 5 {
        return false;
    }
    let steps = numbers
        .windows(2)
        .filter(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if b == a + 1))
        .count();
    steps as f64 >= 0.9 * (numbers.len() - 1) as f64
}

impl<'a> ColumnView<'a> {
    fn new(header: &str, sample: &'a [String]) -> ColumnView<'a> {
        let probe = &sample[..sample.len().min(200)];
        ColumnView {
            header: HeaderKeys::new(header),
            sample,
            kinds: kinds::ALL
                .iter()
                .map(|&k| (k, kinds::share(k, probe)))
                .collect(),
            is_counter: counts_rows(sample),
        }
    }

    fn share(&self, kind: Kind) -> f64 {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0.0, |(_, s)| *s)
    }

    /// Whether the values are clearly of a kind other than `kind`.
    fn clearly_other(&self, kind: Kind) -> bool {
        if kind == Kind::Mobile {
            return self.share(Kind::OfficeCode) >= 0.5;
        }
        self.kinds
            .iter()
            .any(|&(k, s)| k != kind && k != Kind::Mobile && k != Kind::OfficeCode && s >= 0.8)
    }
}

/// Share of the sample a recognised kind needs to count as evidence.
const KIND_SHARE: f64 = 0.8;
/// How specific a recognised kind is (a person name says less than a check digit).
const KIND_SPECIFICITY: f64 = 0.6;

#[cfg(test)]
thread_local! {
    /// How many (column, element) pairs were scored on this thread.
    pub(crate) static SCORED_PAIRS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A code list with how specific the column's values find it (computed once per column
/// and list, not once per element).
type ListEvidence<'i, 'a> = (&'i CodeIndex<'a>, f64);

/// Scores one column against one element; `None` when there is no evidence at all.
fn score_pair(
    column: &ColumnView<'_>,
    e: &Element,
    ek: &ElementKeys,
    spec: f64,
    list: Option<ListEvidence<'_, '_>>,
    checker: &dyn Fn(&Element, &str) -> bool,
) -> Option<Candidate> {
    #[cfg(test)]
    SCORED_PAIRS.with(|n| n.set(n.get() + 1));
    let sample = column.sample;
    let hm = header_match(&column.header, ek, &e.name);
    let expected = kinds::expected(e);
    let kind_share = expected.map(|k| column.share(k));
    let kind_fits = kind_share.is_some_and(|s| s >= KIND_SHARE);
    let kind_clash = expected
        .is_some_and(|k| (k == Kind::Mobile || column.share(k) < 0.3) && column.clearly_other(k));
    if column.is_counter {
        // A row counter (`序号`: 1, 2, 3, …) is never a data element.
        return None;
    }
    // A code list's specificity depends on how the values matched it.
    let spec = match list {
        Some((_, list_spec)) if !sample.is_empty() => spec.min(list_spec),
        _ => spec,
    };
    let list = list.map(|(index, _)| index);
    if hm.is_none() {
        // Content-only: skip generic elements and those the first values refute.
        if sample.is_empty() || kind_clash {
            return None;
        }
        if kind_fits && spec < CONTENT_ONLY_SPECIFICITY {
            let rate = kind_share.unwrap_or(0.0);
            return Some(Candidate {
                element: 0,
                score: 0.75 * KIND_SPECIFICITY * rate,
                method: Method::Content,
                header: None,
                content: ContentEvidence {
                    pass_rate: Some(rate),
                    ..ContentEvidence::default()
                },
                refuted: None,
            });
        }
        if spec < CONTENT_ONLY_SPECIFICITY {
            return None;
        }
        let probe = &sample[..sample.len().min(PROBE)];
        let pe = evidence(e, list, probe, checker);
        if pe.pass_rate.is_none_or(|r| r < CONTENT_ONLY_RATE) {
            return None;
        }
    }
    let ce = evidence(e, list, sample, checker);
    let mut rate = ce.pass_rate;
    if kind_clash {
        rate = Some(0.0);
    }
    let spec = if kind_fits {
        spec.max(KIND_SPECIFICITY)
    } else {
        spec
    };
    let (score, method) = combine(hm.as_ref(), rate, spec)?;
    let refuted = match (&hm, rate) {
        (Some(h), Some(r)) if r < 0.5 => Some(Refuted {
            element: 0,
            header: h.score,
            rate: r,
        }),
        _ => None,
    };
    Some(Candidate {
        element: 0,
        score,
        method,
        header: hm,
        content: ce,
        refuted,
    })
}

/// Content-only candidates that several elements fit equally are a guess between them:
/// their confidence is shared out, so that a value list many code lists accept does not
/// read as certain.
fn share_content_only(cands: &mut [Candidate]) {
    let best = cands
        .iter()
        .filter(|c| c.method == Method::Content)
        .map(|c| c.score)
        .fold(0.0, f64::max);
    let rivals = cands
        .iter()
        .filter(|c| c.method == Method::Content && c.score >= 0.9 * best)
        .count();
    if rivals > 1 {
        let factor = 1.0 / (rivals as f64).sqrt();
        for c in cands.iter_mut().filter(|c| c.method == Method::Content) {
            c.score *= factor;
        }
    }
}

/// Proposes an element for every column. `checker` says whether a value passes an
/// element's checks (format, rule, code list, pattern, range). Without a dataset in the
/// options, the dataset the columns fit best is chosen (as `validate` does), the columns
/// are matched again preferring it, and the choice is reported with its margin.
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

/// `suggest`, telling `progress` of each column of the first pass (wide exports take a
/// while); the second pass, preferring the chosen dataset, reuses the same evidence.
pub fn suggest_with_progress(
    dict: &Dictionary,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
    progress: &dyn crate::progress::Progress,
) -> Suggestion {
    if options.dataset.is_some() {
        return suggest_in(dict, columns, options, checker, progress);
    }
    let first = suggest_in(dict, columns, options, checker, progress);
    let Some(choice) = choose_dataset(dict, &first) else {
        return first;
    };
    let preferred = SuggestOptions {
        dataset: Some(choice.dataset.clone()),
        ..options.clone()
    };
    let mut s = suggest_in(
        dict,
        columns,
        &preferred,
        checker,
        &crate::progress::NoProgress,
    );
    s.dataset_choice = Some(choice);
    s
}

fn suggest_in(
    dict: &Dictionary,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
    progress: &dyn crate::progress::Progress,
) -> Suggestion {
    let keys: Vec<ElementKeys> = dict.elements.iter().map(ElementKeys::new).collect();
    let specs: Vec<f64> = dict.elements.iter().map(specificity).collect();
    let index = CandidateIndex::new(&dict.elements, &keys, &specs);
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
    let mut refuted: Vec<Vec<Refuted>> = Vec::with_capacity(columns.len());
    for col in columns {
        progress.step();
        let sample: Vec<String> = col
            .values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .take(options.sample_limit)
            .map(str::to_string)
            .collect();
        let column = ColumnView::new(&col.header, &sample);
        let mut cands = Vec::new();
        let mut refused = Vec::new();
        let mut list_specs: HashMap<&str, f64> = HashMap::new();
        for i in index.candidates(&column.header, !sample.is_empty()) {
            let (Some(e), Some(ek), Some(&spec)) =
                (dict.elements.get(i), keys.get(i), specs.get(i))
            else {
                continue;
            };
            let list = e.codelist.as_deref().and_then(|id| {
                let list = indexes.get(id)?;
                let list_spec = *list_specs
                    .entry(id)
                    .or_insert_with(|| codelist_specificity(list, &sample));
                Some((list, list_spec))
            });
            let Some(c) = score_pair(&column, e, ek, spec, list, checker) else {
                continue;
            };
            let mut score = c.score;
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
                    ..c
                });
            } else if let Some(r) = c.refuted {
                refused.push(Refuted { element: i, ..r });
            }
        }
        share_content_only(&mut cands);
        cands.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.element.cmp(&b.element)));
        cands.truncate(CANDIDATES_PER_COLUMN);
        refused.sort_by(|a, b| b.header.total_cmp(&a.header));
        refused.truncate(1);
        per_column.push(cands);
        samples.push(sample);
        refuted.push(refused);
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

    // An export without a header row has its first data row read as the header.
    let header_is_data = columns.iter().any(|c| looks_like_data(&c.header));
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
            let outcome = Outcome {
                pick,
                cands,
                refuted: refuted.get(i).and_then(|r| r.first()),
            };
            field(dict, i, col, sample, &outcome, options, header_is_data)
        })
        .collect();
    Suggestion {
        department: options.department.clone(),
        dataset: options.dataset.clone(),
        dictionary: format!("{}@{}", dict.manifest.id, dict.manifest.version),
        fields,
        dataset_choice: None,
    }
}

fn field(
    dict: &Dictionary,
    column: usize,
    col: &SourceColumn,
    sample: &[String],
    outcome: &Outcome<'_>,
    options: &SuggestOptions,
    header_is_data: bool,
) -> SuggestedField {
    let (pick, cands, refuted) = (outcome.pick, outcome.cands, outcome.refuted);
    // A header that is really a data row is masked unless it named its element itself.
    let source = if header_is_data && pick.is_none_or(|p| p.method == Method::Content) {
        mask(&col.header)
    } else {
        col.header.clone()
    };
    let element = pick.and_then(|c| dict.elements.get(c.element));
    let masked = element.is_none_or(|e| dict.is_masked(e));
    // Values of a code list are categories: masked whole, also when the values refuted
    // the code-listed element the header named.
    let likely = element.or_else(|| refuted.and_then(|r| dict.elements.get(r.element)));
    let categorical = likely.is_some_and(|e| e.codelist.is_some());
    let mut shown: Vec<String> = Vec::new();
    for v in sample {
        if shown.len() >= options.shown_samples {
            break;
        }
        let v = if masked {
            mask_value(v, categorical)
        } else {
            v.clone()
        };
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
                name: e.name.clone(),
                confidence: round2(c.score),
            })
        })
        .collect();
    let mut notes = Vec::new();
    let (Some(pick), Some(e)) = (pick, element) else {
        notes.push(Text::new("未找到对应数据元", "no matching element"));
        if let Some((r, e)) = refuted.and_then(|r| dict.elements.get(r.element).map(|e| (r, e))) {
            let pct = (r.rate * 100.0).round();
            notes.push(Text::new(
                format!(
                    "表头像“{}”({})，但样本值只有 {pct}% 符合其要求，未采用",
                    e.name, e.id
                ),
                format!(
                    "the header reads like “{}” ({}), but only {pct}% of the sample fits it: not proposed",
                    e.name, e.id
                ),
            ));
        }
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
            source,
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
    // Values with no code are cell values like any other: masked with their element.
    let mut value_map = pick.content.value_map.clone();
    if let Some(map) = value_map.as_mut().filter(|_| dict.is_masked(e)) {
        let categorical = e.codelist.is_some();
        map.unmappable = map
            .unmappable
            .iter()
            .map(|v| mask_value(v, categorical))
            .collect();
    }
    if let Some(map) = &value_map {
        if !map.unmappable.is_empty() {
            let list: Vec<String> = map.unmappable.iter().take(10).cloned().collect();
            notes.push(Text::new(
                format!("无法对应代码的值：{}", list.join("、")),
                format!("values with no code: {}", list.join(", ")),
            ));
        }
    }
    SuggestedField {
        column,
        source,
        element: Some(e.id.clone()),
        element_name: Some(e.name.clone()),
        method: Some(pick.method),
        confidence: pick.score,
        header_score: pick.header.as_ref().map(|h| h.score),
        content_rate: pick.content.pass_rate,
        samples: shown,
        value_map,
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
