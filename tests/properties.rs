//! Property tests: whatever bytes arrive, the readers answer with data or an error, never
//! a panic; masking is idempotent and reveals no more than its table allows.

use std::io::Write;
use std::path::{Path, PathBuf};

use govdict::source::csv::{from_reader, CsvOptions};
use govdict::source::{open, OpenOptions, Record, RowSource};
use proptest::prelude::*;

/// Reads every record of a CSV made of `bytes`.
fn read_csv(bytes: &[u8]) {
    let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
    if let Ok(mut source) = from_reader(reader, Path::new("p.csv"), &CsvOptions::default()) {
        let mut record = Record::default();
        while let Ok(true) = source.next_record(&mut record) {}
    }
}

/// Reads every row of a file made of `bytes`, the reader chosen by content.
fn read_file(bytes: &[u8], suffix: &str) {
    let mut file = tempfile::Builder::new()
        .suffix(suffix)
        .tempfile()
        .expect("temp file");
    file.write_all(bytes).expect("write");
    if let Ok(mut opened) = open(file.path(), &OpenOptions::default()) {
        let mut record = Record::default();
        while let Ok(true) = opened.source.next_record(&mut record) {}
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calamine");
    std::fs::read(path.join(name)).expect("fixture")
}

/// A real workbook with some bytes replaced: deep enough to reach the parsers.
fn damaged(original: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len();
    proptest::collection::vec((0..len, any::<u8>()), 1..16).prop_map(move |edits| {
        let mut bytes = original.clone();
        for (at, b) in edits {
            bytes[at] = b;
        }
        bytes
    })
}

proptest! {
    #[test]
    fn csv_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        read_csv(&bytes);
    }

    #[test]
    fn csv_like_text_never_panics(text in "[a-z0-9,;\t\"\r\n\u{feff}\u{4e00}-\u{4e10}]{0,512}") {
        read_csv(text.as_bytes());
    }

    #[test]
    fn dictionary_text_never_panics(text in "\\PC{0,512}") {
        let files = vec![(PathBuf::from("d.yaml"), text)];
        let _ = govdict::dictionary::load::load_files(files);
    }

    #[test]
    fn dictionary_like_yaml_never_panics(
        text in "(govdict: 1\n|id: [a-z.]{1,8}\n|version: [0-9.]{1,6}\n|elements:\n|  - \\{id: [A-Z0-9]{1,6}, name: [a-z]{1,4}, type: (string|integer|code|date), format: [anc.0-9YMD]{0,8}\\}\n|codelists:\n|include: \\[[a-z*./]{0,10}\\]\n){0,12}"
    ) {
        let files = vec![(PathBuf::from("d/dictionary.yaml"), text)];
        let _ = govdict::dictionary::load::load_files(files);
    }

    #[test]
    fn masking_is_idempotent_and_reveals_little(value in "\\PC{0,40}") {
        let masked = govdict::mask::mask(&value);
        prop_assert_eq!(govdict::mask::mask(&masked), masked.clone());
        let original: Vec<char> = value.chars().collect();
        let shown: Vec<char> = masked.chars().collect();
        prop_assert_eq!(original.len(), shown.len());
        // Each character is either hidden or the original one, and the shown ones are a
        // prefix and a suffix of at most 3 + 4 characters, never the whole value.
        let revealed: Vec<usize> = (0..shown.len())
            .filter(|&i| shown[i] != '*' || original[i] == '*')
            .collect();
        for &i in &revealed {
            prop_assert_eq!(shown[i], original[i]);
        }
        // A hidden position shows `*` (an original `*` there may be hidden or not: the
        // two look alike), so a non-empty value always shows at least one star.
        let stars = shown.iter().filter(|&&c| c == '*').count();
        if !original.is_empty() {
            prop_assert!(stars >= 1, "{value:?} → {masked:?}");
        }
        prop_assert!(revealed.len() <= 7 + original.iter().filter(|&&c| c == '*').count());
    }

    #[test]
    fn a_category_is_masked_whole(value in "\\PC{0,40}") {
        let masked = govdict::mask::mask_value(&value, true);
        prop_assert_eq!(masked.chars().count(), value.chars().count());
        prop_assert!(masked.chars().all(|c| c == '*'), "{value:?} → {masked:?}");
        prop_assert_eq!(govdict::mask::mask_value(&masked, true), masked.clone());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_bytes_as_a_workbook_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        read_file(&bytes, ".xlsx");
    }

    #[test]
    fn damaged_xlsx_never_panics(bytes in damaged(fixture("temperature.xlsx"))) {
        read_file(&bytes, ".xlsx");
    }

    #[test]
    fn damaged_xls_never_panics(bytes in damaged(fixture("date.xls"))) {
        read_file(&bytes, ".xls");
    }

    #[test]
    fn damaged_ods_never_panics(bytes in damaged(fixture("issues.ods"))) {
        read_file(&bytes, ".ods");
    }

    #[test]
    fn damaged_xlsb_never_panics(bytes in damaged(fixture("issue_419.xlsb"))) {
        read_file(&bytes, ".xlsb");
    }
}
