//! GB 11714-1997 全国组织机构代码编制规则 (organization code).
//!
//! Nine characters: an 8-character body of digits and capital letters, then a check
//! character. Printed forms put a hyphen before the check character (`D2143569-X`); both
//! forms are accepted. Check: weights 3 7 9 10 5 8 4 2, letters valued A=10 … Z=35,
//! `C = 11 − (sum mod 11)`, where 10 is written `X` and 11 is written `0`.
//!
//! Worked examples: `D2143569-X` (the example printed in guides to the standard:
//! 13·3 + 2·7 + 1·9 + 4·10 + 3·5 + 5·8 + 6·4 + 9·2 = 199, 199 mod 11 = 1, 11 − 1 = 10 → X)
//! and `M000100Y4`, the organization code embedded in the GB 32100 example
//! `91350100M000100Y43`.

use super::Violation;
use crate::finding::Code;
use crate::text::Text;

/// Weights of positions 1–8.
pub const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn value_of(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The check character of an 8-character body (`None` if it has other characters).
pub fn check_char(body: &[u8]) -> Option<u8> {
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in body.iter().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    })
}

fn fail(zh: impl Into<String>, en: impl Into<String>) -> Result<(), Violation> {
    Err(Violation {
        code: Code::ChecksumFailed,
        message: Text::new(zh, en),
    })
}

/// Checks a 9-character code whose body and check character are given apart (shared with
/// GB 32100, which embeds an organization code).
pub(crate) fn check_parts(body: &[u8], last: u8) -> Result<(), Violation> {
    if let Some(pos) = body.iter().position(|&c| value_of(c).is_none()) {
        let lower = body.get(pos).is_some_and(u8::is_ascii_lowercase);
        return fail(
            format!(
                "组织机构代码第 {} 位应为数字或大写字母{}",
                pos + 1,
                if lower { "（不能用小写）" } else { "" }
            ),
            format!(
                "character {} of the organization code must be a digit or a capital letter{}",
                pos + 1,
                if lower { " (not lowercase)" } else { "" }
            ),
        );
    }
    match check_char(body) {
        Some(expected) if expected == last => Ok(()),
        Some(expected) => {
            let e = char::from(expected);
            fail(
                format!("组织机构代码校验字符错误：按 GB 11714 应为 {e}"),
                format!("wrong organization code check character: GB 11714 gives {e}"),
            )
        }
        None => fail("无法计算校验字符", "the check character cannot be computed"),
    }
}

pub fn check(value: &str) -> Result<(), Violation> {
    let b = value.as_bytes();
    let (body, last) = match b {
        [body @ .., b'-', last] if body.len() == 8 => (body, *last),
        [body @ .., last] if body.len() == 8 => (body, *last),
        _ => {
            let len = value.chars().count();
            return fail(
                format!("组织机构代码应为 9 位（或 XXXXXXXX-X），实为 {len} 个字符"),
                format!("an organization code has 9 characters (or XXXXXXXX-X), found {len}"),
            );
        }
    };
    check_parts(body, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples() {
        assert_eq!(check_char(b"D2143569"), Some(b'X'));
        assert!(check("D2143569-X").is_ok());
        assert!(check("D2143569X").is_ok());
        // Embedded in the GB 32100 example 91350100M000100Y43.
        assert_eq!(check_char(b"M000100Y"), Some(b'4'));
        assert!(check("M000100Y4").is_ok());
    }

    #[test]
    fn check_value_eleven_is_written_zero() {
        // A body whose weighted sum is a multiple of 11 gives 11 − 0 = 11, written 0.
        assert_eq!(check_char(b"00000000"), Some(b'0'));
        assert!(check("00000000-0").is_ok());
    }

    #[test]
    fn wrong_check_character() {
        let v = check("D2143569-1").unwrap_err();
        assert_eq!(v.code, Code::ChecksumFailed);
        assert!(v.message.en.contains("gives X"));
    }

    #[test]
    fn structure() {
        assert!(check("D2143569")
            .unwrap_err()
            .message
            .en
            .contains("found 8"));
        assert!(check("D2143569--X").is_err());
        assert!(check("d2143569-X")
            .unwrap_err()
            .message
            .en
            .contains("not lowercase"));
        assert!(check("D2143_69-X").is_err());
        assert!(check("组织机构代码").is_err());
        assert!(check("").is_err());
    }
}
