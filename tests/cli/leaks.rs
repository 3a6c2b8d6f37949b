//! Sensitive values planted in an export must not leave the tool in any report format,
//! unless `--show-values full` asks for them: as cell values, as the "header" of an export
//! without a header row, and as code-list aliases of masked columns.

use std::path::{Path, PathBuf};

use crate::support::{fixture, govdict};

/// A valid identity number, a name and a mobile number used nowhere else.
const ID: &str = "11010519491231002X";
const NAME: &str = "司马哨兵";
const MOBILE: &str = "13912345678";

const FORMATS: [&str; 8] = [
    "human", "json", "jsonl", "junit", "sarif", "github", "gitlab", "html",
];

fn run(args: &[&str], files: &[&Path]) -> std::process::Output {
    govdict()
        .args(["--lang", "en", "--dict"])
        .arg(fixture("validate/dict.yaml"))
        .args(args)
        .args(files)
        .output()
        .expect("runs")
}

fn assert_no_sentinel(what: &str, output: &std::process::Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        for sentinel in [ID, NAME, MOBILE] {
            assert!(!text.contains(sentinel), "{what} shows {sentinel}:\n{text}");
        }
    }
}

/// An export without a header row: its first data row is taken for the header.
fn headerless(dir: &Path) -> PathBuf {
    let path = dir.join("no-header.csv");
    std::fs::write(
        &path,
        format!("{ID},{NAME},{MOBILE}\n110105194912310021,张三,13800000000\n"),
    )
    .expect("write");
    path
}

#[test]
fn a_header_row_that_is_data_is_masked_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = headerless(dir.path());
    for format in FORMATS {
        for dataset in [&[][..], &["--dataset", "people"][..]] {
            let mut args = vec!["validate", "--format", format];
            args.extend_from_slice(dataset);
            let output = run(&args, &[&file]);
            assert_no_sentinel(&format!("validate --format {format} {dataset:?}"), &output);
        }
    }
    // Asked for, they are shown.
    let output = run(
        &["validate", "--format", "json", "--show-values", "full"],
        &[&file],
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains(ID));
}

#[test]
fn a_real_header_is_shown_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, format!("公民身份号码,姓名,备注\n{ID},{NAME},x\n")).expect("write");
    let output = run(&["validate", "--format", "json"], &[&file]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("\"备注\""), "{text}");
    assert_no_sentinel("validate with a header", &output);
}
