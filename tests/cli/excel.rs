//! Spreadsheets through `govdict validate`: xlsx twins of the CSV examples report the same
//! findings, Excel's cell semantics (numbers, dates, errors, formulas), sheets and header
//! rows, the shipped xlsx example, and every corpus workbook ending in a clean outcome.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use govdict::source::{self, OpenOptions, Record};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::support::{govdict, stdout_json};

mod cells;
mod corpus;
mod example;
mod sheets;

/// (row, column, code) of a finding.
type Key = (Option<u64>, Option<u64>, String);

fn key(f: &Value) -> Key {
    (
        f["row"].as_u64(),
        f["column"].as_u64(),
        f["code"].as_str().unwrap_or_default().to_owned(),
    )
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs `govdict validate PATH ARGS… --format json` and returns (exit code, file report).
fn validate(path: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = govdict()
        .arg("validate")
        .arg(path)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report = stdout_json(&output);
    (output.status.code(), report["files"][0].clone())
}

fn findings(file: &Value) -> Vec<Value> {
    file["findings"].as_array().cloned().unwrap_or_default()
}

fn keys(file: &Value) -> BTreeSet<Key> {
    findings(file).iter().map(key).collect()
}

/// The findings with `code`, as (row, column, cell, message) in English.
fn with_code(file: &Value, code: &str) -> Vec<(u64, u64, String, String)> {
    findings(file)
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                f["row"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["cell"].as_str().unwrap_or_default().to_owned(),
                f["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// A1 reference of a 1-based (row, column).
fn a1(row: u64, column: u64) -> String {
    let mut letters = Vec::new();
    let mut c = column;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

/// Reads a CSV with the CSV reader and writes every non-empty cell as a text cell at the
/// same row and column of a one-sheet workbook.
fn xlsx_twin(csv: &Path, out: &Path, sheet: &str) {
    let mut opened = source::open(csv, &OpenOptions::default()).expect("opens");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    let mut record = Record::default();
    while opened.source.next_record(&mut record).expect("reads") {
        let row = u32::try_from(record.row - 1).expect("row");
        for (col, value) in record.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(row, u16::try_from(col).expect("col"), value)
                    .expect("write");
            }
        }
    }
    book.save(out).expect("save");
}

#[test]
fn xlsx_twins_of_the_examples_report_what_the_csvs_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    for stem in [
        "tax_registration",
        "enterprise_registration",
        "social_insurance_enrolment",
        "resident_registration",
    ] {
        let csv = repo(&format!("examples/{stem}.csv"));
        let twin = dir.path().join(format!("{stem}.xlsx"));
        xlsx_twin(&csv, &twin, "导出数据");
        let (csv_code, csv_file) = validate(&csv, &[]);
        let (xlsx_code, xlsx_file) = validate(&twin, &[]);
        // A short CSV record has missing cells; a spreadsheet row always has every cell of
        // the grid, so the twin of a short record is a row whose last cells are empty.
        let csv_keys: BTreeSet<Key> = keys(&csv_file)
            .into_iter()
            .filter(|k| k.2 != "missing-cell")
            .collect();
        assert_eq!(keys(&xlsx_file), csv_keys, "{stem}: findings differ");
        assert!(
            !keys(&csv_file).is_empty(),
            "{stem}: the example has errors"
        );
        assert_eq!(xlsx_code, csv_code, "{stem}: exit code");
        assert_eq!(xlsx_file["rows"], csv_file["rows"], "{stem}: rows");
        assert_eq!(xlsx_file["dataset"], csv_file["dataset"], "{stem}: dataset");
        assert_eq!(xlsx_file["format"], "xlsx");
        assert_eq!(xlsx_file["sheet"], "导出数据");
        assert_eq!(xlsx_file["encoding"], Value::Null);
        for f in findings(&xlsx_file) {
            if let (Some(row), Some(col)) = (f["row"].as_u64(), f["column"].as_u64()) {
                assert_eq!(f["cell"], a1(row, col), "{stem}: {f}");
            }
        }
    }
}
