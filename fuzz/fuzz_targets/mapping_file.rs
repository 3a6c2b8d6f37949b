//! Any text as a mapping file.
#![no_main]

use govdict::mapping::MappingFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = MappingFile::from_yaml(&text);
});
