//! Which elements a column header can name at all, built once per run: a wide export
//! against a large dictionary then scores a few candidates per column instead of every
//! element.
//!
//! The candidates are a superset of the elements `header_match` can accept, so the
//! proposals are the same as scoring every element. Each way a header can match has a
//! necessary condition an index answers:
//! - exact spellings (names, synonyms, id, identifier, system codes, and for ASCII headers
//!   the English name's key, full pinyin and initials, also of one pinyin word among
//!   English ones, `xm_name`) come from a lookup table;
//! - English words (`legal_rep`): a Dice score of 0.5 or more over the concepts, summed
//!   through a word index;
//! - near misses of pinyin (`sfzhm` for `sfzh`, similarity 0.75 or more): shared
//!   letter pairs, by the q-gram lemma;
//! - similar names (similarity 0.6 or more): shared characters, enough for one of the
//!   measures `similarity` takes the best of (see [`may_be_similar`]).
//!
//! Which elements content evidence alone can propose is the business of
//! [`super::groups`].

use std::collections::HashMap;

use super::english::weight;
use super::score::{ElementKeys, HeaderKeys};
use crate::dictionary::Element;

/// Similar names share at least this many characters.
const SIMILAR_OVERLAP: u32 = 2;
/// Near misses of pinyin are compared for ASCII keys at least this long.
const NEAR_MISS_LENGTH: usize = 4;
/// A header's English score needs to reach this (see `header_match`).
const ENGLISH_MIN: f64 = 0.5;

/// One indexed string with the element it belongs to and its length in characters.
struct Owned {
    element: u32,
    chars: u32,
}

/// Postings: string → how often the character (or letter pair) occurs in it.
type Postings<K> = HashMap<K, Vec<(u32, u32)>>;

pub(crate) struct CandidateIndex {
    /// (hash of an exact spelling, element), sorted: a million spellings without an
    /// allocation each. Two spellings sharing a hash only add a candidate.
    exact: Vec<(u64, u32)>,
    /// Normalised names and synonyms, by character.
    chars: Postings<char>,
    similar: Vec<Owned>,
    /// Pinyin keys, by letter pair.
    pairs: Postings<[u8; 2]>,
    /// Each pinyin key's element.
    pinyin: Vec<u32>,
    /// English concept sets, by word; a set's summed word weights.
    words: HashMap<String, Vec<u32>>,
    english: Vec<(u32, f64)>,
}

/// Each distinct item with how often it occurs, sorted.
fn counts<K: Ord>(items: impl Iterator<Item = K>) -> Vec<(K, u32)> {
    let mut sorted: Vec<K> = items.collect();
    sorted.sort_unstable();
    let mut out: Vec<(K, u32)> = Vec::new();
    for k in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

/// A spelling's hash for the exact table.
fn spelling_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn letter_pairs(s: &str) -> impl Iterator<Item = [u8; 2]> + '_ {
    s.as_bytes().windows(2).map(|w| [w[0], w[1]])
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl CandidateIndex {
    /// `keys` are the elements' header keys, in order.
    pub fn new(elements: &[Element], keys: &[ElementKeys]) -> CandidateIndex {
        let mut index = CandidateIndex {
            exact: Vec::new(),
            chars: HashMap::new(),
            similar: Vec::new(),
            pairs: HashMap::new(),
            pinyin: Vec::new(),
            words: HashMap::new(),
            english: Vec::new(),
        };
        for (i, (e, k)) in elements.iter().zip(keys).enumerate() {
            let element = to_u32(i);
            for key in k.exact_keys(e).chain(k.ascii_keys()) {
                index.exact.push((spelling_hash(key), element));
            }
            for s in k.similar_keys() {
                let string = to_u32(index.similar.len());
                index.similar.push(Owned {
                    element,
                    chars: to_u32(s.chars().count()),
                });
                for (c, n) in counts(s.chars()) {
                    index.chars.entry(c).or_default().push((string, n));
                }
            }
            for s in k.pinyin_keys() {
                let string = to_u32(index.pinyin.len());
                index.pinyin.push(element);
                for (p, n) in counts(letter_pairs(s)) {
                    index.pairs.entry(p).or_default().push((string, n));
                }
            }
            for set in k.english() {
                let id = to_u32(index.english.len());
                index
                    .english
                    .push((element, set.iter().map(|w| weight(w)).sum()));
                for w in set {
                    index.words.entry(w.clone()).or_default().push(id);
                }
            }
        }
        index.exact.sort_unstable();
        index.exact.dedup();
        index
    }

    /// The elements whose header evidence `header` may match, ascending.
    pub fn candidates(&self, header: &HeaderKeys) -> Vec<usize> {
        let mut out: Vec<u32> = Vec::new();
        let words = if header.is_ascii() {
            header.pinyin_words()
        } else {
            &[]
        };
        let keys = header.exact_keys();
        for key in keys.iter().copied().chain(words.iter().map(String::as_str)) {
            let hash = spelling_hash(key);
            let start = self.exact.partition_point(|&(h, _)| h < hash);
            let same = self
                .exact
                .iter()
                .skip(start)
                .take_while(|&&(h, _)| h == hash);
            out.extend(same.map(|&(_, e)| e));
        }
        self.similar_names(header.base(), &mut out);
        if header.is_ascii() {
            self.english_words(header.english(), &mut out);
            if header.ascii().len() >= NEAR_MISS_LENGTH {
                self.near_pinyin(header.ascii(), &mut out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|e| e as usize).collect()
    }

    /// Names and synonyms sharing enough characters with `base` to be similar.
    fn similar_names(&self, base: &str, out: &mut Vec<u32>) {
        let length = to_u32(base.chars().count());
        let shared = overlap(&self.chars, counts(base.chars()), self.similar.len());
        for (string, common) in shared {
            if let Some(s) = self.similar.get(string as usize) {
                if may_be_similar(common, length, s.chars) {
                    out.push(s.element);
                }
            }
        }
    }

    /// Pinyin keys sharing enough letter pairs with `ascii` to be a near miss.
    fn near_pinyin(&self, ascii: &str, out: &mut Vec<u32>) {
        let needed = near_miss_pairs(ascii.len());
        let shared = overlap(&self.pairs, counts(letter_pairs(ascii)), self.pinyin.len());
        for (string, common) in shared {
            if common >= needed {
                if let Some(&element) = self.pinyin.get(string as usize) {
                    out.push(element);
                }
            }
        }
    }

    /// Elements whose English concepts score at least [`ENGLISH_MIN`] against the
    /// header's (the Dice of `english_score`, summed through the word index).
    fn english_words(&self, header: &[String], out: &mut Vec<u32>) {
        if header.is_empty() {
            return;
        }
        let total: f64 = header.iter().map(|w| weight(w)).sum();
        let mut common: HashMap<u32, f64> = HashMap::new();
        for w in header {
            for &set in self.words.get(w).map(Vec::as_slice).unwrap_or(&[]) {
                *common.entry(set).or_insert(0.0) += weight(w);
            }
        }
        for (set, c) in common {
            if let Some(&(element, set_total)) = self.english.get(set as usize) {
                // A little slack: the score itself is computed again when the pair is.
                if 2.0 * c / (total + set_total) >= ENGLISH_MIN - 1e-9 {
                    out.push(element);
                }
            }
        }
    }
}

/// How many of each posting's items the query shares (multiset intersection), for the
/// postings sharing any; a dense counter, as common characters reach most strings.
fn overlap<K: std::hash::Hash + Eq>(
    postings: &Postings<K>,
    query: Vec<(K, u32)>,
    strings: usize,
) -> Vec<(u32, u32)> {
    let mut count = vec![0u32; strings];
    let mut touched = Vec::new();
    for (k, n) in query {
        for &(string, m) in postings.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(slot) = count.get_mut(string as usize) {
                if *slot == 0 {
                    touched.push(string);
                }
                *slot += n.min(m);
            }
        }
    }
    touched
        .into_iter()
        .map(|s| (s, count.get(s as usize).copied().unwrap_or(0)))
        .collect()
}

/// Whether two strings of `a` and `b` characters sharing `common` characters (as a
/// multiset) can have a `similarity` of 0.6 or more. Each measure needs:
/// - normalised Levenshtein 1 − d/max ≥ 0.6: an alignment matches at least max − d
///   characters, so `common` ≥ 0.6·max;
/// - bigram Dice 2k/(bytes − 2) ≥ 0.6 with k shared bigrams: their first characters are
///   shared, so `common` ≥ k ≥ 0.3·(a + b − 2) (characters are at most bytes);
/// - containment, worth 0.5 + 0.4·min/max: all of the shorter is shared and min ≥ max/4;
/// - equal cores with representation terms of at most two characters: `common` ≥ max − 2.
///
/// Every one of them shares at least two characters. Exact equality is an exact key.
fn may_be_similar(common: u32, a: u32, b: u32) -> bool {
    if common < SIMILAR_OVERLAP {
        return false;
    }
    let (c, a, b) = (f64::from(common), f64::from(a), f64::from(b));
    let (short, long) = (a.min(b), a.max(b));
    let slack = 1e-9;
    c + slack >= 0.6 * long
        || c + slack >= 0.3 * (a + b - 2.0)
        || (c >= short && 4.0 * short + slack >= long)
        || c + 2.0 >= long
}

/// Letter pairs an ASCII key of `length` letters shares with any pinyin key it is a near
/// miss of (similarity 0.75 or more). By the q-gram lemma a string of length n within
/// edit distance d of another shares n − 1 − 2d of its pairs, and Levenshtein ≥ 0.75 means
/// d ≤ n/4 (n the longer length, at least `length`); Dice ≥ 0.75 needs 0.375·(n₁ + n₂ − 2)
/// shared pairs; containment worth 0.75 needs the shorter to be 5/8 of the longer and
/// shares all its pairs. The least of these, rounded up.
fn near_miss_pairs(length: usize) -> u32 {
    let n = length as f64;
    let least = (0.5 * n - 1.0).min(0.375 * (n - 1.0)).min(0.625 * n - 1.0);
    // Rounded up, with slack against rounding; always at least one pair.
    let needed = (least - 1e-9).ceil().max(1.0);
    needed as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Dictionary;
    use crate::mapping::pair::SCORED_PAIRS;
    use crate::mapping::score::{header_match, similarity};
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
        columns.push(SourceColumn::new("reg_addr", vec!["五四路1号".into()]));
        let options = SuggestOptions {
            dataset: Some("enterprise-registration".into()),
            ..SuggestOptions::default()
        };
        SCORED_PAIRS.with(|n| n.set(0));
        let s = suggest(&dict, &columns, &options, &check);
        let scored = SCORED_PAIRS.with(|n| n.get());
        // Every element against every column would be 51 × 20,016 pairs; the index
        // leaves the named element, the similar names and one pair per kind of check.
        assert!(scored > 0 && scored <= 51 * 20, "{scored} pairs scored");
        for (k, f) in s.fields.iter().take(48).enumerate() {
            assert_eq!(
                f.element.as_deref(),
                Some(format!("SYN{:05}", k * 400 + 7).as_str())
            );
        }
        assert_eq!(s.fields[48].element.as_deref(), Some("DE00003"));
        assert_eq!(s.fields[49].element.as_deref(), Some("DE00004"));
    }

    /// The index lets through every element `header_match` accepts, for headers of every
    /// style against the test dictionary and names built to be near misses.
    #[test]
    fn candidates_include_every_header_match() {
        let base = dictionary();
        let mut elements = base.elements.clone();
        for (i, name) in [
            "企业注册地址",
            "注册资本金额",
            "登记机关名称",
            "经营期限",
            "出生地",
        ]
        .iter()
        .enumerate()
        {
            elements.push(element(&format!("EXT{i}"), name, "c..50"));
        }
        let keys: Vec<ElementKeys> = elements.iter().map(ElementKeys::new).collect();
        let index = CandidateIndex::new(&elements, &keys);
        let headers = [
            "性别",
            "xb",
            "xingbie",
            "sfzhm",
            "sfzh",
            "gmsfhm",
            "reg_addr",
            "legalRep",
            "Date of Birth",
            "注册地址",
            "注册资本(万元)",
            "企业地址",
            "出生",
            "登记机关",
            "经营期限至",
            "手机",
            "F12",
            "col_5",
            "字段7",
            "AAC002",
            "DE00003",
            "tyshxydm",
            "shxydm",
            "tyshxdm",
            "zcdz",
            "zczb",
            "qymc",
            "成立时间",
            "联系电话号码",
            "xm_name",
            "renyuan_xm",
            "xingbie_code",
            "sh",
            "csrq_dt",
        ];
        let mut matched = 0;
        for h in headers {
            let hk = HeaderKeys::new(h);
            let cands = index.candidates(&hk);
            for (i, (e, ek)) in elements.iter().zip(&keys).enumerate() {
                if header_match(&hk, ek, &e.name).is_some() {
                    matched += 1;
                    assert!(cands.contains(&i), "{h} → {} not a candidate", e.name);
                }
            }
        }
        assert!(matched > 20, "{matched} matches checked");
    }

    /// The bounds hold for the similarity measure itself on near misses of every kind.
    #[test]
    fn similar_strings_pass_the_bounds() {
        let names = [
            "注册地址",
            "企业注册地址",
            "注册资本",
            "注册资本金额",
            "成立日期",
            "成立时间",
            "手机号码",
            "手机",
            "联系电话",
            "联系电话号码",
            "法定代表人",
            "法人代表",
            "统一社会信用代码",
            "社会信用代码",
            "出生日期",
            "出生",
        ];
        let mut pairs = 0;
        for a in names {
            for b in names {
                if a != b && similarity(a, b) >= 0.6 {
                    pairs += 1;
                    let common = counts(a.chars())
                        .into_iter()
                        .map(|(c, n)| n.min(b.chars().filter(|&x| x == c).count() as u32))
                        .sum();
                    let (la, lb) = (a.chars().count() as u32, b.chars().count() as u32);
                    assert!(may_be_similar(common, la, lb), "{a} / {b}");
                }
            }
        }
        assert!(pairs > 10, "{pairs} similar pairs");
        assert!(!may_be_similar(2, 3, 11), "F21 against a long name");
        for (n, pairs) in [(4, 1), (5, 2), (8, 3), (12, 5)] {
            assert_eq!(near_miss_pairs(n), pairs, "length {n}");
        }
    }
}
