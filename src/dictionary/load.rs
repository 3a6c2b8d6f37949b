//! Loading a dictionary: YAML → node tree → JSON Schema → semantic checks → model.
//!
//! Everything goes through a list of `(path, text)` pairs, so the same code loads from
//! disk, from the default embedded in the binary, and from any other store (a Git
//! revision). The first pair is the manifest; `include` globs, relative to the
//! manifest's folder, select among the others in glob order, files sorted within a glob.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::assemble::{assemble, Source};
use super::model::Dictionary;
use super::node::{self, ParseError, MAX_FILE_BYTES};
use super::problem::{codes, LoadError, Problem, Severity};
use super::schema::{self, Role};
use crate::text::Text;

/// The manifest's file name in a dictionary folder.
pub const MANIFEST: &str = "dictionary.yaml";
/// Most files one dictionary may have.
pub const MAX_FILES: usize = 10_000;

/// The result of checking a dictionary: the model when it is valid, and every problem.
#[derive(Debug)]
pub struct Checked {
    pub dictionary: Option<Dictionary>,
    pub problems: Vec<Problem>,
    /// The manifest's `id` and `version` as written, also when the dictionary is invalid.
    pub id: Option<String>,
    pub version: Option<String>,
    /// The dictionary could not be read at all (missing path, unreadable manifest):
    /// a job that cannot be done rather than a dictionary with problems.
    pub unreadable: bool,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    pub fn into_result(self) -> Result<Dictionary, LoadError> {
        match self.dictionary {
            Some(d) => Ok(d),
            None => Err(LoadError::new(self.problems)),
        }
    }
}

/// Loads and validates a dictionary; `None` loads the embedded default.
pub fn load(path: Option<&Path>) -> Result<Dictionary, LoadError> {
    check(path).into_result()
}

/// Checks a dictionary and returns every problem; `None` checks the embedded default.
pub fn check(path: Option<&Path>) -> Checked {
    match path {
        None => load_files(embedded_files()),
        Some(p) => match read_from_disk(p) {
            Ok(files) => load_files(files),
            Err(problem) => Checked {
                dictionary: None,
                problems: vec![*problem],
                id: None,
                version: None,
                unreadable: true,
            },
        },
    }
}

/// The embedded default dictionary's files, manifest first.
pub fn embedded_files() -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = super::embedded::FILES
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
        .collect();
    let manifest = Path::new("dictionary").join(MANIFEST);
    files.sort_by_key(|(p, _)| *p != manifest);
    files
}

/// Loads a dictionary from in-memory files: the first is the manifest (or a single-file
/// dictionary), the others are candidates for its `include` globs.
pub fn load_files(files: Vec<(PathBuf, String)>) -> Checked {
    let mut problems = Vec::new();
    let mut files = files.into_iter();
    let Some((manifest_path, manifest_text)) = files.next() else {
        return Checked {
            dictionary: None,
            problems: vec![Problem::error(
                codes::FILE_UNREADABLE,
                PathBuf::new(),
                Text::new("没有数据元目录文件", "no dictionary file was given"),
            )],
            id: None,
            version: None,
            unreadable: true,
        };
    };
    let others: Vec<(PathBuf, String)> = files.collect();

    let mut sources = Vec::new();
    let mut hasher = Sha256::new();
    let manifest = parse_file(&manifest_path, manifest_text, Role::Manifest, &mut problems);
    hash_file(
        &mut hasher,
        &manifest_path,
        manifest.as_ref().map(|s| &*s.text),
    );
    let ordered = included(manifest.as_ref(), &manifest_path, &others, &mut problems);
    let manifest_str = |key: &str| {
        manifest
            .as_ref()
            .and_then(|m| m.json.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let (id, version) = (manifest_str("id"), manifest_str("version"));
    if let Some(m) = manifest {
        sources.push(m);
    }
    let mut others: Vec<Option<(PathBuf, String)>> = others.into_iter().map(Some).collect();
    let parts: Vec<(PathBuf, String)> = ordered
        .into_iter()
        .filter_map(|i| others.get_mut(i).and_then(Option::take))
        .collect();
    // Parts parse on all cores (a large dictionary is many files); their problems and the
    // hash keep the include order.
    let parsed: Vec<(PathBuf, Option<Source>, Vec<Problem>)> = parts
        .into_par_iter()
        .map(|(path, text)| {
            let mut found = Vec::new();
            let parsed = parse_file(&path, text, Role::Part, &mut found);
            (path, parsed, found)
        })
        .collect();
    for (path, parsed, mut found) in parsed {
        problems.append(&mut found);
        hash_file(&mut hasher, &path, parsed.as_ref().map(|s| &*s.text));
        if let Some(s) = parsed {
            sources.push(s);
        }
    }
    let sha256 = hex(&hasher.finalize());

    let parse_failed = problems.iter().any(|p| p.severity == Severity::Error);
    let (dictionary, mut semantic) = if sources.is_empty() {
        (None, Vec::new())
    } else {
        assemble(&sources, sha256)
    };
    problems.append(&mut semantic);
    let dictionary = if parse_failed { None } else { dictionary };
    sort_by_place(&mut problems, manifest_path, &sources);
    Checked {
        dictionary,
        problems,
        id,
        version,
        unreadable: false,
    }
}

/// Indexes of `others` that the manifest's `include` globs select, each once, in glob
/// order; reports invalid globs and globs that match nothing.
fn included(
    manifest: Option<&Source>,
    manifest_path: &Path,
    others: &[(PathBuf, String)],
    problems: &mut Vec<Problem>,
) -> Vec<usize> {
    let include: Vec<String> = manifest
        .and_then(|m| m.json.get("include"))
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let base = manifest_path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    // A problem at the `gi`-th include pattern of the manifest.
    let at_pattern = |gi: usize, problem: Problem| {
        manifest.map(|m| {
            let node = m.root.at([
                node::PathSegment::Key("include"),
                node::PathSegment::Index(gi),
            ]);
            problem.at(&m.text, node.line, node.column)
        })
    };
    let mut taken = vec![false; others.len()];
    let mut ordered: Vec<usize> = Vec::new();
    for (gi, pattern) in include.iter().enumerate() {
        if !include_stays_inside(pattern) {
            problems.extend(at_pattern(
                gi,
                Problem::error(
                    codes::SCHEMA,
                    manifest_path.to_path_buf(),
                    Text::new(
                        format!("include 模式 `{pattern}` 指向数据元目录文件夹之外"),
                        format!(
                            "include pattern `{pattern}` reaches outside the dictionary folder"
                        ),
                    ),
                ),
            ));
            continue;
        }
        let matches = match glob::Pattern::new(pattern) {
            Ok(p) => matching(&p, &base, others),
            Err(e) => {
                problems.extend(at_pattern(
                    gi,
                    Problem::error(
                        codes::SCHEMA,
                        manifest_path.to_path_buf(),
                        Text::new(
                            format!("include 模式 `{pattern}` 无效：{e}"),
                            format!("invalid include pattern `{pattern}`: {e}"),
                        ),
                    ),
                ));
                continue;
            }
        };
        if matches.is_empty() {
            problems.extend(at_pattern(
                gi,
                Problem::error(
                    codes::INCLUDE_EMPTY,
                    manifest_path.to_path_buf(),
                    Text::new(
                        format!("include 模式 `{pattern}` 没有匹配任何文件"),
                        format!("include pattern `{pattern}` matches no file"),
                    ),
                ),
            ));
        }
        for i in matches {
            if let Some(t) = taken.get_mut(i) {
                if !*t {
                    *t = true;
                    ordered.push(i);
                }
            }
        }
    }
    ordered
}

/// Orders problems by file in load order, then by position, whatever pass found them.
fn sort_by_place(problems: &mut [Problem], manifest_path: PathBuf, sources: &[Source]) {
    let order: Vec<PathBuf> = std::iter::once(manifest_path)
        .chain(sources.iter().skip(1).map(|s| s.path.clone()))
        .collect();
    problems.sort_by_key(|p| {
        (
            order
                .iter()
                .position(|f| f == p.file())
                .unwrap_or(usize::MAX),
            p.line(),
            p.column(),
        )
    });
}

/// Indexes of `files` whose path, relative to `base`, matches `pattern`; sorted by path.
fn matching(pattern: &glob::Pattern, base: &Path, files: &[(PathBuf, String)]) -> Vec<usize> {
    let opts = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let mut hits: Vec<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| {
            is_yaml_name(p)
                && p.strip_prefix(base)
                    .is_ok_and(|rel| pattern.matches_path_with(rel, opts))
        })
        .map(|(i, _)| i)
        .collect();
    hits.sort_by(|a, b| {
        files
            .get(*a)
            .map(|f| &f.0)
            .cmp(&files.get(*b).map(|f| &f.0))
    });
    hits
}

/// Feeds one file into the dictionary digest. Each file contributes its path and its
/// length before its bytes, so moving text between files changes the digest.
fn hash_file(hasher: &mut Sha256, path: &Path, text: Option<&str>) {
    let path = path.to_string_lossy();
    let path = path.replace('\\', "/");
    hasher.update(path.as_bytes());
    hasher.update([0]);
    let text = text.unwrap_or("");
    hasher.update((text.len() as u64).to_be_bytes());
    hasher.update(text.as_bytes());
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Parses and schema-checks one file, adding its problems; `None` when it did not parse.
fn parse_file(
    path: &Path,
    text: String,
    role: Role,
    problems: &mut Vec<Problem>,
) -> Option<Source> {
    let text: Arc<str> = Arc::from(text);
    let root = match node::parse(&text) {
        Ok(root) => root,
        Err(e) => {
            problems.push(parse_problem(path, &text, e));
            return None;
        }
    };
    let json = root.to_json();
    problems.extend(schema::validate(path, &text, &root, &json, role));
    let json = match role {
        Role::Manifest => json,
        Role::Part => Value::Null,
    };
    Some(Source {
        path: path.to_path_buf(),
        text,
        root,
        json,
    })
}

fn parse_problem(path: &Path, text: &Arc<str>, e: ParseError) -> Problem {
    let file = path.to_path_buf();
    match e {
        ParseError::Syntax {
            message,
            line,
            column,
        } => Problem::error(
            codes::YAML_SYNTAX,
            file,
            Text::new(
                format!("YAML 语法错误：{message}"),
                format!("YAML syntax error: {message}"),
            ),
        )
        .at(text, line, column),
        ParseError::DuplicateKey { key, line, column } => {
            let key = key.unwrap_or_default();
            Problem::error(
                codes::YAML_DUPLICATE_KEY,
                file,
                Text::new(format!("重复的键 `{key}`"), format!("duplicate key `{key}`")),
            )
            .at(text, line, column)
            .with_help(Text::new(
                "同一映射中的键必须唯一",
                "keys must be unique within a mapping",
            ))
        }
        ParseError::Limit {
            message,
            line,
            column,
        } => Problem::error(
            codes::YAML_LIMIT,
            file,
            Text::new(
                format!("文件超出解析限制（别名展开、嵌套深度或大小）：{message}"),
                format!("the file exceeds a parsing limit (alias expansion, nesting depth or size): {message}"),
            ),
        )
        .at(text, line, column),
    }
}

/// Reads a dictionary from disk: a folder (its manifest plus the files its `include`
/// globs name) or a single YAML file.
fn read_from_disk(path: &Path) -> Result<Vec<(PathBuf, String)>, Box<Problem>> {
    let path = &tidy_path(path);
    // A file that is not YAML by name (an export given by mistake) is not read: its
    // parse errors would quote its lines, personal data included, into logs.
    if path.is_file() && !is_yaml_name(path) {
        return Err(Box::new(Problem::error(
            codes::FILE_UNREADABLE,
            path.to_path_buf(),
            Text::new(
                format!(
                    "{} 不是 .yaml/.yml 文件，未读取：数据元目录是文件夹或 YAML 文件",
                    path.display()
                ),
                format!(
                    "{} is not a .yaml/.yml file and was not read: a dictionary is a folder or a YAML file",
                    path.display()
                ),
            ),
        )));
    }
    let manifest_path = if path.is_dir() {
        tidy_path(&path.join(MANIFEST))
    } else {
        path.to_path_buf()
    };
    let manifest_text = read_text(&manifest_path)?;
    let base = manifest_path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    // The include list is read here only to know which files to open; the full parse and
    // its problems come later, from `load_files`.
    let include: Vec<String> = node::parse(&manifest_text)
        .ok()
        .and_then(|root| root.get("include").map(|n| n.to_json()))
        .and_then(|v| v.as_array().cloned())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let mut files = vec![(manifest_path.clone(), manifest_text)];
    let mut seen = vec![manifest_path];
    // Checked again below the links: a link inside the folder may point outside it.
    let real_base = fs::canonicalize(if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &base
    })
    .ok();
    for pattern in include.iter().filter(|p| include_stays_inside(p)) {
        let full = base.join(pattern);
        let Some(full) = full.to_str() else { continue };
        let Ok(paths) = glob::glob(full) else {
            continue;
        };
        for p in paths.flatten() {
            let p = tidy_path(&p);
            if seen.contains(&p) || !p.is_file() || !is_yaml_name(&p) {
                continue;
            }
            let inside = fs::canonicalize(&p)
                .ok()
                .zip(real_base.as_ref())
                .is_some_and(|(real, base)| real.starts_with(base));
            if !inside {
                continue;
            }
            if files.len() >= MAX_FILES {
                return Err(Box::new(Problem::error(
                    codes::YAML_LIMIT,
                    p,
                    Text::new(
                        format!("数据元目录的文件超过 {MAX_FILES} 个"),
                        format!("the dictionary has more than {MAX_FILES} files"),
                    ),
                )));
            }
            let text = read_text(&p)?;
            seen.push(p.clone());
            files.push((p, text));
        }
    }
    Ok(files)
}

/// The path without `.` components (`./dictionary`, `dictionary/.`, `.\\dictionary`), so
/// the manifest's folder and the files its globs find are spelled alike and include
/// patterns match. A Windows-style path that does not exist here is read with `/`.
pub fn tidy_path(path: &Path) -> PathBuf {
    let path = match path.to_str() {
        Some(text) if cfg!(not(windows)) && text.contains('\\') && !path.exists() => {
            PathBuf::from(text.replace('\\', "/"))
        }
        _ => path.to_path_buf(),
    };
    let tidy: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if tidy.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidy
    }
}

fn read_text(path: &Path) -> Result<String, Box<Problem>> {
    crate::bounded::read_text(path, MAX_FILE_BYTES as u64).map_err(|e| {
        let why = e.describe();
        let code = match e {
            crate::bounded::ReadError::TooLarge { .. } => codes::YAML_LIMIT,
            _ => codes::FILE_UNREADABLE,
        };
        Box::new(Problem::error(
            code,
            path.to_path_buf(),
            Text::new(
                format!("无法读取 {}：{}", path.display(), why.zh),
                format!("cannot read {}: {}", path.display(), why.en),
            ),
        ))
    })
}

/// Whether an `include` pattern stays inside the dictionary folder: relative, without
/// `..`, so a manifest cannot pull in files from elsewhere on the machine.
pub fn include_stays_inside(pattern: &str) -> bool {
    let path = Path::new(pattern);
    !pattern.starts_with(['/', '\\'])
        && path.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// Whether a file is a YAML file by its name: only those are dictionary parts.
pub fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(PathBuf, String)> {
        vec![
            (
                PathBuf::from("d/dictionary.yaml"),
                "govdict: 1\nid: t\nname: 测试\nversion: 1.0.0\ninclude: [parts/*.yaml]\n".into(),
            ),
            (
                PathBuf::from("d/parts/b.yaml"),
                "elements:\n  - {id: E2, name: 乙, type: string}\n".into(),
            ),
            (
                PathBuf::from("d/parts/a.yaml"),
                "elements:\n  - {id: E1, name: 甲, type: string}\n".into(),
            ),
            (PathBuf::from("d/other.yaml"), "not: [valid".into()),
        ]
    }

    #[test]
    fn includes_select_and_order_in_memory_files() {
        let checked = load_files(files());
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        let dict = checked.dictionary.expect("valid");
        let ids: Vec<&str> = dict.elements.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["E1", "E2"]);
        assert_eq!(
            dict.elements[0].origin.file,
            PathBuf::from("d/parts/a.yaml")
        );
        assert_eq!(dict.sha256.len(), 64);
    }

    #[test]
    fn digest_changes_with_content() {
        let a = load_files(files()).dictionary.expect("valid").sha256;
        let mut changed = files();
        changed[1].1 = changed[1].1.replace('乙', "丙");
        let b = load_files(changed).dictionary.expect("valid").sha256;
        assert_ne!(a, b);
    }

    /// A dictionary folder `d` beside a secret file; the manifest includes `include`.
    fn beside_a_secret(include: &str) -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let dict = root.path().join("d");
        fs::create_dir_all(dict.join("parts")).unwrap();
        fs::write(
            root.path().join("secret.yaml"),
            "password: hunter2-SECRET\n",
        )
        .unwrap();
        fs::write(root.path().join("hostname"), "SECRET-host\n").unwrap();
        fs::write(
            dict.join(MANIFEST),
            format!("govdict: 1\nid: t\nname: 测试\nversion: 1.0.0\ninclude: [{include}]\n"),
        )
        .unwrap();
        (root, dict)
    }

    fn mentions_secret(checked: &Checked) -> bool {
        format!("{:?}", checked.problems).contains("SECRET")
    }

    #[test]
    fn includes_never_leave_the_dictionary_folder() {
        for include in [
            "'../secret*'",
            "'../*'",
            "'/etc/host*'",
            "'parts/../../secret.yaml'",
        ] {
            let (_root, dict) = beside_a_secret(include);
            let checked = check(Some(&dict));
            assert!(
                !mentions_secret(&checked),
                "{include}: {:?}",
                checked.problems
            );
            assert!(
                checked
                    .problems
                    .iter()
                    .any(|p| p.message.en.contains("outside the dictionary folder")),
                "{include}: {:?}",
                checked.problems
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn includes_skip_links_leading_outside_and_files_not_yaml() {
        let (root, dict) = beside_a_secret("'parts/*'");
        std::os::unix::fs::symlink(root.path().join("secret.yaml"), dict.join("parts/x.yaml"))
            .unwrap();
        fs::write(dict.join("parts/notes.txt"), "SECRET: [unclosed\n").unwrap();
        let checked = check(Some(&dict));
        assert!(!mentions_secret(&checked), "{:?}", checked.problems);
        assert!(
            checked
                .problems
                .iter()
                .any(|p| p.code == codes::INCLUDE_EMPTY),
            "{:?}",
            checked.problems
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_as_dictionary_is_unreadable_not_read() {
        let checked = check(Some(Path::new("/dev/zero")));
        assert!(checked.unreadable);
        assert_eq!(checked.problems[0].code, codes::FILE_UNREADABLE);
    }

    #[test]
    fn embedded_default_loads() {
        let dict = load(None).expect("the embedded dictionary is valid");
        assert!(dict.element("DE00001").is_some());
    }
}
