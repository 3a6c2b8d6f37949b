//! `govdict search`: rank elements, code lists and datasets by how well they match.

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use super::show::target_json;
use super::{CmdResult, Context, Outcome};
use crate::cli::{Format, SearchArgs};
use govdict::dictionary::lookup::{self, Target};
use govdict::text::Lang;

pub fn run(ctx: &Context, args: &SearchArgs, out: &mut dyn Write) -> CmdResult {
    let dict = ctx.dictionary()?;
    let hits = lookup::search(&dict, &args.text, args.limit);
    match args.format {
        Format::Json => {
            let results: Vec<_> = hits
                .iter()
                .map(|h| {
                    let mut v = target_json(&dict, &h.target);
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert("match".into(), json!(h.kind.as_str()));
                        obj.insert("field".into(), json!(h.field));
                        obj.insert("score".into(), json!(h.score));
                    }
                    v
                })
                .collect();
            super::write_json(out, &json!({"query": args.text, "results": results}))?;
        }
        Format::Human => {
            if hits.is_empty() {
                let msg = match ctx.lang {
                    Lang::Zh => format!("没有与 `{}` 匹配的结果", args.text),
                    Lang::En => format!("nothing matches `{}`", args.text),
                };
                writeln!(out, "{msg}")?;
            } else {
                let mut t = Table::new();
                t.load_style(presets::UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Dynamic);
                let header = match ctx.lang {
                    Lang::Zh => ["标识", "名称", "类别", "匹配"],
                    Lang::En => ["id", "name", "kind", "match"],
                };
                t.set_header(header.to_vec());
                for h in &hits {
                    let (id, name, kind) = match h.target {
                        Target::Element(e) => (e.id.as_str(), e.name.as_str(), "element"),
                        Target::CodeList(c) => (c.id.as_str(), c.name.as_str(), "codelist"),
                        Target::Dataset(d) => (d.id.as_str(), d.name.as_str(), "dataset"),
                    };
                    t.add_row(vec![
                        id.to_owned(),
                        name.to_owned(),
                        kind.to_owned(),
                        format!("{} ({})", h.kind.as_str(), h.field),
                    ]);
                }
                writeln!(out, "{t}")?;
            }
        }
    }
    Ok(if hits.is_empty() {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
