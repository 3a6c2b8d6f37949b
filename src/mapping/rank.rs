//! The matching of a whole export, in two steps: every column is scored once against the
//! elements the candidate index lets through (the costly part), then the scores are
//! ranked for a dataset and an assignment gives each column at most one element. Without
//! a named dataset the ranking runs twice, before and after the dataset is chosen; the
//! scoring does not.

use std::collections::{HashMap, HashSet};

use super::assign::assign;
use super::candidates::CandidateIndex;
use super::content::{codelist_specificity, CodeIndex};
use super::field::{field, Outcome};
use super::pair::{
    score_pair, share_content_only, Candidate, ColumnView, Refuted, CANDIDATES_PER_COLUMN,
};
use super::score::{specificity, ElementKeys};
use super::suggest::{SourceColumn, SuggestOptions, Suggestion};
use crate::dictionary::{Dictionary, Element, Status};
use crate::mask::looks_like_data;

/// The most a dataset preference adds to a score (see [`preferred`]).
const DATASET_BONUS: f64 = 0.05;
/// The factor for an element outside the preferred dataset.
const OUTSIDE_DATASET: f64 = 0.9;
/// The factor for a retired or superseded element.
const RETIRED: f64 = 0.8;

/// One column scored against its candidate elements, before any dataset is preferred.
pub(super) struct ScoredColumn {
    /// The non-empty values looked at.
    sample: Vec<String>,
    /// Pairs that may reach the minimum confidence under some preference.
    candidates: Vec<Candidate>,
    /// Header matches the sample refuted and that stay below the minimum whatever the
    /// preference.
    refuted: Vec<Refuted>,
}

/// Scores every column once: header and content evidence for each candidate element.
pub(super) fn score_columns(
    dict: &Dictionary,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
    progress: &dyn crate::progress::Progress,
) -> Vec<ScoredColumn> {
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
    columns
        .iter()
        .map(|col| {
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
            let mut candidates = Vec::new();
            let mut refuted = Vec::new();
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
                if (c.score + DATASET_BONUS).min(1.0) >= options.min_confidence {
                    candidates.push(Candidate { element: i, ..c });
                } else if let Some(r) = c.refuted {
                    refuted.push(Refuted { element: i, ..r });
                }
            }
            drop(column);
            ScoredColumn {
                sample,
                candidates,
                refuted,
            }
        })
        .collect()
}

/// A score with the dataset preferred (its elements gain a little, others lose a little)
/// and retired elements demoted.
fn preferred(score: f64, e: &Element, in_dataset: Option<&HashSet<&str>>) -> f64 {
    let mut score = score;
    if let Some(set) = in_dataset {
        if set.contains(e.id.as_str()) {
            score += DATASET_BONUS;
        } else {
            score *= OUTSIDE_DATASET;
        }
    }
    if matches!(e.status, Status::Retired | Status::Superseded) {
        score *= RETIRED;
    }
    score.clamp(0.0, 1.0)
}

/// One column's candidates ranked for a dataset: the best few above the minimum, best
/// first, and the strongest refuted header match below it.
fn rank(
    dict: &Dictionary,
    scored: &ScoredColumn,
    in_dataset: Option<&HashSet<&str>>,
    min_confidence: f64,
) -> (Vec<Candidate>, Option<Refuted>) {
    let mut kept: Vec<Candidate> = Vec::new();
    let mut refused: Vec<Refuted> = scored.refuted.clone();
    for c in &scored.candidates {
        let Some(e) = dict.elements.get(c.element) else {
            continue;
        };
        let score = preferred(c.score, e, in_dataset);
        if score >= min_confidence {
            kept.push(Candidate {
                score,
                ..c.clone()
            });
        } else if let Some(r) = c.refuted {
            refused.push(Refuted {
                element: c.element,
                ..r
            });
        }
    }
    share_content_only(&mut kept);
    kept.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.element.cmp(&b.element)));
    kept.truncate(CANDIDATES_PER_COLUMN);
    refused.sort_by(|a, b| b.header.total_cmp(&a.header));
    (kept, refused.first().copied())
}

/// The proposals for the scored columns, preferring `dataset`'s elements when given.
pub(super) fn assemble(
    dict: &Dictionary,
    columns: &[SourceColumn],
    scored: &[ScoredColumn],
    dataset: Option<&str>,
    options: &SuggestOptions,
) -> Suggestion {
    let in_dataset: Option<HashSet<&str>> = dataset
        .and_then(|d| dict.dataset(d))
        .map(|d| d.fields.iter().map(|f| f.element.as_str()).collect());
    let ranked: Vec<(Vec<Candidate>, Option<Refuted>)> = scored
        .iter()
        .map(|s| rank(dict, s, in_dataset.as_ref(), options.min_confidence))
        .collect();

    // Assignment over the elements that are a candidate somewhere.
    let mut element_ids: Vec<usize> = ranked
        .iter()
        .flat_map(|(cands, _)| cands.iter().map(|c| c.element))
        .collect();
    element_ids.sort_unstable();
    element_ids.dedup();
    let matrix: Vec<Vec<f64>> = ranked
        .iter()
        .map(|(cands, _)| {
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
            let (cands, refuted) = ranked
                .get(i)
                .map_or((&[][..], None), |(c, r)| (c.as_slice(), r.as_ref()));
            let pick = chosen
                .get(i)
                .copied()
                .flatten()
                .and_then(|j| element_ids.get(j))
                .and_then(|&e| cands.iter().find(|c| c.element == e));
            let sample = scored.get(i).map_or(&[][..], |s| s.sample.as_slice());
            let outcome = Outcome {
                pick,
                cands,
                refuted,
            };
            field(dict, i, col, sample, &outcome, options, header_is_data)
        })
        .collect();
    Suggestion {
        department: options.department.clone(),
        dataset: dataset.map(str::to_string),
        dictionary: format!("{}@{}", dict.manifest.id, dict.manifest.version),
        fields,
        dataset_choice: None,
    }
}
