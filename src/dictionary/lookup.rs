//! Looking things up in a dictionary: `show` resolves one id, name, synonym or identifier;
//! `search` ranks elements (and code lists, datasets) by how well they match a text.
//!
//! Ranking: an exact match beats a prefix match beats a substring match; within a kind,
//! the field decides (name > synonym > identifier > pinyin > English name > definition).
//! Chinese names are also matched by their full pinyin and initials (`gmsfhm`), read
//! with the `pinyin` crate; heteronyms take the most common reading.

use pinyin::ToPinyin;

use super::model::{CodeList, Dataset, Dictionary, Element};

/// What a `show` query resolved to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Element(&'a Element),
    CodeList(&'a CodeList),
    Dataset(&'a Dataset),
}

/// Finds the element, code list or dataset a query names exactly: an element id, a code
/// list id, a dataset id, an element's name, identifier, synonym or English name
/// (identifiers and English names ignore case).
pub fn find<'a>(dict: &'a Dictionary, query: &str) -> Option<Target<'a>> {
    let q = query.trim();
    if let Some(e) = dict.element(q) {
        return Some(Target::Element(e));
    }
    if let Some(c) = dict.codelist(q) {
        return Some(Target::CodeList(c));
    }
    if let Some(d) = dict.dataset(q) {
        return Some(Target::Dataset(d));
    }
    let folded = fold(q);
    dict.elements
        .iter()
        .find(|e| e.name == q)
        .or_else(|| {
            dict.elements
                .iter()
                .find(|e| e.synonyms.iter().any(|s| s == q))
        })
        .or_else(|| {
            dict.elements.iter().find(|e| {
                e.identifier.as_deref().map(fold).as_deref() == Some(folded.as_str())
                    || e.name_en.as_deref().map(fold).as_deref() == Some(folded.as_str())
                    || e.synonyms.iter().any(|s| fold(s) == folded)
                    || fold(&e.id) == folded
            })
        })
        .map(Target::Element)
}

/// How a search text matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    Contains = 1,
    Prefix = 2,
    Exact = 3,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Contains => "contains",
            MatchKind::Prefix => "prefix",
            MatchKind::Exact => "exact",
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub target: Target<'a>,
    pub kind: MatchKind,
    /// The field that matched: `id`, `name`, `synonym`, `identifier`, `pinyin`,
    /// `initials`, `name_en`, `definition`.
    pub field: &'static str,
    /// Higher is better; comparable within one search.
    pub score: u32,
}

/// Field weights, best first.
const FIELDS: [(&str, u32); 8] = [
    ("id", 9),
    ("name", 8),
    ("synonym", 7),
    ("identifier", 6),
    ("pinyin", 5),
    ("initials", 4),
    ("name_en", 3),
    ("definition", 1),
];

fn weight(field: &str) -> u32 {
    FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(0, |(_, w)| *w)
}

/// Lower-cases and drops whitespace, so `Citizen Identity` finds `citizen identity`.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn match_kind(haystack: &str, needle: &str) -> Option<MatchKind> {
    if needle.is_empty() || haystack.is_empty() {
        None
    } else if haystack == needle {
        Some(MatchKind::Exact)
    } else if haystack.starts_with(needle) {
        Some(MatchKind::Prefix)
    } else if haystack.contains(needle) {
        Some(MatchKind::Contains)
    } else {
        None
    }
}

/// Full pinyin (`gongminshenfenhaoma`) and initials (`gmsfhm`) of a text; characters
/// without a reading are kept as they are (folded).
pub fn pinyin_of(text: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if !c.is_whitespace() => {
                for l in c.to_lowercase() {
                    full.push(l);
                    initials.push(l);
                }
            }
            None => {}
        }
    }
    (full, initials)
}

fn best(candidates: &[(&'static str, String)], needle: &str) -> Option<(MatchKind, &'static str)> {
    candidates
        .iter()
        .filter_map(|(field, text)| match_kind(text, needle).map(|k| (k, *field)))
        .max_by_key(|(k, f)| (*k, weight(f)))
}

/// Searches the dictionary; results are best first, at most `limit` of them.
/// The id among `ids` that `query` most likely meant: the same once case and the
/// separators `_`, `-`, ` `, `.` are ignored (`tax_registration` → `tax-registration`), else
/// the closest within two edits. `None` when nothing is that close.
pub fn did_you_mean<'a>(query: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = fold(query);
    if wanted.is_empty() || wanted.chars().count() > 64 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for id in ids {
        if id == query {
            continue;
        }
        let distance = strsim::levenshtein(&wanted, &fold(id));
        // Ties go to the smaller id, so the answer does not depend on the order given.
        if distance <= 2 && best.is_none_or(|(d, b)| (distance, id) < (d, b)) {
            best = Some((distance, id));
        }
    }
    best.map(|(_, id)| id)
}

pub fn search<'a>(dict: &'a Dictionary, text: &str, limit: usize) -> Vec<Hit<'a>> {
    let needle = fold(text);
    let mut hits: Vec<(Hit<'a>, usize, &'a str)> = Vec::new();
    if needle.is_empty() {
        return Vec::new();
    }
    for e in &dict.elements {
        let (full, initials) = pinyin_of(&e.name);
        let mut candidates: Vec<(&'static str, String)> = vec![
            ("id", fold(&e.id)),
            ("name", fold(&e.name)),
            ("pinyin", full),
            ("initials", initials),
        ];
        candidates.extend(e.synonyms.iter().map(|s| ("synonym", fold(s))));
        if let Some(i) = &e.identifier {
            candidates.push(("identifier", fold(i)));
        }
        if let Some(n) = &e.name_en {
            candidates.push(("name_en", fold(n)));
        }
        if let Some(d) = &e.definition {
            candidates.push(("definition", fold(d)));
        }
        if let Some((kind, field)) = best(&candidates, &needle) {
            hits.push((
                Hit {
                    target: Target::Element(e),
                    kind,
                    field,
                    score: kind as u32 * 10 + weight(field),
                },
                e.name.chars().count(),
                &e.id,
            ));
        }
    }
    for c in &dict.codelists {
        let candidates = [("id", fold(&c.id)), ("name", fold(&c.name))];
        if let Some((kind, field)) = best(&candidates, &needle) {
            hits.push((
                Hit {
                    target: Target::CodeList(c),
                    kind,
                    field,
                    // Elements first at equal match: they are what people look up most.
                    score: (kind as u32 * 10 + weight(field)).saturating_sub(1),
                },
                c.name.chars().count(),
                &c.id,
            ));
        }
    }
    for d in &dict.datasets {
        let candidates = [("id", fold(&d.id)), ("name", fold(&d.name))];
        if let Some((kind, field)) = best(&candidates, &needle) {
            hits.push((
                Hit {
                    target: Target::Dataset(d),
                    kind,
                    field,
                    score: (kind as u32 * 10 + weight(field)).saturating_sub(1),
                },
                d.name.chars().count(),
                &d.id,
            ));
        }
    }
    // Shorter names first at equal score: the closer the name is to the text, the better.
    hits.sort_by(|a, b| {
        b.0.score
            .cmp(&a.0.score)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(b.2))
    });
    hits.into_iter().take(limit).map(|(h, _, _)| h).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_and_initials() {
        let (full, initials) = pinyin_of("公民身份号码");
        assert_eq!(full, "gongminshenfenhaoma");
        assert_eq!(initials, "gmsfhm");
        assert_eq!(pinyin_of("A 码").1, "am");
    }

    #[test]
    fn exact_beats_prefix_beats_contains() {
        assert_eq!(match_kind("信用代码", "信用代码"), Some(MatchKind::Exact));
        assert_eq!(
            match_kind("信用代码表", "信用代码"),
            Some(MatchKind::Prefix)
        );
        assert_eq!(
            match_kind("统一社会信用代码", "信用代码"),
            Some(MatchKind::Contains)
        );
        assert_eq!(match_kind("性别", "信用代码"), None);
        assert!(MatchKind::Exact > MatchKind::Prefix && MatchKind::Prefix > MatchKind::Contains);
    }
}
