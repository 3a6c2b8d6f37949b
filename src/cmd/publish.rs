//! `govdict publish --out DIR`: the static documentation site of a release.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CmdResult, Context, Failure, Outcome};
use crate::progress_bar::{self, Bar};
use govdict::progress::Progress;
use govdict::release::revision::Side;

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Folder to write the site into (created; files of the site are replaced)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The previous release, for the changelog and each element's history: a dictionary
    /// folder or file, or git:REF[:PATH]
    #[arg(long, value_name = "OLD")]
    pub previous: Option<String>,
}

pub fn run(ctx: &Context, args: &PublishArgs, out: &mut dyn Write) -> CmdResult {
    let dict = ctx.dictionary()?;
    let previous = match &args.previous {
        Some(p) => Some(super::diff::load_side(&Side::parse(p), ctx.lang)?.dictionary),
        None => None,
    };
    let site = govdict::publish::build(&dict, previous.as_ref(), ctx.lang)
        .map_err(|e| Failure::Fatal(miette::miette!(code = "publish-failed", "{e}")))?;
    let bar = Bar::steps(
        progress_bar::draw(ctx.global.quiet),
        ctx.lang,
        site.len() as u64,
        ("个文件", "files"),
    );
    for (rel, bytes) in &site {
        let path = args.out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        govdict::atomic::write_file(&path, &[], |w| w.write_all(bytes))?;
        bar.step();
    }
    bar.finish();
    let index = args.out.join("index.html");
    let msg = match ctx.lang {
        govdict::text::Lang::Zh => format!("已写入 {} 个文件：{}", site.len(), index.display()),
        govdict::text::Lang::En => format!("wrote {} files: {}", site.len(), index.display()),
    };
    writeln!(out, "{msg}")?;
    Ok(Outcome::Clean)
}
