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

/// `validate postgres://…` and what it refuses, without a server.
fn validate_pg(args: &[&str]) -> (Option<i32>, String) {
    let out = govdict().arg("validate").args(args).output().unwrap();
    assert!(out.stdout.is_empty(), "no report on a failure");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_postgres_url_is_one_input_with_a_table_and_table_options_only() {
    let url = "postgres://me:hunter2@/db?host=/nonexistent&table=t";
    let cases: [(&[&str], &str); 5] = [
        (
            &[url, "examples/resident_registration.csv"],
            "must be the only input",
        ),
        (
            &["examples/resident_registration.csv", "--row-id", "n"],
            "--row-id applies to a postgres:// input only",
        ),
        (
            &[
                url,
                "--mapping",
                "m.yaml",
                "--dataset",
                "resident-registration",
            ],
            "--mapping does not apply",
        ),
        (
            &[
                "postgres://me:hunter2@/db?host=/x",
                "--dataset",
                "resident-registration",
            ],
            "names no table",
        ),
        (
            &[
                "postgresql://me:hunter2@/db?table=a..b",
                "--dataset",
                "resident-registration",
            ],
            "should be NAME",
        ),
    ];
    for (args, said) in cases {
        let (code, stderr) = validate_pg(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(!stderr.contains("hunter2"), "{args:?}: {stderr}");
    }
}

#[cfg(not(feature = "postgres"))]
#[test]
fn without_the_feature_a_postgres_url_says_how_to_build() {
    let (code, stderr) = validate_pg(&[
        "postgres://me:hunter2@/db?host=/nonexistent&table=t",
        "--dataset",
        "resident-registration",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--features postgres"), "{stderr}");
    assert!(stderr.contains("不含 PostgreSQL 支持"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[cfg(feature = "postgres")]
#[test]
fn a_server_that_is_not_there_is_an_error_without_the_password() {
    let (code, stderr) = validate_pg(&[
        "postgres://me:hunter2@/db?host=/nonexistent-govdict-socket&table=t",
        "--dataset",
        "resident-registration",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "cannot connect to postgres://me@/db?host=/nonexistent-govdict-socket&table=t"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}
