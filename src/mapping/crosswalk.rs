//! `map crosswalk`: department A's mapping ↔ standard element ↔ department B's mapping.
//! Fields meet where they map to the same element; value maps compose through the
//! standard code (A value → code → B value, B's map inverted).

use std::collections::{BTreeMap, BTreeSet};

use super::file::{FieldMapping, MappingFile};
use crate::dictionary::Dictionary;

/// One value through the standard code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueLink {
    /// How A writes it (the code itself when A's map does not list it).
    pub a_value: String,
    pub code: String,
    /// How B writes it (the code itself when B's map does not list it).
    pub b_value: String,
    /// Other B values standing for the same code: the inversion is ambiguous.
    pub ambiguous: Vec<String>,
}

/// A field of A and a field of B carrying the same element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrosswalkRow {
    pub a_field: String,
    pub element: String,
    pub element_name: Option<String>,
    pub b_field: String,
    /// Composed values; empty when neither side recodes.
    pub values: Vec<ValueLink>,
}

/// A field with no counterpart on the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub field: String,
    /// `None`: the field is not shared at all (`element: null`).
    pub element: Option<String>,
    pub element_name: Option<String>,
}

/// The crosswalk between two mappings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    pub a_department: Option<String>,
    pub b_department: Option<String>,
    pub rows: Vec<CrosswalkRow>,
    /// A's fields B has nothing for.
    pub only_a: Vec<Gap>,
    /// B's fields A has nothing for.
    pub only_b: Vec<Gap>,
}

impl Crosswalk {
    /// Whether any composed value is ambiguous.
    pub fn has_ambiguities(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.values.iter().any(|v| !v.ambiguous.is_empty()))
    }
}

/// code → source values, from a field's value map.
fn invert(f: &FieldMapping) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (src, code) in f.values.iter().flatten() {
        out.entry(code.as_str()).or_default().push(src.as_str());
    }
    out
}

fn compose(dict: &Dictionary, element: &str, a: &FieldMapping, b: &FieldMapping) -> Vec<ValueLink> {
    let has_a = a.values.as_ref().is_some_and(|v| !v.is_empty());
    let has_b = b.values.as_ref().is_some_and(|v| !v.is_empty());
    if !has_a && !has_b {
        return Vec::new();
    }
    let inv_a = invert(a);
    let inv_b = invert(b);
    // Every code of the element's list, or, without one, every code either side names.
    let mut codes: Vec<&str> = Vec::new();
    if let Some(list) = dict.element(element).and_then(|e| dict.codelist_of(e)) {
        codes.extend(list.values.iter().map(|v| v.code.as_str()));
    }
    let named: BTreeSet<&str> = inv_a.keys().chain(inv_b.keys()).copied().collect();
    for c in named {
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    let mut out = Vec::new();
    for code in codes {
        let a_values = inv_a.get(code).cloned().unwrap_or_else(|| vec![code]);
        let b_values = inv_b.get(code).cloned().unwrap_or_else(|| vec![code]);
        let (b_value, ambiguous) = match b_values.split_first() {
            Some((first, rest)) => (
                first.to_string(),
                rest.iter().map(|s| s.to_string()).collect(),
            ),
            None => (code.to_string(), Vec::new()),
        };
        for a_value in a_values {
            out.push(ValueLink {
                a_value: a_value.to_string(),
                code: code.to_string(),
                b_value: b_value.clone(),
                ambiguous: ambiguous.clone(),
            });
        }
    }
    out
}

fn gap(dict: &Dictionary, f: &FieldMapping) -> Gap {
    Gap {
        field: f.source.clone(),
        element: f.element.clone(),
        element_name: f
            .element
            .as_deref()
            .and_then(|id| dict.element(id))
            .map(|e| e.name.clone()),
    }
}

/// Lines up A's and B's fields through the standard elements.
pub fn crosswalk(dict: &Dictionary, a: &MappingFile, b: &MappingFile) -> Crosswalk {
    let mut rows = Vec::new();
    let mut only_a = Vec::new();
    let mut b_used = vec![false; b.fields.len()];
    for fa in &a.fields {
        let Some(element) = fa.element.as_deref() else {
            only_a.push(gap(dict, fa));
            continue;
        };
        let mut found = false;
        for (j, fb) in b.fields.iter().enumerate() {
            if fb.element.as_deref() == Some(element) {
                found = true;
                if let Some(u) = b_used.get_mut(j) {
                    *u = true;
                }
                rows.push(CrosswalkRow {
                    a_field: fa.source.clone(),
                    element: element.to_string(),
                    element_name: dict.element(element).map(|e| e.name.clone()),
                    b_field: fb.source.clone(),
                    values: compose(dict, element, fa, fb),
                });
            }
        }
        if !found {
            only_a.push(gap(dict, fa));
        }
    }
    let only_b = b
        .fields
        .iter()
        .zip(&b_used)
        .filter(|(_, used)| !**used)
        .map(|(f, _)| gap(dict, f))
        .collect();
    Crosswalk {
        a_department: a.department.clone(),
        b_department: b.department.clone(),
        rows,
        only_a,
        only_b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::test_support::dictionary;

    fn file(yaml: &str) -> MappingFile {
        MappingFile::from_yaml(yaml).unwrap()
    }

    #[test]
    fn composes_value_maps_and_lists_gaps() {
        let dict = dictionary();
        let a = file(
            "mapping:\n  department: 税务\n  fields:\n    - {source: XB, element: DE00003, values: {M: \"1\", F: \"2\"}}\n    - {source: NSRSBH, element: DE01001}\n    - {source: BZ, element: null}\n",
        );
        let b = file(
            "mapping:\n  department: 人社\n  fields:\n    - {source: 性别, element: DE00003, values: {男: \"1\", 男性: \"1\", 女: \"2\"}}\n    - {source: 信用代码, element: DE01001}\n    - {source: 住址, element: DE01006}\n",
        );
        let cw = crosswalk(&dict, &a, &b);
        assert_eq!(cw.rows.len(), 2);
        let sex = &cw.rows[0];
        assert_eq!((sex.a_field.as_str(), sex.b_field.as_str()), ("XB", "性别"));
        let m = sex.values.iter().find(|v| v.a_value == "M").unwrap();
        assert_eq!(m.code, "1");
        assert_eq!(m.b_value, "男");
        assert_eq!(m.ambiguous, vec!["男性"]);
        let f = sex.values.iter().find(|v| v.a_value == "F").unwrap();
        assert_eq!((f.b_value.as_str(), f.ambiguous.len()), ("女", 0));
        // Codes neither side recodes pass through as themselves.
        let nine = sex.values.iter().find(|v| v.code == "9").unwrap();
        assert_eq!((nine.a_value.as_str(), nine.b_value.as_str()), ("9", "9"));
        assert!(cw.has_ambiguities());
        assert!(cw.rows[1].values.is_empty());
        assert_eq!(
            cw.only_a
                .iter()
                .map(|g| g.field.as_str())
                .collect::<Vec<_>>(),
            vec!["BZ"]
        );
        assert_eq!(cw.only_b.len(), 1);
        assert_eq!(cw.only_b[0].element_name.as_deref(), Some("住所"));
    }
}
