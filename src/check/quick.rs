//! The quick test of a column: what settles that most passing text cells pass before the
//! whole check runs.

use super::format::any_chars_fit;
use super::{value, CellCheck};
use crate::dictionary::format::{CharClass, Format, Length};
use crate::dictionary::{CodeValue, DataType};
use crate::source::CellKind;

/// A test that settles, in a few comparisons, that a text cell passes: most cells of most
/// columns do. A cell it does not settle takes the whole check, so it never changes a
/// result, only how soon a passing one is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quick {
    /// Every cell takes the whole check.
    None,
    /// A code of the element's list passes. Only chosen when every code of the list passed
    /// the whole check as the column was compiled: the check depends on nothing else.
    Listed,
    /// Text passes whose byte length settles that it has a count of characters the length
    /// allows (`None`: any count): a string element whose only check is a length in
    /// characters of any kind.
    Length(Option<Length>),
}

impl CellCheck {
    /// The quick test this column can use; `codes` are its list's values.
    pub(super) fn quick_test(&self, codes: Option<&[CodeValue]>) -> Quick {
        if let Some(codes) = codes {
            let every_code_passes = codes.iter().all(|c| {
                !c.code.is_empty()
                    && value::trim(&c.code) == c.code
                    && self.check_in_full(&c.code, CellKind::Text).is_none()
            });
            return if every_code_passes {
                Quick::Listed
            } else {
                Quick::None
            };
        }
        let only_a_length = matches!(self.data_type, DataType::String | DataType::Code)
            && self.rule.is_none()
            && self.pattern.is_none()
            && self.min.is_none()
            && self.max.is_none();
        match self.format {
            _ if !only_a_length => Quick::None,
            None => Quick::Length(None),
            Some(Format::Chars {
                class: CharClass::Any,
                length,
            }) => Quick::Length(Some(length)),
            Some(_) => Quick::None,
        }
    }

    /// Whether the quick test settles that the text cell `value` passes.
    #[inline]
    pub(crate) fn passes_at_once(&self, value: &str) -> bool {
        let v = value::trim(value);
        match self.quick {
            Quick::None => false,
            _ if v.is_empty() => false,
            Quick::Listed => self.codes.as_ref().is_some_and(|c| c.codes.contains(v)),
            Quick::Length(length) => length.is_none_or(|l| any_chars_fit(l, v.len())),
        }
    }
}
