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
    Err(Violation {
        code: Code::FormatMismatch,
        message: Text::new(
            "手机号码应为以 1 开头、第二位为 3–9 的 11 位数字（可带 +86 前缀）",
            "a mobile number is 11 digits starting with 1 and then 3–9 (a +86 prefix is allowed)",
        ),
    })
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
