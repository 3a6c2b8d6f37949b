//! A dictionary being imported, before it is written as YAML (the spec's format): the
//! CSVW and JSON Schema importers fill it, [`Draft::to_yaml`] writes it. Elements shared
//! by several tables are one element; names stay unique.

use super::import::{id_of, q};

/// One element as far as the source describes it.
#[derive(Debug, Clone, Default)]
pub struct DraftElement {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub definition: Option<String>,
    pub data_type: String,
    pub format: Option<String>,
    pub rule: Option<String>,
    /// (code list id, codes).
    pub codes: Option<(String, Vec<String>)>,
    pub pattern: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DraftField {
    pub element: String,
    pub required: bool,
    pub unique: bool,
}

#[derive(Debug, Clone)]
pub struct DraftTable {
    pub id: String,
    pub name: String,
    pub fields: Vec<DraftField>,
    pub primary_key: Vec<String>,
}

/// The dictionary an import builds.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub id: String,
    pub name: String,
    pub version: String,
    /// What the source holds that the dictionary does not keep (English, one line each).
    pub not_kept: Vec<String>,
    pub elements: Vec<DraftElement>,
    pub tables: Vec<DraftTable>,
}

impl Draft {
    /// Adds an element unless one with its id exists; a name already taken by another
    /// element gets the id appended. Returns the element's id.
    pub fn add_element(&mut self, mut e: DraftElement) -> String {
        if self.elements.iter().any(|x| x.id == e.id) {
            return e.id;
        }
        if self.elements.iter().any(|x| x.name == e.name) {
            e.name = format!("{} ({})", e.name, e.id);
        }
        let id = e.id.clone();
        self.elements.push(e);
        id
    }

    /// The YAML text of the dictionary; `from` names the source format in the first line.
    pub fn to_yaml(&self, from: &str) -> String {
        let mut out = format!("# Imported by govdict import --from {from}.\n");
        for n in &self.not_kept {
            out.push_str(&format!("# not kept: {}\n", n.replace('\n', " ")));
        }
        out.push_str(&format!(
            "govdict: 1\nid: {}\nname: {}\nversion: {}\n",
            q(&id_of(&self.id)),
            q(&self.name),
            q(&self.version)
        ));
        let mut lists: Vec<&(String, Vec<String>)> = Vec::new();
        for e in &self.elements {
            if let Some(c) = &e.codes {
                if !lists.iter().any(|l| l.0 == c.0) {
                    lists.push(c);
                }
            }
        }
        if !lists.is_empty() {
            out.push_str("codelists:\n");
            for (id, codes) in lists {
                out.push_str(&format!(
                    "  - id: {}\n    name: {}\n    values:\n",
                    q(id),
                    q(id)
                ));
                for c in codes {
                    out.push_str(&format!("      - {{code: {}, name: {}}}\n", q(c), q(c)));
                }
            }
        }
        out.push_str("elements:\n");
        for e in &self.elements {
            out.push_str(&element_yaml(e));
        }
        out.push_str("datasets:\n");
        for t in &self.tables {
            out.push_str(&format!(
                "  - id: {}\n    name: {}\n    fields:\n",
                q(&t.id),
                q(&t.name)
            ));
            for f in &t.fields {
                out.push_str(&format!(
                    "      - {{element: {}, required: {}, unique: {}}}\n",
                    q(&f.element),
                    f.required,
                    f.unique
                ));
            }
            if !t.primary_key.is_empty() {
                let key: Vec<String> = t.primary_key.iter().map(|k| q(k)).collect();
                out.push_str(&format!("    primary_key: [{}]\n", key.join(", ")));
            }
        }
        out
    }
}

fn element_yaml(e: &DraftElement) -> String {
    let mut lines = vec![
        format!("  - id: {}", q(&e.id)),
        format!("    name: {}", q(&e.name)),
    ];
    let mut opt = |key: &str, v: &Option<String>| {
        if let Some(v) = v {
            lines.push(format!("    {key}: {}", q(v)));
        }
    };
    opt("name_en", &e.name_en);
    opt("definition", &e.definition);
    opt("type", &Some(e.data_type.clone()));
    opt("format", &e.format);
    opt("rule", &e.rule);
    opt("codelist", &e.codes.as_ref().map(|c| c.0.clone()));
    opt("pattern", &e.pattern);
    opt("min", &e.min);
    opt("max", &e.max);
    lines.join("\n") + "\n"
}

/// A string format from lengths: `cN`, `cN..M` or `c..M`.
pub fn length_format(lo: Option<u64>, hi: Option<u64>) -> Option<String> {
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi && lo > 0 => Some(format!("c{lo}")),
        (Some(lo), Some(hi)) if lo > 0 && lo < hi => Some(format!("c{lo}..{hi}")),
        (_, Some(hi)) if hi > 0 => Some(format!("c..{hi}")),
        _ => None,
    }
}

/// A regex wrapped whole in one group loses the group: `(a|b)` → `a|b`; `(a)|(b)` stays.
pub fn strip_group(regex: &str) -> &str {
    let Some(inner) = regex.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return regex;
    };
    let (mut depth, mut escaped, mut class) = (1usize, false, false);
    for c in inner.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => {
                depth -= 1;
                if depth == 0 {
                    return regex;
                }
            }
            _ => {}
        }
    }
    if depth == 1 && !inner.starts_with('?') {
        inner
    } else {
        regex
    }
}

/// The literals of a regex that is an alternation of plain (escaped) strings; `None` when
/// any part is more than a literal.
pub fn literal_alternatives(regex: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = regex.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                if !"\\.^$|()[]{}*+?-/".contains(next) {
                    return None;
                }
                current.push(next);
            }
            '|' => out.push(std::mem::take(&mut current)),
            _ if "^$()[]{}*+?.".contains(c) => return None,
            _ => current.push(c),
        }
    }
    out.push(current);
    if out.iter().any(String::is_empty) {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_alternations() {
        assert_eq!(strip_group("(0|1|2|9)"), "0|1|2|9");
        assert_eq!(strip_group("(a)|(b)"), "(a)|(b)");
        assert_eq!(strip_group("([()])"), "[()]");
        assert_eq!(strip_group("[0-9]{6}"), "[0-9]{6}");
        assert_eq!(
            literal_alternatives("0|1|2|9"),
            Some(vec!["0".into(), "1".into(), "2".into(), "9".into()])
        );
        assert_eq!(
            literal_alternatives(r"A\.1|B"),
            Some(vec!["A.1".into(), "B".into()])
        );
        assert_eq!(literal_alternatives("[0-9]{6}"), None);
        assert_eq!(literal_alternatives("a||b"), None);
        assert_eq!(literal_alternatives(r"\d"), None);
    }

    #[test]
    fn names_stay_unique_and_yaml_is_written() {
        let mut d = Draft {
            id: "x".into(),
            name: "X".into(),
            version: "0.1.0".into(),
            ..Draft::default()
        };
        let e = |id: &str| DraftElement {
            id: id.into(),
            name: "名称".into(),
            data_type: "string".into(),
            ..DraftElement::default()
        };
        d.add_element(e("a"));
        d.add_element(e("b"));
        d.add_element(e("a"));
        assert_eq!(d.elements.len(), 2);
        assert_eq!(d.elements[1].name, "名称 (b)");
        assert!(d.to_yaml("csvw").contains("name: \"名称 (b)\""));
    }
}
