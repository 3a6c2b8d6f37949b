//! `govdict map suggest` and `govdict map crosswalk`: mapping tables of departmental
//! exports.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{
    CrosswalkFormat, MapArgs, MapCommand, MapCrosswalkArgs, MapFormat, MapSuggestArgs,
};
use crate::progress_bar::{self, Bar};
use govdict::mapping::{self, ContentChecker, ExportReader, MappingFile, SuggestOptions};
use govdict::output_encoding::{EncodedWriter, OutputEncoding};

pub fn run(ctx: &Context, args: &MapArgs, out: &mut dyn Write) -> CmdResult {
    match &args.command {
        MapCommand::Suggest(a) => suggest(ctx, a, out),
        MapCommand::Crosswalk(a) => crosswalk(ctx, a, out),
    }
}

/// A binary format is only written to a file.
fn refuse_binary_to_stdout(binary: bool, output: Option<&PathBuf>) -> Result<(), Failure> {
    if binary && output.is_none() {
        return Err(Failure::Fatal(miette::miette!(
            code = "govdict::usage::binary_output",
            "--format xlsx needs --output FILE: a workbook is not written to a terminal or pipe / xlsx 格式须用 --output 指定文件"
        )));
    }
    Ok(())
}

/// `--output` must not name one of the inputs.
fn distinct_output(output: Option<&PathBuf>, inputs: &[&Path]) -> Result<(), Failure> {
    use govdict::output::{check_distinct, Named};
    let outputs: Vec<Named<'_>> = output.iter().map(|p| Named::new("--output", p)).collect();
    let inputs: Vec<Named<'_>> = inputs.iter().map(|p| Named::new("input", p)).collect();
    check_distinct(&outputs, &inputs).map_err(|e| Failure::Fatal(e.into()))
}

/// Writes a CSV table through `render` in `encoding`.
fn encoded(
    out: &mut dyn Write,
    encoding: OutputEncoding,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut w = EncodedWriter::new(out, encoding);
    render(&mut w)?;
    w.finish().map(drop)
}

/// Writes through `render` to `--output` (atomically, never over an input) or `out`.
fn emit(
    output: Option<&PathBuf>,
    inputs: &[&Path],
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    match output {
        Some(path) => govdict::atomic::write_file(path, inputs, render).map_err(|e| {
            Failure::Fatal(miette::miette!(
                code = "govdict::io::write",
                "{}: {e}",
                path.display()
            ))
        }),
        None => render(out).map_err(Failure::Io),
    }
}

fn suggest(ctx: &Context, args: &MapSuggestArgs, out: &mut dyn Write) -> CmdResult {
    refuse_binary_to_stdout(args.format == MapFormat::Xlsx, args.output.as_ref())?;
    distinct_output(args.output.as_ref(), &[args.file.as_path()])?;
    let dict = ctx.dictionary()?;
    let options = super::table_options(&args.input)?;
    let suggest_options = SuggestOptions {
        dataset: args.dataset.clone().or_else(|| ctx.config.dataset.clone()),
        department: args.department.clone(),
        ..SuggestOptions::default()
    };
    let columns = ExportReader::open(&args.file, &options)
        .and_then(|reader| match reader {
            Some(mut r) => r.sample(suggest_options.sample_limit).map(Some),
            None => Ok(None),
        })
        .map_err(|e| Failure::Fatal(miette::Report::new(e)))?
        .ok_or_else(|| {
            Failure::Fatal(miette::miette!(
                code = "govdict::map::no_header",
                "{}: the file has no header row / 文件没有表头",
                args.file.display()
            ))
        })?;
    if let Some(id) = &suggest_options.dataset {
        if dict.dataset(id).is_none() {
            let known: Vec<String> = dict.datasets.iter().map(|d| d.id.clone()).collect();
            let e = govdict::resolve::ResolveError::UnknownDataset {
                id: id.clone(),
                known,
            };
            return Err(Failure::Fatal(miette::miette!(
                code = "govdict::usage::dataset",
                "{}",
                e.text().get(ctx.lang)
            )));
        }
    }
    // The output is a mapping file (which names the dictionary's id and version too).
    if !ctx.global.quiet {
        // Said on standard error: standard output may be the mapping itself.
        eprintln!("{}", ctx.dictionary_line(&dict));
    }
    let checker = ContentChecker::new(&dict);
    let check = |e: &govdict::dictionary::Element, v: &str| checker.passes(e, v);
    let bar = Bar::steps(
        progress_bar::draw(ctx.global.quiet),
        ctx.lang,
        columns.len() as u64,
        ("列", "columns"),
    );
    let suggestion =
        mapping::suggest_with_progress(&dict, &columns, &suggest_options, &check, &bar);
    bar.finish();
    // With --quiet only a guess is still said: it is a warning.
    if let Some(c) = suggestion
        .dataset_choice
        .as_ref()
        .filter(|c| c.guess || !ctx.global.quiet)
    {
        // Said on standard error so that a mapping written to standard output stays clean.
        let runner = c.runner_up.as_deref().unwrap_or("-");
        let mut t = govdict::text::Text::new(
            format!(
                "数据集按表头和内容自动选择：{}（领先 {runner} {:.2}）\n",
                c.dataset, c.margin
            ),
            format!(
                "dataset chosen from the columns: {} (margin {:.2} over {runner})\n",
                c.dataset, c.margin
            ),
        );
        if c.guess {
            t = govdict::text::Text::new(
                format!("{}警告：证据不足，这是猜测；请用 --dataset 指定数据集\n", t.zh),
                format!("{}warning: the evidence is thin, this is a guess; name the dataset with --dataset\n", t.en),
            );
        }
        io::stderr()
            .write_all(t.get(ctx.lang).as_bytes())
            .map_err(Failure::Io)?;
    }
    let csv_encoding = OutputEncoding::for_output(
        args.output_encoding.map(|e| e.encoding()),
        args.output.is_none(),
    );
    let render = |w: &mut dyn Write| match args.format {
        MapFormat::Yaml => mapping::render_yaml(&suggestion, w),
        MapFormat::Csv => encoded(w, csv_encoding, |w| mapping::render_csv(&suggestion, w)),
        MapFormat::Markdown => mapping::render_markdown(&suggestion, w),
        MapFormat::Xlsx => mapping::render_xlsx(&suggestion, w),
    };
    emit(args.output.as_ref(), &[args.file.as_path()], out, render)?;
    // A suggestion is a proposal for a person to review: unmatched columns are part of
    // it, not a failure.
    Ok(Outcome::Clean)
}

fn crosswalk(ctx: &Context, args: &MapCrosswalkArgs, out: &mut dyn Write) -> CmdResult {
    refuse_binary_to_stdout(args.format == CrosswalkFormat::Xlsx, args.output.as_ref())?;
    distinct_output(args.output.as_ref(), &[args.a.as_path(), args.b.as_path()])?;
    let dict = ctx.dictionary()?;
    let load = |p: &Path| MappingFile::load(p).map_err(|e| Failure::Fatal(e.into()));
    let a = load(&args.a)?;
    let b = load(&args.b)?;
    let cw = mapping::crosswalk(&dict, &a, &b);
    let csv_encoding = OutputEncoding::for_output(
        args.output_encoding.map(|e| e.encoding()),
        args.output.is_none(),
    );
    let render = |w: &mut dyn Write| match args.format {
        CrosswalkFormat::Csv => encoded(w, csv_encoding, |w| mapping::render_crosswalk_csv(&cw, w)),
        CrosswalkFormat::Markdown => mapping::render_crosswalk_markdown(&cw, w),
        CrosswalkFormat::Xlsx => mapping::render_crosswalk_xlsx(&cw, w),
    };
    emit(
        args.output.as_ref(),
        &[args.a.as_path(), args.b.as_path()],
        out,
        render,
    )?;
    // Ambiguities are rows of the table for a person to settle, not a failure.
    Ok(Outcome::Clean)
}
