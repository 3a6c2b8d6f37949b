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
    #[error("not a regular file, folder or pipe (a device or socket): {0}; give it on standard input instead: `govdict validate - < FILE` / 不是普通文件、文件夹或管道（设备或套接字），请改为从标准输入读取")]
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

/// Inputs expanded into files, the folders among them that held none, and the entries of
/// folders that look like exports but are not files to open.
#[derive(Debug, Default)]
pub struct Expanded {
    pub files: Vec<PathBuf>,
    pub empty_folders: Vec<PathBuf>,
    /// Named like exports but left unopened, with why: a named pipe, device or socket
    /// (opening one could wait for ever), or a symbolic link to nothing. Each is reported
    /// as an `unreadable-file` finding: it was not checked, so it must not pass unseen.
    pub not_opened: Vec<(PathBuf, SourceError)>,
}

/// Like [`expand`], also naming each folder that held no export file: a run that checked
/// nothing must not look like a clean pass.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Expanded, InputError> {
    let mut expanded = Expanded::default();
    for input in inputs {
        let text = input.to_string_lossy();
        // A named pipe given by name (`<(zcat x.csv.gz)`) is read once, like `-`.
        if text == "-" || input.is_file() || crate::source::is_pipe(input) {
            expanded.files.push(input.clone());
        } else if input.is_dir() {
            let mut walk = Walk::default();
            walk.tree(input)?;
            if walk.found.is_empty() && walk.not_opened.is_empty() {
                expanded.empty_folders.push(input.clone());
            }
            walk.found.sort();
            walk.not_opened.sort_by(|a, b| a.0.cmp(&b.0));
            expanded.files.extend(walk.found);
            expanded.not_opened.extend(walk.not_opened);
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
            expanded.files.extend(found);
        } else if input.exists() {
            return Err(InputError::Special(text.to_string()));
        } else {
            return Err(InputError::Missing(text.to_string()));
        }
    }
    Ok(expanded)
}

/// The export files under a folder.
#[derive(Default)]
struct Walk {
    found: Vec<PathBuf>,
    not_opened: Vec<(PathBuf, SourceError)>,
    /// Folders entered, as their real paths: a folder reached twice is listed once.
    entered: std::collections::HashSet<PathBuf>,
    /// Symbolic links to folders, entered after the real folders (so a file is listed
    /// under its real folder's name when both lead to it).
    linked: Vec<PathBuf>,
}

impl Walk {
    /// The folder `dir` and everything under it, links to folders included.
    fn tree(&mut self, dir: &Path) -> Result<(), InputError> {
        self.folder(dir)?;
        while let Some(link) = self.linked.pop() {
            self.folder(&link)?;
        }
        Ok(())
    }

    fn folder(&mut self, dir: &Path) -> Result<(), InputError> {
        let io = |source| InputError::Io {
            path: dir.to_owned(),
            source,
        };
        if !self.entered.insert(std::fs::canonicalize(dir).map_err(io)?) {
            return Ok(());
        }
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let path = entry.path();
            // A symbolic link is taken for what it points to.
            let target = std::fs::metadata(&path);
            if target.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
                // Hidden folders (.git) hold no exports.
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                if entry.file_type().map_err(io)?.is_symlink() {
                    self.linked.push(path);
                } else {
                    self.folder(&path)?;
                }
                continue;
            }
            let named_like_export = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            if !named_like_export {
                continue;
            }
            let why = match target {
                Ok(m) if m.is_file() => {
                    self.found.push(path);
                    continue;
                }
                Ok(_) => io::Error::other(
                    "not a regular file (a named pipe, device or socket), so it was not opened / \
                     不是普通文件（命名管道、设备或套接字），未打开",
                ),
                Err(e) if e.kind() == io::ErrorKind::NotFound => io::Error::new(
                    e.kind(),
                    "a symbolic link to nothing / 符号链接指向的文件不存在",
                ),
                Err(e) => e,
            };
            self.not_opened
                .push((path.clone(), SourceError::Io { path, source: why }));
        }
        Ok(())
    }
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
