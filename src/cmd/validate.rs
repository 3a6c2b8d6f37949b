//! `govdict validate`: check exports against a dataset of the dictionary and report every
//! mismatch in the chosen format.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CmdResult, Context, Failure, Outcome};
use crate::batch;
use crate::cli::{FailOn, ValidateArgs};
use crate::finding::Severity;
use crate::mapping::MappingFile;
use crate::report::{self, OutputFormat, RenderOptions, Report};
use crate::source::encoding;
use crate::split::{self, Split};
use crate::validate::ValidateOptions;

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn Write) -> CmdResult {
    let dict = ctx.dictionary()?;
    let options = options(ctx, args)?;
    let files = batch::expand(&args.files).map_err(|e| Failure::Fatal(e.into()))?;
    distinct_outputs(args, &files)?;
    let split = split_plan(args, &files)?;
    let (report, failures) = batch::validate_all(&dict, &files, &options, split.as_ref());

    let render = RenderOptions {
        lang: ctx.lang,
        color: ctx.color && args.output.is_none() && args.format == OutputFormat::Human,
    };
    match &args.output {
        Some(path) => {
            let inputs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
            crate::atomic::write_file(path, &inputs, |w| {
                report::render(&report, args.format, &render, w)
            })?;
        }
        None => report::render(&report, args.format, &render, out)?,
    }
    if args.format == OutputFormat::Github {
        if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
            report::github::write_step_summary(&report, &render, Path::new(&summary))?;
        }
    }
    if let Some((path, error)) = failures.into_iter().next_back() {
        // Every unreadable file is a failure of the job; the report of the others stands.
        let report = miette::Report::new(error).wrap_err(format!(
            "{} could not be validated / 无法校验",
            path.display()
        ));
        return Err(Failure::Fatal(report));
    }
    Ok(outcome(&report, args.fail_on))
}

/// `--output`, `--valid-out` and `--invalid-out` must name distinct files, none of them an
/// input or the mapping.
fn distinct_outputs(args: &ValidateArgs, files: &[PathBuf]) -> Result<(), Failure> {
    use crate::output::{check_distinct, Named};
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
    Ok(Some(Split { targets, threshold }))
}

fn options(ctx: &Context, args: &ValidateArgs) -> Result<ValidateOptions, Failure> {
    let mut options = ValidateOptions {
        dataset: args.dataset.clone().or_else(|| ctx.config.dataset.clone()),
        show_values: args.show_values,
        max_findings: args.max_findings,
        header_row: args.header_row,
        ..ValidateOptions::default()
    };
    if let Some(path) = &args.mapping {
        let mapping = MappingFile::load(path).map_err(|e| Failure::Fatal(e.into()))?;
        if options.dataset.is_none() {
            options.dataset = mapping.dataset.clone();
        }
        options.overrides = mapping.overrides();
    }
    if let Some(label) = &args.encoding {
        let enc = encoding::for_label(label).map_err(|e| Failure::Fatal(e.into()))?;
        options.open.csv.encoding = Some(enc);
    }
    if let Some(d) = &args.delimiter {
        options.open.csv.delimiter = Some(parse_delimiter(d)?);
    }
    options.open.excel.sheet = args.sheet.clone();
    Ok(options)
}

pub(crate) fn parse_delimiter(text: &str) -> Result<u8, Failure> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() => Ok(t.as_bytes()[0]),
        t => Err(Failure::Fatal(miette::miette!(
            code = "govdict::usage::delimiter",
            "--delimiter takes one ASCII character or `tab`, not `{t}` / 分隔符应为一个 ASCII 字符或 tab"
        ))),
    }
}

fn outcome(report: &Report, fail_on: FailOn) -> Outcome {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Never => return Outcome::Clean,
    };
    let summary = report.summary();
    let failing = summary.errors > 0 || (threshold <= Severity::Warning && summary.warnings > 0);
    if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter(";").ok(), Some(b';'));
        assert_eq!(parse_delimiter("tab").ok(), Some(b'\t'));
        assert!(parse_delimiter(";;").is_err());
        assert!(parse_delimiter("，").is_err());
    }
}
