//! The `govdict` binary: parse the command line, find the config, dispatch to the
//! command, render fatal errors, and map the outcome to the exit code (0 clean,
//! 1 problems, 2 the job could not be done).

#![forbid(unsafe_code)]

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

mod cli;
mod cli_zh;
mod cmd;
mod progress_bar;

use cli::{Cli, Command};
use cmd::{Context, Failure, Outcome};
use govdict::config::Config;

fn main() -> ExitCode {
    // Partial outputs (personal data in clear) must not outlive an interrupted run.
    let _ = govdict::atomic::clean_up_on_signals();
    // A calamine panic is caught and reported as an unreadable file, not shown as a crash.
    govdict::source::excel::quiet_worker_panics();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let env_lang = |cli: Option<&Cli>| {
        let lc_all = std::env::var("LC_ALL").ok();
        let lang = std::env::var("LANG").ok();
        match cli {
            Some(cli) => cli.global.lang(lc_all.as_deref(), lang.as_deref()),
            None => govdict::text::Lang::from_locale(
                lc_all
                    .as_deref()
                    .filter(|v| !v.is_empty())
                    .or(lang.as_deref()),
            ),
        }
    };
    let help_lang = cli_zh::lang_from_args(&argv).unwrap_or_else(|| env_lang(None));
    let parsed = cli_zh::command(help_lang)
        .try_get_matches_from(&argv)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, help_lang),
    };
    let lang = env_lang(Some(&cli));
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut config = if cli.global.dict.is_some() {
        Config::default()
    } else {
        match std::env::current_dir().map(|d| Config::discover(&d)) {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => return fatal(miette::Report::new(e)),
            Err(_) => Config::default(),
        }
    };
    // `--dict` on a command that reads no dictionary would look used and be ignored.
    if cli.global.dict.is_some() && !cli.command.reads_dictionary() {
        let name = cli.command.name();
        let text = govdict::text::Text::new(
            format!("{name} 不使用 --dict：请去掉它（diff 直接给出两侧的目录）"),
            format!("{name} takes no --dict: remove it (diff names both sides itself)"),
        );
        return fatal(miette::miette!(
            code = "govdict::usage::dict",
            "{}",
            text.get(lang)
        ));
    }
    // Inside a standards repository, its own dictionary rather than the embedded one.
    if cli.global.dict.is_none() && config.dictionary.is_none() && cli.command.reads_dictionary() {
        if let Ok(cwd) = std::env::current_dir() {
            let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
            match govdict::dictionary::source::discover(&cwd, home.as_deref()) {
                Ok(found) => config.dictionary = found,
                Err(e) => {
                    return fatal(miette::miette!(
                        code = "govdict::usage::ambiguous_dictionary",
                        "{}",
                        e.message.get(lang)
                    ))
                }
            }
        }
    }
    let ctx = Context {
        global: cli.global.clone(),
        config,
        lang,
        color,
    };
    // Block-buffer when piped; a terminal gets lines as they come.
    let mut out: Box<dyn Write> = if stdout.is_terminal() {
        Box::new(io::LineWriter::new(stdout.lock()))
    } else {
        Box::new(io::BufWriter::new(stdout.lock()))
    };
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(&ctx, args, &mut *out),
        Command::Show(args) => cmd::show::run(&ctx, args, &mut *out),
        Command::Search(args) => cmd::search::run(&ctx, args, &mut *out),
        Command::Validate(args) => cmd::validate::run(&ctx, args, &mut *out),
        Command::Diff(args) => cmd::diff::run(&ctx, args, &mut *out),
        Command::Release(args) => cmd::release::run(&ctx, args, &mut *out),
        Command::Completions(args) => cmd::shell::completions(&ctx, args, &mut *out),
        Command::Man(args) => cmd::shell::man(&ctx, args, &mut *out),
        Command::Map(args) => cmd::map::run(&ctx, args, &mut *out),
        Command::Conform(args) => cmd::conform::run(&ctx, args, &mut *out),
        Command::Export(args) => cmd::export::run(&ctx, args, &mut *out),
        Command::Import(args) => cmd::export::import(&ctx, args, &mut *out),
        Command::Publish(args) => cmd::publish::run(&ctx, args, &mut *out),
        Command::Report(args) => cmd::report::run(&ctx, args, &mut *out),
    };
    let flushed = out.flush();
    match (result, flushed) {
        (Err(Failure::Io(e)), _) | (Ok(_), Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        (Err(Failure::Io(e)), _) | (Ok(_), Err(e)) => {
            fatal(miette::miette!(code = "io-error", "{e}"))
        }
        (Err(Failure::Fatal(report)), _) => fatal(report),
        (Ok(Outcome::Clean), Ok(())) => ExitCode::SUCCESS,
        (Ok(Outcome::Problems), Ok(())) => ExitCode::from(1),
    }
}

/// clap's errors, help and version: printed by clap, or in Chinese when that is the language.
fn usage_error(e: &clap::Error, lang: govdict::text::Lang) -> ExitCode {
    match cli_zh::render_error(e).filter(|_| lang == govdict::text::Lang::Zh) {
        Some(text) => {
            let _ = io::stderr().write_all(text.as_bytes());
        }
        None => {
            let _ = e.print();
        }
    }
    ExitCode::from(if e.use_stderr() { 2 } else { 0 })
}

fn fatal(report: miette::Report) -> ExitCode {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    if handler.render_report(&mut text, report.as_ref()).is_err() {
        text = format!("{report}");
    }
    let _ = writeln!(io::stderr(), "{text}");
    ExitCode::from(2)
}
