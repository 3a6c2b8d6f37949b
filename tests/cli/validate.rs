//! `govdict validate` on CSV: one test per finding code of docs/spec.md §5, each on a small file
//! against `tests/fixtures/validate/dict.yaml`, asserting every finding of the file (code,
//! row, column), so a test also fails when something extra is reported.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{fixture, govdict, stdout_json};

/// The header of the fixture dataset `people`, in field order.
pub const HEADER: [&str; 9] = [
    "公民身份号码",
    "姓名",
    "性别",
    "年龄",
    "出生日期",
    "邮政编码",
    "统一社会信用代码",
    "手机号码",
    "金额",
];

/// A GB 11643 citizen identity number: 17 digits and their check character.
pub fn id_number(body: &str) -> String {
    let check = govdict::rules::gb11643::check_char(body.as_bytes()).expect("17 digits");
    format!("{body}{}", char::from(check))
}

/// A GB 32100 unified social credit code: 8 leading characters, an 8-character GB 11714
/// organization code body; both check characters computed.
pub fn credit_code(head: &str, org: &str) -> String {
    let org_check = govdict::rules::gb11714::check_char(org.as_bytes()).expect("8 characters");
    let body = format!("{head}{org}{}", char::from(org_check));
    let check = govdict::rules::gb32100::check_char(body.as_bytes()).expect("17 characters");
    format!("{body}{}", char::from(check))
}

/// A valid row of the fixture dataset, distinct for each `n` (below 1000).
pub fn valid_row(n: u32) -> Vec<String> {
    vec![
        id_number(&format!("11010519900101{n:03}")),
        format!("人员{n}"),
        if n.is_multiple_of(2) { "2" } else { "1" }.to_owned(),
        (20 + n % 60).to_string(),
        "1990-01-01".to_owned(),
        "350001".to_owned(),
        credit_code("91350100", &format!("{n:08}")),
        format!("138{n:08}"),
        format!("{n}.50"),
    ]
}

/// CSV text of rows, LF line ends.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// The header and `n` valid rows.
pub fn table(n: u32) -> Vec<Vec<String>> {
    let mut rows = vec![HEADER.iter().map(|h| (*h).to_owned()).collect()];
    rows.extend((1..=n).map(valid_row));
    rows
}

/// A file in a fresh temporary folder (kept alive by the returned guard).
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

pub fn dict() -> PathBuf {
    fixture("validate/dict.yaml")
}

/// Runs `govdict validate --format json` with `args` before the file; the report and the
/// exit code.
pub fn validate_path(path: &Path, args: &[&str]) -> (Value, i32) {
    let output = govdict()
        .arg("validate")
        .args(args)
        .args(["--format", "json"])
        .arg(path)
        .output()
        .expect("runs");
    (stdout_json(&output), output.status.code().unwrap_or(-1))
}

/// Validates `bytes` as a CSV file against the fixture dictionary.
pub fn validate_bytes(bytes: &[u8], args: &[&str]) -> (Value, i32) {
    let (_dir, path) = temp_file("export.csv", bytes);
    let d = dict();
    let mut all = vec!["--dict", d.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    validate_path(&path, &all)
}

/// The findings of the only file of a report.
pub fn findings(report: &Value) -> &Vec<Value> {
    report["files"][0]["findings"]
        .as_array()
        .expect("findings array")
}

pub type Key = (String, Option<u64>, Option<u64>);

/// (code, row, column) of every finding, sorted.
pub fn keys(report: &Value) -> Vec<Key> {
    let mut keys: Vec<Key> = findings(report)
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code").to_owned(),
                f["row"].as_u64(),
                f["column"].as_u64(),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn key(code: &str, row: Option<u64>, column: Option<u64>) -> Key {
    (code.to_owned(), row, column)
}

/// Asserts the file's findings are exactly these (code, row, column).
fn assert_only(report: &Value, want: &[(&str, Option<u64>, Option<u64>)]) {
    let mut want: Vec<Key> = want.iter().map(|&(c, r, k)| key(c, r, k)).collect();
    want.sort();
    assert_eq!(keys(report), want, "report: {report:#}");
}

/// The one finding of `code`.
fn the(report: &Value, code: &str) -> Value {
    let found: Vec<&Value> = findings(report)
        .iter()
        .filter(|f| f["code"] == code)
        .collect();
    assert_eq!(found.len(), 1, "one {code} in {report:#}");
    found[0].clone()
}

/// The fixture table with cell `col` (1-based) of data row `row` (spreadsheet numbering:
/// the first data row is 2) set to `value`.
fn with_cell(rows: u32, row: usize, col: usize, value: &str) -> Vec<u8> {
    let mut t = table(rows);
    t[row - 1][col - 1] = value.to_owned();
    csv(&t).into_bytes()
}

#[test]
fn clean_fixture_has_no_findings_and_exits_0() {
    let (report, code) = validate_bytes(csv(&table(5)).as_bytes(), &[]);
    assert_only(&report, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["files"][0]["dataset"], "people");
    assert_eq!(report["files"][0]["rows"], 5);
}

#[test]
fn empty_file_of_zero_bytes() {
    let (report, code) = validate_bytes(b"", &[]);
    assert_only(&report, &[("empty-file", None, None)]);
    assert_eq!(code, 1);
}

#[test]
fn empty_file_of_blank_lines() {
    let (report, _) = validate_bytes(b"\n\r\n  \n\n", &[]);
    assert_only(&report, &[("empty-file", None, None)]);
}

#[test]
fn blank_header() {
    let mut t = table(2);
    t[0][2] = " ".to_owned();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("blank-header", Some(1), Some(3))]);
    assert_eq!(the(&report, "blank-header")["cell"], "C1");
}

#[test]
fn duplicate_header_after_normalisation() {
    let mut t = table(2);
    // Padded with spaces: the same header once normalised.
    t[0][3] = " 姓名 ".to_owned();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("duplicate-header", Some(1), Some(4))]);
    let f = the(&report, "duplicate-header");
    assert_eq!(f["header"], " 姓名 ");
    assert!(f["message"].as_str().unwrap_or("").contains('2'), "{f}");
}

#[test]
fn unknown_column_suggests_the_closest_element() {
    let mut t = table(2);
    t[0][6] = "统一社会信用代玛".to_owned();
    let (report, code) = validate_bytes(csv(&t).as_bytes(), &["--dataset", "people"]);
    assert_only(&report, &[("unknown-column", Some(1), Some(7))]);
    let f = the(&report, "unknown-column");
    assert_eq!(f["suggestion"], "统一社会信用代码");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        code, 0,
        "a warning does not fail under the default --fail-on"
    );
}

#[test]
fn unknown_column_without_a_close_name_has_no_suggestion() {
    let mut t = table(1);
    t[0].push("内部备注".to_owned());
    t[1].push("x".to_owned());
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("unknown-column", Some(1), Some(10))]);
    assert!(the(&report, "unknown-column").get("suggestion").is_none());
}

#[test]
fn missing_column_names_the_required_element() {
    let t: Vec<Vec<String>> = table(2)
        .into_iter()
        .map(|mut r| {
            r.remove(1);
            r
        })
        .collect();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("missing-column", Some(1), None)]);
    assert_eq!(the(&report, "missing-column")["element"], "DE00002");
}

#[test]
fn extra_cell_at_the_first_cell_past_the_header() {
    let mut t = table(3);
    t[2].push("多余".to_owned());
    t[2].push("更多".to_owned());
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("extra-cell", Some(3), Some(10))]);
}

#[test]
fn missing_cell_in_a_required_field_is_only_missing_cell() {
    let mut t = table(3);
    // Row 3 stops after the identity number: the required name is absent, not empty.
    t[2].truncate(1);
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("missing-cell", Some(3), Some(2))]);
}

#[test]
fn blank_row_of_delimiters_and_of_an_empty_line() {
    let mut text = csv(&table(2));
    text.push_str(",,,,,,,,\n\n");
    text.push_str(&csv(&[valid_row(3)]));
    let (report, _) = validate_bytes(text.as_bytes(), &[]);
    assert_only(
        &report,
        &[("blank-row", Some(4), None), ("blank-row", Some(5), None)],
    );
    assert_eq!(report["files"][0]["rows"], 5);
}

#[test]
fn required_value() {
    let (report, _) = validate_bytes(&with_cell(3, 3, 2, "  "), &[]);
    assert_only(&report, &[("required-value", Some(3), Some(2))]);
}

#[test]
fn type_mismatch_integer_and_date() {
    let mut t = table(3);
    t[1][3] = "3.5".to_owned();
    t[3][4] = "1990-02-30".to_owned();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(
        &report,
        &[
            ("type-mismatch", Some(2), Some(4)),
            ("type-mismatch", Some(4), Some(5)),
        ],
    );
}

#[test]
fn format_mismatch_length_and_decimals() {
    let mut t = table(3);
    t[1][1] = "一二三四五六七八九十一".to_owned();
    t[2][8] = "1.234".to_owned();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(
        &report,
        &[
            ("format-mismatch", Some(2), Some(2)),
            ("format-mismatch", Some(3), Some(9)),
        ],
    );
}

#[test]
fn pattern_mismatch() {
    let (report, _) = validate_bytes(&with_cell(2, 2, 6, "000000"), &[]);
    assert_only(&report, &[("pattern-mismatch", Some(2), Some(6))]);
}

#[test]
fn not_in_codelist_alias_suggests_the_standard_code() {
    let (report, _) = validate_bytes(&with_cell(2, 3, 3, "女"), &[]);
    assert_only(&report, &[("not-in-codelist", Some(3), Some(3))]);
    assert_eq!(the(&report, "not-in-codelist")["suggestion"], "2");
}

#[test]
fn not_in_codelist_unknown_code_has_no_suggestion() {
    let (report, _) = validate_bytes(&with_cell(2, 2, 3, "9"), &[]);
    assert_only(&report, &[("not-in-codelist", Some(2), Some(3))]);
    assert!(the(&report, "not-in-codelist").get("suggestion").is_none());
}

#[test]
fn checksum_failed_gb11643() {
    let good = id_number("11010519900101777");
    let last = if good.ends_with('1') { '2' } else { '1' };
    let bad = format!("{}{last}", &good[..17]);
    let (report, _) = validate_bytes(&with_cell(3, 4, 1, &bad), &[]);
    assert_only(&report, &[("checksum-failed", Some(4), Some(1))]);
    assert_eq!(the(&report, "checksum-failed")["element"], "DE00001");
}

#[test]
fn checksum_failed_gb32100() {
    let good = credit_code("91350100", "77777777");
    let last = if good.ends_with('1') { '2' } else { '1' };
    let bad = format!("{}{last}", &good[..17]);
    let (report, _) = validate_bytes(&with_cell(3, 2, 7, &bad), &[]);
    assert_only(&report, &[("checksum-failed", Some(2), Some(7))]);
}

#[test]
fn out_of_range_above_the_maximum() {
    let (report, _) = validate_bytes(&with_cell(2, 3, 4, "151"), &[]);
    assert_only(&report, &[("out-of-range", Some(3), Some(4))]);
    // The bound itself is inside the range.
    let (report, _) = validate_bytes(&with_cell(2, 3, 4, "150"), &[]);
    assert_only(&report, &[]);
}

#[test]
fn duplicate_value_names_the_first_row() {
    let mut t = table(4);
    t[4][6] = t[2][6].clone();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(&report, &[("duplicate-value", Some(5), Some(7))]);
    assert_eq!(the(&report, "duplicate-value")["first_row"], 3);
}

#[test]
fn duplicate_key_names_the_first_row_on_each_repeat() {
    let mut t = table(5);
    t[3][0] = t[1][0].clone();
    t[5][0] = t[1][0].clone();
    let (report, _) = validate_bytes(csv(&t).as_bytes(), &[]);
    assert_only(
        &report,
        &[
            ("duplicate-key", Some(4), Some(1)),
            ("duplicate-key", Some(6), Some(1)),
        ],
    );
    for f in findings(&report) {
        assert_eq!(f["first_row"], 2, "{f}");
    }
}

#[test]
fn encoding_error_in_utf8_at_its_cell() {
    let mut bytes = csv(&table(2)).into_bytes();
    // An invalid byte inside the name of row 3 (column 2).
    let name = "人员2".as_bytes();
    let at = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("name present");
    bytes.insert(at + name.len(), 0xFF);
    let (report, _) = validate_bytes(&bytes, &["--encoding", "utf-8"]);
    assert_only(&report, &[("encoding-error", Some(3), Some(2))]);
    assert_eq!(report["files"][0]["encoding"], "UTF-8");
    // Detected: 0xFF is not GB18030 either, so the file is read as the UTF-8 it mostly is.
    let (report, _) = validate_bytes(&bytes, &[]);
    assert_only(&report, &[("encoding-error", Some(3), Some(2))]);
    assert_eq!(report["files"][0]["encoding"], "UTF-8");
}

#[test]
fn encoding_error_in_gb18030_at_its_cell() {
    let mut text = csv(&table(3));
    text = text.replace("人员3", "人员3@");
    let (encoded, _, _) = encoding_rs::GB18030.encode(&text);
    // `@` becomes a lead byte followed by a byte no GB18030 sequence allows.
    let bytes: Vec<u8> = encoded
        .iter()
        .flat_map(|&b| if b == b'@' { vec![0x81, 0x20] } else { vec![b] })
        .collect();
    let (report, _) = validate_bytes(&bytes, &["--encoding", "gb18030"]);
    assert_only(&report, &[("encoding-error", Some(4), Some(2))]);
    assert_eq!(report["files"][0]["encoding"], "GB18030");
}

#[test]
fn encoding_error_in_the_header_row() {
    let mut bytes = csv(&table(1)).into_bytes();
    bytes.insert(0, 0xFF);
    let (report, _) = validate_bytes(&bytes, &["--encoding", "utf-8"]);
    let k = keys(&report);
    assert!(
        k.contains(&key("encoding-error", Some(1), Some(1))),
        "{report:#}"
    );
}

#[test]
fn unterminated_quote_at_the_row_it_opens_in() {
    let mut text = csv(&table(2));
    let row3 = valid_row(3);
    text.push_str(&format!("{},\"{}\n", row3[0], row3[1]));
    text.push_str(&csv(&[valid_row(4)]));
    let (report, _) = validate_bytes(text.as_bytes(), &[]);
    // The reader keeps the field's first line and reads on from the next one, so row 5
    // is checked as usual; row 4 lacks the cells after the broken one.
    assert_only(
        &report,
        &[
            ("unterminated-quote", Some(4), None),
            ("missing-cell", Some(4), Some(3)),
        ],
    );
    assert_eq!(report["files"][0]["rows"], 4);
}

#[test]
fn field_too_large_is_reported_once_at_its_cell() {
    let big = "长".repeat(400_000); // 1.2 MB of UTF-8, over the 1 MiB cell limit
    let (report, _) = validate_bytes(&with_cell(2, 3, 2, &big), &[]);
    assert_only(&report, &[("field-too-large", Some(3), Some(2))]);
}

#[test]
fn rows_are_numbered_below_title_rows_and_blank_lines() {
    let mut text = String::from("\n\n人员信息导出（2026 年 11 月）\n\n");
    let mut t = table(3);
    t[3][1] = String::new();
    text.push_str(&csv(&t));
    let (report, _) = validate_bytes(text.as_bytes(), &[]);
    // Header on line 5, so the third data row is row 8, as a spreadsheet shows it.
    assert_only(&report, &[("required-value", Some(8), Some(2))]);
}

#[test]
fn sep_line_is_not_a_row_and_multi_line_records_are_one_row() {
    let mut t = table(3);
    t[1][1] = "\"人员\n1\"".to_owned(); // a quoted name over two lines
    t[3][0] = t[1][0].clone();
    let text = format!("sep=,\n{}", csv(&t));
    let (report, _) = validate_bytes(text.as_bytes(), &[]);
    assert_only(&report, &[("duplicate-key", Some(4), Some(1))]);
    let f = the(&report, "duplicate-key");
    assert_eq!(f["first_row"], 2);
    assert_eq!(f["cell"], "A4");
}

#[test]
fn many_blank_lines_above_the_header() {
    let text = format!("{}{}", "\n".repeat(25), csv(&table(2)));
    let (report, _) = validate_bytes(text.as_bytes(), &[]);
    assert_only(&report, &[]);
    assert_eq!(report["files"][0]["rows"], 2);
}

/// With a memory limit far too small for the uniqueness checks, they go through temporary
/// files: the findings (rows, first rows, order) are those of a run without a limit.
#[test]
fn uniqueness_past_max_memory_finds_the_same_duplicates() {
    let mut t = table(999);
    for i in (7..=999).step_by(7) {
        t[i][6] = t[i / 3 + 1][6].clone();
    }
    for i in (11..=999).step_by(11) {
        t[i][0] = t[i / 2 + 1][0].clone();
    }
    let bytes = csv(&t);
    let (unlimited, _) = validate_bytes(bytes.as_bytes(), &["--max-memory", "0"]);
    let (spilled, _) = validate_bytes(bytes.as_bytes(), &["--max-memory", "1K"]);
    let (default, _) = validate_bytes(bytes.as_bytes(), &[]);
    let duplicates = findings(&unlimited)
        .iter()
        .filter(|f| f["code"] == "duplicate-value" || f["code"] == "duplicate-key")
        .count();
    assert!(duplicates > 200, "{duplicates} duplicates");
    assert_eq!(findings(&spilled), findings(&unlimited));
    assert_eq!(findings(&default), findings(&unlimited));
    let first = findings(&spilled)
        .iter()
        .find(|f| f["code"] == "duplicate-value" && f["row"] == 701)
        .expect("row 701 repeats a credit code");
    assert_eq!(first["first_row"], 235);
}

#[test]
fn max_memory_takes_sizes_and_refuses_nonsense() {
    let bytes = csv(&table(3));
    for size in ["64M", "1G", "512k", "1048576", "2GiB"] {
        let (report, code) = validate_bytes(bytes.as_bytes(), &["--max-memory", size]);
        assert_eq!(code, 0, "{size}");
        assert!(findings(&report).is_empty());
    }
    let (_dir, path) = temp_file("export.csv", bytes.as_bytes());
    let output = govdict()
        .args(["validate", "--max-memory", "lots"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("不是有效的大小"), "{err}");
}
