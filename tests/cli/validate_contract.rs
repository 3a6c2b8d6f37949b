//! The contract of `govdict validate` (docs/spec.md §4, §5): value privacy in every output format,
//! the JSON report's schema, `--max-findings`, `--fail-on` and exit codes, stdin,
//! `--dataset`, `--encoding`, `--delimiter`.

use serde_json::Value;

use crate::support::{fixture, govdict, stdout_json};
use crate::validate::{csv, dict, id_number, keys, table, temp_file, validate_bytes, Key};

const FORMATS: [&str; 8] = [
    "human", "json", "jsonl", "junit", "sarif", "github", "gitlab", "html",
];
/// Formats that show cell values at all; JUnit, GitHub and GitLab output never carry them.
const FORMATS_WITH_VALUES: [&str; 5] = ["human", "json", "jsonl", "sarif", "html"];

/// Sentinels planted in sensitive and personal columns, each in a cell that fails a check
/// (a value that passes is never shown in any case).
struct Sentinels {
    /// Valid GB 11643 number, planted in the personal mobile number column.
    valid_id: String,
    /// The same number with a wrong check character, in the identity number column.
    invalid_id: String,
    /// A real-looking mobile number, in the identity number column.
    phone: String,
}

fn sentinels() -> Sentinels {
    let valid_id = id_number("44030419851207461");
    let last = if valid_id.ends_with('1') { '2' } else { '1' };
    let invalid_id = format!("{}{last}", &valid_id[..17]);
    Sentinels {
        valid_id,
        invalid_id,
        phone: "13987654321".to_owned(),
    }
}

fn privacy_file(s: &Sentinels) -> Vec<u8> {
    let mut t = table(4);
    t[1][0] = s.invalid_id.clone(); // checksum-failed
    t[2][7] = s.valid_id.clone(); // format-mismatch (18 digits for n11)
    t[3][0] = s.phone.clone(); // format-mismatch (11 characters for c18)
    csv(&t).into_bytes()
}

fn render(path: &std::path::Path, format: &str, show: Option<&str>) -> String {
    let d = dict();
    let mut cmd = govdict();
    cmd.arg("validate").arg("--dict").arg(&d);
    cmd.args(["--format", format]);
    if let Some(show) = show {
        cmd.args(["--show-values", show]);
    }
    let output = cmd.arg(path).output().expect("runs");
    assert_eq!(output.status.code(), Some(1), "{format}: findings exit 1");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn sensitive_values_appear_in_no_format_unless_full() {
    let s = sentinels();
    let (_dir, path) = temp_file("privacy.csv", &privacy_file(&s));
    let planted = [&s.valid_id, &s.invalid_id, &s.phone];
    for format in FORMATS {
        for show in [None, Some("masked"), Some("none")] {
            let out = render(&path, format, show);
            assert!(!out.is_empty(), "{format} {show:?}: some output");
            for value in planted {
                assert!(
                    !out.contains(value.as_str()),
                    "{format} {show:?} shows {value}:\n{out}"
                );
            }
        }
    }
    // The same run with `full` does show them, so the checks above can fail.
    for format in FORMATS_WITH_VALUES {
        let out = render(&path, format, Some("full"));
        for value in planted {
            assert!(out.contains(value.as_str()), "{format} full lacks {value}");
        }
    }
}

#[test]
fn masked_values_keep_a_recognisable_outline() {
    let s = sentinels();
    let (report, _) = validate_bytes(&privacy_file(&s), &[]);
    let values: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["value"].as_str())
        .collect();
    assert_eq!(values.len(), 3, "{report:#}");
    for v in &values {
        assert!(v.contains('*'), "masked: {v}");
    }
    let (report, _) = validate_bytes(&privacy_file(&s), &["--show-values", "none"]);
    assert!(report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f["value"].is_null()));
}

/// A file with many findings of several codes.
fn noisy_file() -> Vec<u8> {
    let mut t = table(12);
    for row in t.iter_mut() {
        row.push(String::new());
    }
    t[0][9] = "备注".to_owned(); // unknown-column (a warning)
    for row in t.iter_mut().skip(1).take(8) {
        row[3] = "abc".to_owned(); // type-mismatch
    }
    t[10][2] = "9".to_owned(); // not-in-codelist
    t[11].push("x".to_owned()); // extra-cell
    csv(&t).into_bytes()
}

#[test]
fn json_report_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(include_str!("../../schemas/report.schema.json"))
        .expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    for (bytes, args) in [
        (noisy_file(), vec![]),
        (noisy_file(), vec!["--max-findings", "2"]),
        (csv(&table(3)).into_bytes(), vec![]),
        (Vec::new(), vec![]),
    ] {
        let (report, _) = validate_bytes(&bytes, &args);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
    }
    // The validator does reject a broken report.
    let (mut report, _) = validate_bytes(&noisy_file(), &[]);
    report["files"][0]["findings"][0]["row"] = Value::from("two");
    assert!(!validator.is_valid(&report));
}

#[test]
fn max_findings_caps_the_list_but_not_the_counts() {
    let (full, _) = validate_bytes(&noisy_file(), &[]);
    let all = full["files"][0]["findings"].as_array().expect("f").len();
    assert_eq!(all, 11, "{full:#}");
    assert_eq!(full["summary"]["truncated"], false);

    let (cut, code) = validate_bytes(&noisy_file(), &["--max-findings", "3"]);
    assert_eq!(code, 1);
    assert_eq!(cut["files"][0]["findings"].as_array().expect("f").len(), 3);
    assert_eq!(cut["summary"]["truncated"], true);
    let by_code = &cut["files"][0]["summary"]["by_code"];
    assert_eq!(by_code, &full["files"][0]["summary"]["by_code"]);
    assert_eq!(by_code["type-mismatch"], 8);
    assert_eq!(by_code["unknown-column"], 1);
    assert_eq!(cut["summary"]["errors"], full["summary"]["errors"]);
    assert_eq!(cut["summary"]["errors"], 10);
    assert_eq!(cut["summary"]["warnings"], 1);
}

#[test]
fn fail_on_sets_the_exit_code() {
    // Only a warning: an unknown column.
    let mut t = table(2);
    t[0].push("备注".to_owned());
    t[1].push("a".to_owned());
    t[2].push("b".to_owned());
    let warn_only = csv(&t).into_bytes();
    assert_eq!(validate_bytes(&warn_only, &[]).1, 0);
    assert_eq!(validate_bytes(&warn_only, &["--fail-on", "error"]).1, 0);
    assert_eq!(validate_bytes(&warn_only, &["--fail-on", "warning"]).1, 1);
    assert_eq!(validate_bytes(&noisy_file(), &["--fail-on", "never"]).1, 0);
    assert_eq!(validate_bytes(&noisy_file(), &[]).1, 1);
    let clean = csv(&table(2)).into_bytes();
    assert_eq!(validate_bytes(&clean, &["--fail-on", "warning"]).1, 0);
}

#[test]
fn exit_2_for_a_missing_file() {
    let output = govdict()
        .args(["validate", "--dict"])
        .arg(dict())
        .arg("tests/fixtures/validate/no-such-file.csv")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no-such-file.csv"), "{err}");
}

#[test]
fn exit_2_for_an_unknown_dataset_listing_the_datasets() {
    let (_dir, path) = temp_file("a.csv", csv(&table(1)).as_bytes());
    let output = govdict()
        .args(["validate", "--dataset", "no-such-dataset"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no-such-dataset"), "{err}");
    for id in [
        "enterprise-registration",
        "tax-registration",
        "social-insurance-enrolment",
        "resident-registration",
    ] {
        assert!(err.contains(id), "lists {id}: {err}");
    }
}

#[test]
fn exit_2_for_an_invalid_dictionary() {
    let (_dir, path) = temp_file("a.csv", csv(&table(1)).as_bytes());
    let output = govdict()
        .args(["validate", "--dict"])
        .arg(fixture("dicts/unknown-codelist.yaml"))
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty(),
        "no report for an invalid dictionary"
    );
}

#[test]
fn dash_reads_standard_input() {
    let mut t = table(3);
    t[2][3] = "abc".to_owned();
    let output = govdict()
        .args(["validate", "--format", "json", "--dict"])
        .arg(dict())
        .arg("-")
        .write_stdin(csv(&t))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    let want: Vec<Key> = vec![("type-mismatch".to_owned(), Some(3), Some(4))];
    assert_eq!(keys(&report), want);
    assert_eq!(report["files"][0]["rows"], 3);
}

#[test]
fn encoding_option_overrides_detection() {
    let text = csv(&table(3));
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    // Detected: GB18030, clean.
    let (report, code) = validate_bytes(&gb, &[]);
    assert_eq!(report["files"][0]["encoding"], "GB18030");
    assert_eq!(code, 0, "{report:#}");
    // Forced: the same bytes read as UTF-8 are not valid.
    let (report, _) = validate_bytes(&gb, &["--encoding", "utf-8"]);
    assert_eq!(report["files"][0]["encoding"], "UTF-8");
    assert!(keys(&report).iter().any(|k| k.0 == "encoding-error"));
    // An unknown label is a usage error.
    let (_dir, path) = temp_file("a.csv", text.as_bytes());
    let output = govdict()
        .args(["validate", "--encoding", "no-such-encoding"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn delimiter_option() {
    let t = table(3);
    let semi = csv(&t).replace(',', ";");
    let (report, code) = validate_bytes(semi.as_bytes(), &["--delimiter", ";"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["files"][0]["dataset"], "people");
    let tabs = csv(&t).replace(',', "\t");
    let (report, code) = validate_bytes(tabs.as_bytes(), &["--delimiter", "tab"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["files"][0]["columns"].as_array().map(Vec::len),
        Some(9)
    );
    // A wrong delimiter makes one column of each line: the required columns are missing.
    let (report, _) = validate_bytes(semi.as_bytes(), &["--delimiter", ","]);
    assert!(keys(&report).iter().all(|k| k.0 != "type-mismatch"));
    assert_eq!(
        report["files"][0]["columns"].as_array().map(Vec::len),
        Some(1)
    );
    let (_dir, path) = temp_file("a.csv", semi.as_bytes());
    let bad = govdict()
        .args(["validate", "--delimiter", ";;"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}
