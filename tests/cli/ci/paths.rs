//! Paths and fingerprints as CI consumers see them, and a job summary that cannot be
//! written.

use std::collections::HashSet;
use std::path::Path;

use super::RESIDENTS;
use crate::support::{govdict, stdout_json};

fn absolute(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

#[test]
fn absolute_and_parent_paths_become_repository_relative() {
    let abs = absolute(RESIDENTS);
    let sarif = stdout_json(
        &govdict()
            .args(["validate", &abs, "--format", "sarif", "--fail-on", "never"])
            .output()
            .expect("runs"),
    );
    let location = &sarif["runs"][0]["artifacts"][0]["location"];
    assert_eq!(location["uri"], RESIDENTS, "{location}");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");

    // From a subfolder, `../` inputs; with --base-dir, relative to that folder.
    let output = govdict()
        .current_dir(absolute("tests"))
        .args([
            "validate",
            "../tests/fixtures/ci/residents.csv",
            "--format",
            "gitlab",
        ])
        .output()
        .expect("runs");
    assert_eq!(stdout_json(&output)[0]["location"]["path"], RESIDENTS);
    let output = govdict()
        .args([
            "validate",
            &abs,
            "--format",
            "junit",
            "--base-dir",
            "tests/fixtures",
        ])
        .output()
        .expect("runs");
    let xml = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(xml.contains("file=\"ci/residents.csv\""), "{xml}");
    assert!(!xml.contains(&abs), "{xml}");

    let output = govdict()
        .args(["validate", RESIDENTS, "--base-dir", "no/such/folder"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--base-dir"));
}

#[test]
fn fingerprints_are_unique_and_the_same_from_another_folder() {
    let prints = |dir: &str, input: &str| -> Vec<String> {
        let output = govdict()
            .current_dir(absolute(dir))
            .args(["validate", input, "--format", "sarif", "--fail-on", "never"])
            .output()
            .expect("runs");
        let doc = stdout_json(&output);
        doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["partialFingerprints"]["govdict/v2"]
                    .as_str()
                    .expect("print")
                    .to_owned()
            })
            .collect()
    };
    let here = prints(".", "examples/");
    assert!(here.len() > 40, "{}", here.len());
    assert_eq!(here.iter().collect::<HashSet<_>>().len(), here.len());
    assert_eq!(here, prints(".", "examples/"));
    assert_eq!(here, prints("src", "../examples/"));
}

#[test]
fn an_unwritable_step_summary_is_a_warning() {
    let output = govdict()
        .args(["validate", RESIDENTS, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", "/nonexistent-folder/summary.md")
        .output()
        .expect("runs");
    // The findings decide the exit code, as without a summary.
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("$GITHUB_STEP_SUMMARY"), "{stderr}");
    assert!(
        stderr.contains("/nonexistent-folder/summary.md"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("::error file="));
}
