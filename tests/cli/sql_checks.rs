//! `export --to sql-checks` and `report`: the query is produced for every dialect, and the
//! findings an engine returns render like validate's own — same fields, counts, schema,
//! exit codes, and never a value. (The query's results are compared with validate's in
//! real engines by ci/sql-checks.sh.)

use serde_json::Value;

use crate::support::{govdict, stdout_json};

const CELL_CODES: [&str; 9] = [
    "required-value",
    "type-mismatch",
    "format-mismatch",
    "pattern-mismatch",
    "not-in-codelist",
    "checksum-failed",
    "out-of-range",
    "duplicate-value",
    "duplicate-key",
];

#[test]
fn sql_checks_is_written_for_each_dialect_and_needs_a_dataset() {
    for dialect in ["postgres", "duckdb", "spark"] {
        let out = govdict()
            .args(["export", "--to", "sql-checks", "--dialect", dialect])
            .args([
                "--dataset",
                "resident-registration",
                "--table",
                "t",
                "--row-id",
                "n",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{dialect}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("FROM t\n"), "{dialect}");
        assert!(text.contains("'checksum-failed'"), "{dialect}");
    }
    let out = govdict()
        .args(["export", "--to", "sql-checks"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = govdict()
        .args(["export", "--to", "sql", "--dialect", "spark"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// validate's cell-level findings of an example, written as an engine would return them.
fn engine_csv(dir: &std::path::Path) -> (std::path::PathBuf, Vec<Value>) {
    let out = govdict()
        .args(["validate", "examples/resident_registration.csv"])
        .args([
            "--dataset",
            "resident-registration",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let report = stdout_json(&out);
    let findings: Vec<Value> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| CELL_CODES.contains(&f["code"].as_str().unwrap()))
        .cloned()
        .collect();
    assert!(!findings.is_empty());
    let mut csv = String::from("row,column,header,element,code,severity,first_row\n");
    for f in &findings {
        let text = |k: &str| match &f[k] {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        csv.push_str(
            &[
                "row",
                "column",
                "header",
                "element",
                "code",
                "severity",
                "first_row",
            ]
            .map(text)
            .join(","),
        );
        csv.push('\n');
    }
    let path = dir.join("findings.csv");
    std::fs::write(&path, csv).unwrap();
    (path, findings)
}

#[test]
fn report_renders_engine_findings_as_validate_does() {
    let dir = tempfile::tempdir().unwrap();
    let (path, expected) = engine_csv(dir.path());
    let out = govdict()
        .arg("report")
        .arg(&path)
        .args(["--dataset", "resident-registration", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors fail the run");
    let report = stdout_json(&out);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/schemas/report.schema.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&report));
    let got = report["files"][0]["findings"].as_array().unwrap();
    let key = |f: &Value| {
        [
            "row",
            "column",
            "cell",
            "header",
            "element",
            "code",
            "severity",
            "first_row",
        ]
        .map(|k| f[k].clone())
    };
    let mut want: Vec<_> = expected.iter().map(key).collect();
    let mut have: Vec<_> = got.iter().map(key).collect();
    want.sort_by_key(|k| format!("{k:?}"));
    have.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(have, want);
    // Values never travel, so none is shown, masked or not.
    assert!(got.iter().all(|f| f["value"].is_null()));

    let out = govdict()
        .arg("report")
        .arg(&path)
        .args([
            "--dataset",
            "resident-registration",
            "--fail-on",
            "never",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sarif = stdout_json(&out);
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        expected.len()
    );
}

#[test]
fn report_of_no_findings_passes_and_of_bad_input_fails() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("none.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = govdict()
        .arg("report")
        .arg(&empty)
        .args(["--dataset", "resident-registration"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "row,column,code\n2,1,not-a-code\n").unwrap();
    let out = govdict()
        .arg("report")
        .arg(&bad)
        .args(["--dataset", "resident-registration"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.csv:2"));
    let out = govdict()
        .arg("report")
        .arg(&empty)
        .args(["--dataset", "no-such"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
