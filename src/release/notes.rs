//! Release notes: prepending a release's section to a `CHANGELOG.md`, once.

use std::io;
use std::path::Path;

use super::render::section_heading;
use crate::dictionary::{Dictionary, Manifest};

/// What a first release is compared with: the same manifest at version `0.0.0` with no
/// elements, code lists or datasets, so its notes list everything it introduces.
pub fn first_release_baseline(dict: &Dictionary) -> Dictionary {
    let manifest = Manifest {
        version: "0.0.0".into(),
        released: None,
        ..dict.manifest.clone()
    };
    Dictionary::new(manifest, Vec::new(), Vec::new(), Vec::new(), String::new())
}

/// The section with the release date on its heading line: `## 1.1.0 (2026-11-01)`.
pub fn dated(section: &str, version: &str, released: Option<&str>) -> String {
    let heading = section_heading(version);
    match (released, section.strip_prefix(&heading)) {
        (Some(date), Some(rest)) if rest.starts_with('\n') => {
            format!("{heading} ({}){rest}", date.trim())
        }
        _ => section.to_owned(),
    }
}

/// Whether `changelog` already has a section for `version` (a line `## VERSION`, optionally
/// followed by more text such as a date).
pub fn has_section(changelog: &str, version: &str) -> bool {
    let heading = section_heading(version);
    changelog.lines().any(|line| {
        line.strip_prefix(&heading)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '(', '（']))
    })
}

/// The changelog with `section` placed before the newest release: after a leading `# `
/// title (and the text under it) when there is one, else at the top. `None` when the
/// changelog already has a section for `version`, so running twice changes nothing.
pub fn prepend_section(changelog: &str, section: &str, version: &str) -> Option<String> {
    if has_section(changelog, version) {
        return None;
    }
    let section = section.trim_end();
    let mut out = String::with_capacity(changelog.len() + section.len() + 2);
    // Insert before the first release heading if there is one, keeping the preamble.
    let insert_at = changelog
        .match_indices("## ")
        .find(|(i, _)| *i == 0 || changelog.as_bytes().get(i - 1) == Some(&b'\n'))
        .map(|(i, _)| i);
    match insert_at {
        Some(i) => {
            out.push_str(&changelog[..i]);
            out.push_str(section);
            out.push_str("\n\n");
            out.push_str(&changelog[i..]);
        }
        None if changelog.trim().is_empty() => {
            out.push_str(section);
            out.push('\n');
        }
        None if changelog.starts_with("# ") => {
            out.push_str(changelog.trim_end());
            out.push_str("\n\n");
            out.push_str(section);
            out.push('\n');
        }
        None => {
            out.push_str(section);
            out.push_str("\n\n");
            out.push_str(changelog);
        }
    }
    Some(out)
}

/// Replaces `path` with `contents` atomically (a temporary file in the same folder, then a
/// rename), so a reader never sees half a changelog.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    crate::atomic::write_file(path, &[], |w| w.write_all(contents.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: &str = "## 1.1.0\n\nFrom `1.0.0`.\n";

    #[test]
    fn prepends_below_the_title_and_above_older_releases() {
        let old = "# Changelog\n\nAll releases.\n\n## 1.0.0\n\nFirst.\n";
        let new = prepend_section(old, SECTION, "1.1.0").unwrap();
        assert_eq!(
            new,
            "# Changelog\n\nAll releases.\n\n## 1.1.0\n\nFrom `1.0.0`.\n\n## 1.0.0\n\nFirst.\n"
        );
        assert_eq!(prepend_section(&new, SECTION, "1.1.0"), None);
    }

    #[test]
    fn handles_empty_and_title_only_files() {
        assert_eq!(prepend_section("", SECTION, "1.1.0").unwrap(), SECTION);
        assert_eq!(
            prepend_section("# Changelog\n", SECTION, "1.1.0").unwrap(),
            format!("# Changelog\n\n{SECTION}")
        );
    }

    #[test]
    fn dates_the_heading_once() {
        let s = dated(SECTION, "1.1.0", Some("2026-11-01"));
        assert!(s.starts_with("## 1.1.0 (2026-11-01)\n\nFrom"), "{s}");
        assert!(has_section(&s, "1.1.0"));
        assert_eq!(dated(SECTION, "1.1.0", None), SECTION);
    }

    #[test]
    fn first_release_notes_list_everything_as_added() {
        let dict = crate::dictionary::load(None).unwrap();
        let base = first_release_baseline(&dict);
        let log = crate::release::diff(&base, &dict);
        assert_eq!(log.from, "0.0.0");
        assert!(
            log.changes.len() >= dict.elements.len(),
            "{}",
            log.changes.len()
        );
    }

    #[test]
    fn matches_whole_versions_only() {
        assert!(has_section("## 1.1.0 (2026-11-01)\n", "1.1.0"));
        assert!(!has_section("## 1.1.0-rc.1\n", "1.1.0"));
        assert!(!has_section("## 1.1.01\n", "1.1.0"));
    }

    #[test]
    fn writes_atomically_and_idempotently() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("CHANGELOG.md");
        std::fs::write(&path, "# Changelog\n").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let updated = prepend_section(&text, SECTION, "1.1.0").unwrap();
        write_atomic(&path, &updated).unwrap();
        let again = std::fs::read_to_string(&path).unwrap();
        assert_eq!(again, format!("# Changelog\n\n{SECTION}"));
        assert!(prepend_section(&again, SECTION, "1.1.0").is_none());
        // Only the changelog remains: the temporary file was renamed, not left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
