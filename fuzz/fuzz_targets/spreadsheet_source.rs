//! Any bytes as a workbook (xlsx, xls, ods, …, chosen by content as `validate` does):
//! read every row.
#![no_main]

use std::io::Write;

use govdict::source::{open, OpenOptions, Record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // calamine reads workbooks from files.
    let Ok(mut file) = tempfile::Builder::new().suffix(".xlsx").tempfile() else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    let Ok(mut opened) = open(file.path(), &OpenOptions::default()) else {
        return;
    };
    let mut record = Record::default();
    while let Ok(true) = opened.source.next_record(&mut record) {}
});
