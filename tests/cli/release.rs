//! `govdict diff` and `govdict release check|notes` on YAML dictionary pairs in
//! `tests/fixtures/release/`.

use std::path::Path;
use std::process::Output;

use crate::support::{copy_dir, fixture, git, govdict, stdout_json};

fn run(args: &[&str]) -> Output {
    govdict().args(args).output().expect("runs")
}

fn path(rel: &str) -> String {
    fixture(&format!("release/{rel}"))
        .to_string_lossy()
        .into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The breaking release with its version (and the new element's `since`) set to `version`.
fn breaking_as(dir: &Path, version: &str) -> String {
    let text = std::fs::read_to_string(fixture("release/v1.1.0-breaking.yaml")).unwrap();
    let text = text
        .replace("version: 1.1.0", &format!("version: {version}"))
        .replace("since: 1.1.0", &format!("since: {version}"));
    let p = dir.join(format!("v{version}.yaml"));
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn diff_json_lists_changes_with_impacts() {
    let o = run(&[
        "diff",
        &path("v1"),
        &path("v1.1.0-breaking.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = stdout_json(&o);
    assert_eq!(v["from"], "1.0.0");
    assert_eq!(v["to"], "1.1.0");
    assert_eq!(v["required_bump"], "major");
    let changes = v["changes"].as_array().unwrap();
    let find = |kind: &str, target: &str| {
        changes
            .iter()
            .find(|c| c["kind"] == kind && c["target"] == target)
            .unwrap_or_else(|| panic!("no {kind} {target} in {changes:#?}"))
    };
    assert_eq!(
        find("code-removed", "GB/T 2261.1-2003:9")["impact"],
        "breaking"
    );
    assert_eq!(find("element-added", "DE00010")["impact"], "compatible");
    let format = changes
        .iter()
        .find(|c| c["target"] == "DE00001" && c["attribute"] == "format")
        .unwrap();
    assert_eq!(format["impact"], "compatible");
    assert_eq!(format["detail"], "format: c..50 → c..100");
    let definition = changes
        .iter()
        .find(|c| c["target"] == "DE00001" && c["attribute"] == "definition")
        .unwrap();
    assert_eq!(definition["impact"], "cosmetic");
    assert_eq!(changes.len(), 4, "{changes:#?}");
}

#[test]
fn diff_markdown_is_the_default() {
    let o = run(&["diff", &path("v1"), &path("v1.0.1-cosmetic.yaml")]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(md.starts_with("## 1.0.1\n"), "{md}");
    assert!(md.contains("required bump: **patch**"), "{md}");
    assert!(md.contains("### Cosmetic changes"), "{md}");
    assert!(!md.contains("### Breaking changes"), "{md}");
    // Both sides are named beside the changelog, never in it.
    let named = String::from_utf8_lossy(&o.stderr);
    assert!(named.contains("old: ") && named.contains("v1 ("), "{named}");
    assert!(
        named.contains("new: ") && named.contains("1.0.1)"),
        "{named}"
    );
    let zh = run(&[
        "--lang",
        "zh",
        "diff",
        &path("v1"),
        &path("v1.0.1-cosmetic.yaml"),
    ]);
    assert!(stdout(&zh).contains("### 说明性变更"), "{}", stdout(&zh));
}

/// The wording-only release at `version`, with DE00001 checked by a rule (at `severity`,
/// when one is written) and unique among the people whose sex is one of `among`.
fn with_rule_and_condition(
    dir: &Path,
    version: &str,
    severity: Option<&str>,
    among: &str,
) -> String {
    let text = std::fs::read_to_string(fixture("release/v1.0.1-cosmetic.yaml")).unwrap();
    let rule = match severity {
        Some(s) => format!("    rule: gb11643\n    rule_severity: {s}\n"),
        None => "    rule: gb11643\n".to_owned(),
    };
    let text = text
        .replace("version: 1.0.1", &format!("version: {version}"))
        .replace("    property: 姓名\n", &format!("    property: 姓名\n{rule}"))
        .replace(
            "{element: DE00001, required: true}",
            &format!(
                "{{element: DE00001, required: true, unique_among: {{element: DE00003, values: [{among}]}}}}"
            ),
        );
    let p = dir.join(format!("v{version}.yaml"));
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn diff_judges_rule_severity_and_unique_among() {
    let dir = tempfile::tempdir().unwrap();
    let old = with_rule_and_condition(dir.path(), "1.1.0", Some("warning"), r#""1""#);
    let new = with_rule_and_condition(dir.path(), "2.0.0", None, r#""1", "2""#);
    let o = run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = stdout_json(&o);
    assert_eq!(v["required_bump"], "major");
    let changes = v["changes"].as_array().unwrap();
    let seen: Vec<_> = changes
        .iter()
        .map(|c| {
            (
                c["target"].as_str().unwrap(),
                c["attribute"].as_str().unwrap(),
                c["impact"].as_str().unwrap(),
                c["detail"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "DE00001",
                "rule_severity",
                "breaking",
                "rule severity: warning → error"
            ),
            (
                "people/DE00001",
                "unique_among",
                "breaking",
                "unique among: DE00003 ∈ {1} → DE00003 ∈ {1, 2}"
            ),
        ]
    );
    // The way back relaxes both; the default written out changes nothing.
    let o = run(&["diff", &new, &old, "--format", "json"]);
    assert_eq!(stdout_json(&o)["required_bump"], "minor");
    let explicit = with_rule_and_condition(dir.path(), "2.0.1", Some("error"), r#""1", "2""#);
    let o = run(&["diff", &new, &explicit, "--format", "json"]);
    assert_eq!(stdout_json(&o)["changes"], serde_json::json!([]));
}

#[test]
fn diff_exits_2_when_a_side_cannot_be_loaded() {
    let o = run(&["diff", &path("v1"), &path("no-such-dictionary")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let o = run(&["diff", "git:no-such-ref-anywhere", &path("v1")]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn release_check_refuses_a_minor_bump_for_a_breaking_change() {
    let o = run(&[
        "release",
        "check",
        "--previous",
        &path("v1"),
        "--dict",
        &path("v1.1.0-breaking.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = stdout_json(&o);
    assert_eq!(v["passed"], false);
    assert_eq!(v["actual_bump"], "minor");
    let codes: Vec<_> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].clone())
        .collect();
    assert_eq!(codes, ["bump-too-small"]);

    let human = run(&[
        "release",
        "check",
        "--previous",
        &path("v1"),
        "--dict",
        &path("v1.1.0-breaking.yaml"),
    ]);
    assert_eq!(human.status.code(), Some(1));
    let text = stdout(&human);
    assert!(
        text.contains("bump-too-small") && text.contains("code-removed GB/T 2261.1-2003:9"),
        "{text}"
    );
    assert!(
        text.contains("release check failed: 1.0.0 → 1.1.0, 1 problem"),
        "{text}"
    );
}

#[test]
fn release_check_accepts_a_major_bump() {
    let dir = tempfile::tempdir().unwrap();
    let new = breaking_as(dir.path(), "2.0.0");
    let o = run(&[
        "release",
        "check",
        "--previous",
        &path("v1"),
        "--dict",
        &new,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout(&o).contains("release check passed: 1.0.0 → 2.0.0 (needs a major bump)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn release_check_locates_removals_reuse_and_since() {
    let args = [
        "release",
        "check",
        "--previous",
        &path("v1"),
        "--dict",
        &path("v2.0.0-rejected.yaml"),
    ];
    let o = run(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(o.status.code(), Some(1));
    let v = stdout_json(&o);
    let problems = v["problems"].as_array().unwrap();
    let find = |code: &str| {
        problems
            .iter()
            .find(|p| p["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {problems:#?}"))
    };
    let removed = find("removed-without-retirement");
    assert!(
        removed["file"]
            .as_str()
            .unwrap()
            .ends_with("v1/elements/people.yaml"),
        "{removed}"
    );
    assert_eq!(removed["line"], 13);
    assert!(removed["message"].as_str().unwrap().contains("DE00002"));
    let reused = find("id-reused");
    assert!(reused["file"]
        .as_str()
        .unwrap()
        .ends_with("v2.0.0-rejected.yaml"));
    assert_eq!(reused["line"], 34);
    let since = find("since-mismatch");
    assert_eq!(since["line"], 43);
    assert_eq!(problems.len(), 3, "{problems:#?}");

    // People see each problem with the YAML line it is about.
    let human = run(&args);
    let text = stdout(&human);
    assert!(
        text.contains("removed-without-retirement") && text.contains("- id: DE00002"),
        "{text}"
    );
    assert!(
        text.contains("id-reused") && text.contains("- id: DE00003"),
        "{text}"
    );
}

/// A repository whose `dictionary/` is release 1.0.0 at tag v1.0.0, then the breaking
/// release at 2.0.0 in the working tree.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    git(d, &["config", "user.email", "test@example.invalid"]);
    git(d, &["config", "user.name", "test"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    copy_dir(&fixture("release/v1"), &d.join("dictionary"));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "1.0.0"]);
    git(d, &["tag", "v1.0.0"]);
    std::fs::remove_dir_all(d.join("dictionary")).unwrap();
    let new = breaking_as(d, "2.0.0");
    std::fs::create_dir(d.join("next")).unwrap();
    std::fs::rename(new, d.join("next/dictionary.yaml")).unwrap();
    dir
}

#[test]
fn diff_reads_a_git_revision() {
    let repo = repository();
    let o = govdict()
        .current_dir(repo.path())
        .args(["diff", "git:v1.0.0", "next", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = stdout_json(&o);
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("1.0.0"), Some("2.0.0"))
    );
    assert_eq!(v["required_bump"], "major");
    // The same with an explicit path, and a removed element located in the revision.
    let o = govdict()
        .current_dir(repo.path())
        .args([
            "diff",
            "git:v1.0.0:dictionary",
            "git:v1.0.0:dictionary",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&o)["required_bump"], "none");
}

#[test]
fn release_notes_prepend_once() {
    let repo = repository();
    let changelog = repo.path().join("CHANGELOG.md");
    std::fs::write(&changelog, "# Changelog\n\n## 1.0.0\n\nFirst release.\n").unwrap();
    let notes = || {
        govdict()
            .current_dir(repo.path())
            .args([
                "release",
                "notes",
                "--dict",
                "next",
                "--changelog",
                "CHANGELOG.md",
            ])
            .output()
            .unwrap()
    };
    let o = notes();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The heading carries the release date of the manifest.
    assert!(
        stdout(&o).starts_with("## 2.0.0 (2026-06-01)\n"),
        "{}",
        stdout(&o)
    );
    let once = std::fs::read_to_string(&changelog).unwrap();
    assert!(
        once.starts_with("# Changelog\n\n## 2.0.0 (2026-06-01)\n"),
        "{once}"
    );
    assert!(
        once.contains("GB/T 2261.1-2003:9") && once.ends_with("## 1.0.0\n\nFirst release.\n"),
        "{once}"
    );
    let o = notes();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&changelog).unwrap(),
        once,
        "a second run changes nothing"
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already has a section for 2.0.0"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn first_release_gets_dated_notes_of_everything_it_adds() {
    let o = govdict()
        .args([
            "release",
            "notes",
            "--first",
            "--dict",
            "tests/fixtures/release/v1",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = stdout(&o);
    assert!(text.starts_with("## 1.0.0 ("), "{text}");
    assert!(text.contains("0.0.0") && text.contains("DE00001"), "{text}");
}
