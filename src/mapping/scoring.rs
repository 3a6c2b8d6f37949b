//! The costly step of matching an export: every column scored once against the elements
//! whose names may match its header, and once per group of elements content alone may
//! propose (see [`super::rank`] for the ranking that follows).

use std::collections::HashMap;

use rayon::prelude::*;

use super::candidates::CandidateIndex;
use super::content::{codelist_specificity, CodeIndex};
use super::groups::{ContentGroups, GroupHit};
use super::pair::{fit_required, score_pair, Candidate, ColumnView, ListEvidence, Refuted};
use super::rank::DATASET_BONUS;
use super::score::{specificity, ElementKeys};
use super::suggest::{SourceColumn, SuggestOptions};
use crate::dictionary::{Dictionary, Element};

/// One column scored against its candidate elements, before any dataset is preferred.
pub(super) struct ScoredColumn {
    /// The non-empty values looked at.
    pub sample: Vec<String>,
    /// Pairs that may reach the minimum confidence under some preference.
    pub candidates: Vec<Candidate>,
    /// Groups of elements content alone proposes, each member as good as the others.
    pub groups: Vec<GroupHit>,
    /// Header matches the sample refuted and that stay below the minimum whatever the
    /// preference.
    pub refuted: Vec<Refuted>,
    /// Required fields of some dataset that the values alone fit, among those that are
    /// not candidates already: offered when no column takes the field.
    pub fits: Vec<Candidate>,
}

/// The elements some dataset requires, ascending.
fn required_elements(dict: &Dictionary) -> Vec<usize> {
    let index: HashMap<&str, usize> = dict
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut out: Vec<usize> = dict
        .datasets
        .iter()
        .flat_map(|d| d.fields.iter().filter(|f| f.required))
        .filter_map(|f| index.get(f.element.as_str()).copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The elements and their prepared keys, indexes and code lists, built once per run.
pub(crate) struct Prepared<'d> {
    dict: &'d Dictionary,
    keys: Vec<ElementKeys>,
    specs: Vec<f64>,
    index: CandidateIndex,
    groups: ContentGroups,
    /// One spelling index per code list, not one per column and element: a 9,000-column
    /// export against GB/T 2260 would otherwise rebuild it millions of times.
    lists: HashMap<&'d str, CodeIndex<'d>>,
    required: Vec<usize>,
    /// Score every element against every column, as the index and the groups stand for:
    /// the reference their results are compared with in tests.
    score_every_element: bool,
}

impl<'d> Prepared<'d> {
    pub fn new(dict: &'d Dictionary) -> Prepared<'d> {
        // Pinyin and normal forms of every name: the bulk of the preparation for a large
        // dictionary, on all cores.
        let keys: Vec<ElementKeys> = dict.elements.par_iter().map(ElementKeys::new).collect();
        let specs: Vec<f64> = dict.elements.iter().map(specificity).collect();
        Prepared {
            index: CandidateIndex::new(&dict.elements, &keys),
            groups: ContentGroups::new(&dict.elements, &specs),
            lists: dict
                .codelists
                .iter()
                .map(|list| (list.id.as_str(), CodeIndex::new(list)))
                .collect(),
            required: required_elements(dict),
            score_every_element: false,
            dict,
            keys,
            specs,
        }
    }

    pub fn dictionary(&self) -> &'d Dictionary {
        self.dict
    }

    pub fn groups(&self) -> &ContentGroups {
        &self.groups
    }

    /// The reference: every element scored on its own against every column.
    #[cfg(test)]
    pub fn scoring_every_element(self) -> Prepared<'d> {
        Prepared {
            score_every_element: true,
            ..self
        }
    }
}

/// A column's evidence for one element; `list_specs` caches each code list's
/// specificity for the column.
fn score_element<'p>(
    p: &'p Prepared<'_>,
    column: &ColumnView<'_>,
    i: usize,
    list_specs: &mut HashMap<&'p str, f64>,
    checker: &dyn Fn(&Element, &str) -> bool,
) -> Option<Candidate> {
    let (Some(e), Some(ek), Some(&spec)) = (p.dict.elements.get(i), p.keys.get(i), p.specs.get(i))
    else {
        return None;
    };
    let list: Option<ListEvidence<'_, '_>> = e.codelist.as_deref().and_then(|id| {
        let (&id, list) = p.lists.get_key_value(id)?;
        let list_spec = *list_specs
            .entry(id)
            .or_insert_with(|| codelist_specificity(list, column.distinct()));
        Some((list, list_spec))
    });
    score_pair(column, e, ek, spec, list, checker).map(|c| Candidate { element: i, ..c })
}

/// Scores every column once: header and content evidence for each element whose name
/// may match the header, and once for each group of elements content alone may propose.
pub(super) fn score_columns(
    p: &Prepared<'_>,
    columns: &[SourceColumn],
    options: &SuggestOptions,
    checker: &dyn Fn(&Element, &str) -> bool,
    progress: &dyn crate::progress::Progress,
) -> Vec<ScoredColumn> {
    let reaches = |c: &Candidate| (c.score + DATASET_BONUS).min(1.0) >= options.min_confidence;
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
            let named = if p.score_every_element {
                (0..p.dict.elements.len()).collect()
            } else {
                p.index.candidates(&column.header)
            };
            for &i in &named {
                let Some(c) = score_element(p, &column, i, &mut list_specs, checker) else {
                    continue;
                };
                if reaches(&c) {
                    candidates.push(c);
                } else if let Some(r) = c.refuted {
                    refuted.push(Refuted { element: i, ..r });
                }
            }
            let mut groups = Vec::new();
            if !sample.is_empty() {
                let mut excluded: HashMap<usize, Vec<u32>> = HashMap::new();
                for &i in &named {
                    if let (Some(g), Ok(e)) = (p.groups.group_of(i), u32::try_from(i)) {
                        excluded.entry(g).or_default().push(e);
                    }
                }
                for g in 0..p.groups.len() {
                    let excluded = excluded.remove(&g).unwrap_or_default();
                    let first = p
                        .groups
                        .members(g)
                        .iter()
                        .find(|m| excluded.binary_search(m).is_err());
                    let Some(&first) = first else {
                        continue;
                    };
                    // Its name does not match the header (it is not among `named`), so the
                    // candidate is the content evidence every member shares.
                    let c = score_element(p, &column, first as usize, &mut list_specs, checker);
                    if let Some(template) = c.filter(|c| reaches(c)) {
                        groups.push(GroupHit {
                            group: g,
                            template,
                            excluded,
                        });
                    }
                }
            }
            let mut fits = Vec::new();
            for &i in &p.required {
                let proposed = candidates.iter().any(|c| c.element == i)
                    || groups.iter().any(|h| h.contains(&p.groups, i));
                if proposed {
                    continue;
                }
                let (Some(e), Some(&spec)) = (p.dict.elements.get(i), p.specs.get(i)) else {
                    continue;
                };
                let list = e.codelist.as_deref().and_then(|id| p.lists.get(id));
                if let Some(c) = fit_required(&column, e, spec, list, checker) {
                    fits.push(Candidate { element: i, ..c });
                }
            }
            drop(column);
            ScoredColumn {
                sample,
                candidates,
                groups,
                refuted,
                fits,
            }
        })
        .collect()
}
