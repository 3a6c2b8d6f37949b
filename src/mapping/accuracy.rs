//! Accuracy of suggestions against a known mapping, for the README's figures and the
//! tests below.

use std::collections::HashMap;

use super::suggest::Suggestion;

/// (correct, total): how many of the columns `truth` names got the expected top-1
/// element (`None` expected = left unmatched). Columns absent from the suggestion count
/// as wrong.
pub fn accuracy(suggestion: &Suggestion, truth: &HashMap<String, Option<String>>) -> (usize, usize) {
    let correct = truth
        .iter()
        .filter(|(source, expected)| {
            suggestion
                .fields
                .iter()
                .find(|f| &f.source == *source)
                .is_some_and(|f| &f.element == *expected)
        })
        .count();
    (correct, truth.len())
}
