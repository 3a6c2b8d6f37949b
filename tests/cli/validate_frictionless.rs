//! The frictionless-py structural cases: for each CSV file that frictionless validates
//! without a schema or options (`tests/fixtures/frictionless/expectations.json`), govdict
//! reports the same rows and codes, against a dictionary none of the headers resolve to
//! (`tests/fixtures/frictionless/dict.yaml`), so only structure is judged.
//!
//! How frictionless's errors translate (both number rows physically, the header row of
//! these files is row 1):
//! - `blank-label` → `blank-header`, `duplicate-label` → `duplicate-header`: frictionless
//!   gives label errors no row; govdict places them on the header row.
//! - `extra-cell`, `blank-row`: the same code, row and column.
//! - `missing-cell`: frictionless reports each absent cell; govdict reports a short row
//!   once, at its first absent cell (one defect, one finding). Compared as the lowest
//!   column frictionless reports for the row.
//! - `source-error` (the 0-byte file) → `empty-file`, without row or column.
//! - `type-error`: frictionless infers a type for each column from the data and reports
//!   cells that break it. govdict checks types the dictionary declares and infers none, so
//!   these have no equivalent and are left out of the comparison (each one is listed).
//!
//! Not compared here: cases whose file is not a CSV file (`table.json`, a JSON table;
//! `issue-312.xlsx`, a spreadsheet, compared in `front_end.rs`) and descriptor-level cases.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{fixture, govdict, stdout_json};
use crate::validate::{keys, Key};

/// Frictionless errors with no govdict equivalent, as (file, type, row, field).
const NO_EQUIVALENT: &[(&str, &str, u64, u64)] = &[("capital-invalid.csv", "type-error", 12, 1)];

/// The CSV files compared; every structural case in `expectations.json` with a CSV file
/// must be here, so none is skipped unnoticed.
const FILES: &[&str] = &[
    "invalid.csv",
    "blank-headers.csv",
    "duplicate-headers.csv",
    "defective-rows.csv",
    "blank-rows.csv",
    "blank-rows-multiple.csv",
    "blank-cells.csv",
    "empty.csv",
    "without-rows.csv",
    "table.csv",
    "countries.csv",
    "capital-invalid.csv",
    "capital-valid.csv",
    "long.csv",
];

/// The structural cases: file name → frictionless's expected errors.
fn cases() -> BTreeMap<String, Vec<Value>> {
    let text = std::fs::read_to_string(fixture("frictionless/expectations.json"))
        .expect("expectations.json");
    let all: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    all.into_iter()
        .filter(|e| e["schema"].is_null() && e["options"].is_null() && e["kind"] == "resource")
        .filter_map(|e| {
            let file = e["file"].as_str()?.strip_prefix("data/")?.to_owned();
            file.ends_with(".csv")
                .then(|| (file, e["expected"].as_array().cloned().unwrap_or_default()))
        })
        .collect()
}

/// Frictionless's expected errors in govdict's terms (see the module documentation).
fn translate(file: &str, expected: &[Value]) -> Vec<Key> {
    let mut out = Vec::new();
    let mut short_rows: BTreeMap<u64, u64> = BTreeMap::new();
    for e in expected {
        let kind = e["type"].as_str().expect("type");
        let row = e["row"].as_u64();
        let field = e["field"].as_u64();
        match kind {
            "blank-label" => out.push(("blank-header".to_owned(), Some(1), field)),
            "duplicate-label" => out.push(("duplicate-header".to_owned(), Some(1), field)),
            "extra-cell" | "blank-row" => out.push((kind.to_owned(), row, field)),
            "missing-cell" => {
                let (Some(r), Some(f)) = (row, field) else {
                    panic!("{file}: missing-cell without a cell")
                };
                let first = short_rows.entry(r).or_insert(f);
                *first = (*first).min(f);
            }
            "source-error" => out.push(("empty-file".to_owned(), None, None)),
            other => {
                let listed = NO_EQUIVALENT.iter().any(|&(f, t, r, c)| {
                    f == file && t == other && Some(r) == row && Some(c) == field
                });
                assert!(
                    listed,
                    "{file}: {other} at {row:?}/{field:?} is not translated"
                );
            }
        }
    }
    for (row, column) in short_rows {
        out.push(("missing-cell".to_owned(), Some(row), Some(column)));
    }
    out.sort();
    out
}

fn validate(file: &str) -> Value {
    let output = govdict()
        .args(["validate", "--format", "json", "--dict"])
        .arg(fixture("frictionless/dict.yaml"))
        .arg(fixture(&format!("frictionless/data/{file}")))
        .output()
        .expect("runs");
    stdout_json(&output)
}

#[test]
fn every_structural_csv_case_is_compared() {
    let cases = cases();
    let listed: Vec<&str> = cases.keys().map(String::as_str).collect();
    let mut files = FILES.to_vec();
    files.sort_unstable();
    assert_eq!(listed, files);
}

#[test]
fn same_rows_and_codes_as_frictionless() {
    let mut failures = Vec::new();
    for (file, expected) in cases() {
        let report = validate(&file);
        let want = translate(&file, &expected);
        // Frictionless has no datasets: these files match none of the dictionary's, which
        // govdict reports as `no-dataset`.
        let got: Vec<_> = keys(&report)
            .into_iter()
            .filter(|k| k.0 != "no-dataset")
            .collect();
        if got != want {
            failures.push(format!("{file}:\n  govdict {got:?}\n  expected {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_title_line_above_the_header_keeps_physical_row_numbers() {
    // countries.csv starts with `# clean this data!`: govdict takes it for a title row, so
    // the header is row 2 and data rows keep the numbers frictionless gives them.
    let report = validate("countries.csv");
    let file = &report["files"][0];
    assert_eq!(file["rows"], 5);
    assert_eq!(file["columns"][0]["header"], "id");
}
