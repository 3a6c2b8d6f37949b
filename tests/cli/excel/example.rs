//! `examples/enterprise_registration.xlsx`: the clean enterprise export as a department's
//! workbook would hold it (title row, typed cells, a formula column, a hidden lookup
//! sheet) with Excel-specific errors, each listed in
//! `examples/expected/enterprise_registration_xlsx.json`.

use std::collections::BTreeSet;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use super::{findings, key, keys, repo, validate, Key};
use govdict::source::{self, OpenOptions, Record};

/// Header, as in `enterprise_registration_clean.csv`.
const REGISTRATION_AUTHORITY: u16 = 11;

/// Columns written as numbers, as a steward's spreadsheet types them: 登记注册类型,
/// 注册资本, 行政区划代码, 登记状态, 手机号码, 从业人数.
const NUMBER_COLUMNS: [u16; 6] = [2, 4, 7, 10, 12, 13];
const DATE_COLUMN: u16 = 5;

/// Writes the example workbook to `out`. Data rows start at spreadsheet row 3 (the title
/// is row 1, the header row 2); the errors are at fixed rows.
pub(super) fn write_example(out: &Path) {
    let csv = repo("examples/enterprise_registration_clean.csv");
    let mut opened = source::open(&csv, &OpenOptions::default()).expect("opens");
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let title = Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name("企业登记信息").expect("name");
    ws.write_string_with_format(0, 0, "福州市企业登记信息（市市场监督管理局导出）", &title)
        .expect("title");
    let mut record = Record::default();
    let mut out_row: u32 = 1;
    let mut authorities: Vec<String> = Vec::new();
    while opened.source.next_record(&mut record).expect("reads") {
        if record.row > 1 && out_row == 14 {
            // An empty row inside the table (spreadsheet row 15).
            out_row += 1;
        }
        for (i, value) in record.iter().enumerate() {
            let col = u16::try_from(i).expect("col");
            match (record.row, col) {
                (1, _) => ws.write_string(out_row, col, value).map(|_| ()),
                (_, c) if NUMBER_COLUMNS.contains(&c) => match value.parse::<f64>() {
                    Ok(n) => ws.write_number(out_row, col, n).map(|_| ()),
                    Err(_) => ws.write_string(out_row, col, value).map(|_| ()),
                },
                (_, DATE_COLUMN) => {
                    let d = ExcelDateTime::parse_from_str(value).expect("date");
                    ws.write_datetime_with_format(out_row, col, &d, &date)
                        .map(|_| ())
                }
                (_, REGISTRATION_AUTHORITY) => {
                    // Looked up from the division code on the hidden sheet; the cached
                    // result is what the reader sees.
                    if !authorities.iter().any(|a| a == value) {
                        authorities.push(value.to_owned());
                    }
                    let excel_row = out_row + 1;
                    let formula = Formula::new(format!("=VLOOKUP(H{excel_row},机关!A:B,2,FALSE)"))
                        .set_result(value);
                    ws.write_formula(out_row, col, formula).map(|_| ())
                }
                _ => ws.write_string(out_row, col, value).map(|_| ()),
            }
            .expect("write");
        }
        out_row += 1;
    }
    // The errors. Row 5: a credit code typed into a number cell (18 digits; Excel keeps 15).
    ws.write_number(4, 0, 913_501_027_000_123_456.0)
        .expect("number");
    // Row 8: a date typed into the business-scope text column became a date serial.
    let d = ExcelDateTime::from_ymd(2021, 6, 1).expect("date");
    ws.write_datetime_with_format(7, 9, &d, &date)
        .expect("date");
    // Row 11: the lookup found no authority.
    ws.write_formula(
        10,
        REGISTRATION_AUTHORITY,
        Formula::new("=VLOOKUP(H11,机关!A:B,2,FALSE)").set_result("#N/A"),
    )
    .expect("formula");
    // Row 20: a #VALUE! in the registered capital.
    ws.write_formula(19, 4, Formula::new("=E19*\"万\"").set_result("#VALUE!"))
        .expect("formula");

    let lookup = book.add_worksheet();
    lookup.set_name("机关").expect("name");
    lookup.set_hidden(true);
    for (i, a) in authorities.iter().enumerate() {
        let r = u32::try_from(i).expect("row");
        lookup.write_string(r, 1, a).expect("write");
    }
    book.save(out).expect("save");
}

fn expected() -> (serde_json::Value, BTreeSet<Key>) {
    let text = std::fs::read_to_string(repo("examples/expected/enterprise_registration_xlsx.json"))
        .expect("expected file");
    let v: serde_json::Value = serde_json::from_str(&text).expect("expected JSON");
    let want = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(key)
        .collect();
    (v, want)
}

#[test]
fn shipped_xlsx_example_reports_exactly_its_expected_findings() {
    let (expected, want) = expected();
    let path = repo("examples/enterprise_registration.xlsx");
    let (code, file) = validate(&path, &[]);
    assert_eq!(keys(&file), want, "findings differ from examples/expected");
    assert_eq!(code, Some(1), "errors exit 1");
    for field in ["dataset", "rows", "sheet", "format", "encoding"] {
        assert_eq!(file[field], expected[field], "{field}");
    }
    let message = |code: &str| {
        findings(&file)
            .into_iter()
            .find(|f| f["code"] == code)
            .and_then(|f| f["message"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    assert!(message("number-lost-digits").contains("Excel"));
    assert!(message("hidden-content").contains("机关"));
}

#[test]
fn shipped_xlsx_example_is_what_the_generator_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = dir.path().join("fresh.xlsx");
    write_example(&fresh);
    let read = |p: &Path| {
        let mut opened = source::open(p, &OpenOptions::default()).expect("opens");
        let mut rows = Vec::new();
        let mut record = Record::default();
        while opened.source.next_record(&mut record).expect("reads") {
            let cells: Vec<(String, _)> = (0..record.len())
                .map(|i| (record.get(i).unwrap_or_default().to_owned(), record.kind(i)))
                .collect();
            rows.push((record.row, cells));
        }
        rows
    };
    let shipped = read(&repo("examples/enterprise_registration.xlsx"));
    assert!(shipped.len() > 30, "{} rows", shipped.len());
    assert_eq!(shipped, read(&fresh));
}

/// Writes `examples/enterprise_registration.xlsx` (run with `--ignored` after changing the
/// generator, then update the expected file).
#[test]
#[ignore = "regenerates the shipped example"]
fn regenerate_xlsx_example() {
    write_example(&repo("examples/enterprise_registration.xlsx"));
}
