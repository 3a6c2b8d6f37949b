//! Header resolution: which dictionary element each column of an export holds.
//!
//! Per header, in order: the mapping file's override, then an exact match on an element's
//! id, name, identifier, English name or synonym, then the same after [`normalize`] on
//! both sides (full width, spaces, case). A header can match several elements (two
//! elements may share a synonym); all candidates are kept in that order and the first one
//! in the dataset wins.
//!
//! Without a dataset id, the dataset whose fields the columns cover best is chosen (ties:
//! fewer missing required fields, then the smaller id); none when no column matches any
//! dataset. When a dataset is in force, only its fields resolve: a column that names an
//! element outside the dataset gets `element: None` (so it is reported as an unknown
//! column), `outside_dataset` set to that element's id and a suggestion naming it.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::dictionary::{Dataset, Dictionary};
use crate::normalize::normalize;
use crate::text::Text;

/// How a header was matched to an element, by `resolve` (exact and normalised spellings,
/// mapping-file overrides) and by `map suggest` (pinyin, similar names, contents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchMethod {
    /// A mapping file names the element for this header.
    Mapping,
    /// The element's id (`DE00001`).
    Id,
    /// The element's Chinese name, exactly.
    Name,
    /// The element's identifier (`GMSFHM`).
    Identifier,
    /// The element's English name.
    NameEn,
    /// A synonym (同义名称).
    Synonym,
    /// One of the above after normalisation (width, white space, ASCII case; for
    /// suggestions also a unit in brackets).
    Normalized,
    /// Full pinyin of the name or a synonym (`xingbie`).
    Pinyin,
    /// Pinyin initials (`sfzh`, `TYSHXYDM`).
    PinyinInitials,
    /// A similar name (`成立时间` ~ `成立日期`).
    Fuzzy,
    /// The values alone.
    Content,
    /// Made by a person.
    Manual,
}

impl MatchMethod {
    /// The methods a mapping file may name (`mapping` is how reports say a mapping file
    /// decided, not a method of its own).
    pub const ALL: [MatchMethod; 11] = [
        MatchMethod::Id,
        MatchMethod::Name,
        MatchMethod::Identifier,
        MatchMethod::NameEn,
        MatchMethod::Synonym,
        MatchMethod::Normalized,
        MatchMethod::Pinyin,
        MatchMethod::PinyinInitials,
        MatchMethod::Fuzzy,
        MatchMethod::Content,
        MatchMethod::Manual,
    ];

    /// The name used in reports and mapping files (`method`).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMethod::Mapping => "mapping",
            MatchMethod::Id => "id",
            MatchMethod::Name => "name",
            MatchMethod::Identifier => "identifier",
            MatchMethod::NameEn => "name_en",
            MatchMethod::Synonym => "synonym",
            MatchMethod::Normalized => "normalized",
            MatchMethod::Pinyin => "pinyin",
            MatchMethod::PinyinInitials => "pinyin-initials",
            MatchMethod::Fuzzy => "fuzzy",
            MatchMethod::Content => "content",
            MatchMethod::Manual => "manual",
        }
    }

    /// The method a mapping file names.
    pub fn parse(s: &str) -> Option<MatchMethod> {
        MatchMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for MatchMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One column of an export and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedColumn {
    /// 0-based column index.
    pub index: usize,
    pub header: String,
    /// The element id, when the column resolved to an element of the dataset in force (or
    /// of the dictionary when there is no dataset).
    pub element: Option<String>,
    /// How it matched. `Some(Mapping)` with `element: None` means the mapping file maps
    /// the header to nothing on purpose: such a column is not an unknown column.
    pub method: Option<MatchMethod>,
    /// For a column without element: the name of the closest element ("did you mean"), or
    /// of the element it matched outside the dataset.
    pub suggestion: Option<String>,
    /// The id of an element the header matched that is not a field of the dataset.
    pub outside_dataset: Option<String>,
}

impl ResolvedColumn {
    /// Whether the mapping file says to ignore this column.
    pub fn is_ignored(&self) -> bool {
        self.element.is_none() && self.method == Some(MatchMethod::Mapping)
    }
}

/// The columns of one export resolved against a dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The dataset in force: the one asked for, or the best match.
    pub dataset: Option<String>,
    pub columns: Vec<ResolvedColumn>,
    /// Required element ids of the dataset without a column, in the dataset's field order.
    pub missing: Vec<String>,
    /// Set when no dataset was named and `dataset` was chosen from the headers.
    pub choice: Option<DatasetChoice>,
}

/// How far the dataset chosen from the headers led the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetChoice {
    /// Fields of the chosen dataset that some column names.
    pub covered: usize,
    /// The next best dataset and how many of its fields the columns name.
    pub runner_up: Option<(String, usize)>,
}

/// Below this margin over the runner-up the choice is a guess (as in `map suggest`).
pub const GUESS_MARGIN: f64 = 0.25;
/// A choice resting on fewer matched fields than this is a guess too.
pub const GUESS_COVERED: usize = 2;

impl DatasetChoice {
    /// (chosen − runner-up) / chosen, 0–1; 1 when no other dataset shares a column.
    pub fn margin(&self) -> f64 {
        match &self.runner_up {
            Some((_, other)) if self.covered > 0 => {
                (self.covered.saturating_sub(*other)) as f64 / self.covered as f64
            }
            _ => 1.0,
        }
    }

    /// Too close to call, or too few columns to tell.
    pub fn is_guess(&self) -> bool {
        self.margin() < GUESS_MARGIN || self.covered < GUESS_COVERED
    }

    /// The choice in both languages, with its margin; a guess says so and what to do.
    pub fn text(&self, dataset: &str) -> Text {
        let margin = self.margin();
        let (zh_other, en_other) = match &self.runner_up {
            Some((id, n)) => (
                format!("，领先 {id}（{n} 列）{margin:.2}"),
                format!(", margin {margin:.2} over {id} ({n})"),
            ),
            None => (String::new(), String::new()),
        };
        let covered = self.covered;
        let mut text = Text::new(
            format!("数据集按表头自动选择：{dataset}（对应 {covered} 列{zh_other}）"),
            format!(
                "dataset chosen from the headers: {dataset} ({covered} {} matched{en_other})",
                if covered == 1 { "column" } else { "columns" }
            ),
        );
        if self.is_guess() {
            text = Text::new(
                format!("{}；证据不足，这是猜测，列缺失等发现可能并不成立：请用 --dataset 指定数据集", text.zh),
                format!("{}; the evidence is thin, this is a guess and findings such as missing columns may be false: name the dataset with --dataset", text.en),
            );
        }
        text
    }
}

/// Why headers could not be resolved at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum ResolveError {
    #[error("unknown dataset `{id}`{}; the dictionary defines: {}", hint_en(.id, .known), list(.known))]
    #[diagnostic(code(govdict::resolve::unknown_dataset))]
    UnknownDataset { id: String, known: Vec<String> },
}

/// `did you mean` for a dataset id, when one is close.
fn closest<'a>(id: &str, known: &'a [String]) -> Option<&'a str> {
    crate::dictionary::lookup::did_you_mean(id, known.iter().map(String::as_str))
}

fn hint_en(id: &str, known: &[String]) -> String {
    closest(id, known).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none)".to_owned()
    } else {
        ids.join(", ")
    }
}

impl ResolveError {
    /// The message in both languages.
    pub fn text(&self) -> Text {
        match self {
            ResolveError::UnknownDataset { id, known } => Text::new(
                format!(
                    "未知的数据集 `{id}`{}；数据元目录中的数据集：{}",
                    closest(id, known)
                        .map_or_else(String::new, |c| format!("（是否要找 `{c}`？）")),
                    if known.is_empty() {
                        "（无）".to_owned()
                    } else {
                        known.join("、")
                    }
                ),
                self.to_string(),
            ),
        }
    }
}

/// Headers longer than this are not compared for "did you mean" (edit distance is
/// quadratic, and such a header is no misspelt name).
const MAX_SUGGEST_CHARS: usize = 64;

/// Lookup tables over one dictionary's element names. Build it once per dictionary and
/// reuse it for every file validated against it.
#[derive(Debug, Clone, Default)]
pub struct HeaderIndex {
    /// exact text → (element index, method), in priority order
    exact: HashMap<String, Vec<(usize, MatchMethod)>>,
    /// normalized text → element indices, in priority order
    normalized: HashMap<String, Vec<usize>>,
    /// (normalized name or synonym as chars, element index) for suggestions
    names: Vec<(Vec<char>, usize)>,
    /// element id → element index
    ids: HashMap<String, usize>,
}

impl HeaderIndex {
    pub fn new(dict: &Dictionary) -> HeaderIndex {
        let mut index = HeaderIndex {
            ids: dict
                .elements
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i))
                .collect(),
            ..HeaderIndex::default()
        };
        let methods = [
            MatchMethod::Id,
            MatchMethod::Name,
            MatchMethod::Identifier,
            MatchMethod::NameEn,
            MatchMethod::Synonym,
        ];
        for method in methods {
            for (i, e) in dict.elements.iter().enumerate() {
                let keys: Vec<&str> = match method {
                    MatchMethod::Id => vec![e.id.as_str()],
                    MatchMethod::Name => vec![e.name.as_str()],
                    MatchMethod::Identifier => e.identifier.as_deref().into_iter().collect(),
                    MatchMethod::NameEn => e.name_en.as_deref().into_iter().collect(),
                    _ => e.synonyms.iter().map(String::as_str).collect(),
                };
                for key in keys {
                    push_unique(index.exact.entry(key.to_owned()).or_default(), (i, method));
                    let n = normalize(key);
                    if n.is_empty() {
                        continue;
                    }
                    if matches!(method, MatchMethod::Name | MatchMethod::Synonym) {
                        let chars: Vec<char> = n.chars().collect();
                        if chars.len() <= MAX_SUGGEST_CHARS {
                            index.names.push((chars, i));
                        }
                    }
                    push_unique(index.normalized.entry(n).or_default(), i);
                }
            }
        }
        index
    }

    /// Element candidates of one header, best first, each with how it matched.
    fn candidates(&self, header: &str, normalized: &str) -> Vec<(usize, MatchMethod)> {
        let mut out: Vec<(usize, MatchMethod)> =
            self.exact.get(header).cloned().unwrap_or_default();
        if let Some(found) = self.normalized.get(normalized) {
            for &i in found {
                if !out.iter().any(|&(j, _)| j == i) {
                    out.push((i, MatchMethod::Normalized));
                }
            }
        }
        out
    }

    /// The element name closest to `normalized` among `allowed` elements (all when
    /// `None`), when close enough to be a misspelling.
    fn suggest(&self, normalized: &str, allowed: Option<&HashSet<usize>>) -> Option<usize> {
        let header: Vec<char> = normalized.chars().collect();
        if header.is_empty() || header.len() > MAX_SUGGEST_CHARS {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (name, i) in &self.names {
            if allowed.is_some_and(|a| !a.contains(i)) {
                continue;
            }
            let limit = header.len().max(name.len()) / 3;
            if limit == 0 {
                continue;
            }
            let d = levenshtein(&header, name);
            if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, *i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Resolves headers with this index; see [`headers`].
    pub fn resolve(
        &self,
        dict: &Dictionary,
        headers: &[&str],
        dataset: Option<&str>,
        overrides: &HashMap<String, Option<String>>,
    ) -> Result<Resolution, ResolveError> {
        let asked = match dataset {
            Some(id) => Some(
                dict.dataset(id)
                    .ok_or_else(|| ResolveError::UnknownDataset {
                        id: id.to_owned(),
                        known: dict.datasets.iter().map(|d| d.id.clone()).collect(),
                    })?,
            ),
            None => None,
        };
        // Sorted so that when two source headers normalise alike, the choice is stable.
        let mut sorted: Vec<(&String, &Option<String>)> = overrides.iter().collect();
        sorted.sort();
        let lookup = HeaderLookup::new(sorted.iter().map(|(k, _)| k.as_str()));
        let element_index = |id: &str| self.ids.get(id).copied();

        // Per header: the normalized text and either an override or the candidates.
        struct Pending {
            normalized: String,
            ignored: bool,
            candidates: Vec<(usize, MatchMethod)>,
        }
        let pending: Vec<Pending> = headers
            .iter()
            .map(|&header| {
                let normalized = normalize(header);
                let forced = lookup.find(header).map(|i| sorted[i].1);
                match forced {
                    Some(None) => Pending {
                        normalized,
                        ignored: true,
                        candidates: Vec::new(),
                    },
                    Some(Some(id)) => Pending {
                        normalized,
                        ignored: false,
                        candidates: element_index(id)
                            .map(|i| (i, MatchMethod::Mapping))
                            .into_iter()
                            .collect(),
                    },
                    None => {
                        let candidates = self.candidates(header, &normalized);
                        Pending {
                            normalized,
                            ignored: false,
                            candidates,
                        }
                    }
                }
            })
            .collect();

        let (chosen, choice) = match asked {
            Some(d) => (Some(d), None),
            None => match best_dataset(dict, pending.iter().map(|p| p.candidates.as_slice())) {
                Some((d, choice)) => (Some(d), Some(choice)),
                None => (None, None),
            },
        };
        let members: Option<HashSet<usize>> = chosen.map(|d| {
            d.fields
                .iter()
                .filter_map(|f| element_index(&f.element))
                .collect()
        });

        let columns: Vec<ResolvedColumn> = pending
            .iter()
            .zip(headers)
            .enumerate()
            .map(|(index, (p, &header))| {
                let mut column = ResolvedColumn {
                    index,
                    header: header.to_owned(),
                    element: None,
                    method: None,
                    suggestion: None,
                    outside_dataset: None,
                };
                if p.ignored {
                    column.method = Some(MatchMethod::Mapping);
                    return column;
                }
                let pick = p
                    .candidates
                    .iter()
                    .find(|(i, _)| members.as_ref().is_none_or(|m| m.contains(i)));
                if let Some(&(i, method)) = pick {
                    column.element = dict.elements.get(i).map(|e| e.id.clone());
                    column.method = Some(method);
                } else if let Some(e) = p
                    .candidates
                    .first()
                    .and_then(|&(i, _)| dict.elements.get(i))
                {
                    column.outside_dataset = Some(e.id.clone());
                    column.suggestion = Some(e.name.clone());
                } else {
                    column.suggestion = self
                        .suggest(&p.normalized, members.as_ref())
                        .and_then(|i| dict.elements.get(i))
                        .map(|e| e.name.clone());
                }
                column
            })
            .collect();

        let missing = chosen
            .map(|d| {
                d.fields
                    .iter()
                    .filter(|f| f.required)
                    .filter(|f| {
                        !columns
                            .iter()
                            .any(|c| c.element.as_deref() == Some(&f.element))
                    })
                    .map(|f| f.element.clone())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Resolution {
            dataset: chosen.map(|d| d.id.clone()),
            columns,
            missing,
            choice,
        })
    }
}

/// Finds which of a mapping's source headers names a column: the header exactly, else
/// the first source header (in the order given) that normalises alike. The one way every
/// command applies a mapping file to an export's headers.
#[derive(Debug, Clone, Default)]
pub struct HeaderLookup {
    exact: HashMap<String, usize>,
    normalized: HashMap<String, usize>,
}

impl HeaderLookup {
    /// A lookup over `sources`; `find` answers with positions in this sequence.
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a str>) -> HeaderLookup {
        let mut lookup = HeaderLookup::default();
        for (i, source) in sources.into_iter().enumerate() {
            lookup.exact.entry(source.to_owned()).or_insert(i);
            lookup.normalized.entry(normalize(source)).or_insert(i);
        }
        lookup
    }

    /// The position of the source header naming `header`.
    pub fn find(&self, header: &str) -> Option<usize> {
        self.exact
            .get(header)
            .or_else(|| self.normalized.get(&normalize(header)))
            .copied()
    }
}

fn push_unique<T: PartialEq + Copy>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// The dataset whose fields the candidates cover most, with its lead over the next; ties
/// go to fewer missing required fields, then to the smaller id. `None` when nothing
/// overlaps.
fn best_dataset<'d, 'c>(
    dict: &'d Dictionary,
    columns: impl Iterator<Item = &'c [(usize, MatchMethod)]>,
) -> Option<(&'d Dataset, DatasetChoice)> {
    let seen: HashSet<&str> = columns
        .flatten()
        .filter_map(|&(i, _)| dict.elements.get(i))
        .map(|e| e.id.as_str())
        .collect();
    let mut ranked: Vec<(usize, usize, &Dataset)> = dict
        .datasets
        .iter()
        .map(|d| {
            let covered = d
                .fields
                .iter()
                .filter(|f| seen.contains(f.element.as_str()))
                .count();
            let missing = d
                .fields
                .iter()
                .filter(|f| f.required && !seen.contains(f.element.as_str()))
                .count();
            (covered, missing, d)
        })
        .filter(|&(covered, _, _)| covered > 0)
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.id.cmp(&b.2.id)));
    let &(covered, _, best) = ranked.first()?;
    let runner_up = ranked.get(1).map(|&(n, _, d)| (d.id.clone(), n));
    Some((best, DatasetChoice { covered, runner_up }))
}

/// Edit distance (insertions, deletions, substitutions) between two character slices.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Resolves the headers of one export. `overrides` maps a source header to an element id
/// (`Some`) or to nothing on purpose (`None`), from a mapping file; its keys match the
/// header exactly or after normalisation. Builds a [`HeaderIndex`] on each call: when
/// validating many files, build the index once and call [`HeaderIndex::resolve`].
pub fn headers(
    dict: &Dictionary,
    headers: &[&str],
    dataset: Option<&str>,
    overrides: &HashMap<String, Option<String>>,
) -> Result<Resolution, ResolveError> {
    HeaderIndex::new(dict).resolve(dict, headers, dataset, overrides)
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests;
