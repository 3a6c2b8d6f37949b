//! Semantic checks: turns the schema-valid files of a dictionary into the validated model,
//! collecting every problem (duplicates, dangling references, bad formats and regexes)
//! with the position of the node it concerns.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::format::Format;
use super::model::{
    CodeList, CodeValue, DataType, Dataset, Dictionary, Element, Field, Level, Manifest, Origin,
    Personal, Status,
};
use super::node::{Node, PathSegment};
use super::problem::{codes, Problem, Severity};
use super::raw::{bound_text, RawCodeList, RawDataset, RawElement, RawLevel, RawManifest};
use crate::rules::Rule;
use crate::text::Text;
use semver::Version;

/// Compiled size limit of an element's pattern: generous for real patterns, small enough
/// that a pathological one (`(a{1000}){1000}`) is refused instead of eating memory.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// One parsed source file of a dictionary.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub root: Node,
    pub json: Value,
}

impl Source {
    fn pos(&self, path: &[PathSegment<'_>]) -> (usize, usize) {
        let n = self.root.at(path.iter().copied());
        (n.line, n.column)
    }

    fn origin(&self, path: &[PathSegment<'_>]) -> Origin {
        let (line, column) = self.pos(path);
        Origin {
            file: self.path.clone(),
            line,
            column,
        }
    }

    fn problem(
        &self,
        severity: Severity,
        code: &'static str,
        path: &[PathSegment<'_>],
        message: Text,
    ) -> Problem {
        let (line, column) = self.pos(path);
        let p = match severity {
            Severity::Error => Problem::error(code, self.path.clone(), message),
            _ => Problem::warning(code, self.path.clone(), message),
        };
        p.at(&self.text, line, column)
    }

    /// Items of a top-level list that serde can read; others were reported by the schema.
    fn items<T: DeserializeOwned>(&self, key: &str) -> Vec<(usize, T)> {
        let Some(Value::Array(items)) = self.json.get(key) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| serde_json::from_value(v.clone()).ok().map(|t| (i, t)))
            .collect()
    }
}

use PathSegment::{Index as I, Key as K};

/// Where something was first defined, for "already defined at" messages.
struct First<'a> {
    file: &'a PathBuf,
    line: usize,
}

impl First<'_> {
    fn text(&self) -> String {
        format!("{}:{}", self.file.display(), self.line)
    }
}

/// Checks the sources (manifest first) and builds the model when no error was found.
pub fn assemble(sources: &[Source], sha256: String) -> (Option<Dictionary>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(manifest_src) = sources.first() else {
        return (None, problems);
    };
    let raw_manifest: RawManifest =
        serde_json::from_value(manifest_src.json.clone()).unwrap_or_default();

    // Manifest.
    let release = raw_manifest
        .version
        .as_deref()
        .and_then(|v| Version::parse(v.trim()).ok());
    if let Some(v) = raw_manifest.version.as_deref() {
        if release.is_none() {
            problems.push(manifest_src.problem(
                Severity::Error,
                codes::INVALID_VERSION,
                &[K("version")],
                Text::new(
                    format!("版本号 `{v}` 不是语义化版本（如 1.2.0）"),
                    format!("version `{v}` is not a semantic version (such as 1.2.0)"),
                ),
            ));
        }
    }
    let mut levels: Vec<Level> = Vec::new();
    for (i, l) in manifest_src.items::<RawLevel>("classification") {
        if levels.iter().any(|x| x.level == l.level) {
            problems.push(manifest_src.problem(
                Severity::Error,
                codes::DUPLICATE_LEVEL,
                &[K("classification"), I(i), K("level")],
                Text::new(
                    format!("分级 `{}` 重复定义", l.level),
                    format!("classification level `{}` is defined twice", l.level),
                ),
            ));
            continue;
        }
        levels.push(Level {
            level: l.level,
            name: l.name,
            mask: l.mask,
            open: l.open,
        });
    }

    // Code lists.
    let mut codelists: Vec<CodeList> = Vec::new();
    let mut codelist_first: HashMap<String, First<'_>> = HashMap::new();
    for src in sources {
        for (i, raw) in src.items::<RawCodeList>("codelists") {
            let at = [K("codelists"), I(i)];
            if let Some(first) = codelist_first.get(&raw.id) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_CODELIST,
                    &[K("codelists"), I(i), K("id")],
                    Text::new(
                        format!("代码表 `{}` 已在 {} 定义", raw.id, first.text()),
                        format!(
                            "code list `{}` is already defined at {}",
                            raw.id,
                            first.text()
                        ),
                    ),
                ));
                continue;
            }
            let mut seen: HashSet<&str> = HashSet::new();
            for (j, v) in raw.values.iter().enumerate() {
                if !seen.insert(v.code.as_str()) {
                    problems.push(src.problem(
                        Severity::Error,
                        codes::DUPLICATE_CODE,
                        &[K("codelists"), I(i), K("values"), I(j), K("code")],
                        Text::new(
                            format!("代码表 `{}` 中代码 `{}` 重复", raw.id, v.code),
                            format!("code `{}` is repeated in code list `{}`", v.code, raw.id),
                        ),
                    ));
                }
            }
            let origin = src.origin(&at);
            codelist_first.insert(
                raw.id.clone(),
                First {
                    file: &src.path,
                    line: origin.line,
                },
            );
            let values = raw
                .values
                .into_iter()
                .map(|v| CodeValue {
                    code: v.code,
                    name: v.name,
                    name_en: v.name_en,
                    aliases: v.aliases,
                })
                .collect();
            codelists.push(CodeList::new(raw.id, raw.name, raw.name_en, values, origin));
        }
    }

    // Elements: first pass for ids, names and synonyms, so references can be checked in
    // any order across files.
    let mut raw_elements: Vec<(&Source, usize, RawElement)> = Vec::new();
    let mut id_first: HashMap<String, First<'_>> = HashMap::new();
    let mut name_first: HashMap<String, (String, First<'_>)> = HashMap::new();
    for src in sources {
        for (i, raw) in src.items::<RawElement>("elements") {
            let (line, _) = src.pos(&[K("elements"), I(i)]);
            if let Some(first) = id_first.get(&raw.id) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_ELEMENT_ID,
                    &[K("elements"), I(i), K("id")],
                    Text::new(
                        format!("数据元标识 `{}` 已在 {} 使用", raw.id, first.text()),
                        format!(
                            "element id `{}` is already used at {}",
                            raw.id,
                            first.text()
                        ),
                    ),
                ));
                continue;
            }
            id_first.insert(
                raw.id.clone(),
                First {
                    file: &src.path,
                    line,
                },
            );
            if let Some((other, first)) = name_first.get(&raw.name) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_ELEMENT_NAME,
                    &[K("elements"), I(i), K("name")],
                    Text::new(
                        format!(
                            "中文名称 `{}` 已被数据元 {} 使用（{}）",
                            raw.name,
                            other,
                            first.text()
                        ),
                        format!(
                            "name `{}` is already used by element {} ({})",
                            raw.name,
                            other,
                            first.text()
                        ),
                    ),
                ));
            } else {
                name_first.insert(
                    raw.name.clone(),
                    (
                        raw.id.clone(),
                        First {
                            file: &src.path,
                            line,
                        },
                    ),
                );
            }
            raw_elements.push((src, i, raw));
        }
    }
    // Synonyms: a name a department uses must lead to exactly one element.
    let mut synonym_owner: HashMap<&str, &str> = HashMap::new();
    for (src, i, raw) in &raw_elements {
        for (j, s) in raw.synonyms.iter().enumerate() {
            let clash = match name_first.get(s.as_str()) {
                Some((owner, _)) if owner != &raw.id => Some(owner.as_str()),
                _ => match synonym_owner.get(s.as_str()) {
                    Some(owner) if *owner != raw.id => Some(*owner),
                    _ => None,
                },
            };
            if let Some(owner) = clash {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_SYNONYM,
                    &[K("elements"), I(*i), K("synonyms"), I(j)],
                    Text::new(
                        format!("同义名称 `{s}` 同时指向数据元 {owner} 和 {}", raw.id),
                        format!("synonym `{s}` is claimed by both {owner} and {}", raw.id),
                    ),
                ));
            } else {
                synonym_owner.insert(s.as_str(), raw.id.as_str());
            }
        }
    }

    let mut elements = Vec::with_capacity(raw_elements.len());
    for (src, i, raw) in raw_elements {
        let at = |field: &'static str| [K("elements"), I(i), K(field)];
        let err = |code, field: &'static str, message| {
            src.problem(Severity::Error, code, &at(field), message)
        };
        // An unknown type was reported by the schema; checks that depend on the type
        // would only add noise.
        let Some(data_type) = DataType::parse(&raw.data_type) else {
            continue;
        };
        match raw.codelist.as_deref() {
            Some(cl) if !codelist_first.contains_key(cl) => problems.push(
                err(
                    codes::UNKNOWN_CODELIST,
                    "codelist",
                    Text::new(
                        format!("数据元 {} 引用了不存在的代码表 `{cl}`", raw.id),
                        format!("element {} names the unknown code list `{cl}`", raw.id),
                    ),
                )
                .with_help(Text::new(
                    "代码表标识须与 codelists 中的 id 一致",
                    "the id must match a code list's `id` under `codelists`",
                )),
            ),
            Some(_) if data_type != DataType::Code => problems.push(src.problem(
                Severity::Warning,
                codes::CODELIST_ON_NON_CODE,
                &at("codelist"),
                Text::new(
                    format!("数据元 {} 有代码表但类型不是 code", raw.id),
                    format!(
                        "element {} has a code list but its type is not `code`",
                        raw.id
                    ),
                ),
            )),
            None if data_type == DataType::Code => problems.push(err(
                codes::CODE_WITHOUT_CODELIST,
                "type",
                Text::new(
                    format!("数据元 {} 的类型为 code，但没有指定代码表", raw.id),
                    format!("element {} has type `code` but no code list", raw.id),
                ),
            )),
            _ => {}
        }
        let format = match raw.format.as_deref() {
            None => None,
            Some(f) => match Format::parse(f) {
                Ok(f) => Some(f),
                Err(e) => {
                    problems.push(
                        err(
                            codes::INVALID_FORMAT,
                            "format",
                            Text::new(
                                format!("数据元 {} 的表示格式无效：{e}", raw.id),
                                format!("element {}: {e}", raw.id),
                            ),
                        )
                        .with_help(Text::new(
                            "例如 an18、c..50、n..12,2、YYYYMMDD",
                            "for example an18, c..50, n..12,2, YYYYMMDD",
                        )),
                    );
                    None
                }
            },
        };
        let rule = match raw.rule.as_deref() {
            None => None,
            Some(r) => {
                let parsed = Rule::parse(r);
                if parsed.is_none() {
                    let known: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
                    problems.push(
                        err(
                            codes::UNKNOWN_RULE,
                            "rule",
                            Text::new(
                                format!("数据元 {} 引用了未知的规则 `{r}`", raw.id),
                                format!("element {} names the unknown rule `{r}`", raw.id),
                            ),
                        )
                        .with_help(Text::new(
                            format!("内置规则：{}", known.join(", ")),
                            format!("built-in rules: {}", known.join(", ")),
                        )),
                    );
                }
                parsed
            }
        };
        let pattern = match raw.pattern.as_deref() {
            None => None,
            Some(p) => match compile_pattern(p) {
                Ok(re) => Some(re),
                Err(why) => {
                    problems.push(err(
                        codes::INVALID_PATTERN,
                        "pattern",
                        Text::new(
                            format!("数据元 {} 的正则表达式无效：{why}", raw.id),
                            format!("element {} has an invalid pattern: {why}", raw.id),
                        ),
                    ));
                    None
                }
            },
        };
        if let Some(l) = raw.classification.as_deref() {
            if !levels.iter().any(|x| x.level == l) {
                let known: Vec<&str> = levels.iter().map(|x| x.level.as_str()).collect();
                problems.push(
                    err(
                        codes::UNKNOWN_LEVEL,
                        "classification",
                        Text::new(
                            format!("数据元 {} 的分级 `{l}` 未在清单中定义", raw.id),
                            format!(
                                "element {}: classification level `{l}` is not in the manifest's scheme",
                                raw.id
                            ),
                        ),
                    )
                    .with_help(Text::new(
                        format!("已定义的分级：{}", known.join(", ")),
                        format!("defined levels: {}", known.join(", ")),
                    )),
                );
            }
        }
        let status = raw
            .status
            .as_deref()
            .and_then(Status::parse)
            .unwrap_or_default();
        match raw.superseded_by.as_deref() {
            None if status == Status::Superseded => problems.push(err(
                codes::SUPERSEDED_WITHOUT_REPLACEMENT,
                "status",
                Text::new(
                    format!("数据元 {} 状态为 superseded，但缺少 superseded_by", raw.id),
                    format!(
                        "element {} is superseded but has no `superseded_by`",
                        raw.id
                    ),
                ),
            )),
            Some(by) if !id_first.contains_key(by) => problems.push(err(
                codes::UNKNOWN_ELEMENT,
                "superseded_by",
                Text::new(
                    format!(
                        "数据元 {} 的 superseded_by 指向不存在的数据元 `{by}`",
                        raw.id
                    ),
                    format!(
                        "element {}: `superseded_by` names the unknown element `{by}`",
                        raw.id
                    ),
                ),
            )),
            _ => {}
        }
        if let Some(since) = raw.since.as_deref() {
            match Version::parse(since.trim()).ok() {
                None => problems.push(err(
                    codes::INVALID_VERSION,
                    "since",
                    Text::new(
                        format!("数据元 {} 的 since `{since}` 不是语义化版本", raw.id),
                        format!(
                            "element {}: since `{since}` is not a semantic version",
                            raw.id
                        ),
                    ),
                )),
                Some(v) => {
                    if let Some(rel) = &release {
                        if v > *rel {
                            problems.push(err(
                                codes::SINCE_AFTER_RELEASE,
                                "since",
                                Text::new(
                                    format!(
                                        "数据元 {} 的 since {since} 晚于本版本 {}",
                                        raw.id,
                                        raw_manifest.version.as_deref().unwrap_or("")
                                    ),
                                    format!(
                                        "element {}: since {since} is later than this release {}",
                                        raw.id,
                                        raw_manifest.version.as_deref().unwrap_or("")
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
        }
        elements.push(Element {
            origin: src.origin(&[K("elements"), I(i)]),
            id: raw.id,
            identifier: raw.identifier,
            name: raw.name,
            name_en: raw.name_en,
            synonyms: raw.synonyms,
            definition: raw.definition,
            object_class: raw.object_class,
            property: raw.property,
            representation: raw.representation,
            data_type,
            format,
            rule,
            codelist: raw.codelist,
            pattern,
            min: bound_text(&raw.min),
            max: bound_text(&raw.max),
            unit: raw.unit,
            classification: raw.classification,
            personal: raw
                .personal
                .as_deref()
                .and_then(Personal::parse)
                .unwrap_or_default(),
            status,
            superseded_by: raw.superseded_by,
            submitter: raw.submitter,
            since: raw.since,
        });
    }

    // Datasets.
    let mut datasets = Vec::new();
    let mut dataset_first: HashMap<String, First<'_>> = HashMap::new();
    for src in sources {
        for (i, raw) in src.items::<RawDataset>("datasets") {
            let origin = src.origin(&[K("datasets"), I(i)]);
            if let Some(first) = dataset_first.get(&raw.id) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_DATASET,
                    &[K("datasets"), I(i), K("id")],
                    Text::new(
                        format!("数据集 `{}` 已在 {} 定义", raw.id, first.text()),
                        format!(
                            "dataset `{}` is already defined at {}",
                            raw.id,
                            first.text()
                        ),
                    ),
                ));
                continue;
            }
            dataset_first.insert(
                raw.id.clone(),
                First {
                    file: &src.path,
                    line: origin.line,
                },
            );
            let mut seen: HashSet<&str> = HashSet::new();
            for (j, f) in raw.fields.iter().enumerate() {
                let at = [K("datasets"), I(i), K("fields"), I(j), K("element")];
                if !id_first.contains_key(&f.element) {
                    problems.push(src.problem(
                        Severity::Error,
                        codes::UNKNOWN_ELEMENT,
                        &at,
                        Text::new(
                            format!(
                                "数据集 {} 的字段引用了不存在的数据元 `{}`",
                                raw.id, f.element
                            ),
                            format!(
                                "dataset {}: field names the unknown element `{}`",
                                raw.id, f.element
                            ),
                        ),
                    ));
                } else if !seen.insert(f.element.as_str()) {
                    problems.push(src.problem(
                        Severity::Error,
                        codes::DUPLICATE_FIELD,
                        &at,
                        Text::new(
                            format!("数据集 {} 中数据元 `{}` 出现两次", raw.id, f.element),
                            format!(
                                "dataset {}: element `{}` is listed twice",
                                raw.id, f.element
                            ),
                        ),
                    ));
                }
            }
            for (j, k) in raw.primary_key.iter().enumerate() {
                if !seen.contains(k.as_str()) {
                    problems.push(src.problem(
                        Severity::Error,
                        codes::UNKNOWN_ELEMENT,
                        &[K("datasets"), I(i), K("primary_key"), I(j)],
                        Text::new(
                            format!("数据集 {} 的主键 `{k}` 不是该数据集的字段", raw.id),
                            format!(
                                "dataset {}: primary key `{k}` is not one of its fields",
                                raw.id
                            ),
                        ),
                    ));
                }
            }
            datasets.push(Dataset {
                id: raw.id,
                name: raw.name,
                name_en: raw.name_en,
                owner: raw.owner,
                fields: raw
                    .fields
                    .into_iter()
                    .map(|f| Field {
                        element: f.element,
                        required: f.required,
                        unique: f.unique,
                    })
                    .collect(),
                primary_key: raw.primary_key,
                origin,
            });
        }
    }

    if problems.iter().any(|p| p.severity == Severity::Error) {
        return (None, problems);
    }
    let (Some(id), Some(name), Some(version)) =
        (raw_manifest.id, raw_manifest.name, raw_manifest.version)
    else {
        // The schema requires these; reaching here means it already reported them.
        return (None, problems);
    };
    let manifest = Manifest {
        format_version: raw_manifest.govdict.unwrap_or(1),
        id,
        name,
        name_en: raw_manifest.name_en,
        version,
        released: raw_manifest.released,
        authority: raw_manifest.authority,
        license: raw_manifest.license,
        classification: levels,
    };
    let dict = Dictionary::new(manifest, elements, codelists, datasets, sha256);
    (Some(dict), problems)
}

/// Compiles an element's pattern anchored to the whole value, with a size limit so a
/// pattern cannot blow up memory (the engine is linear-time, so matching is safe).
pub fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(PATTERN_SIZE_LIMIT)
        .dfa_size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("the compiled pattern exceeds the size limit of {limit} bytes")
            }
            other => other
                .to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_owned(),
        })
}
