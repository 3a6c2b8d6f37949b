//! What CI consumers rely on: fingerprints unique per finding and stable between runs,
//! paths relative to the repository, a JUnit dialect Jenkins' schema accepts.

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::finding::{Code, Finding};
use crate::report::sample;
use crate::report::{render, JunitFlavor, OutputFormat, PathBase, RenderOptions, Report};
use crate::text::{Lang, Text};

fn rendered(report: &Report, format: OutputFormat, options: &RenderOptions) -> String {
    let mut buf = Vec::new();
    assert!(render(report, format, options, &mut buf).is_ok());
    String::from_utf8(buf).unwrap_or_default()
}

fn sarif_prints(report: &Report, options: &RenderOptions) -> Vec<String> {
    let doc: Value = serde_json::from_str(&rendered(report, OutputFormat::Sarif, options))
        .unwrap_or(Value::Null);
    doc["runs"][0]["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    r["partialFingerprints"]["govdict/v2"]
                        .as_str()
                        .unwrap_or("")
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn gitlab_prints(report: &Report, options: &RenderOptions) -> Vec<String> {
    let doc: Value = serde_json::from_str(&rendered(report, OutputFormat::Gitlab, options))
        .unwrap_or(Value::Null);
    doc.as_array()
        .map(|is| {
            is.iter()
                .map(|i| i["fingerprint"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The sample plus what used to collide: seven missing columns (told apart only by their
/// element), two hidden sheets of one workbook (only by their message), and a second
/// sheet of the same workbook with the same findings.
fn crowded() -> Report {
    let mut r = sample::report();
    let xlsx = 1;
    for i in 0..7 {
        let mut f = Finding::new(Code::MissingColumn, Code::MissingColumn.description()).at_row(1);
        f.element = Some(format!("DE0001{i}"));
        r.files[xlsx].findings.push(f);
    }
    for sheet in ["隐藏1", "隐藏2"] {
        r.files[xlsx].findings.push(Finding::new(
            Code::HiddenContent,
            Text::new(
                format!("隐藏的工作表“{sheet}”"),
                format!("hidden sheet {sheet:?}"),
            ),
        ));
    }
    let mut other_sheet = r.files[xlsx].clone();
    other_sheet.sheet = Some("第二页".to_owned());
    r.files.push(other_sheet);
    r
}

#[test]
fn no_two_findings_share_a_fingerprint() {
    let r = crowded();
    let options = RenderOptions::default();
    let total: usize = r.files.iter().map(|f| f.findings.len()).sum();
    // GitLab also gets one issue per cut list, saying so.
    let cut = r.files.iter().filter(|f| f.truncated).count();
    for (prints, total) in [
        (sarif_prints(&r, &options), total),
        (gitlab_prints(&r, &options), total + cut),
    ] {
        assert_eq!(prints.len(), total);
        let distinct: HashSet<&String> = prints.iter().collect();
        assert_eq!(distinct.len(), total, "{prints:#?}");
        assert!(prints.iter().all(|p| p.len() == 64));
    }
}

#[test]
fn fingerprints_are_stable_across_runs_languages_machines_and_values() {
    let r = crowded();
    let here = RenderOptions {
        paths: Some(PathBase {
            cwd: PathBuf::from("/home/ci/work/data"),
            base: PathBuf::from("/home/ci/work/data"),
        }),
        ..RenderOptions::default()
    };
    // Another machine checks out the repository elsewhere and is given absolute paths.
    let mut moved = r.clone();
    for f in &mut moved.files {
        f.path = format!("/builds/x/data/{}", f.path.replace('\\', "/"));
    }
    let there = RenderOptions {
        lang: Lang::En,
        paths: Some(PathBase {
            cwd: PathBuf::from("/"),
            base: PathBuf::from("/builds/x/data"),
        }),
        ..RenderOptions::default()
    };
    // The values shown in full: nothing derived from a cell value enters a fingerprint.
    let mut unmasked = r.clone();
    for f in unmasked
        .files
        .iter_mut()
        .flat_map(|f| f.findings.iter_mut())
    {
        if f.value.is_some() {
            f.value = Some("350121201607013360".to_owned());
        }
    }
    let a = sarif_prints(&r, &here);
    assert_eq!(a, sarif_prints(&r, &here));
    assert_eq!(a, sarif_prints(&moved, &there));
    assert_eq!(a, sarif_prints(&unmasked, &here));
    let g = gitlab_prints(&r, &here);
    assert_eq!(g, gitlab_prints(&moved, &there));
    assert_eq!(g, gitlab_prints(&unmasked, &here));
}

#[test]
fn ci_paths_are_relative_to_the_base() {
    let mut r = sample::report();
    r.files[0].path = "/home/ci/work/data/exports/tax.csv".to_owned();
    let options = RenderOptions {
        paths: Some(PathBase {
            cwd: PathBuf::from("/home/ci/work/data/sub"),
            base: PathBuf::from("/home/ci/work/data"),
        }),
        ..RenderOptions::default()
    };
    let sarif: Value =
        serde_json::from_str(&rendered(&r, OutputFormat::Sarif, &options)).unwrap_or(Value::Null);
    let artifact =
        &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "exports/tax.csv");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        sarif["runs"][0]["artifacts"][0]["location"]["uriBaseId"],
        "%SRCROOT%"
    );
    let gitlab: Value =
        serde_json::from_str(&rendered(&r, OutputFormat::Gitlab, &options)).unwrap_or(Value::Null);
    assert_eq!(gitlab[0]["location"]["path"], "exports/tax.csv");
    let junit = rendered(&r, OutputFormat::Junit, &options);
    assert!(junit.contains("file=\"exports/tax.csv\""), "{junit}");
    assert!(!junit.contains("/home/ci"), "{junit}");
    let github = rendered(&r, OutputFormat::Github, &options);
    assert!(github.contains("file=exports/tax.csv"), "{github}");
    // A path outside the base has no base id.
    let outside = RenderOptions {
        paths: Some(PathBase {
            cwd: PathBuf::from("/elsewhere"),
            base: PathBuf::from("/elsewhere"),
        }),
        ..RenderOptions::default()
    };
    let sarif: Value =
        serde_json::from_str(&rendered(&r, OutputFormat::Sarif, &outside)).unwrap_or(Value::Null);
    let artifact = &sarif["runs"][0]["artifacts"][0]["location"];
    assert_eq!(artifact["uri"], "file:///home/ci/work/data/exports/tax.csv");
    assert!(artifact.get("uriBaseId").is_none());
}

#[test]
fn junit_flavors_place_the_file_where_their_consumer_reads_it() {
    let r = sample::report();
    let portable = rendered(&r, OutputFormat::Junit, &RenderOptions::default());
    assert!(
        !portable.contains("<testcase classname=\"exports/tax.csv\" name=\"unknown-column\" file=")
    );
    assert!(portable.contains("<testsuite name=\"exports/tax.csv\""));
    assert!(portable
        .lines()
        .filter(|l| l.trim_start().starts_with("<testcase"))
        .all(|l| !l.contains(" file=")));
    assert!(portable
        .lines()
        .filter(|l| l.trim_start().starts_with("<testsuite "))
        .all(|l| l.contains(" file=")));
    let gitlab = rendered(
        &r,
        OutputFormat::Junit,
        &RenderOptions {
            junit_flavor: JunitFlavor::Gitlab,
            ..RenderOptions::default()
        },
    );
    assert!(gitlab
        .lines()
        .filter(|l| l.trim_start().starts_with("<testcase"))
        .all(|l| l.contains(" file=")));
}

#[test]
fn sarif_rules_have_names_help_and_every_result_a_region() {
    let r = crowded();
    let doc: Value = serde_json::from_str(&rendered(
        &r,
        OutputFormat::Sarif,
        &RenderOptions::default(),
    ))
    .unwrap_or(Value::Null);
    let run = &doc["runs"][0];
    for rule in run["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
    {
        assert_ne!(rule["name"], rule["id"]);
        let uri = rule["helpUri"].as_str().unwrap_or("");
        assert!(
            uri.starts_with("https://")
                && uri.ends_with(&format!(
                    "/docs/codes/{}.md",
                    rule["id"].as_str().unwrap_or("?")
                )),
            "{uri}"
        );
        assert_ne!(rule["fullDescription"], rule["shortDescription"]);
    }
    for result in run["results"].as_array().into_iter().flatten() {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64() >= Some(1), "{result}");
    }
}

#[test]
fn html_has_landmarks_an_overview_and_words_beside_codes() {
    let r = sample::report();
    let page = rendered(&r, OutputFormat::Html, &RenderOptions::default());
    for landmark in [
        "<header>",
        "<nav aria-labelledby=\"overview\">",
        "<main>",
        "</main>",
    ] {
        assert_eq!(page.matches(landmark).count(), 1, "{landmark}");
    }
    // Every section is inside <main>, and the overview links to each.
    let main = &page[page.find("<main>").unwrap_or(0)..page.find("</main>").unwrap_or(0)];
    assert_eq!(main.matches("<section").count(), r.files.len());
    for i in 1..=r.files.len() {
        assert!(page.contains(&format!("<a href=\"#file-{i}\">")));
        assert!(main.contains(&format!("<section id=\"file-{i}\"")));
    }
    assert!(page.contains("<span class=\"status err\">有错误</span>"));
    assert!(
        page.contains("<code>checksum-failed</code><span class=\"desc\">校验位或结构错误</span>")
    );
    assert!(page.contains("<td>错误</td>"), "severity in words");
    // The grey of labels reaches 4.5:1 on white; the old #627d98 did not.
    assert!(!page.contains("#627d98"));
}
