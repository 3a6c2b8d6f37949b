//! The validated dictionary model. Everything here has passed the schema and semantic
//! checks of `load`: references resolve, formats parse, regexes compile.

use std::collections::HashMap;
use std::path::PathBuf;

use regex::Regex;

use super::format::Format;
use crate::finding::Severity;
use crate::rules::Rule;

/// Where something was defined: a YAML file and a 1-based line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// The release manifest (`dictionary.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Version of the file format (`govdict: 1`).
    pub format_version: u32,
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Semver of this release.
    pub version: String,
    pub released: Option<String>,
    pub authority: Option<String>,
    pub license: Option<String>,
    pub classification: Vec<Level>,
}

/// One level of the classification (grading) scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub level: String,
    pub name: String,
    /// Values of elements at this level are masked in every report.
    pub mask: bool,
    /// Whether data at this level may be opened to the public.
    pub open: bool,
}

/// The data type of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    String,
    Integer,
    Decimal,
    Boolean,
    Date,
    DateTime,
    Time,
    Code,
}

impl DataType {
    pub const ALL: [DataType; 8] = [
        DataType::String,
        DataType::Integer,
        DataType::Decimal,
        DataType::Boolean,
        DataType::Date,
        DataType::DateTime,
        DataType::Time,
        DataType::Code,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DataType::String => "string",
            DataType::Integer => "integer",
            DataType::Decimal => "decimal",
            DataType::Boolean => "boolean",
            DataType::Date => "date",
            DataType::DateTime => "datetime",
            DataType::Time => "time",
            DataType::Code => "code",
        }
    }

    pub fn parse(s: &str) -> Option<DataType> {
        DataType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Personal-information category (PIPL art. 4 and 28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Personal {
    #[default]
    None,
    Personal,
    Sensitive,
}

impl Personal {
    pub fn as_str(self) -> &'static str {
        match self {
            Personal::None => "none",
            Personal::Personal => "personal",
            Personal::Sensitive => "sensitive",
        }
    }

    pub fn parse(s: &str) -> Option<Personal> {
        [Personal::None, Personal::Personal, Personal::Sensitive]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// Registration status (ISO/IEC 11179-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    Candidate,
    Recorded,
    Qualified,
    #[default]
    Standard,
    Preferred,
    Retired,
    Superseded,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Candidate,
        Status::Recorded,
        Status::Qualified,
        Status::Standard,
        Status::Preferred,
        Status::Retired,
        Status::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Candidate => "candidate",
            Status::Recorded => "recorded",
            Status::Qualified => "qualified",
            Status::Standard => "standard",
            Status::Preferred => "preferred",
            Status::Retired => "retired",
            Status::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A data element (GB/T 19488 / ISO/IEC 11179 attributes).
#[derive(Debug, Clone)]
pub struct Element {
    pub id: String,
    pub identifier: Option<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub synonyms: Vec<String>,
    /// Column codes other systems use for this element, by system (`jinbao` → `AAC002`):
    /// the headers of those systems' exports.
    pub system_codes: std::collections::BTreeMap<String, String>,
    pub definition: Option<String>,
    pub object_class: Option<String>,
    pub property: Option<String>,
    pub representation: Option<String>,
    pub data_type: DataType,
    pub format: Option<Format>,
    pub rule: Option<Rule>,
    /// The severity of what `rule` finds, when the dictionary sets one (`rule_severity:`);
    /// otherwise the finding code's own.
    pub rule_severity: Option<Severity>,
    pub codelist: Option<String>,
    /// The extra pattern, compiled (linear-time engine), anchored to the whole value.
    pub pattern: Option<Regex>,
    /// Bounds as written: numbers for numeric types, dates in the element's format for dates.
    pub min: Option<String>,
    pub max: Option<String>,
    pub unit: Option<String>,
    pub classification: Option<String>,
    pub personal: Personal,
    pub status: Status,
    pub superseded_by: Option<String>,
    pub submitter: Option<String>,
    pub since: Option<String>,
    pub origin: Origin,
}

impl Element {
    /// An element with an id, a name and a type and nothing else, for dictionaries built
    /// in code; fill in the rest with struct update syntax.
    pub fn new(id: &str, name: &str, data_type: DataType) -> Element {
        Element {
            id: id.to_owned(),
            identifier: None,
            name: name.to_owned(),
            name_en: None,
            synonyms: Vec::new(),
            system_codes: std::collections::BTreeMap::new(),
            definition: None,
            object_class: None,
            property: None,
            representation: None,
            data_type,
            format: None,
            rule: None,
            rule_severity: None,
            codelist: None,
            pattern: None,
            min: None,
            max: None,
            unit: None,
            classification: None,
            personal: Personal::None,
            status: Status::Standard,
            superseded_by: None,
            submitter: None,
            since: None,
            origin: Origin::default(),
        }
    }

    /// The pattern as the dictionary wrote it.
    pub fn pattern_text(&self) -> Option<&str> {
        self.pattern.as_ref().map(pattern_source)
    }
}

/// The source of a compiled element pattern: patterns are compiled anchored as `^(?:…)$`
/// so they match the whole value; people want to see what they wrote.
pub fn pattern_source(pattern: &Regex) -> &str {
    let s = pattern.as_str();
    s.strip_prefix("^(?:")
        .and_then(|s| s.strip_suffix(")$"))
        .unwrap_or(s)
}

/// One value of a code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeValue {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Common non-standard spellings of this code (`男`, `M` for `1`).
    pub aliases: Vec<String>,
}

/// An enumerated value domain.
#[derive(Debug, Clone)]
pub struct CodeList {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub values: Vec<CodeValue>,
    pub origin: Origin,
    /// code → index into `values`
    index: HashMap<String, usize>,
    /// alias → index into `values`
    aliases: HashMap<String, usize>,
}

impl CodeList {
    pub fn new(
        id: String,
        name: String,
        name_en: Option<String>,
        values: Vec<CodeValue>,
        origin: Origin,
    ) -> CodeList {
        let mut index = HashMap::with_capacity(values.len());
        let mut aliases = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            index.entry(v.code.clone()).or_insert(i);
            for a in &v.aliases {
                aliases.entry(a.clone()).or_insert(i);
            }
        }
        CodeList {
            id,
            name,
            name_en,
            values,
            origin,
            index,
            aliases,
        }
    }

    /// The value with this exact code.
    pub fn get(&self, code: &str) -> Option<&CodeValue> {
        self.index.get(code).and_then(|&i| self.values.get(i))
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    /// The standard value an alias stands for.
    pub fn by_alias(&self, alias: &str) -> Option<&CodeValue> {
        self.aliases.get(alias).and_then(|&i| self.values.get(i))
    }

    /// The format the codes share, in the notation of `format:` (`n1`, `n2`, `a3`,
    /// `an1..2`): code elements carry no format of their own, so this is what `show`
    /// tells a reader the column holds. `None` for an empty list.
    pub fn derived_format(&self) -> Option<String> {
        use super::format::Length;
        let first = self.values.first()?;
        let mut class = char_class_of(&first.code);
        let (mut lo, mut hi) = (usize::MAX, 0usize);
        for v in &self.values {
            class = wider_class(class, char_class_of(&v.code));
            let n = v.code.chars().count();
            lo = lo.min(n);
            hi = hi.max(n);
        }
        let (lo, hi) = (u32::try_from(lo).ok()?, u32::try_from(hi).ok()?);
        let length = if lo == hi {
            Length::Exact(lo)
        } else {
            Length::Range(lo, hi)
        };
        Some(format!("{}{length}", class.notation()))
    }
}

/// The narrowest character class that allows every character of `code`.
fn char_class_of(code: &str) -> super::format::CharClass {
    use super::format::CharClass;
    if code.is_empty() {
        CharClass::Any
    } else if code.chars().all(|c| c.is_ascii_digit()) {
        CharClass::Numeric
    } else if code.chars().all(|c| c.is_ascii_alphabetic()) {
        CharClass::Alpha
    } else if code.chars().all(|c| c.is_ascii_alphanumeric()) {
        CharClass::AlphaNumeric
    } else {
        CharClass::Any
    }
}

/// The class that allows what both allow (`n` and `a` together need `an`).
fn wider_class(
    a: super::format::CharClass,
    b: super::format::CharClass,
) -> super::format::CharClass {
    use super::format::CharClass::{AlphaNumeric, Any};
    match (a, b) {
        (x, y) if x == y => x,
        (Any, _) | (_, Any) => Any,
        _ => AlphaNumeric,
    }
}

/// One field of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub element: String,
    pub required: bool,
    pub unique: bool,
    /// With `unique`: only records whose other field holds one of these codes count
    /// (an enterprise name is unique among active enterprises).
    pub unique_among: Option<UniqueAmong>,
}

/// The records a `unique` field must not repeat among: those whose `element` is one of
/// `values` (codes of its code list; aliases and names of those codes count too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueAmong {
    pub element: String,
    pub values: Vec<String>,
}

/// What one departmental export must carry.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub owner: Option<String>,
    pub fields: Vec<Field>,
    pub primary_key: Vec<String>,
    pub origin: Origin,
}

/// A loaded, validated dictionary.
#[derive(Debug, Clone)]
pub struct Dictionary {
    pub manifest: Manifest,
    pub elements: Vec<Element>,
    pub codelists: Vec<CodeList>,
    pub datasets: Vec<Dataset>,
    /// SHA-256 over the dictionary's source files, in load order (hex).
    pub sha256: String,
    element_index: HashMap<String, usize>,
    codelist_index: HashMap<String, usize>,
    dataset_index: HashMap<String, usize>,
}

impl Dictionary {
    pub fn new(
        manifest: Manifest,
        elements: Vec<Element>,
        codelists: Vec<CodeList>,
        datasets: Vec<Dataset>,
        sha256: String,
    ) -> Dictionary {
        let element_index = elements
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let codelist_index = codelists
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let dataset_index = datasets
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Dictionary {
            manifest,
            elements,
            codelists,
            datasets,
            sha256,
            element_index,
            codelist_index,
            dataset_index,
        }
    }

    pub fn element(&self, id: &str) -> Option<&Element> {
        self.element_index
            .get(id)
            .and_then(|&i| self.elements.get(i))
    }

    pub fn codelist(&self, id: &str) -> Option<&CodeList> {
        self.codelist_index
            .get(id)
            .and_then(|&i| self.codelists.get(i))
    }

    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.dataset_index
            .get(id)
            .and_then(|&i| self.datasets.get(i))
    }

    pub fn level(&self, level: &str) -> Option<&Level> {
        self.manifest
            .classification
            .iter()
            .find(|l| l.level == level)
    }

    /// The code list of a code element.
    pub fn codelist_of(&self, element: &Element) -> Option<&CodeList> {
        element.codelist.as_deref().and_then(|id| self.codelist(id))
    }

    /// Every spelling a record's `among.element` value may take for uniqueness to apply: the
    /// listed codes, and their aliases, names and English names from the element's code list.
    pub fn among_spellings(&self, among: &UniqueAmong) -> Vec<String> {
        let mut values = among.values.clone();
        let list = self
            .element(&among.element)
            .and_then(|e| self.codelist_of(e));
        for v in among.values.iter().filter_map(|code| list?.get(code)) {
            values.extend(v.aliases.iter().cloned());
            values.push(v.name.clone());
            values.extend(v.name_en.iter().cloned());
        }
        values
    }

    /// Whether values of this element must be masked in reports: its classification level
    /// says `mask: true`, or it is personal information.
    pub fn is_masked(&self, element: &Element) -> bool {
        element.personal != Personal::None
            || element
                .classification
                .as_deref()
                .and_then(|l| self.level(l))
                .is_some_and(|l| l.mask)
    }
}

#[cfg(test)]
mod derived_format_tests {
    use super::*;

    fn list(codes: &[&str]) -> CodeList {
        let values = codes
            .iter()
            .map(|c| CodeValue {
                code: (*c).to_owned(),
                name: (*c).to_owned(),
                name_en: None,
                aliases: Vec::new(),
            })
            .collect();
        CodeList::new("t".into(), "t".into(), None, values, Origin::default())
    }

    #[test]
    fn the_codes_give_the_format() {
        assert_eq!(
            list(&["0", "1", "9"]).derived_format().as_deref(),
            Some("n1")
        );
        assert_eq!(list(&["01", "98"]).derived_format().as_deref(), Some("n2"));
        assert_eq!(
            list(&["CHN", "USA"]).derived_format().as_deref(),
            Some("a3")
        );
        assert_eq!(
            list(&["1", "A1"]).derived_format().as_deref(),
            Some("an1..2")
        );
        assert_eq!(list(&["1", "-"]).derived_format().as_deref(), Some("c1"));
        assert_eq!(list(&[]).derived_format(), None);
    }
}
