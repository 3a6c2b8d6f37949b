//! Excel's cell semantics through `validate`: identifiers that became numbers, date cells,
//! error values, formulas, rich text and escaped carriage returns.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use super::{validate, with_code};

/// One cell of a generated workbook.
pub(super) enum C {
    S(&'static str),
    N(f64),
    /// A date cell (a serial with a date format).
    D(u16, u8, u8),
    /// A formula and its cached result.
    F(&'static str, &'static str),
    /// Rich text runs: plain, bold.
    R(&'static str, &'static str),
    /// Nothing written.
    Skip,
}

pub(super) fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &C) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold();
    let plain = Format::new();
    match cell {
        C::S(s) => ws.write_string(row, col, *s).map(|_| ()),
        C::N(n) => ws.write_number(row, col, *n).map(|_| ()),
        C::D(y, m, d) => {
            let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
            ws.write_datetime_with_format(row, col, &dt, &date)
                .map(|_| ())
        }
        C::F(f, result) => ws
            .write_formula(row, col, Formula::new(*f).set_result(*result))
            .map(|_| ()),
        C::R(a, b) => ws
            .write_rich_string(row, col, &[(&plain, *a), (&bold, *b)])
            .map(|_| ()),
        C::Skip => Ok(()),
    }
    .expect("write");
}

/// Writes a one-sheet workbook ("Sheet1") whose first row is `header`.
pub(super) fn book(dir: &Path, name: &str, header: &[&str], rows: &[Vec<C>]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (j, h) in header.iter().enumerate() {
        ws.write_string(0, j as u16, *h).expect("header");
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            write_cell(ws, i as u32 + 1, j as u16, cell);
        }
    }
    let path = dir.join(name);
    wb.save(&path).expect("save");
    path
}

#[test]
fn postal_code_that_lost_its_leading_zero_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = book(
        dir.path(),
        "postcode.xlsx",
        &["邮政编码"],
        &[
            vec![C::N(12345.0)],  // 012345 typed into a number cell
            vec![C::S("012345")], // a text cell keeps it
            vec![C::N(350001.0)], // six digits: fine as a number
            vec![C::S("12345")],  // a short text code is just short
        ],
    );
    let (code, file) = validate(&path, &["--show-values", "full"]);
    assert_eq!(code, Some(1));
    let found = with_code(&file, "format-mismatch");
    assert_eq!(found.len(), 2, "{found:?}");
    let (row, col, cell, message) = &found[0];
    assert_eq!((*row, *col, cell.as_str()), (2, 1, "A2"));
    assert!(
        message.contains("Excel") && message.contains("leading zero"),
        "{message}"
    );
    assert_eq!(found[1].0, 5);
    assert!(!found[1].3.contains("leading zero"), "{}", found[1].3);
}

#[test]
fn enterprise_cells_numbers_dates_errors_and_formulas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = [
        "统一社会信用代码",
        "企业名称",
        "成立日期",
        "经营范围",
        "登记机关",
        "行政区划代码",
    ];
    let rows = vec![
        // Row 2: all good; the division code is a number, the date a date cell.
        vec![
            C::S("91350123N71593285M"),
            C::S("福州源谷建筑工程有限公司"),
            C::D(1998, 2, 27),
            C::S("房屋建筑工程施工"),
            C::F(
                "=VLOOKUP(F2,机关!A:B,2,FALSE)",
                "福州市罗源县市场监督管理局",
            ),
            C::N(350123.0),
        ],
        // Row 3: an 18-digit code typed as a number; a date in the text column.
        vec![
            C::N(1.10101e17),
            C::S("福州博泰文化传媒有限公司"),
            C::S("2003-10-20"),
            C::D(2021, 6, 1),
            C::S("福州市闽清县市场监督管理局"),
            C::S("350124"),
        ],
        // Row 4: error values; a formula whose cached value is not a division code.
        vec![
            C::S("91350103U0881199XT"),
            C::F("=1/0", "#DIV/0!"),
            C::S("2012-02-17"),
            C::S("餐饮服务"),
            C::F("=VLOOKUP(F4,机关!A:B,2,FALSE)", "#N/A"),
            C::F("=\"3501\"&\"99\"", "350199"),
        ],
        // Row 5: #VALUE! in a date column, rich text in the name.
        vec![
            C::S("91350124550210432A"),
            C::R("福州", "文创有限公司"),
            C::F("=DATE(\"x\",1,1)", "#VALUE!"),
            C::Skip,
            C::S("福州市市场监督管理局"),
            C::N(350102.0),
        ],
    ];
    let path = book(dir.path(), "enterprise.xlsx", &header, &rows);
    let (code, file) = validate(&path, &["--show-values", "full"]);
    assert_eq!(code, Some(1));
    assert_eq!(file["dataset"], "enterprise-registration");
    let lost = with_code(&file, "number-lost-digits");
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!((lost[0].0, lost[0].1, lost[0].2.as_str()), (3, 1, "A3"));
    assert!(
        lost[0].3.contains("Excel") && lost[0].3.contains("15"),
        "{}",
        lost[0].3
    );
    let value = file["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "number-lost-digits"))
        .map(|f| f["value"].clone());
    assert_eq!(value, Some("110101000000000000".into()));

    let types: Vec<(u64, u64)> = with_code(&file, "type-mismatch")
        .iter()
        .map(|f| (f.0, f.1))
        .collect();
    // Only the date in the text column: the date cells of 成立日期 pass.
    assert_eq!(types, vec![(3, 4)]);
    let errors: Vec<(u64, u64, String)> = with_code(&file, "error-cell")
        .into_iter()
        .map(|f| (f.0, f.1, f.2))
        .collect();
    assert_eq!(
        errors,
        vec![
            (4, 2, "B4".to_owned()),
            (4, 5, "E4".to_owned()),
            (5, 3, "C5".to_owned())
        ]
    );
    // The cached value of a formula is what is checked.
    let codes: Vec<(u64, u64)> = with_code(&file, "not-in-codelist")
        .iter()
        .map(|f| (f.0, f.1))
        .collect();
    assert_eq!(codes, vec![(4, 6)]);
    // Rich text reads as its text: nothing about row 5's name, nor anything on row 2.
    let rows: Vec<u64> = file["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["row"].as_u64()).collect())
        .unwrap_or_default();
    assert!(!rows.contains(&2), "{rows:?}");
    assert!(
        !file["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["row"] == 5 && f["column"] == 2)),
        "{file}"
    );
}

#[test]
fn yyyymmdd_date_element_accepts_date_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = ["公民身份号码", "姓名", "出生日期", "户籍地址"];
    let rows = vec![
        vec![
            C::S("350181199205083001"),
            C::S("曾明英"),
            C::D(1992, 5, 8),
            C::S("福建省福州市晋安区杨桥中路56号"),
        ],
        vec![
            C::S("530181199402074423"),
            C::S("吴一思"),
            // A text cell must follow the element's own template.
            C::S("1994-02-07"),
            // Excel writes a carriage return as _x000D_; the reader turns it back.
            C::S("福建省福州市\r\n晋安区"),
        ],
        vec![
            C::S("530181199402074423"),
            C::S("吴二思"),
            C::S("19940207"),
            C::S("福建省福州市晋安区"),
        ],
    ];
    let path = book(dir.path(), "persons.xlsx", &header, &rows);
    let (_, file) = validate(
        &path,
        &[
            "--show-values",
            "full",
            "--dataset",
            "resident-registration",
        ],
    );
    let types: Vec<(u64, u64)> = with_code(&file, "type-mismatch")
        .iter()
        .map(|f| (f.0, f.1))
        .collect();
    assert_eq!(types, vec![(3, 3)], "{file}");
    // The escaped carriage return is read as one: the address has no `_x000D_`.
    let text = file.to_string();
    assert!(!text.contains("_x000D_"), "{text}");
    let dup = file["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "duplicate-key").cloned())
        .expect("duplicate key");
    assert_eq!(dup["row"], 4);
}

/// The calamine workbooks with `_x000D_` escapes read as carriage returns.
#[test]
fn x000d_escapes_in_corpus_workbooks_read_as_text() {
    for name in ["has_x000D_.xlsx", "has_x000D_inline.xlsx"] {
        let src = super::repo(&format!("tests/fixtures/calamine/{name}"));
        let mut opened =
            govdict::source::open(&src, &govdict::source::OpenOptions::default()).expect("opens");
        let mut record = govdict::source::Record::default();
        let mut all = String::new();
        while opened.source.next_record(&mut record).expect("reads") {
            for v in record.iter() {
                all.push_str(v);
            }
        }
        assert!(!all.contains("_x000D_"), "{name}: {all:?}");
        assert!(all.contains('\r'), "{name}: {all:?}");
        let (code, file) = validate(&src, &[]);
        assert!(matches!(code, Some(0 | 1)), "{name}: {code:?}");
        // (The file name itself has `_x000D_` in it.)
        let shown = format!("{}{}", file["columns"], file["findings"]);
        assert!(!shown.contains("_x000D_"), "{name}: {shown}");
    }
}
