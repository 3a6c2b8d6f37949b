//! `govdict check` on broken dictionaries (one per problem class), a clean third-party
//! dictionary in the documented layout, and hostile YAML.

use crate::support::{fixture, govdict, stdout_json};

/// Runs `check --format json` on a fixture and returns (exit code, problems).
fn check_json(rel: &str) -> (i32, Vec<serde_json::Value>) {
    let output = govdict()
        .args(["check", "--format", "json", "--dict"])
        .arg(fixture(rel))
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    let problems = json["problems"].as_array().cloned().unwrap_or_default();
    (output.status.code().unwrap_or(-1), problems)
}

/// Asserts that the fixture fails with `code` at `line`.
fn assert_problem(rel: &str, code: &str, line: u64) {
    let (status, problems) = check_json(rel);
    assert_eq!(status, 1, "{rel}: {problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == code && p["line"] == line && p["severity"] == "error"),
        "{rel}: expected {code} at line {line}, got {problems:#?}"
    );
}

#[test]
fn yaml_syntax() {
    assert_problem("dicts/yaml-syntax.yaml", "yaml-syntax", 17);
}

#[test]
fn duplicate_key() {
    assert_problem("dicts/duplicate-key.yaml", "yaml-duplicate-key", 19);
}

#[test]
fn schema_type() {
    assert_problem("dicts/schema-type.yaml", "schema-violation", 24);
}

#[test]
fn schema_unknown_key() {
    assert_problem("dicts/schema-unknown-key.yaml", "schema-violation", 22);
}

#[test]
fn duplicate_element_id() {
    assert_problem(
        "dicts/duplicate-element-id.yaml",
        "duplicate-element-id",
        22,
    );
}

#[test]
fn duplicate_element_name() {
    assert_problem(
        "dicts/duplicate-element-name.yaml",
        "duplicate-element-name",
        23,
    );
}

#[test]
fn duplicate_synonym() {
    assert_problem("dicts/duplicate-synonym.yaml", "duplicate-synonym", 24);
}

#[test]
fn unknown_codelist() {
    assert_problem("dicts/unknown-codelist.yaml", "unknown-codelist", 25);
}

#[test]
fn unknown_element() {
    assert_problem("dicts/unknown-element.yaml", "unknown-element", 31);
}

#[test]
fn unknown_classification() {
    assert_problem(
        "dicts/unknown-classification.yaml",
        "unknown-classification",
        20,
    );
}

#[test]
fn unknown_superseded_by() {
    assert_problem("dicts/unknown-superseded-by.yaml", "unknown-element", 27);
}

#[test]
fn invalid_format() {
    assert_problem("dicts/invalid-format.yaml", "invalid-format", 18);
}

#[test]
fn invalid_pattern() {
    assert_problem("dicts/invalid-pattern.yaml", "invalid-pattern", 22);
}

#[test]
fn oversized_pattern() {
    assert_problem("dicts/oversized-pattern.yaml", "invalid-pattern", 22);
}

#[test]
fn duplicate_code() {
    assert_problem("dicts/duplicate-code.yaml", "duplicate-code", 12);
}

#[test]
fn superseded_without_replacement() {
    assert_problem(
        "dicts/superseded-without-replacement.yaml",
        "superseded-without-replacement",
        26,
    );
}

#[test]
fn since_after_release() {
    assert_problem("dicts/since-after-release.yaml", "since-after-release", 21);
}

#[test]
fn code_without_codelist() {
    assert_problem(
        "dicts/code-without-codelist.yaml",
        "code-without-codelist",
        24,
    );
}

#[test]
fn unknown_rule() {
    assert_problem("dicts/unknown-rule.yaml", "unknown-rule", 19);
}

#[test]
fn third_party_directory_dictionary_checks_clean() {
    let (status, problems) = check_json("dicts/third-party");
    assert_eq!(status, 0, "{problems:#?}");
    assert!(problems.is_empty(), "{problems:#?}");
    let output = govdict()
        .args(["check", "--format", "json", "--dict"])
        .arg(fixture("dicts/third-party"))
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    assert_eq!(json["dictionary"]["id"], "cn.example.city.elements");
    assert_eq!(json["dictionary"]["version"], "1.2.0");
}

#[test]
fn embedded_default_checks_clean() {
    let output = govdict().args(["check"]).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn alias_bomb_is_refused_by_the_budget() {
    let (status, problems) = check_json("dicts/alias-bomb.yaml");
    assert_eq!(status, 1);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "yaml-limit");
}

#[test]
fn deep_nesting_is_refused_by_the_budget() {
    let (status, problems) = check_json("dicts/deep-nesting.yaml");
    assert_eq!(status, 1);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "yaml-limit");
    assert_eq!(problems[0]["line"], 1);
}

#[test]
fn every_problem_is_reported_at_once() {
    // Duplicate id plus the dangling dataset field it causes: two problems, one run.
    let (_, problems) = check_json("dicts/duplicate-element-id.yaml");
    let codes: Vec<&str> = problems.iter().filter_map(|p| p["code"].as_str()).collect();
    assert_eq!(codes, ["duplicate-element-id", "unknown-element"]);
}

#[test]
fn human_output_shows_the_offending_line() {
    let output = govdict()
        .args(["check", "--dict"])
        .arg(fixture("dicts/unknown-codelist.yaml"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("codelist: gender"), "{out}");
    assert!(out.contains("unknown-codelist"), "{out}");
}

#[test]
fn missing_dictionary_is_exit_2() {
    let output = govdict()
        .args(["check", "--dict", "tests/fixtures/dicts/no-such-dir"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn rule_severity_without_a_rule_is_a_warning() {
    let (status, problems) = check_json("dicts/rule-severity.yaml");
    assert_eq!(status, 0, "{problems:#?}");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "rule-severity-without-rule");
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["line"], 22);
}

#[test]
fn rule_severity_outside_the_schema_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(fixture("dicts/rule-severity.yaml")).expect("fixture");
    let path = dir.path().join("dict.yaml");
    std::fs::write(
        &path,
        text.replacen("rule_severity: warning", "rule_severity: fatal", 1),
    )
    .expect("write");
    let output = govdict()
        .args(["check", "--format", "json", "--dict"])
        .arg(&path)
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        json["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .any(|p| p["code"] == "schema-violation" && p["line"] == 12),
        "{json:#?}"
    );
}

#[test]
fn unique_among_must_name_another_field_of_the_dataset() {
    assert_problem("dicts/unique-among-unknown.yaml", "unknown-element", 32);
}

#[test]
fn duplicate_system_code() {
    // `aac002` and `AAC002` are one code of the one system.
    assert_problem(
        "dicts/duplicate-system-code.yaml",
        "duplicate-system-code",
        25,
    );
}
