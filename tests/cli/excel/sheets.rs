//! Sheets, header rows and row numbers of workbooks through `validate`.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

use super::cells::{write_cell, C};
use super::{findings, validate, with_code};
use crate::support::govdict;

/// One checked column; the others match no element, so no dataset is chosen.
const HEADER: [&str; 3] = ["邮政编码", "备注", "序号"];

fn good(postcode: &'static str) -> Vec<C> {
    vec![C::S(postcode), C::S("无"), C::N(1.0)]
}

/// A workbook of three sheets: 说明 (notes), 数据 (the table under two title rows, with
/// one bad postcode on spreadsheet row 6 and an empty row 5), and a hidden 备份 whose
/// table has a bad postcode on row 2.
fn workbook(dir: &Path) -> PathBuf {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").expect("name");
    notes
        .write_string(0, 0, "本工作簿为导出数据")
        .expect("write");

    let data = wb.add_worksheet();
    data.set_name("数据").expect("name");
    data.write_string(0, 0, "福州市邮政编码导出")
        .expect("title");
    data.write_string(1, 0, "导出日期：2024-05-01")
        .expect("title");
    for (j, h) in HEADER.iter().enumerate() {
        data.write_string(2, j as u16, *h).expect("header");
    }
    // Row 4 good, row 5 empty, row 6 bad, row 7 good; rows 8 and 9 empty (trailing).
    for (row, cells) in [(3, good("350001")), (5, good("3500")), (6, good("350002"))] {
        for (j, c) in cells.iter().enumerate() {
            write_cell(data, row, j as u16, c);
        }
    }
    // Trailing empty rows that only carry a style: not part of the table.
    data.write_blank(8, 0, &rust_xlsxwriter::Format::new().set_bold())
        .expect("blank");

    let hidden = wb.add_worksheet();
    hidden.set_name("备份").expect("name");
    hidden.set_hidden(true);
    for (j, h) in HEADER.iter().enumerate() {
        hidden.write_string(0, j as u16, *h).expect("header");
    }
    for (j, c) in good("35").iter().enumerate() {
        write_cell(hidden, 1, j as u16, c);
    }
    let path = dir.join("sheets.xlsx");
    wb.save(&path).expect("save");
    path
}

#[test]
fn sheet_by_name_and_index_with_title_rows_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workbook(dir.path());
    for sheet in ["数据", "2"] {
        let (code, file) = validate(&path, &["--sheet", sheet]);
        assert_eq!(code, Some(1), "{sheet}");
        assert_eq!(file["sheet"], "数据");
        let bad = with_code(&file, "format-mismatch");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!((bad[0].0, bad[0].1, bad[0].2.as_str()), (6, 1, "A6"));
        // The empty row between data rows is reported; the trailing ones are not.
        let blank: Vec<u64> = with_code(&file, "blank-row").iter().map(|f| f.0).collect();
        assert_eq!(blank, vec![5]);
        // Rows 4 to 7 after the header at row 3.
        assert_eq!(file["rows"], 4);
        // The hidden sheet is named in a warning, and its error is not read.
        let hidden = with_code(&file, "hidden-content");
        assert_eq!(hidden.len(), 1, "{hidden:?}");
        assert!(hidden[0].3.contains("备份"), "{}", hidden[0].3);
        assert!(!findings(&file).iter().any(|f| f["row"] == 2));
    }
}

#[test]
fn header_row_option_names_the_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workbook(dir.path());
    let (_, file) = validate(&path, &["--sheet", "数据", "--header-row", "3"]);
    assert_eq!(with_code(&file, "format-mismatch").len(), 1);
    assert_eq!(file["columns"][0]["header"], "邮政编码");
    // Header row 4 makes the first data row the header: its values are no headers.
    let (_, file) = validate(&path, &["--sheet", "数据", "--header-row", "4"]);
    assert_eq!(file["columns"][0]["header"], "350001");
    assert!(with_code(&file, "format-mismatch").is_empty());
}

#[test]
fn hidden_sheet_read_on_request_is_flagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workbook(dir.path());
    let (code, file) = validate(&path, &["--sheet", "备份"]);
    assert_eq!(code, Some(1));
    assert_eq!(file["sheet"], "备份");
    let hidden = with_code(&file, "hidden-content");
    assert_eq!(hidden.len(), 1);
    assert!(hidden[0].3.contains("is hidden"), "{}", hidden[0].3);
    let bad = with_code(&file, "format-mismatch");
    assert_eq!((bad[0].0, bad[0].1), (2, 1));
}

#[test]
fn default_sheet_is_the_first_visible_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workbook(dir.path());
    // 说明 is first and visible: it is read, and has no table to speak of.
    let (_, file) = validate(&path, &[]);
    assert_eq!(file["sheet"], "说明");
}

#[test]
fn unknown_sheet_lists_the_sheets_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workbook(dir.path());
    for wanted in ["数据表", "9", "0"] {
        let output = govdict()
            .arg("validate")
            .arg(&path)
            .args(["--sheet", wanted, "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{wanted}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(wanted), "{stderr}");
        for name in ["说明", "数据", "备份"] {
            assert!(stderr.contains(name), "{wanted}: {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn huge_gap_between_rows_is_one_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (j, h) in HEADER.iter().enumerate() {
        ws.write_string(0, j as u16, *h).expect("header");
    }
    for (row, cells) in [(1, good("350001")), (500_000, good("350002"))] {
        for (j, c) in cells.iter().enumerate() {
            write_cell(ws, row, j as u16, c);
        }
    }
    let path = dir.path().join("gap.xlsx");
    wb.save(&path).expect("save");
    let (code, file) = validate(&path, &[]);
    // The sheet matches no dataset of the embedded dictionary: that is its one error.
    assert_eq!(code, Some(1));
    assert_eq!(file["summary"]["errors"], 1, "{file}");
    assert_eq!(file["summary"]["by_code"]["no-dataset"], 1, "{file}");
    let blank = with_code(&file, "blank-row");
    assert_eq!(blank.len(), 1, "{blank:?}");
    assert_eq!(blank[0].0, 3);
    assert!(blank[0].3.contains("500000"), "{}", blank[0].3);
}
