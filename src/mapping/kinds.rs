//! What a column's values look like, independent of any element: person names,
//! organisation names, addresses, datetimes, dates, amounts, mobile numbers, landlines
//! and office-style codes. An element expects one of these kinds (from its name, type and
//! rule); a column whose values are mostly of another kind does not carry it.

use crate::dictionary::{DataType, Element, Format};
use crate::rules::Rule;

/// Common Chinese surnames (single and compound), the first characters of person names.
/// The list is the well-known "百家姓" order of frequent surnames; facts, not a work.
const SURNAMES: &str = include_str!("../../data/surnames.txt");

/// Endings of organisation names.
const ORG_SUFFIXES: &[&str] = &[
    "公司",
    "有限公司",
    "集团",
    "合作社",
    "中心",
    "厂",
    "店",
    "商行",
    "事务所",
    "研究院",
    "研究所",
    "医院",
    "学校",
    "大学",
    "学院",
    "协会",
    "基金会",
    "银行",
    "支行",
    "分行",
    "委员会",
    "局",
    "个体工商户",
    "经营部",
    "门市部",
    "工作室",
    "农场",
    "超市",
    "酒店",
    "宾馆",
    "企业",
    "幼儿园",
];

/// Characters that mark a part of a Chinese address.
const ADDRESS_MARKS: &[char] = &[
    '省', '市', '区', '县', '镇', '乡', '街', '路', '道', '巷', '弄', '号', '村', '栋', '室', '楼',
    '单', '元', '组',
];

/// The kind of value a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    PersonName,
    OrgName,
    Address,
    DateTime,
    Mobile,
    /// A telephone number: a mobile, or a landline with or without its area code.
    Phone,
    /// Digits sharing a structure (`13501040000`): an office or system code.
    OfficeCode,
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·'
}

/// A person's name: 2–4 Chinese characters starting with a known surname (or a name with a
/// middle dot, as minority and foreign names are written).
pub(crate) fn is_person_name(v: &str) -> bool {
    let n = v.chars().count();
    if !(2..=12).contains(&n) || !v.chars().all(is_cjk) {
        return false;
    }
    if v.contains('·') {
        return true;
    }
    if n > 4 || ORG_SUFFIXES.iter().any(|s| v.ends_with(s)) {
        return false;
    }
    SURNAMES
        .lines()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.starts_with('#'))
        .any(|s| v.starts_with(s) && v.chars().count() > s.chars().count())
}

pub(crate) fn is_org_name(v: &str) -> bool {
    v.chars().count() >= 4 && ORG_SUFFIXES.iter().any(|s| v.ends_with(s))
}

/// An address: at least two address marks after some Chinese text, or a house number.
pub(crate) fn is_address(v: &str) -> bool {
    let marks = v.chars().filter(|c| ADDRESS_MARKS.contains(c)).count();
    v.chars().count() >= 6 && v.chars().filter(|c| is_cjk(*c)).count() >= 4 && marks >= 2
}

/// A date with a time of day (`2024-03-05 10:20:30`, `2024/03/05 10:20`).
pub(crate) fn is_datetime(v: &str) -> bool {
    let Some((date, time)) = v.split_once([' ', 'T']) else {
        return false;
    };
    let digits = date.chars().filter(char::is_ascii_digit).count();
    (6..=8).contains(&digits)
        && time.len() >= 4
        && time.contains(':')
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

pub(crate) fn is_mobile(v: &str) -> bool {
    let v = v.strip_prefix("+86").unwrap_or(v).trim_start_matches('-');
    v.len() == 11 && v.starts_with('1') && v.bytes().all(|b| b.is_ascii_digit())
}

/// A landline (`0591-87654321`, `059187654321`, `87654321`, `0591-87654321-123`) or a
/// 400/800 service number; dates (`2024-03-05`) are neither.
fn is_landline(v: &str) -> bool {
    let groups: Vec<&str> = v.split(['-', ' ']).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    let first = groups.first().copied().unwrap_or("");
    if first.starts_with("400") || first.starts_with("800") {
        return digits == 10;
    }
    match groups.as_slice() {
        // The area code written apart, maybe an extension after the number.
        [area, number, ext @ ..] if area.starts_with('0') && (3..=4).contains(&area.len()) => {
            (7..=8).contains(&number.len()) && ext.len() <= 1
        }
        // Area code and number run together, or a local number alone.
        [number] if number.starts_with('0') => (10..=12).contains(&number.len()),
        [number] => {
            (7..=8).contains(&number.len()) && !number.starts_with('1') && !is_compact_date(number)
        }
        _ => false,
    }
}

/// `YYYYMMDD` between 1900 and 2099, which a local eight-digit number would read as.
fn is_compact_date(v: &str) -> bool {
    let part = |r: std::ops::Range<usize>| v.get(r).and_then(|p| p.parse::<u32>().ok());
    v.len() == 8
        && matches!(part(0..2), Some(19 | 20))
        && part(4..6).is_some_and(|m| (1..=12).contains(&m))
        && part(6..8).is_some_and(|d| (1..=31).contains(&d))
}

pub(crate) fn is_phone(v: &str) -> bool {
    is_mobile(v) || is_landline(v)
}

/// The share of `values` of a kind, and whether the column as a whole is an office code
/// list (digits of one length ending in `0000` for most values).
pub(crate) fn share(kind: Kind, values: &[String]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let test: fn(&str) -> bool = match kind {
        Kind::PersonName => is_person_name,
        Kind::OrgName => is_org_name,
        Kind::Address => is_address,
        Kind::DateTime => is_datetime,
        Kind::Mobile => is_mobile,
        Kind::Phone => is_phone,
        Kind::OfficeCode => {
            |v: &str| v.len() >= 9 && v.bytes().all(|b| b.is_ascii_digit()) && v.ends_with("0000")
        }
    };
    values.iter().filter(|v| test(v.trim())).count() as f64 / values.len() as f64
}

/// The kind of value an element expects, when it expects a recognisable one.
pub(crate) fn expected(e: &Element) -> Option<Kind> {
    if e.rule == Some(Rule::MobileCn) {
        return Some(Kind::Mobile);
    }
    if e.data_type == DataType::DateTime
        || matches!(&e.format, Some(Format::Date(t)) if t.to_string().contains("hh"))
    {
        return Some(Kind::DateTime);
    }
    if e.data_type != DataType::String || e.codelist.is_some() || e.rule.is_some() {
        return None;
    }
    let name = e.name.as_str();
    let rep = e.representation.as_deref().unwrap_or("");
    if (name.ends_with("电话") || name.ends_with("电话号码")) && matches!(rep, "" | "号码")
    {
        return Some(Kind::Phone);
    }
    if name.ends_with("姓名") || name == "法定代表人" || name.ends_with("人姓名") {
        return Some(Kind::PersonName);
    }
    if rep == "地址" || name.contains("地址") || name == "住所" || name == "经营场所" {
        return Some(Kind::Address);
    }
    if rep == "名称"
        && (name.contains("企业") || name.contains("单位") || name.contains("机构"))
        && !name.contains("英文")
    {
        return Some(Kind::OrgName);
    }
    None
}

/// The kinds a column could be recognised as.
pub(crate) const ALL: [Kind; 7] = [
    Kind::PersonName,
    Kind::OrgName,
    Kind::Address,
    Kind::DateTime,
    Kind::Mobile,
    Kind::Phone,
    Kind::OfficeCode,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn recognises_names_organisations_and_addresses() {
        assert!(is_person_name("张三"));
        assert!(is_person_name("欧阳明月"));
        assert!(is_person_name("阿依古丽·买买提"));
        assert!(!is_person_name("农村"));
        assert!(!is_person_name("已审核"));
        assert!(is_org_name("福州恒泰科技有限公司"));
        assert!(is_org_name("闽侯县鑫源专业合作社"));
        assert!(!is_org_name("张三"));
        assert!(is_address("福建省福州市鼓楼区五四路12号"));
        assert!(!is_address("有限公司"));
    }

    #[test]
    fn tells_mobiles_from_office_codes_and_dates() {
        assert!(is_mobile("13800138000"));
        assert!(!is_mobile("20240305"));
        let office = s(&["13501040000", "13501030000", "13501110000"]);
        assert_eq!(share(Kind::OfficeCode, &office), 1.0);
        assert_eq!(share(Kind::OfficeCode, &s(&["13800138000"])), 0.0);
        // Office codes read as mobile and phone numbers one by one; the column as a
        // whole is told apart by its office-code share.
        assert_eq!(share(Kind::Phone, &office), 1.0);
        let phones = s(&["0591-87654321", "13800138000", "87654321", "400-800-1234"]);
        assert_eq!(share(Kind::Phone, &phones), 1.0);
        assert_eq!(share(Kind::OfficeCode, &phones), 0.0);
        let others = s(&["2024-03-05", "20240305", "福州市", "1234", "110105"]);
        assert_eq!(share(Kind::Phone, &others), 0.0);
        assert!(is_datetime("2024-03-05 10:20:30"));
        assert!(!is_datetime("2024-03-05"));
    }
}
