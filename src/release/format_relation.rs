//! How two format notations relate as sets of values: is every value the old format
//! allows still allowed by the new one (wider), the other way round (narrower), both
//! (same), or neither (incomparable)?

use crate::dictionary::format::{CharClass, DateTemplate, DateToken, Format, Length};

/// The relation of a new format to an old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same set of values.
    Same,
    /// Every old value is still allowed, and more.
    Wider,
    /// Every new value was allowed before, but some old ones no longer are.
    Narrower,
    /// Each allows values the other does not.
    Incomparable,
}

/// Compares `new` with `old`. Where containment cannot be proven the answer errs towards
/// `Incomparable`, which the changelog treats as breaking.
pub fn format_relation(old: &Format, new: &Format) -> Relation {
    let widens = contains(new, old);
    let narrows = contains(old, new);
    match (widens, narrows) {
        (true, true) => Relation::Same,
        (true, false) => Relation::Wider,
        (false, true) => Relation::Narrower,
        (false, false) => Relation::Incomparable,
    }
}

/// Whether every value `inner` allows is allowed by `outer`.
fn contains(outer: &Format, inner: &Format) -> bool {
    match (outer, inner) {
        (
            Format::Chars {
                class: oc,
                length: ol,
            },
            Format::Chars {
                class: ic,
                length: il,
            },
        ) => class_contains(*oc, *ic) && length_contains(*ol, *il),
        (
            Format::Decimal {
                digits: od,
                scale: os,
            },
            Format::Decimal {
                digits: id,
                scale: is,
            },
        ) => length_contains(*od, *id) && os >= is,
        // A string of digits is a decimal without a fractional part.
        (Format::Decimal { digits, .. }, Format::Chars { class, length }) => {
            *class == CharClass::Numeric && length_contains(*digits, *length)
        }
        (Format::Chars { class, length }, Format::Decimal { digits, scale }) => {
            if *scale == 0 {
                class_contains(*class, CharClass::Numeric) && length_contains(*length, *digits)
            } else {
                // The point is one more character than the digits it separates.
                *class == CharClass::Any
                    && length.min() <= digits.min()
                    && length.max() >= digits.max().saturating_add(1)
            }
        }
        (Format::Date(a), Format::Date(b)) => a == b,
        (Format::Chars { class, length }, Format::Date(t)) => match fixed_shape(t) {
            Some((len, digits_only)) => {
                let class_ok = *class == CharClass::Any
                    || (digits_only && class_contains(*class, CharClass::Numeric));
                class_ok && length.allows(len)
            }
            None => false,
        },
        (Format::Date(_), _) | (Format::Decimal { .. }, Format::Date(_)) => false,
    }
}

fn class_contains(outer: CharClass, inner: CharClass) -> bool {
    use CharClass::*;
    outer == inner || outer == Any || (outer == AlphaNumeric && matches!(inner, Alpha | Numeric))
}

fn length_contains(outer: Length, inner: Length) -> bool {
    outer.min() <= inner.min() && outer.max() >= inner.max()
}

/// The fixed length of a template's values and whether they are all digits; `None` when
/// loose tokens (`M`, `D`) make the length vary.
fn fixed_shape(t: &DateTemplate) -> Option<(usize, bool)> {
    let mut len = 0usize;
    let mut digits_only = true;
    for token in &t.tokens {
        len += match token {
            DateToken::Year => 4,
            DateToken::Month
            | DateToken::Day
            | DateToken::Hour
            | DateToken::Minute
            | DateToken::Second => 2,
            DateToken::MonthLoose | DateToken::DayLoose => return None,
            DateToken::Literal(_) => {
                digits_only = false;
                1
            }
        };
    }
    Some((len, digits_only))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(old: &str, new: &str) -> Relation {
        let old = Format::parse(old).unwrap();
        let new = Format::parse(new).unwrap();
        format_relation(&old, &new)
    }

    #[test]
    fn same_formats() {
        assert_eq!(rel("an18", "an18"), Relation::Same);
        assert_eq!(rel("n5", "n5..5"), Relation::Same);
        assert_eq!(rel("n..12,2", "n..12,2"), Relation::Same);
        assert_eq!(rel("YYYYMMDD", "YYYYMMDD"), Relation::Same);
    }

    #[test]
    fn lengths() {
        assert_eq!(rel("c..100", "c..50"), Relation::Narrower);
        assert_eq!(rel("c..50", "c..100"), Relation::Wider);
        assert_eq!(rel("c18", "c..18"), Relation::Wider);
        assert_eq!(rel("c..18", "c18"), Relation::Narrower);
        assert_eq!(rel("n1..3", "n2..4"), Relation::Incomparable);
        assert_eq!(rel("an18", "an15"), Relation::Incomparable);
    }

    #[test]
    fn character_classes() {
        assert_eq!(rel("an18", "n18"), Relation::Narrower);
        assert_eq!(rel("n18", "an18"), Relation::Wider);
        assert_eq!(rel("a5", "an5"), Relation::Wider);
        assert_eq!(rel("an5", "c5"), Relation::Wider);
        assert_eq!(rel("a5", "n5"), Relation::Incomparable);
        // Wider characters but a shorter maximum: neither contains the other.
        assert_eq!(rel("n..100", "c..50"), Relation::Incomparable);
    }

    #[test]
    fn decimals() {
        assert_eq!(rel("n..12,2", "n..12,1"), Relation::Narrower);
        assert_eq!(rel("n..12,2", "n..12,4"), Relation::Wider);
        assert_eq!(rel("n..12,2", "n..14,2"), Relation::Wider);
        assert_eq!(rel("n..12,2", "n..10,4"), Relation::Incomparable);
        assert_eq!(rel("n..10", "n..12,2"), Relation::Wider);
        assert_eq!(rel("n..12,2", "n..10"), Relation::Narrower);
        assert_eq!(rel("n..12,2", "c..13"), Relation::Wider);
        assert_eq!(rel("n..12,2", "c..12"), Relation::Incomparable);
    }

    #[test]
    fn dates() {
        assert_eq!(rel("YYYYMMDD", "YYYY-MM-DD"), Relation::Incomparable);
        assert_eq!(rel("YYYYMMDD", "n8"), Relation::Wider);
        assert_eq!(rel("YYYY-MM-DD", "c10"), Relation::Wider);
        assert_eq!(rel("YYYY-MM-DD", "n10"), Relation::Incomparable);
        assert_eq!(rel("c10", "YYYY-MM-DD"), Relation::Narrower);
        assert_eq!(rel("YYYYMMDD", "n..12,2"), Relation::Incomparable);
    }
}
