//! Format notation (表示格式): `an18`, `c..50`, `n1..3`, `n..12,2`, `YYYYMMDD`.
//!
//! From UN/EDIFACT and ISO/IEC 14957 (GB/T 18142): `a` letters A–Z/a–z, `n` digits,
//! `an` letters and digits, and — as public security standards write it — `c` any character.
//! A number is an exact length, `..N` a maximum, `N..M` a range. `n..12,2`: at most 12
//! digits in all, at most 2 after the decimal point; the point itself is not counted.
//! Lengths count characters (Unicode scalar values), not bytes.

use std::fmt;

/// Which characters a value may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// `a`: ASCII letters.
    Alpha,
    /// `n`: ASCII digits.
    Numeric,
    /// `an`: ASCII letters and digits.
    AlphaNumeric,
    /// `c`: any character.
    Any,
}

impl CharClass {
    pub fn notation(self) -> &'static str {
        match self {
            CharClass::Alpha => "a",
            CharClass::Numeric => "n",
            CharClass::AlphaNumeric => "an",
            CharClass::Any => "c",
        }
    }

    pub fn allows(self, c: char) -> bool {
        match self {
            CharClass::Alpha => c.is_ascii_alphabetic(),
            CharClass::Numeric => c.is_ascii_digit(),
            CharClass::AlphaNumeric => c.is_ascii_alphanumeric(),
            CharClass::Any => true,
        }
    }
}

/// How many characters (or digits) a value may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Exact(u32),
    Max(u32),
    Range(u32, u32),
}

impl Length {
    pub fn min(self) -> u32 {
        match self {
            Length::Exact(n) => n,
            Length::Max(_) => 0,
            Length::Range(lo, _) => lo,
        }
    }

    pub fn max(self) -> u32 {
        match self {
            Length::Exact(n) | Length::Max(n) | Length::Range(_, n) => n,
        }
    }

    pub fn allows(self, len: usize) -> bool {
        len >= self.min() as usize && len <= self.max() as usize
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Length::Exact(n) => write!(f, "{n}"),
            Length::Max(n) => write!(f, "..{n}"),
            Length::Range(lo, hi) => write!(f, "{lo}..{hi}"),
        }
    }
}

/// One piece of a date/time template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateToken {
    /// `YYYY`
    Year,
    /// `MM`: two digits.
    Month,
    /// `M`: one or two digits (source formats such as `YYYY年M月D日`).
    MonthLoose,
    /// `DD`
    Day,
    /// `D`
    DayLoose,
    /// `hh`
    Hour,
    /// `mm`
    Minute,
    /// `ss`
    Second,
    /// Any other character, matched literally.
    Literal(char),
}

/// A date/time template such as `YYYY-MM-DD` or `YYYYMMDDhhmmss`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTemplate {
    pub tokens: Vec<DateToken>,
}

/// The parts a value matched against a template yields. Missing parts are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateParts {
    pub year: Option<u32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub hour: Option<u32>,
    pub minute: Option<u32>,
    pub second: Option<u32>,
}

impl DateParts {
    /// Whether the parts name a real calendar date and time of day.
    pub fn is_real(&self) -> bool {
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return false;
            }
        }
        if let Some(d) = self.day {
            let max = match (self.year, self.month) {
                (Some(y), Some(m)) => days_in_month(y, m),
                (None, Some(m)) => days_in_month(2000, m),
                _ => 31,
            };
            if d == 0 || d > max {
                return false;
            }
        }
        self.hour.is_none_or(|h| h <= 23)
            && self.minute.is_none_or(|m| m <= 59)
            && self.second.is_none_or(|s| s <= 59)
    }
}

pub use crate::calendar::{days_in_month, is_leap_year};

impl DateTemplate {
    /// Parses a template; `None` when it has no date or time token at all.
    pub fn parse(s: &str) -> Option<DateTemplate> {
        let mut tokens = Vec::new();
        let mut rest = s;
        let mut has_field = false;
        while !rest.is_empty() {
            let (token, len) = if rest.starts_with("YYYY") {
                (DateToken::Year, 4)
            } else if rest.starts_with("MM") {
                (DateToken::Month, 2)
            } else if rest.starts_with("DD") {
                (DateToken::Day, 2)
            } else if rest.starts_with("hh") {
                (DateToken::Hour, 2)
            } else if rest.starts_with("mm") {
                (DateToken::Minute, 2)
            } else if rest.starts_with("ss") {
                (DateToken::Second, 2)
            } else if rest.starts_with('M') {
                (DateToken::MonthLoose, 1)
            } else if rest.starts_with('D') {
                (DateToken::DayLoose, 1)
            } else {
                let c = rest.chars().next()?;
                // Letters other than the tokens are typos, not literals.
                if c.is_ascii_alphanumeric() && c != 'T' {
                    return None;
                }
                (DateToken::Literal(c), c.len_utf8())
            };
            has_field |= !matches!(token, DateToken::Literal(_));
            tokens.push(token);
            rest = &rest[len..];
        }
        has_field.then_some(DateTemplate { tokens })
    }

    /// Matches a value against the template. Checks the shape only; call
    /// [`DateParts::is_real`] for calendar validity.
    pub fn match_value(&self, value: &str) -> Option<DateParts> {
        let bytes = value.as_bytes();
        let mut pos = 0;
        let mut parts = DateParts::default();
        for token in &self.tokens {
            let (min, max, slot) = match token {
                DateToken::Year => (4, 4, &mut parts.year),
                DateToken::Month => (2, 2, &mut parts.month),
                DateToken::MonthLoose => (1, 2, &mut parts.month),
                DateToken::Day => (2, 2, &mut parts.day),
                DateToken::DayLoose => (1, 2, &mut parts.day),
                DateToken::Hour => (2, 2, &mut parts.hour),
                DateToken::Minute => (2, 2, &mut parts.minute),
                DateToken::Second => (2, 2, &mut parts.second),
                DateToken::Literal(c) => {
                    let rest = value.get(pos..)?;
                    if !rest.starts_with(*c) {
                        return None;
                    }
                    pos += c.len_utf8();
                    continue;
                }
            };
            let mut n = 0u32;
            let mut digits = 0;
            while digits < max && pos < bytes.len() && bytes[pos].is_ascii_digit() {
                n = n * 10 + u32::from(bytes[pos] - b'0');
                pos += 1;
                digits += 1;
            }
            if digits < min {
                return None;
            }
            *slot = Some(n);
        }
        (pos == bytes.len()).then_some(parts)
    }

    /// Writes parts in this template's shape (for `conform`). Loose tokens write no padding.
    pub fn render(&self, parts: &DateParts, out: &mut String) {
        use std::fmt::Write;
        for token in &self.tokens {
            let _ = match token {
                DateToken::Year => write!(out, "{:04}", parts.year.unwrap_or(0)),
                DateToken::Month => write!(out, "{:02}", parts.month.unwrap_or(1)),
                DateToken::MonthLoose => write!(out, "{}", parts.month.unwrap_or(1)),
                DateToken::Day => write!(out, "{:02}", parts.day.unwrap_or(1)),
                DateToken::DayLoose => write!(out, "{}", parts.day.unwrap_or(1)),
                DateToken::Hour => write!(out, "{:02}", parts.hour.unwrap_or(0)),
                DateToken::Minute => write!(out, "{:02}", parts.minute.unwrap_or(0)),
                DateToken::Second => write!(out, "{:02}", parts.second.unwrap_or(0)),
                DateToken::Literal(c) => write!(out, "{c}"),
            };
        }
    }
}

impl fmt::Display for DateTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for token in &self.tokens {
            match token {
                DateToken::Year => f.write_str("YYYY")?,
                DateToken::Month => f.write_str("MM")?,
                DateToken::MonthLoose => f.write_str("M")?,
                DateToken::Day => f.write_str("DD")?,
                DateToken::DayLoose => f.write_str("D")?,
                DateToken::Hour => f.write_str("hh")?,
                DateToken::Minute => f.write_str("mm")?,
                DateToken::Second => f.write_str("ss")?,
                DateToken::Literal(c) => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

/// A parsed format notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// `an18`, `c..50`, `n1..3`
    Chars { class: CharClass, length: Length },
    /// `n..12,2`: `digits` counts all digits, `scale` the most after the point.
    Decimal { digits: Length, scale: u32 },
    /// `YYYYMMDD`, `hh:mm:ss`, …
    Date(DateTemplate),
}

/// Why a format string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

/// The longest length a format may declare; beyond it a value is not a data element.
const MAX_LENGTH: u32 = 1_000_000;

fn err(text: &str, why: &str) -> FormatError {
    FormatError {
        message: format!("invalid format notation `{text}`: {why}"),
    }
}

impl Format {
    pub fn parse(text: &str) -> Result<Format, FormatError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(err(text, "empty"));
        }
        let (class, rest) = if let Some(r) = s.strip_prefix("an") {
            (CharClass::AlphaNumeric, r)
        } else if let Some(r) = s.strip_prefix('a') {
            (CharClass::Alpha, r)
        } else if let Some(r) = s.strip_prefix('n') {
            (CharClass::Numeric, r)
        } else if let Some(r) = s.strip_prefix('c') {
            (CharClass::Any, r)
        } else if let Some(t) = DateTemplate::parse(s) {
            return Ok(Format::Date(t));
        } else {
            return Err(err(
                text,
                "expected a, n, an or c followed by a length, or a date template such as YYYYMMDD",
            ));
        };
        let (len_text, scale_text) = match rest.split_once(',') {
            Some((l, sc)) => (l, Some(sc)),
            None => (rest, None),
        };
        let length = parse_length(text, len_text)?;
        match scale_text {
            None => Ok(Format::Chars { class, length }),
            Some(_) if class != CharClass::Numeric => {
                Err(err(text, "only n formats may have decimals"))
            }
            Some(sc) => {
                let scale: u32 = sc
                    .parse()
                    .map_err(|_| err(text, "the part after the comma must be a number"))?;
                if scale > length.max() {
                    return Err(err(text, "more decimals than digits"));
                }
                Ok(Format::Decimal {
                    digits: length,
                    scale,
                })
            }
        }
    }
}

fn parse_number(text: &str, s: &str) -> Result<u32, FormatError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(text, "the length must be a number"));
    }
    let n: u32 = s
        .parse()
        .map_err(|_| err(text, "the length is too large"))?;
    if n == 0 {
        return Err(err(text, "a length of zero"));
    }
    if n > MAX_LENGTH {
        return Err(err(text, "the length is too large"));
    }
    Ok(n)
}

fn parse_length(text: &str, s: &str) -> Result<Length, FormatError> {
    if let Some(max) = s.strip_prefix("..") {
        return Ok(Length::Max(parse_number(text, max)?));
    }
    if let Some((lo, hi)) = s.split_once("..") {
        let lo = parse_number(text, lo)?;
        let hi = parse_number(text, hi)?;
        if lo > hi {
            return Err(err(text, "the range's minimum is above its maximum"));
        }
        return Ok(Length::Range(lo, hi));
    }
    Ok(Length::Exact(parse_number(text, s)?))
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Chars { class, length } => write!(f, "{}{length}", class.notation()),
            Format::Decimal { digits, scale } => write!(f, "n{digits},{scale}"),
            Format::Date(t) => write!(f, "{t}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_character_formats() {
        assert_eq!(
            Format::parse("an18").unwrap(),
            Format::Chars {
                class: CharClass::AlphaNumeric,
                length: Length::Exact(18)
            }
        );
        assert_eq!(
            Format::parse("c..50").unwrap(),
            Format::Chars {
                class: CharClass::Any,
                length: Length::Max(50)
            }
        );
        assert_eq!(
            Format::parse("n1..3").unwrap(),
            Format::Chars {
                class: CharClass::Numeric,
                length: Length::Range(1, 3)
            }
        );
        assert_eq!(
            Format::parse("a2").unwrap(),
            Format::Chars {
                class: CharClass::Alpha,
                length: Length::Exact(2)
            }
        );
    }

    #[test]
    fn parses_decimals() {
        assert_eq!(
            Format::parse("n..12,2").unwrap(),
            Format::Decimal {
                digits: Length::Max(12),
                scale: 2
            }
        );
        assert!(Format::parse("an..12,2").is_err());
        assert!(Format::parse("n..2,3").is_err());
        assert!(Format::parse("n..12,x").is_err());
    }

    #[test]
    fn parses_date_templates() {
        for t in [
            "YYYYMMDD",
            "YYYY-MM-DD",
            "hhmmss",
            "hh:mm:ss",
            "YYYY-MM-DDThh:mm:ss",
            "YYYYMMDDhhmmss",
        ] {
            let f = Format::parse(t).unwrap();
            assert!(matches!(f, Format::Date(_)), "{t}");
            assert_eq!(f.to_string(), t);
        }
    }

    #[test]
    fn rejects_bad_notation() {
        for bad in [
            "",
            "x12",
            "an",
            "an0",
            "n..",
            "n5..2",
            "c..abc",
            "n99999999999",
            "YYYYQQ",
        ] {
            assert!(Format::parse(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn round_trips_display() {
        for t in ["an18", "c..50", "n1..3", "n..12,2", "n8,2"] {
            assert_eq!(Format::parse(t).unwrap().to_string(), t);
        }
    }

    #[test]
    fn matches_dates_and_checks_the_calendar() {
        let t = DateTemplate::parse("YYYY-MM-DD").unwrap();
        let p = t.match_value("2024-02-29").unwrap();
        assert!(p.is_real());
        assert!(!t.match_value("2023-02-29").unwrap().is_real());
        assert!(t.match_value("2024-2-29").is_none());
        assert!(t.match_value("2024-02-290").is_none());
        let loose = DateTemplate::parse("YYYY年M月D日").unwrap();
        let p = loose.match_value("2024年3月5日").unwrap();
        assert_eq!((p.year, p.month, p.day), (Some(2024), Some(3), Some(5)));
        let mut out = String::new();
        DateTemplate::parse("YYYYMMDD")
            .unwrap()
            .render(&p, &mut out);
        assert_eq!(out, "20240305");
        let time = DateTemplate::parse("hh:mm:ss").unwrap();
        assert!(!time.match_value("24:00:00").unwrap().is_real());
    }
}
