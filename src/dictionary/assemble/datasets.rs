//! Datasets: unique ids, fields that name known elements once, primary keys among them.

use std::collections::HashSet;

use super::{Defined, First, Source};
use crate::dictionary::model::{Dataset, Field, UniqueAmong};
use crate::dictionary::node::PathSegment::{Index as I, Key as K};
use crate::dictionary::problem::{codes, Problem, Severity};
use crate::dictionary::raw::RawDataset;
use crate::text::Text;

/// The datasets of every source; `elements` are the element ids defined anywhere.
pub(super) fn check(
    sources: &[Source],
    elements: &Defined<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Dataset> {
    let mut datasets = Vec::new();
    let mut first_at: Defined<'_> = Defined::new();
    for src in sources {
        for (i, raw) in src.items::<RawDataset>("datasets") {
            let origin = src.origin(&[K("datasets"), I(i)]);
            if let Some(first) = first_at.get(&raw.id) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_DATASET,
                    &[K("datasets"), I(i), K("id")],
                    Text::new(
                        format!("数据集 `{}` 已在 {} 定义", raw.id, first.text()),
                        format!(
                            "dataset `{}` is already defined at {}",
                            raw.id,
                            first.text()
                        ),
                    ),
                ));
                continue;
            }
            first_at.insert(
                raw.id.clone(),
                First {
                    file: &src.path,
                    line: origin.line,
                },
            );
            let fields = check_fields(src, i, &raw, elements, problems);
            check_primary_key(src, i, &raw, &fields, problems);
            check_unique_among(src, i, &raw, &fields, problems);
            datasets.push(Dataset {
                id: raw.id,
                name: raw.name,
                name_en: raw.name_en,
                owner: raw.owner,
                fields: raw
                    .fields
                    .into_iter()
                    .map(|f| Field {
                        element: f.element,
                        required: f.required,
                        unique: f.unique || f.unique_among.is_some(),
                        unique_among: f.unique_among.map(|u| UniqueAmong {
                            element: u.element,
                            values: u.values,
                        }),
                    })
                    .collect(),
                primary_key: raw.primary_key,
                origin,
            });
        }
    }
    datasets
}

/// `unique_among` must name another field of the same dataset: the records are told
/// apart by a value they carry.
fn check_unique_among(
    src: &Source,
    i: usize,
    raw: &RawDataset,
    fields: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) {
    for (j, f) in raw.fields.iter().enumerate() {
        let Some(among) = &f.unique_among else {
            continue;
        };
        if fields.contains(among.element.as_str()) && among.element != f.element {
            continue;
        }
        let at = [
            K("datasets"),
            I(i),
            K("fields"),
            I(j),
            K("unique_among"),
            K("element"),
        ];
        problems.push(src.problem(
            Severity::Error,
            codes::UNKNOWN_ELEMENT,
            &at,
            Text::new(
                format!(
                    "数据集 {}：unique_among 引用的 `{}` 不是本数据集的另一个字段",
                    raw.id, among.element
                ),
                format!(
                    "dataset {}: `unique_among` names `{}`, which is not another field of the dataset",
                    raw.id, among.element
                ),
            ),
        ));
    }
}

/// Reports fields that name an unknown element or repeat one; returns the known ones.
fn check_fields<'r>(
    src: &Source,
    i: usize,
    raw: &'r RawDataset,
    elements: &Defined<'_>,
    problems: &mut Vec<Problem>,
) -> HashSet<&'r str> {
    let mut seen: HashSet<&str> = HashSet::new();
    for (j, f) in raw.fields.iter().enumerate() {
        let at = [K("datasets"), I(i), K("fields"), I(j), K("element")];
        if !elements.contains_key(&f.element) {
            problems.push(src.problem(
                Severity::Error,
                codes::UNKNOWN_ELEMENT,
                &at,
                Text::new(
                    format!(
                        "数据集 {} 的字段引用了不存在的数据元 `{}`",
                        raw.id, f.element
                    ),
                    format!(
                        "dataset {}: field names the unknown element `{}`",
                        raw.id, f.element
                    ),
                ),
            ));
        } else if !seen.insert(f.element.as_str()) {
            problems.push(src.problem(
                Severity::Error,
                codes::DUPLICATE_FIELD,
                &at,
                Text::new(
                    format!("数据集 {} 中数据元 `{}` 出现两次", raw.id, f.element),
                    format!(
                        "dataset {}: element `{}` is listed twice",
                        raw.id, f.element
                    ),
                ),
            ));
        }
    }
    seen
}

/// Reports primary-key columns that are not among the dataset's known fields.
fn check_primary_key(
    src: &Source,
    i: usize,
    raw: &RawDataset,
    fields: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) {
    for (j, k) in raw.primary_key.iter().enumerate() {
        if !fields.contains(k.as_str()) {
            problems.push(src.problem(
                Severity::Error,
                codes::UNKNOWN_ELEMENT,
                &[K("datasets"), I(i), K("primary_key"), I(j)],
                Text::new(
                    format!("数据集 {} 的主键 `{k}` 不是该数据集的字段", raw.id),
                    format!(
                        "dataset {}: primary key `{k}` is not one of its fields",
                        raw.id
                    ),
                ),
            ));
        }
    }
}
