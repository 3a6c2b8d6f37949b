//! Pinyin keys of element names: full pinyin (`xingbie`) and initials (`sfzhm`), the
//! spellings departmental systems use for column names.
//!
//! The `pinyin` crate gives each character its most common reading. Characters that
//! matter in element names and have another common reading there are listed in
//! `POLYPHONIC`; every combination of their readings is tried (capped).

use pinyin::ToPinyin;

/// Characters with more than one reading that occur in element names, with the readings
/// to try (the common one first).
const POLYPHONIC: &[(char, &[&str])] = &[
    ('行', &["xing", "hang"]),
    ('长', &["chang", "zhang"]),
    ('重', &["zhong", "chong"]),
    ('会', &["hui", "kuai"]),
    ('单', &["dan", "shan"]),
    ('校', &["xiao", "jiao"]),
    ('藏', &["cang", "zang"]),
    ('省', &["sheng", "xing"]),
    ('调', &["diao", "tiao"]),
    ('率', &["lv", "shuai"]),
    ('区', &["qu", "ou"]),
    ('识', &["shi", "zhi"]),
    ('参', &["can", "shen"]),
    ('属', &["shu", "zhu"]),
    ('解', &["jie", "xie"]),
    ('称', &["cheng", "chen"]),
    ('种', &["zhong"]),
    ('地', &["di"]),
    ('的', &["de", "di"]),
    ('曾', &["ceng", "zeng"]),
    ('朝', &["chao", "zhao"]),
    ('乐', &["le", "yue"]),
];

/// The most combinations of readings tried for one name.
const MAX_VARIANTS: usize = 16;

/// Pinyin spellings of a name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PinyinKeys {
    /// Full pinyin without tones, lowercase (`gongminshenfenhaoma`).
    pub full: Vec<String>,
    /// Initials, lowercase (`gmsfhm`).
    pub initials: Vec<String>,
}

/// The readings of one character; ASCII letters and digits stand for themselves,
/// anything else (punctuation) is skipped.
fn readings(c: char) -> Vec<String> {
    if let Some((_, r)) = POLYPHONIC.iter().find(|(p, _)| *p == c) {
        return r.iter().map(|s| (*s).to_string()).collect();
    }
    if let Some(p) = c.to_pinyin() {
        // `ü` is written `v` in column names.
        return vec![p.plain().replace('ü', "v")];
    }
    if c.is_ascii_alphanumeric() {
        return vec![c.to_ascii_lowercase().to_string()];
    }
    Vec::new()
}

/// Full pinyin and initials of a name. Names without any Chinese character give no keys:
/// their ASCII form is matched elsewhere.
pub(crate) fn keys(name: &str) -> PinyinKeys {
    if !name.chars().any(|c| c.to_pinyin().is_some()) {
        return PinyinKeys::default();
    }
    // Each variant is a list of syllables.
    let mut variants: Vec<Vec<String>> = vec![Vec::new()];
    for c in name.chars() {
        let r = readings(c);
        if r.is_empty() {
            continue;
        }
        let mut next = Vec::with_capacity(variants.len() * r.len());
        for (vi, v) in variants.iter().enumerate() {
            for (i, reading) in r.iter().enumerate() {
                // Another reading only while the variants left to extend still fit
                // under the cap; otherwise just the common reading.
                if i > 0 && next.len() + variants.len() - vi > MAX_VARIANTS {
                    break;
                }
                let mut v = v.clone();
                v.push(reading.clone());
                next.push(v);
            }
        }
        variants = next;
    }
    let mut out = PinyinKeys::default();
    for v in variants {
        let full = v.concat();
        let initials: String = v.iter().filter_map(|s| s.chars().next()).collect();
        if !out.full.contains(&full) {
            out.full.push(full);
        }
        if !out.initials.contains(&initials) {
            out.initials.push(initials);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_pinyin_and_initials() {
        let k = keys("性别");
        assert_eq!(k.full, vec!["xingbie"]);
        assert_eq!(k.initials, vec!["xb"]);
        let k = keys("公民身份号码");
        assert!(k.initials.contains(&"gmsfhm".to_string()));
        let k = keys("统一社会信用代码");
        assert!(k.initials.contains(&"tyshxydm".to_string()), "{k:?}");
    }

    #[test]
    fn polyphonic_characters_try_both_readings() {
        let k = keys("开户银行");
        assert!(k.full.contains(&"kaihuyinhang".to_string()), "{k:?}");
        let k = keys("行政区划代码");
        assert!(k.full.contains(&"xingzhengquhuadaima".to_string()), "{k:?}");
        assert!(k.initials.contains(&"xzqhdm".to_string()));
    }

    #[test]
    fn ascii_names_give_no_keys() {
        assert_eq!(keys("email"), PinyinKeys::default());
    }

    #[test]
    fn variants_are_capped() {
        let k = keys("行行行行行行行行行行");
        assert!(k.full.len() <= MAX_VARIANTS, "{}", k.full.len());
        assert!(k.full.contains(&"xing".repeat(10)));
    }
}
