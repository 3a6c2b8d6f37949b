//! The shipped examples: every deliberate error documented in `examples/expected/` is
//! reported at its row and column with its code, and nothing else is reported.

use std::collections::BTreeSet;

use crate::support::{govdict, stdout_json};

type Key = (Option<u64>, Option<u64>, String);

fn expected(stem: &str) -> (serde_json::Value, BTreeSet<Key>) {
    let path = format!(
        "{}/examples/expected/{stem}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("expected file");
    let v: serde_json::Value = serde_json::from_str(&text).expect("expected JSON");
    let keys = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["row"].as_u64(),
                f["column"].as_u64(),
                f["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    (v, keys)
}

fn check_example(stem: &str) {
    let (expected, want) = expected(stem);
    let output = govdict()
        .args([
            "validate",
            &format!("examples/{stem}.csv"),
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let report = stdout_json(&output);
    let file = &report["files"][0];
    let got: BTreeSet<Key> = file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["row"].as_u64(),
                f["column"].as_u64(),
                f["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    assert_eq!(got, want, "{stem}: findings differ from examples/expected");
    assert_eq!(file["dataset"], expected["dataset"], "{stem}: dataset");
    assert_eq!(file["encoding"], expected["encoding"], "{stem}: encoding");
    assert_eq!(file["rows"], expected["rows"], "{stem}: rows");
    let code = output.status.code();
    if want.is_empty() {
        assert_eq!(code, Some(0), "{stem}: a clean file exits 0");
    } else {
        assert_eq!(code, Some(1), "{stem}: errors exit 1");
    }
}

#[test]
fn enterprise_registration() {
    check_example("enterprise_registration");
    check_example("enterprise_registration_clean");
}

#[test]
fn tax_registration_with_departmental_headers() {
    check_example("tax_registration");
    check_example("tax_registration_clean");
}

#[test]
fn social_insurance_in_gb18030() {
    check_example("social_insurance_enrolment");
    check_example("social_insurance_enrolment_clean");
}

#[test]
fn resident_registration_pipe_delimited() {
    check_example("resident_registration");
    check_example("resident_registration_clean");
}
