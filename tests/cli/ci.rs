//! `validate` in CI: each machine format checked against what its consumer expects
//! (SARIF 2.1.0, JUnit XML, GitHub workflow commands, GitLab Code Quality), batches of
//! files in one report, and no sensitive value in any output.

mod paths;
mod split;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use crate::support::{govdict, stdout_json};

/// A resident export whose row 3 is a quoted address over lines 3–4 (bad mobile number)
/// and whose row 4, on line 5, has an identity number with a wrong check character.
pub(crate) const RESIDENTS: &str = "tests/fixtures/ci/residents.csv";
/// The planted identity number: masked everywhere unless `--show-values full`.
const PLANTED_ID: &str = "350121201607013360";

fn run(args: &[&str]) -> std::process::Output {
    govdict().args(args).output().expect("runs")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

#[test]
fn a_folder_of_three_exports_is_one_report_in_a_stable_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let copy = |from: &str, to: &str| {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join(from), target).expect("copy");
    };
    copy("tax_registration.csv", "b.csv");
    copy("resident_registration.csv", "a/c.csv");
    copy("enterprise_registration_clean.csv", "z.csv");
    std::fs::write(dir.path().join("notes.md"), "not an export").expect("write");

    let folder = dir.path().to_str().expect("UTF-8 temp path");
    let mut orders = Vec::new();
    for _ in 0..3 {
        let output = run(&["validate", folder, "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "the exports have errors");
        let report = stdout_json(&output);
        assert_eq!(report["summary"]["files"], 3);
        let files = report["files"].as_array().expect("files");
        let paths: Vec<String> = files
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_owned())
            .collect();
        let datasets: Vec<&str> = files
            .iter()
            .map(|f| f["dataset"].as_str().expect("dataset"))
            .collect();
        assert_eq!(
            datasets,
            [
                "resident-registration",
                "tax-registration",
                "enterprise-registration"
            ]
        );
        let rows: u64 = files
            .iter()
            .map(|f| f["rows"].as_u64().expect("rows"))
            .sum();
        assert_eq!(report["summary"]["rows"].as_u64(), Some(rows));
        orders.push(paths);
    }
    assert!(orders[0][0].ends_with("a/c.csv"), "{:?}", orders[0]);
    assert!(orders[0][1].ends_with("b.csv"));
    assert!(orders[0][2].ends_with("z.csv"));
    assert!(orders.iter().all(|o| *o == orders[0]), "{orders:?}");
}

#[test]
fn files_and_globs_keep_the_order_they_were_given_in() {
    let output = run(&[
        "validate",
        "examples/tax_registration.csv",
        "examples/r*_clean.csv",
        "examples/enterprise_registration_clean.csv",
        "--format",
        "json",
    ]);
    let report = stdout_json(&output);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        [
            "examples/tax_registration.csv",
            "examples/resident_registration_clean.csv",
            "examples/enterprise_registration_clean.csv"
        ]
    );
}

#[test]
fn sarif_has_rules_for_every_result_and_physical_lines() {
    let output = run(&["validate", RESIDENTS, "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif = stdout_json(&output);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif-2.1.0")));
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "govdict");
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{results:#?}");
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(ids.contains(&id), "{id} is not among the rules");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            ids.get(index),
            Some(&id),
            "ruleIndex points at another rule"
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().expect("level")));
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], RESIDENTS);
    }
    let line_of = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .and_then(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64())
    };
    // Row 3 starts on line 3; row 4 starts on line 5, after the two-line address.
    assert_eq!(line_of("format-mismatch"), Some(3));
    assert_eq!(line_of("checksum-failed"), Some(5));
}

#[test]
fn sarif_rules_link_their_page_under_a_chosen_base_url() {
    let rules = |args: &[&str]| {
        let mut all = vec!["validate", RESIDENTS, "--format", "sarif"];
        all.extend_from_slice(args);
        let sarif = stdout_json(&run(&all));
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .clone()
    };
    // Default: this version's copy of docs/codes on docs.rs, a page that never moves.
    for rule in rules(&[]) {
        let id = rule["id"].as_str().expect("id");
        let version = env!("CARGO_PKG_VERSION");
        let want = format!("https://docs.rs/crate/govdict/{version}/source/docs/codes/{id}.md");
        assert_eq!(rule["helpUri"], want.as_str());
        assert_ne!(rule["name"], rule["id"], "a name that is not the id");
        assert!(rule["fullDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let page = format!("{}/docs/codes/{id}.md", env!("CARGO_MANIFEST_DIR"));
        assert!(std::path::Path::new(&page).is_file(), "{page} is missing");
    }
    let base = "https://git.example.gov.cn/data/govdict/-/blob/v1.0.0/docs/codes/";
    for rule in rules(&["--help-base-url", base]) {
        let id = rule["id"].as_str().expect("id");
        assert_eq!(rule["helpUri"], format!("{base}{id}.md").as_str());
    }
    for bad in [
        "docs/codes",
        "ftp://x/y",
        "https://x/y?page=1",
        "https:///codes",
    ] {
        let output = run(&[
            "validate",
            RESIDENTS,
            "--format",
            "sarif",
            "--help-base-url",
            bad,
        ]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains("--help-base-url"), "{err}");
    }
}

#[test]
fn junit_is_well_formed_xml_with_a_failure_per_code() {
    use quick_xml::events::Event;

    let output = run(&[
        "validate",
        "examples/tax_registration.csv",
        "--format",
        "junit",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut failures = 0;
    let mut testcases = 0;
    let mut declared = None;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                match e.name().0 {
                    "failure" => failures += 1,
                    "testcase" => testcases += 1,
                    "testsuites" => {
                        declared = e
                            .try_get_attribute("failures")
                            .expect("attribute")
                            .map(|a| a.value.into_owned());
                    }
                    _ => {}
                }
            }
            Ok(Event::Empty(e)) => {
                if e.name().0 == "testcase" {
                    testcases += 1;
                }
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("JUnit output is not XML: {e}\n{xml}"),
        }
    }
    assert_eq!(depth, 0, "unbalanced elements");
    assert!(failures > 0);
    assert!(testcases >= failures);
    assert_eq!(declared, Some(failures.to_string()));
}

#[test]
fn github_annotations_are_well_formed_and_capped() {
    let output = run(&["validate", "examples/", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let annotation = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:]+(,line=[1-9][0-9]*)?,title=[^:]+::\S.*$",
    )
    .expect("regex");
    let notice = regex::Regex::new(r"^::notice title=govdict::\S.*$").expect("regex");
    let (mut errors, mut warnings, mut notices) = (0, 0, 0);
    for line in text.lines() {
        if notice.is_match(line) {
            notices += 1;
            continue;
        }
        assert!(annotation.is_match(line), "malformed annotation: {line}");
        if line.starts_with("::error ") {
            errors += 1;
        } else if line.starts_with("::warning ") {
            warnings += 1;
        }
    }
    // The examples hold 47 errors: ten are annotated, the rest counted in one notice.
    assert_eq!(errors, 10);
    assert!(warnings <= 10);
    assert_eq!(notices, 1);
}

#[test]
fn github_format_appends_the_step_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "# earlier step\n").expect("write");
    let output = govdict()
        .args(["validate", RESIDENTS, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let md = std::fs::read_to_string(&summary).expect("summary written");
    assert!(
        md.starts_with("# earlier step\n"),
        "replaced instead of appended"
    );
    assert!(md.contains("govdict validation"), "{md}");
    assert!(md.contains(RESIDENTS), "{md}");
    assert!(md.contains("`checksum-failed`"), "{md}");
    assert!(!md.contains(PLANTED_ID));
    // Other formats leave the summary alone.
    let before = std::fs::read_to_string(&summary).expect("read");
    govdict()
        .args(["validate", RESIDENTS, "--format", "json"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    assert_eq!(std::fs::read_to_string(&summary).expect("read"), before);
}

#[test]
fn gitlab_issues_have_unique_fingerprints_and_locations() {
    let output = run(&["validate", "examples/", RESIDENTS, "--format", "gitlab"]);
    assert_eq!(output.status.code(), Some(1));
    let issues = stdout_json(&output);
    let issues = issues.as_array().expect("an array of issues");
    assert!(issues.len() > 40, "{}", issues.len());
    let mut seen = HashSet::new();
    for issue in issues {
        let fp = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(seen.insert(fp.to_owned()), "fingerprint {fp} repeats");
        assert!(issue["check_name"].as_str().is_some_and(|c| !c.is_empty()));
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().expect("severity")));
        assert!(issue["location"]["path"].as_str().is_some());
        assert!(issue["location"]["lines"]["begin"]
            .as_u64()
            .is_some_and(|l| l >= 1));
    }
}

#[test]
fn no_format_shows_a_masked_value() {
    let formats = [
        "human", "json", "jsonl", "junit", "sarif", "github", "gitlab", "html",
    ];
    for format in formats {
        let output = run(&["validate", RESIDENTS, "--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("checksum"),
            "{format}: the finding is missing"
        );
        assert!(
            !text.contains(PLANTED_ID),
            "{format} shows the identity number"
        );
        assert!(!String::from_utf8_lossy(&output.stderr).contains(PLANTED_ID));
    }
    // The fixture does plant the number: asked for, it is shown.
    let full = run(&[
        "validate",
        RESIDENTS,
        "--format",
        "json",
        "--show-values",
        "full",
    ]);
    assert!(stdout(&full).contains(PLANTED_ID));
}

#[test]
fn every_format_reports_the_same_codes() {
    let json = stdout_json(&run(&["validate", RESIDENTS, "--format", "json"]));
    let want: BTreeSet<String> = json["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_owned())
        .collect();
    let sarif = stdout_json(&run(&["validate", RESIDENTS, "--format", "sarif"]));
    let got: BTreeSet<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["ruleId"].as_str().expect("ruleId").to_owned())
        .collect();
    assert_eq!(got, want);
    let gitlab = stdout_json(&run(&["validate", RESIDENTS, "--format", "gitlab"]));
    let got: BTreeSet<String> = gitlab
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["check_name"].as_str().expect("check_name").to_owned())
        .collect();
    assert_eq!(got, want);
}
