//! Validating many files at once: expand folders and globs into files, validate them (in
//! parallel, or one after the other when streaming) and report them in the order the
//! inputs were given.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::finding::{Code, Finding, Tally};
use crate::source::SourceError;
use crate::split::{write_split, Output, Split, SplitError};
use crate::text::Text;
use crate::validate::{replay, Collector, FileReport, Reporter, Tee, ValidateError, Validator};

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
    #[error("not a regular file or folder (a device, pipe or socket): {0}; give it on standard input instead: `govdict validate - < FILE` / 不是普通文件或文件夹（设备、管道或套接字），请改为从标准输入读取")]
    #[diagnostic(code(govdict::input::special))]
    Special(String),
    #[error("invalid glob pattern / 通配模式无效 {pattern}: {message}")]
    #[diagnostic(code(govdict::input::glob))]
    Glob { pattern: String, message: String },
    #[error("cannot list / 无法列出 {path}: {source}")]
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
    Ok(expand_inputs(inputs)?.files)
}

/// Inputs expanded into files, and the folders among them that held none.
#[derive(Debug, Default)]
pub struct Expanded {
    pub files: Vec<PathBuf>,
    pub empty_folders: Vec<PathBuf>,
}

/// Like [`expand`], also naming each folder that held no export file: a run that checked
/// nothing must not look like a clean pass.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Expanded, InputError> {
    let mut files = Vec::new();
    let mut empty_folders = Vec::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if text == "-" || input.is_file() {
            files.push(input.clone());
        } else if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            if found.is_empty() {
                empty_folders.push(input.clone());
            }
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
        } else if input.exists() {
            return Err(InputError::Special(text.to_string()));
        } else {
            return Err(InputError::Missing(text.to_string()));
        }
    }
    Ok(Expanded {
        files,
        empty_folders,
    })
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

/// How `validate_all` goes through the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Files validated in parallel, each collected, then handed to the reporter in input
    /// order: for formats that collect anyway.
    Parallel,
    /// One file after the other, straight to the reporter: memory stays flat whatever the
    /// number of findings.
    Streaming,
}

/// Validates files, handing each to `reporter` in input order; a file that could not be
/// read reaches the reporter as an `unreadable-file` finding (what was received of it
/// before is abandoned). Other failures (the split outputs) are returned. With
/// `split`, each file's valid and invalid rows are also written where it says
/// (`split.targets` holds one entry per file, in the same order). An error of the reporter
/// itself stops the run.
pub fn validate_all(
    validator: &Validator,
    files: &[PathBuf],
    split: Option<&Split>,
    reporter: &mut dyn Reporter,
    order: Order,
) -> io::Result<Outcome> {
    let protect: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let job = Job {
        validator,
        split,
        protect: &protect,
    };
    let mut failures = Vec::new();
    let mut unreadable_files = Vec::new();
    match order {
        Order::Parallel => {
            let results: Vec<(Result<(), SplitError>, Collector)> = files
                .par_iter()
                .enumerate()
                .map(|(i, path)| {
                    let mut collector = Collector::new();
                    (job.one(i, path, &mut collector), collector)
                })
                .collect();
            for (path, (result, collector)) in files.iter().zip(results) {
                match result {
                    Ok(()) => {
                        for file in collector.into_files() {
                            replay(file, reporter)?;
                        }
                    }
                    Err(SplitError::Validate(ValidateError::Source(e))) if e.is_unreadable() => {
                        replay(unreadable(path, &e), reporter)?;
                        unreadable_files.push((path.clone(), e));
                    }
                    Err(e) => failures.push((path.clone(), e)),
                }
            }
        }
        Order::Streaming => {
            for (i, path) in files.iter().enumerate() {
                match job.one(i, path, reporter) {
                    Ok(()) => {}
                    Err(SplitError::Validate(ValidateError::Report(e))) => return Err(e),
                    Err(SplitError::Validate(ValidateError::Source(e))) if e.is_unreadable() => {
                        replay(unreadable(path, &e), reporter)?;
                        unreadable_files.push((path.clone(), e));
                    }
                    Err(e) => failures.push((path.clone(), e)),
                }
            }
        }
    }
    Ok(Outcome {
        failures,
        unreadable: unreadable_files,
    })
}

/// What became of the files of a run besides what the reporter got.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files whose split outputs could not be written, or that asked for what they lack
    /// (a sheet): the job failed.
    pub failures: Vec<(PathBuf, SplitError)>,
    /// Files that could not be read: reported as `unreadable-file` findings, listed here
    /// too so the command can say so beside the report.
    pub unreadable: Vec<(PathBuf, SourceError)>,
}

/// The report of a file that could not be read: one `unreadable-file` error, so the file
/// is counted and shown in every format instead of disappearing from the report.
pub fn unreadable(path: &Path, error: &SourceError) -> FileReport {
    // The error names the path as given; the report shows its own form of it.
    let reason = error.to_string();
    let finding = Finding::new(
        Code::UnreadableFile,
        Text::new(
            format!("文件无法读取，未作校验：{reason}"),
            format!("the file could not be read and was not checked: {reason}"),
        ),
    );
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    file_level(display_path(path), format, finding)
}

/// The report of a folder given as input that held no export file (`no-input`).
pub fn no_input(folder: &Path) -> FileReport {
    let shown = display_path(folder);
    let finding = Finding::new(
        Code::NoInput,
        Text::new(
            format!(
                "文件夹 {shown} 中没有可校验的导出文件（{}），什么也没有校验；请检查路径或直接给出文件",
                EXTENSIONS.join(" ")
            ),
            format!(
                "the folder {shown} holds no export file ({}), so nothing was checked; check the path or name the files",
                EXTENSIONS.join(" ")
            ),
        ),
    );
    file_level(shown, "folder".to_owned(), finding)
}

fn file_level(path: String, format: String, finding: Finding) -> FileReport {
    let mut tally = Tally::default();
    tally.count(&finding);
    FileReport {
        path,
        sha256: String::new(),
        format,
        encoding: None,
        sheet: None,
        dataset: None,
        rows: 0,
        columns: Vec::new(),
        tally,
        findings: vec![finding],
        truncated: false,
    }
}

/// What every file of a run shares.
struct Job<'a, 'd> {
    validator: &'a Validator<'d>,
    split: Option<&'a Split>,
    protect: &'a [&'a Path],
}

impl Job<'_, '_> {
    /// Validates the `i`-th file into `reporter`, and its split beside it.
    fn one(&self, i: usize, path: &Path, reporter: &mut dyn Reporter) -> Result<(), SplitError> {
        let display = display_path(path);
        let Some((split, targets)) = self
            .split
            .and_then(|s| Some((s, s.targets.get(i)?)))
            .filter(|(_, t)| !t.is_empty())
        else {
            return Ok(self.validator.validate(path, &display, reporter)?);
        };
        let output = Output {
            targets,
            threshold: split.threshold,
            protect: self.protect,
            encoding: split.encoding,
        };
        write_split(path, output, |splitter| {
            let mut tee = Tee {
                first: reporter,
                second: splitter,
            };
            self.validator.validate(path, &display, &mut tee)
        })
    }
}
