//! `govdict diff OLD NEW`: the changelog between two releases, as Markdown or JSON.
//! A side is a path (folder or single file) or `git:REF[:PATH]`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{DiffArgs, DiffFormat};
use govdict::dictionary::{self, Dictionary};
use govdict::release::revision::{self, Side};
use govdict::release::{self, render};
use govdict::text::{Lang, Text};

pub fn run(ctx: &Context, args: &DiffArgs, out: &mut dyn Write) -> CmdResult {
    let old = load_side(&Side::parse(&args.old), ctx.lang)?;
    let new = load_side(&Side::parse(&args.new), ctx.lang)?;
    if !ctx.global.quiet {
        // Said on standard error: standard output is the changelog itself.
        for (which, arg, loaded) in [("旧", &args.old, &old), ("新", &args.new, &new)] {
            let m = &loaded.dictionary.manifest;
            let line = Text::new(
                format!("{which}版本：{arg}（{} {}）", m.id, m.version),
                format!(
                    "{}: {arg} ({} {})",
                    if which == "旧" { "old" } else { "new" },
                    m.id,
                    m.version
                ),
            );
            eprintln!("{}", line.get(ctx.lang));
        }
    }
    let log = release::diff(&old.dictionary, &new.dictionary);
    match args.format {
        DiffFormat::Markdown => write!(out, "{}", render::markdown(&log, ctx.lang))?,
        DiffFormat::Json => super::write_json(out, &render::json(&log, ctx.lang))?,
    }
    Ok(Outcome::Clean)
}

/// A loaded side, with the texts of files read from git so diagnostics can quote them.
#[derive(Debug)]
pub struct Loaded {
    pub dictionary: Dictionary,
    git_texts: HashMap<PathBuf, String>,
}

/// Files larger than this are not quoted in diagnostics.
const MAX_QUOTED_BYTES: u64 = 8 * 1024 * 1024;

impl Loaded {
    /// The text of one of the side's files: from the revision it was read from, else
    /// from disk.
    pub fn source(&self, path: &Path) -> Option<String> {
        if let Some(text) = self.git_texts.get(path) {
            return Some(text.clone());
        }
        govdict::bounded::read_text(path, MAX_QUOTED_BYTES).ok()
    }
}

/// Loads one side; a side that cannot be loaded is a failure (exit 2).
pub fn load_side(side: &Side, lang: Lang) -> Result<Loaded, Failure> {
    match side {
        Side::Path(path) => load_path(Some(path), lang),
        Side::Git { rev, path } => {
            let files = revision::read_git(Path::new("."), rev, path).map_err(|e| {
                let what = Text::new(
                    format!("无法读取 git:{rev}:{path}：{}", e.message.zh),
                    format!("cannot read git:{rev}:{path}: {}", e.message.en),
                );
                Failure::Fatal(miette::miette!(code = "release::git", "{}", what.get(lang)))
            })?;
            let git_texts = files.iter().cloned().collect();
            let dictionary = dictionary::load_files(files)
                .into_result()
                .map_err(|e| Failure::Fatal(miette::Report::new(e.in_lang(lang))))?;
            Ok(Loaded {
                dictionary,
                git_texts,
            })
        }
    }
}

/// Loads a dictionary from disk, or the embedded default for `None`.
pub fn load_path(path: Option<&Path>, lang: Lang) -> Result<Loaded, Failure> {
    let dictionary =
        dictionary::load(path).map_err(|e| Failure::Fatal(miette::Report::new(e.in_lang(lang))))?;
    Ok(Loaded {
        dictionary,
        git_texts: HashMap::new(),
    })
}
