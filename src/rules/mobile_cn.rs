//! Mainland China mobile numbers (中国大陆移动电话号码), as numbered by the MIIT plan:
//! 11 digits matching `^1[3-9]\d{9}$`. The country code may precede the number as `+86`,
//! `0086` or `86`, optionally followed by one space or hyphen. Separators inside the
//! number (`138-1234-5678`) are not the standard form and are rejected.
//!
//! Failures are `format-mismatch`: a mobile number has no check character, so a wrong one
//! is a shape problem.

use super::Violation;
use crate::finding::Code;
use crate::text::Text;

fn is_national(s: &[u8]) -> bool {
    matches!(s, [b'1', b'3'..=b'9', rest @ ..] if rest.len() == 9 && rest.iter().all(u8::is_ascii_digit))
}

pub fn check(value: &str) -> Result<(), Violation> {
    let b = value.as_bytes();
    let national = ["+86", "0086", "86"]
        .iter()
        .find_map(|p| b.strip_prefix(p.as_bytes()))
        .map(|rest| {
            rest.strip_prefix(b" ")
                .or_else(|| rest.strip_prefix(b"-"))
                .unwrap_or(rest)
        });
    if is_national(b) || national.is_some_and(is_national) {
        return Ok(());
    }
    let message = if looks_like_landline(value) {
        Text::new(
            "这看起来是固定电话号码（区号以 0 开头），不是手机号码",
            "this looks like a landline number (an area code starting with 0), not a mobile number",
        )
    } else if without_separators(value).is_some() {
        // The value itself is personal and masked in reports: the message never quotes it.
        Text::new(
            "手机号码不应含空格或连字符，标准形式是连写的 11 位数字",
            "a mobile number has no spaces or hyphens: the standard form is its 11 digits written together",
        )
    } else {
        Text::new(
            "手机号码应为以 1 开头、第二位为 3–9 的 11 位数字（可带 +86 前缀）",
            "a mobile number is 11 digits starting with 1 and then 3–9 (a +86 prefix is allowed)",
        )
    };
    Err(Violation {
        code: Code::FormatMismatch,
        message,
    })
}

/// A fixed-line number as written in China: a trunk `0`, a 2–3 digit area code and a
/// 7–8 digit local number, `-` or a space between them or not (`010-12345678`,
/// `0591 87654321`, `057187654321`).
pub fn looks_like_landline(value: &str) -> bool {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '(' | ')'))
        .collect();
    digits.starts_with('0')
        && !digits.starts_with("00")
        && (10..=12).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The number without the spaces and hyphens inside it (`138-1234-5678`,
/// `138 1234 5678`) when that makes a mobile number; `None` otherwise.
pub fn without_separators(value: &str) -> Option<String> {
    if !value.contains(['-', ' ']) {
        return None;
    }
    let plain: String = value.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let national = plain
        .strip_prefix("+86")
        .or_else(|| plain.strip_prefix("0086"))
        .unwrap_or(&plain);
    is_national(national.as_bytes()).then(|| national.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_numbers_and_prefixes() {
        for v in [
            "13812345678",
            "19912345678",
            "+8613812345678",
            "+86 13812345678",
            "+86-13812345678",
            "008613812345678",
            "8613812345678",
            "86 13812345678",
        ] {
            assert!(check(v).is_ok(), "{v}");
        }
    }

    #[test]
    fn says_what_a_near_miss_is() {
        for v in ["010-12345678", "0591 87654321", "057187654321"] {
            assert!(check(v).unwrap_err().message.en.contains("landline"), "{v}");
        }
        let e = check("138-1234-5678").unwrap_err();
        assert!(
            e.message.en.contains("11 digits written together"),
            "{}",
            e.message.en
        );
        assert!(!e.message.en.contains("1234"), "{}", e.message.en);
        assert_eq!(
            without_separators("+86 138 1234 5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(without_separators("13812345678"), None);
        assert!(!looks_like_landline("13812345678"));
    }

    #[test]
    fn rejects_other_shapes() {
        for v in [
            "12812345678",
            "1381234567",
            "138123456789",
            "138-1234-5678",
            "+86  13812345678",
            "+8513812345678",
            "010-12345678",
            "1381234567a",
            "",
            "+86",
        ] {
            let e = check(v).unwrap_err();
            assert_eq!(e.code, Code::FormatMismatch, "{v}");
        }
    }
}
