//! Any bytes as a CSV export: read every record; errors are fine, panics and blow-ups not.
#![no_main]

use std::path::Path;

use govdict::source::csv::{from_reader, CsvOptions};
use govdict::source::{Record, RowSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    let Ok(mut source) = from_reader(reader, Path::new("fuzz.csv"), &CsvOptions::default()) else {
        return;
    };
    let mut record = Record::default();
    while let Ok(true) = source.next_record(&mut record) {}
    let _ = source.take_notices();
});
