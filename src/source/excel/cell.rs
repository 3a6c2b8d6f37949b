//! Cell values as text: how a spreadsheet cell reads to a data steward, with its kind.

use std::fmt::Write;

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};

use crate::source::CellKind;

/// A borrowed view of a calamine cell value, so owned (`Data`) and borrowed (`DataRef`)
/// cells share one renderer.
pub(crate) enum Value<'a> {
    Int(i64),
    Float(f64),
    Str(&'a str),
    Bool(bool),
    DateTime(&'a ExcelDateTime),
    DateTimeIso(&'a str),
    DurationIso(&'a str),
    Error(&'a CellErrorType),
    Empty,
}

impl<'a> From<&'a Data> for Value<'a> {
    fn from(d: &'a Data) -> Self {
        match d {
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::String(s) => Value::Str(s),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(dt) => Value::DateTime(dt),
            Data::DateTimeIso(s) => Value::DateTimeIso(s),
            Data::DurationIso(s) => Value::DurationIso(s),
            Data::Error(e) => Value::Error(e),
            Data::Empty => Value::Empty,
        }
    }
}

impl<'a> From<&'a DataRef<'_>> for Value<'a> {
    fn from(d: &'a DataRef<'_>) -> Self {
        match d {
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::String(s) => Value::Str(s),
            DataRef::SharedString(s) => Value::Str(s),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(dt) => Value::DateTime(dt),
            DataRef::DateTimeIso(s) => Value::DateTimeIso(s),
            DataRef::DurationIso(s) => Value::DurationIso(s),
            DataRef::Error(e) => Value::Error(e),
            DataRef::Empty => Value::Empty,
        }
    }
}

/// Numbers at or above this magnitude had more digits than the 15 Excel keeps when they
/// were typed (an 18-digit identity number becomes `110101199003078000`).
const LOST_DIGITS_FROM: f64 = 1e15;

/// Appends the text of `value` to `out` and returns its kind.
pub(crate) fn render(value: Value<'_>, out: &mut String) -> CellKind {
    match value {
        Value::Empty => CellKind::Empty,
        Value::Str(s) => {
            out.push_str(s);
            CellKind::Text
        }
        Value::Int(i) => {
            out.push_str(itoa::Buffer::new().format(i));
            CellKind::Number
        }
        Value::Float(f) => render_float(f, out),
        Value::Bool(b) => {
            out.push_str(if b { "TRUE" } else { "FALSE" });
            CellKind::Bool
        }
        Value::Error(e) => {
            let _ = write!(out, "{e}");
            CellKind::Error
        }
        Value::DateTimeIso(s) => {
            out.push_str(s);
            CellKind::Date
        }
        // A duration is not a date: keep its ISO 8601 form as text.
        Value::DurationIso(s) => {
            out.push_str(s);
            CellKind::Text
        }
        Value::DateTime(dt) => render_datetime(dt, out),
    }
}

/// Renders a number as Excel shows it in a general cell, never with an exponent.
pub(crate) fn render_float(f: f64, out: &mut String) -> CellKind {
    if !f.is_finite() {
        let _ = write!(out, "{f}");
        return CellKind::Number;
    }
    if f.fract() == 0.0 && f.abs() < LOST_DIGITS_FROM {
        // Below 1e15 every integral f64 is exact and fits an i64: the common case (codes,
        // counts, amounts) needs no rounding.
        out.push_str(itoa::Buffer::new().format(f as i64));
        return CellKind::Number;
    }
    // Excel computes in binary and shows 15 significant digits: 0.1+0.2 is shown as 0.3,
    // not 0.30000000000000004, and 110101199003077777 as 110101199003078000.
    let shown = format!("{f:.14e}").parse::<f64>().unwrap_or(f);
    if f.abs() >= LOST_DIGITS_FROM {
        // The 15 digits Excel shows, then zeros: `{shown:.0}` would print the nearest
        // binary value (…123008), which Excel never shows.
        write_15_digits(f, out);
        return CellKind::NumberLostDigits;
    }
    if shown.fract() == 0.0 {
        // 14.999999999999998 is shown as 15.
        let _ = write!(out, "{}", shown as i64);
        return CellKind::Number;
    }
    // Rust prints the shortest text that reads back as the same number, never an exponent.
    let _ = write!(out, "{shown}");
    CellKind::Number
}

/// Writes an integral number of at least 1e15 as its 15 significant digits followed by
/// zeros (`9.13501027000123e17` as `913501027000123000`).
fn write_15_digits(f: f64, out: &mut String) {
    let sci = format!("{f:.14e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        let _ = write!(out, "{f:.0}");
        return;
    };
    let Ok(exp) = exp.parse::<usize>() else {
        let _ = write!(out, "{f:.0}");
        return;
    };
    let start = out.len();
    out.extend(mantissa.chars().filter(|c| *c == '-' || c.is_ascii_digit()));
    let digits = out.len() - start - usize::from(f < 0.0);
    // exp + 1 digits in all; at most 309 for a finite f64.
    for _ in digits..=exp {
        out.push('0');
    }
}

fn render_datetime(dt: &ExcelDateTime, out: &mut String) -> CellKind {
    let serial = dt.as_f64();
    if dt.is_duration() {
        // ISO 8601 duration; sub-second parts are dropped like Excel's [h]:mm:ss.
        let total = (serial * 86_400.0).round();
        if !total.is_finite() || total.abs() > 1e15 {
            return render_float(serial, out);
        }
        let total = total as i64;
        let sign = if total < 0 { "-" } else { "" };
        let t = total.unsigned_abs();
        let _ = write!(out, "{sign}PT{}H{}M{}S", t / 3600, (t / 60) % 60, t % 60);
        return CellKind::Text;
    }
    if !(0.0..2_958_466.0).contains(&serial) {
        // Outside Excel's date range the serial is not a date Excel could show.
        return render_float(serial, out);
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let has_time = h != 0 || mi != 0 || s != 0 || ms != 0;
    if serial < 1.0 {
        // A time of day without a date.
        let _ = write!(out, "{h:02}:{mi:02}:{s:02}");
    } else {
        let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
        if has_time {
            let _ = write!(out, "T{h:02}:{mi:02}:{s:02}");
        }
    }
    if ms != 0 {
        let _ = write!(out, ".{ms:03}");
    }
    CellKind::Date
}
