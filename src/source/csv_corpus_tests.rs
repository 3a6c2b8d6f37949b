//! The CSV reader on the corpora copied into `tests/fixtures/`: csv-spectrum's expected
//! parses, messytables' real-world files and csvlint's scenarios.

use super::csv::{open, CsvOptions};
use super::csv_tests::{drain, fixture, read_fixture, read_fixture_with, strings};
use super::encoding;
use super::{CellIssue, RowSource};
use crate::finding::Code;

// ---------------------------------------------------------------- csv-spectrum

#[test]
fn csv_spectrum_parses_to_its_expected_json() {
    let dir = fixture("csv-spectrum/csvs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let r = drain(open(&path, &CsvOptions::default()).expect("open"));
        let header = &r.rows[0];
        let got: Vec<serde_json::Value> = r.rows[1..]
            .iter()
            .map(|row| {
                let map: serde_json::Map<String, serde_json::Value> = header
                    .iter()
                    .zip(row)
                    .map(|(h, v)| (h.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                serde_json::Value::Object(map)
            })
            .collect();
        let json_path = fixture(&format!("csv-spectrum/json/{name}.json"));
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(json_path).expect("json")).expect("parse");
        assert_eq!(serde_json::Value::Array(got), expected, "{name}");
        assert!(r.issues.is_empty() && r.notices.is_empty(), "{name}");
        seen += 1;
    }
    assert_eq!(seen, 11);
}

// ---------------------------------------------------------------- messytables

#[test]
fn messytables_text_files_read_without_errors() {
    for entry in std::fs::read_dir(fixture("messytables")).expect("dir") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "tsv" | "psv" | "ssv" | "unknown") {
            continue;
        }
        let r = drain(open(&path, &CsvOptions::default()).expect("open"));
        assert!(r.notices.is_empty(), "{}: {:?}", path.display(), r.notices);
    }
}

#[test]
fn messytables_delimiters_and_shapes() {
    let psv = read_fixture("messytables/simple.psv");
    assert_eq!(psv.source.delimiter(), b'|');
    assert_eq!(psv.rows.len(), 29);
    assert!(psv.rows.iter().all(|r| r.len() == 6));
    assert_eq!(psv.rows[0][0], "Year");

    let ssv = read_fixture("messytables/simple.ssv");
    assert_eq!(ssv.source.delimiter(), b';');
    assert_eq!(ssv.rows.len(), 7);
    assert!(ssv.rows.iter().all(|r| r.len() == 3));

    let tsv = read_fixture("messytables/example.tsv");
    assert_eq!(tsv.source.delimiter(), b'\t');
    assert_eq!(tsv.rows.len(), 141);
    assert!(tsv.rows.iter().all(|r| r.len() == 17));
    assert_eq!(tsv.rows[0][0], "hour");

    let csv = read_fixture("messytables/simple.csv");
    assert_eq!(csv.source.delimiter(), b',');
    assert_eq!(csv.rows[0], vec!["date", "temperature", "place"]);

    let long = read_fixture("messytables/long.csv");
    // 4,000 lines of `foo` without a final newline.
    assert_eq!(long.rows.len(), 4000);

    let small = read_fixture("messytables/small.csv");
    assert_eq!(small.rows, strings(&[&["a"]]));

    let empty = read_fixture("messytables/simple.unknown");
    assert!(empty.rows.is_empty());
}

#[test]
fn messytables_bom_and_utf16() {
    let bom = read_fixture("messytables/utf8bom.csv");
    assert_eq!(bom.rows[0][0], "kitten");

    let utf16 = read_fixture("messytables/utf-16le_encoded.csv");
    assert_eq!(utf16.source.info().encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(utf16.rows.len(), 328);
    assert_eq!(utf16.rows[0][1], "Organisation_name");
    assert!(utf16.issues.is_empty());
}

/// Big5 (Traditional Chinese) bytes are also valid GB18030, but read that way they land in
/// GB18030's Private Use Area, which gives them away: detection picks Big5. `--encoding`
/// still decides when given.
#[test]
fn messytables_big5_is_detected_not_garbled_as_gb18030() {
    let detected = read_fixture("messytables/characters.csv");
    assert_eq!(detected.source.info().encoding.as_deref(), Some("Big5"));
    assert_eq!(detected.rows[1][2], "雲嘉南濱海國家風景區管理處");

    let forced_gb = read_fixture_with(
        "messytables/characters.csv",
        &CsvOptions {
            encoding: Some(encoding::for_label("gb18030").expect("label")),
            ..CsvOptions::default()
        },
    );
    assert_eq!(forced_gb.source.info().encoding.as_deref(), Some("GB18030"));

    let options = CsvOptions {
        encoding: Some(encoding::for_label("big5").expect("label")),
        ..CsvOptions::default()
    };
    let big5 = read_fixture_with("messytables/characters.csv", &options);
    assert_eq!(big5.source.info().encoding.as_deref(), Some("Big5"));
    // The header and 382 data rows.
    assert_eq!(big5.rows.len(), 383);
    assert_eq!(big5.rows[1][2], "雲嘉南濱海國家風景區管理處");
    assert!(big5.issues.is_empty());
}

/// A Latin-1 file that is neither UTF-8 nor GB18030 is read as UTF-8: its accented letters
/// become U+FFFD with encoding errors (the steward learns the file is in an unexpected
/// encoding), and `--encoding latin1` reads it right.
#[test]
fn messytables_latin1_is_flagged_unless_named() {
    let guessed = read_fixture("messytables/spanish_chars.csv");
    assert_eq!(guessed.source.info().encoding.as_deref(), Some("UTF-8"));
    assert_eq!(guessed.rows[0][7], "Descripci\u{FFFD}n");
    assert!(guessed.issues.contains(&(0, 7, CellIssue::InvalidBytes)));

    let options = CsvOptions {
        encoding: Some(encoding::for_label("latin1").expect("label")),
        ..CsvOptions::default()
    };
    let latin1 = read_fixture_with("messytables/spanish_chars.csv", &options);
    assert_eq!(latin1.rows[0][7], "Descripción");
    assert!(latin1.issues.is_empty());
    assert_eq!(latin1.rows.len(), guessed.rows.len());
}

// ---------------------------------------------------------------- csvlint

#[test]
fn csvlint_scenarios_read_without_errors() {
    for dir in ["csvlint/scenarios", "csvlint/fixtures"] {
        for entry in std::fs::read_dir(fixture(dir)).expect("dir") {
            let path = entry.expect("entry").path();
            let source = open(&path, &CsvOptions::default()).expect("open");
            let r = drain(source);
            assert!(r.source.info().encoding.is_some(), "{}", path.display());
        }
    }
}

#[test]
fn csvlint_unclosed_quote() {
    for name in [
        "validation_errors__02_csv-with-incorrect-quoting.csv",
        "csvupload__07_csv-with-incorrect-quoting.csv",
    ] {
        let r = read_fixture(&format!("csvlint/scenarios/{name}"));
        let codes: Vec<_> = r.notices.iter().map(|n| (n.code, n.row)).collect();
        assert_eq!(codes, vec![(Code::UnterminatedQuote, Some(2))], "{name}");
        assert_eq!(r.rows[1], vec!["Foo", "Bar", "Baz"]);
    }
}

#[test]
fn csvlint_ragged_and_blank_rows() {
    let ragged = read_fixture("csvlint/scenarios/validation_errors__01_csv-with-ragged-rows.csv");
    let lens: Vec<_> = ragged.rows.iter().map(Vec::len).collect();
    assert_eq!(lens, vec![3, 3, 2]);
    assert_eq!(ragged.places[2].0, 3);

    let blank = read_fixture(
        "csvlint/scenarios/validation_errors__04_successfully-report-a-csv-with-blank-rows.csv",
    );
    assert_eq!(blank.rows[2], vec!["", "", ""]);
    assert_eq!(blank.places[2].0, 3);

    let trailing = read_fixture(
        "csvlint/scenarios/validation_errors__05_successfully-report-a-csv-with-multiple-trailing-e.csv",
    );
    assert_eq!(trailing.rows.len(), 4);
    assert!(trailing.rows[3].is_empty());

    let empty_row = read_fixture(
        "csvlint/scenarios/validation_errors__06_successfully-report-a-csv-with-an-empty-row.csv",
    );
    assert!(empty_row.rows[2].is_empty());
    assert_eq!(empty_row.rows[3], vec!["Foo", "Bar", "Baz"]);
}

#[test]
fn csvlint_line_ending_fixtures() {
    for name in [
        "lf-line-endings.csv",
        "crlf-line-endings.csv",
        "cr-line-endings.csv",
        "inconsistent-line-endings.csv",
        "inconsistent-line-endings-unquoted.csv",
    ] {
        let r = read_fixture(&format!("csvlint/fixtures/{name}"));
        assert!(r.rows.len() >= 3, "{name}: {:?}", r.rows);
        let width = r.rows[0].len();
        assert!(width > 1, "{name}");
        assert!(
            r.rows.iter().all(|row| row.len() == width),
            "{name}: {:?}",
            r.rows
        );
        assert!(
            r.rows.iter().flatten().all(|c| !c.contains(['\r', '\n'])),
            "{name}"
        );
    }
}

#[test]
fn csvlint_invalid_bytes_and_spreadsheets() {
    // These Latin-1 bytes decode cleanly as GB18030, into Chinese nonsense; detection sees
    // the lone high bytes of single-byte text and reads UTF-8, so they are encoding errors
    // (as csvlint reports them).
    let guessed = read_fixture("csvlint/fixtures/invalid-byte-sequence.csv");
    assert_eq!(guessed.source.info().encoding.as_deref(), Some("UTF-8"));
    assert!(guessed
        .issues
        .iter()
        .any(|(_, _, issue)| *issue == CellIssue::InvalidBytes));
    let options = CsvOptions {
        encoding: Some(encoding_rs::UTF_8),
        ..CsvOptions::default()
    };
    let bad = read_fixture_with("csvlint/fixtures/invalid-byte-sequence.csv", &options);
    assert!(bad
        .issues
        .iter()
        .any(|(_, _, issue)| *issue == CellIssue::InvalidBytes));

    let xls = read_fixture("csvlint/fixtures/spreadsheet.xls");
    assert!(xls.notices.iter().any(|n| n.code == Code::SuspiciousFormat));
    assert!(xls
        .issues
        .iter()
        .any(|(_, _, issue)| *issue == CellIssue::InvalidBytes));
}
