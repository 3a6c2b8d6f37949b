//! Header evidence: how well a column header names an element, and how specific an
//! element's checks are (which decides how much a content match is worth).

use super::english::{concepts, english_score, is_english, words};
use super::pinyin::{keys, PinyinKeys};
use super::Method;
use crate::dictionary::format::{CharClass, Length};
use crate::dictionary::{DataType, Element, Format};
use crate::normalize::normalize;

/// Splits a trailing unit in brackets off a normalised header: `注册资本(万元)` →
/// (`注册资本`, `万元`). Brackets are half-width after NFKC; `[]` and `【】` are accepted
/// too. A header that is nothing but a bracket keeps its text.
pub(crate) fn split_unit(normalized: &str) -> (&str, Option<&str>) {
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(body) = normalized.strip_suffix(close) {
            if let Some(pos) = body.rfind(open) {
                let base = &body[..pos];
                let unit = &body[pos + open.len_utf8()..];
                if !base.is_empty() && !unit.is_empty() {
                    return (base, Some(unit));
                }
            }
        }
    }
    (normalized, None)
}

/// Only ASCII letters and digits, lowercase: how pinyin headers are compared
/// (`xing_bie`, `SFZHM`, `sfz-hm`).
pub(crate) fn ascii_key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The best header match of one header against one element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderMatch {
    pub method: Method,
    /// 0–1.
    pub score: f64,
    /// The unit written in the header's brackets, when there was one.
    pub unit: Option<String>,
}

/// An element prepared for header matching: its names normalised once.
pub(crate) struct ElementKeys {
    id: String,
    name: String,
    identifier: Option<String>,
    name_en: Option<String>,
    synonyms: Vec<String>,
    synonyms_raw: Vec<String>,
    pinyin: PinyinKeys,
    unit: Option<String>,
    /// Concepts of the English name and of ASCII synonyms (`registered capital`).
    english: Vec<Vec<String>>,
    /// Column codes of other systems, as `ascii_key` spells them.
    system_codes: Vec<String>,
}

impl ElementKeys {
    /// The spellings a header must equal to match exactly: raw and normalised name and
    /// synonyms, the normalised id, the identifier and other systems' codes.
    pub fn exact_keys<'a>(&'a self, e: &'a Element) -> impl Iterator<Item = &'a str> {
        [e.name.as_str(), self.id.as_str(), self.name.as_str()]
            .into_iter()
            .chain(self.synonyms_raw.iter().map(String::as_str))
            .chain(self.synonyms.iter().map(String::as_str))
            .chain(self.identifier.as_deref())
            .chain(self.system_codes.iter().map(String::as_str))
    }

    /// The normalised name and synonyms, as similar names are compared.
    pub fn similar_keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.synonyms.iter().map(String::as_str))
    }

    /// The spellings an ASCII header's key must equal: the English name's key, full
    /// pinyin and initials.
    pub fn ascii_keys(&self) -> impl Iterator<Item = &str> {
        self.name_en
            .iter()
            .chain(self.pinyin.full.iter())
            .chain(self.pinyin.initials.iter())
            .map(String::as_str)
    }

    /// Full pinyin and initials, as near misses of an ASCII header are compared.
    pub fn pinyin_keys(&self) -> impl Iterator<Item = &str> {
        self.pinyin
            .initials
            .iter()
            .chain(self.pinyin.full.iter())
            .map(String::as_str)
    }

    /// The English concept sets (of the English name and of ASCII synonyms).
    pub fn english(&self) -> &[Vec<String>] {
        &self.english
    }

    pub fn new(e: &Element) -> ElementKeys {
        ElementKeys {
            id: normalize(&e.id),
            name: normalize(&e.name),
            identifier: e.identifier.as_deref().map(ascii_key),
            name_en: e.name_en.as_deref().map(ascii_key),
            synonyms: e.synonyms.iter().map(|s| normalize(s)).collect(),
            synonyms_raw: e.synonyms.clone(),
            pinyin: name_keys(e),
            unit: e.unit.as_deref().map(normalize),
            english: e
                .name_en
                .iter()
                .chain(e.synonyms.iter().filter(|s| s.is_ascii() && s.len() > 4))
                .map(|s| concepts(s))
                .filter(|c| !c.is_empty())
                .collect(),
            system_codes: e.system_codes.values().map(|c| ascii_key(c)).collect(),
        }
    }
}

/// Pinyin keys of the name and of the Chinese synonyms (`纳税人识别号` → `nsrsbh`).
fn name_keys(e: &Element) -> PinyinKeys {
    let mut out = keys(&e.name);
    for s in &e.synonyms {
        let k = keys(s);
        for f in k.full {
            if !out.full.contains(&f) {
                out.full.push(f);
            }
        }
        for i in k.initials {
            if !out.initials.contains(&i) {
                out.initials.push(i);
            }
        }
    }
    out
}

/// A prepared header.
pub(crate) struct HeaderKeys {
    raw: String,
    norm: String,
    /// The header without its bracketed unit.
    base: String,
    unit: Option<String>,
    ascii: String,
    /// The header's English concepts (`legal_rep` → `legal representative`).
    english: Vec<String>,
    /// Words of a header of several words that are not English (`xm` of `xm_name`):
    /// pinyin beside English words.
    pinyin_words: Vec<String>,
}

impl HeaderKeys {
    /// The spellings exact header matches compare: the trimmed header, its normalised
    /// form, that form without a unit, and its ASCII key.
    pub fn exact_keys(&self) -> [&str; 4] {
        [&self.raw, &self.norm, &self.base, &self.ascii]
    }

    /// The header without its unit, as similar names are compared.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether English, pinyin and initials are compared (an ASCII header).
    pub fn is_ascii(&self) -> bool {
        !self.ascii.is_empty() && self.base.is_ascii()
    }

    /// The header's ASCII key (`ascii_key` of its base).
    pub fn ascii(&self) -> &str {
        &self.ascii
    }

    /// The header's English concepts.
    pub fn english(&self) -> &[String] {
        &self.english
    }

    /// The words of a header of several words that may be pinyin.
    pub fn pinyin_words(&self) -> &[String] {
        &self.pinyin_words
    }

    pub fn new(header: &str) -> HeaderKeys {
        let norm = normalize(header);
        let (base, unit) = split_unit(&norm);
        let (base, unit) = (base.to_string(), unit.map(str::to_string));
        HeaderKeys {
            english: concepts(header),
            pinyin_words: pinyin_words(header),
            raw: header.trim().to_string(),
            ascii: ascii_key(&base),
            norm,
            base,
            unit,
        }
    }
}

/// The words of a header of several words that may be pinyin: two letters or more, no
/// digits, not English.
fn pinyin_words(header: &str) -> Vec<String> {
    let all = words(header);
    if all.len() < 2 {
        return Vec::new();
    }
    all.into_iter()
        .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()) && !is_english(w))
        .collect()
}

/// Scores of each kind of header match. Exact spellings come first; pinyin initials of
/// two letters are ambiguous and worth less.
fn method_score(m: Method) -> f64 {
    match m {
        Method::Name | Method::Id => 1.0,
        Method::Identifier | Method::Synonym => 0.97,
        Method::NameEn | Method::Normalized => 0.95,
        Method::Pinyin => 0.9,
        Method::PinyinInitials => 0.85,
        Method::Fuzzy => 0.8,
        Method::Content => 0.0,
        Method::Manual | Method::Mapping => 1.0,
    }
}

/// How well `h` names `e`; `None` when it does not.
pub(crate) fn header_match(h: &HeaderKeys, e: &ElementKeys, raw_name: &str) -> Option<HeaderMatch> {
    let with = |method: Method, score: f64| HeaderMatch {
        method,
        score,
        unit: h.unit.clone(),
    };
    if h.raw.is_empty() {
        return None;
    }
    if h.raw == raw_name {
        return Some(with(Method::Name, 1.0));
    }
    if h.norm == e.id {
        return Some(with(Method::Id, method_score(Method::Id)));
    }
    if e.synonyms_raw.iter().any(|s| s == &h.raw) {
        return Some(with(Method::Synonym, method_score(Method::Synonym)));
    }
    if !h.ascii.is_empty() && e.identifier.as_deref() == Some(h.ascii.as_str()) {
        return Some(with(Method::Identifier, method_score(Method::Identifier)));
    }
    // Another system's column code (`AAC002`): as telling as the identifier.
    if !h.ascii.is_empty() && e.system_codes.contains(&h.ascii) {
        return Some(with(Method::Identifier, 0.96));
    }
    // From here on the header's unit (if any) is compared with the element's.
    let unit_factor = match (&h.unit, &e.unit) {
        (None, _) => 1.0,
        (Some(a), Some(b)) if a == b => 1.0,
        (Some(_), Some(_)) => 0.85,
        (Some(_), None) => 0.95,
    };
    if h.base == e.name || h.norm == e.name {
        return Some(with(
            Method::Normalized,
            method_score(Method::Normalized) * unit_factor,
        ));
    }
    if e.synonyms.iter().any(|s| *s == h.base || *s == h.norm) {
        return Some(with(Method::Synonym, 0.93 * unit_factor));
    }
    if !h.ascii.is_empty() && h.base.is_ascii() {
        // An ASCII header: English name, pinyin or initials.
        if e.name_en.as_deref() == Some(h.ascii.as_str()) {
            return Some(with(
                Method::NameEn,
                method_score(Method::NameEn) * unit_factor,
            ));
        }
        if e.pinyin.full.contains(&h.ascii) {
            return Some(with(
                Method::Pinyin,
                method_score(Method::Pinyin) * unit_factor,
            ));
        }
        let english = e
            .english
            .iter()
            .map(|c| english_score(&h.english, c))
            .fold(0.0, f64::max);
        if english >= 0.99 {
            return Some(with(Method::NameEn, 0.93 * unit_factor));
        }
        if e.pinyin.initials.contains(&h.ascii) {
            let base = if h.ascii.len() <= 2 {
                0.6
            } else {
                method_score(Method::PinyinInitials)
            };
            return Some(with(Method::PinyinInitials, base * unit_factor));
        }
        if english >= 0.5 {
            return Some(with(Method::NameEn, (0.45 + 0.4 * english) * unit_factor));
        }
        // Near misses of four letters or more (`sfzhm` for `sfzh`): a weaker match that
        // content evidence has to confirm.
        if h.ascii.len() >= 4 {
            let near = e
                .pinyin
                .initials
                .iter()
                .chain(e.pinyin.full.iter())
                .map(|k| similarity(&h.ascii, k))
                .fold(0.0, f64::max);
            if near >= 0.75 {
                return Some(with(Method::PinyinInitials, 0.7 * near * unit_factor));
            }
        }
        // One word of the header is the element's pinyin (`xm_name`): weaker than the
        // whole header, for content evidence to confirm.
        let part = h
            .pinyin_words
            .iter()
            .filter_map(|w| {
                if e.pinyin.full.contains(w) {
                    Some(0.7)
                } else if e.pinyin.initials.contains(w) {
                    Some(if w.len() <= 2 { 0.5 } else { 0.6 })
                } else {
                    None
                }
            })
            .fold(0.0, f64::max);
        if part > 0.0 {
            return Some(with(Method::PinyinInitials, part * unit_factor));
        }
    }
    // Two or three letters inside a longer code (`sh` in `shxydm`) say nothing: short
    // ASCII headers match exactly or not at all.
    if h.is_ascii() && h.ascii.len() < 4 {
        return None;
    }
    let mut best: f64 = 0.0;
    for candidate in std::iter::once(&e.name).chain(e.synonyms.iter()) {
        best = best.max(similarity(&h.base, candidate));
    }
    (best >= 0.6).then(|| {
        with(
            Method::Fuzzy,
            method_score(Method::Fuzzy) * best * unit_factor,
        )
    })
}

/// Representation terms that name the same kind of value; a header and a name that
/// differ only in such a term (`成立时间` / `成立日期`, `手机` / `手机号码`) are close.
const REPRESENTATION_GROUPS: &[&[&str]] = &[
    &["日期", "时间", "日"],
    &["号码", "号", "编号"],
    &["代码", "编码", "码"],
    &["名称", "名"],
    &["金额", "额"],
    &["数量", "数"],
];

fn split_representation(s: &str) -> (&str, Option<usize>) {
    // Longest suffix first so that `号码` wins over `码`.
    let mut best: Option<(&str, usize)> = None;
    for (g, group) in REPRESENTATION_GROUPS.iter().enumerate() {
        for term in group.iter() {
            if s.ends_with(term) && best.is_none_or(|(t, _)| term.len() > t.len()) {
                best = Some((term, g));
            }
        }
    }
    match best {
        Some((t, g)) if s.len() > t.len() => (&s[..s.len() - t.len()], Some(g)),
        _ => (s, None),
    }
}

/// Similarity of two normalised names, 0–1: the best of character-bigram Dice,
/// normalised Levenshtein, containment, and equal cores with compatible representation
/// terms.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let mut s = dice(a, b).max(strsim::normalized_levenshtein(a, b));
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    if short.chars().count() >= 2 && long.contains(short) {
        s = s.max(0.5 + 0.4 * la.min(lb) as f64 / la.max(lb) as f64);
    }
    let (ca, ga) = split_representation(a);
    let (cb, gb) = split_representation(b);
    let compatible = ga.is_none() || gb.is_none() || ga == gb;
    if compatible && ca == cb && ca.chars().count() >= 2 {
        s = s.max(0.9);
    }
    s.min(1.0)
}

/// Bigrams a name may have for [`dice`] to work on the stack.
const DICE_BIGRAMS: usize = 64;

/// `strsim::sorensen_dice` (white space removed, character bigrams counted with
/// multiplicity, the denominator in bytes) without its allocations, which dominated
/// scoring a large dictionary; longer strings go to strsim.
fn dice(a: &str, b: &str) -> f64 {
    let mut pa = [0u64; DICE_BIGRAMS];
    let mut pb = [0u64; DICE_BIGRAMS];
    let (Some((na, bytes_a)), Some((nb, bytes_b))) = (bigrams(a, &mut pa), bigrams(b, &mut pb))
    else {
        return strsim::sorensen_dice(a, b);
    };
    if a.chars()
        .filter(|c| !c.is_whitespace())
        .eq(b.chars().filter(|c| !c.is_whitespace()))
    {
        return 1.0;
    }
    if bytes_a < 2 || bytes_b < 2 {
        return 0.0;
    }
    let (xs, ys) = (&mut pa[..na], &mut pb[..nb]);
    xs.sort_unstable();
    ys.sort_unstable();
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (xs.get(i), ys.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f64 / (bytes_a + bytes_b - 2) as f64
}

/// The character bigrams of `s` without white space, packed, and its length in bytes
/// without white space; `None` when there are more than `out` holds.
fn bigrams(s: &str, out: &mut [u64; DICE_BIGRAMS]) -> Option<(usize, usize)> {
    let (mut n, mut bytes, mut prev) = (0, 0, None::<char>);
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        bytes += c.len_utf8();
        if let Some(p) = prev {
            *out.get_mut(n)? = (u64::from(p) << 32) | u64::from(c);
            n += 1;
        }
        prev = Some(c);
    }
    Some((n, bytes))
}

/// How much a content match says about an element, 0–1: a rule or code list pins a
/// column down, a fixed-length digit format nearly so, `c..100` hardly at all.
pub(crate) fn specificity(e: &Element) -> f64 {
    if e.rule.is_some() {
        return 1.0;
    }
    if e.codelist.is_some() {
        return 0.95;
    }
    if e.pattern.is_some() {
        return 0.85;
    }
    match (&e.format, e.data_type) {
        (Some(Format::Date(_)), _) => 0.8,
        (_, DataType::Date | DataType::DateTime | DataType::Time) => 0.7,
        (
            Some(Format::Chars {
                class,
                length: Length::Exact(n),
            }),
            _,
        ) if *class != CharClass::Any && *n >= 4 => 0.75,
        (
            Some(Format::Chars {
                length: Length::Exact(_),
                ..
            }),
            _,
        ) => 0.5,
        (Some(Format::Decimal { .. }), _) | (_, DataType::Decimal | DataType::Integer) => 0.4,
        (Some(Format::Chars { class, .. }), _) if *class != CharClass::Any => 0.3,
        _ => 0.1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_is_strsims() {
        let words = [
            "",
            "a",
            "ab",
            "a b",
            "注册地址",
            "企业注册地址",
            "注册 地址",
            "aa",
            "aaa",
            "ab ab",
            "sfzhm",
            "sfzh",
            "gmsfhm",
            "出生日期",
            "出生",
            "统一社会信用代码",
            "社会信用代码",
            "x",
            "注",
            "市场监管首次申报企业名称",
            "首次申报企业名称12345",
        ];
        let long = "长".repeat(80);
        for a in words.iter().copied().chain([long.as_str()]) {
            for b in words.iter().copied().chain([long.as_str()]) {
                assert_eq!(dice(a, b), strsim::sorensen_dice(a, b), "{a:?} / {b:?}");
            }
        }
    }

    #[test]
    fn splits_units() {
        assert_eq!(split_unit("注册资本(万元)"), ("注册资本", Some("万元")));
        assert_eq!(split_unit("金额【元】"), ("金额", Some("元")));
        assert_eq!(split_unit("(元)"), ("(元)", None));
        assert_eq!(split_unit("名称"), ("名称", None));
    }

    #[test]
    fn ascii_key_keeps_letters_and_digits() {
        assert_eq!(ascii_key("Xing_Bie-1"), "xingbie1");
    }

    #[test]
    fn similar_names() {
        assert!(similarity("成立时间", "成立日期") >= 0.9);
        assert!(similarity("手机", "手机号码") >= 0.7);
        assert!(similarity("性别", "成立日期") < 0.5);
        assert_eq!(similarity("", "x"), 0.0);
    }

    #[test]
    fn short_ascii_headers_are_not_found_inside_longer_codes() {
        let mut e = crate::mapping::test_support::element("DE01001", "统一社会信用代码", "an18");
        e.synonyms = vec!["SHXYDM".into()];
        let keys = ElementKeys::new(&e);
        let at = |h: &str| header_match(&HeaderKeys::new(h), &keys, &e.name);
        assert_eq!(at("sh"), None);
        assert_eq!(at("dm"), None);
        assert!(at("SHXYDM").is_some_and(|m| m.score > 0.9));
        assert!(at("tyshxydm").is_some());
    }

    #[test]
    fn a_pinyin_word_beside_english_words_is_weak_evidence() {
        let mut e = crate::mapping::test_support::element("DE00002", "姓名", "c..50");
        e.name_en = Some("name".into());
        let keys = ElementKeys::new(&e);
        let at = |h: &str| header_match(&HeaderKeys::new(h), &keys, &e.name);
        let m = at("xm_name").expect("xm is the initials of 姓名");
        assert!(m.score >= 0.5 && m.score < 0.7, "{m:?}");
        assert!(at("renyuan_xm").is_some());
        // English words are never taken for pinyin.
        assert_eq!(pinyin_words("gender_cd"), Vec::<String>::new());
        assert_eq!(pinyin_words("xm"), Vec::<String>::new());
    }
}
