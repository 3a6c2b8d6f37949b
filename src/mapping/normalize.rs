//! Header normalisation for matching: NFKC (which also folds full-width forms to
//! half-width), white space (U+3000 included) removed, lowercase. A minimal private
//! version until the shared header normaliser is available; the rules are the same.

use unicode_normalization::UnicodeNormalization;

/// The normalised form of a header or name.
pub(crate) fn normalize(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a trailing unit in brackets off a normalised header: `注册资本(万元)` →
/// (`注册资本`, `万元`). Brackets are half-width after NFKC; `[]` and `【】` are accepted
/// too. A header that is nothing but a bracket keeps its text.
pub(crate) fn split_unit(normalized: &str) -> (&str, Option<&str>) {
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(body) = normalized.strip_suffix(close) {
            if let Some(pos) = body.rfind(open) {
                let base = &body[..pos];
                let unit = &body[pos + open.len_utf8()..];
                if !base.is_empty() && !unit.is_empty() {
                    return (base, Some(unit));
                }
            }
        }
    }
    (normalized, None)
}

/// Only ASCII letters and digits, lowercase: how pinyin headers are compared
/// (`xing_bie`, `SFZHM`, `sfz-hm`).
pub(crate) fn ascii_key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_space_and_case() {
        assert_eq!(normalize("ＳＦＺＨ　号"), "sfzh号");
        assert_eq!(normalize(" Name En "), "nameen");
        assert_eq!(normalize("注册资本（万元）"), "注册资本(万元)");
    }

    #[test]
    fn splits_units() {
        assert_eq!(split_unit("注册资本(万元)"), ("注册资本", Some("万元")));
        assert_eq!(split_unit("金额【元】"), ("金额", Some("元")));
        assert_eq!(split_unit("(元)"), ("(元)", None));
        assert_eq!(split_unit("名称"), ("名称", None));
    }

    #[test]
    fn ascii_key_keeps_letters_and_digits() {
        assert_eq!(ascii_key("Xing_Bie-1"), "xingbie1");
    }
}
