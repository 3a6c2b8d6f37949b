//! The static documentation site of a release: index (release metadata, classification
//! scheme, distributions, search), one page per element, code list and dataset, the
//! changelog, a DCAT-style JSON-LD catalog, and every export as a distribution. It works
//! from `file://`: no server, no network assets; the search index is a script file.
//!
//! Pages are rendered with minijinja templates (HTML auto-escaping); [`build`] returns the
//! files and the command writes them.

mod labels;

use std::collections::BTreeMap;

use minijinja::{context, Environment};
use serde_json::{json, Value};

use crate::dictionary::lookup::pinyin_of;
use crate::dictionary::{CodeList, Dataset, Dictionary, Element};
use crate::export::{self, sql::Dialect, Target};
use crate::release::{self, render};
use crate::text::Lang;

const TEMPLATES: [(&str, &str); 6] = [
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("element.html", include_str!("templates/element.html")),
    ("codelist.html", include_str!("templates/codelist.html")),
    ("dataset.html", include_str!("templates/dataset.html")),
    ("changelog.html", include_str!("templates/changelog.html")),
];

/// Why the site could not be built.
#[derive(Debug)]
pub struct PublishError(pub String);

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PublishError {}

impl From<minijinja::Error> for PublishError {
    fn from(e: minijinja::Error) -> PublishError {
        PublishError(format!("template: {e}"))
    }
}

impl From<export::ExportError> for PublishError {
    fn from(e: export::ExportError) -> PublishError {
        PublishError(e.to_string())
    }
}

/// The site: relative path → content.
pub type Site = BTreeMap<String, Vec<u8>>;

/// The file name of a code list's page (ids hold `/` and spaces).
pub fn page_name(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.push_str(".html");
    s
}

/// A distribution of the release: one export file.
struct Distribution {
    path: String,
    title: String,
    media: &'static str,
    body: Vec<u8>,
}

fn distributions(dict: &Dictionary) -> Result<Vec<Distribution>, PublishError> {
    let mut out = vec![
        Distribution {
            path: "exports/dictionary.json".into(),
            title: format!("{} (JSON)", dict.manifest.name),
            media: "application/json",
            body: export::export(dict, Target::Json, None)?.into_bytes(),
        },
        Distribution {
            path: "exports/datapackage.json".into(),
            title: "Frictionless Data Package".into(),
            media: "application/json",
            body: export::export(dict, Target::Frictionless, None)?.into_bytes(),
        },
        Distribution {
            path: "exports/csv-metadata.json".into(),
            title: "CSVW metadata".into(),
            media: "application/csvm+json",
            body: export::export(dict, Target::Csvw, None)?.into_bytes(),
        },
        Distribution {
            path: "exports/postgres.sql".into(),
            title: "SQL DDL (PostgreSQL)".into(),
            media: "application/sql",
            body: export::export(dict, Target::Sql(Dialect::Postgres), None)?.into_bytes(),
        },
        Distribution {
            path: "exports/duckdb.sql".into(),
            title: "SQL DDL (DuckDB)".into(),
            media: "application/sql",
            body: export::export(dict, Target::Sql(Dialect::DuckDb), None)?.into_bytes(),
        },
        Distribution {
            path: "exports/catalogue.xlsx".into(),
            title: "数据元目录 / Excel catalogue (GB/T 19488)".into(),
            media: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            body: export::catalogue::workbook(dict)?,
        },
    ];
    for d in &dict.datasets {
        out.push(Distribution {
            path: format!("exports/{}.schema.json", d.id),
            title: format!("{} — JSON Schema", d.name),
            media: "application/schema+json",
            body: export::export(dict, Target::JsonSchema, Some(&d.id))?.into_bytes(),
        });
        out.push(Distribution {
            path: format!("exports/{}.tableschema.json", d.id),
            title: format!("{} — Table Schema", d.name),
            media: "application/json",
            body: export::export(dict, Target::Frictionless, Some(&d.id))?.into_bytes(),
        });
    }
    Ok(out)
}

/// Builds the site of `dict`; `previous` gives the changelog and each element's history.
pub fn build(
    dict: &Dictionary,
    previous: Option<&Dictionary>,
    lang: Lang,
) -> Result<Site, PublishError> {
    let mut env = Environment::new();
    for (name, text) in TEMPLATES {
        env.add_template(name, text)?;
    }
    let t = labels::labels(lang);
    let lang_tag = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let model = dict_model(dict);
    let log = previous.map(|old| render::json(&release::diff(old, dict), lang));
    let dists = distributions(dict)?;
    let dist_model: Vec<Value> = dists
        .iter()
        .map(|d| json!({"path": d.path, "title": d.title, "media": d.media}))
        .collect();
    let base = context! {
        dict => model, t => t, lang_tag => lang_tag,
        tool_version => env!("CARGO_PKG_VERSION"),
    };
    let mut site = Site::new();
    let catalog = catalog(dict, &dists);
    let catalog_text = serde_json::to_string_pretty(&catalog).unwrap_or_default();
    // Inside <script>, `</` would end the element: escape it.
    let catalog_inline = catalog_text.replace("</", "<\\/");
    let page = |name: &str, ctx: minijinja::Value| -> Result<Vec<u8>, PublishError> {
        Ok(env.get_template(name)?.render(ctx)?.into_bytes())
    };
    site.insert(
        "index.html".into(),
        page(
            "index.html",
            context! { ..base.clone(), ..context! {
                root => "", title => t["home"].clone(), distributions => dist_model,
                catalog_json => minijinja::Value::from_safe_string(catalog_inline),
            }},
        )?,
    );
    site.insert(
        "changelog.html".into(),
        page(
            "changelog.html",
            context! { ..base.clone(), ..context! { root => "", title => t["changelog"].clone(), log => log } },
        )?,
    );
    for e in &dict.elements {
        let history: Vec<Value> = log
            .as_ref()
            .and_then(|l| l["changes"].as_array())
            .map(|changes| {
                changes
                    .iter()
                    .filter(|c| {
                        c["target"]
                            .as_str()
                            .is_some_and(|t| t == e.id || t.starts_with(&format!("{}:", e.id)))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let history_none = match (previous, lang) {
            (None, Lang::Zh) => "未提供上一版本（--previous），没有变更记录。",
            (None, Lang::En) => "No previous release given (--previous): no history.",
            (Some(_), Lang::Zh) => "与上一版本相比没有变化。",
            (Some(_), Lang::En) => "Unchanged since the previous release.",
        };
        site.insert(
            format!("elements/{}.html", e.id),
            page(
                "element.html",
                context! { ..base.clone(), ..context! {
                    root => "../", title => e.name.clone(), e => export::json::element(e),
                    attrs => labels::attributes(dict, e, lang),
                    codelist => dict.codelist_of(e).map(codelist_model),
                    used_by => used_by(dict, e), history => history, history_none => history_none,
                }},
            )?,
        );
    }
    for c in &dict.codelists {
        site.insert(
            format!("codelists/{}", page_name(&c.id)),
            page(
                "codelist.html",
                context! { ..base.clone(), ..context! { root => "../", title => c.name.clone(), c => codelist_model(c) } },
            )?,
        );
    }
    for d in &dict.datasets {
        let exports: Vec<&Value> = dist_model
            .iter()
            .filter(|x| {
                x["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with(&format!("exports/{}.", d.id)))
            })
            .collect();
        site.insert(
            format!("datasets/{}", page_name(&d.id)),
            page(
                "dataset.html",
                context! { ..base.clone(), ..context! {
                    root => "../", title => d.name.clone(), d => export::json::dataset(d),
                    fields => dataset_fields(dict, d), exports => exports,
                }},
            )?,
        );
    }
    for d in dists {
        site.insert(d.path, d.body);
    }
    site.insert("catalog.jsonld".into(), catalog_text.into_bytes());
    site.insert(
        "search-index.js".into(),
        search_index(dict, lang).into_bytes(),
    );
    site.insert("search.js".into(), include_bytes!("search.js").to_vec());
    site.insert("style.css".into(), include_bytes!("style.css").to_vec());
    Ok(site)
}

fn dict_model(dict: &Dictionary) -> Value {
    let mut v = export::json::dictionary(dict);
    if let Some(list) = v["codelists"].as_array_mut() {
        for c in list {
            let page = page_name(c["id"].as_str().unwrap_or_default());
            c["page"] = json!(page);
        }
    }
    if let Some(list) = v["datasets"].as_array_mut() {
        for d in list {
            let page = page_name(d["id"].as_str().unwrap_or_default());
            d["page"] = json!(page);
        }
    }
    v
}

fn codelist_model(c: &CodeList) -> Value {
    let mut v = export::json::codelist(c);
    v["page"] = json!(page_name(&c.id));
    v
}

fn used_by(dict: &Dictionary, e: &Element) -> Vec<Value> {
    dict.datasets
        .iter()
        .filter_map(|d| {
            let f = d.fields.iter().find(|f| f.element == e.id)?;
            Some(json!({"id": d.id, "name": d.name, "page": page_name(&d.id), "required": f.required}))
        })
        .collect()
}

fn dataset_fields(dict: &Dictionary, d: &Dataset) -> Vec<Value> {
    d.fields
        .iter()
        .map(|f| {
            json!({
                "element": f.element,
                "name": dict.element(&f.element).map_or("", |e| e.name.as_str()),
                "required": f.required,
                "unique": f.unique,
                "key": d.primary_key.contains(&f.element),
            })
        })
        .collect()
}

/// The search index: one entry per element with every name a person may type, then one
/// per code list (its values' names as synonyms) and per dataset.
pub fn search_index(dict: &Dictionary, lang: Lang) -> String {
    let mut items: Vec<Value> = dict
        .elements
        .iter()
        .map(|e| {
            let (pinyin, initials) = pinyin_of(&e.name);
            json!({
                "kind": "element",
                "id": e.id, "name": e.name, "name_en": e.name_en, "identifier": e.identifier,
                "synonyms": e.synonyms, "pinyin": pinyin, "initials": initials,
                "url": format!("elements/{}.html", e.id),
            })
        })
        .collect();
    items.extend(dict.codelists.iter().map(|c| {
        let (pinyin, initials) = pinyin_of(&c.name);
        let values: Vec<&str> = c.values.iter().map(|v| v.name.as_str()).collect();
        json!({
            "kind": "codelist", "id": c.id, "name": c.name, "name_en": c.name_en,
            "values": values, "pinyin": pinyin, "initials": initials,
            "url": format!("codelists/{}", page_name(&c.id)),
        })
    }));
    items.extend(dict.datasets.iter().map(|d| {
        let (pinyin, initials) = pinyin_of(&d.name);
        json!({
            "kind": "dataset", "id": d.id, "name": d.name, "name_en": d.name_en,
            "pinyin": pinyin, "initials": initials,
            "url": format!("datasets/{}", page_name(&d.id)),
        })
    }));
    let labels = match lang {
        Lang::Zh => {
            json!({"matches": "个匹配结果", "element": "数据元", "codelist": "代码表", "dataset": "数据集"})
        }
        Lang::En => {
            json!({"matches": "matches", "element": "element", "codelist": "code list", "dataset": "dataset"})
        }
    };
    let index = json!({"items": items, "labels": labels});
    // JSON is valid JavaScript; `</` is escaped in case the file is ever inlined.
    let text = serde_json::to_string(&index)
        .unwrap_or_default()
        .replace("</", "<\\/");
    format!("window.GOVDICT_INDEX = {text};\n")
}

/// A DCAT-style catalog of the release: the dataset of the dictionary with one
/// distribution per export.
fn catalog(dict: &Dictionary, dists: &[Distribution]) -> Value {
    let m = &dict.manifest;
    let mut titles = vec![json!({"@value": m.name, "@language": "zh"})];
    if let Some(en) = &m.name_en {
        titles.push(json!({"@value": en, "@language": "en"}));
    }
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
        },
        "@type": "dcat:Catalog",
        "dct:title": m.name,
        "dct:publisher": m.authority,
        "dcat:dataset": [{
            "@type": "dcat:Dataset",
            "dct:identifier": m.id,
            "dct:title": titles,
            "dcat:version": m.version,
            "dct:issued": m.released,
            "dct:license": m.license,
            "dct:publisher": m.authority,
            "dcat:distribution": dists.iter().map(|d| json!({
                "@type": "dcat:Distribution",
                "dct:title": d.title,
                "dcat:accessURL": d.path,
                "dcat:downloadURL": d.path,
                "dcat:mediaType": d.media,
            })).collect::<Vec<_>>(),
        }],
    })
}
