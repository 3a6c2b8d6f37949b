//! `govdict validate`: check exports against a dataset of the dictionary and report every
//! mismatch in the chosen format.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{FailOn, ValidateArgs};
use crate::progress_bar::{self, Bar};
use govdict::batch::{self, Order};
use govdict::finding::Severity;
use govdict::mapping::MappingFile;
use govdict::report::{self, JsonlSink, OutputFormat, PathBase, RenderOptions};
use govdict::split::{self, Split, SplitError};
use govdict::text::{Lang, Text};
use govdict::validate::{
    replay, Collector, FileReport, Reporter, Summary, ValidateError, ValidateOptions, Validator,
    DEFAULT_MAX_FINDINGS,
};

mod postgres;

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn Write) -> CmdResult {
    if let Some(url) = postgres::url_input(args)? {
        return postgres::run(ctx, args, &url, out);
    }
    let dict = ctx.dictionary()?;
    let format = OutputFormat::from(args.format);
    let expanded = batch::expand_inputs(&args.files).map_err(|e| Failure::Fatal(e.into()))?;
    let files = expanded.files;
    let bar = Bar::validate(progress_bar::draw(ctx.global.quiet), ctx.lang, &files);
    let validator = Validator::new(&dict, options(ctx, args, format)?).with_progress(&bar);
    // A folder with nothing to check, and an entry of one named like an export but not a
    // file to open, are findings, reported before the files.
    let before_files: Vec<_> = expanded
        .empty_folders
        .iter()
        .map(|d| batch::no_input(d))
        .chain(
            expanded
                .not_opened
                .iter()
                .map(|(path, e)| batch::unreadable(path, e)),
        )
        .collect();
    distinct_outputs(args, &files)?;
    let split = split_plan(args, &files)?;
    let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let render = RenderOptions {
        lang: ctx.lang,
        color: ctx.color && args.output.is_none() && format == OutputFormat::Human,
        paths: path_base(args.base_dir.as_deref())?,
        junit_flavor: args.junit_flavor.into(),
        help_base_url: help_base_url(args.help_base_url.as_deref())?,
    };
    let mut guesses: Vec<String> = Vec::new();
    let mut write = |w: &mut dyn Write| -> io::Result<(Summary, batch::Outcome)> {
        if format == OutputFormat::Jsonl {
            // Streamed: each finding is written as it is found.
            let mut sink = JsonlSink::new(w, ctx.lang).with_dictionary(ctx.dictionary_ref(&dict));
            for report in &before_files {
                replay(report.clone(), &mut sink)?;
            }
            let mut watch = GuessWatch::new(&mut sink, ctx.lang, &mut guesses);
            let failures = batch::validate_all(
                &validator,
                &files,
                split.as_ref(),
                &mut watch,
                Order::Streaming,
            )?;
            sink.finish()?;
            return Ok((sink.summary().clone(), failures));
        }
        let mut collector = Collector::new();
        for report in &before_files {
            replay(report.clone(), &mut collector)?;
        }
        let failures = batch::validate_all(
            &validator,
            &files,
            split.as_ref(),
            &mut GuessWatch::new(&mut collector, ctx.lang, &mut guesses),
            Order::Parallel,
        )?;
        let mut report = collector.into_report(&dict);
        report.dictionary = ctx.dictionary_ref(&dict);
        report::render(&report, format, &render, w)?;
        if format == OutputFormat::Github {
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty())
            {
                // The summary is a nicety: the annotations are out and decide the job.
                let summary = Path::new(&summary);
                if let Err(e) = report::github::write_step_summary(&report, &render, summary) {
                    let warning = format!(
                        "warning: cannot append the job summary to $GITHUB_STEP_SUMMARY ({}): {e} / \
                         警告：无法将作业摘要追加到 $GITHUB_STEP_SUMMARY（{}）\n",
                        summary.display(),
                        summary.display()
                    );
                    io::stderr().write_all(warning.as_bytes())?;
                }
            }
        }
        Ok((report.summary(), failures))
    };
    let mut result = None;
    match &args.output {
        Some(path) => govdict::atomic::write_file(path, &inputs, |w| {
            result = Some(write(w)?);
            Ok(())
        })?,
        None => result = Some(write(out)?),
    }
    bar.finish();
    let Some((summary, done)) = result else {
        return Err(Failure::Io(io::Error::other("nothing was validated")));
    };
    for guess in &guesses {
        // Said beside the report too (even with --quiet): the findings against a guessed
        // dataset may be false, and the report may have gone to a file.
        io::stderr().write_all(format!("{guess}\n").as_bytes())?;
    }
    let not_opened = expanded.not_opened.iter().map(|(_, e)| e);
    for error in not_opened.chain(done.unreadable.iter().map(|(_, e)| e)) {
        // Said beside the report too: the report may have gone to a file.
        let warning = format!("warning: not checked / 警告：未校验: {error} (unreadable-file)\n");
        io::stderr().write_all(warning.as_bytes())?;
    }
    if let Some((path, error)) = done.failures.into_iter().next_back() {
        // A file that could not be read is a finding in the report; what is left here (the
        // valid/invalid rows could not be written) is a failure of the job. The report of
        // the others stands.
        let report = match error {
            // The library's message exists in both languages: show the user's.
            SplitError::Validate(ValidateError::Resolve(e)) => miette::miette!(
                code = "govdict::resolve::unknown_dataset",
                "{}",
                e.text().get(ctx.lang)
            ),
            other => miette::Report::new(other),
        };
        let report = report.wrap_err(format!(
            "{} could not be validated / 无法校验",
            path.display()
        ));
        return Err(Failure::Fatal(report));
    }
    Ok(outcome(&summary, args.fail_on))
}

/// Passes a run on to `inner`, noting each file whose dataset was guessed from its
/// headers (`dataset-guessed`), so the command can warn beside the report.
struct GuessWatch<'r, 'g> {
    inner: &'r mut dyn Reporter,
    lang: Lang,
    path: String,
    guesses: &'g mut Vec<String>,
}

impl<'r, 'g> GuessWatch<'r, 'g> {
    fn new(inner: &'r mut dyn Reporter, lang: Lang, guesses: &'g mut Vec<String>) -> Self {
        GuessWatch {
            inner,
            lang,
            path: String::new(),
            guesses,
        }
    }
}

impl Reporter for GuessWatch<'_, '_> {
    fn begin_file(&mut self, path: &str) -> io::Result<()> {
        self.path = path.to_owned();
        self.inner.begin_file(path)
    }

    fn header(&mut self, header: &govdict::source::Record) -> io::Result<()> {
        self.inner.header(header)
    }

    fn finding(&mut self, finding: &govdict::finding::Finding) -> io::Result<()> {
        if finding.code == govdict::finding::Code::DatasetGuessed {
            let label = Text::new("警告", "warning");
            self.guesses.push(format!(
                "{}: {}: {} ({})",
                label.get(self.lang),
                self.path,
                finding.message.get(self.lang),
                finding.code.as_str()
            ));
        }
        self.inner.finding(finding)
    }

    fn wants_rows(&self) -> bool {
        self.inner.wants_rows()
    }

    fn row(
        &mut self,
        record: &govdict::source::Record,
        findings: &[govdict::validate::RowFinding],
    ) -> io::Result<()> {
        self.inner.row(record, findings)
    }

    fn end_file(&mut self, file: &FileReport) -> io::Result<()> {
        self.inner.end_file(file)
    }

    fn abandon_file(&mut self) {
        self.inner.abandon_file();
    }
}

/// `--help-base-url`, checked: SARIF viewers open the links as given.
fn help_base_url(url: Option<&str>) -> Result<Option<String>, Failure> {
    match url {
        None => Ok(None),
        Some(u) if govdict::report::help::is_help_base_url(u) => {
            Ok(Some(u.trim_end_matches('/').to_owned()))
        }
        Some(u) => Err(Failure::Fatal(miette::miette!(
            code = "govdict::usage::help_base_url",
            "--help-base-url {u:?} is not an absolute http(s) URL without query or fragment / 不是不含查询和片段的绝对 http(s) 地址"
        ))),
    }
}

/// What report paths are relative to: `--base-dir`, else the root of the git repository
/// around the working directory, else the working directory.
pub(super) fn path_base(base_dir: Option<&Path>) -> Result<Option<PathBase>, Failure> {
    let Ok(cwd) = std::env::current_dir() else {
        // Without a working directory paths stay as given.
        return Ok(None);
    };
    let base = match base_dir {
        Some(dir) if !dir.is_dir() => {
            return Err(Failure::Fatal(miette::miette!(
                code = "govdict::usage::base_dir",
                "--base-dir {} is not a folder / 不是文件夹",
                dir.display()
            )))
        }
        Some(dir) => cwd.join(dir),
        None => cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf(),
    };
    Ok(Some(PathBase { cwd, base }))
}

/// `--output`, `--valid-out` and `--invalid-out` must name distinct files, none of them an
/// input or the mapping.
fn distinct_outputs(args: &ValidateArgs, files: &[PathBuf]) -> Result<(), Failure> {
    use govdict::output::{check_distinct, Named};
    // Rows are written as files; `-` would be a file of that name in the working folder.
    for (option, path) in [
        ("--valid-out", &args.valid_out),
        ("--invalid-out", &args.invalid_out),
    ] {
        if path.as_deref() == Some(Path::new("-")) {
            return Err(Failure::Fatal(miette::miette!(
                code = "govdict::usage::split_stdout",
                "{option} takes a file or folder, not standard output / {option} 须为文件或文件夹，不能是标准输出"
            )));
        }
    }
    let targets = split::plan(
        files,
        args.valid_out.as_deref(),
        args.invalid_out.as_deref(),
    );
    let mut outputs: Vec<Named<'_>> = args
        .output
        .iter()
        .map(|p| Named::new("--output", p))
        .collect();
    for t in &targets {
        outputs.extend(t.valid.iter().map(|p| Named::new("--valid-out", p)));
        outputs.extend(t.invalid.iter().map(|p| Named::new("--invalid-out", p)));
    }
    let mut inputs: Vec<Named<'_>> = files.iter().map(|p| Named::new("FILE", p)).collect();
    inputs.extend(args.mapping.iter().map(|p| Named::new("--mapping", p)));
    check_distinct(&outputs, &inputs).map_err(|e| Failure::Fatal(e.into()))
}

/// Where `--valid-out` / `--invalid-out` send each file's rows. A row fails on the
/// findings that fail the run: errors, and warnings too under `--fail-on warning`.
fn split_plan(args: &ValidateArgs, files: &[PathBuf]) -> Result<Option<Split>, Failure> {
    if args.valid_out.is_none() && args.invalid_out.is_none() {
        return Ok(None);
    }
    let targets = split::plan(
        files,
        args.valid_out.as_deref(),
        args.invalid_out.as_deref(),
    );
    split::prepare(&targets).map_err(|e| {
        Failure::Fatal(miette::miette!(
            code = "govdict::split::folder",
            "cannot create the output folder / 无法创建输出文件夹: {e}"
        ))
    })?;
    let threshold = match args.fail_on {
        FailOn::Warning => Severity::Warning,
        FailOn::Error | FailOn::Never => Severity::Error,
    };
    let encoding = govdict::output_encoding::OutputEncoding::for_output(
        args.output_encoding.map(|e| e.encoding()),
        false,
    );
    Ok(Some(Split {
        targets,
        threshold,
        encoding,
    }))
}

fn options(
    ctx: &Context,
    args: &ValidateArgs,
    format: OutputFormat,
) -> Result<ValidateOptions, Failure> {
    // Collected formats hold every listed finding until the end, so they list a bounded
    // number by default; JSON Lines writes each finding as it is found and lists all.
    let max_findings = args.max_findings.or(match format {
        OutputFormat::Jsonl => None,
        _ => Some(DEFAULT_MAX_FINDINGS),
    });
    let mut options = ValidateOptions {
        dataset: args.dataset.clone().or_else(|| ctx.config.dataset.clone()),
        show_values: args.show_values.into(),
        max_findings,
        max_memory: (args.max_memory > 0).then_some(args.max_memory),
        table: super::table_options(&args.input)?,
        ..ValidateOptions::default()
    };
    if let Some(path) = &args.mapping {
        let mapping = MappingFile::load(path).map_err(|e| Failure::Fatal(e.into()))?;
        if options.dataset.is_none() {
            options.dataset = mapping.dataset.clone();
        }
        options.overrides = mapping.overrides();
    }
    Ok(options)
}

pub(super) fn outcome(summary: &Summary, fail_on: FailOn) -> Outcome {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Never => return Outcome::Clean,
    };
    let failing = summary.errors > 0 || (threshold <= Severity::Warning && summary.warnings > 0);
    if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}
