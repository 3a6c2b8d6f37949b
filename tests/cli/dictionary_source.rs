//! Without `--dict`, a command inside a standards repository uses the repository's
//! dictionary, and every human report names the dictionary it used.

use std::path::Path;

use crate::support::{copy_dir, fixture, govdict};

/// A repository (a folder with `.git`) whose `dictionary/` is the release fixture at 1.1.0,
/// with an `exports/` folder below.
fn standards_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::create_dir(d.join("exports")).unwrap();
    copy_dir(&fixture("release/v1"), &d.join("dictionary"));
    let manifest = d.join("dictionary/dictionary.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("version: 1.0.0", "version: 1.1.0")).unwrap();
    dir
}

fn stdout_of(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = govdict().current_dir(dir).args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn check_uses_the_repository_dictionary_and_says_so() {
    let repo = standards_repository();
    let (code, out, err) = stdout_of(repo.path(), &["check"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.starts_with("dictionary: dictionary (cn.example.release 1.1.0)\n"),
        "{out}"
    );
    // From a folder below, the repository root's dictionary.
    let (code, out, err) = stdout_of(&repo.path().join("exports"), &["check", "--lang", "zh"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("cn.example.release 1.1.0"), "{out}");
    assert!(out.starts_with("数据元目录："), "{out}");
}

#[test]
fn a_folder_with_two_dictionaries_is_refused_not_guessed() {
    let repo = standards_repository();
    std::fs::copy(
        fixture("release/v1.0.1-cosmetic.yaml"),
        repo.path().join("dictionary.yaml"),
    )
    .unwrap();
    let (code, _, err) = stdout_of(repo.path(), &["check"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--dict"), "{err}");
    // Naming one settles it.
    let (code, out, _) = stdout_of(repo.path(), &["check", "--dict", "dictionary"]);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn outside_a_repository_the_embedded_dictionary_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = stdout_of(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("dictionary: embedded (cn.example.city.elements "),
        "{out}"
    );
}

#[test]
fn human_reports_name_the_dictionary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv = root.join("examples/tax_registration_clean.csv");
    let csv = csv.to_str().unwrap();
    let dict = root.join("dictionary");
    let dict = dict.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, out, _) = stdout_of(dir.path(), &["validate", csv]);
    assert!(
        out.starts_with("dictionary: embedded (cn.example.city.elements 1.0.0)"),
        "{out}"
    );
    let (_, out, _) = stdout_of(
        dir.path(),
        &["validate", csv, "--format", "html", "--dict", dict],
    );
    assert!(
        out.contains(&format!(
            "dictionary: {dict} (cn.example.city.elements 1.0.0)"
        )),
        "{out}"
    );
    let (_, out, _) = stdout_of(
        dir.path(),
        &["release", "check", "--previous", dict, "--dict", dict],
    );
    assert!(out.starts_with(&format!("dictionary: {dict} (")), "{out}");
    let (_, _, err) = stdout_of(dir.path(), &["map", "suggest", csv]);
    assert!(
        err.contains("dictionary: embedded (cn.example.city.elements 1.0.0)"),
        "{err}"
    );
}

#[test]
fn a_dictionary_too_broken_for_its_id_is_named_by_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("broken.yaml");
    std::fs::write(&dict, "govdict: 1\nid: [unclosed\n").unwrap();
    let (code, out, _) = stdout_of(dir.path(), &["check", "--dict", "broken.yaml"]);
    assert_eq!(code, Some(1));
    assert!(!out.contains("? ?"), "{out}");
    assert!(out.contains("broken.yaml: 1 error(s)"), "{out}");
}

#[test]
fn english_counts_say_one_file_and_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("one.csv");
    std::fs::write(
        &csv,
        "统一社会信用代码,企业名称\n91350123N71593285M,福州源谷建筑工程有限公司\n",
    )
    .unwrap();
    let (_, out, err) = stdout_of(
        dir.path(),
        &[
            "validate",
            "one.csv",
            "--dataset",
            "enterprise-registration",
        ],
    );
    assert!(out.contains("total: 1 file, 1 row, "), "{out}{err}");
    assert!(out.contains(" · 1 row\n"), "{out}");
}
