//! Content evidence: what a column's sample values say about an element — how many pass
//! its checks, how they recode onto its code list, and which date or number layout they
//! are written in.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::dictionary::format::DateTemplate;
use crate::dictionary::{CodeList, DataType, Element, Format};
use crate::normalize::normalize;

/// Date layouts departments write, strict ones before loose ones so that the most exact
/// description of the column wins a tie.
pub(crate) const DATE_LAYOUTS: &[&str] = &[
    "YYYY-MM-DD",
    "YYYY/MM/DD",
    "YYYY.MM.DD",
    "YYYYMMDD",
    "YYYY年MM月DD日",
    "YYYY年M月D日",
    "YYYY/M/D",
    "YYYY-M-D",
    "YYYY.M.D",
    "YYYY-MM-DDThh:mm:ss",
    "YYYY-MM-DD hh:mm:ss",
    "YYYY/MM/DD hh:mm:ss",
    "YYYYMMDDhhmmss",
];

/// The share of values a source format must describe to be proposed.
const LAYOUT_SHARE: f64 = 0.9;

/// A proposed recoding of a column's values onto an element's code list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueMap {
    /// Source value → standard code, for values that are not codes already.
    pub recodes: BTreeMap<String, String>,
    /// Source values that are neither codes nor a known name or alias.
    pub unmappable: Vec<String>,
}

impl ValueMap {
    pub fn is_empty(&self) -> bool {
        self.recodes.is_empty() && self.unmappable.is_empty()
    }
}

/// Normalised names, codes and aliases of a code list → code, built once per column so
/// that matching a sample against a long list (GB/T 2260) stays linear.
pub(crate) struct CodeIndex<'a> {
    list: &'a CodeList,
    normalized: HashMap<String, &'a str>,
}

impl<'a> CodeIndex<'a> {
    pub fn new(list: &'a CodeList) -> CodeIndex<'a> {
        let mut normalized = HashMap::new();
        for c in &list.values {
            let spellings = std::iter::once(c.code.as_str())
                .chain(std::iter::once(c.name.as_str()))
                .chain(c.name_en.as_deref())
                .chain(c.aliases.iter().map(String::as_str));
            for s in spellings {
                normalized.entry(normalize(s)).or_insert(c.code.as_str());
            }
        }
        CodeIndex { list, normalized }
    }

    /// The standard code a source value stands for: the code itself, an alias, or the
    /// value's name, compared exactly first and then normalised (`男性`, `Ｍ`, `m`).
    pub fn code_for(&self, value: &str) -> Option<&'a str> {
        let v = value.trim();
        if let Some(c) = self.list.get(v) {
            return Some(&c.code);
        }
        if let Some(c) = self.list.by_alias(v) {
            return Some(&c.code);
        }
        self.normalized.get(&normalize(v)).copied()
    }

    /// [`CodeIndex::code_for`] of a trimmed value whose normal form is known.
    pub fn code_for_normalized(&self, value: &str, normalized: &str) -> Option<&'a str> {
        if let Some(c) = self.list.get(value) {
            return Some(&c.code);
        }
        if let Some(c) = self.list.by_alias(value) {
            return Some(&c.code);
        }
        self.normalized.get(normalized).copied()
    }
}

/// Proposes recodes for the distinct values of a column.
pub(crate) fn value_map(index: &CodeIndex<'_>, values: &[String]) -> ValueMap {
    let distinct: BTreeSet<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    let mut map = ValueMap::default();
    for v in distinct {
        match index.code_for(v) {
            Some(code) if code == v => {}
            Some(code) => {
                map.recodes.insert(v.to_string(), code.to_string());
            }
            None => map.unmappable.push(v.to_string()),
        }
    }
    map
}

/// The date layout most of the values are written in, when it covers at least 90% of
/// them and every match is a real calendar date.
#[cfg(test)]
pub(crate) fn detect_date_layout(values: &[String]) -> Option<(String, f64)> {
    detect_layout(values, |_| true)
}

/// `detect_date_layout` among the layouts `keep` accepts: with a time of day for datetime
/// elements, without for dates (a datetime column is not a date: the time would be lost).
pub(crate) fn detect_layout(
    values: &[String],
    keep: impl Fn(&str) -> bool,
) -> Option<(String, f64)> {
    let values: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for layout in DATE_LAYOUTS.iter().filter(|l| keep(l)) {
        let Some(t) = DateTemplate::parse(layout) else {
            continue;
        };
        let n = values
            .iter()
            .filter(|v| t.match_value(v).is_some_and(|p| p.is_real()))
            .count();
        if n > 0 && best.is_none_or(|(_, b)| n > b) {
            best = Some((layout, n));
        }
    }
    let (layout, n) = best?;
    let share = n as f64 / values.len() as f64;
    (share >= LAYOUT_SHARE).then(|| (layout.to_string(), share))
}

/// Whether a value is a number written with thousands separators (`1,234.50`).
pub(crate) fn has_thousands(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (v, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut groups = int.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let rest: Vec<&str> = groups.collect();
    first_ok
        && !rest.is_empty()
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A plain number (`-12`, `3.50`).
fn is_plain_number(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (v, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A number layout with thousands separators (`#,##0` or `#,##0.00`, the decimals as
/// many as the longest fraction seen), when at least one value uses separators and 90%
/// are numbers.
pub(crate) fn detect_number_layout(values: &[String]) -> Option<(String, f64)> {
    let values: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() || !values.iter().any(|v| has_thousands(v)) {
        return None;
    }
    let numbers: Vec<&&str> = values
        .iter()
        .filter(|v| has_thousands(v) || is_plain_number(v))
        .collect();
    let share = numbers.len() as f64 / values.len() as f64;
    if share < LAYOUT_SHARE {
        return None;
    }
    let scale = numbers
        .iter()
        .filter_map(|v| v.split_once('.').map(|(_, f)| f.len()))
        .max()
        .unwrap_or(0)
        .min(10);
    let layout = if scale == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(scale))
    };
    Some((layout, share))
}

/// How much values accepted by a code list say about it, 0–1. Values matched by a name
/// or alias (`汉族`, `存续`) pin the list down; bare codes (`1`, `01`) prove little for a
/// short list, since many lists accept them.
pub(crate) fn codelist_specificity(index: &CodeIndex<'_>, distinct: &[DistinctValue]) -> f64 {
    let (mut matched, mut by_name) = (0usize, 0usize);
    for d in distinct {
        if index.code_for_normalized(&d.value, &d.normalized).is_some() {
            matched += d.count;
            if index.list.get(&d.value).is_none() {
                by_name += d.count;
            }
        }
    }
    if matched == 0 {
        return 0.0;
    }
    if by_name as f64 / matched as f64 >= 0.5 {
        return 0.95;
    }
    let n = index.list.values.len().max(2) as f64;
    (0.45 + 0.06 * n.log2()).min(0.85)
}

/// One distinct value of a sample (trimmed, not empty), its normal form and how often it
/// occurs: code lists are matched once per distinct value, normalised once per column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DistinctValue {
    pub value: String,
    pub normalized: String,
    pub count: usize,
}

/// The distinct values of a sample, in order of first occurrence.
pub(crate) fn distinct_values(sample: &[String]) -> Vec<DistinctValue> {
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<DistinctValue> = Vec::new();
    for v in sample.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match at.get(v) {
            Some(&i) => {
                if let Some(d) = out.get_mut(i) {
                    d.count += 1;
                }
            }
            None => {
                at.insert(v, out.len());
                out.push(DistinctValue {
                    value: v.to_string(),
                    normalized: normalize(v),
                    count: 1,
                });
            }
        }
    }
    out
}

/// What the sample says about one element.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ContentEvidence {
    /// Share of the sample that passes the element's checks, directly or after the
    /// recoding / source format below. `None` without a sample.
    pub pass_rate: Option<f64>,
    pub value_map: Option<ValueMap>,
    pub source_format: Option<String>,
}

/// Runs the sample through an element: the checker, code-list names and aliases, and
/// date/number layouts other than the element's own.
pub(crate) fn evidence(
    element: &Element,
    index: Option<&CodeIndex<'_>>,
    sample: &[String],
    checker: &dyn Fn(&Element, &str) -> bool,
) -> ContentEvidence {
    let values: Vec<&str> = sample
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return ContentEvidence::default();
    }
    let total = values.len() as f64;
    let direct = values.iter().filter(|v| checker(element, v)).count();
    let mut rate = direct as f64 / total;
    let mut out = ContentEvidence::default();
    if let Some(index) = index {
        let by_list = values
            .iter()
            .filter(|v| index.code_for(v).is_some())
            .count();
        rate = rate.max(by_list as f64 / total);
        let map = value_map(index, sample);
        out.value_map = (!map.is_empty()).then_some(map);
    }
    let is_date = matches!(element.format, Some(Format::Date(_)))
        || matches!(element.data_type, DataType::Date | DataType::DateTime);
    if is_date && rate < 1.0 {
        let with_time = element.data_type == DataType::DateTime
            || matches!(&element.format, Some(Format::Date(t)) if t.to_string().contains("hh"));
        if let Some((layout, share)) = detect_layout(sample, |l| l.contains("hh") == with_time) {
            let own = element.format.as_ref().map(|f| f.to_string());
            if own.as_deref() != Some(layout.as_str()) {
                out.source_format = Some(layout);
            }
            rate = rate.max(share);
        }
    }
    let is_number = matches!(element.format, Some(Format::Decimal { .. }))
        || matches!(element.data_type, DataType::Decimal | DataType::Integer);
    if is_number && rate < 1.0 {
        if let Some((layout, _)) = detect_number_layout(sample) {
            // Numbers with separators count when, without them, they pass the element's
            // checks: `1,043.11` is an amount, never a year.
            let passing = values
                .iter()
                .filter(|v| {
                    has_thousands(v)
                        && !checker(element, v)
                        && checker(element, &v.replace(',', ""))
                })
                .count();
            out.source_format = Some(layout);
            rate = rate.max((direct + passing) as f64 / total);
        }
    }
    out.pass_rate = Some(rate);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::test_support::sex_codelist;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn recodes_names_and_aliases() {
        let list = sex_codelist();
        let map = value_map(
            &CodeIndex::new(&list),
            &s(&["男", "女", "男性", "1", "", "不详", "ｍ"]),
        );
        assert_eq!(map.recodes.get("ｍ").map(String::as_str), Some("1"));
        assert_eq!(map.recodes.get("男").map(String::as_str), Some("1"));
        assert_eq!(map.recodes.get("女").map(String::as_str), Some("2"));
        assert_eq!(map.recodes.get("男性").map(String::as_str), Some("1"));
        assert!(!map.recodes.contains_key("1"));
        assert_eq!(map.unmappable, vec!["不详"]);
    }

    #[test]
    fn detects_date_layouts() {
        let v = s(&["2024/03/05", "2023/12/31", ""]);
        assert_eq!(
            detect_date_layout(&v).map(|x| x.0),
            Some("YYYY/MM/DD".into())
        );
        let v = s(&["2024年3月5日", "2023年12月31日"]);
        assert_eq!(
            detect_date_layout(&v).map(|x| x.0),
            Some("YYYY年M月D日".into())
        );
        let v = s(&["2024.03.05"]);
        assert_eq!(
            detect_date_layout(&v).map(|x| x.0),
            Some("YYYY.MM.DD".into())
        );
        let v = s(&["20240305", "20231231"]);
        assert_eq!(detect_date_layout(&v).map(|x| x.0), Some("YYYYMMDD".into()));
        assert_eq!(detect_date_layout(&s(&["2023/02/30", "x"])), None);
    }

    #[test]
    fn detects_thousands_separators() {
        let v = s(&["1,234.50", "12.5", "999"]);
        assert_eq!(
            detect_number_layout(&v).map(|x| x.0),
            Some("#,##0.00".into())
        );
        assert_eq!(
            detect_number_layout(&s(&["1,234", "5"])).map(|x| x.0),
            Some("#,##0".into())
        );
        assert_eq!(detect_number_layout(&s(&["1234.5"])), None);
        assert_eq!(detect_number_layout(&s(&["1,2345", "a,bc"])), None);
    }

    #[test]
    fn numbers_with_separators_must_pass_the_checks_without_them() {
        use crate::dictionary::{DataType, Element, Format};
        let year = Element {
            format: Format::parse("n4").ok(),
            min: Some("1949".into()),
            max: Some("2100".into()),
            ..Element::new("DE02014", "统计年度", DataType::Integer)
        };
        let capital = Element {
            format: Format::parse("n..16,6").ok(),
            ..Element::new("DE01007", "注册资本", DataType::Decimal)
        };
        // Stands in for the compiled checks: a year is four digits in its range, an
        // amount any plain decimal.
        let checker = |e: &Element, v: &str| {
            if e.id == "DE02014" {
                v.parse::<u32>().is_ok_and(|y| (1949..=2100).contains(&y))
            } else {
                v.parse::<f64>().is_ok()
            }
        };
        let amounts = s(&["1,043.11", "2,897.80", "3,888.71", "512.00"]);
        let rate = |e: &Element| evidence(e, None, &amounts, &checker).pass_rate;
        assert_eq!(rate(&year), Some(0.0));
        assert_eq!(rate(&capital), Some(1.0));
        assert_eq!(
            evidence(&capital, None, &amounts, &checker).source_format,
            Some("#,##0.00".into())
        );
    }
}
