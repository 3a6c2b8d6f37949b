//! GB 11643-1999 公民身份号码 (citizen identity number).
//!
//! Structure: 6-digit address code (GB/T 2260) + 8-digit birth date `YYYYMMDD` + 3-digit
//! sequence (odd for men, even for women) + 1 check character. The check character is
//! ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over the first 17 digits,
//! the sum modulo 11 indexes `1 0 X 9 8 7 6 5 4 3 2`.
//!
//! What is checked: length 18, digits, the check character, a real birth date between 1850
//! and 2100 (fixed bounds: a check never reads the clock, so results do not change with
//! the day the file is validated), and a known province prefix. The province list is
//! GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 Taiwan, 81 Hong Kong, 82 Macao)
//! plus 83, which residence permits for Taiwan residents use.
//!
//! Not checked: the county part of the address code. Numbers are issued for life, so
//! people born before a county was merged or renamed keep its retired code; checking it
//! against today's list would reject valid numbers.
//!
//! A lowercase `x` is rejected as `format-mismatch`, not as a wrong check character: the
//! standard writes the check value 10 as an uppercase `X`, and the message says so, which
//! makes the fix obvious.
//!
//! [`check_15`] checks the 15-digit numbers issued before 1999 (rule `gb11643-15`): 6-digit
//! address code + `YYMMDD` birth date of the 1900s + 3-digit sequence, no check character.
//! The province prefix and the date are checked, as for 18 digits.

use super::Violation;
use crate::finding::Code;
use crate::text::Text;

/// Weights of positions 1–17 (ISO 7064 MOD 11-2).
pub const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
pub const CHECK: [u8; 11] = *b"10X98765432";

/// First two digits of the address code that name a province-level division.
/// Whether two leading digits name a GB/T 2260 province.
pub fn is_province(p: u32) -> bool {
    matches!(p, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

fn fail(zh: impl Into<String>, en: impl Into<String>) -> Result<(), Violation> {
    Err(Violation {
        code: Code::ChecksumFailed,
        message: Text::new(zh, en),
    })
}

/// The check character of the first 17 digits (`None` when they are not 17 digits).
pub fn check_char(body: &[u8]) -> Option<u8> {
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK.get((sum % 11) as usize).copied()
}

/// A real calendar date within the bounds the rule accepts (出生日期 uses the same bounds).
fn is_real_birth_date(y: u32, m: u32, d: u32) -> bool {
    (1850..=2100).contains(&y)
        && (1..=12).contains(&m)
        && d >= 1
        && d <= crate::calendar::days_in_month(y, m)
}

/// Checks a 15-digit identity number of the first generation (issued until 1999): digits
/// only, a province prefix and a real `YYMMDD` birth date in the 1900s.
pub fn check_15(value: &str) -> Result<(), Violation> {
    let b = value.as_bytes();
    if value.chars().count() != 15 || b.len() != 15 || !b.iter().all(u8::is_ascii_digit) {
        return fail(
            "十五位身份证号码应为 15 位数字",
            "a 15-digit identity number has 15 digits",
        );
    }
    if !is_province(number(&b[..2])) {
        return fail(
            "前两位不是 GB/T 2260 中的省级行政区划代码",
            "the first two digits are not a GB/T 2260 province code",
        );
    }
    let (y, m, d) = (
        1900 + number(&b[6..8]),
        number(&b[8..10]),
        number(&b[10..12]),
    );
    if !is_real_birth_date(y, m, d) {
        return fail(
            "第 7–12 位不是真实存在的出生日期（YYMMDD，19YY 年）",
            "characters 7–12 are not a real birth date (YYMMDD in the 1900s)",
        );
    }
    Ok(())
}

/// The birth date of an 18- or 15-digit number, as the number `YYYYMMDD` (`None` when
/// the value has neither length or the date part is not digits).
pub fn birth_date(value: &str) -> Option<u32> {
    let b = value.as_bytes();
    let digits = match b.len() {
        18 => b.get(6..14)?,
        15 => b.get(6..12)?,
        _ => return None,
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let date = number(digits);
    Some(if b.len() == 15 {
        19_000_000 + date
    } else {
        date
    })
}

/// `out-of-range` when the number's birth date is after `latest` (`YYYYMMDD`): the release
/// date of the dictionary, a fixed bound, since a check never reads the clock.
pub fn check_born_by(value: &str, latest: u32, latest_text: &str) -> Result<(), Violation> {
    match birth_date(value) {
        Some(born) if born > latest => Err(Violation {
            code: Code::OutOfRange,
            message: Text::new(
                format!("出生日期 {born} 晚于目录发布日期 {latest_text}，号码中的出生日期不可能在未来"),
                format!("the birth date {born} is after the dictionary's release date {latest_text}: a number cannot carry a future birth date"),
            ),
        }),
        _ => Ok(()),
    }
}

fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |n, d| n * 10 + u32::from(d.wrapping_sub(b'0')))
}

/// A number of a person who may be a citizen or a foreign permanent resident (rule
/// `gb11643-fprc`, for 社会保障号码): a citizen identity number, or — first digit 9 — the
/// number of the Foreign Permanent Resident ID Card issued since 1 December 2023, built
/// after GB 11643: `9`, the two-digit province code of the issuing place, a three-digit
/// nationality code, the `YYYYMMDD` birth date at characters 7–14, a three-digit
/// sequence and the same MOD 11-2 check character. The nationality code's membership is
/// not checked (the issuing authority's numeric table is not shipped).
pub fn check_person(value: &str) -> Result<(), Violation> {
    if !value.starts_with('9') {
        return check(value);
    }
    let b = value.as_bytes();
    if value.chars().count() != 18 || b.len() != 18 {
        return fail(
            "外国人永久居留身份证号码应为 18 位（17 位数字和 1 位校验字符）",
            "a Foreign Permanent Resident ID number has 18 characters (17 digits and a check character)",
        );
    }
    let (body, last) = (&b[..17], b[17]);
    check_body(
        body,
        last,
        &body[1..3],
        (
            "第 2–3 位不是受理地的省级行政区划代码",
            "characters 2–3 are not the province code of the issuing place",
        ),
    )
}

pub fn check(value: &str) -> Result<(), Violation> {
    let len = value.chars().count();
    if len != 18 {
        return fail(
            format!("公民身份号码应为 18 位，实为 {len} 位"),
            format!("a citizen identity number has 18 characters, found {len}"),
        );
    }
    let b = value.as_bytes();
    // 18 characters: all ASCII exactly when there are 18 bytes.
    if b.len() != 18 {
        return fail(
            "公民身份号码只能包含数字和校验字符 X",
            "a citizen identity number holds only digits and the check character X",
        );
    }
    let (body, last) = (&b[..17], b[17]);
    check_body(
        body,
        last,
        &body[..2],
        (
            "前两位不是 GB/T 2260 中的省级行政区划代码",
            "the first two digits are not a GB/T 2260 province code",
        ),
    )
}

/// The 17 digits and the check character of an 18-character number: the digits, the
/// check character's form, the province code (`province`, with the message when it is
/// none), the birth date at characters 7–14 and ISO 7064 MOD 11-2. Citizen numbers and
/// foreign permanent residents' numbers differ only in where the province code stands.
fn check_body(
    body: &[u8],
    last: u8,
    province: &[u8],
    not_province: (&str, &str),
) -> Result<(), Violation> {
    if let Some(pos) = body.iter().position(|c| !c.is_ascii_digit()) {
        return fail(
            format!("第 {} 位应为数字", pos + 1),
            format!("character {} must be a digit", pos + 1),
        );
    }
    if last == b'x' {
        return Err(Violation {
            code: Code::FormatMismatch,
            message: Text::new(
                "校验字符应为大写 X（标准写法），不是小写 x",
                "the check character must be an uppercase X (the standard form), not a lowercase x",
            ),
        });
    }
    if !(last.is_ascii_digit() || last == b'X') {
        return fail(
            "第 18 位（校验字符）应为数字或 X",
            "character 18 (the check character) must be a digit or X",
        );
    }
    if !is_province(number(province)) {
        return fail(not_province.0, not_province.1);
    }
    let (y, m, d) = (
        number(&body[6..10]),
        number(&body[10..12]),
        number(&body[12..14]),
    );
    if !is_real_birth_date(y, m, d) {
        return fail(
            "第 7–14 位不是 1850 至 2100 年间真实存在的出生日期",
            "characters 7–14 are not a real birth date between 1850 and 2100",
        );
    }
    match check_char(body) {
        Some(expected) if expected == last => Ok(()),
        Some(expected) => {
            let e = char::from(expected);
            fail(
                format!("校验字符错误：按 ISO 7064 MOD 11-2 应为 {e}"),
                format!("wrong check character: ISO 7064 MOD 11-2 gives {e}"),
            )
        }
        None => fail("无法计算校验字符", "the check character cannot be computed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_permanent_resident_numbers() {
        // 9, issued in Beijing (11), nationality 840, born 1980-01-01, sequence 001.
        let body = b"91184019800101001";
        let valid = format!(
            "{}{}",
            std::str::from_utf8(body).unwrap(),
            char::from(check_char(body).unwrap())
        );
        assert!(check_person(&valid).is_ok());
        assert!(check(&valid).is_err(), "not a citizen identity number");
        assert!(
            check_person("34052419800101001X").is_ok(),
            "citizens pass too"
        );
        let wrong = format!(
            "{}{}",
            &valid[..17],
            if valid.ends_with('0') { '1' } else { '0' }
        );
        assert_eq!(check_person(&wrong).unwrap_err().code, Code::ChecksumFailed);
        let bad_province = format!("9{}", &valid[1..].replacen("11", "99", 1));
        assert!(check_person(&bad_province)
            .unwrap_err()
            .message
            .en
            .contains("province"));
        let bad_date = "91184019801301001";
        let bad_date = format!(
            "{bad_date}{}",
            char::from(check_char(bad_date.as_bytes()).unwrap())
        );
        assert!(check_person(&bad_date)
            .unwrap_err()
            .message
            .en
            .contains("birth date"));
        assert_eq!(
            check_person("9118401980010100").unwrap_err().code,
            Code::ChecksumFailed
        );
        assert_eq!(super::birth_date(&valid), Some(19800101));
    }

    #[test]
    fn birth_dates_after_the_release_fail() {
        let latest = 20261101;
        assert_eq!(super::birth_date("34052419800101001X"), Some(19800101));
        assert_eq!(super::birth_date("340524800101001"), Some(19800101));
        assert!(check_born_by("34052419800101001X", latest, "2026-11-01").is_ok());
        let born_on_release = format!(
            "11010520261101001{}",
            char::from(check_char(b"11010520261101001").unwrap())
        );
        assert!(check_born_by(&born_on_release, latest, "2026-11-01").is_ok());
        let later = format!(
            "11010520261102001{}",
            char::from(check_char(b"11010520261102001").unwrap())
        );
        assert!(check(&later).is_ok(), "the rule alone has fixed bounds");
        let v = check_born_by(&later, latest, "2026-11-01").unwrap_err();
        assert_eq!(v.code, Code::OutOfRange);
        assert!(v.message.en.contains("2026-11-01"), "{}", v.message.en);
    }

    #[test]
    fn worked_example_from_the_standard() {
        // The standard's worked example: 34052419800101001 → X.
        assert_eq!(check_char(b"34052419800101001"), Some(b'X'));
        assert!(check("34052419800101001X").is_ok());
    }

    #[test]
    fn other_valid_numbers() {
        // 11010519491231002 → X is the other commonly cited example.
        assert_eq!(check_char(b"11010519491231002"), Some(b'X'));
        assert!(check("11010519491231002X").is_ok());
        assert!(check("440524188001010014").is_ok());
    }

    #[test]
    fn wrong_check_character() {
        let v = check("340524198001010011").unwrap_err();
        assert_eq!(v.code, Code::ChecksumFailed);
        assert!(v.message.en.contains("gives X"), "{}", v.message.en);
    }

    #[test]
    fn lowercase_x_is_a_format_mismatch_with_the_fix() {
        let v = check("34052419800101001x").unwrap_err();
        assert_eq!(v.code, Code::FormatMismatch);
        assert!(v.message.en.contains("uppercase X"));
    }

    #[test]
    fn fifteen_digit_numbers() {
        assert!(check_15("340524800101001").is_ok());
        assert!(check_15("110105491231002").is_ok());
        for (bad, what) in [
            ("34052480010100", "15 digits"),
            ("34052480010100X", "15 digits"),
            ("990524800101001", "province"),
            ("340524800230001", "birth date"),
            ("340524801301001", "birth date"),
        ] {
            let v = check_15(bad).unwrap_err();
            assert_eq!(v.code, Code::ChecksumFailed, "{bad}");
            assert!(v.message.en.contains(what), "{bad}: {}", v.message.en);
        }
    }

    #[test]
    fn structure() {
        let v = check("34052419800101001").unwrap_err();
        assert_eq!(
            v.message.en,
            "a citizen identity number has 18 characters, found 17"
        );
        assert!(check("3405241980010100AX")
            .unwrap_err()
            .message
            .en
            .contains("character 17"));
        assert!(check("34052419800101001Y").is_err());
        assert!(check("３４0524198001010011").is_err());
        assert!(check("").is_err());
    }

    #[test]
    fn province_prefix() {
        // 99 is not a province; the checksum is made right so only the prefix fails.
        let body = b"99052419800101001";
        let c = char::from(check_char(body).unwrap());
        let v = check(&format!("99052419800101001{c}")).unwrap_err();
        assert!(v.message.en.contains("province"));
    }

    #[test]
    fn retired_county_codes_are_accepted() {
        // 340524, the address code of the standard's own example, is no longer in the
        // shipped GB/T 2260 list; the number must stay valid.
        assert!(!crate::rules::gb2260::contains("340524"));
        assert!(check("34052419800101001X").is_ok());
    }

    #[test]
    fn birth_date() {
        for body in [
            "11010519490230002",
            "11010518000101002",
            "11010521010101002",
        ] {
            let c = char::from(check_char(body.as_bytes()).unwrap());
            let v = check(&format!("{body}{c}")).unwrap_err();
            assert!(v.message.en.contains("birth date"), "{body}");
        }
        // 29 February in a leap year is real.
        let body = "11010520000229002";
        let c = char::from(check_char(body.as_bytes()).unwrap());
        assert!(check(&format!("{body}{c}")).is_ok());
    }
}
