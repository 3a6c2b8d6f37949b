//! Spreadsheet formula injection: a cell that a spreadsheet would run as a formula must
//! not reach a CSV or XLSX file as it is. Every table writer passes its cells through
//! `neutralize`, the one place that decides.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula, or that Excel skips
/// before one (tab, carriage return): the OWASP list for CSV injection.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell starting with a trigger gets a leading `'`, which spreadsheets show as text. A
/// number of a numeric element (`-12.5`, `+3`) is data, not a formula, and is written as
/// it is so that the value still passes its element.
pub fn neutralize(value: &str, numeric: bool) -> Cow<'_, str> {
    let risky = value.starts_with(TRIGGERS);
    if !risky || (numeric && is_signed_number(value)) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(format!("'{value}"))
    }
}

/// `neutralize` for a cell of text, owned.
pub fn neutralize_text(value: String) -> String {
    match neutralize(&value, false) {
        Cow::Borrowed(_) => value,
        Cow::Owned(safe) => safe,
    }
}

fn is_signed_number(v: &str) -> bool {
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_numbers_are_not() {
        assert_eq!(neutralize("=SUM(A1)", false), "'=SUM(A1)");
        assert_eq!(neutralize("@cmd", true), "'@cmd");
        assert_eq!(neutralize("+86 138", false), "'+86 138");
        assert_eq!(neutralize("-12.5", true), "-12.5");
        assert_eq!(neutralize("-12.5", false), "'-12.5");
        assert_eq!(neutralize("-1+1", true), "'-1+1");
        assert_eq!(neutralize("-", true), "'-");
        assert_eq!(neutralize("张三", false), "张三");
    }

    #[test]
    fn tab_and_carriage_return_prefixes_are_neutralised() {
        assert_eq!(neutralize("\t=1+1", false), "'\t=1+1");
        assert_eq!(neutralize("\r=1+1", true), "'\r=1+1");
        assert_eq!(neutralize_text("\tcmd".to_owned()), "'\tcmd");
        assert_eq!(neutralize_text("a\t=1".to_owned()), "a\t=1");
    }
}
