//! `govdict search`: rank elements, code lists and datasets by how well they match.

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use super::show::target_json;
use super::{CmdResult, Context, Outcome};
use crate::cli::{Format, SearchArgs};
use govdict::dictionary::lookup::{self, MatchKind, Target};
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
                        Target::Element(e) => {
                            (e.id.as_str(), e.name.as_str(), ("数据元", "element"))
                        }
                        Target::CodeList(c) => {
                            (c.id.as_str(), c.name.as_str(), ("代码表", "codelist"))
                        }
                        Target::Dataset(d) => {
                            (d.id.as_str(), d.name.as_str(), ("数据集", "dataset"))
                        }
                    };
                    t.add_row(vec![
                        id.to_owned(),
                        name.to_owned(),
                        pick(kind, ctx.lang).to_owned(),
                        match_text(h.kind, h.field, ctx.lang),
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

fn pick(pair: (&'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => pair.0,
        Lang::En => pair.1,
    }
}

/// How the text matched, and where: `exact (synonym)` / `完全匹配（同义名称）`.
fn match_text(kind: MatchKind, field: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{} ({field})", kind.as_str());
    }
    let how = match kind {
        MatchKind::Exact => "完全匹配",
        MatchKind::Prefix => "前缀匹配",
        MatchKind::Contains => "包含",
    };
    let place = match field {
        "id" => "内部标识符",
        "name" => "名称",
        "synonym" => "同义名称",
        "identifier" => "标识符",
        "pinyin" => "拼音",
        "initials" => "拼音首字母",
        "name_en" => "英文名称",
        "definition" => "定义",
        other => other,
    };
    format!("{how}（{place}）")
}
