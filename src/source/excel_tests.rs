//! Tests of the spreadsheet reader over the calamine and messytables workbooks and over
//! generated hostile files.

use std::path::{Path, PathBuf};

use super::*;
use crate::finding::Code;
use crate::source::detect::detect;
use crate::source::CellKind;

fn fixture(corpus: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(corpus)
        .join(name)
}

/// Everything a source gave: rows as (row number, cells), notices, info.
#[derive(Debug)]
struct Read {
    info: SourceInfo,
    rows: Vec<(u64, Vec<(String, CellKind)>)>,
    notices: Vec<SourceNotice>,
}

impl Read {
    fn cell(&self, row: u64, col: usize) -> Option<(&str, CellKind)> {
        let (_, cells) = self.rows.iter().find(|(r, _)| *r == row)?;
        cells.get(col).map(|(t, k)| (t.as_str(), *k))
    }
}

fn read_with(path: &Path, options: &ExcelOptions) -> Result<Read, SourceError> {
    let kind = detect(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut source = open(path, kind, options)?;
    let mut record = Record::default();
    let mut rows = Vec::new();
    let mut notices = source.take_notices();
    while source.next_record(&mut record)? {
        let cells = (0..record.len())
            .map(|i| (record.get(i).unwrap_or("?").to_owned(), record.kind(i)))
            .collect();
        rows.push((record.row, cells));
        notices.extend(source.take_notices());
    }
    Ok(Read {
        info: source.info().clone(),
        rows,
        notices,
    })
}

fn read(path: &Path) -> Result<Read, SourceError> {
    read_with(path, &ExcelOptions::default())
}

fn options_default() -> ExcelOptions {
    ExcelOptions::default()
}

/// The kind of failure a test expects.
fn error_class(e: &SourceError) -> &'static str {
    match e {
        SourceError::Encrypted { .. } => "encrypted",
        SourceError::TooLarge { .. } => "too-large",
        SourceError::UnknownFormat { .. } => "unknown-format",
        SourceError::UnknownSheet { .. } => "unknown-sheet",
        SourceError::Unreadable { .. } => "unreadable",
        SourceError::Io { .. } => "io",
    }
}

/// Every workbook of the calamine test suite ends in rows or the error its index expects.
#[test]
fn calamine_corpus_reads_or_fails_as_indexed() {
    let dir = fixture("calamine", "");
    let mut index = csv::Reader::from_path(dir.join("index.csv")).expect("index.csv");
    let mut checked = 0;
    for row in index.records() {
        let row = row.expect("index row");
        let (file, format, outcome) = (&row[0], &row[1], &row[3]);
        if !matches!(format, "xls" | "xlsx" | "xlsm" | "xlsb" | "ods") {
            continue;
        }
        let path = dir.join(file);
        let kind = detect(&path).expect("detect");
        // Where the content says otherwise than the upstream format column.
        let expected_kind = match file {
            "too_small.xls" => "csv", // a 68-byte text message, not an OLE file
            "pass_protected.xlsx" | "pass_protected.xlsb" => "encrypted",
            _ => format,
        };
        assert_eq!(kind.as_str(), expected_kind, "{file}: detected kind");
        let result = read(&path);
        let expected: Option<&str> = match (file, outcome) {
            // An encrypted OLE container, an encrypted zip, a FILEPASS record.
            (_, o) if o.contains("Password") => Some("encrypted"),
            (_, o) if o.contains("Cell limit") => Some("too-large"),
            (_, o) if o.contains("Cfb") && kind == FileKind::Xls => Some("unreadable"),
            ("too_small.xls", _) => Some("unknown-format"),
            // Upstream only opens it with the wrong reader; one of its parts fails its CRC.
            ("issue252.xlsx", _) => Some("unreadable"),
            (_, "opens") => None,
            (f, o) => panic!("{f}: outcome {o} not covered"),
        };
        match (expected, result) {
            (None, Ok(r)) => assert_eq!(r.info.format, kind.as_str(), "{file}"),
            (None, Err(e)) => panic!("{file}: expected rows, got {e}"),
            (Some(class), Ok(_)) => panic!("{file}: expected {class}, got rows"),
            (Some(class), Err(e)) => assert_eq!(error_class(&e), class, "{file}: {e}"),
        }
        checked += 1;
    }
    assert!(checked >= 120, "only {checked} workbooks checked");
}

/// The spreadsheets of messytables' horror folder.
#[test]
fn messytables_spreadsheets_read_as_listed() {
    let dir = fixture("messytables", "");
    let mut index = csv::Reader::from_path(dir.join("spreadsheets.csv")).expect("index");
    let mut checked = 0;
    for row in index.records() {
        let row = row.expect("index row");
        let (file, kind, outcome) = (&row[0], &row[1], &row[2]);
        let path = dir.join(file);
        assert_eq!(detect(&path).expect("detect").as_str(), kind, "{file}");
        match (outcome.split_once(':'), read(&path)) {
            (Some(("rows", n)), Ok(r)) => {
                // The index counts rows with values; empty rows between them are records
                // without cells.
                let filled = r.rows.iter().filter(|(_, cells)| !cells.is_empty()).count();
                assert_eq!(filled.to_string(), n, "{file}: rows");
                // Row numbers follow each other: every record is one spreadsheet row.
                assert!(
                    r.rows.windows(2).all(|w| w[0].0 + 1 == w[1].0),
                    "{file}: order"
                );
            }
            (Some(("error", class)), Err(e)) => assert_eq!(error_class(&e), class, "{file}"),
            (o, Ok(_)) => panic!("{file}: expected {o:?}, got rows"),
            (o, Err(e)) => panic!("{file}: expected {o:?}, got {e}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 15);
}

#[test]
fn simple_xlsx_reads_header_and_values() {
    let r = read(&fixture("messytables", "simple.xlsx")).expect("read");
    assert_eq!(r.info.sheet.as_deref(), Some("simple.csv"));
    assert_eq!(r.info.encoding, None);
    assert_eq!(r.cell(1, 0), Some(("date", CellKind::Text)));
    assert_eq!(r.cell(1, 2), Some(("place", CellKind::Text)));
    assert_eq!(r.rows.first().map(|(n, _)| *n), Some(1));
}

#[test]
fn dates_of_both_epochs_are_iso_dates() {
    for file in [
        "date.xlsx",
        "date_1904.xlsx",
        "date.xls",
        "date_1904.xls",
        "date.xlsb",
    ] {
        let r = read(&fixture("calamine", file)).expect(file);
        assert_eq!(r.cell(1, 0), Some(("2021-01-01", CellKind::Date)), "{file}");
    }
    // A3 is a duration of 10.6320601851852 days (255:10:10 as [h]:mm:ss).
    let r = read(&fixture("calamine", "date.xlsx")).expect("date.xlsx");
    assert_eq!(r.cell(3, 0), Some(("PT255H10M10S", CellKind::Text)));
    let r = read(&fixture("calamine", "date_iso.xlsx")).expect("date_iso.xlsx");
    assert_eq!(r.cell(1, 0), Some(("2021-01-01", CellKind::Date)));
}

#[test]
fn error_cells_keep_their_text() {
    let r = read(&fixture("calamine", "errors.xlsx")).expect("errors.xlsx");
    let texts: Vec<_> = (1..=7).filter_map(|row| r.cell(row, 0)).collect();
    let expected = [
        "#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A",
    ];
    assert_eq!(texts.len(), 7);
    for (text, kind) in texts {
        assert_eq!(kind, CellKind::Error);
        assert!(expected.contains(&text), "{text}");
    }
}

#[test]
fn escaped_carriage_returns_are_text() {
    for file in ["has_x000D_.xlsx", "has_x000D_inline.xlsx"] {
        let r = read(&fixture("calamine", file)).expect(file);
        assert_eq!(r.cell(1, 0), Some(("ABC\r\nDEF", CellKind::Text)), "{file}");
    }
}

#[test]
fn booleans_and_empty_strings() {
    let r = read(&fixture("calamine", "empty-string.xls")).expect("read");
    assert_eq!(r.cell(1, 0), Some(("", CellKind::Text)));
    assert_eq!(r.cell(1, 1), Some(("FALSE", CellKind::Bool)));
}

#[test]
fn merged_header_cells_are_filled() {
    for file in ["merge_cells.xlsx", "merge_cells.xls"] {
        let r = read(&fixture("calamine", file)).expect(file);
        assert_eq!(r.cell(1, 0), Some(("Row Merge", CellKind::Text)), "{file}");
        assert_eq!(r.cell(1, 1), Some(("Row Merge", CellKind::Text)), "{file}");
        assert_eq!(r.cell(1, 2), Some(("Not Merged", CellKind::Text)), "{file}");
    }
}

#[test]
fn rows_keep_spreadsheet_numbers_and_start_at_column_a() {
    // The table starts at B4.
    let r = read(&fixture("calamine", "temperature-in-middle.xlsx")).expect("read");
    let (row, cells) = r.rows.first().expect("a row");
    assert_eq!(*row, 4);
    assert_eq!(cells.first(), Some(&(String::new(), CellKind::Empty)));
    assert_eq!(r.cell(4, 1), Some(("label", CellKind::Text)));
}

#[test]
fn hidden_sheets_are_reported_not_read() {
    for file in [
        "any_sheets.xlsx",
        "any_sheets.xlsb",
        "any_sheets.xls",
        "any_sheets.ods",
    ] {
        let r = read(&fixture("calamine", file)).expect(file);
        assert_eq!(r.info.sheet.as_deref(), Some("Visible"), "{file}");
        assert!(!r.notices.is_empty(), "{file}");
        assert!(
            r.notices.iter().all(|n| n.code == Code::HiddenContent),
            "{file}: {:?}",
            r.notices
        );
        assert!(
            r.notices.iter().any(|n| n.message.en.contains("Hidden")),
            "{file}"
        );
    }
}

#[test]
fn sheets_are_chosen_by_name_or_position() {
    let path = fixture("calamine", "any_sheets.xlsx");
    let by_name = ExcelOptions {
        sheet: Some("Hidden".to_owned()),
        ..options_default()
    };
    let r = read_with(&path, &by_name).expect("by name");
    assert_eq!(r.info.sheet.as_deref(), Some("Hidden"));
    assert!(r
        .notices
        .iter()
        .any(|n| n.message.en.contains("the sheet read")));
    let by_position = ExcelOptions {
        sheet: Some("2".to_owned()),
        ..options_default()
    };
    let r = read_with(&path, &by_position).expect("by position");
    assert_eq!(r.info.sheet.as_deref(), Some("Hidden"));

    let unknown = ExcelOptions {
        sheet: Some("Nope".to_owned()),
        ..options_default()
    };
    match read_with(&path, &unknown) {
        Err(SourceError::UnknownSheet { name, sheets, .. }) => {
            assert_eq!(name, "Nope");
            assert!(sheets.iter().any(|s| s == "Visible"), "{sheets:?}");
        }
        other => panic!("expected UnknownSheet, got {other:?}"),
    }
}

#[test]
fn encrypted_workbooks_are_named_as_such() {
    for (corpus, file) in [
        ("calamine", "pass_protected.xlsx"),
        ("calamine", "pass_protected.xlsb"),
        ("calamine", "pass_protected.ods"),
        ("calamine", "issue_385.xls"),
        ("messytables", "encrypted_no_password.xls"),
    ] {
        match read(&fixture(corpus, file)) {
            Err(e @ SourceError::Encrypted { .. }) => {
                let text = e.to_string();
                assert!(text.contains("encrypted workbook") && text.contains("工作簿已加密"));
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn ods_repeated_rows_bomb_is_refused_before_expansion() {
    match read(&fixture("calamine", "issue_594_dos.ods")) {
        Err(SourceError::TooLarge { limit, .. }) => {
            assert_eq!(limit, options_default().max_dense_cells)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dropping_a_source_mid_sheet_stops_the_reader() {
    // More rows than the channel holds, so the worker is blocked when the source goes.
    let path = fixture("calamine", "shared_formula_bench.xlsx");
    let kind = detect(&path).expect("detect");
    let mut source = open(&path, kind, &options_default()).expect("open");
    let mut record = Record::default();
    assert!(source.next_record(&mut record).expect("row"));
    assert_eq!(record.row, 1);
    drop(source);
    // Opening again works: nothing was left locked or half-read.
    assert_eq!(read(&path).expect("read").rows.len(), 100);
}

#[test]
fn a_parser_panic_found_by_fuzzing_is_an_error_for_the_file() {
    // calamine 0.38 slices past a formula record of this workbook and panics.
    let path = fixture("fuzz", "xls-formula-panic.xls");
    match read_with(&path, &ExcelOptions::default()) {
        Err(SourceError::Unreadable { message, .. }) => {
            assert!(message.contains("parser panic"), "{message}");
        }
        other => panic!("expected Unreadable, got {other:?}"),
    }
}
