//! The matching of a whole export, in two steps: every column is scored once (see
//! [`super::scoring`], the costly part), then the scores are
//! ranked for a dataset and an assignment gives each column at most one element. Without
//! a named dataset the ranking runs twice, before and after the dataset is chosen; the
//! scoring does not.

use std::collections::HashSet;

use super::assign::assign;
use super::field::{field, Outcome};
use super::groups::{share_content_only, ContentGroups};
use super::pair::{Candidate, Refuted, CANDIDATES_PER_COLUMN, FILL_IN_SCORE};
use super::scoring::{Prepared, ScoredColumn};
use super::suggest::{SourceColumn, SuggestOptions, Suggestion};
use super::Method;
use crate::dictionary::{Dictionary, Element, Status};
use crate::mask::looks_like_data;
use crate::text::Text;

/// The most a dataset preference adds to a score (see [`preferred`]).
pub(super) const DATASET_BONUS: f64 = 0.05;
/// The factor for an element outside the preferred dataset.
const OUTSIDE_DATASET: f64 = 0.9;
/// The factor for a retired or superseded element.
const RETIRED: f64 = 0.8;

/// Proposals below this are for review (`conform` warns about them).
const REVIEW_LINE: f64 = 0.5;
/// Where the dataset's preference stops a match on values alone that was below the line,
/// as written with two decimals.
const BELOW_REVIEW_LINE: f64 = 0.49;

/// A score with the dataset preferred (its elements gain a little, others lose a little)
/// and retired elements demoted. `member`: whether the element is in the preferred
/// dataset, when there is one. The preference never lifts a match on values alone
/// (`content_only`) from below the review line to it: values that merely look like person
/// names must not read as a proposal.
fn preferred(score: f64, e: &Element, member: Option<bool>, content_only: bool) -> f64 {
    let base = score;
    let mut score = score;
    match member {
        Some(true) => score += DATASET_BONUS,
        Some(false) => score *= OUTSIDE_DATASET,
        None => {}
    }
    if matches!(e.status, Status::Retired | Status::Superseded) {
        score *= RETIRED;
    }
    if content_only && base < REVIEW_LINE {
        score = score.min(BELOW_REVIEW_LINE);
    }
    score.clamp(0.0, 1.0)
}

/// Members of the preferred dataset, by element, when there is one.
struct Preference(Option<Vec<bool>>);

impl Preference {
    fn member(&self, element: usize) -> Option<bool> {
        self.0
            .as_ref()
            .map(|m| m.get(element).copied().unwrap_or(false))
    }
}

/// Members of a column's content-only groups with the same preferred score.
struct ScoreClass {
    score: f64,
    /// How many members have it.
    count: usize,
    /// The lowest few (element, hit): the rest can never rank, as ties go to the lower
    /// element.
    first: Vec<(usize, usize)>,
}

/// The content-only members of a column's groups that reach the minimum, by score.
fn group_classes(
    dict: &Dictionary,
    groups: &ContentGroups,
    scored: &ScoredColumn,
    preference: &Preference,
    min_confidence: f64,
) -> Vec<ScoreClass> {
    let mut classes: Vec<ScoreClass> = Vec::new();
    for (h, hit) in scored.groups.iter().enumerate() {
        for m in hit.members(groups) {
            let Some(e) = dict.elements.get(m) else {
                continue;
            };
            let score = preferred(hit.template.score, e, preference.member(m), true);
            if score < min_confidence {
                continue;
            }
            let class = match classes.iter().position(|c| c.score == score) {
                Some(k) => k,
                None => {
                    classes.push(ScoreClass {
                        score,
                        count: 0,
                        first: Vec::new(),
                    });
                    classes.len() - 1
                }
            };
            if let Some(c) = classes.get_mut(class) {
                c.count += 1;
                c.first.push((m, h));
            }
        }
        for c in classes.iter_mut() {
            c.first.sort_unstable();
            c.first.truncate(CANDIDATES_PER_COLUMN);
        }
    }
    classes
}

/// One column's candidates ranked for a dataset: the best few above the minimum, best
/// first, and the strongest refuted header match below it.
fn rank(
    dict: &Dictionary,
    groups: &ContentGroups,
    scored: &ScoredColumn,
    preference: &Preference,
    min_confidence: f64,
) -> (Vec<Candidate>, Option<Refuted>) {
    let mut kept: Vec<Candidate> = Vec::new();
    let mut refused: Vec<Refuted> = scored.refuted.clone();
    for c in &scored.candidates {
        let Some(e) = dict.elements.get(c.element) else {
            continue;
        };
        let content_only = c.method == Method::Content;
        let score = preferred(c.score, e, preference.member(c.element), content_only);
        if score >= min_confidence {
            kept.push(Candidate { score, ..c.clone() });
        } else if let Some(r) = c.refuted {
            refused.push(Refuted {
                element: c.element,
                ..r
            });
        }
    }
    let classes = group_classes(dict, groups, scored, preference, min_confidence);
    let mut shares: Vec<(f64, usize)> = classes.iter().map(|c| (c.score, c.count)).collect();
    share_content_only(&mut kept, &mut shares);
    for (class, (score, _)) in classes.iter().zip(shares) {
        for &(m, h) in &class.first {
            if let Some(hit) = scored.groups.get(h) {
                kept.push(Candidate {
                    element: m,
                    score,
                    ..hit.template.clone()
                });
            }
        }
    }
    kept.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.element.cmp(&b.element)));
    kept.truncate(CANDIDATES_PER_COLUMN);
    refused.sort_by(|a, b| b.header.total_cmp(&a.header));
    (kept, refused.first().copied())
}

/// The proposals for the scored columns, preferring `dataset`'s elements when given.
pub(super) fn assemble(
    prepared: &Prepared<'_>,
    columns: &[SourceColumn],
    scored: &[ScoredColumn],
    dataset: Option<&str>,
    options: &SuggestOptions,
) -> Suggestion {
    let dict = prepared.dictionary();
    let in_dataset: Option<HashSet<&str>> = dataset
        .and_then(|d| dict.dataset(d))
        .map(|d| d.fields.iter().map(|f| f.element.as_str()).collect());
    let preference = Preference(in_dataset.as_ref().map(|set| {
        dict.elements
            .iter()
            .map(|e| set.contains(e.id.as_str()))
            .collect()
    }));
    let ranked: Vec<(Vec<Candidate>, Option<Refuted>)> = scored
        .iter()
        .map(|s| {
            let groups = prepared.groups();
            rank(dict, groups, s, &preference, options.min_confidence)
        })
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
    let mut picks: Vec<Option<Candidate>> = (0..columns.len())
        .map(|i| {
            let cands = ranked.get(i).map_or(&[][..], |(c, _)| c.as_slice());
            chosen
                .get(i)
                .copied()
                .flatten()
                .and_then(|j| element_ids.get(j))
                .and_then(|&e| cands.iter().find(|c| c.element == e))
                .cloned()
        })
        .collect();
    let filled = match (dataset.and_then(|d| dict.dataset(d)), &in_dataset) {
        (Some(d), Some(members)) => fill_required(dict, d, members, &ranked, scored, &mut picks),
        _ => Vec::new(),
    };

    // An export without a header row has its first data row read as the header.
    let header_is_data = columns.iter().any(|c| looks_like_data(&c.header));
    let fields = columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let (cands, refuted) = ranked
                .get(i)
                .map_or((&[][..], None), |(c, r)| (c.as_slice(), r.as_ref()));
            let pick = picks.get(i).and_then(Option::as_ref);
            let sample = scored.get(i).map_or(&[][..], |s| s.sample.as_slice());
            let outcome = Outcome {
                pick,
                cands,
                refuted,
            };
            let mut f = field(dict, i, col, sample, &outcome, options, header_is_data);
            if filled.contains(&i) {
                f.notes.push(Text::new(
                    "数据集的必填数据元，没有其他列对应，样本值符合其要求：请核对",
                    "a required field of the dataset that no other column has, and the sample fits it: please review",
                ));
            }
            f
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

/// Gives each required field of `dataset` that no column took to a column that took
/// nothing (or an element outside the dataset, or an optional field of it on its values
/// alone) and whose values fit it: a standard file without a required column cannot
/// validate, one without an optional column can. Columns that took nothing come first.
/// The field's own candidate score stands when the column had one; a fit on values alone
/// scores below 0.5, so it is reviewed. Returns the columns changed.
fn fill_required(
    dict: &Dictionary,
    dataset: &crate::dictionary::Dataset,
    members: &HashSet<&str>,
    ranked: &[(Vec<Candidate>, Option<Refuted>)],
    scored: &[ScoredColumn],
    picks: &mut [Option<Candidate>],
) -> Vec<usize> {
    let mut changed = Vec::new();
    for field in dataset.fields.iter().filter(|f| f.required) {
        let taken = picks.iter().flatten().any(|p| {
            dict.elements
                .get(p.element)
                .is_some_and(|e| e.id == field.element)
        });
        if taken {
            continue;
        }
        let is_field = |c: &&Candidate| {
            dict.elements
                .get(c.element)
                .is_some_and(|e| e.id == field.element)
        };
        // (column, offer, whether the column gives up an optional field for it)
        let mut best: Option<(usize, &Candidate, bool)> = None;
        for (i, pick) in picks.iter().enumerate() {
            let Some(yields) = openness(dict, dataset, members, pick.as_ref()) else {
                continue;
            };
            let offer = ranked
                .get(i)
                .and_then(|(cands, _)| cands.iter().find(is_field))
                .or_else(|| scored.get(i).and_then(|s| s.fits.iter().find(is_field)));
            if let Some(c) = offer {
                let better =
                    best.is_none_or(|(_, b, b_yields)| (!yields, c.score) > (!b_yields, b.score));
                if better {
                    best = Some((i, c, yields));
                }
            }
        }
        if let Some((i, c, yields)) = best {
            if let Some(slot) = picks.get_mut(i) {
                let mut c = c.clone();
                if yields && c.header.is_none() {
                    // Values alone chose between two fields: the choice is reviewed.
                    c.score = c.score.min(FILL_IN_SCORE);
                }
                *slot = Some(c);
                changed.push(i);
            }
        }
    }
    changed
}

/// Whether a column may take a required field no column took: `Some(false)` when it took
/// nothing or an element outside the dataset, `Some(true)` when it took an optional field
/// of the dataset on its values alone (no header evidence), `None` otherwise.
fn openness(
    dict: &Dictionary,
    dataset: &crate::dictionary::Dataset,
    members: &HashSet<&str>,
    pick: Option<&Candidate>,
) -> Option<bool> {
    let Some(p) = pick else {
        return Some(false);
    };
    let Some(e) = dict.elements.get(p.element) else {
        return Some(false);
    };
    if !members.contains(e.id.as_str()) {
        return Some(false);
    }
    let optional = dataset
        .fields
        .iter()
        .any(|f| f.element == e.id && !f.required);
    (optional && p.header.is_none()).then_some(true)
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
