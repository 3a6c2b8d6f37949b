//! The elements content evidence alone can propose, grouped by everything that decides
//! that evidence: the checks (type, format, code list, rule, pattern, range), the kind of
//! value expected and the specificity. Every member of a group fits a column exactly as
//! well as any other, so a column is scored once per group, not once per element; in a
//! large dictionary thousands of dates or status codes share one group.

use std::collections::HashMap;

use super::export::pass_key;
use super::kinds;
use super::pair::{Candidate, CONTENT_ONLY_SPECIFICITY};
use super::Method;
use crate::dictionary::Element;

pub(crate) struct ContentGroups {
    /// The members of each group, ascending.
    members: Vec<Vec<u32>>,
    /// Each element's group, when content alone can propose it.
    group_of: Vec<Option<u32>>,
}

impl ContentGroups {
    /// `specs` are the elements' specificities, in order.
    pub fn new(elements: &[Element], specs: &[f64]) -> ContentGroups {
        let mut by_key: HashMap<String, u32> = HashMap::new();
        let mut members: Vec<Vec<u32>> = Vec::new();
        let mut group_of = Vec::with_capacity(elements.len());
        for (i, e) in elements.iter().enumerate() {
            let spec = specs.get(i).copied().unwrap_or(0.0);
            let expected = kinds::expected(e);
            if spec < CONTENT_ONLY_SPECIFICITY && expected.is_none() {
                group_of.push(None);
                continue;
            }
            let key = format!("{}\u{1f}{expected:?}\u{1f}{}", pass_key(e), spec.to_bits());
            let next = u32::try_from(members.len()).unwrap_or(u32::MAX);
            let g = *by_key.entry(key).or_insert(next);
            if g == next {
                members.push(Vec::new());
            }
            if let Some(list) = members.get_mut(g as usize) {
                list.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            group_of.push(Some(g));
        }
        ContentGroups { members, group_of }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn members(&self, group: usize) -> &[u32] {
        self.members.get(group).map_or(&[], Vec::as_slice)
    }

    pub fn group_of(&self, element: usize) -> Option<usize> {
        self.group_of
            .get(element)
            .copied()
            .flatten()
            .map(|g| g as usize)
    }
}

/// A group whose members content alone proposes for a column: the candidate of its first
/// member stands for all of them, except the members scored on their own because their
/// names may match the header.
pub(super) struct GroupHit {
    pub group: usize,
    pub template: Candidate,
    /// Members scored on their own, ascending.
    pub excluded: Vec<u32>,
}

impl GroupHit {
    pub fn members<'g>(&'g self, groups: &'g ContentGroups) -> impl Iterator<Item = usize> + 'g {
        groups
            .members(self.group)
            .iter()
            .filter(|m| self.excluded.binary_search(m).is_err())
            .map(|&m| m as usize)
    }

    pub fn contains(&self, groups: &ContentGroups, element: usize) -> bool {
        groups.group_of(element) == Some(self.group)
            && u32::try_from(element).is_ok_and(|e| self.excluded.binary_search(&e).is_err())
    }
}

/// Content-only candidates that several elements fit equally are a guess between them:
/// their confidence is shared out, so that a value list many code lists accept does not
/// read as certain. `classes` are content-only scores of members not in `cands`, with how
/// many members have each.
pub(super) fn share_content_only(cands: &mut [Candidate], classes: &mut [(f64, usize)]) {
    let content = |c: &&mut Candidate| c.method == Method::Content;
    let best = cands
        .iter()
        .filter(|c| c.method == Method::Content)
        .map(|c| c.score)
        .chain(classes.iter().map(|&(s, _)| s))
        .fold(0.0, f64::max);
    let rivals = cands
        .iter()
        .filter(|c| c.method == Method::Content && c.score >= 0.9 * best)
        .count()
        + classes
            .iter()
            .filter(|&&(s, _)| s >= 0.9 * best)
            .map(|&(_, n)| n)
            .sum::<usize>();
    if rivals > 1 {
        let factor = 1.0 / (rivals as f64).sqrt();
        for c in cands.iter_mut().filter(content) {
            c.score *= factor;
        }
        for (s, _) in classes.iter_mut() {
            *s *= factor;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dictionary::{DataType, Dataset, Dictionary, Field, Origin, Status};
    use crate::mapping::scoring::Prepared;
    use crate::mapping::suggest::suggest_prepared;
    use crate::mapping::test_support::{checker, dictionary, element, with_elements_and_datasets};
    use crate::mapping::{SourceColumn, SuggestOptions};
    use crate::progress::NoProgress;

    /// A dictionary where many elements share their checks: dates, sex codes (some
    /// retired), free text; their names share characters with some headers, not others.
    fn crowded() -> Dictionary {
        let base = dictionary();
        let mut elements = base.elements.clone();
        let parts = ["登记", "变更", "核准", "申报", "办理", "注销"];
        for i in 0..48usize {
            let part = parts[i % parts.len()];
            let (name, format, data_type) = match i % 3 {
                0 => (format!("{part}{i}日期"), "YYYYMMDD", DataType::Date),
                1 => (format!("{part}类别{i}"), "n1", DataType::Code),
                _ => (format!("{part}说明{i}"), "c..50", DataType::String),
            };
            let mut e = element(&format!("SYN{i:03}"), &name, format);
            e.data_type = data_type;
            if data_type == DataType::Code {
                e.codelist = Some("GB/T 2261.1-2003".into());
            }
            if i % 7 == 0 {
                e.status = Status::Retired;
            }
            elements.push(e);
        }
        let mut datasets = base.datasets.clone();
        // A dataset of some dates and codes, two of them required (one retired).
        datasets.push(Dataset {
            id: "filing".into(),
            name: "备案".into(),
            name_en: None,
            owner: None,
            fields: [
                ("SYN003", true),
                ("SYN007", true),
                ("SYN010", false),
                ("SYN012", false),
            ]
            .iter()
            .map(|&(id, required)| Field {
                element: id.into(),
                required,
                unique: false,
                unique_among: None,
            })
            .collect(),
            primary_key: Vec::new(),
            origin: Origin::default(),
        });
        with_elements_and_datasets(elements, datasets)
    }

    fn column(header: &str, values: &[&str]) -> SourceColumn {
        let values = (0..30).map(|i| values[i % values.len()].to_string());
        SourceColumn::new(header, values.collect())
    }

    /// Scoring each group once gives exactly what scoring every element on its own gives:
    /// the same proposals, confidences, alternatives and dataset choice.
    #[test]
    fn groups_give_what_every_element_gives() {
        let dict = crowded();
        let check = checker(&dict);
        let columns = vec![
            column("zzzz", &["20240101", "20230615"]),
            column("出生日期", &["19900101", "19851230"]),
            column("办理日期", &["20240101"]),
            column("类别", &["1", "2"]),
            column("xb", &["M", "F"]),
            column("变更说明", &["无"]),
            column("qtxx", &["1", "2", "9"]),
            column("统一社会信用代码", &["91350100M000100Y43"]),
            column("空列", &[""]),
        ];
        let fast = Prepared::new(&dict);
        let reference = Prepared::new(&dict).scoring_every_element();
        let mut compared = 0;
        for dataset in [None, Some("enterprise-registration"), Some("filing")] {
            let options = SuggestOptions {
                dataset: dataset.map(str::to_string),
                ..SuggestOptions::default()
            };
            let a = suggest_prepared(&fast, &columns, &options, &check, &NoProgress);
            let b = suggest_prepared(&reference, &columns, &options, &check, &NoProgress);
            assert_eq!(a, b, "dataset {dataset:?}");
            compared += a
                .fields
                .iter()
                .filter(|f| !f.alternatives.is_empty())
                .count();
        }
        assert!(compared > 5, "{compared} columns with alternatives");
    }
}
