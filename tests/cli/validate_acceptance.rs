//! Acceptance: a generated 500-row export of the default dictionary's
//! `enterprise-registration` dataset with injected errors. Every injected error is
//! reported at its row and column with its code, and nothing else is; the same export in
//! GB18030 under departmental synonym headers gives the same findings; the clean export
//! exits 0.
//!
//! The data is generated, deterministically: credit codes get both check characters from
//! `govdict::rules`, divisions are real GB/T 2260 codes of Fuzhou.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::govdict;
use crate::validate::{credit_code, csv, keys, temp_file, Key};

const ROWS: usize = 500;

/// Standard names of the dataset's fields, in field order.
const STANDARD: [&str; 15] = [
    "统一社会信用代码",
    "企业名称",
    "登记注册类型",
    "法定代表人姓名",
    "注册资本",
    "成立日期",
    "住所",
    "行政区划代码",
    "行业门类",
    "经营范围",
    "登记状态",
    "登记机关",
    "手机号码",
    "电子邮箱",
    "从业人数",
];

/// The same columns as a department names them: synonyms and identifiers.
const DEPARTMENTAL: [&str; 15] = [
    "SHXYDM",
    "公司名称",
    // The statistical registration type (登记注册类型); `企业类型` names the market
    // supervision list, another element.
    "经济类型",
    "法人代表",
    "注册资金",
    "成立时间",
    "注册地址",
    "区划代码",
    "门类代码",
    "业务范围",
    "经营状态",
    "登记管理机关",
    "手机号",
    "邮箱",
    "CYRS",
];

const DIVISIONS: [&str; 6] = ["350102", "350103", "350104", "350105", "350111", "350121"];
const TYPES: [&str; 5] = ["100", "110", "120", "150", "159"];
const SECTIONS: [&str; 6] = ["A", "C", "E", "F", "I", "L"];

fn valid_row(n: usize) -> Vec<String> {
    let division = DIVISIONS[n % DIVISIONS.len()];
    vec![
        credit_code(&format!("91{division}"), &format!("{:08}", 20_000_000 + n)),
        format!("示例{n}号科技有限公司"),
        TYPES[n % TYPES.len()].to_owned(),
        "张三".to_owned(),
        format!("{}.{:02}", 100 + n, n % 100),
        format!("20{:02}-{:02}-{:02}", n % 20, n % 12 + 1, n % 28 + 1),
        format!("福州市示例路{n}号"),
        division.to_owned(),
        SECTIONS[n % SECTIONS.len()].to_owned(),
        "软件开发；技术服务".to_owned(),
        if n.is_multiple_of(7) { "2" } else { "1" }.to_owned(),
        "福州市市场监督管理局".to_owned(),
        format!("139{n:08}"),
        format!("contact{n}@example.com"),
        (n % 500).to_string(),
    ]
}

/// Data rows (index 0 is spreadsheet row 2), the findings injected into them, and (row,
/// standard code) of the injected aliases.
type Export = (Vec<Vec<String>>, BTreeSet<Key>, Vec<(u64, &'static str)>);

fn export(inject: bool) -> Export {
    let mut rows: Vec<Vec<String>> = (0..ROWS).map(valid_row).collect();
    let mut want = BTreeSet::new();
    let mut suggestions = Vec::new();
    if !inject {
        return (rows, want, suggestions);
    }
    let mut set = |row: u64, col: usize, value: String, code: &str| {
        rows[row as usize - 2][col - 1] = value;
        want.insert((code.to_owned(), Some(row), Some(col as u64)));
    };
    let good = credit_code("91350102", "12345678");
    let wrong = if good.ends_with('1') { '2' } else { '1' };
    set(12, 1, format!("{}{wrong}", &good[..17]), "checksum-failed");
    set(30, 2, String::new(), "required-value");
    set(45, 3, "有限公司".to_owned(), "not-in-codelist");
    suggestions.push((45, "150"));
    set(60, 5, "-5".to_owned(), "out-of-range");
    set(77, 6, "2020/01/05".to_owned(), "type-mismatch");
    set(90, 8, "350199".to_owned(), "not-in-codelist");
    set(101, 9, "Z".to_owned(), "not-in-codelist");
    set(150, 13, "1390000015".to_owned(), "format-mismatch");
    set(
        170,
        14,
        "contact170.example.com".to_owned(),
        "format-mismatch",
    );
    set(200, 15, "12.5".to_owned(), "type-mismatch");
    set(330, 4, "张".repeat(51), "format-mismatch");
    set(350, 1, good[..17].to_owned(), "format-mismatch");
    set(400, 11, "在营".to_owned(), "not-in-codelist");
    suggestions.push((400, "1"));
    set(450, 6, "1899-12-31".to_owned(), "out-of-range");
    // Empty optional cells are fine.
    rows[480 - 2][9] = String::new();
    rows[481 - 2][11] = String::new();
    // A repeated primary key and a repeated unique name, each naming the first row.
    rows[220 - 2][0] = rows[5 - 2][0].clone();
    want.insert(("duplicate-key".to_owned(), Some(220), Some(1)));
    rows[240 - 2][1] = rows[8 - 2][1].clone();
    want.insert(("duplicate-value".to_owned(), Some(240), Some(2)));
    // Structure: a row too long, a row too short, a blank row.
    rows[260 - 2].push("多余".to_owned());
    want.insert(("extra-cell".to_owned(), Some(260), Some(16)));
    rows[280 - 2].truncate(12);
    want.insert(("missing-cell".to_owned(), Some(280), Some(13)));
    rows[300 - 2] = vec![String::new(); 15];
    want.insert(("blank-row".to_owned(), Some(300), None));
    (rows, want, suggestions)
}

fn file_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut all = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    all.extend_from_slice(rows);
    csv(&all)
}

fn run(bytes: &[u8]) -> (Value, i32) {
    let (_dir, path) = temp_file("enterprises.csv", bytes);
    let output = govdict()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    let report = crate::support::stdout_json(&output);
    (report, output.status.code().unwrap_or(-1))
}

fn first_rows(report: &Value) -> Vec<(String, u64, u64)> {
    let mut v: Vec<(String, u64, u64)> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| {
            Some((
                f["code"].as_str()?.to_owned(),
                f["row"].as_u64()?,
                f["first_row"].as_u64()?,
            ))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn generated_values_are_valid_on_their_own() {
    for d in DIVISIONS {
        assert!(
            govdict::rules::gb2260::contains(d),
            "{d} is a GB/T 2260 code"
        );
    }
    for n in [0, 1, 499] {
        let code = &valid_row(n)[0];
        assert!(govdict::rules::gb32100::check(code).is_ok(), "{code}");
    }
}

#[test]
fn clean_export_has_no_findings_and_exits_0() {
    let (rows, _, _) = export(false);
    let (report, code) = run(file_text(&STANDARD, &rows).as_bytes());
    assert_eq!(keys(&report), Vec::<Key>::new(), "{report:#}");
    assert_eq!(code, 0);
    let file = &report["files"][0];
    assert_eq!(file["dataset"], "enterprise-registration");
    assert_eq!(file["rows"], ROWS as u64);
}

#[test]
fn every_injected_error_and_nothing_else() {
    let (rows, want, suggestions) = export(true);
    let (report, code) = run(file_text(&STANDARD, &rows).as_bytes());
    let got: BTreeSet<Key> = keys(&report).into_iter().collect();
    assert_eq!(got, want, "{report:#}");
    assert_eq!(keys(&report).len(), want.len(), "no finding twice");
    assert_eq!(code, 1);
    assert_eq!(
        first_rows(&report),
        vec![
            ("duplicate-key".to_owned(), 220, 5),
            ("duplicate-value".to_owned(), 240, 8)
        ]
    );
    let findings = report["files"][0]["findings"].as_array().expect("findings");
    for (row, suggestion) in suggestions {
        let f = findings
            .iter()
            .find(|f| f["row"] == row && f["code"] == "not-in-codelist")
            .expect("alias finding");
        assert_eq!(f["suggestion"], suggestion, "{f}");
    }
    let summary = &report["files"][0]["summary"];
    assert_eq!(summary["errors"], want.len() as u64 - 1);
    assert_eq!(summary["warnings"], 1, "the blank row");
}

#[test]
fn gb18030_with_departmental_headers_gives_the_same_findings() {
    let (rows, want, _) = export(true);
    let text = file_text(&DEPARTMENTAL, &rows);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really not UTF-8 any more"
    );
    let (report, _) = run(&bytes);
    let file = &report["files"][0];
    assert_eq!(file["encoding"], "GB18030");
    assert_eq!(file["dataset"], "enterprise-registration");
    let got: BTreeSet<Key> = keys(&report).into_iter().collect();
    assert_eq!(got, want, "{report:#}");
    let columns = file["columns"].as_array().expect("columns");
    assert_eq!(columns.len(), 15);
    for c in columns {
        assert!(
            matches!(c["method"].as_str(), Some("synonym" | "identifier")),
            "{c}"
        );
        assert!(c["element"].is_string(), "{c}");
    }
    // Findings name the header as the file writes it.
    let f = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["row"] == 12)
        .expect("row 12")
        .clone();
    assert_eq!(f["header"], "SHXYDM");
    assert_eq!(f["element"], "DE01001");
}
