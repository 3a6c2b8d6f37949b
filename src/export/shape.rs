//! What an element's value must look like, as regular expressions every target understands.
//!
//! The expressions use the subset shared by ECMAScript (JSON Schema), Python `re`
//! (frictionless-py), RE2 (DuckDB) and PostgreSQL's ARE: bracket classes, counted
//! repetition up to 255 (PostgreSQL's limit), plain groups and alternation, `^`/`$` anchors.
//! No `\d`, no look-around, no lazy quantifiers. XML Schema regexes (CSVW) are the same
//! without the anchors (see [`unanchored`]).

use crate::dictionary::format::{CharClass, DateTemplate, DateToken, Format, Length};
use crate::dictionary::{DataType, Element};
use crate::rules::Rule;

/// PostgreSQL rejects counted repetition above 255; longer lengths are checked apart.
pub const MAX_REPEAT: u32 = 255;

/// The regex of the element's type (`type-mismatch`), when the type constrains the text.
/// Dates: the template's shape with month, day and time ranges; the month's length is not
/// in it (see [`calendar_positions`]).
pub fn type_regex(element: &Element) -> Option<String> {
    match element.data_type {
        DataType::Integer => Some("^[+-]?[0-9]+$".into()),
        DataType::Decimal => Some(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$".into()),
        DataType::Boolean => Some(
            "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0|是|否|[Yy]|[Nn]|[Yy][Ee][Ss]|[Nn][Oo])$"
                .into(),
        ),
        DataType::Date | DataType::DateTime | DataType::Time => Some(match &element.format {
            Some(Format::Date(t)) => format!("^{}$", template_regex(t)),
            _ => iso_regex(element.data_type),
        }),
        DataType::String | DataType::Code => None,
    }
}

fn iso_regex(data_type: DataType) -> String {
    let date = ymd_regex("-", "-");
    const TIME: &str = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?";
    const ZONE: &str = "([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?";
    match data_type {
        DataType::DateTime => format!("^{date}[T ]{TIME}{ZONE}$"),
        DataType::Time => format!("^{TIME}{ZONE}$"),
        _ => format!("^{date}$"),
    }
}

/// A date/time template as a regex (unanchored), with field ranges. Where year, month and
/// day follow each other (`YYYYMMDD`, `YYYY-MM-DD`), the regex holds the calendar too:
/// the length of each month and 29 February of leap years only.
pub fn template_regex(t: &DateTemplate) -> String {
    if let Some((start, s1, s2, end)) = ymd_run(t) {
        let head = tokens_regex(&t.tokens[..start]);
        let tail = tokens_regex(&t.tokens[end..]);
        return format!("{head}{}{tail}", ymd_regex(&s1, &s2));
    }
    tokens_regex(&t.tokens)
}

/// Whether the template's calendar is in [`template_regex`].
pub fn regex_has_calendar(t: &DateTemplate) -> bool {
    ymd_run(t).is_some()
}

/// Year, month and day in a row, with at most one literal between them: the token range
/// and the two separators.
fn ymd_run(t: &DateTemplate) -> Option<(usize, String, String, usize)> {
    let tokens = &t.tokens;
    let start = tokens.iter().position(|k| *k == DateToken::Year)?;
    let mut i = start + 1;
    let sep = |i: &mut usize| match tokens.get(*i) {
        Some(DateToken::Literal(c)) => {
            *i += 1;
            escape_char(*c)
        }
        _ => String::new(),
    };
    let s1 = sep(&mut i);
    (tokens.get(i) == Some(&DateToken::Month)).then_some(())?;
    i += 1;
    let s2 = sep(&mut i);
    (tokens.get(i) == Some(&DateToken::Day)).then_some(())?;
    Some((start, s1, s2, i + 1))
}

fn ymd_regex(s1: &str, s2: &str) -> String {
    const LEAP: &str = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)";
    format!(
        "([0-9]{{4}}{s1}((0[1-9]|1[0-2]){s2}(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2]){s2}(29|30)|(0[13578]|1[02]){s2}31)|{LEAP}{s1}02{s2}29)"
    )
}

fn tokens_regex(tokens: &[DateToken]) -> String {
    tokens
        .iter()
        .map(|token| match token {
            DateToken::Year => "[0-9]{4}".to_owned(),
            DateToken::Month => "(0[1-9]|1[0-2])".to_owned(),
            DateToken::MonthLoose => "(0?[1-9]|1[0-2])".to_owned(),
            DateToken::Day => "(0[1-9]|[12][0-9]|3[01])".to_owned(),
            DateToken::DayLoose => "(0?[1-9]|[12][0-9]|3[01])".to_owned(),
            DateToken::Hour => "([01][0-9]|2[0-3])".to_owned(),
            DateToken::Minute | DateToken::Second => "[0-5][0-9]".to_owned(),
            DateToken::Literal(c) => escape_char(*c),
        })
        .collect()
}

/// Character positions (1-based) of the date fields of a fixed-width template, for
/// checking the month's length in SQL; `None` when a field has a variable width.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CalendarPositions {
    pub year: Option<usize>,
    pub month: Option<usize>,
    pub day: Option<usize>,
}

pub fn calendar_positions(t: &DateTemplate) -> Option<CalendarPositions> {
    let mut pos = 1;
    let mut out = CalendarPositions::default();
    for token in &t.tokens {
        match token {
            DateToken::Year => {
                out.year = Some(pos);
                pos += 4;
            }
            DateToken::Month => {
                out.month = Some(pos);
                pos += 2;
            }
            DateToken::Day => {
                out.day = Some(pos);
                pos += 2;
            }
            DateToken::Hour | DateToken::Minute | DateToken::Second => pos += 2,
            DateToken::Literal(_) => pos += 1,
            DateToken::MonthLoose | DateToken::DayLoose => return None,
        }
    }
    Some(out)
}

/// The template the element's dates are written in: its format, else ISO 8601 (whose date
/// part has the same positions as `YYYY-MM-DD`).
pub fn date_template(element: &Element) -> Option<DateTemplate> {
    match (&element.format, element.data_type) {
        (Some(Format::Date(t)), _) => Some(t.clone()),
        (_, DataType::Date | DataType::DateTime) => DateTemplate::parse("YYYY-MM-DD"),
        _ => None,
    }
}

/// The format notation (`format-mismatch`) as a regex plus a length in characters that the
/// regex leaves to the target (the `c` class, or lengths above [`MAX_REPEAT`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatShape {
    pub regex: Option<String>,
    /// Inclusive bounds on the number of characters of the whole value.
    pub length: Option<(u32, u32)>,
}

pub fn format_shape(element: &Element) -> FormatShape {
    // For numbers a leading sign is not counted against the format.
    let sign = if matches!(element.data_type, DataType::Integer | DataType::Decimal) {
        "[+-]?"
    } else {
        ""
    };
    match &element.format {
        None => FormatShape::default(),
        Some(Format::Chars { class, length }) => {
            let set = match class {
                CharClass::Alpha => "[A-Za-z]",
                CharClass::Numeric => "[0-9]",
                CharClass::AlphaNumeric => "[A-Za-z0-9]",
                CharClass::Any => {
                    return FormatShape {
                        regex: None,
                        length: Some((length.min(), length.max())),
                    }
                }
            };
            if length.max() <= MAX_REPEAT {
                FormatShape {
                    regex: Some(format!("^{sign}{set}{}$", repeat(*length))),
                    length: None,
                }
            } else {
                FormatShape {
                    regex: Some(format!("^{sign}{set}*$")),
                    length: (sign.is_empty()).then_some((length.min(), length.max())),
                }
            }
        }
        Some(Format::Decimal { digits, scale }) => FormatShape {
            regex: Some(decimal_regex(sign, *digits, *scale)),
            length: None,
        },
        // The type regex already holds the template; the format adds nothing for dates.
        Some(Format::Date(t)) => FormatShape {
            regex: (!matches!(
                element.data_type,
                DataType::Date | DataType::DateTime | DataType::Time
            ))
            .then(|| format!("^{}$", template_regex(t))),
            length: None,
        },
    }
}

fn repeat(length: Length) -> String {
    match length {
        Length::Exact(n) => format!("{{{n}}}"),
        Length::Max(n) => format!("{{0,{n}}}"),
        Length::Range(lo, hi) => format!("{{{lo},{hi}}}"),
    }
}

/// `n..12,2`: one alternative per number of decimals `k` (0..=scale), the integer part
/// taking the remaining digits. A trailing point with no decimals is allowed, as
/// `validate` allows it.
fn decimal_regex(sign: &str, digits: Length, scale: u32) -> String {
    let (lo, hi) = (digits.min(), digits.max().min(MAX_REPEAT));
    let mut alts = Vec::new();
    for k in 0..=scale.min(hi) {
        let int_hi = hi - k;
        let int_lo = lo.saturating_sub(k);
        if k == 0 {
            alts.push(format!("[0-9]{{{},{int_hi}}}\\.?", int_lo.max(1)));
        } else {
            alts.push(format!("[0-9]{{{int_lo},{int_hi}}}\\.[0-9]{{{k}}}"));
        }
    }
    format!("^{sign}({})$", alts.join("|"))
}

/// The shape a built-in rule requires, as a regex. For rules with a check character this
/// is only the structure; the check itself is in SQL (see `sql::expr`) and beyond the
/// other targets.
pub fn rule_regex(rule: Rule) -> String {
    match rule {
        Rule::Gb11643 | Rule::Gb11643Fprc => "^[0-9]{17}[0-9X]$".into(),
        Rule::Gb11643Old => "^[0-9]{15}$".into(),
        Rule::Gb32100 => "^[1-9ANY][0-9A-HJ-NPQRTUWXY][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$".into(),
        Rule::Gb11714 => "^[0-9A-Z]{8}-?[0-9A-Z]$".into(),
        Rule::Gb2260 | Rule::Gb2260History => "^[0-9]{6}$".into(),
        Rule::MobileCn => "^((\\+86|0086|86)[ -]?)?1[3-9][0-9]{9}$".into(),
        // Approximations of the RFC-based parsers: one `@`, a dotted domain, no spaces.
        Rule::Email => "^[^@ ]+@[^@ .]+(\\.[^@ .]+)+$".into(),
        Rule::Url => "^[Hh][Tt][Tt][Pp][Ss]?://[^/?# ]+([/?#][^ ]*)?$".into(),
    }
}

/// Whether a rule's regex is the whole rule (no check character, no list membership).
pub fn rule_is_regex_only(rule: Rule) -> bool {
    matches!(rule, Rule::MobileCn)
}

/// The element's own pattern, anchored.
pub fn pattern_regex(element: &Element) -> Option<String> {
    element.pattern_text().map(|p| format!("^({p})$"))
}

/// Escapes a literal character for every target's regex syntax.
pub fn escape_char(c: char) -> String {
    if "\\.^$|()[]{}*+?".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// An anchored regex as XML Schema writes it (implicitly anchored, no `^`/`$`).
pub fn unanchored(regex: &str) -> String {
    let r = regex.strip_prefix('^').unwrap_or(regex);
    r.strip_suffix('$').unwrap_or(r).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn element(data_type: DataType, format: &str) -> Element {
        Element {
            format: Some(Format::parse(format).unwrap()),
            ..Element::new("DE1", "x", data_type)
        }
    }

    fn matches(re: &str, v: &str) -> bool {
        Regex::new(re).unwrap().is_match(v)
    }

    #[test]
    fn decimal_format_counts_all_digits_and_the_scale() {
        let re = format_shape(&element(DataType::Decimal, "n..5,2"))
            .regex
            .unwrap();
        for ok in ["12345", "123.45", "1234.5", "7.", "-3.25", "+.5"] {
            assert!(matches(&re, ok), "{ok} {re}");
        }
        for bad in ["123456", "1234.56", "1.234", "1,2"] {
            assert!(!matches(&re, bad), "{bad} {re}");
        }
    }

    #[test]
    fn character_formats() {
        let shape = format_shape(&element(DataType::String, "an2..5"));
        let re = shape.regex.unwrap();
        assert!(matches(&re, "ab12") && !matches(&re, "a") && !matches(&re, "ab-1"));
        let any = format_shape(&element(DataType::String, "c..4000"));
        assert_eq!((any.regex, any.length), (None, Some((0, 4000))));
        let long = format_shape(&element(DataType::String, "n..300"));
        assert_eq!(long.length, Some((0, 300)));
        assert_eq!(long.regex.as_deref(), Some("^[0-9]*$"));
    }

    #[test]
    fn dates_have_field_ranges_and_positions() {
        let e = element(DataType::Date, "YYYYMMDD");
        let re = type_regex(&e).unwrap();
        assert!(matches(&re, "20240229") && !matches(&re, "20241301"));
        for bad in ["20230229", "19000229", "20240230", "20240431", "20241232"] {
            assert!(!matches(&re, bad), "{bad}");
        }
        for ok in ["20000229", "20240131", "20241130", "19991231"] {
            assert!(matches(&re, ok), "{ok}");
        }
        let iso = type_regex(&Element::new("DE2", "y", DataType::DateTime)).unwrap();
        assert!(matches(&iso, "2024-02-29T08:30:00Z") && !matches(&iso, "2023-02-29 08:30"));
        let t = date_template(&e).unwrap();
        assert_eq!(
            calendar_positions(&t),
            Some(CalendarPositions {
                year: Some(1),
                month: Some(5),
                day: Some(7)
            })
        );
        assert!(calendar_positions(&DateTemplate::parse("YYYY年M月D日").unwrap()).is_none());
    }

    #[test]
    fn rule_shapes_accept_the_standards_examples() {
        assert!(matches(&rule_regex(Rule::Gb11643), "34052419800101001X"));
        assert!(matches(&rule_regex(Rule::Gb32100), "91350100M000100Y43"));
        assert!(!matches(&rule_regex(Rule::Gb32100), "91350100O000100Y43"));
        assert!(matches(&rule_regex(Rule::MobileCn), "+86 13812345678"));
        assert!(matches(&rule_regex(Rule::Email), "张三@例子.中国"));
        assert!(matches(&rule_regex(Rule::Url), "https://www.gov.cn/a?b"));
    }
}
