//! Mapping departmental fields to standard elements: mapping files (docs/spec.md §3),
//! suggestions from headers and contents (`map suggest`), and crosswalks between two
//! departments' mappings (`map crosswalk`).

mod accuracy;
mod assign;
mod candidates;
mod choose;
mod content;
mod crosswalk;
mod english;
mod export;
mod field;
mod file;
mod groups;
mod kinds;
mod pair;
mod pinyin;
mod rank;
mod render;
mod score;
mod scoring;
mod suggest;
#[cfg(test)]
pub(crate) mod test_support;

pub use accuracy::accuracy;
pub use choose::DatasetChoice;
pub use content::ValueMap;
pub(crate) use content::{has_thousands, CodeIndex, DATE_LAYOUTS};
pub use crosswalk::{crosswalk, Crosswalk, CrosswalkRow, Gap, ValueLink};
pub use export::{ContentChecker, ExportReader};
pub use file::{FieldMapping, MappingError, MappingFile};
pub use render::{
    render_crosswalk_csv, render_crosswalk_markdown, render_crosswalk_xlsx, render_csv,
    render_markdown, render_xlsx, render_yaml,
};
pub use suggest::{
    suggest, suggest_with_progress, Alternative, SourceColumn, SuggestOptions, SuggestedField,
    Suggestion,
};

/// How a column was matched to an element: the one enum of header matching, shared with
/// `resolve`.
pub use crate::resolve::MatchMethod as Method;
