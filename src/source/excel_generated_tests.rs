//! Tests of the spreadsheet reader and of format detection on files built here: hostile
//! workbooks (zip bombs, huge dimensions, truncation) and files with the wrong extension.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::*;
use crate::finding::Code;
use crate::source::detect::detect;
use crate::source::CellKind;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

pub(super) fn sheet(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// Writes a one-sheet xlsx named `name` in `dir` with the given worksheet XML.
fn xlsx(dir: &Path, name: &str, sheet_xml: &[u8]) -> PathBuf {
    xlsx_with(dir, name, sheet_xml, &[])
}

/// `xlsx` with more parts (a shared strings table…).
pub(super) fn xlsx_with(
    dir: &Path,
    name: &str,
    sheet_xml: &[u8],
    extra: &[(&str, &[u8])],
) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (part, data) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    {
        zip.start_file(part, options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish");
    path
}

pub(super) fn read_all(path: &Path, options: &ExcelOptions) -> Result<Vec<Record>, SourceError> {
    let kind = detect(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut source = open(path, kind, options)?;
    let mut rows = Vec::new();
    let mut record = Record::default();
    while source.next_record(&mut record)? {
        rows.push(record.clone());
    }
    Ok(rows)
}

fn cells(record: &Record) -> Vec<(&str, CellKind)> {
    (0..record.len())
        .map(|i| (record.get(i).unwrap_or("?"), record.kind(i)))
        .collect()
}

#[test]
fn cell_values_render_as_excel_shows_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = r#"<row r="2"><c r="A2"><v>1.10101199003078E+17</v></c><c r="B2"><v>42</v></c><c r="C2"><v>0.30000000000000004</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="inlineStr"><is><t>统一社会信用代码</t></is></c><c r="G2"><v>1E-7</v></c></row><row r="5"><c r="C5"><v>-3.5</v></c></row>"#;
    let path = xlsx(dir.path(), "values.xlsx", sheet("A2:G5", rows).as_bytes());
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    // Rows 3 and 4 are empty rows inside the table: records without cells.
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].row, 2);
    assert_eq!((records[1].row, records[1].len()), (3, 0));
    assert_eq!(
        (records[2].row, records[2].line, records[2].len()),
        (4, 4, 0)
    );
    assert_eq!(records[0].line, 2);
    assert_eq!(
        cells(&records[0]),
        vec![
            ("110101199003078000", CellKind::NumberLostDigits),
            ("42", CellKind::Number),
            ("0.3", CellKind::Number),
            ("TRUE", CellKind::Bool),
            ("#N/A", CellKind::Error),
            ("统一社会信用代码", CellKind::Text),
            ("0.0000001", CellKind::Number),
        ]
    );
    assert_eq!(records[3].row, 5);
    assert_eq!(
        cells(&records[3]),
        vec![
            ("", CellKind::Empty),
            ("", CellKind::Empty),
            ("-3.5", CellKind::Number)
        ]
    );
}

#[test]
fn float_rendering() {
    let show = |f: f64| {
        let mut s = String::new();
        let kind = cell::render_float(f, &mut s);
        (s, kind)
    };
    assert_eq!(show(42.0), ("42".to_owned(), CellKind::Number));
    assert_eq!(
        show(110101000000000000.0),
        ("110101000000000000".to_owned(), CellKind::NumberLostDigits)
    );
    assert_eq!(
        show(999999999999999.0),
        ("999999999999999".to_owned(), CellKind::Number)
    );
    assert_eq!(
        show(1e15),
        ("1000000000000000".to_owned(), CellKind::NumberLostDigits)
    );
    // The binary value nearest 913501027000123456 is …123392; Excel shows 15 digits.
    assert_eq!(
        show(913_501_027_000_123_456.0),
        ("913501027000123000".to_owned(), CellKind::NumberLostDigits)
    );
    assert_eq!(
        show(-1.234_567_890_123_456_7e20),
        (
            "-123456789012346000000".to_owned(),
            CellKind::NumberLostDigits
        )
    );
    assert_eq!(show(0.525625), ("0.525625".to_owned(), CellKind::Number));
    assert_eq!(show(-0.1 - 0.2), ("-0.3".to_owned(), CellKind::Number));
}

#[test]
fn zip_bomb_sheet_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 8 MiB of white space inside sheetData compresses about a thousand times.
    let mut xml = sheet("A1", "").into_bytes();
    let at = xml.len() - "</sheetData></worksheet>".len();
    xml.splice(at..at, std::iter::repeat_n(b' ', 8 * 1024 * 1024));
    let path = xlsx(dir.path(), "bomb.xlsx", &xml);
    match read_all(&path, &ExcelOptions::default()) {
        Err(SourceError::TooLarge { what, limit, .. }) => {
            assert!(what.contains("compression ratio"), "{what}");
            assert_eq!(limit, 100);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn total_uncompressed_size_is_limited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows: String = (1..=2000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let path = xlsx(dir.path(), "big.xlsx", sheet("A1:A2000", &rows).as_bytes());
    let mut options = ExcelOptions::default();
    options.zip.max_total_uncompressed = 16 * 1024;
    match read_all(&path, &options) {
        Err(SourceError::TooLarge { limit, .. }) => assert_eq!(limit, 16 * 1024),
        other => panic!("{other:?}"),
    }
    // The same file within the default limits reads completely.
    assert_eq!(
        read_all(&path, &ExcelOptions::default())
            .expect("read")
            .len(),
        2000
    );
}

#[test]
fn dimension_bomb_allocates_nothing_dense() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>7</v></c></row>"#;
    let path = xlsx(
        dir.path(),
        "dims.xlsx",
        sheet("A1:XFD1048576", rows).as_bytes(),
    );
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].len(), 1);
    let last = &records[1];
    assert_eq!(last.row, 1_048_576);
    assert_eq!(last.len(), 16_384);
    assert_eq!(last.get(16_383), Some("7"));
    assert_eq!(last.kind(0), CellKind::Empty);
}

#[test]
fn cell_limit_stops_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows: String = (1..=10)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c><c r="E{r}"><v>2</v></c></row>"#))
        .collect();
    let path = xlsx(dir.path(), "cells.xlsx", sheet("A1:E10", &rows).as_bytes());
    let options = ExcelOptions {
        max_cells: 20,
        ..ExcelOptions::default()
    };
    match read_all(&path, &options) {
        Err(SourceError::TooLarge { limit, .. }) => assert_eq!(limit, 20),
        other => panic!("{other:?}"),
    }
    let narrow = ExcelOptions {
        max_columns: 3,
        ..ExcelOptions::default()
    };
    assert!(matches!(
        read_all(&path, &narrow),
        Err(SourceError::TooLarge { limit: 3, .. })
    ));
}

#[test]
fn truncated_workbooks_fail_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows: String = (1..=200)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let whole = xlsx(dir.path(), "whole.xlsx", sheet("A1:A200", &rows).as_bytes());
    let bytes = std::fs::read(&whole).expect("read");
    // Cut the zip: its central directory is gone.
    let cut = dir.path().join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let kind = detect(&cut).expect("detect");
    assert!(matches!(kind, FileKind::Unknown { .. }), "{kind:?}");
    assert!(matches!(
        read_all(&cut, &ExcelOptions::default()),
        Err(SourceError::UnknownFormat { .. })
    ));
    // A valid zip whose sheet XML stops in the middle.
    let xml = sheet("A1:A200", &rows);
    let half = xlsx(dir.path(), "half.xlsx", &xml.as_bytes()[..xml.len() / 2]);
    match read_all(&half, &ExcelOptions::default()) {
        Err(SourceError::Unreadable { message, .. }) => assert!(!message.is_empty()),
        other => panic!("{other:?}"),
    }
}

fn file_with(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn detection_reads_content_not_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let kind = |name: &str, bytes: &[u8]| detect(&file_with(d, name, bytes)).expect("detect");
    assert_eq!(
        kind("a.csv", "姓名,身份证号\n张三,1\n".as_bytes()),
        FileKind::Csv
    );
    assert_eq!(kind("empty.csv", b""), FileKind::Csv);
    assert_eq!(
        kind("u16.csv", b"\xFF\xFEa\x00,\x00b\x00\n\x00"),
        FileKind::Csv
    );
    assert_eq!(
        kind(
            "u16nobom.txt",
            b"a\x00,\x00b\x00\n\x00c\x00,\x00d\x00\n\x00"
        ),
        FileKind::Csv
    );
    let found = |k: FileKind| match k {
        FileKind::Unknown { found } => found,
        other => panic!("{other:?}"),
    };
    assert!(found(kind("r.xlsx", b"%PDF-1.7\n")).starts_with("PDF document"));
    assert!(found(kind("r.csv", b"\x1F\x8B\x08\x00\x00\x00")).starts_with("gzip data"));
    assert!(
        found(kind("r.xls", b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00"))
            .starts_with("binary data starting 7F 45 4C 46")
    );
    assert!(found(kind(
        "r.xls",
        b"<html><body><table><tr><td>1</td></tr></table>"
    ))
    .starts_with("HTML"));
    // A workbook is a workbook whatever its name says.
    let workbook = std::fs::read(xlsx(d, "w.xlsx", sheet("A1", "").as_bytes())).expect("read");
    assert_eq!(kind("w.csv", &workbook), FileKind::Xlsx);
}

#[test]
fn extension_mismatch_is_a_suspicious_format_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = file_with(dir.path(), "export.xlsx", b"a,b\n1,2\n");
    let notice = mismatch_notice(&text, &FileKind::Csv).expect("notice");
    assert_eq!(notice.code, Code::SuspiciousFormat);
    assert!(notice.message.en.contains(".xlsx") && notice.message.en.contains("csv"));
    assert!(notice.message.zh.contains("csv"));
    assert_eq!(
        mismatch_notice(&dir.path().join("ok.csv"), &FileKind::Csv),
        None
    );
    assert_eq!(
        mismatch_notice(&dir.path().join("noext"), &FileKind::Xlsx),
        None
    );

    // A workbook named .csv is read as a workbook, with the notice.
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let path = xlsx(dir.path(), "export.csv", sheet("A1", rows).as_bytes());
    let kind = detect(&path).expect("detect");
    let mut source = open(&path, kind, &ExcelOptions::default()).expect("open");
    let notices = source.take_notices();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].code, Code::SuspiciousFormat);
    let mut record = Record::default();
    assert!(source.next_record(&mut record).expect("row"));
    assert_eq!(record.get(0), Some("x"));
    assert!(!source.next_record(&mut record).expect("end"));
    assert!(!source.next_record(&mut record).expect("still the end"));
}

#[test]
fn panics_in_the_parser_become_errors() {
    let message = worker::panic_message(
        &*std::panic::catch_unwind(|| panic!("index out of bounds")).unwrap_err(),
    );
    assert_eq!(message, "index out of bounds");
}

/// A worksheet with merged regions after its cells, where workbooks keep them.
fn sheet_with_merges(dimension: &str, rows: &str, merges: &[&str]) -> String {
    let list: String = merges
        .iter()
        .map(|m| format!(r#"<mergeCell ref="{m}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData><mergeCells count="{}">{list}</mergeCells></worksheet>"#,
        merges.len()
    )
}

/// Rows `from..=to` (1-based) with the text `r{row}c{col}` in columns A to `width`.
fn full_rows(from: u32, to: u32, width: u8) -> String {
    (from..=to)
        .map(|r| {
            let cells: String = (0..width)
                .map(|c| {
                    let col = char::from(b'A' + c);
                    format!(r#"<c r="{col}{r}" t="inlineStr"><is><t>r{r}c{c}</t></is></c>"#)
                })
                .collect();
            format!(r#"<row r="{r}">{cells}</row>"#)
        })
        .collect()
}

fn texts(record: &Record) -> Vec<&str> {
    record.iter().collect()
}

#[test]
fn a_header_region_reaching_right_of_its_row_is_filled() {
    let dir = tempfile::tempdir().expect("tempdir");
    // B1:C1 merged; C1 is not written at all, rows below are three wide.
    let rows = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1" t="inlineStr"><is><t>地址</t></is></c></row>{}"#,
        full_rows(2, 30, 3)
    );
    let path = xlsx(
        dir.path(),
        "right.xlsx",
        sheet_with_merges("A1:C30", &rows, &["B1:C1"]).as_bytes(),
    );
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    assert_eq!(texts(&records[0]), vec!["名称", "地址", "地址"]);
    assert_eq!(texts(&records[1]), vec!["r2c0", "r2c1", "r2c2"]);
}

#[test]
fn a_region_only_the_dimension_shows_is_filled() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Every row is two wide, but the dimension says three: C1 is covered by B1:C1.
    let path = xlsx(
        dir.path(),
        "dimension.xlsx",
        sheet_with_merges("A1:C30", &full_rows(1, 30, 2), &["B1:C1"]).as_bytes(),
    );
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    assert_eq!(texts(&records[0]), vec!["r1c0", "r1c1", "r1c1"]);
    assert_eq!(texts(&records[1]), vec!["r2c0", "r2c1"]);
}

#[test]
fn a_region_reaching_down_from_the_header_area_is_filled() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A20:A21 merged (row 20 is the last of the 20 header-area rows): A21 is not written.
    let rows = format!(
        r#"{}<row r="21"><c r="B21" t="inlineStr"><is><t>x</t></is></c></row>{}"#,
        full_rows(1, 20, 2),
        full_rows(22, 30, 2)
    );
    let path = xlsx(
        dir.path(),
        "down.xlsx",
        sheet_with_merges("A1:B30", &rows, &["A20:A21"]).as_bytes(),
    );
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    assert_eq!(texts(&records[20]), vec!["r20c0", "x"]);
    // Regions starting below the header area are left as the file has them.
    let path = xlsx(
        dir.path(),
        "below.xlsx",
        sheet_with_merges("A1:B30", &rows.replace("r20c0", "v"), &["A21:A22"]).as_bytes(),
    );
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    assert_eq!(texts(&records[20]), vec!["", "x"]);
}

#[test]
fn a_full_table_reads_the_same_with_or_without_its_regions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = xlsx(
        dir.path(),
        "plain.xlsx",
        sheet("A1:C40", &full_rows(1, 40, 3)).as_bytes(),
    );
    // A region below the header area is not filled, so it changes nothing.
    let merged = xlsx(
        dir.path(),
        "merged.xlsx",
        sheet_with_merges("A1:C40", &full_rows(1, 40, 3), &["A30:B30"]).as_bytes(),
    );
    let a = read_all(&plain, &ExcelOptions::default()).expect("plain");
    let b = read_all(&merged, &ExcelOptions::default()).expect("merged");
    assert_eq!(a.len(), 40);
    assert_eq!(
        a.iter().map(texts).collect::<Vec<_>>(),
        b.iter().map(texts).collect::<Vec<_>>()
    );
}

#[test]
fn cells_out_of_order_are_sorted_and_the_last_duplicate_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = r#"<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c><c r="B1"><v>2</v></c><c r="C1"><v>4</v></c></row><row r="2"><c r="A2"><v>5</v></c><c r="B2"><v>6</v></c></row>"#;
    let path = xlsx(dir.path(), "order.xlsx", sheet("A1:C2", rows).as_bytes());
    let records = read_all(&path, &ExcelOptions::default()).expect("read");
    assert_eq!(texts(&records[0]), vec!["1", "2", "4"]);
    assert_eq!(
        cells(&records[1]),
        vec![("5", CellKind::Number), ("6", CellKind::Number)]
    );
}

#[test]
fn shared_strings_beyond_the_memory_budget_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    let sheet_xml = sheet("A1", rows);
    // A declared count calamine reserves room for: without the check, the process aborts.
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000000"><si><t>ab</t></si></sst>"#;
    let path = xlsx_with(
        dir.path(),
        "count.xlsx",
        sheet_xml.as_bytes(),
        &[("xl/sharedStrings.xml", sst.as_bytes())],
    );
    let err = read_all(&path, &ExcelOptions::default()).expect_err("refused");
    assert!(matches!(err, SourceError::TooLarge { .. }), "{err}");
    // Many tiny strings: more memory than XML.
    let many = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>"#,
        (0..100_000)
            .map(|i| format!("<si><t>{i}</t></si>"))
            .collect::<String>()
    );
    let path = xlsx_with(
        dir.path(),
        "many.xlsx",
        sheet_xml.as_bytes(),
        &[("xl/sharedStrings.xml", many.as_bytes())],
    );
    let mut options = ExcelOptions::default();
    options.zip.max_shared_strings_memory = 4 * 1024 * 1024;
    let err = read_all(&path, &options).expect_err("refused");
    assert!(err.to_string().contains("shared strings"), "{err}");
    // Within the budget the same workbook reads.
    let records = read_all(&path, &ExcelOptions::default()).expect("reads");
    assert_eq!(records[0].get(0), Some("0"));
}

/// A copy of a real xlsb (`tests/fixtures/calamine/issues.xlsb`) whose shared strings
/// table is `count` one-character strings.
fn xlsb_with_strings(dir: &Path, name: &str, count: u32) -> PathBuf {
    fn record(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(kind);
        let mut size = data.len();
        loop {
            let b = (size & 0x7F) as u8;
            size >>= 7;
            if size == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend_from_slice(data);
    }
    let mut table = Vec::new();
    let counts: Vec<u8> = [count.to_le_bytes(), count.to_le_bytes()].concat();
    record(&mut table, &[0x9F, 0x01], &counts); // BrtBeginSst
    for _ in 0..count {
        record(&mut table, &[0x13], &[0, 1, 0, 0, 0, b'a', 0]); // BrtSSTItem "a"
    }
    record(&mut table, &[0xA0, 0x01], &[]); // BrtEndSst
    let original =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calamine/issues.xlsb");
    let mut from =
        zip::ZipArchive::new(std::fs::File::open(original).expect("fixture")).expect("zip");
    let path = dir.join(name);
    let mut to = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..from.len() {
        let entry = from.by_index(i).expect("entry");
        if entry.name().is_ok_and(|n| n == "xl/sharedStrings.bin") {
            drop(entry);
            to.start_file("xl/sharedStrings.bin", options)
                .expect("start");
            to.write_all(&table).expect("write");
        } else {
            to.raw_copy_file(entry).expect("copy");
        }
    }
    to.finish().expect("finish");
    path
}

#[test]
fn xlsb_shared_strings_beyond_the_memory_budget_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 100,000 strings of 9 bytes each: under 1 MB of table, several MB of memory.
    let path = xlsb_with_strings(dir.path(), "many.xlsb", 100_000);
    let mut options = ExcelOptions::default();
    options.zip.max_shared_strings_memory = 4 * 1024 * 1024;
    let err = read_all(&path, &options).expect_err("refused");
    assert!(matches!(err, SourceError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("shared strings"), "{err}");
    // Within the budget the same workbook reads.
    let records = read_all(&path, &ExcelOptions::default()).expect("reads");
    assert!(!records.is_empty());
}
