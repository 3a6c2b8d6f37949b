//! The proposal row of one column: the element picked (or why none), masked samples,
//! value map, notes and the next best alternatives.

use super::pair::{Candidate, Refuted};
use super::suggest::{round2, Alternative, SourceColumn, SuggestOptions, SuggestedField};
use super::Method;
use crate::dictionary::Dictionary;
use crate::mask::{mask, mask_value};
use crate::text::Text;

/// What the matching decided for one column.
pub(super) struct Outcome<'a> {
    pub pick: Option<&'a Candidate>,
    pub cands: &'a [Candidate],
    pub refuted: Option<&'a Refuted>,
}

pub(super) fn field(
    dict: &Dictionary,
    column: usize,
    col: &SourceColumn,
    sample: &[String],
    outcome: &Outcome<'_>,
    options: &SuggestOptions,
    header_is_data: bool,
) -> SuggestedField {
    let (pick, cands, refuted) = (outcome.pick, outcome.cands, outcome.refuted);
    // A header that is really a data row is masked unless it named its element itself.
    let source = if header_is_data && pick.is_none_or(|p| p.method == Method::Content) {
        mask(&col.header)
    } else {
        col.header.clone()
    };
    let element = pick.and_then(|c| dict.elements.get(c.element));
    let masked = element.is_none_or(|e| dict.is_masked(e));
    // Values of a code list are categories: masked whole, also when the values refuted
    // the code-listed element the header named.
    let likely = element.or_else(|| refuted.and_then(|r| dict.elements.get(r.element)));
    let categorical = likely.is_some_and(|e| e.codelist.is_some());
    let mut shown: Vec<String> = Vec::new();
    for v in sample {
        if shown.len() >= options.shown_samples {
            break;
        }
        let v = if masked {
            mask_value(v, categorical)
        } else {
            v.clone()
        };
        if !shown.contains(&v) {
            shown.push(v);
        }
    }
    let alternatives: Vec<Alternative> = cands
        .iter()
        .filter(|c| pick.is_none_or(|p| p.element != c.element))
        .take(3)
        .filter_map(|c| {
            dict.elements.get(c.element).map(|e| Alternative {
                element: e.id.clone(),
                name: e.name.clone(),
                confidence: round2(c.score),
            })
        })
        .collect();
    let mut notes = Vec::new();
    let (Some(pick), Some(e)) = (pick, element) else {
        notes.push(Text::new("未找到对应数据元", "no matching element"));
        if let Some((r, e)) = refuted.and_then(|r| dict.elements.get(r.element).map(|e| (r, e))) {
            let pct = (r.rate * 100.0).round();
            notes.push(Text::new(
                format!(
                    "表头像“{}”({})，但样本值只有 {pct}% 符合其要求，未采用",
                    e.name, e.id
                ),
                format!(
                    "the header reads like “{}” ({}), but only {pct}% of the sample fits it: not proposed",
                    e.name, e.id
                ),
            ));
        }
        // Candidates that lost their element to a better column are worth a look.
        let alts: &Vec<Alternative> = &alternatives;
        if !alts.is_empty() {
            let list = alts
                .iter()
                .map(|a| format!("{} ({:.2})", a.element, a.confidence))
                .collect::<Vec<_>>()
                .join(", ");
            notes.push(Text::new(
                format!("候选：{list}"),
                format!("candidates: {list}"),
            ));
        }
        return SuggestedField {
            column,
            source,
            element: None,
            element_name: None,
            method: None,
            confidence: 0.0,
            header_score: None,
            content_rate: None,
            samples: shown,
            value_map: None,
            source_format: None,
            notes,
            alternatives,
        };
    };
    if let Some(unit) = pick.header.as_ref().and_then(|h| h.unit.as_deref()) {
        match e.unit.as_deref() {
            Some(u) if crate::normalize::normalize(u) == unit => {}
            Some(u) => notes.push(Text::new(
                format!("单位不同：源为 {unit}，标准为 {u}"),
                format!("unit differs: source {unit}, standard {u}"),
            )),
            None => notes.push(Text::new(
                format!("源单位 {unit}"),
                format!("source unit {unit}"),
            )),
        }
    }
    // Values with no code are cell values like any other: masked with their element.
    let mut value_map = pick.content.value_map.clone();
    if let Some(map) = value_map.as_mut().filter(|_| dict.is_masked(e)) {
        let categorical = e.codelist.is_some();
        map.unmappable = map
            .unmappable
            .iter()
            .map(|v| mask_value(v, categorical))
            .collect();
    }
    if let Some(map) = &value_map {
        if !map.unmappable.is_empty() {
            let list: Vec<String> = map.unmappable.iter().take(10).cloned().collect();
            notes.push(Text::new(
                format!("无法对应代码的值：{}", list.join("、")),
                format!("values with no code: {}", list.join(", ")),
            ));
        }
    }
    SuggestedField {
        column,
        source,
        element: Some(e.id.clone()),
        element_name: Some(e.name.clone()),
        method: Some(pick.method),
        confidence: pick.score,
        header_score: pick.header.as_ref().map(|h| h.score),
        content_rate: pick.content.pass_rate,
        samples: shown,
        value_map,
        source_format: pick.content.source_format.clone(),
        notes,
        alternatives,
    }
}
