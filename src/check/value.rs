//! Parsing of cell text as numbers, booleans and dates, without allocating.

use std::cmp::Ordering;
use std::sync::OnceLock;

use crate::dictionary::format::{DateParts, DateTemplate};
use crate::dictionary::DataType;

/// `s` without surrounding white space, as `str::trim`, but looking only at the bytes of
/// the first and last characters when they cannot be white space (most cells).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    if s.is_empty() || (starts_visibly(s.as_bytes()) && ends_visibly(s.as_bytes())) {
        s
    } else {
        s.trim()
    }
}

/// Whether the first character of `b` (UTF-8) is plainly not white space. White space
/// outside ASCII is U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
/// U+205F and U+3000, whose first bytes are C2, E1, E2 and E3.
#[inline]
fn starts_visibly(b: &[u8]) -> bool {
    matches!(b.first(), Some(&f) if f.is_ascii_graphic() || (f >= 0xC3 && !matches!(f, 0xE1..=0xE3)))
}

/// Whether the last character of `b` (UTF-8) is plainly not white space: printable ASCII,
/// or a character whose first byte is none of those above (the byte two, three or four
/// from the end that starts a character of that length starts the last one).
#[inline]
fn ends_visibly(b: &[u8]) -> bool {
    matches!(
        b,
        [.., 0x21..=0x7E]
            | [.., 0xC3..=0xDF, _]
            | [.., 0xE0 | 0xE4..=0xEF, _, _]
            | [.., 0xF0..=0xF4, _, _, _]
    )
}

/// A decimal number as written: sign, integer digits, fraction digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Number<'a> {
    pub negative: bool,
    pub int: &'a str,
    pub frac: &'a str,
    pub point: bool,
}

/// Parses `[+-]digits[.digits]` (digits on at least one side of the point).
pub(crate) fn number(s: &str) -> Option<Number<'_>> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    // One pass over the bytes: digits, and at most one point.
    let mut point_at = None;
    for (i, b) in body.bytes().enumerate() {
        match b {
            b'0'..=b'9' => {}
            b'.' if point_at.is_none() => point_at = Some(i),
            _ => return None,
        }
    }
    let (int, frac, point) = match point_at {
        Some(i) => (body.get(..i)?, body.get(i + 1..)?, true),
        None => (body, "", false),
    };
    (!(int.is_empty() && frac.is_empty())).then_some(Number {
        negative,
        int,
        frac,
        point,
    })
}

/// Compares two decimal numbers exactly (no floating point: identifiers and amounts can
/// have more digits than an `f64` keeps).
pub(crate) fn compare(a: &Number<'_>, b: &Number<'_>) -> Ordering {
    fn magnitude<'a>(n: &Number<'a>) -> (&'a str, &'a str) {
        (n.int.trim_start_matches('0'), n.frac.trim_end_matches('0'))
    }
    let (ai, af) = magnitude(a);
    let (bi, bf) = magnitude(b);
    let a_zero = ai.is_empty() && af.is_empty();
    let b_zero = bi.is_empty() && bf.is_empty();
    let a_neg = a.negative && !a_zero;
    let b_neg = b.negative && !b_zero;
    match (a_neg, b_neg) {
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    // Digit strings of equal length compare like numbers; fractions compare
    // lexicographically once trailing zeros are gone.
    let ord = ai
        .len()
        .cmp(&bi.len())
        .then_with(|| ai.cmp(bi))
        .then_with(|| af.cmp(bf));
    if a_neg {
        ord.reverse()
    } else {
        ord
    }
}

/// Boolean spellings accepted: `true/false`, `1/0`, `是/否`, `Y/N`, `yes/no` (ASCII case
/// ignored), which covers what departmental systems and spreadsheets write.
pub(crate) fn is_boolean(s: &str) -> bool {
    ["true", "false", "1", "0", "是", "否", "y", "n", "yes", "no"]
        .iter()
        .any(|b| s.eq_ignore_ascii_case(b))
}

/// A point in time to compare dates by: year, month, day, hour, minute, second
/// (missing parts are 0).
pub(crate) type DateKey = (u32, u32, u32, u32, u32, u32);

pub(crate) fn key(p: &DateParts) -> DateKey {
    (
        p.year.unwrap_or(0),
        p.month.unwrap_or(0),
        p.day.unwrap_or(0),
        p.hour.unwrap_or(0),
        p.minute.unwrap_or(0),
        p.second.unwrap_or(0),
    )
}

/// ISO 8601 forms accepted when an element has no date template: dates, date-times (with
/// `T` or a space) and times. Indices: 0 date, 1..5 date-time, 5..7 time.
fn iso_templates() -> &'static [DateTemplate] {
    static ISO: OnceLock<Vec<DateTemplate>> = OnceLock::new();
    ISO.get_or_init(|| {
        [
            "YYYY-MM-DD",
            "YYYY-MM-DDThh:mm:ss",
            "YYYY-MM-DD hh:mm:ss",
            "YYYY-MM-DDThh:mm",
            "YYYY-MM-DD hh:mm",
            "hh:mm:ss",
            "hh:mm",
        ]
        .iter()
        .filter_map(|t| DateTemplate::parse(t))
        .collect()
    })
}

/// The ISO 8601 form that names the type, for messages.
pub(crate) fn iso_form(data_type: DataType) -> &'static str {
    match data_type {
        DataType::DateTime => "YYYY-MM-DDThh:mm:ss",
        DataType::Time => "hh:mm:ss",
        _ => "YYYY-MM-DD",
    }
}

/// Strips a time zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`) and a fraction of a second from a
/// time or date-time.
fn strip_zone_and_fraction(s: &str) -> &str {
    let mut s = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    // The time part starts after `T` or a space; a sign inside it, after a colon, starts a
    // zone (a sign before any colon belongs to a date such as `2024-03-05`).
    let time_start = s.find(['T', ' ']).map_or(0, |i| i + 1);
    if let Some(time) = s.get(time_start..) {
        if let Some(k) = time.find(['+', '-']) {
            let zone = time.get(k + 1..).unwrap_or("");
            let zone_ok = matches!(zone.len(), 2 | 4 | 5)
                && zone
                    .bytes()
                    .enumerate()
                    .all(|(i, c)| c.is_ascii_digit() || (c == b':' && i == 2 && zone.len() == 5));
            if time.get(..k).is_some_and(|t| t.contains(':')) && zone_ok {
                s = s.get(..time_start + k).unwrap_or(s);
            }
        }
    }
    if let Some((head, frac)) = s.rsplit_once('.') {
        if head.contains(':') && !frac.is_empty() && frac.bytes().all(|c| c.is_ascii_digit()) {
            return head;
        }
    }
    s
}

/// Parses ISO 8601 text for a type; `any` accepts every form (for spreadsheet date cells,
/// whose text the source renders as ISO 8601 whatever the column's type).
pub(crate) fn iso(s: &str, data_type: DataType, any: bool) -> Option<DateParts> {
    let all = iso_templates();
    let (s, range) = match (any, data_type) {
        (true, _) => (strip_zone_and_fraction(s), 0..all.len()),
        (false, DataType::DateTime) => (strip_zone_and_fraction(s), 1..5),
        (false, DataType::Time) => (strip_zone_and_fraction(s), 5..7),
        (false, _) => (s, 0..1),
    };
    all.get(range)?.iter().find_map(|t| t.match_value(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&number(a).unwrap(), &number(b).unwrap())
    }

    #[test]
    fn numbers() {
        assert!(number("42").is_some());
        assert!(number("-3.25").is_some());
        assert!(number("+.5").is_some());
        assert!(number("7.").is_some());
        for bad in ["", "-", ".", "1.2.3", "1e5", "1,000", " 1", "１"] {
            assert!(number(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn exact_comparison() {
        assert_eq!(cmp("10", "9"), Ordering::Greater);
        assert_eq!(cmp("0010", "10.000"), Ordering::Equal);
        assert_eq!(cmp("-0", "0"), Ordering::Equal);
        assert_eq!(cmp("-2", "-10"), Ordering::Greater);
        assert_eq!(cmp("0.5", "0.51"), Ordering::Less);
        assert_eq!(cmp("-1.5", "1"), Ordering::Less);
        assert_eq!(
            cmp("12345678901234567891", "12345678901234567890"),
            Ordering::Greater
        );
    }

    #[test]
    fn iso_forms() {
        assert!(iso("2024-03-05", DataType::Date, false).is_some());
        assert!(iso("2024-03-05T08:30:00", DataType::Date, false).is_none());
        assert!(iso("2024-03-05T08:30:00", DataType::DateTime, false).is_some());
        assert!(iso("2024-03-05 08:30", DataType::DateTime, false).is_some());
        assert!(iso("2024-03-05T08:30:00.123+08:00", DataType::DateTime, false).is_some());
        assert!(iso("2024-03-05T08:30:00Z", DataType::DateTime, false).is_some());
        assert!(iso("08:30:00", DataType::Time, false).is_some());
        assert!(iso("08:30:00.5", DataType::Time, false).is_some());
        assert!(iso("2024-03-05", DataType::Time, false).is_none());
        assert!(iso("2024-03-05T08:30:00", DataType::String, true).is_some());
        assert!(iso("20240305", DataType::Date, false).is_none());
        assert!(iso("2024-03-05T08:30:00-0500", DataType::DateTime, false).is_some());
        assert!(iso("2024-03-05T08:30:00-xx", DataType::DateTime, false).is_none());
        assert!(iso("2024-03-05", DataType::Date, true).is_some());
    }

    #[test]
    fn booleans() {
        for b in ["true", "FALSE", "1", "0", "是", "否", "Y", "n", "Yes", "NO"] {
            assert!(is_boolean(b), "{b}");
        }
        for b in ["", "2", "对", "t", "truth"] {
            assert!(!is_boolean(b), "{b}");
        }
    }
}
