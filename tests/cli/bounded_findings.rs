//! Findings are listed up to a bound per file by default, and every count stays exact:
//! per code, per column, in the HTML chart, in every format.

use crate::support::{fixture, govdict, stdout_json};

/// An export of `rows` data rows whose age is never a number (one error per row).
fn all_invalid(dir: &std::path::Path, rows: usize) -> std::path::PathBuf {
    let path = dir.join("ages.csv");
    let mut text = String::from("姓名,年龄\n");
    for i in 0..rows {
        text.push_str(&format!("人{i},x\n"));
    }
    std::fs::write(&path, text).expect("write");
    path
}

fn validate(file: &std::path::Path, args: &[&str]) -> std::process::Output {
    govdict()
        .args(["--lang", "en", "--dict"])
        .arg(fixture("validate/dict.yaml"))
        .arg("validate")
        .arg(file)
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn findings_are_bounded_by_default_and_counts_stay_exact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = all_invalid(dir.path(), 1100);
    let output = validate(&file, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    let f = &report["files"][0];
    assert_eq!(f["findings"].as_array().expect("findings").len(), 1000);
    assert_eq!(f["truncated"], true);
    assert_eq!(report["summary"]["truncated"], true);
    // Every age, and the missing required identity number column.
    assert_eq!(f["summary"]["errors"], 1101);
    assert_eq!(f["summary"]["by_code"]["type-mismatch"], 1100);
    let by_column = f["summary"]["by_column"].as_array().expect("by_column");
    assert_eq!(by_column.len(), 1, "{by_column:?}");
    assert_eq!(by_column[0]["column"], 2);
    assert_eq!(by_column[0]["header"], "年龄");
    assert_eq!(by_column[0]["errors"], 1100);
}

#[test]
fn max_findings_cuts_the_list_not_the_column_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = all_invalid(dir.path(), 40);
    let human = validate(&file, &["--max-findings", "5"]);
    let text = String::from_utf8_lossy(&human.stdout);
    // The per-column table counts all 40, not the 5 listed.
    let line = text
        .lines()
        .find(|l| l.contains("2 年龄"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(" 40 "), "{line}");
    let html = validate(&file, &["--max-findings", "5", "--format", "html"]);
    let page = String::from_utf8_lossy(&html.stdout);
    let start = page
        .find("aria-label=\"Errors per column\"")
        .unwrap_or_else(|| panic!("{page}"));
    let chart = &page[start..];
    let chart = &chart[..chart.find("</svg>").expect("chart ends")];
    assert!(chart.contains(">40<"), "{chart}");
    assert!(!chart.contains(">5<"), "{chart}");
}

#[test]
fn jsonl_streams_every_finding_unless_told_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = all_invalid(dir.path(), 1100);
    let output = validate(&file, &["--format", "jsonl"]);
    let text = String::from_utf8_lossy(&output.stdout);
    let findings = text
        .lines()
        .filter(|l| l.contains("\"type-mismatch\""))
        .count();
    assert_eq!(findings, 1100);
}

#[test]
fn every_format_says_the_list_was_cut() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = all_invalid(dir.path(), 12);
    let cut = |format: &str| {
        let output = validate(&file, &["--max-findings", "2", "--format", format]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(cut("human").contains("… and 11 more"));
    assert!(cut("junit").contains("… and 11 more"));
    assert!(cut("sarif").contains("\"truncated\": true"));
    assert!(cut("jsonl").contains("\"truncated\":true"));
    let gitlab: serde_json::Value = serde_json::from_str(&cut("gitlab")).expect("json");
    let last = gitlab.as_array().and_then(|a| a.last()).expect("issues");
    assert_eq!(last["check_name"], "truncated", "{gitlab}");
    assert!(last["description"]
        .as_str()
        .is_some_and(|d| d.contains("11 more")));
}
