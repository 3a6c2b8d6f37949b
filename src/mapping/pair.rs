//! Scoring one (column, element) pair: header evidence (names, synonyms, pinyin, similar
//! names, units) and content evidence (the sample run through the element's checks, the
//! kinds of value the column holds) confirm or overrule each other.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use super::content::{distinct_values, evidence, CodeIndex, ContentEvidence, DistinctValue};
use super::export::pass_key;
use super::kinds::{self, Kind};
use super::score::{header_match, ElementKeys, HeaderKeys, HeaderMatch};
use super::Method;
use crate::dictionary::Element;

/// Candidates kept per column before the assignment.
pub(super) const CANDIDATES_PER_COLUMN: usize = 10;
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

/// A header match the sample refuted: kept to explain why a column stays unmapped.
#[derive(Debug, Clone, Copy)]
pub(super) struct Refuted {
    pub element: usize,
    /// The header evidence alone.
    pub header: f64,
    /// Share of the sample that passed.
    pub rate: f64,
}

/// One scored (column, element) pair.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub element: usize,
    pub score: f64,
    pub method: Method,
    pub header: Option<HeaderMatch>,
    pub content: ContentEvidence,
    /// Set when the header named the element but the values refuted it.
    pub refuted: Option<Refuted>,
}

/// A column prepared once: its header keys, its sample and the kinds of value it holds.
pub(super) struct ColumnView<'a> {
    pub header: HeaderKeys,
    sample: &'a [String],
    /// Share of the sample of each recognisable kind.
    kinds: Vec<(Kind, f64)>,
    /// The values count rows: 1, 2, 3, … (or start elsewhere and step by one).
    is_counter: bool,
    /// Content evidence by the checks it ran (`pass_key`) and the length of the sample
    /// prefix it ran on: many elements share their checks.
    evidence: RefCell<HashMap<(String, usize), ContentEvidence>>,
    distinct: OnceCell<Vec<DistinctValue>>,
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
    pub fn new(header: &str, sample: &'a [String]) -> ColumnView<'a> {
        let probe = &sample[..sample.len().min(200)];
        ColumnView {
            header: HeaderKeys::new(header),
            sample,
            kinds: kinds::ALL
                .iter()
                .map(|&k| (k, kinds::share(k, probe)))
                .collect(),
            is_counter: counts_rows(sample),
            evidence: RefCell::new(HashMap::new()),
            distinct: OnceCell::new(),
        }
    }

    /// The sample's distinct values, normalised once.
    pub fn distinct(&self) -> &[DistinctValue] {
        self.distinct.get_or_init(|| distinct_values(self.sample))
    }

    /// What the first `values` of the sample (a prefix of it) say about `e`, computed once
    /// per kind of check.
    fn evidence(
        &self,
        e: &Element,
        list: Option<&CodeIndex<'_>>,
        values: &[String],
        checker: &dyn Fn(&Element, &str) -> bool,
    ) -> ContentEvidence {
        debug_assert!(self.sample.starts_with(values));
        let key = (pass_key(e), values.len());
        if let Some(known) = self.evidence.borrow().get(&key) {
            return known.clone();
        }
        let computed = evidence(e, list, values, checker);
        self.evidence.borrow_mut().insert(key, computed.clone());
        computed
    }

    fn share(&self, kind: Kind) -> f64 {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0.0, |(_, s)| *s)
    }

    /// Whether the values are clearly of a kind other than `kind`.
    fn clearly_other(&self, kind: Kind) -> bool {
        if is_number_kind(kind) {
            // Office codes are eleven digits starting with 1: each reads as a mobile
            // number, the column as a whole does not.
            return self.share(Kind::OfficeCode) >= 0.5;
        }
        self.kinds
            .iter()
            .any(|&(k, s)| k != kind && !is_number_kind(k) && k != Kind::OfficeCode && s >= 0.8)
    }
}

/// Telephone numbers, which office codes look like value by value.
fn is_number_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Mobile | Kind::Phone)
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
pub(super) type ListEvidence<'i, 'a> = (&'i CodeIndex<'a>, f64);

/// Scores one column against one element; `None` when there is no evidence at all.
pub(super) fn score_pair(
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
        .is_some_and(|k| (is_number_kind(k) || column.share(k) < 0.3) && column.clearly_other(k));
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
        let pe = column.evidence(e, list, probe, checker);
        if pe.pass_rate.is_none_or(|r| r < CONTENT_ONLY_RATE) {
            return None;
        }
    }
    let ce = column.evidence(e, list, sample, checker);
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

/// Confidence of a required field proposed for a column on its values alone, times the
/// share of values that fit: below 0.5, so that `conform` asks for a review.
pub(super) const FILL_IN_SCORE: f64 = 0.45;
/// A required field is proposed on its values alone only when its checks say more than a
/// length (a character class, a date, a code list, a rule).
pub(super) const FILL_IN_SPECIFICITY: f64 = 0.3;

/// How well a column's values alone fit a required field of a dataset, for the case where
/// no column took it (see `rank::fill_required`); `None` unless nearly every value passes
/// the element's checks and the column holds no clearly different kind of value.
pub(super) fn fit_required(
    column: &ColumnView<'_>,
    e: &Element,
    spec: f64,
    list: Option<&CodeIndex<'_>>,
    checker: &dyn Fn(&Element, &str) -> bool,
) -> Option<Candidate> {
    let sample = column.sample;
    if sample.is_empty() || column.is_counter {
        return None;
    }
    let expected = kinds::expected(e);
    match expected {
        Some(k) if column.share(k) < KIND_SHARE => return None,
        Some(k) if column.clearly_other(k) => return None,
        None if spec < FILL_IN_SPECIFICITY => return None,
        // Eight-digit codes read as local telephone numbers: that alone rules nothing out.
        None if column
            .kinds
            .iter()
            .any(|&(k, s)| k != Kind::Phone && s >= KIND_SHARE) =>
        {
            return None
        }
        _ => {}
    }
    let probe = &sample[..sample.len().min(PROBE)];
    if column
        .evidence(e, list, probe, checker)
        .pass_rate
        .is_none_or(|r| r < CONTENT_ONLY_RATE)
    {
        return None;
    }
    let content = column.evidence(e, list, sample, checker);
    let rate = content.pass_rate.filter(|&r| r >= CONTENT_ONLY_RATE)?;
    Some(Candidate {
        element: 0,
        score: FILL_IN_SCORE * rate,
        method: Method::Content,
        header: None,
        content,
        refuted: None,
    })
}
