//! A run in which something could not be checked is never a clean pass: an unreadable
//! file, a file no dataset matches and a folder without exports each give an error
//! finding in every report format, counted in the totals, and the exit code follows
//! `--fail-on`.

use std::path::{Path, PathBuf};

use crate::support::{fixture, govdict, stdout_json};

const FORMATS: [&str; 8] = [
    "human", "json", "jsonl", "junit", "sarif", "github", "gitlab", "html",
];

fn validate(inputs: &[&Path], args: &[&str]) -> std::process::Output {
    govdict()
        .args(["--lang", "en", "--dict"])
        .arg(fixture("validate/dict.yaml"))
        .arg("validate")
        .args(inputs)
        .args(args)
        .output()
        .expect("runs")
}

/// An export without findings, `a.csv` in `folder`.
fn clean_export(folder: &Path) {
    let text = "姓名,公民身份号码\n张三,11010519491231002X\n";
    std::fs::write(folder.join("a.csv"), text).expect("write");
}

/// A folder with one clean export and one corrupt workbook.
fn folder_with_a_corrupt_file(dir: &Path) -> PathBuf {
    let folder = dir.join("exports");
    std::fs::create_dir(&folder).expect("mkdir");
    clean_export(&folder);
    std::fs::write(folder.join("b.xlsx"), b"PK\x03\x04 not a workbook").expect("write");
    folder
}

#[test]
fn a_corrupt_file_in_a_folder_is_a_finding_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = folder_with_a_corrupt_file(dir.path());
    for format in FORMATS {
        let output = validate(&[&folder], &["--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("unreadable-file"), "{format}: {text}");
        assert!(text.contains("b.xlsx"), "{format}: {text}");
    }
    let report = stdout_json(&validate(&[&folder], &["--format", "json"]));
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["errors"], 1);
    let file = &report["files"][1];
    assert_eq!(file["findings"][0]["code"], "unreadable-file");
    assert_eq!(file["summary"]["by_code"]["unreadable-file"], 1);
    let sarif = stdout_json(&validate(&[&folder], &["--format", "sarif"]));
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["descriptor"]["id"],
        "unreadable-file"
    );
    let human = validate(&[&folder], &[]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("total: 2 files, 1 row, 1 error"), "{text}");
}

#[test]
fn an_unreadable_file_follows_fail_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = folder_with_a_corrupt_file(dir.path());
    let output = validate(&[&folder], &["--fail-on", "never"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("unreadable-file"));
}

#[test]
fn a_file_no_dataset_matches_fails_and_says_what_to_pass() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("unrelated.csv");
    std::fs::write(&file, "a,b\n1,2\n").expect("write");
    for format in FORMATS {
        let output = validate(&[&file], &["--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("no-dataset"), "{format}: {text}");
    }
    let human = validate(&[&file], &[]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("--dataset"), "{text}");
    assert!(text.contains("people"), "names the datasets: {text}");
    // Naming the dataset checks against it instead.
    let named = stdout_json(&validate(
        &[&file],
        &["--dataset", "people", "--format", "json"],
    ));
    let codes: Vec<&str> = named["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(!codes.contains(&"no-dataset"), "{codes:?}");
    assert!(codes.contains(&"missing-column"), "{codes:?}");
}

#[test]
fn a_folder_without_exports_is_a_no_input_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    std::fs::write(empty.join("notes.md"), "not an export").expect("write");
    for format in FORMATS {
        let output = validate(&[&empty], &["--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("no-input"), "{format}: {text}");
    }
    let output = validate(&[&empty], &["--fail-on", "never"]);
    assert_eq!(output.status.code(), Some(0));
}

/// A folder's links are followed (to files, and to folders once each, real folders
/// first); an entry named like an export that is not a file to open (a named pipe, a
/// link to nothing) is an `unreadable-file` finding, not skipped without a word, and
/// the pipe is never opened (opening it would wait for a writer).
#[cfg(unix)]
#[test]
fn links_in_a_folder_are_followed_and_what_cannot_be_opened_is_a_finding() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("exports");
    let real = folder.join("real");
    std::fs::create_dir_all(&real).expect("mkdir");
    clean_export(&real);
    symlink("real/a.csv", folder.join("link.csv")).expect("symlink");
    symlink("/nonexistent/b.csv", folder.join("dangling.csv")).expect("symlink");
    symlink("real", folder.join("also-real")).expect("symlink");
    symlink("..", real.join("up")).expect("symlink");
    let made = std::process::Command::new("mkfifo")
        .arg(folder.join("pipe.csv"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let output = validate(&[&folder], &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    let mut paths: Vec<(String, String)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let name = path.rsplit_once("exports/").expect("under the folder").1;
            let code = f["findings"][0]["code"].as_str().unwrap_or("clean");
            (name.to_owned(), code.to_owned())
        })
        .collect();
    paths.sort();
    let expected = [
        ("dangling.csv", "unreadable-file"),
        ("link.csv", "clean"),
        ("pipe.csv", "unreadable-file"),
        ("real/a.csv", "clean"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(paths, expected);
    assert_eq!(report["summary"]["errors"], 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("a symbolic link to nothing"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}
