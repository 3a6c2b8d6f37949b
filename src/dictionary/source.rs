//! Which dictionary a command uses, found and said out loud.
//!
//! Without `--dict` or a `govdict.toml`, a command inside a standards repository uses the
//! repository's dictionary, not the embedded default. The rule, checked in this order:
//!
//! 1. the current folder, then the root of the git repository around it (the nearest
//!    folder above holding `.git`, not above the home folder), are looked at in turn;
//! 2. a folder offers `dictionary.yaml` (the folder is the dictionary) and
//!    `dictionary/dictionary.yaml` (its `dictionary/` subfolder is);
//! 3. the first folder offering exactly one is used; a folder offering both is ambiguous
//!    and an error that asks for `--dict`, rather than a guess;
//! 4. nothing found: the embedded default.

use std::path::{Path, PathBuf};

use super::load::MANIFEST;
use crate::text::{Lang, Text};

/// Where the dictionary of a run comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionarySource {
    /// The default built into the binary.
    Embedded,
    /// A folder or YAML file on disk.
    Path(PathBuf),
}

impl DictionarySource {
    pub fn new(path: Option<&Path>) -> DictionarySource {
        match path {
            Some(p) => DictionarySource::Path(p.to_path_buf()),
            None => DictionarySource::Embedded,
        }
    }

    /// `dictionary: dictionary (cn.example 1.0.0)` / `数据元目录：内置（cn.example 1.0.0）`.
    pub fn describe(&self, id: &str, version: &str) -> Text {
        let (zh, en) = match self {
            DictionarySource::Embedded => ("内置".to_owned(), "embedded".to_owned()),
            DictionarySource::Path(p) => (p.display().to_string(), p.display().to_string()),
        };
        Text::new(
            format!("数据元目录：{zh}（{id} {version}）"),
            format!("dictionary: {en} ({id} {version})"),
        )
    }

    /// `dictionary: broken.yaml` for a dictionary that cannot say its id and version.
    pub fn line_without_id(&self, lang: Lang) -> String {
        let text = match self {
            DictionarySource::Embedded => Text::new("数据元目录：内置", "dictionary: embedded"),
            DictionarySource::Path(p) => Text::new(
                format!("数据元目录：{}", p.display()),
                format!("dictionary: {}", p.display()),
            ),
        };
        text.get(lang).to_owned()
    }

    /// `describe` in one language.
    pub fn line(&self, id: &str, version: &str, lang: Lang) -> String {
        self.describe(id, version).get(lang).to_owned()
    }
}

/// A folder that offers two dictionaries.
#[derive(Debug, Clone, thiserror::Error, miette::Diagnostic)]
#[error("{}", message.en)]
#[diagnostic(code(govdict::usage::ambiguous_dictionary))]
pub struct Ambiguous {
    pub message: Text,
}

/// The repository's dictionary seen from `start` (see the module's rule), `None` for the
/// embedded default.
pub fn discover(start: &Path, home: Option<&Path>) -> Result<Option<PathBuf>, Ambiguous> {
    if let Some(found) = offered(start)? {
        return Ok(Some(relative_to(start, &found)));
    }
    match git_root(start, home) {
        Some(root) if root != start => Ok(offered(&root)?.map(|f| relative_to(start, &f))),
        _ => Ok(None),
    }
}

/// The dictionary `dir` offers, if one; both kinds at once are ambiguous.
fn offered(dir: &Path) -> Result<Option<PathBuf>, Ambiguous> {
    let here = dir.join(MANIFEST).is_file();
    let below = dir.join("dictionary").join(MANIFEST).is_file();
    match (here, below) {
        (true, true) => {
            let a = dir.join(MANIFEST);
            let b = dir.join("dictionary");
            Err(Ambiguous {
                message: Text::new(
                    format!(
                        "{} 与 {} 都是数据元目录，请用 --dict 指明使用哪一个",
                        a.display(),
                        b.display()
                    ),
                    format!(
                        "both {} and {} are dictionaries; name the one to use with --dict",
                        a.display(),
                        b.display()
                    ),
                ),
            })
        }
        (true, false) => Ok(Some(dir.to_path_buf())),
        (false, true) => Ok(Some(dir.join("dictionary"))),
        (false, false) => Ok(None),
    }
}

/// The nearest folder at or above `start` holding `.git`, not above `home`.
fn git_root(start: &Path, home: Option<&Path>) -> Option<PathBuf> {
    for dir in start.ancestors() {
        if dir.join(".git").exists() {
            return Some(dir.to_path_buf());
        }
        if home.is_some_and(|h| h == dir) {
            return None;
        }
    }
    None
}

/// `path` relative to `start` when it lies below it (`dictionary`, `.`), else as it is.
fn relative_to(start: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(start) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn manifest(dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(MANIFEST), "id: t\n").unwrap();
    }

    #[test]
    fn finds_the_dictionary_here_then_at_the_repository_root() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        assert_eq!(discover(r, None).unwrap(), None);
        fs::create_dir(r.join(".git")).unwrap();
        fs::create_dir_all(r.join("exports/2026")).unwrap();
        manifest(&r.join("dictionary"));
        assert_eq!(
            discover(r, None).unwrap(),
            Some(PathBuf::from("dictionary"))
        );
        assert_eq!(
            discover(&r.join("exports/2026"), None).unwrap(),
            Some(r.join("dictionary"))
        );
        // The current folder first.
        manifest(&r.join("exports/2026"));
        assert_eq!(
            discover(&r.join("exports/2026"), None).unwrap(),
            Some(PathBuf::from("."))
        );
        // Not past the home folder.
        assert_eq!(
            discover(&r.join("exports"), Some(&r.join("exports"))).unwrap(),
            None
        );
    }

    #[test]
    fn refuses_to_guess_between_two() {
        let root = tempfile::tempdir().unwrap();
        manifest(root.path());
        manifest(&root.path().join("dictionary"));
        let err = discover(root.path(), None).unwrap_err();
        assert!(err.message.en.contains("--dict"), "{}", err.message.en);
    }

    #[test]
    fn says_where_it_came_from() {
        let line = DictionarySource::Embedded.line("a", "1.0.0", Lang::En);
        assert_eq!(line, "dictionary: embedded (a 1.0.0)");
        let line = DictionarySource::new(Some(Path::new("d"))).line("a", "1.0.0", Lang::Zh);
        assert_eq!(line, "数据元目录：d（a 1.0.0）");
    }
}
