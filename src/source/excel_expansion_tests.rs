//! Workbooks built here that would expand far beyond their size: ods files are refused,
//! with what was too large, before calamine reads them; xlsx text repeated by shared
//! strings or merged regions is counted as it is rendered.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::*;

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An ods whose one sheet has a header row and then `rows` (table rows markup).
fn ods(dir: &Path, name: &str, rows: &str) -> PathBuf {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row>{}</table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        text_cell("a", "") + &text_cell("b", "")
    );
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (part, data, options) in [
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            stored,
        ),
        ("META-INF/manifest.xml", MANIFEST, deflated),
        ("content.xml", content.as_str(), deflated),
    ] {
        zip.start_file(part, options).expect("start");
        zip.write_all(data.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
    path
}

fn text_cell(text: &str, attributes: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"{attributes}><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn rows_read(path: &Path) -> Result<u64, SourceError> {
    rows_read_with(path, &ExcelOptions::default())
}

fn rows_read_with(path: &Path, options: &ExcelOptions) -> Result<u64, SourceError> {
    super::generated_tests::read_all(path, options).map(|rows| rows.len() as u64)
}

/// The `what` of a `TooLarge` refusal, and its limit.
fn refusal(path: &Path) -> (String, u64) {
    match rows_read(path) {
        Err(SourceError::TooLarge { what, limit, .. }) => (what, limit),
        other => panic!("{}: {other:?}", path.display()),
    }
}

#[test]
fn a_long_text_repeated_over_many_rows_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = text_cell(&"y".repeat(100_000), "");
    let bomb = ods(
        dir.path(),
        "bomb.ods",
        &format!(
            r#"<table:table-row table:number-rows-repeated="100000">{long}</table:table-row>"#
        ),
    );
    let (what, limit) = refusal(&bomb);
    assert!(what.contains("bytes the ods cells expand to"), "{what}");
    assert_eq!(limit, ExcelOptions::default().max_expanded_bytes);
    // The same row a few times is read.
    let few = ods(
        dir.path(),
        "few.ods",
        &format!(r#"<table:table-row table:number-rows-repeated="3">{long}</table:table-row>"#),
    );
    assert_eq!(rows_read(&few).expect("reads"), 4);
}

#[test]
fn a_billion_spaces_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cell = text_cell(r#"a<text:s text:c="1000000000"/>b"#, "");
    let bomb = ods(
        dir.path(),
        "spaces.ods",
        &format!("<table:table-row>{cell}</table:table-row>"),
    );
    let (what, _) = refusal(&bomb);
    assert!(what.contains("repeated rows, columns or spaces"), "{what}");
}

/// calamine stops at row 1,048,576 and drops the rest: a row after it would go unchecked.
#[test]
fn content_past_the_last_row_is_refused_not_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = text_cell("x", "");
    let rows = format!(
        r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row><table:table-row>{bad}</table:table-row>"#
    );
    let (what, limit) = refusal(&ods(dir.path(), "past.ods", &rows));
    assert!(what.contains("rows of an ods sheet"), "{what}");
    assert_eq!(limit, 1_048_576);
    // Empty rows repeated to the sheet's edge, as spreadsheet programs write them, are fine.
    let edge = format!(
        r#"<table:table-row>{bad}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
    );
    assert_eq!(
        rows_read(&ods(dir.path(), "edge.ods", &edge)).expect("reads"),
        2
    );
}

/// An xlsx whose rows 2.. each hold, in column B, shared string 0 (`text`).
fn shared_text_xlsx(dir: &Path, name: &str, text: &str, rows: u32, merges: &str) -> PathBuf {
    use super::generated_tests::{sheet, xlsx_with};
    let mut cells = String::from(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#,
    );
    for r in 2..rows + 2 {
        cells.push_str(&format!(
            r#"<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>"#
        ));
    }
    let xml = sheet("A1:B2", &cells).replace("</sheetData>", &format!("</sheetData>{merges}"));
    let strings = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>"#
    );
    xlsx_with(
        dir,
        name,
        xml.as_bytes(),
        &[("xl/sharedStrings.xml", strings.as_bytes())],
    )
}

#[test]
fn a_shared_string_repeated_past_the_sheet_budget_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "y".repeat(10_000);
    let path = shared_text_xlsx(dir.path(), "fan.xlsx", &text, 200, "");
    let small = ExcelOptions {
        max_text_bytes: 1_000_000,
        ..ExcelOptions::default()
    };
    match rows_read_with(&path, &small) {
        Err(SourceError::TooLarge { what, limit, .. }) => {
            assert!(what.contains("bytes of text in the sheet"), "{what}");
            assert_eq!(limit, 1_000_000);
        }
        other => panic!("{other:?}"),
    }
    // Within the budget, every row is read.
    assert_eq!(rows_read(&path).expect("reads"), 201);
}

#[test]
fn a_long_value_merged_over_many_columns_is_refused_before_it_is_copied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "y".repeat(10_000);
    let wide = shared_text_xlsx(
        dir.path(),
        "wide.xlsx",
        &text,
        1,
        r#"<mergeCells count="1"><mergeCell ref="B2:XFD3"/></mergeCells>"#,
    );
    match rows_read(&wide) {
        Err(SourceError::TooLarge { what, limit, .. }) => {
            assert!(what.contains("bytes of text in a row"), "{what}");
            assert_eq!(limit, assemble::MAX_ROW_BYTES);
        }
        other => panic!("{other:?}"),
    }
    // A short title over the same columns is copied as before.
    let title = shared_text_xlsx(
        dir.path(),
        "title.xlsx",
        "t",
        1,
        r#"<mergeCells count="1"><mergeCell ref="B2:XFD3"/></mergeCells>"#,
    );
    assert!(rows_read(&title).is_ok());
}
