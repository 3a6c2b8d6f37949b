//! Every spelling of a dictionary path loads the same dictionary, and a dictionary that
//! selects nothing is an error rather than a silent pass.

use std::path::Path;

use crate::support::{govdict, stdout_json};

/// `validate examples/tax_registration.csv` with `--dict <dict>` run from `dir`:
/// (exit code, number of findings).
fn findings_with(dir: &Path, dict: &str, export: &Path) -> (i32, usize) {
    let o = govdict()
        .current_dir(dir)
        .args(["validate", "--format", "json", "--dict", dict])
        .arg(export)
        .output()
        .unwrap();
    let code = o.status.code().unwrap_or(-1);
    assert_ne!(code, 2, "{dict}: {}", String::from_utf8_lossy(&o.stderr));
    let json = stdout_json(&o);
    let n = json["files"][0]["findings"].as_array().map_or(0, Vec::len);
    (code, n)
}

#[test]
fn every_spelling_of_the_dictionary_path_loads_the_same_dictionary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let export = root.join("examples/tax_registration.csv");
    let (code, want) = findings_with(root, "dictionary", &export);
    assert_eq!(code, 1);
    assert!(want > 0);
    let absolute = root.join("dictionary");
    let absolute = absolute.to_str().unwrap();
    let from_root = [
        "./dictionary",
        "./dictionary/",
        "dictionary/.",
        "dictionary/dictionary.yaml",
        "./dictionary/dictionary.yaml",
        absolute,
        ".\\dictionary",
    ];
    for dict in from_root {
        assert_eq!(findings_with(root, dict, &export), (1, want), "{dict}");
    }
    let inside = root.join("dictionary");
    for dict in [".", "./", "dictionary.yaml", "./dictionary.yaml"] {
        assert_eq!(findings_with(&inside, dict, &export), (1, want), "{dict}");
    }
}

/// A dictionary folder with `manifest` as its `dictionary.yaml` and one element file.
fn dictionary_with(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("elements")).unwrap();
    std::fs::write(dir.path().join("dictionary.yaml"), manifest).unwrap();
    std::fs::write(
        dir.path().join("elements/a.yaml"),
        "elements:\n  - {id: E1, name: 甲, type: string}\n",
    )
    .unwrap();
    dir
}

const HEAD: &str = "govdict: 1\nid: t\nname: 测试\nversion: 1.0.0\n";

#[test]
fn an_include_that_matches_nothing_is_an_error() {
    let dict = dictionary_with(&format!(
        "{HEAD}include: [elements/*.yaml, codelist/*.yaml]\n"
    ));
    let o = govdict()
        .args(["check", "--format", "json", "--dict"])
        .arg(dict.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let json = stdout_json(&o);
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "include-empty" && p["severity"] == "error"),
        "{json}"
    );
}

#[test]
fn a_dictionary_without_elements_fails_check_validate_and_release_check() {
    let dict = dictionary_with(&format!("{HEAD}include: [elements/*.yaml]\n"));
    std::fs::write(dict.path().join("elements/a.yaml"), "elements: []\n").unwrap();
    let o = govdict()
        .args(["check", "--format", "json", "--dict"])
        .arg(dict.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("no-elements"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = govdict()
        .args(["validate", "examples/tax_registration.csv", "--dict"])
        .arg(dict.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no elements"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = govdict()
        .args(["release", "check", "--previous", "dictionary", "--dict"])
        .arg(dict.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn dict_on_a_command_that_reads_no_dictionary_is_refused() {
    let o = govdict()
        .args([
            "diff",
            "dictionary",
            "dictionary",
            "--dict",
            "tests/fixtures/release/v1",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("diff takes no --dict"), "{err}");
    let o = govdict()
        .args(["man", "--dict", "dictionary"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
