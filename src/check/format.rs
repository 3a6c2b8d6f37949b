//! A cell's text against the element's format (`an18`, `n..12,2`, a date template).

use super::{is_numeric, value, CellCheck, CellFailure};
use crate::dictionary::format::{CharClass, Format, Length};
use crate::finding::Code;

/// Whether text of `bytes` UTF-8 bytes surely has a count of characters `length` allows:
/// a character takes one to four bytes, so the byte length alone often settles it.
pub(super) fn any_chars_fit(length: Length, bytes: usize) -> bool {
    bytes <= length.max() as usize && bytes.div_ceil(4) >= length.min() as usize
}

impl CellCheck {
    /// `number`: the value read as a number, for a numeric element.
    pub(super) fn check_format(
        &self,
        format: &Format,
        v: &str,
        number: Option<value::Number>,
    ) -> Option<CellFailure> {
        let unsigned = if is_numeric(self.data_type) {
            v.strip_prefix(['+', '-']).unwrap_or(v)
        } else {
            v
        };
        match format {
            Format::Chars { class, length } => {
                // Most values are ASCII of the right class: then bytes are characters, and
                // the class needs no second look.
                let ascii_ok = *class != CharClass::Any
                    && unsigned
                        .bytes()
                        .all(|b| b.is_ascii() && class.allows(char::from(b)));
                if ascii_ok && length.allows(unsigned.len()) {
                    return None;
                }
                if *class == CharClass::Any && any_chars_fit(*length, unsigned.len()) {
                    return None;
                }
                let len = unsigned.chars().count();
                if !length.allows(len) {
                    return Some(length_failure(*length, len, CHARS, format));
                }
                let pos = unsigned.chars().position(|c| !class.allows(c))?;
                let (zh, en) = match class {
                    CharClass::Alpha => ("字母", "a letter"),
                    CharClass::Numeric => ("数字", "a digit"),
                    CharClass::AlphaNumeric => ("字母或数字", "a letter or digit"),
                    CharClass::Any => ("字符", "a character"),
                };
                Some(CellFailure::new(
                    Code::FormatMismatch,
                    format!("第 {} 个字符应为{zh}（格式 {format}）", pos + 1),
                    format!("character {} must be {en} (format {format})", pos + 1),
                ))
            }
            Format::Decimal { digits, scale } => {
                // The sign is not counted against the format of a numeric element.
                let unsigned_number = match number {
                    Some(n) => Some(value::Number {
                        negative: false,
                        ..n
                    }),
                    None => value::number(unsigned),
                };
                let Some(n) = unsigned_number.filter(|n| !n.negative) else {
                    return Some(CellFailure::new(
                        Code::FormatMismatch,
                        format!("只能包含数字和一个小数点（格式 {format}）"),
                        format!("only digits and one decimal point are allowed (format {format})"),
                    ));
                };
                let total = n.int.len() + n.frac.len();
                if !digits.allows(total) {
                    return Some(length_failure(*digits, total, DIGITS, format));
                }
                if n.frac.len() > *scale as usize {
                    return Some(CellFailure::new(
                        Code::FormatMismatch,
                        format!("小数点后最多 {scale} 位，实为 {} 位（格式 {format}）", n.frac.len()),
                        format!(
                            "expected at most {scale} digits after the decimal point, found {} (format {format})",
                            n.frac.len()
                        ),
                    ));
                }
                None
            }
            Format::Date(t) => {
                if t.match_value(v).is_some_and(|p| p.is_real()) {
                    None
                } else {
                    Some(CellFailure::new(
                        Code::FormatMismatch,
                        format!("应为 {t} 格式的真实日期或时间"),
                        format!("expected a real date or time in the form {t}"),
                    ))
                }
            }
        }
    }
}

/// Units for length messages: (Chinese unit, Chinese counter for "found", English unit).
type Unit = (&'static str, &'static str, &'static str);
const CHARS: Unit = ("个字符", "个", "characters");
const DIGITS: Unit = ("位数字", "位", "digits");

fn length_failure(length: Length, found: usize, unit: Unit, format: &Format) -> CellFailure {
    let (zh_unit, counter, en_unit) = unit;
    let (zh, en) = match length {
        Length::Exact(n) => (
            format!("应为 {n} {zh_unit}"),
            format!("expected {n} {en_unit}"),
        ),
        Length::Max(n) => (
            format!("应不超过 {n} {zh_unit}"),
            format!("expected at most {n} {en_unit}"),
        ),
        Length::Range(lo, hi) => (
            format!("应为 {lo} 至 {hi} {zh_unit}"),
            format!("expected {lo} to {hi} {en_unit}"),
        ),
    };
    CellFailure::new(
        Code::FormatMismatch,
        format!("{zh}，实为 {found} {counter}（格式 {format}）"),
        format!("{en}, found {found} (format {format})"),
    )
}
