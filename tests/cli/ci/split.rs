//! `validate --valid-out / --invalid-out`: every data row lands in exactly one output, as
//! it was written, and failing rows carry their codes.

use std::path::{Path, PathBuf};

use crate::support::{govdict, stdout_json};

fn records(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_owned).collect())
        .collect()
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn each_row_goes_to_one_side_unchanged_and_failing_rows_carry_their_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let valid = dir.path().join("ok.csv");
    let invalid = dir.path().join("bad.csv");
    let output = govdict()
        .args([
            "validate",
            "examples/tax_registration.csv",
            "--format",
            "json",
        ])
        .arg("--valid-out")
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&invalid)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);

    let original = records(&repo("examples/tax_registration.csv"));
    let header = original[0].clone();
    let width = header.len();
    let ok = records(&valid);
    let bad = records(&invalid);
    assert_eq!(ok[0], header);
    assert_eq!(bad[0][..width], header[..]);
    assert_eq!(bad[0][width], "govdict_codes");

    // Rows failing in the report, with their codes.
    let mut failing: std::collections::BTreeMap<u64, Vec<String>> = Default::default();
    for f in report["files"][0]["findings"].as_array().expect("findings") {
        if f["severity"] == "error" {
            if let Some(row) = f["row"].as_u64().filter(|&r| r > 1) {
                failing
                    .entry(row)
                    .or_default()
                    .push(f["code"].as_str().expect("code").to_owned());
            }
        }
    }
    assert_eq!(bad.len() - 1, failing.len());
    assert_eq!(ok.len() - 1 + bad.len() - 1, original.len() - 1);

    // Put the two outputs back together in row order: the original, cell for cell.
    let (mut ok_rows, mut bad_rows) = (ok[1..].iter(), bad[1..].iter());
    for (i, row) in original[1..].iter().enumerate() {
        let number = i as u64 + 2;
        match failing.get(&number) {
            Some(codes) => {
                let got = bad_rows.next().expect("an invalid row");
                let mut cells = got[..width].to_vec();
                cells.extend(got[width + 1..].iter().cloned());
                // Short rows are padded to the header's width.
                cells.truncate(row.len().max(width));
                let mut want = row.clone();
                want.resize(cells.len(), String::new());
                assert_eq!(cells, want, "row {number}");
                // `header: code` for a column's finding, `code` for the row's.
                let mut listed: Vec<&str> = got[width]
                    .split("; ")
                    .map(|entry| entry.rsplit(": ").next().unwrap_or(entry))
                    .collect();
                listed.sort_unstable();
                let mut codes: Vec<&str> = codes.iter().map(String::as_str).collect();
                codes.sort_unstable();
                codes.dedup();
                assert_eq!(listed, codes, "row {number}");
            }
            None => assert_eq!(ok_rows.next(), Some(row), "row {number}"),
        }
    }
}

#[test]
fn cells_keep_their_text_formulas_and_line_breaks_included() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(repo("tests/fixtures/ci/residents.csv")).expect("fixture");
    // A name that a spreadsheet would run as a formula: the split leaves it alone.
    let input = dir.path().join("residents.csv");
    std::fs::write(&input, text.replacen("曾明英", "=1+2", 1)).expect("write");
    let valid = dir.path().join("ok.csv");
    let invalid = dir.path().join("bad.csv");
    govdict()
        .arg("validate")
        .arg(&input)
        .arg("--valid-out")
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&invalid)
        .output()
        .expect("runs");
    let ok = records(&valid);
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[1][1], "=1+2");
    let bad = records(&invalid);
    assert_eq!(bad.len(), 3);
    assert_eq!(bad[1][10], "福建省福州市晋安区杨桥中路56号\n2单元");
    // `header: code` (one format with `conform`'s rejects).
    assert!(bad[1][14].ends_with(": format-mismatch"), "{}", bad[1][14]);
    assert_eq!(bad[2][0], "350121201607013360");
    assert_eq!(bad[2][14], "公民身份号码: checksum-failed");
    // Written for people: UTF-8 with a byte-order mark, so Excel reads it as UTF-8.
    let bytes = std::fs::read(&invalid).expect("read");
    assert!(bytes.starts_with("\u{feff}公民身份号码".as_bytes()));
}

#[test]
fn several_inputs_write_into_folders_by_stem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let valid = dir.path().join("valid");
    let invalid = dir.path().join("nested/invalid");
    let output = govdict()
        .args([
            "validate",
            "examples/tax_registration.csv",
            "examples/tax_registration_clean.csv",
            "tests/fixtures/ci/residents.csv",
        ])
        .arg("--valid-out")
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&invalid)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let mut names: Vec<String> = std::fs::read_dir(&valid)
        .expect("valid folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "residents.valid.csv",
            "tax_registration.valid.csv",
            "tax_registration_clean.valid.csv"
        ]
    );
    // The clean export has no failing row: its invalid output is the header alone.
    let clean_bad = records(&invalid.join("tax_registration_clean.invalid.csv"));
    assert_eq!(clean_bad.len(), 1);
    let clean_ok = records(&valid.join("tax_registration_clean.valid.csv"));
    assert_eq!(
        clean_ok,
        records(&repo("examples/tax_registration_clean.csv"))
    );
    assert_eq!(
        records(&invalid.join("tax_registration.invalid.csv")).len(),
        13
    );
}

#[test]
fn a_warning_threshold_fails_blank_rows_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(repo("examples/tax_registration_clean.csv")).expect("read");
    let mut lines: Vec<&str> = text.lines().collect();
    let blank = ",".repeat(14);
    lines.insert(2, &blank);
    let input = dir.path().join("tax.csv");
    std::fs::write(&input, lines.join("\n") + "\n").expect("write");
    for (fail_on, invalid_rows) in [("error", 0), ("warning", 1)] {
        let invalid = dir.path().join(format!("bad-{fail_on}.csv"));
        govdict()
            .arg("validate")
            .arg(&input)
            .args(["--fail-on", fail_on])
            .arg("--invalid-out")
            .arg(&invalid)
            .output()
            .expect("runs");
        let bad = records(&invalid);
        assert_eq!(bad.len() - 1, invalid_rows, "--fail-on {fail_on}");
        if invalid_rows == 1 {
            assert_eq!(bad[1].last().map(String::as_str), Some("blank-row"));
        }
    }
}

#[test]
fn an_output_over_an_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("tax.csv");
    std::fs::copy(repo("examples/tax_registration.csv"), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    let valid = dir.path().join("ok.csv");
    let output = govdict()
        .arg("validate")
        .arg(&input)
        .arg("--valid-out")
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read(&input).expect("read"), before);
    assert!(!valid.exists(), "half a split was left behind");
    let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(leftovers, 1, "temporary files were left behind");
}

#[test]
fn findings_cut_by_max_findings_still_fail_their_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let invalid = dir.path().join("bad.csv");
    let output = govdict()
        .args([
            "validate",
            "examples/tax_registration.csv",
            "--max-findings",
            "1",
        ])
        .arg("--invalid-out")
        .arg(&invalid)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    // The twelve failing rows of the example, though the report lists one finding.
    assert_eq!(records(&invalid).len() - 1, 12);
}
