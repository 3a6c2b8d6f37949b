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
