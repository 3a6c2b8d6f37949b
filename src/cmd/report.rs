//! `govdict report FINDINGS`: findings computed by a database (the query of
//! `export --to sql-checks`) rendered like `validate` renders its own, with the same
//! formats, masking and exit codes.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::validate::{outcome, path_base};
use super::{CmdResult, Context, Failure};
use crate::cli::{FailOn, JunitFlavorArg, ReportFormat};
use govdict::report::{self, JsonlSink, OutputFormat, RenderOptions};
use govdict::validate::engine::read_findings;
use govdict::validate::{replay, FileReport, Report};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The engine's findings: CSV with a header row, or JSON lines (.jsonl, .ndjson, .json)
    /// with the fields row, column, header, element, code, severity, first_row
    #[arg(value_name = "FINDINGS")]
    pub findings: PathBuf,
    /// The dataset the query checked (default: govdict.toml)
    #[arg(long)]
    pub dataset: Option<String>,
    /// The name reports give the checked table (default: the findings file's path)
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,
    /// Data rows in the checked table, for the report's counts (the query does not return it)
    #[arg(long, value_name = "N")]
    pub rows: Option<u64>,
    /// Report format
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
    /// Write the report to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// JUnit dialect: portable or gitlab
    #[arg(long, value_enum, default_value_t)]
    pub junit_flavor: JunitFlavorArg,
    /// List at most N findings; counts stay complete
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
    /// Exit 1 when there are findings of this severity or worse
    #[arg(long, value_enum, default_value_t)]
    pub fail_on: FailOn,
}

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> CmdResult {
    let dict = ctx.dictionary()?;
    let fatal = |zh: String, en: String| {
        Failure::Fatal(miette::miette!(
            code = "govdict::report::findings",
            "{}",
            govdict::text::Text::new(zh, en).get(ctx.lang)
        ))
    };
    let Some(id) = args.dataset.clone().or_else(|| ctx.config.dataset.clone()) else {
        return Err(fatal(
            "请用 --dataset 指定查询检查的数据集".into(),
            "name the dataset the query checked with --dataset".into(),
        ));
    };
    let dataset = govdict::export::find_dataset(&dict, &id)
        .map_err(|e| fatal(e.message.zh.clone(), e.message.en.clone()))?;
    let path = &args.findings;
    let display = args
        .table
        .clone()
        .unwrap_or_else(|| path.display().to_string());
    let mut file =
        read_findings(&dict, dataset, path, &display, args.max_findings).map_err(|e| {
            let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            fatal(
                format!("{}{at}：{}", path.display(), e.what.zh),
                format!("{}{at}: {}", path.display(), e.what.en),
            )
        })?;
    file.rows = args.rows.unwrap_or(0);
    let rendering = Rendering {
        format: args.format,
        output: args.output.as_deref(),
        junit_flavor: args.junit_flavor,
        help_base_url: None,
        fail_on: args.fail_on,
        as_path: true,
    };
    render_file(ctx, &dict, file, &[path.as_path()], &rendering, out)
}

/// How an engine's findings are rendered: `report`'s and `validate`'s options.
pub(super) struct Rendering<'a> {
    pub format: ReportFormat,
    pub output: Option<&'a Path>,
    pub junit_flavor: JunitFlavorArg,
    /// SARIF help links; `None` links this version's code pages, as validate does by default.
    pub help_base_url: Option<String>,
    pub fail_on: FailOn,
    /// Whether the table's name is a path (a findings file) rather than a URL.
    pub as_path: bool,
}

/// Renders the report of one table checked by an engine and gives its outcome; `inputs`
/// are files the output may not replace.
pub(super) fn render_file(
    ctx: &Context,
    dict: &govdict::dictionary::Dictionary,
    file: FileReport,
    inputs: &[&Path],
    rendering: &Rendering,
    out: &mut dyn Write,
) -> CmdResult {
    let report = Report {
        files: vec![file],
        dictionary: ctx.dictionary_ref(dict),
        ..Report::new(dict)
    };
    let format = OutputFormat::from(rendering.format);
    let render = RenderOptions {
        lang: ctx.lang,
        color: ctx.color && rendering.output.is_none() && format == OutputFormat::Human,
        // A URL is shown as it is, not as a path under the working directory.
        paths: if rendering.as_path {
            path_base(None)?
        } else {
            None
        },
        junit_flavor: rendering.junit_flavor.into(),
        help_base_url: rendering.help_base_url.clone(),
    };
    let write = |w: &mut dyn Write| -> io::Result<()> {
        if format == OutputFormat::Jsonl {
            let mut sink = JsonlSink::new(w, ctx.lang).with_dictionary(report.dictionary.clone());
            for f in &report.files {
                replay(f.clone(), &mut sink)?;
            }
            return sink.finish();
        }
        report::render(&report, format, &render, w)
    };
    match rendering.output {
        Some(p) => govdict::atomic::write_file(p, inputs, write)?,
        None => write(out)?,
    }
    Ok(outcome(&report.summary(), rendering.fail_on))
}
