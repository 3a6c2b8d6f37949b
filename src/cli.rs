//! Command-line definitions (clap derive). Each subcommand has an options struct here and
//! one file under `src/cmd/` that runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::text::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "govdict",
    version,
    about = "政务数据元目录工具 / Government data-element dictionaries: lint, look up, validate"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Dictionary folder or single YAML file (default: govdict.toml, else the embedded one)
    #[arg(long, global = true, value_name = "PATH")]
    pub dict: Option<PathBuf>,
    /// Language of messages (default from LANG / LC_ALL)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl GlobalArgs {
    /// The language: `--lang`, else `LC_ALL`, else `LANG`.
    pub fn lang(&self, lc_all: Option<&str>, lang: Option<&str>) -> Lang {
        match self.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_locale(lc_all.filter(|v| !v.is_empty()).or(lang)),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint a dictionary: schema, references, duplicates, formats, regexes, code lists
    Check(CheckArgs),
    /// Show an element, code list or dataset by id, name, synonym or identifier
    Show(ShowArgs),
    /// Search elements by name, synonym, identifier, pinyin or definition
    Search(SearchArgs),
    /// The changelog between two releases (paths or git:REF[:PATH])
    Diff(crate::cmd::diff::DiffArgs),
    /// Release gate and release notes of a standards repository
    Release(crate::cmd::release::ReleaseArgs),
}

/// `human` for people, `json` for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Element id, name, synonym or identifier; code list id; dataset id
    pub query: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Text to look for
    pub text: String,
    /// Most results to list
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}
