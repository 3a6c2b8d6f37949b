//! Where a side of a diff comes from: a path, or a revision of the current git repository
//! (`git:REF[:PATH]`), read with `git ls-tree` and `git show` without touching the
//! working tree.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::text::Text;

/// The folder a `git:REF` side reads when no PATH is given (`git:REF:` with an empty
/// PATH is the folder the command runs in, like `git:REF:.`).
pub const DEFAULT_GIT_PATH: &str = "dictionary";

/// At most this many files and bytes are read from a revision: a dictionary is small,
/// and a mistyped PATH (`.`) must not read a whole repository into memory.
const MAX_FILES: usize = 10_000;
const MAX_BYTES: usize = 256 * 1024 * 1024;

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A dictionary directory or single file on disk.
    Path(PathBuf),
    /// `git:REF[:PATH]`
    Git { rev: String, path: String },
}

impl Side {
    pub fn parse(arg: &str) -> Side {
        match arg.strip_prefix("git:") {
            Some(rest) => {
                let (rev, path) = match rest.split_once(':') {
                    Some((rev, path)) if !path.is_empty() => (rev, path),
                    Some((rev, _)) => (rev, "."),
                    None => (rest, DEFAULT_GIT_PATH),
                };
                let path = crate::dictionary::load::tidy_path(Path::new(path));
                Side::Git {
                    rev: rev.to_owned(),
                    path: path.to_string_lossy().into_owned(),
                }
            }
            None => Side::Path(PathBuf::from(arg)),
        }
    }
}

/// Why a revision could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", message.en)]
pub struct RevisionError {
    pub message: Text,
}

fn fail(zh: String, en: String) -> RevisionError {
    RevisionError {
        message: Text::new(zh, en),
    }
}

/// The manifest's file name in a dictionary folder.
const MANIFEST: &str = "dictionary.yaml";

/// Reads the YAML files under `path` at revision `rev` of the repository around `repo`,
/// as `(path in the repository, text)` pairs: the manifest (`PATH/dictionary.yaml`, or
/// PATH itself when it names a YAML file) first, as the loader expects, then the others
/// in `git ls-tree` order. For a file, the others are the YAML files of its folder, so a
/// manifest named by its file brings the parts its `include` globs select.
pub fn read_git(
    repo: &Path,
    rev: &str,
    path: &str,
) -> Result<Vec<(PathBuf, String)>, RevisionError> {
    // A revision starting with `-` would be read by git as an option.
    if rev.is_empty() || rev.starts_with('-') || path.starts_with('-') {
        return Err(fail(
            format!("无效的 git 修订版本：`{rev}`"),
            format!("invalid git revision: `{rev}`"),
        ));
    }
    let names_file = is_yaml(path);
    let folder = match Path::new(path).parent() {
        Some(parent) if names_file && !parent.as_os_str().is_empty() => {
            parent.to_string_lossy().into_owned()
        }
        _ if names_file => ".".to_owned(),
        _ => path.to_owned(),
    };
    let listing = git(
        repo,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--full-name",
            rev,
            "--",
            &folder,
        ],
    )?;
    let mut files = Vec::new();
    let mut total = 0usize;
    for name in listing.split(|b| *b == 0) {
        if name.is_empty() {
            continue;
        }
        let name = String::from_utf8_lossy(name).into_owned();
        if !is_yaml(&name) {
            continue;
        }
        if files.len() >= MAX_FILES {
            return Err(fail(
                format!("{rev}:{path} 下的文件过多（超过 {MAX_FILES} 个）"),
                format!("too many files under {rev}:{path} (more than {MAX_FILES})"),
            ));
        }
        let bytes = git(repo, &["show", &format!("{rev}:{name}")])?;
        total = total.saturating_add(bytes.len());
        if total > MAX_BYTES {
            return Err(fail(
                format!("{rev}:{path} 下的文件过大"),
                format!("the files under {rev}:{path} are too large"),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            fail(
                format!("{rev}:{name} 不是 UTF-8 文本"),
                format!("{rev}:{name} is not UTF-8 text"),
            )
        })?;
        files.push((PathBuf::from(name), text));
    }
    if files.is_empty() {
        return Err(fail(
            format!("修订版本 {rev} 的 {path} 下没有 YAML 文件"),
            format!("no YAML files under {path} at revision {rev}"),
        ));
    }
    // `ls-tree --full-name` names files from the repository's root; PATH is relative to
    // the working folder, which may be below the root.
    let prefix = git(repo, &["rev-parse", "--show-prefix"])?;
    let root_path = crate::dictionary::load::tidy_path(
        &Path::new(String::from_utf8_lossy(&prefix).trim()).join(path),
    );
    let manifest = if names_file {
        files.iter().position(|(p, _)| *p == root_path)
    } else {
        let wanted = crate::dictionary::load::tidy_path(&root_path.join(MANIFEST));
        files.iter().position(|(p, _)| *p == wanted)
    };
    match manifest {
        Some(i) => {
            let m = files.remove(i);
            files.insert(0, m);
            Ok(files)
        }
        None => Err(fail(
            format!("修订版本 {rev} 的 {path} 下没有 {MANIFEST}"),
            format!("no {MANIFEST} under {path} at revision {rev}"),
        )),
    }
}

/// The tag of the release before `version`: the newest tag reachable from HEAD, passing
/// over a tag on HEAD that names `version` itself (`v2.0.0` or `2.0.0`, when the release
/// was already tagged). A tag on HEAD naming another version is the predecessor: the new
/// release is still being prepared in the working tree.
pub fn previous_tag(repo: &Path, version: &str) -> Result<String, RevisionError> {
    let at_head = git(repo, &["tag", "--points-at", "HEAD"])?;
    let at_head = String::from_utf8_lossy(&at_head).into_owned();
    let excludes: Vec<String> = at_head
        .lines()
        .filter(|t| !t.is_empty() && t.strip_prefix('v').unwrap_or(t) == version)
        .map(|t| format!("--exclude={t}"))
        .collect();
    let mut args = vec!["describe", "--tags", "--abbrev=0"];
    args.extend(excludes.iter().map(String::as_str));
    args.push("HEAD");
    let out = git(repo, &args).map_err(|e| {
        fail(
            format!(
                "找不到上一个发布标签，请用 --previous 指定：{}",
                e.message.zh
            ),
            format!(
                "no earlier release tag; name one with --previous: {}",
                e.message.en
            ),
        )
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_owned())
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>, RevisionError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| fail(format!("无法运行 git：{e}"), format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let err = err.trim();
        return Err(fail(
            format!("git {} 失败：{err}", args.join(" ")),
            format!("git {} failed: {err}", args.join(" ")),
        ));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sides() {
        assert_eq!(Side::parse("dict/"), Side::Path(PathBuf::from("dict/")));
        assert_eq!(
            Side::parse("git:v1.0.0"),
            Side::Git {
                rev: "v1.0.0".into(),
                path: "dictionary".into()
            }
        );
        assert_eq!(
            Side::parse("git:HEAD~1:dicts/city/"),
            Side::Git {
                rev: "HEAD~1".into(),
                path: "dicts/city".into()
            }
        );
        // An empty PATH is the folder the command runs in.
        for arg in ["git:main:", "git:main:.", "git:main:./"] {
            assert_eq!(
                Side::parse(arg),
                Side::Git {
                    rev: "main".into(),
                    path: ".".into()
                }
            );
        }
    }

    #[test]
    fn refuses_option_like_revisions() {
        let err = read_git(Path::new("."), "--output=x", "dictionary").unwrap_err();
        assert!(err.message.en.contains("invalid git revision"));
    }

    fn run(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn reads_yaml_files_of_a_revision() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(d, &["init", "-q"]);
        run(d, &["config", "user.email", "test@example.invalid"]);
        run(d, &["config", "user.name", "test"]);
        std::fs::create_dir_all(d.join("dictionary/elements")).unwrap();
        std::fs::write(d.join("dictionary/codelists.yaml"), "codelists: []\n").unwrap();
        std::fs::write(d.join("dictionary/dictionary.yaml"), "version: 1.0.0\n").unwrap();
        std::fs::write(d.join("dictionary/elements/a.yaml"), "elements: []\n").unwrap();
        std::fs::write(d.join("dictionary/README.md"), "not yaml\n").unwrap();
        run(d, &["add", "."]);
        run(d, &["commit", "-q", "-m", "one"]);
        // A later change in the working tree must not show in the revision.
        std::fs::write(d.join("dictionary/dictionary.yaml"), "version: 2.0.0\n").unwrap();

        let files = read_git(d, "HEAD", "dictionary").unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|(p, _)| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "dictionary/dictionary.yaml",
                "dictionary/codelists.yaml",
                "dictionary/elements/a.yaml"
            ]
        );
        assert_eq!(files[0].1, "version: 1.0.0\n");
        // A file is its own manifest, with the YAML files of its folder to include.
        let files = read_git(d, "HEAD", "dictionary/elements/a.yaml").unwrap();
        assert_eq!(files.len(), 1);
        let files = read_git(d, "HEAD", "dictionary/dictionary.yaml").unwrap();
        assert_eq!(files.len(), 3);
        assert_eq!(files[0].0, Path::new("dictionary/dictionary.yaml"));
        // From a folder below the root, PATH is relative to that folder.
        let files = read_git(&d.join("dictionary"), "HEAD", "elements/a.yaml").unwrap();
        assert_eq!(files[0].0, Path::new("dictionary/elements/a.yaml"));
        let files = read_git(&d.join("dictionary"), "HEAD", ".").unwrap();
        assert_eq!(files[0].0, Path::new("dictionary/dictionary.yaml"));
        let err = read_git(d, "HEAD", "dictionary/elements").unwrap_err();
        assert!(
            err.message.en.contains("no dictionary.yaml"),
            "{}",
            err.message.en
        );

        let err = read_git(d, "HEAD", "nowhere").unwrap_err();
        assert!(
            err.message.en.contains("no YAML files"),
            "{}",
            err.message.en
        );
        assert!(previous_tag(d, "1.1.0").is_err(), "no tags yet");
        run(d, &["tag", "v1.0.0"]);
        // 1.1.0 prepared in the working tree: the tag on HEAD is its predecessor.
        assert_eq!(previous_tag(d, "1.1.0").unwrap(), "v1.0.0");
        assert!(
            previous_tag(d, "1.0.0").is_err(),
            "the only tag is the release itself"
        );
        std::fs::write(d.join("dictionary/elements/b.yaml"), "elements: []\n").unwrap();
        run(d, &["add", "."]);
        run(d, &["commit", "-q", "-m", "two"]);
        assert_eq!(previous_tag(d, "1.1.0").unwrap(), "v1.0.0");
        run(d, &["tag", "v1.1.0"]);
        assert_eq!(previous_tag(d, "1.1.0").unwrap(), "v1.0.0");

        let err = read_git(d, "no-such-ref", "dictionary").unwrap_err();
        assert!(err.message.en.contains("failed"), "{}", err.message.en);
    }
}
