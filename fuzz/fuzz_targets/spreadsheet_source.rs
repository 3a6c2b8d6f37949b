//! Any bytes as a workbook (xlsx, xls, ods, …, chosen by content as `validate` does):
//! read every row.
#![no_main]

use std::io::Write;

use govdict::source::{open, OpenOptions, Record};
use libfuzzer_sys::fuzz_target;

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // libFuzzer's hook aborts on every panic, also on one the reader catches and turns into
    // an error for the file (what a user sees): only the panics that escape count.
    QUIET.call_once(govdict::source::excel::quiet_worker_panics);
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
