//! GB/T 2260 中华人民共和国行政区划代码 (administrative division code), by membership in
//! the code list shipped in `data/admin_divisions.csv`.
//!
//! Six digits: province (2) + prefecture (2) + county (2). Codes are never reused once
//! retired, so membership in one edition of the list is the check.
//!
//! The shipped list comes from a statistical source and carries extra rows, marked in
//! `data/admin_divisions_flags.csv`:
//! - `nbs_development_zone`: statistical codes (county part 71–79) for development zones,
//!   which are not administrative divisions in GB/T 2260: excluded;
//! - `grouping_code` (`110100 市辖区`): grouping codes that GB/T 2260 does list: kept;
//! - `city_without_counties` (东莞市 441900 …): real codes, kept.
//!
//! GB/T 2260 also lists 710000 台湾省, 810000 香港特别行政区 and 820000 澳门特别行政区,
//! which the statistical list lacks; they are added here.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Violation;
use crate::finding::Code;
use crate::text::Text;

const DIVISIONS: &str = include_str!("../../data/admin_divisions.csv");
const FLAGS: &str = include_str!("../../data/admin_divisions_flags.csv");

/// Flags whose rows are not GB/T 2260 codes.
const EXCLUDED_FLAGS: &[&str] = &["nbs_development_zone"];
const EXTRA: &[&str] = &["710000", "810000", "820000"];

fn is_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

fn codes() -> &'static HashSet<&'static str> {
    static CODES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        let excluded: HashSet<&str> = FLAGS
            .lines()
            .filter_map(|line| {
                let mut cols = line.split(',');
                let code = cols.next()?;
                let _name = cols.next()?;
                let flag = cols.next()?;
                EXCLUDED_FLAGS.contains(&flag).then_some(code)
            })
            .collect();
        DIVISIONS
            .lines()
            .filter_map(|line| line.split(',').next())
            .filter(|code| is_code(code) && !excluded.contains(code))
            .chain(EXTRA.iter().copied())
            .collect()
    })
}

/// Every code of the shipped GB/T 2260 list, sorted.
pub fn all_codes() -> Vec<&'static str> {
    let mut all: Vec<&str> = codes().iter().copied().collect();
    all.sort_unstable();
    all
}

/// Whether `code` is in the shipped GB/T 2260 list.
pub fn contains(code: &str) -> bool {
    codes().contains(code)
}

pub fn check(value: &str) -> Result<(), Violation> {
    if !is_code(value) {
        let len = value.chars().count();
        return Err(Violation {
            code: Code::NotInCodelist,
            message: Text::new(
                format!("行政区划代码应为 6 位数字，实为 {len} 个字符"),
                format!("an administrative division code is 6 digits, found {len} characters"),
            ),
        });
    }
    if contains(value) {
        Ok(())
    } else {
        Err(Violation {
            code: Code::NotInCodelist,
            message: Text::new(
                "不在 GB/T 2260 行政区划代码表中",
                "not in the GB/T 2260 administrative division code list",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_divisions() {
        for code in ["110000", "110101", "440300", "441900", "650000", "810000"] {
            assert!(check(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn grouping_codes_are_kept() {
        assert!(check("110100").is_ok());
    }

    #[test]
    fn development_zones_are_excluded() {
        // Listed in admin_divisions.csv but flagged as an NBS development zone.
        assert!(DIVISIONS.lines().any(|l| l.starts_with("130171,")));
        let v = check("130171").unwrap_err();
        assert_eq!(v.code, Code::NotInCodelist);
    }

    #[test]
    fn unknown_and_malformed() {
        assert_eq!(check("999999").unwrap_err().code, Code::NotInCodelist);
        assert!(check("11010").unwrap_err().message.en.contains("6 digits"));
        assert!(check("11010a").is_err());
        assert!(check("１１０１０１").is_err());
        assert!(check("header").is_err());
    }
}
