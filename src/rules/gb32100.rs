//! GB 32100-2015 法人和其他组织统一社会信用代码编码规则 (unified social credit code).
//!
//! Eighteen characters: registration authority (1) + organization category (1) + GB/T 2260
//! division code (6) + GB 11714 organization code (9, its own check character last) +
//! check character (1). Characters come from `0123456789ABCDEFGHJKLMNPQRTUWXY` (valued 0–30;
//! I, O, S, V and Z are never used). Check: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24
//! 10 30 28 over the first 17 characters, `C = 31 − (sum mod 31)`, 31 written as `0`.
//!
//! Structure: position 1 is a registration authority and position 2 an organization
//! category that authority defines (GB 32100-2015 annex A: [`CATEGORIES`], the same table
//! as the default dictionary's code list `GB 32100-2015 机构类别`); positions 3–8 are the
//! six digits of a GB/T 2260 division code (`100000` for national registrations; retired
//! codes stay in codes issued before, so membership is not checked).
//!
//! Both check characters are verified: the code's own (position 18) and the embedded
//! organization code's (position 17, GB 11714). Worked example: `91350100M000100Y4` → `3`,
//! with the embedded organization code `M000100Y4`.

use super::{gb11714, Violation};
use crate::finding::Code;
use crate::text::Text;

/// The 31 characters of the code, in the order of their values.
pub const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17.
pub const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Registration authority + organization category (positions 1–2), GB 32100-2015 annex A:
/// 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (市场监管),
/// A 中央军委改革和编制办公室, N 农业农村, Y 其他.
pub const CATEGORIES: [&str; 36] = [
    "11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39", "41", "49", "51", "52",
    "53", "59", "61", "62", "69", "71", "72", "79", "81", "89", "91", "92", "93", "A1", "A9", "N1",
    "N2", "N3", "N9", "Y1",
];

/// The value of each byte as a character of the code, `NOT_IN_CHARSET` for the others:
/// one lookup instead of a search of the charset per character.
const VALUES: [u8; 256] = {
    let mut values = [NOT_IN_CHARSET; 256];
    let mut i = 0;
    while i < CHARSET.len() {
        values[CHARSET[i] as usize] = i as u8;
        i += 1;
    }
    values
};
const NOT_IN_CHARSET: u8 = u8::MAX;

/// For each first character, the values of the second characters that make a category
/// of [`CATEGORIES`] with it, as bits: one lookup instead of a search of the list.
const CATEGORY_SECONDS: [u32; 256] = {
    let mut seconds = [0u32; 256];
    let mut i = 0;
    while i < CATEGORIES.len() {
        let pair = CATEGORIES[i].as_bytes();
        seconds[pair[0] as usize] |= 1 << VALUES[pair[1] as usize];
        i += 1;
    }
    seconds
};

/// Whether the first two characters are a category of [`CATEGORIES`].
fn is_category(first: u8, second: u8) -> bool {
    value_of(second).is_some_and(|v| CATEGORY_SECONDS[usize::from(first)] >> v & 1 == 1)
}

fn value_of(c: u8) -> Option<u32> {
    match VALUES[usize::from(c)] {
        NOT_IN_CHARSET => None,
        v => Some(u32::from(v)),
    }
}

/// The check character of the first 17 characters (`None` if any is outside the charset).
pub fn check_char(body: &[u8]) -> Option<u8> {
    if body.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in body.iter().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    let c = (31 - sum % 31) % 31;
    CHARSET.get(c as usize).copied()
}

fn fail(zh: impl Into<String>, en: impl Into<String>) -> Result<(), Violation> {
    Err(Violation {
        code: Code::ChecksumFailed,
        message: Text::new(zh, en),
    })
}

pub fn check(value: &str) -> Result<(), Violation> {
    let b = value.as_bytes();
    // Eighteen ASCII bytes are eighteen characters: counting them is for the others.
    if b.len() != 18 || !b.is_ascii() {
        let len = value.chars().count();
        if len == 18 {
            return fail(
                "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）",
                "a unified social credit code holds only digits and capital letters (no I, O, S, V, Z)",
            );
        }
        return fail(
            format!("统一社会信用代码应为 18 位，实为 {len} 位"),
            format!("a unified social credit code has 18 characters, found {len}"),
        );
    }
    if let Some(pos) = b.iter().position(|&c| value_of(c).is_none()) {
        let lower = b.get(pos).is_some_and(u8::is_ascii_lowercase);
        return fail(
            format!(
                "第 {} 位不在统一社会信用代码字符集中（数字和大写字母，不含 I、O、S、V、Z）{}",
                pos + 1,
                if lower { "，不能用小写字母" } else { "" }
            ),
            format!(
                "character {} is outside the code's character set (digits and capitals except I, O, S, V, Z){}",
                pos + 1,
                if lower { "; lowercase is not allowed" } else { "" }
            ),
        );
    }
    structure(b)?;
    let (body, last) = (&b[..17], b[17]);
    match check_char(body) {
        Some(expected) if expected == last => {}
        Some(expected) => {
            let e = char::from(expected);
            return fail(
                format!("校验字符错误：按 GB 32100 应为 {e}"),
                format!("wrong check character: GB 32100 gives {e}"),
            );
        }
        None => return fail("无法计算校验字符", "the check character cannot be computed"),
    }
    // Positions 9–17: the GB 11714 organization code with its own check character.
    gb11714::check_parts(&b[8..16], b[16])
}

/// Positions 1–8 of a code already known to be 18 characters of the charset.
fn structure(b: &[u8]) -> Result<(), Violation> {
    let (first, second) = (b.first().copied(), b.get(1).copied());
    if !first.zip(second).is_some_and(|(f, s)| is_category(f, s)) {
        // Messages name positions, never the characters found (the value may be masked).
        let authority = CATEGORIES.iter().any(|c| c.as_bytes().first() == b.first());
        return if authority {
            fail(
                "第 2 位不是第 1 位登记管理部门定义的机构类别（见 GB 32100 附录 A）",
                "character 2 is not an organization category of the registration authority in character 1 (see GB 32100 annex A)",
            )
        } else {
            fail(
                "第 1 位不是 GB 32100 的登记管理部门代码（1–9、A、N、Y）",
                "character 1 is not a GB 32100 registration authority (1–9, A, N, Y)",
            )
        };
    }
    if let Some(pos) = b[2..8].iter().position(|c| !c.is_ascii_digit()) {
        return fail(
            format!(
                "第 {} 位应为数字：第 3–8 位是 GB/T 2260 行政区划代码",
                pos + 3
            ),
            format!(
                "character {} must be a digit: positions 3–8 are a GB/T 2260 division code",
                pos + 3
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_from_the_standard() {
        assert_eq!(check_char(b"91350100M000100Y4"), Some(b'3'));
        assert!(check("91350100M000100Y43").is_ok());
    }

    #[test]
    fn wrong_check_character() {
        let v = check("91350100M000100Y44").unwrap_err();
        assert_eq!(v.code, Code::ChecksumFailed);
        assert!(
            v.message.en.contains("GB 32100 gives 3"),
            "{}",
            v.message.en
        );
    }

    #[test]
    fn embedded_organization_code_is_checked() {
        // Break the organization code's check character (position 17) and fix position 18
        // so only the embedded check fails.
        let body = b"91350100M000100Y5";
        let c = char::from(check_char(body).unwrap());
        let v = check(&format!("91350100M000100Y5{c}")).unwrap_err();
        assert!(
            v.message.en.contains("GB 11714 gives 4"),
            "{}",
            v.message.en
        );
    }

    /// A code with valid check characters around `head` (positions 1–8).
    fn with_checks(head: &str) -> String {
        let org = b"M000100Y";
        let org_check = gb11714::check_char(org).unwrap();
        let body = format!("{head}M000100Y{}", char::from(org_check));
        let check = check_char(body.as_bytes()).unwrap();
        format!("{body}{}", char::from(check))
    }

    #[test]
    fn authority_and_category() {
        for head in [
            "11350100", "51350100", "92350100", "93350100", "A1100000", "N2350100", "Y1350100",
        ] {
            assert!(check(&with_checks(head)).is_ok(), "{head}");
        }
        for (head, what) in [
            ("00350100", "character 1"),
            ("99350100", "character 2"),
            ("B1350100", "character 1"),
            ("G1350100", "character 1"),
            ("94350100", "character 2"),
            ("Y2350100", "character 2"),
        ] {
            let v = check(&with_checks(head)).unwrap_err();
            assert_eq!(v.code, Code::ChecksumFailed);
            assert!(v.message.en.contains(what), "{head}: {}", v.message.en);
        }
    }

    #[test]
    fn division_part_is_six_digits() {
        let v = check(&with_checks("91A50100")).unwrap_err();
        assert!(v.message.en.contains("character 3"), "{}", v.message.en);
        assert!(check(&with_checks("91350100")).is_ok());
    }

    #[test]
    fn the_category_table_holds_exactly_the_listed_categories() {
        for first in 0..=255u8 {
            for second in 0..=255u8 {
                let listed = CATEGORIES.iter().any(|c| c.as_bytes() == [first, second]);
                assert_eq!(is_category(first, second), listed, "{first:#x} {second:#x}");
            }
        }
    }

    #[test]
    fn every_byte_has_the_value_of_its_place_in_the_charset() {
        for c in 0..=255u8 {
            let place = CHARSET.iter().position(|&x| x == c).map(|p| p as u32);
            assert_eq!(value_of(c), place, "{c:#x}");
        }
    }

    #[test]
    fn structure() {
        assert!(check("91350100M000100Y4")
            .unwrap_err()
            .message
            .en
            .contains("found 17"));
        // I, O, S, V, Z are not in the charset.
        assert!(check("91350100M000100I43")
            .unwrap_err()
            .message
            .en
            .contains("character 16"));
        assert!(check("91350100m000100Y43")
            .unwrap_err()
            .message
            .en
            .contains("lowercase"));
        assert!(check("91350100M000100Y4三").is_err());
        assert!(check("").is_err());
    }
}
