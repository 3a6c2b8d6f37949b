//! Every JSON the tool writes is described by a schema in `schemas/`: real output of each
//! command validates against its schema, and a broken document does not.

use crate::support::{govdict, stdout_json};

fn schema(name: &str) -> jsonschema::Validator {
    let path = format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("schema file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&value).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what} breaks its schema: {errors:#?}");
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let output = govdict().args(args).output().expect("runs");
    stdout_json(&output)
}

#[test]
fn check_output_matches_its_schema() {
    let v = schema("check.schema.json");
    let clean = json_of(&["check", "--format", "json"]);
    assert_valid(&v, &clean, "check of the default dictionary");
    let broken = json_of(&[
        "check",
        "--dict",
        "tests/fixtures/dicts/duplicate-element-id.yaml",
        "--format",
        "json",
    ]);
    assert!(!broken["problems"].as_array().expect("problems").is_empty());
    assert_valid(&v, &broken, "check of a broken dictionary");
    let mut tampered = broken.clone();
    tampered["problems"][0]["line"] = serde_json::json!(0);
    assert!(!v.is_valid(&tampered), "line 0 must break the schema");
}

#[test]
fn diff_and_release_check_outputs_match_their_schemas() {
    let old = "tests/fixtures/release/v1";
    let new = "tests/fixtures/release/v1.1.0-breaking.yaml";
    let diff = json_of(&["diff", old, new, "--format", "json"]);
    assert!(!diff["changes"].as_array().expect("changes").is_empty());
    let v = schema("diff.schema.json");
    assert_valid(&v, &diff, "diff");
    let mut tampered = diff.clone();
    tampered["changes"][0]["impact"] = serde_json::json!("harmless");
    assert!(
        !v.is_valid(&tampered),
        "an unknown impact must break the schema"
    );

    let gate = json_of(&[
        "release",
        "check",
        "--previous",
        old,
        "--dict",
        new,
        "--format",
        "json",
    ]);
    assert_eq!(gate["passed"], false);
    assert_valid(&schema("release-check.schema.json"), &gate, "release check");
}

#[test]
fn validate_json_matches_the_report_schema() {
    let report = json_of(&[
        "validate",
        "examples/tax_registration.csv",
        "examples/social_insurance_enrolment.csv",
        "--format",
        "json",
    ]);
    assert_eq!(report["files"].as_array().map(Vec::len), Some(2));
    assert_valid(&schema("report.schema.json"), &report, "validate report");
}

#[test]
fn a_config_file_matches_the_config_schema() {
    let text = "dictionary = \"dictionary\"\ndataset = \"tax-registration\"\n";
    let table: toml::Table = toml::from_str(text).expect("toml");
    let doc = serde_json::to_value(table).expect("as JSON");
    let v = schema("config.schema.json");
    assert_valid(&v, &doc, "govdict.toml");
    assert!(!v.is_valid(&serde_json::json!({"dictonary": "typo"})));
}
