//! Compiled cell checks: everything the dictionary says about one column, prepared once so
//! that checking a cell is cheap. Pure code, no I/O; nothing is allocated while a value
//! passes, and messages are built only for a failure.
//!
//! A cell gets at most one failure, the first of: `required-value`; the spreadsheet cell
//! kinds (`error-cell`, `number-lost-digits`, a date cell in a text element as
//! `type-mismatch`); a known alias of a code (`not-in-codelist` with the standard code:
//! the fix matters more than the format the alias also breaks); `type-mismatch`;
//! `format-mismatch`; `not-in-codelist`; the element's rule (its violation code);
//! `pattern-mismatch`; `out-of-range`.
//!
//! Messages never contain the cell value (callers attach it separately, masked as the
//! element requires), only facts about it: lengths, positions, the expected form. For a
//! masked element the standard code of an alias is derived from the value (`回` → `03`), so
//! neither the message nor the suggestion names it.
//!
//! Types:
//! - `integer`: `[+-]digits`; `decimal`: `[+-]digits[.digits]` (no exponent, no thousands
//!   separators: exports must carry plain numbers);
//! - `boolean`: `true/false`, `1/0`, `是/否`, `Y/N`, `yes/no`, ASCII case ignored;
//! - `date`, `datetime`, `time`: the element's date template when its format is one,
//!   otherwise ISO 8601 (`YYYY-MM-DD`; `YYYY-MM-DDThh:mm[:ss]` with `T` or a space, an
//!   optional fraction and zone; `hh:mm[:ss]`). Calendar validity is checked. A spreadsheet
//!   date cell is a date whatever the template, so it is checked as ISO 8601 and its
//!   display form is not held against it.
//!
//! Formats: for `integer` and `decimal` elements a leading sign is not counted against the
//! format; `n..12,2` counts every digit written, the point excluded.

mod codes;
mod format;
mod quick;
mod value;

pub(crate) use codes::CodeSet;
pub(crate) use value::trim;

use std::collections::HashMap;

use regex::Regex;

use crate::dictionary::format::{DateParts, Format};
use crate::dictionary::{pattern_source, DataType, Dictionary, Element};
use crate::finding::{Code, Severity};
use crate::rules::Rule;
use crate::source::CellKind;
use crate::text::Text;
use quick::Quick;
use value::DateKey;

/// Why a cell fails its element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellFailure {
    pub code: Code,
    pub message: Text,
    /// A proposed correction: the standard code for an alias or a code's name (every
    /// character replaced by `*` when the element is masked).
    pub suggestion: Option<String>,
    /// The severity the dictionary gives this failure (`rule_severity:`), when it differs
    /// from the code's default.
    pub severity: Option<Severity>,
}

impl CellFailure {
    fn new(code: Code, zh: impl Into<String>, en: impl Into<String>) -> CellFailure {
        CellFailure {
            code,
            message: Text::new(zh, en),
            suggestion: None,
            severity: None,
        }
    }
}

/// The code list of an element, with its non-standard spellings mapped to codes.
#[derive(Debug, Clone)]
struct Codes {
    /// How messages name the list: its name, then its id in parentheses.
    label: Text,
    codes: CodeSet,
    /// alias, name or English name → code
    spellings: HashMap<String, String>,
    /// The same spellings and then the codes, in code-list order, for the (failure-only)
    /// search that ignores ASCII case: a fixed order keeps suggestions reproducible.
    ordered: Vec<(String, String)>,
    /// The element's values are masked in reports, so the standard code of an alias,
    /// which reveals the value, is withheld too.
    masked: bool,
}

/// A min or max bound, parsed once.
#[derive(Debug, Clone)]
enum Bound {
    /// Kept as written and compared digit by digit.
    Number(String),
    Date(DateKey),
}

/// Whether `text` is a number as exports must write it (`[+-]digits[.digits]`), the form
/// bounds are written in.
pub fn is_plain_number(text: &str) -> bool {
    value::number(text).is_some()
}

/// The release date of `dict` as `YYYYMMDD`, for rules that read a birth date from the
/// value (GB 11643, 18 and 15 digits); `None` for other rules or without a release date.
/// The SQL export reads the same bound, so the engines judge as `validate` does.
pub fn born_by(dict: &Dictionary, rule: Option<Rule>) -> Option<(u32, String)> {
    if !matches!(
        rule,
        Some(Rule::Gb11643 | Rule::Gb11643Old | Rule::Gb11643Fprc)
    ) {
        return None;
    }
    let text = dict.manifest.released.as_deref()?.trim();
    let b = text.as_bytes();
    let digits_at = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits_at(0..4)?, digits_at(5..7)?, digits_at(8..10)?);
    Some((y * 10_000 + m * 100 + d, text.to_owned()))
}

/// Compiles the checks of one column; see [`CellCheck::compile`].
pub fn compile(dict: &Dictionary, element: &Element, required: bool) -> CellCheck {
    CellCheck::compile(dict, element, required)
}

/// Everything needed to check the cells of one column.
#[derive(Debug, Clone)]
pub struct CellCheck {
    required: bool,
    data_type: DataType,
    format: Option<Format>,
    rule: Option<Rule>,
    rule_severity: Option<Severity>,
    /// For identity-number rules: the latest birth date a number may carry (`YYYYMMDD`,
    /// the dictionary's release date) and the date as the manifest writes it.
    born_by: Option<(u32, String)>,
    codes: Option<Codes>,
    pattern: Option<Regex>,
    min: Option<(Bound, String)>,
    max: Option<(Bound, String)>,
    /// What lets a text cell pass without the whole check.
    quick: Quick,
}

fn is_temporal(t: DataType) -> bool {
    matches!(t, DataType::Date | DataType::DateTime | DataType::Time)
}

fn is_numeric(t: DataType) -> bool {
    matches!(t, DataType::Integer | DataType::Decimal)
}

impl CellCheck {
    /// Compiles the checks of `element` (of `dict`) for a column; `required` comes from
    /// the dataset field. Bounds that do not parse for the element's type are ignored (the
    /// dictionary lint reports them).
    pub fn compile(dict: &Dictionary, element: &Element, required: bool) -> CellCheck {
        let list = dict.codelist_of(element);
        let codes = list.map(|list| {
            let mut spellings = HashMap::new();
            let mut ordered = Vec::new();
            for v in &list.values {
                let names = v.aliases.iter().chain([&v.name]).chain(v.name_en.as_ref());
                for s in names {
                    if !list.contains(s) {
                        spellings.entry(s.clone()).or_insert_with(|| v.code.clone());
                        ordered.push((s.clone(), v.code.clone()));
                    }
                }
            }
            ordered.extend(list.values.iter().map(|v| (v.code.clone(), v.code.clone())));
            Codes {
                label: Text::new(
                    format!("“{}”（{}）", list.name, list.id),
                    format!(
                        "“{}” ({})",
                        list.name_en.as_deref().unwrap_or(&list.name),
                        list.id
                    ),
                ),
                codes: CodeSet::new(list.values.iter().map(|v| v.code.clone())),
                spellings,
                ordered,
                masked: dict.is_masked(element),
            }
        });
        let mut check = CellCheck {
            required,
            data_type: element.data_type,
            format: element.format.clone(),
            rule: element.rule,
            rule_severity: element.rule_severity,
            born_by: born_by(dict, element.rule),
            codes,
            pattern: element.pattern.clone(),
            min: None,
            max: None,
            quick: Quick::None,
        };
        let bound = |text: &Option<String>| {
            let text = text.as_deref()?.trim();
            let b = if is_numeric(check.data_type) {
                value::number(text).map(|_| Bound::Number(text.to_owned()))
            } else if is_temporal(check.data_type) {
                check
                    .date(text, false)
                    .ok()
                    .map(|p| Bound::Date(value::key(&p)))
            } else {
                None
            }?;
            Some((b, text.to_owned()))
        };
        let (min, max) = (bound(&element.min), bound(&element.max));
        check.min = min;
        check.max = max;
        check.quick = check.quick_test(list.map(|l| &l.values[..]));
        check
    }

    /// Checks one cell. `value` is the raw cell text; surrounding white space is ignored.
    /// Returns at most one failure (see the module documentation for the order).
    #[inline]
    pub fn check(&self, value: &str, kind: CellKind) -> Option<CellFailure> {
        if kind == CellKind::Text && self.passes_at_once(value) {
            return None;
        }
        self.check_in_full(value, kind)
    }

    /// [`CellCheck::check`] without the quick test.
    #[inline(never)]
    pub(crate) fn check_in_full(&self, value: &str, kind: CellKind) -> Option<CellFailure> {
        let v = value::trim(value);
        if v.is_empty() {
            return self.required.then(|| {
                CellFailure::new(
                    Code::RequiredValue,
                    "必填字段为空",
                    "a required value is empty",
                )
            });
        }
        match kind {
            CellKind::Error => {
                return Some(CellFailure::new(
                    Code::ErrorCell,
                    "单元格是 Excel 错误值（如 #N/A），不是数据",
                    "the cell holds a spreadsheet error value (such as #N/A), not data",
                ))
            }
            CellKind::NumberLostDigits => {
                return Some(CellFailure::new(
                    Code::NumberLostDigits,
                    "Excel 把该值存为数字，只保留了 15 位有效数字；请把该列设为文本格式后重新录入",
                    "Excel stored this value as a number and kept only 15 significant digits, so the rest were lost; format the column as text and enter it again",
                ))
            }
            CellKind::Date if !is_temporal(self.data_type) => {
                return Some(CellFailure::new(
                    Code::TypeMismatch,
                    format!(
                        "Excel 已把该单元格转换为日期，而数据元类型为 {}；请把该列设为文本格式",
                        self.data_type.as_str()
                    ),
                    format!(
                        "the spreadsheet turned this cell into a date, but the element's type is {}; format the column as text",
                        self.data_type.as_str()
                    ),
                ))
            }
            _ => {}
        }
        // `None`: no code list; looked up once, since the alias check needs it too.
        let listed = self.codes.as_ref().map(|c| c.codes.contains(v));
        if let (Some(codes), Some(false)) = (&self.codes, listed) {
            if let Some(alias) = alias_failure(codes, v) {
                return Some(alias);
            }
        }
        let excel_date = kind == CellKind::Date;
        let mut date: Option<DateParts> = None;
        // A number is read once, for its type, format and range.
        let mut number: Option<value::Number> = None;
        match self.data_type {
            DataType::Integer => match value::number(v) {
                Some(n) if !n.point => number = Some(n),
                _ => {
                    return Some(CellFailure::new(
                        Code::TypeMismatch,
                        "应为整数",
                        "expected an integer",
                    ))
                }
            },
            DataType::Decimal => {
                number = value::number(v);
                if number.is_none() {
                    return Some(CellFailure::new(
                        Code::TypeMismatch,
                        "应为数值（可带小数点，不含千位分隔符和指数）",
                        "expected a number (a decimal point is allowed; no thousands separators or exponent)",
                    ));
                }
            }
            DataType::Boolean => {
                if !value::is_boolean(v) {
                    return Some(CellFailure::new(
                        Code::TypeMismatch,
                        "应为布尔值（true/false、1/0、是/否、Y/N）",
                        "expected a boolean (true/false, 1/0, 是/否, Y/N)",
                    ));
                }
            }
            DataType::Date | DataType::DateTime | DataType::Time => {
                match self.date(v, excel_date) {
                    Ok(p) => date = Some(p),
                    Err(f) => return Some(f),
                }
            }
            DataType::String | DataType::Code => {}
        }
        // A date already read with its format's template (and found real) meets the format;
        // a spreadsheet's date cell has no text for the format to judge.
        let format_read = matches!(self.format, Some(Format::Date(_))) && date.is_some();
        let skip_format = format_read || (excel_date && is_temporal(self.data_type));
        if !skip_format {
            if let Some(f) = self
                .format
                .as_ref()
                .and_then(|f| self.check_format(f, v, number))
            {
                // A mobile number's rule knows the near misses (a landline, separators)
                // better than the length its format counts.
                let near_miss = crate::rules::mobile_cn::looks_like_landline(v)
                    || crate::rules::mobile_cn::without_separators(v).is_some();
                if self.rule == Some(Rule::MobileCn) && near_miss {
                    if let Err(violation) = Rule::MobileCn.check(v) {
                        return Some(CellFailure {
                            code: f.code,
                            message: violation.message,
                            suggestion: None,
                            severity: None,
                        });
                    }
                }
                return Some(self.explain_number_cell(f, v, kind));
            }
        }
        if let (Some(codes), Some(false)) = (&self.codes, listed) {
            return Some(not_in_codelist(codes));
        }
        if let Some(rule) = self.rule {
            let born_by = self.born_by.as_ref();
            let checked = rule.check(v).and_then(|()| match born_by {
                Some((latest, text)) => crate::rules::gb11643::check_born_by(v, *latest, text),
                None => Ok(()),
            });
            if let Err(violation) = checked {
                return Some(CellFailure {
                    code: violation.code,
                    message: violation.message,
                    suggestion: None,
                    severity: self.rule_severity,
                });
            }
        }
        if let Some(pattern) = &self.pattern {
            if !pattern.is_match(v) {
                return Some(CellFailure::new(
                    Code::PatternMismatch,
                    format!("不符合模式 {}", pattern_source(pattern)),
                    format!("does not match the pattern {}", pattern_source(pattern)),
                ));
            }
        }
        self.check_range(number.as_ref(), date.as_ref())
    }

    /// A digit code (postal or division code) that a spreadsheet stored as a number lost
    /// its leading zeros: say so, since the fix is in the spreadsheet, not the data.
    fn explain_number_cell(&self, failure: CellFailure, v: &str, kind: CellKind) -> CellFailure {
        let short_by = match (&self.format, kind) {
            (Some(Format::Chars { length, .. }), CellKind::Number)
                if !is_numeric(self.data_type)
                    && failure.code == Code::FormatMismatch
                    && v.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (length.min() as usize).saturating_sub(v.len())
            }
            _ => 0,
        };
        if short_by == 0 {
            return failure;
        }
        CellFailure {
            message: Text::new(
                format!(
                    "Excel 把该代码存为数字，去掉了开头的 {short_by} 个 0；请把该列设为文本格式后重新录入（{}）",
                    failure.message.zh
                ),
                format!(
                    "Excel stored this code as a number and dropped {short_by} leading zero(s); format the column as text and enter it again ({})",
                    failure.message.en
                ),
            ),
            ..failure
        }
    }

    /// Parses a date, date-time or time with the element's template, or as ISO 8601.
    fn date(&self, v: &str, excel_date: bool) -> Result<DateParts, CellFailure> {
        let (parts, form) = match &self.format {
            Some(Format::Date(t)) if !excel_date => (t.match_value(v), None),
            _ => (
                value::iso(v, self.data_type, excel_date),
                Some(value::iso_form(self.data_type)),
            ),
        };
        let Some(parts) = parts else {
            let form = match (&self.format, form) {
                (Some(Format::Date(t)), None) => t.to_string(),
                (_, f) => format!("ISO 8601 {}", f.unwrap_or("YYYY-MM-DD")),
            };
            let (zh, en) = match self.data_type {
                DataType::Time => ("时间", "a time"),
                DataType::DateTime => ("日期时间", "a date and time"),
                _ => ("日期", "a date"),
            };
            return Err(CellFailure::new(
                Code::TypeMismatch,
                format!("应为 {form} 格式的{zh}"),
                format!("expected {en} in the form {form}"),
            ));
        };
        if !parts.is_real() {
            return Err(CellFailure::new(
                Code::TypeMismatch,
                "不是真实存在的日期或时间",
                "not a real calendar date or time of day",
            ));
        }
        Ok(parts)
    }

    /// `number` and `date`: the value as read for a numeric or temporal element.
    fn check_range(
        &self,
        number: Option<&value::Number>,
        date: Option<&DateParts>,
    ) -> Option<CellFailure> {
        let below = |bound: &Bound| -> Option<std::cmp::Ordering> {
            match bound {
                Bound::Number(b) => Some(value::compare(number?, &value::number(b)?)),
                Bound::Date(b) => Some(value::key(date?).cmp(b)),
            }
        };
        if let Some((bound, text)) = &self.min {
            if below(bound) == Some(std::cmp::Ordering::Less) {
                return Some(CellFailure::new(
                    Code::OutOfRange,
                    format!("小于最小值 {text}"),
                    format!("below the minimum {text}"),
                ));
            }
        }
        if let Some((bound, text)) = &self.max {
            if below(bound) == Some(std::cmp::Ordering::Greater) {
                return Some(CellFailure::new(
                    Code::OutOfRange,
                    format!("大于最大值 {text}"),
                    format!("above the maximum {text}"),
                ));
            }
        }
        None
    }
}

/// `not-in-codelist` naming the standard code when `v`, which is not a code, is a known
/// spelling of one (an alias, name or English name; then the same ignoring ASCII case, `m`
/// for `M`), else `None`.
fn alias_failure(codes: &Codes, v: &str) -> Option<CellFailure> {
    let code = codes.spellings.get(v).or_else(|| {
        codes
            .ordered
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(v))
            .map(|(_, c)| c)
    })?;
    if codes.masked {
        return Some(CellFailure {
            code: Code::NotInCodelist,
            message: Text::new(
                format!(
                    "非标准写法，应改为代码表{}中的标准代码（该数据元需脱敏，故不显示代码；conform 可自动转换）",
                    codes.label.zh
                ),
                format!(
                    "a non-standard spelling of a code in {} (the standard code is not shown because the element is masked; conform recodes it)",
                    codes.label.en
                ),
            ),
            suggestion: Some("*".repeat(code.chars().count())),
            severity: None,
        });
    }
    Some(CellFailure {
        code: Code::NotInCodelist,
        message: Text::new(
            format!("非标准写法，代码表{}中的标准代码为 {code}", codes.label.zh),
            format!(
                "a non-standard spelling: the standard code in {} is {code}",
                codes.label.en
            ),
        ),
        suggestion: Some(code.clone()),
        severity: None,
    })
}

/// `not-in-codelist` for a value that is neither a code nor a known spelling of one.
fn not_in_codelist(codes: &Codes) -> CellFailure {
    CellFailure::new(
        Code::NotInCodelist,
        format!("不在代码表{}中", codes.label.zh),
        format!("not in the code list {}", codes.label.en),
    )
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod default_dictionary;
