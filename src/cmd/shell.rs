//! `govdict completions SHELL` and `govdict man`: generated from the clap definitions, so
//! they never drift from the real command line. Both follow `--lang`.

use std::io::{self, Write};
use std::path::Path;

use clap::Command;

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{CompletionsArgs, ManArgs};
use govdict::finding::Code;
use govdict::text::{Lang, Text};

pub fn completions(ctx: &Context, args: &CompletionsArgs, out: &mut dyn Write) -> CmdResult {
    let mut cmd = crate::cli_zh::command(ctx.lang);
    clap_complete::generate(args.shell, &mut cmd, "govdict", out);
    Ok(Outcome::Clean)
}

pub fn man(ctx: &Context, args: &ManArgs, out: &mut dyn Write) -> CmdResult {
    let cmd = crate::cli_zh::command(ctx.lang);
    let Some(dir) = &args.out else {
        page(&cmd, true, ctx.lang, out)?;
        return Ok(Outcome::Clean);
    };
    std::fs::create_dir_all(dir).map_err(|e| io_failure(dir, e))?;
    let mut written = Vec::new();
    write_pages(&cmd, true, dir, ctx.lang, &mut written)?;
    for name in written {
        writeln!(out, "{}", dir.join(name).display())?;
    }
    Ok(Outcome::Clean)
}

fn io_failure(path: &Path, e: io::Error) -> Failure {
    Failure::Fatal(miette::miette!(
        code = "io-error",
        "{}: {e}",
        path.display()
    ))
}

/// `govdict.1`, then `govdict-<sub>.1` for every subcommand, depth first.
fn write_pages(
    cmd: &Command,
    root: bool,
    dir: &Path,
    lang: Lang,
    written: &mut Vec<String>,
) -> Result<(), Failure> {
    let name = format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name()));
    let path = dir.join(&name);
    govdict::atomic::write_file(&path, &[], |w| page(cmd, root, lang, w))
        .map_err(|e| io_failure(&path, e))?;
    written.push(name);
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, false, dir, lang, written)?;
    }
    Ok(())
}

/// One man page: clap_mangen's sections, then examples, exit status and, for `govdict`
/// and `govdict validate`, the finding codes.
fn page(cmd: &Command, root: bool, lang: Lang, w: &mut dyn Write) -> io::Result<()> {
    let cmd = cmd.clone().disable_help_subcommand(true);
    let man = clap_mangen::Man::new(cmd.clone());
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut roff)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut roff)?;
    }
    let mut text = String::from_utf8_lossy(&roff).into_owned();
    // Each section clap_mangen renders repeats the quote-string preamble; keep the first.
    if let Some(first) = text.find(PREAMBLE) {
        let rest = text[first + PREAMBLE.len()..].replace(PREAMBLE, "");
        text = format!("{}{PREAMBLE}{rest}", &text[..first]);
    }
    if lang == Lang::Zh {
        for (en, zh) in [
            (".SH NAME", ".SH 名称"),
            (".SH SYNOPSIS", ".SH 概要"),
            (".SH DESCRIPTION", ".SH 描述"),
            (".SH OPTIONS", ".SH 选项"),
        ] {
            text = text.replace(en, zh);
        }
    }
    w.write_all(text.as_bytes())?;
    if let Some(after) = cmd.get_after_help() {
        let mut lines = after.to_string();
        lines = lines.lines().skip(1).collect::<Vec<_>>().join("\n");
        section(w, &Text::new("示例", "EXAMPLES"), lang)?;
        for line in lines.lines() {
            writeln!(w, ".PP\n{}", roff_escape(line.trim()))?;
        }
    }
    section(w, &Text::new("退出状态", "EXIT STATUS"), lang)?;
    for (code, zh, en) in EXIT_CODES {
        writeln!(
            w,
            ".TP\n{code}\n{}",
            roff_escape(Text::new(*zh, *en).get(lang))
        )?;
    }
    let name = cmd.get_name();
    if root || name == "validate" {
        section(w, &Text::new("问题代码", "FINDING CODES"), lang)?;
        for code in Code::ALL {
            let severity = code.default_severity().as_str();
            writeln!(
                w,
                ".TP\n\\fB{}\\fR ({severity})\n{}",
                roff_escape(code.as_str()),
                roff_escape(code.description().get(lang))
            )?;
        }
    }
    section(w, &Text::new("另见", "SEE ALSO"), lang)?;
    writeln!(
        w,
        "{}",
        roff_escape(
            Text::new(
                "govdict(1)；每个问题代码的说明见 docs/codes/。",
                "govdict(1); every finding code is explained in docs/codes/."
            )
            .get(lang)
        )
    )
}

const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// What the exit status means, for every command.
const EXIT_CODES: &[(u8, &str, &str)] = &[
    (0, "成功：没有需要报告的问题", "success: nothing to report"),
    (
        1,
        "发现问题：有达到 --fail-on 级别的问题、目录有错误、发布检查不通过或搜索没有结果",
        "problems: findings at the --fail-on severity, dictionary errors, a refused release or a search without results",
    ),
    (
        2,
        "无法完成：用法错误、输入无法读取、目录无效或写入失败",
        "the job could not be done: bad usage, unreadable input, invalid dictionary or a failed write",
    ),
];

fn section(w: &mut dyn Write, title: &Text, lang: Lang) -> io::Result<()> {
    writeln!(w, ".SH {}", title.get(lang))
}

/// Text safe as a roff text line: backslashes and hyphens escaped, no leading control
/// character.
fn roff_escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
