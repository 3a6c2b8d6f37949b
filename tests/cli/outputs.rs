//! Files written for people: their mode follows the umask or the file they replace.

use std::path::Path;

/// Runs the built binary under `sh -c "umask <mask>; exec govdict …"` in `dir`.
#[cfg(unix)]
fn under_umask(mask: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("govdict");
    let mut script = format!("umask {mask}; exec '{}'", bin.display());
    for a in args {
        script.push_str(&format!(" '{a}'"));
    }
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_output_follows_the_umask_and_a_replaced_one_keeps_its_mode() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let dict = root.join("tests/fixtures/release/v1");
    let dict = dict.to_str().unwrap();
    let notes = [
        "release",
        "notes",
        "--first",
        "--dict",
        dict,
        "--changelog",
        "CHANGELOG.md",
    ];
    let o = under_umask("022", dir.path(), &notes);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode(&dir.path().join("CHANGELOG.md")), 0o644);

    let other = dir.path().join("other.md");
    let o = under_umask(
        "002",
        dir.path(),
        &[&notes[..5], &["--changelog", "other.md"]].concat(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode(&other), 0o664);

    // An existing 0644 file stays 0644 under a strict umask.
    let kept = dir.path().join("kept.md");
    std::fs::write(&kept, "# Changelog\n").unwrap();
    std::fs::set_permissions(&kept, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let o = under_umask(
        "077",
        dir.path(),
        &[&notes[..5], &["--changelog", "kept.md"]].concat(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode(&kept), 0o644);
    assert!(std::fs::read_to_string(&kept).unwrap().contains("1.0.0"));
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A one-row export and its mapping in `dir`.
fn conform_case(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "code,name\n91350123N71593285M,福州源谷建筑工程有限公司\n91350123N71593285X,坏\n",
    )
    .unwrap();
    let mapping = dir.join("m.yaml");
    std::fs::write(
        &mapping,
        "mapping:\n  dataset: enterprise-registration\n  fields:\n    - {source: code, element: DE01001}\n    - {source: name, element: DE01002}\n",
    )
    .unwrap();
    (input, mapping)
}

fn conform(dir: &Path, extra: &[&str]) -> std::process::Output {
    let (input, mapping) = conform_case(dir);
    crate::support::govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn csv_for_people_opens_in_chinese_excel_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("std.csv");
    let rejects = dir.path().join("rejects.csv");
    let o = conform(
        dir.path(),
        &[
            "-o",
            out.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(BOM), "{bytes:?}");
    assert!(String::from_utf8_lossy(&bytes).contains("企业名称"));
    assert!(std::fs::read(&rejects).unwrap().starts_with(BOM));
    // Standard output is read by programs: no BOM there.
    let o = conform(dir.path(), &["-o", "-"]);
    assert!(
        o.stdout.starts_with("统一社会信用代码".as_bytes()),
        "{:?}",
        o.stdout
    );
}

#[test]
fn output_encoding_gb18030_and_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("std.csv");
    let o = conform(
        dir.path(),
        &["-o", out.to_str().unwrap(), "--output-encoding", "gb18030"],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(
        !bad && text.starts_with("统一社会信用代码,企业名称\n"),
        "{text}"
    );
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let o = conform(
        dir.path(),
        &["-o", out.to_str().unwrap(), "--output-encoding", "utf-8"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read(&out)
        .unwrap()
        .starts_with("统一社会信用代码".as_bytes()));
}

#[test]
fn validate_splits_and_mapping_tables_get_a_bom_and_json_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = conform_case(dir.path());
    let valid = dir.path().join("valid.csv");
    let invalid = dir.path().join("invalid.csv");
    let report = dir.path().join("report.json");
    crate::support::govdict()
        .arg("validate")
        .arg(&input)
        .args(["--dataset", "enterprise-registration", "--format", "json"])
        .arg("--valid-out")
        .arg(&valid)
        .arg("--invalid-out")
        .arg(&invalid)
        .arg("--output")
        .arg(&report)
        .output()
        .unwrap();
    assert!(std::fs::read(&valid).unwrap().starts_with(BOM));
    assert!(std::fs::read(&invalid).unwrap().starts_with(BOM));
    assert!(std::fs::read(&report).unwrap().starts_with(b"{"));
    let table = dir.path().join("mapping.csv");
    let o = crate::support::govdict()
        .args(["map", "suggest"])
        .arg(&input)
        .args(["--format", "csv", "-o"])
        .arg(&table)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&table).unwrap().starts_with(BOM));
}

/// `-` is not standard output for the row outputs: it would be a file named `-`, and with
/// both options on it the invalid rows would be lost.
#[test]
fn validate_refuses_standard_output_for_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = conform_case(dir.path());
    for options in [
        &["--valid-out", "-"][..],
        &["--invalid-out", "-"],
        &["--valid-out", "-", "--invalid-out", "-"],
    ] {
        let o = crate::support::govdict()
            .current_dir(dir.path())
            .arg("validate")
            .arg(&input)
            .args(options)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{options:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("not standard output"), "{stderr}");
        assert!(!dir.path().join("-").exists(), "{options:?}");
    }
}
