//! `govdict check`: lint a dictionary and report every problem at once.

use std::io::Write;

use serde_json::json;

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{CheckArgs, Format};
use govdict::dictionary::{self, problem::Severity};
use govdict::text::Lang;

pub fn run(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> CmdResult {
    let path = ctx.dict_path();
    let checked = dictionary::check(path.as_deref());
    if checked.unreadable {
        let e = dictionary::LoadError::new(checked.problems).in_lang(ctx.lang);
        return Err(Failure::Fatal(miette::Report::new(e)));
    }
    let lang = ctx.lang;
    match args.format {
        Format::Json => {
            // The check report has no `help`: its bytes are a contract.
            let problems: Vec<_> = checked
                .problems
                .iter()
                .map(|p| {
                    let mut v = p.to_json(lang);
                    if let Some(o) = v.as_object_mut() {
                        o.remove("help");
                    }
                    v
                })
                .collect();
            let v = json!({
                "dictionary": {"id": checked.id, "version": checked.version},
                "problems": problems,
            });
            super::write_json(out, &v)?;
        }
        Format::Human => {
            let source = ctx.dict_source();
            let (id, version) = (checked.id.as_deref(), checked.version.as_deref());
            let header = match (id, version) {
                (Some(id), Some(version)) => source.line(id, version, lang),
                _ => source.line_without_id(lang),
            };
            writeln!(out, "{header}")?;
            for p in &checked.problems {
                writeln!(out, "{}", p.render(lang, ctx.color))?;
            }
            let errors = checked.errors();
            let warnings = checked
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Warning)
                .count();
            // A manifest too broken to give its id and version is named by its path.
            let name = match (id, version, &source) {
                (Some(id), Some(version), _) => format!("{id} {version}"),
                (_, _, dictionary::DictionarySource::Path(p)) => p.display().to_string(),
                (_, _, dictionary::DictionarySource::Embedded) => source.line_without_id(lang),
            };
            match (&checked.dictionary, lang) {
                (Some(d), Lang::Zh) => writeln!(
                    out,
                    "{name}：{errors} 个错误，{warnings} 个警告（{} 个数据元，{} 个代码表，{} 个数据集）",
                    d.elements.len(),
                    d.codelists.len(),
                    d.datasets.len()
                )?,
                (Some(d), Lang::En) => writeln!(
                    out,
                    "{name}: {errors} error(s), {warnings} warning(s) ({} elements, {} code lists, {} datasets)",
                    d.elements.len(),
                    d.codelists.len(),
                    d.datasets.len()
                )?,
                (None, Lang::Zh) => writeln!(out, "{name}：{errors} 个错误，{warnings} 个警告")?,
                (None, Lang::En) => {
                    writeln!(out, "{name}: {errors} error(s), {warnings} warning(s)")?
                }
            }
        }
    }
    Ok(if checked.errors() > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
