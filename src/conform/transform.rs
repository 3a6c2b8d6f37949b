//! The transformation of one column's cells into the standard form of its element:
//! trimming, recoding through the mapping's value map and the code list's names and
//! aliases, reformatting dates and numbers.

use std::collections::BTreeMap;

use crate::dictionary::format::DateTemplate;
use crate::dictionary::{CodeList, DataType, Element, Format};
use crate::mapping::{has_thousands, CodeIndex, DATE_LAYOUTS};

/// What was done to one cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    pub trimmed: bool,
    pub recoded: bool,
    pub reformatted: bool,
}

impl Changes {
    pub fn any(self) -> bool {
        self.trimmed || self.recoded || self.reformatted
    }
}

/// How one element's values are brought into standard form.
pub(crate) struct Transform<'d> {
    /// The mapping's explicit value map (source value → code); wins over the code list.
    values: BTreeMap<String, String>,
    codes: Option<(&'d CodeList, CodeIndex<'d>)>,
    /// The element's date layout and the layouts source values may be written in (the
    /// mapping's `source_format` first, then the common ones).
    dates: Option<(DateTemplate, Vec<DateTemplate>)>,
    /// Thousands separators are stripped.
    numeric: bool,
    /// Spaces and hyphens inside a mobile number are stripped (`138-1234-5678`).
    mobile: bool,
}

/// The layout dates are written in for a date element: its format, else ISO 8601.
fn date_target(element: &Element) -> Option<DateTemplate> {
    match (&element.format, element.data_type) {
        (Some(Format::Date(t)), _) => Some(t.clone()),
        (_, DataType::Date) => DateTemplate::parse("YYYY-MM-DD"),
        (_, DataType::DateTime) => DateTemplate::parse("YYYY-MM-DDThh:mm:ss"),
        _ => None,
    }
}

/// Whether an element holds numbers (its negative values are not formulas).
pub(crate) fn is_numeric(element: &Element) -> bool {
    matches!(element.data_type, DataType::Integer | DataType::Decimal)
        || matches!(element.format, Some(Format::Decimal { .. }))
}

impl<'d> Transform<'d> {
    pub fn new(
        element: &Element,
        list: Option<&'d CodeList>,
        values: Option<&BTreeMap<String, String>>,
        source_format: Option<&str>,
    ) -> Transform<'d> {
        let dates = date_target(element).map(|target| {
            let mut sources: Vec<DateTemplate> = Vec::new();
            if let Some(t) = source_format.and_then(DateTemplate::parse) {
                sources.push(t);
            }
            sources.extend(DATE_LAYOUTS.iter().filter_map(|l| DateTemplate::parse(l)));
            (target, sources)
        });
        Transform {
            values: values.cloned().unwrap_or_default(),
            codes: list.map(|l| (l, CodeIndex::new(l))),
            dates,
            numeric: is_numeric(element),
            mobile: element.rule == Some(crate::rules::Rule::MobileCn),
        }
    }

    /// The standard form of one cell and what it took to get there.
    pub fn apply(&self, raw: &str) -> (String, Changes) {
        let mut changes = Changes::default();
        let v = raw.trim();
        changes.trimmed = v.len() != raw.len();
        if v.is_empty() {
            return (String::new(), changes);
        }
        if let Some(code) = self.values.get(v) {
            changes.recoded = code != v;
            return (code.clone(), changes);
        }
        if let Some((list, index)) = &self.codes {
            if list.contains(v) {
                return (v.to_owned(), changes);
            }
            if let Some(code) = index.code_for(v) {
                changes.recoded = true;
                return (code.to_owned(), changes);
            }
            return (v.to_owned(), changes);
        }
        if let Some((target, sources)) = &self.dates {
            if target.match_value(v).is_some_and(|p| p.is_real()) {
                return (v.to_owned(), changes);
            }
            let parts = sources
                .iter()
                .find_map(|t| t.match_value(v).filter(|p| p.is_real()));
            if let Some(parts) = parts {
                let mut out = String::new();
                target.render(&parts, &mut out);
                changes.reformatted = out != v;
                return (out, changes);
            }
            return (v.to_owned(), changes);
        }
        if self.mobile {
            if let Some(plain) = crate::rules::mobile_cn::without_separators(v) {
                changes.reformatted = true;
                return (plain, changes);
            }
        }
        if self.numeric && has_thousands(v) {
            changes.reformatted = true;
            return (v.replace(',', ""), changes);
        }
        (v.to_owned(), changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::test_support::{element, sex_codelist};

    #[test]
    fn recodes_values_and_aliases() {
        let list = sex_codelist();
        let sex = element("DE00003", "性别", "n1");
        let mut map = BTreeMap::new();
        map.insert("M".to_string(), "1".to_string());
        map.insert("unknown".to_string(), "0".to_string());
        let t = Transform::new(&sex, Some(&list), Some(&map), None);
        assert_eq!(t.apply("unknown").0, "0");
        assert_eq!(t.apply(" 女 ").0, "2");
        let (v, c) = t.apply(" 女 ");
        assert_eq!(v, "2");
        assert!(c.trimmed && c.recoded && !c.reformatted);
        let (v, c) = t.apply("1");
        assert_eq!(v, "1");
        assert!(!c.any());
        assert_eq!(t.apply("不详").0, "不详");
    }

    #[test]
    fn reformats_dates_from_the_source_format_or_detected() {
        let birth = element("DE00004", "出生日期", "YYYYMMDD");
        let t = Transform::new(&birth, None, None, Some("YYYY/MM/DD"));
        let (v, c) = t.apply("1990/03/05");
        assert_eq!(v, "19900305");
        assert!(c.reformatted);
        assert_eq!(t.apply("1990年3月5日").0, "19900305");
        assert_eq!(
            t.apply("19900305"),
            ("19900305".to_string(), Changes::default())
        );
        // Not a real date: left alone for the check to reject.
        assert_eq!(t.apply("1990/02/30").0, "1990/02/30");
    }

    #[test]
    fn strips_thousands_separators_of_numbers_only() {
        let capital = element("DE01007", "注册资本", "n..18,6");
        let t = Transform::new(&capital, None, None, None);
        let (v, c) = t.apply("1,234.50");
        assert_eq!(v, "1234.50");
        assert!(c.reformatted);
        assert_eq!(t.apply("-12").0, "-12");
        let name = element("DE00002", "姓名", "c..50");
        let t = Transform::new(&name, None, None, None);
        assert_eq!(t.apply("1,234").0, "1,234");
    }
}
