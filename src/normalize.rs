//! Normalisation of header text for matching: departments write the same header with
//! full-width letters, stray spaces, ideographic spaces, a byte-order mark or other case.

use unicode_normalization::UnicodeNormalization;

/// Characters that are invisible but are not `char::is_whitespace`: byte-order mark,
/// zero-width space/joiners, word joiner.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
    )
}

/// NFKC (full-width → half-width, compatibility forms folded), every white space removed
/// (U+3000 included), invisible characters and the BOM dropped, ASCII lowercased.
/// Non-ASCII letters keep their case: lowercasing them would fold distinctions that
/// Chinese headers do not have and other scripts need.
pub fn normalize(s: &str) -> String {
    s.nfkc()
        .filter(|&c| !c.is_whitespace() && !is_invisible(c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_space_case_and_bom() {
        assert_eq!(normalize("\u{feff}身份证号"), "身份证号");
        assert_eq!(normalize("ＳＦＺＨ"), "sfzh");
        assert_eq!(normalize(" 身份　证号 "), "身份证号");
        assert_eq!(
            normalize("Citizen Identity\tNumber"),
            "citizenidentitynumber"
        );
        assert_eq!(
            normalize("统一社会信用代码（必填）"),
            "统一社会信用代码(必填)"
        );
        assert_eq!(normalize("a\u{200b}b"), "ab");
        assert_eq!(normalize(""), "");
    }
}
