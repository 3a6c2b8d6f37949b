//! `git:REF[:PATH]` sides for a dictionary at the repository's root or named by its
//! manifest file, and `release notes` finding the previous release where `--dict` is.

use std::path::Path;

use crate::support::{copy_dir, fixture, git, govdict, stdout_json};

/// A repository whose root is the release-1.0.0 dictionary, tagged v1.0.0.
fn root_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    git(d, &["config", "user.email", "test@example.invalid"]);
    git(d, &["config", "user.name", "test"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    copy_dir(&fixture("release/v1"), d);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "1.0.0"]);
    git(d, &["tag", "v1.0.0"]);
    dir
}

fn diff(dir: &Path, old: &str, new: &str) -> serde_json::Value {
    let o = govdict()
        .current_dir(dir)
        .args(["diff", old, new, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{old} {new}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout_json(&o)
}

#[test]
fn a_dictionary_at_the_root_of_a_revision_reads_whole() {
    let repo = root_repository();
    for old in ["git:v1.0.0:.", "git:v1.0.0:", "git:v1.0.0:./"] {
        let v = diff(repo.path(), old, ".");
        assert_eq!(v["required_bump"], "none", "{old}: {v}");
        assert_eq!(v["from"], "1.0.0", "{old}: {v}");
    }
}

#[test]
fn a_revision_named_by_its_manifest_file_brings_its_includes() {
    let repo = root_repository();
    let v = diff(repo.path(), "git:v1.0.0:dictionary.yaml", "dictionary.yaml");
    assert_eq!(v["required_bump"], "none", "{v}");
    // A release check against it is not a gate that passes by counting everything added.
    let o = govdict()
        .current_dir(repo.path())
        .args([
            "release",
            "check",
            "--previous",
            "git:v1.0.0:dictionary.yaml",
            "--dict",
            ".",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!text.contains("\"added\""), "{text}");
}

#[test]
fn release_notes_read_the_previous_release_where_the_dictionary_is() {
    let repo = root_repository();
    let manifest = repo.path().join("dictionary.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("version: 1.0.0", "version: 1.0.1")).unwrap();
    let o = govdict()
        .current_dir(repo.path())
        .args(["release", "notes", "--dict", "."])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("## 1.0.1"), "{text}");
}
