//! One file per subcommand. Commands write their report to the writer they are given and
//! return an `Outcome`; `main` maps it to the exit code. Shared plumbing lives here.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::cli::{GlobalArgs, InputArgs};
use govdict::config::Config;
use govdict::dictionary::{self, Dictionary};
use govdict::source::{encoding, TableOptions};
use govdict::text::Lang;

pub mod check;
pub mod conform;
pub mod diff;
pub mod export;
pub mod map;
pub mod publish;
pub mod release;
pub mod report;
pub mod search;
pub mod shell;
pub mod show;
pub mod validate;

/// What a command found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Problems or findings at or above the failure threshold: exit 1.
    Problems,
}

/// Why a command could not do its job (exit 2).
#[derive(Debug)]
pub enum Failure {
    /// Writing the report failed; a closed pipe is a quiet success.
    Io(io::Error),
    /// Everything else, rendered with miette.
    Fatal(miette::Report),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<miette::Report> for Failure {
    fn from(e: miette::Report) -> Failure {
        Failure::Fatal(e)
    }
}

pub type CmdResult = Result<Outcome, Failure>;

/// What every command gets: the global options, the config and the output language.
#[derive(Debug, Clone)]
pub struct Context {
    pub global: GlobalArgs,
    pub config: Config,
    pub lang: Lang,
    /// Whether stdout is a colour terminal.
    pub color: bool,
}

impl Context {
    /// `--dict`, else the config's dictionary, else `None` for the embedded default.
    pub fn dict_path(&self) -> Option<PathBuf> {
        self.global
            .dict
            .clone()
            .or_else(|| self.config.dictionary.clone())
    }

    /// Where the dictionary of this run comes from.
    pub fn dict_source(&self) -> dictionary::DictionarySource {
        dictionary::DictionarySource::new(self.dict_path().as_deref())
    }

    /// `dict` as reports name it: where it came from and the config of the run.
    pub fn dictionary_ref(&self, dict: &Dictionary) -> govdict::report::DictionaryRef {
        govdict::report::DictionaryRef {
            source: Some(self.dict_source()),
            config: self.config.path.clone(),
            ..govdict::report::DictionaryRef::of(dict)
        }
    }

    /// The header line naming the dictionary used: path or embedded, id, version.
    pub fn dictionary_line(&self, dict: &Dictionary) -> String {
        let m = &dict.manifest;
        self.dict_source().line(&m.id, &m.version, self.lang)
    }

    /// Loads the dictionary; an invalid one is a failure outside `check`.
    pub fn dictionary(&self) -> Result<Dictionary, Failure> {
        dictionary::load(self.dict_path().as_deref())
            .map_err(|e| Failure::Fatal(miette::Report::new(e.in_lang(self.lang))))
    }
}

/// Writes a JSON value followed by a newline.
pub fn write_json(out: &mut dyn Write, value: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// The library's reading options from `--sheet`, `--header-row`, `--encoding` and
/// `--delimiter`.
pub fn table_options(input: &InputArgs) -> Result<TableOptions, Failure> {
    let mut options = TableOptions {
        header_row: input.header_row,
        ..TableOptions::default()
    };
    if let Some(label) = &input.encoding {
        let enc = encoding::for_label(label).map_err(|e| Failure::Fatal(e.into()))?;
        options.open.csv.encoding = Some(enc);
    }
    if let Some(d) = &input.delimiter {
        options.open.csv.delimiter = Some(parse_delimiter(d)?);
    }
    options.open.excel.sheet = input.sheet.clone();
    Ok(options)
}

fn parse_delimiter(text: &str) -> Result<u8, Failure> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() => Ok(t.as_bytes()[0]),
        t => Err(Failure::Fatal(miette::miette!(
            code = "govdict::usage::delimiter",
            "--delimiter takes one ASCII character or `tab`, not `{t}` / 分隔符应为一个 ASCII 字符或 tab"
        ))),
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
