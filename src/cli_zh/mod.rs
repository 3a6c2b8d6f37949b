//! The command line in the user's language. `cli.rs` defines the command in English (clap
//! derive); this module builds that command and, for Chinese, replaces every description,
//! heading and template from `table.rs`, so `--help`, the man page and clap's own errors
//! read in Chinese. Every `--help` also gets its examples, in both languages.

use std::ffi::OsString;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Arg, Command, CommandFactory};

use crate::cli::{Cli, LangArg};
use govdict::text::Lang;

mod error;
mod table;

pub use error::render_error;

/// The `--lang` value, if argv names one. Read before clap parses, because the help and
/// the errors clap prints must already be in that language.
pub fn lang_from_args(args: &[OsString]) -> Option<Lang> {
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => iter.next().map(|v| v.into_owned()),
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_owned()),
            _ => continue,
        };
        return value.as_deref().and_then(parse_lang).map(|l| match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        });
    }
    None
}

/// `zh`, `zh-CN`, `zh_CN`, `zh-Hans`, `en`, `en-US` … (case does not matter).
fn parse_lang(value: &str) -> Option<LangArg> {
    let v = value.to_ascii_lowercase().replace('_', "-");
    let primary = v.split('-').next().unwrap_or("");
    match primary {
        "zh" => Some(LangArg::Zh),
        "en" => Some(LangArg::En),
        _ => None,
    }
}

/// The values `--lang` accepts, as listed in help; `parse_lang` accepts regional forms too.
const LANG_VALUES: &[&str] = &[
    "zh", "en", "zh-CN", "zh_CN", "zh-Hans", "zh-cn", "zh_cn", "zh-hans", "zh-SG", "zh-TW",
    "zh-HK", "zh-Hant", "en-US", "en_US", "en-GB", "en_GB",
];

/// The complete command line in `lang`: built, with examples, and in Chinese for `Lang::Zh`.
pub fn command(lang: Lang) -> Command {
    let lang_parser = PossibleValuesParser::new(
        LANG_VALUES
            .iter()
            .enumerate()
            .map(|(i, v)| clap::builder::PossibleValue::new(*v).hide(i > 1)),
    )
    .map(|v: String| parse_lang(&v).unwrap_or(LangArg::En));
    let mut cmd = Cli::command().mut_arg("lang", |a| a.value_parser(lang_parser).ignore_case(true));
    cmd.build();
    localise(&mut cmd, "", lang);
    cmd
}

/// The Chinese description of a subcommand, if the table has one.
fn about_zh(path: &str) -> Option<&'static str> {
    table::ABOUT
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| *t)
}

/// The Chinese help of an argument: the command's own entry, else the shared one.
fn arg_zh(path: &str, id: &str) -> Option<&'static str> {
    let find = |p: &str| {
        table::ARGS
            .iter()
            .find(|(tp, tid, _)| *tp == p && *tid == id)
            .map(|(_, _, t)| *t)
    };
    find(path).or_else(|| find("*"))
}

fn examples(path: &str) -> Option<&'static [&'static str]> {
    table::EXAMPLES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, e)| *e)
}

const TEMPLATE_ZH: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localise(cmd: &mut Command, path: &str, lang: Lang) {
    let mut c = std::mem::take(cmd);
    if let Some(lines) = examples(path) {
        let heading = match lang {
            Lang::Zh => "示例：",
            Lang::En => "Examples:",
        };
        let text = lines.iter().fold(heading.to_owned(), |mut acc, l| {
            acc.push_str("\n  ");
            acc.push_str(l);
            acc
        });
        c = c.after_help(text);
    }
    if lang == Lang::Zh {
        c = localise_zh(c, path);
    }
    *cmd = c;
    for sub in cmd.get_subcommands_mut() {
        let sub_path = child_path(path, sub.get_name());
        localise(sub, &sub_path, lang);
    }
}

fn child_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path} {name}")
    }
}

/// The generated `help` subcommand is clap's, not ours: it has fixed Chinese text.
fn is_help_path(path: &str) -> bool {
    path.split(' ').any(|p| p == "help")
}

fn localise_zh(mut c: Command, path: &str) -> Command {
    let about = if is_help_path(path) {
        Some("打印此帮助，或给定子命令的帮助")
    } else {
        about_zh(path)
    };
    if let Some(about) = about {
        c = c.about(about).long_about(None::<&str>);
    }
    let usage = c
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>");
    c = c
        .override_usage(usage)
        .help_template(TEMPLATE_ZH)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let ids: Vec<String> = c.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let help = if is_help_path(path) && id == "subcommand" {
            Some("要查看帮助的子命令")
        } else {
            arg_zh(path, &id)
        };
        c = c.mut_arg(&id, |a| localise_arg(a, help));
    }
    c
}

/// Chinese help, heading, default and possible values of one argument. clap writes
/// `[default: …]` and `[possible values: …]` in English, so they are hidden and restated.
fn localise_arg(a: Arg, help: Option<&str>) -> Arg {
    let mut text = help
        .map(str::to_owned)
        .or_else(|| a.get_help().map(|h| h.to_string()))
        .unwrap_or_default();
    let takes_value = a.get_num_args().is_some_and(|n| n.takes_values());
    if takes_value && !a.is_hide_possible_values_set() {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !values.is_empty() {
            text.push_str(&format!("［可选值：{}］", values.join("、")));
        }
    }
    if takes_value && !a.is_hide_default_value_set() {
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            text.push_str(&format!("［默认：{}］", defaults.join("、")));
        }
    }
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    a.help(text)
        .long_help(None::<&str>)
        .hide_possible_values(true)
        .hide_default_value(true)
        .help_heading(heading)
}

/// Every subcommand path and argument id of the command line, for the table tests.
#[cfg(test)]
fn walk(cmd: &Command, path: &str, seen: &mut Vec<(String, Option<String>)>) {
    seen.push((path.to_owned(), None));
    for a in cmd.get_arguments() {
        seen.push((path.to_owned(), Some(a.get_id().to_string())));
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            walk(sub, &child_path(path, sub.get_name()), seen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn every_command_and_argument_has_chinese_text_and_an_example() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut seen = Vec::new();
        walk(&cmd, "", &mut seen);
        let missing: Vec<String> = seen
            .iter()
            .filter(|(path, id)| match id {
                None => about_zh(path).is_none() || examples(path).is_none(),
                Some(id) => arg_zh(path, id).is_none(),
            })
            .map(|(path, id)| format!("{path:?} {id:?}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Chinese text or example for: {missing:?}"
        );
    }

    #[test]
    fn the_table_names_nothing_that_does_not_exist() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut seen = Vec::new();
        walk(&cmd, "", &mut seen);
        for (path, _) in table::ABOUT {
            assert!(seen.iter().any(|(p, _)| p == path), "ABOUT names {path:?}");
        }
        for (path, id, _) in table::ARGS {
            assert!(
                *path == "*"
                    || seen
                        .iter()
                        .any(|(p, i)| p == path && i.as_deref() == Some(id)),
                "ARGS names {path:?} {id:?}"
            );
        }
    }

    #[test]
    fn lang_is_read_before_clap_in_every_spelling() {
        for v in ["zh", "zh-CN", "zh_CN", "zh-Hans", "ZH-cn"] {
            assert_eq!(
                lang_from_args(&args(&["govdict", "--lang", v, "x"])),
                Some(Lang::Zh),
                "{v}"
            );
        }
        assert_eq!(
            lang_from_args(&args(&["govdict", "--lang=zh_CN"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang_from_args(&args(&["govdict", "show", "--lang=en-US"])),
            Some(Lang::En)
        );
        assert_eq!(
            lang_from_args(&args(&["govdict", "--", "--lang", "zh"])),
            None
        );
        assert_eq!(lang_from_args(&args(&["govdict", "--lang", "fr"])), None);
        assert_eq!(
            lang_from_args(&args(&["govdict", "--language", "zh"])),
            None
        );
    }

    #[test]
    fn chinese_help_has_no_english_headings() {
        let mut cmd = command(Lang::Zh);
        let validate = cmd.find_subcommand_mut("validate").expect("validate");
        let help = validate.render_help().to_string();
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "[default:",
            "[possible values:",
            "Print help",
        ] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        assert!(help.contains("用法：govdict validate"), "{help}");
        assert!(help.contains("示例："), "{help}");
    }
}
