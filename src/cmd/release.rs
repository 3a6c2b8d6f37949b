//! `govdict release check` (the CI gate of a standards repository) and
//! `govdict release notes` (the changelog section of a release).

use std::io::{self, Write};

use super::diff::{load_path, load_side, Loaded};
use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{
    DiffFormat, Format, ReleaseArgs, ReleaseCheckArgs as CheckArgs, ReleaseCommand,
    ReleaseNotesArgs as NotesArgs,
};
use govdict::release::revision::{self, Side, DEFAULT_GIT_PATH};
use govdict::release::{self, notes, render, report};
use govdict::text::Text;

pub fn run(ctx: &Context, args: &ReleaseArgs, out: &mut dyn Write) -> CmdResult {
    match &args.command {
        ReleaseCommand::Check(a) => check(ctx, a, out),
        ReleaseCommand::Notes(a) => notes(ctx, a, out),
    }
}

/// The release being made: `--dict`, else the configured dictionary, else the default.
fn current(ctx: &Context) -> Result<Loaded, Failure> {
    load_path(ctx.dict_path().as_deref(), ctx.lang)
}

/// Where the dictionary being released lies in the repository, for reading its previous
/// release at a tag: the `--dict` path relative to the current folder, else `dictionary`.
fn git_path(dict: Option<&std::path::Path>) -> String {
    let relative = dict.and_then(|p| {
        if p.is_absolute() {
            let here = std::env::current_dir().ok()?;
            let real = std::fs::canonicalize(p).ok()?;
            let here = std::fs::canonicalize(here).ok()?;
            real.strip_prefix(here)
                .ok()
                .map(std::path::Path::to_path_buf)
        } else {
            Some(p.to_path_buf())
        }
    });
    match relative {
        Some(p) => {
            let tidy = govdict::dictionary::load::tidy_path(&p);
            tidy.to_string_lossy().into_owned()
        }
        None => DEFAULT_GIT_PATH.to_owned(),
    }
}

fn check(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> CmdResult {
    let old = load_side(&Side::parse(&args.previous), ctx.lang)?;
    let new = current(ctx)?;
    let outcome = release::check(&old.dictionary, &new.dictionary);
    match args.format {
        Format::Json => super::write_json(out, &report::check_json(&outcome, ctx.lang))?,
        Format::Human => {
            let m = &new.dictionary.manifest;
            writeln!(
                out,
                "{}",
                ctx.dict_source().line(&m.id, &m.version, ctx.lang)
            )?;
            let theme = if ctx.color {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
            for problem in &outcome.problems {
                // An element removed from NEW is located in OLD's files.
                let source = |p: &std::path::Path| new.source(p).or_else(|| old.source(p));
                let diag = report::diagnostic(problem, ctx.lang, &source);
                let mut text = String::new();
                if handler.render_report(&mut text, diag.as_ref()).is_err() {
                    text = format!("{diag}");
                }
                writeln!(out, "{text}")?;
            }
            writeln!(out, "{}", report::check_summary(&outcome, ctx.lang))?;
        }
    }
    Ok(if outcome.passed() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

fn notes(ctx: &Context, args: &NotesArgs, out: &mut dyn Write) -> CmdResult {
    let new = current(ctx)?;
    let old = match &args.previous {
        _ if args.first => notes::first_release_baseline(&new.dictionary),
        Some(s) => load_side(&Side::parse(s), ctx.lang)?.dictionary,
        None => {
            let version = &new.dictionary.manifest.version;
            let tag = revision::previous_tag(std::path::Path::new("."), version).map_err(|e| {
                Failure::Fatal(miette::miette!(
                    code = "release::git",
                    "{}",
                    e.message.get(ctx.lang)
                ))
            })?;
            // Where the dictionary is now, else where a release of a dictionary that
            // has since moved would be.
            let here = git_path(ctx.dict_path().as_deref());
            let at = |path: &str| {
                load_side(
                    &Side::Git {
                        rev: tag.clone(),
                        path: path.to_owned(),
                    },
                    ctx.lang,
                )
            };
            match at(&here) {
                Ok(loaded) => loaded.dictionary,
                Err(_) if here != DEFAULT_GIT_PATH => at(DEFAULT_GIT_PATH)?.dictionary,
                Err(e) => return Err(e),
            }
        }
    };
    let log = release::diff(&old, &new.dictionary);
    let manifest = &new.dictionary.manifest;
    // The notes are Markdown for a changelog: the dictionary is named on stderr.
    eprintln!(
        "{}",
        ctx.dict_source()
            .line(&manifest.id, &manifest.version, ctx.lang)
    );
    let section = notes::dated(
        &render::markdown(&log, ctx.lang),
        &log.to,
        manifest.released.as_deref(),
    );
    if let Some(path) = &args.changelog {
        let existing = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(file_failure(ctx, path, &e)),
        };
        match notes::prepend_section(&existing, &section, &log.to) {
            Some(updated) => {
                notes::write_atomic(path, &updated).map_err(|e| file_failure(ctx, path, &e))?
            }
            None => {
                let msg = Text::new(
                    format!("{} 已有 {} 的章节，未改动", path.display(), log.to),
                    format!(
                        "{} already has a section for {}; left unchanged",
                        path.display(),
                        log.to
                    ),
                );
                writeln!(io::stderr(), "{}", msg.get(ctx.lang))?;
            }
        }
    }
    match args.format {
        DiffFormat::Markdown => write!(out, "{section}")?,
        DiffFormat::Json => super::write_json(out, &render::json(&log, ctx.lang))?,
    }
    Ok(Outcome::Clean)
}

fn file_failure(ctx: &Context, path: &std::path::Path, e: &io::Error) -> Failure {
    let text = Text::new(
        format!("无法更新 {}：{e}", path.display()),
        format!("cannot update {}: {e}", path.display()),
    );
    Failure::Fatal(miette::miette!(
        code = "release::changelog",
        "{}",
        text.get(ctx.lang)
    ))
}
