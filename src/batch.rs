//! Validating many files at once: expand folders and globs into files, validate them in
//! parallel, and gather one report in the order the inputs were given.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::dictionary::Dictionary;
use crate::report::{DictionaryRef, FileReport, Report};
use crate::resolve::HeaderIndex;
use crate::split::{validate_split, Output, Split, SplitError};
use crate::validate::{validate_file, ValidateOptions};

/// File extensions picked up when a folder is given.
pub const EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "psv", "xlsx", "xlsm", "xlsb", "xls", "ods",
];

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InputError {
    #[error("no such file or folder: {0} / 文件或文件夹不存在")]
    #[diagnostic(code(govdict::input::missing))]
    Missing(String),
    #[error("invalid glob pattern {pattern}: {message}")]
    #[diagnostic(code(govdict::input::glob))]
    Glob { pattern: String, message: String },
    #[error("cannot list {path}: {source}")]
    #[diagnostic(code(govdict::input::io))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Expands inputs: a file stays itself, a folder becomes its export files (recursively,
/// sorted), a glob its matches (sorted). `-` is standard input.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if text == "-" || input.is_file() {
            files.push(input.clone());
        } else if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            found.sort();
            files.extend(found);
        } else if text.contains(['*', '?', '[']) {
            let paths = glob::glob(&text).map_err(|e| InputError::Glob {
                pattern: text.to_string(),
                message: e.to_string(),
            })?;
            let mut found: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if found.is_empty() {
                return Err(InputError::Missing(text.to_string()));
            }
            found.sort();
            files.extend(found);
        } else {
            return Err(InputError::Missing(text.to_string()));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |source| InputError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(io)?;
        if kind.is_dir() {
            // Hidden folders (.git) hold no exports.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                walk(&path, out)?;
            }
        } else if kind.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// How a path is shown in reports: relative, with forward slashes.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// Validates files in parallel; reports come back in input order and files that could not
/// be read beside the report. With `split`, each file's valid and invalid rows are also
/// written where it says (`split.targets` holds one entry per file, in the same order).
pub fn validate_all(
    dict: &Dictionary,
    files: &[PathBuf],
    options: &ValidateOptions,
    split: Option<&Split>,
) -> (Report, Vec<(PathBuf, SplitError)>) {
    let index = HeaderIndex::new(dict);
    let protect: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let results: Vec<Result<FileReport, SplitError>> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let display = display_path(path);
            match split
                .and_then(|s| s.targets.get(i))
                .filter(|t| !t.is_empty())
            {
                Some(targets) => validate_split(
                    dict,
                    &index,
                    path,
                    &display,
                    options,
                    Output {
                        targets,
                        threshold: split.map_or(crate::finding::Severity::Error, |s| s.threshold),
                        protect: &protect,
                    },
                ),
                None => Ok(validate_file(dict, &index, path, &display, options)?),
            }
        })
        .collect();
    assemble(dict, files, results)
}

/// One report of the files that could be validated, in input order, and the failures.
fn assemble<E>(
    dict: &Dictionary,
    files: &[PathBuf],
    results: Vec<Result<FileReport, E>>,
) -> (Report, Vec<(PathBuf, E)>) {
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for (path, result) in files.iter().zip(results) {
        match result {
            Ok(r) => reports.push(r),
            Err(e) => failures.push((path.clone(), e)),
        }
    }
    let report = Report {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        dictionary: DictionaryRef {
            id: dict.manifest.id.clone(),
            version: dict.manifest.version.clone(),
            sha256: dict.sha256.clone(),
        },
        files: reports,
    };
    (report, failures)
}
