//! `validate`, `map suggest` and `conform` read an export through one front end: the same
//! header, under a title merged across a workbook's columns or under blank lines and a
//! title row in a CSV file, with or without `--header-row`.

use std::path::{Path, PathBuf};

use crate::support::{govdict, stdout_json};

const TITLE: &str = "企业登记信息（2024 年）";

/// The header and three data rows of the clean enterprise example.
fn table() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/enterprise_registration_clean.csv"),
    )
    .expect("example");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .take(4)
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

/// A workbook: the title in A1 merged across every column, the header in row 2.
fn workbook(dir: &Path) -> PathBuf {
    let rows = table();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let last = (rows[0].len() - 1) as u16;
    sheet
        .merge_range(0, 0, 0, last, TITLE, &rust_xlsxwriter::Format::new())
        .expect("merge");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16, cell)
                .expect("cell");
        }
    }
    let path = dir.join("titled.xlsx");
    book.save(&path).expect("save");
    path
}

/// A CSV file: two blank lines and a title row, the header on line 4.
fn text_file(dir: &Path) -> PathBuf {
    let mut writer = csv::Writer::from_writer(format!("\n\n{TITLE}\n").into_bytes());
    for row in table() {
        writer.write_record(&row).expect("row");
    }
    let text = writer.into_inner().expect("flush");
    let path = dir.join("titled.csv");
    std::fs::write(&path, text).expect("write");
    path
}

/// The inputs, each with the row its header is on.
fn inputs(dir: &Path) -> Vec<(PathBuf, u64)> {
    vec![(workbook(dir), 2), (text_file(dir), 4)]
}

/// Runs `args` once without and once with `--header-row`.
fn variants(header_row: u64) -> [Vec<String>; 2] {
    [
        Vec::new(),
        vec!["--header-row".to_owned(), header_row.to_string()],
    ]
}

#[test]
fn validate_finds_the_header_under_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = &table()[0];
    for (path, header_row) in inputs(dir.path()) {
        for extra in variants(header_row) {
            let output = govdict()
                .arg("validate")
                .arg(&path)
                .args(["--dataset", "enterprise-registration", "--format", "json"])
                .args(&extra)
                .output()
                .expect("runs");
            let report = stdout_json(&output);
            let file = &report["files"][0];
            let columns: Vec<&str> = file["columns"]
                .as_array()
                .expect("columns")
                .iter()
                .map(|c| c["header"].as_str().expect("header"))
                .collect();
            assert_eq!(columns, *header, "{} {extra:?}", path.display());
            assert_eq!(file["rows"], 3, "{} {extra:?}", path.display());
            assert_eq!(
                report["summary"]["errors"],
                0,
                "{} {extra:?}: {:#}",
                path.display(),
                file["findings"]
            );
            assert_eq!(output.status.code(), Some(0));
        }
    }
}

#[test]
fn map_suggest_maps_the_header_not_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = &table()[0];
    for (path, header_row) in inputs(dir.path()) {
        for extra in variants(header_row) {
            let output = govdict()
                .args(["map", "suggest"])
                .arg(&path)
                .args(["--dataset", "enterprise-registration", "--format", "csv"])
                .args(&extra)
                .output()
                .expect("runs");
            assert_eq!(output.status.code(), Some(0), "{output:?}");
            let text = String::from_utf8(output.stdout).expect("utf-8");
            let sources: Vec<String> = csv::Reader::from_reader(text.as_bytes())
                .records()
                .map(|r| r.expect("record")[0].to_owned())
                .collect();
            assert_eq!(sources, *header, "{} {extra:?}", path.display());
            assert!(!text.contains(TITLE), "{text}");
        }
    }
}

#[test]
fn conform_reads_the_rows_below_the_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = table();
    for (path, header_row) in inputs(dir.path()) {
        for extra in variants(header_row) {
            let out = dir.path().join("standard.csv");
            let output = govdict()
                .arg("conform")
                .arg(&path)
                .args(["--mapping", "examples/mappings/enterprise.yaml", "--output"])
                .arg(&out)
                .args(&extra)
                .output()
                .expect("runs");
            let summary = String::from_utf8_lossy(&output.stdout).to_string();
            assert!(
                summary.contains("3 rows read, 3 written, 0 rejected"),
                "{} {extra:?}: {summary}{}",
                path.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            let written = std::fs::read_to_string(&out).expect("output");
            let lines: Vec<&str> = written.lines().collect();
            assert_eq!(lines.len(), 4, "{written}");
            assert!(lines[1].starts_with(&rows[1][0]), "{written}");
            assert!(!written.contains(TITLE), "{written}");
        }
    }
}

#[test]
fn a_sheet_header_is_as_wide_as_its_rows() {
    // frictionless's issue-312: header `id, name, , name, ` over A1:E6, the fifth header
    // cell not stored. Its column is a blank header, not an extra cell of row 6.
    let output = govdict()
        .args([
            "validate",
            "tests/fixtures/frictionless/data/issue-312.xlsx",
        ])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report = stdout_json(&output);
    let findings = report["files"][0]["findings"].as_array().expect("findings");
    let at = |code: &str| -> Vec<(u64, u64)> {
        findings
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| {
                (
                    f["row"].as_u64().unwrap_or(0),
                    f["column"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    assert_eq!(at("blank-header"), [(1, 3), (1, 5)], "{findings:#?}");
    assert_eq!(at("duplicate-header"), [(1, 4)], "{findings:#?}");
    assert_eq!(at("blank-row"), [(5, 0)], "{findings:#?}");
    assert_eq!(at("extra-cell"), [], "{findings:#?}");
}
