//! Choosing the dataset of an export when none is named: the dataset whose elements the
//! columns' proposals (and their alternatives) cover with the most confidence. The choice
//! reports its margin over the runner-up and whether it is only a guess.

use super::suggest::Suggestion;
use crate::dictionary::Dictionary;

/// Below this margin over the runner-up the choice is a guess.
pub(crate) const GUESS_MARGIN: f64 = 0.25;
/// With less confident coverage than this (about two sure columns) it is a guess too.
const GUESS_COVER: f64 = 2.0;

/// The dataset `map suggest` chose by itself.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetChoice {
    pub dataset: String,
    /// The summed confidence of the columns the dataset covers.
    pub cover: f64,
    /// (best − runner-up) / best, 0–1; 1 when no other dataset covers anything.
    pub margin: f64,
    pub runner_up: Option<String>,
    /// The evidence is too thin or too close to call.
    pub guess: bool,
}

/// The dataset the suggestion's columns fit best; `None` when no column fits any.
pub(crate) fn choose_dataset(dict: &Dictionary, s: &Suggestion) -> Option<DatasetChoice> {
    let mut scored: Vec<(f64, &str)> = dict
        .datasets
        .iter()
        .map(|d| {
            let members: Vec<&str> = d.fields.iter().map(|f| f.element.as_str()).collect();
            let cover: f64 = s
                .fields
                .iter()
                .map(|f| {
                    let top = f
                        .element
                        .as_deref()
                        .filter(|e| members.contains(e))
                        .map_or(0.0, |_| f.confidence);
                    f.alternatives
                        .iter()
                        .filter(|a| members.contains(&a.element.as_str()))
                        .map(|a| a.confidence)
                        .fold(top, f64::max)
                })
                .sum();
            (cover, d.id.as_str())
        })
        .filter(|(cover, _)| *cover > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let (cover, best) = *scored.first()?;
    let second = scored.get(1);
    let margin = second.map_or(1.0, |(c, _)| (cover - c) / cover);
    Some(DatasetChoice {
        dataset: best.to_string(),
        cover,
        margin,
        runner_up: second.map(|(_, id)| id.to_string()),
        guess: margin < GUESS_MARGIN || cover < GUESS_COVER,
    })
}
