//! Which elements a column can match at all, built once per run: a wide export against a
//! large dictionary then scores a few candidates per column instead of every element.
//!
//! The candidates are a superset of the elements `score_pair` can accept, so the
//! proposals are the same as scoring every element:
//! - exact header matches (names, synonyms, id, identifier, system codes) come from a
//!   lookup table;
//! - similar names need at least two characters in common (Dice, Levenshtein of 0.6 or
//!   more, containment and equal cores all imply it), found through a character index;
//! - ASCII headers (English, pinyin, initials and their near misses) are compared with
//!   every element, which only reads their header keys;
//! - content alone can only propose an element whose checks are specific enough or that
//!   expects a recognisable kind of value.

use std::collections::HashMap;

use super::kinds;
use super::score::{ElementKeys, HeaderKeys};
use crate::dictionary::Element;

/// Characters two similar names share at least.
const SIMILAR_OVERLAP: u32 = 2;

pub(crate) struct CandidateIndex {
    elements: usize,
    exact: HashMap<String, Vec<usize>>,
    /// Character → (similar-name string, how often the character occurs in it).
    chars: HashMap<char, Vec<(usize, u32)>>,
    /// Similar-name string → its element.
    owner: Vec<usize>,
    /// Elements content evidence alone can propose, ascending.
    content: Vec<usize>,
}

fn char_counts(s: &str) -> HashMap<char, u32> {
    let mut out = HashMap::new();
    for c in s.chars() {
        *out.entry(c).or_insert(0) += 1;
    }
    out
}

impl CandidateIndex {
    /// `keys` and `specs` are the elements' header keys and specificities, in order.
    pub fn new(elements: &[Element], keys: &[ElementKeys], specs: &[f64]) -> CandidateIndex {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut chars: HashMap<char, Vec<(usize, u32)>> = HashMap::new();
        let mut owner = Vec::new();
        let mut content = Vec::new();
        for (i, (e, k)) in elements.iter().zip(keys).enumerate() {
            for key in k.exact_keys(e) {
                let list = exact.entry(key.to_string()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            for s in k.similar_keys() {
                let string = owner.len();
                owner.push(i);
                for (c, n) in char_counts(s) {
                    chars.entry(c).or_default().push((string, n));
                }
            }
            let spec = specs.get(i).copied().unwrap_or(0.0);
            if spec >= super::pair::CONTENT_ONLY_SPECIFICITY || kinds::expected(e).is_some() {
                content.push(i);
            }
        }
        CandidateIndex {
            elements: elements.len(),
            exact,
            chars,
            owner,
            content,
        }
    }

    /// The elements worth scoring against a column, ascending. `with_content`: the
    /// column has values, so content evidence alone may propose an element.
    pub fn candidates(&self, header: &HeaderKeys, with_content: bool) -> Vec<usize> {
        if header.is_ascii() {
            return (0..self.elements).collect();
        }
        let mut out: Vec<usize> = Vec::new();
        for key in header.exact_keys() {
            if let Some(list) = self.exact.get(key) {
                out.extend_from_slice(list);
            }
        }
        let mut overlap: HashMap<usize, u32> = HashMap::new();
        for (c, n) in char_counts(header.base()) {
            for &(string, m) in self.chars.get(&c).map(Vec::as_slice).unwrap_or(&[]) {
                *overlap.entry(string).or_insert(0) += n.min(m);
            }
        }
        out.extend(
            overlap
                .into_iter()
                .filter(|&(_, n)| n >= SIMILAR_OVERLAP)
                .filter_map(|(string, _)| self.owner.get(string).copied()),
        );
        if with_content {
            out.extend_from_slice(&self.content);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::dictionary::Dictionary;
    use crate::mapping::pair::SCORED_PAIRS;
    use crate::mapping::test_support::{checker, dictionary, element};
    use crate::mapping::{suggest, SourceColumn, SuggestOptions};

    /// A two-character name no other synthetic element shares both characters of (rare
    /// CJK Extension A characters, so none of the test dictionary's names either).
    fn synthetic_name(i: u32) -> String {
        [0x3400 + i / 200, 0x3500 + i % 200]
            .iter()
            .filter_map(|&c| char::from_u32(c))
            .collect()
    }

    #[test]
    fn a_large_dictionary_scores_only_candidates() {
        let base = dictionary();
        let mut elements = base.elements.clone();
        let added = 20_000;
        for i in 0..added {
            elements.push(element(&format!("SYN{i:05}"), &synthetic_name(i), "c..50"));
        }
        let dict = Dictionary::new(
            base.manifest.clone(),
            elements,
            base.codelists.clone(),
            base.datasets.clone(),
            String::new(),
        );
        let check = checker(&dict);
        let mut columns: Vec<SourceColumn> = (0..48)
            .map(|k| {
                let values = (0..20).map(|v| format!("值{k}-{v}")).collect();
                SourceColumn::new(synthetic_name(k * 400 + 7), values)
            })
            .collect();
        columns.push(SourceColumn::new("性别", vec!["1".into(), "2".into()]));
        columns.push(SourceColumn::new("出生日期", vec!["19900101".into()]));
        let options = SuggestOptions {
            dataset: Some("enterprise-registration".into()),
            ..SuggestOptions::default()
        };
        SCORED_PAIRS.with(|n| n.set(0));
        let s = suggest(&dict, &columns, &options, &check);
        let scored = SCORED_PAIRS.with(|n| n.get());
        // Every element against every column would be 50 × 20,016 pairs; the index
        // leaves the named element and the few content-specific ones.
        assert!(scored > 0 && scored <= 50 * 20, "{scored} pairs scored");
        for (k, f) in s.fields.iter().take(48).enumerate() {
            assert_eq!(
                f.element.as_deref(),
                Some(format!("SYN{:05}", k * 400 + 7).as_str())
            );
        }
        assert_eq!(s.fields[48].element.as_deref(), Some("DE00003"));
        assert_eq!(s.fields[49].element.as_deref(), Some("DE00004"));
    }
}
