//! Outputs that must not destroy anything: distinct output files, no temporary files left
//! behind by an interrupted run, no crash shown for a parser panic that was caught.

use std::path::Path;

use crate::support::{fixture, govdict};

fn dict() -> std::path::PathBuf {
    fixture("validate/dict.yaml")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn export(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("export.csv");
    std::fs::write(&path, "公民身份号码,姓名\n11010519900101001X,张三\n").expect("write");
    path
}

#[test]
fn valid_and_invalid_rows_to_one_file_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = export(dir.path());
    let out = dir.path().join("rows.csv");
    let output = govdict()
        .arg("--dict")
        .arg(dict())
        .arg("validate")
        .arg(&file)
        .arg("--valid-out")
        .arg(&out)
        .arg("--invalid-out")
        .arg(dir.path().join(".").join("rows.csv"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("same file"), "{err}");
    assert!(err.contains("同一个文件"), "{err}");
    assert!(!out.exists());
}

#[test]
fn the_report_and_the_valid_rows_to_one_file_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = export(dir.path());
    let out = dir.path().join("x.csv");
    let output = govdict()
        .arg("--dict")
        .arg(dict())
        .arg("validate")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .arg("--valid-out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--valid-out"));
    assert!(!out.exists());
}

#[test]
fn the_report_over_the_mapping_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = export(dir.path());
    let mapping = dir.path().join("m.yaml");
    let text = "mapping:\n  fields:\n  - {source: 姓名, element: DE00002}\n";
    std::fs::write(&mapping, text).expect("write");
    let output = govdict()
        .arg("--dict")
        .arg(dict())
        .arg("validate")
        .arg(&file)
        .arg("--mapping")
        .arg(&mapping)
        .arg("-o")
        .arg(&mapping)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--mapping"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&mapping).expect("read"), text);
}

#[cfg(unix)]
#[test]
fn a_terminated_split_leaves_no_temporary_file() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("govdict"))
        .arg("--dict")
        .arg(dict())
        .args(["validate", "-", "--dataset", "people", "--invalid-out"])
        .arg(out.join("invalid.csv"))
        .arg("--valid-out")
        .arg(out.join("valid.csv"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all("公民身份号码,姓名\n110105199001010011,张三\n".as_bytes())
        .expect("write");
    stdin.flush().expect("flush");
    // Wait until the outputs are being written (their temporary files exist), without a
    // time limit of our own: the test harness bounds the whole run.
    let temporary = |dir: &Path| {
        std::fs::read_dir(dir)
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    while temporary(&out) < 2 {
        assert!(child.try_wait().expect("wait").is_none(), "ended early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    drop(stdin);
    assert_eq!(status.signal(), Some(15), "{status:?}");
    assert_eq!(temporary(&out), 0);
    assert_eq!(std::fs::read_dir(&out).expect("list").count(), 0);
}

/// A named pipe `name` made in `dir`.
#[cfg(unix)]
fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    path
}

/// A device given as an export is named as such, not as a missing file, and not read
/// (`/dev/zero` would never end).
#[cfg(unix)]
#[test]
fn devices_as_exports_are_named_as_such() {
    for input in ["/dev/null", "/dev/zero"] {
        let output = govdict().arg("validate").arg(input).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let text = stderr(&output);
        assert!(
            text.contains("not a regular file, folder or pipe"),
            "{text}"
        );
        assert!(!text.contains("no such file"), "{text}");
    }
}

/// A named pipe given by name (as `<(zcat x.csv.gz)` gives one) is read once, like
/// standard input: the same findings and hash as the file it carries.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_like_standard_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = export(dir.path());
    let pipe = fifo(dir.path(), "piped.csv");
    let writer = {
        let (file, pipe) = (file.clone(), pipe.clone());
        std::thread::spawn(move || {
            let bytes = std::fs::read(file).expect("read");
            std::fs::write(pipe, bytes).expect("write into the pipe");
        })
    };
    let json = |input: &Path| {
        let output = govdict()
            .arg("--dict")
            .arg(dict())
            .args(["validate", "--format", "json"])
            .arg(input)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let mut report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        let file = report["files"][0].take();
        (
            file["sha256"].clone(),
            file["findings"].clone(),
            file["rows"].clone(),
        )
    };
    let through_pipe = json(&pipe);
    writer.join().expect("writer");
    let from_file = json(&file);
    assert!(through_pipe.1.as_array().is_some_and(|f| !f.is_empty()));
    assert_eq!(through_pipe, from_file);
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_as_dictionaries_end_at_once_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = fifo(dir.path(), "dict.yaml");
    for dict in [Path::new("/dev/zero"), fifo.as_path()] {
        let output = govdict()
            .arg("--dict")
            .arg(dict)
            .arg("check")
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("not a regular file"),
            "{}",
            stderr(&output)
        );
    }
    let output = govdict()
        .args(["diff", "/dev/zero", "/dev/zero"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn a_caught_parser_panic_is_a_finding_not_a_crash_on_stderr() {
    // Found by fuzzing: calamine panics on this workbook. The panic is caught, the file is
    // reported unreadable, and standard error says so without a panic message.
    let output = govdict()
        .args(["--lang", "en", "validate"])
        .arg(fixture("fuzz/xls-formula-panic.xls"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("unreadable-file"), "{out}");
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("unreadable-file"), "{err}");
}
