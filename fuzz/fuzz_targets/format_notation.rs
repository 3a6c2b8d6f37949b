//! Any text as a format notation (`an..20`, `YYYYMMDD`, …), and a value checked against
//! the date templates it parses to.
#![no_main]

use govdict::dictionary::format::{DateTemplate, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (notation, value) = text.split_once('\n').unwrap_or((&text, ""));
    let _ = Format::parse(notation);
    if let Some(template) = DateTemplate::parse(notation) {
        if let Some(parts) = template.match_value(value) {
            let mut out = String::new();
            template.render(&parts, &mut out);
        }
    }
});
