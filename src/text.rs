//! Bilingual user-facing text. The dictionary carries Chinese and English names, and so
//! do our messages: every message is built once in both languages and a renderer picks one.

use serde::Serialize;

/// The language messages are rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the language from a `LANG`/`LC_ALL` style value: `zh*` is Chinese, anything
    /// else English. Unset means Chinese, the dictionary's first language.
    pub fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(v) if !v.is_empty() && !v.to_ascii_lowercase().starts_with("zh") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

/// A count in `lang`: English `1 file`, `2 files`; Chinese puts its measure word in the
/// message, so the number alone.
pub fn count(lang: Lang, n: u64, one: &str, many: &str) -> String {
    match lang {
        Lang::Zh => n.to_string(),
        Lang::En if n == 1 => format!("1 {one}"),
        Lang::En => format!("{n} {many}"),
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}
