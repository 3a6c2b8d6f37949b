//! Any text as a one-file dictionary: load and check it.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = govdict::dictionary::load::load_files(vec![(PathBuf::from("dictionary.yaml"), text)]);
});
