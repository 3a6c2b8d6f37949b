//! Mapping departmental fields to standard elements: mapping files (spec §3),
//! suggestions from headers and contents (`map suggest`), and crosswalks between two
//! departments' mappings (`map crosswalk`).

mod accuracy;
mod assign;
mod content;
mod crosswalk;
mod export;
mod file;
mod pinyin;
mod render;
mod score;
mod suggest;
#[cfg(test)]
pub(crate) mod test_support;

pub use accuracy::accuracy;
pub use content::ValueMap;
pub(crate) use content::{has_thousands, CodeIndex, DATE_LAYOUTS};
pub use crosswalk::{crosswalk, Crosswalk, CrosswalkRow, Gap, ValueLink};
pub use export::{ContentChecker, ExportReader};
pub use file::{FieldMapping, MappingError, MappingFile};
pub use render::{
    render_crosswalk_csv, render_crosswalk_markdown, render_crosswalk_xlsx, render_csv,
    render_markdown, render_xlsx, render_yaml,
};
pub use suggest::{suggest, Alternative, SourceColumn, SuggestOptions, SuggestedField, Suggestion};

/// How a column was matched to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The element's id (`DE00001`).
    Id,
    /// The element's Chinese name, exactly.
    Name,
    /// The element's identifier (`GMSFHM`).
    Identifier,
    /// The element's English name.
    NameEn,
    /// A synonym (同义名称).
    Synonym,
    /// The name after normalisation (width, spaces, case, a unit in brackets).
    Normalized,
    /// Full pinyin of the name or a synonym (`xingbie`).
    Pinyin,
    /// Pinyin initials (`sfzh`, `TYSHXYDM`).
    PinyinInitials,
    /// A similar name (`成立时间` ~ `成立日期`).
    Fuzzy,
    /// The values alone.
    Content,
    /// Made by a person.
    Manual,
}

impl Method {
    pub const ALL: [Method; 11] = [
        Method::Id,
        Method::Name,
        Method::Identifier,
        Method::NameEn,
        Method::Synonym,
        Method::Normalized,
        Method::Pinyin,
        Method::PinyinInitials,
        Method::Fuzzy,
        Method::Content,
        Method::Manual,
    ];

    /// The name used in mapping files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Id => "id",
            Method::Name => "name",
            Method::Identifier => "identifier",
            Method::NameEn => "name_en",
            Method::Synonym => "synonym",
            Method::Normalized => "normalized",
            Method::Pinyin => "pinyin",
            Method::PinyinInitials => "pinyin-initials",
            Method::Fuzzy => "fuzzy",
            Method::Content => "content",
            Method::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }
}
