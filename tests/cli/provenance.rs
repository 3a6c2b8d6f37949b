//! Every machine report names what it was checked against: the dictionary's path, id,
//! version and content hash, and the `govdict.toml` of the run (or null).

use std::path::{Path, PathBuf};

use crate::support::{copy_dir, govdict, stdout_json};

/// A project folder (its own repository root, so no config above it is read) holding a
/// copy of the repository's dictionary under `dict/`, a `govdict.toml` naming it when
/// `with_config`, and one export.
fn project(with_config: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    copy_dir(&repo().join("dictionary"), &root.join("dict"));
    std::fs::copy(
        repo().join("examples/tax_registration.csv"),
        root.join("tax.csv"),
    )
    .unwrap();
    if with_config {
        std::fs::write(root.join("govdict.toml"), "dictionary = \"dict\"\n").unwrap();
    }
    dir
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = govdict()
        .current_dir(dir)
        .args(["validate", "tax.csv", "--fail-on", "never"])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn is_sha256(v: &serde_json::Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn json_and_sarif_name_the_dictionary_and_the_config() {
    let dir = project(true);
    let root = dir.path();
    let config = root.join("govdict.toml").display().to_string();
    let dict = root.join("dict").display().to_string();

    let json = stdout_json(&run(root, &["--format", "json"]));
    let d = &json["dictionary"];
    assert_eq!(d["path"], dict.as_str(), "{json:#}");
    assert_eq!(d["id"], "cn.example.city.elements");
    assert!(d["version"].as_str().is_some_and(|v| !v.is_empty()));
    assert!(is_sha256(&d["sha256"]), "{d}");
    assert_eq!(json["config"], config.as_str());

    let sarif = stdout_json(&run(root, &["--format", "sarif"]));
    let properties = &sarif["runs"][0]["properties"];
    assert_eq!(&properties["dictionary"], d);
    assert_eq!(properties["config"], config.as_str());

    // The JSON Lines summary, the last line, names them too.
    let jsonl = run(root, &["--format", "jsonl"]);
    let text = String::from_utf8(jsonl.stdout).expect("UTF-8");
    let last: serde_json::Value =
        serde_json::from_str(text.lines().last().expect("a line")).expect("JSON");
    assert_eq!(last["type"], "summary");
    assert_eq!(&last["dictionary"], d);
    assert_eq!(last["config"], config.as_str());
}

#[test]
fn junit_carries_them_as_suite_properties() {
    let dir = project(true);
    let root = dir.path();
    let out = run(root, &["--format", "junit"]);
    let xml = String::from_utf8(out.stdout).expect("UTF-8");
    let path = root.join("dict").display().to_string();
    let config = root.join("govdict.toml").display().to_string();
    for property in [
        format!("<property name=\"govdict.dictionary.path\" value=\"{path}\"/>"),
        "<property name=\"govdict.dictionary.id\" value=\"cn.example.city.elements\"/>".to_owned(),
        format!("<property name=\"govdict.config\" value=\"{config}\"/>"),
    ] {
        assert!(xml.contains(&property), "{property} missing:\n{xml}");
    }
    assert!(xml.contains("<property name=\"govdict.dictionary.sha256\" value=\""));
}

#[test]
fn without_a_config_it_is_null_and_the_embedded_dictionary_has_no_path() {
    let dir = project(false);
    let root = dir.path();
    // `dict/` holds no `dictionary/` layout that discovery looks for: the embedded one.
    let json = stdout_json(&run(root, &["--format", "json"]));
    assert!(json["dictionary"]["path"].is_null(), "{json:#}");
    assert!(json["config"].is_null());
    assert!(is_sha256(&json["dictionary"]["sha256"]));
    let xml = String::from_utf8(run(root, &["--format", "junit"]).stdout).expect("UTF-8");
    assert!(!xml.contains("govdict.config"), "{xml}");
    assert!(!xml.contains("govdict.dictionary.path"), "{xml}");
    assert!(xml.contains("govdict.dictionary.id"));

    // `--dict` names its path as given, and no config is read.
    let json = stdout_json(&run(root, &["--dict", "dict", "--format", "json"]));
    assert_eq!(json["dictionary"]["path"], "dict");
    assert!(json["config"].is_null());
}

#[test]
fn report_names_them_too() {
    let dir = project(true);
    let root = dir.path();
    std::fs::write(
        root.join("findings.csv"),
        "row,column,header,element,code,severity\n",
    )
    .unwrap();
    let output = govdict()
        .current_dir(root)
        .args([
            "report",
            "findings.csv",
            "--dataset",
            "tax-registration",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    assert_eq!(
        json["dictionary"]["path"],
        root.join("dict").display().to_string().as_str()
    );
    assert_eq!(
        json["config"],
        root.join("govdict.toml").display().to_string().as_str()
    );
}
