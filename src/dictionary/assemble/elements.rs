//! Elements: unique ids and names, unambiguous synonyms, then each element's own
//! attributes (type and code list, format, rule, pattern, classification, status, since).

use std::collections::HashMap;

use regex::Regex;
use semver::Version;

use super::{compile_pattern, Defined, First, Source};
use crate::dictionary::format::Format;
use crate::dictionary::model::{DataType, Element, Level, Personal, Status};
use crate::dictionary::node::PathSegment::{Index as I, Key as K};
use crate::dictionary::problem::{codes, Problem, ProblemCode, Severity};
use crate::dictionary::raw::{bound_text, RawElement};
use crate::rules::Rule;
use crate::text::Text;

/// The elements of every source with a unique id, and where ids and names were defined.
pub(super) struct Index<'a> {
    /// Source, index in its `elements` list, and the element as read.
    pub raw: Vec<(&'a Source, usize, RawElement)>,
    pub ids: Defined<'a>,
    /// Name → the id of the element that has it, and where.
    pub names: HashMap<String, (String, First<'a>)>,
}

/// First pass over the elements: ids and names, so references can be checked in any order
/// across files. An element whose id repeats an earlier one is reported and left out.
pub(super) fn index<'a>(sources: &'a [Source], problems: &mut Vec<Problem>) -> Index<'a> {
    let mut index = Index {
        raw: Vec::new(),
        ids: Defined::new(),
        names: HashMap::new(),
    };
    for src in sources {
        for (i, raw) in src.items::<RawElement>("elements") {
            let (line, _) = src.pos(&[K("elements"), I(i)]);
            if let Some(first) = index.ids.get(&raw.id) {
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
            let first = || First {
                file: &src.path,
                line,
            };
            index.ids.insert(raw.id.clone(), first());
            if let Some((other, at)) = index.names.get(&raw.name) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_ELEMENT_NAME,
                    &[K("elements"), I(i), K("name")],
                    Text::new(
                        format!(
                            "中文名称 `{}` 已被数据元 {} 使用（{}）",
                            raw.name,
                            other,
                            at.text()
                        ),
                        format!(
                            "name `{}` is already used by element {} ({})",
                            raw.name,
                            other,
                            at.text()
                        ),
                    ),
                ));
            } else {
                index
                    .names
                    .insert(raw.name.clone(), (raw.id.clone(), first()));
            }
            index.raw.push((src, i, raw));
        }
    }
    index
}

/// Synonyms: a name a department uses must lead to exactly one element.
pub(super) fn check_synonyms(index: &Index<'_>, problems: &mut Vec<Problem>) {
    let mut synonym_owner: HashMap<&str, &str> = HashMap::new();
    for (src, i, raw) in &index.raw {
        for (j, s) in raw.synonyms.iter().enumerate() {
            let clash = match index.names.get(s.as_str()) {
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
}

/// System column codes: within one system a code names exactly one element (codes are
/// compared without case: systems write `AAC002` and `aac002` alike).
pub(super) fn check_system_codes(index: &Index<'_>, problems: &mut Vec<Problem>) {
    let mut owner: HashMap<(&str, String), &str> = HashMap::new();
    for (src, i, raw) in &index.raw {
        for (system, code) in &raw.system_codes {
            let key = (system.as_str(), code.to_ascii_uppercase());
            match owner.get(&key) {
                Some(first) if *first != raw.id => problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_SYSTEM_CODE,
                    &[K("elements"), I(*i), K("system_codes"), K(system.as_str())],
                    Text::new(
                        format!(
                            "系统 {system} 的字段代码 `{code}` 同时指向数据元 {first} 和 {}",
                            raw.id
                        ),
                        format!(
                            "{system} column code `{code}` is claimed by both {first} and {}",
                            raw.id
                        ),
                    ),
                )),
                Some(_) => {}
                None => {
                    owner.insert(key, raw.id.as_str());
                }
            }
        }
    }
}

/// What an element's references are checked against.
pub(super) struct Context<'a> {
    pub levels: &'a [Level],
    pub codelists: &'a Defined<'a>,
    pub elements: &'a Defined<'a>,
    /// The release version, when it is a semantic version.
    pub release: Option<&'a Version>,
    /// The release version as written, for messages.
    pub release_text: &'a str,
}

/// One element being checked: where it is, for problems at its attributes.
struct At<'a> {
    src: &'a Source,
    i: usize,
    id: &'a str,
}

impl At<'_> {
    fn problem(&self, severity: Severity, code: ProblemCode, field: &str, m: Text) -> Problem {
        self.src
            .problem(severity, code, &[K("elements"), I(self.i), K(field)], m)
    }

    fn error(&self, code: ProblemCode, field: &str, message: Text) -> Problem {
        self.problem(Severity::Error, code, field, message)
    }
}

/// Checks each element's attributes and builds the elements of the model.
pub(super) fn check(
    raw_elements: Vec<(&Source, usize, RawElement)>,
    cx: &Context<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Element> {
    let mut elements = Vec::with_capacity(raw_elements.len());
    for (src, i, raw) in raw_elements {
        // An unknown type was reported by the schema; checks that depend on the type
        // would only add noise.
        let Some(data_type) = DataType::parse(&raw.data_type) else {
            continue;
        };
        let at = At {
            src,
            i,
            id: &raw.id,
        };
        check_codelist(&at, data_type, raw.codelist.as_deref(), cx, problems);
        let format = format(&at, raw.format.as_deref(), problems);
        let rule = rule(&at, raw.rule.as_deref(), problems);
        let rule_severity = rule_severity(&at, rule, raw.rule_severity.as_deref(), problems);
        let pattern = pattern(&at, raw.pattern.as_deref(), problems);
        check_level(&at, raw.classification.as_deref(), cx, problems);
        let status = raw
            .status
            .as_deref()
            .and_then(Status::parse)
            .unwrap_or_default();
        check_status(&at, status, raw.superseded_by.as_deref(), cx, problems);
        check_since(&at, raw.since.as_deref(), cx, problems);
        elements.push(Element {
            origin: src.origin(&[K("elements"), I(i)]),
            id: raw.id,
            identifier: raw.identifier,
            name: raw.name,
            name_en: raw.name_en,
            synonyms: raw.synonyms,
            system_codes: raw.system_codes,
            definition: raw.definition,
            object_class: raw.object_class,
            property: raw.property,
            representation: raw.representation,
            data_type,
            format,
            rule,
            rule_severity,
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
    elements
}

/// A code list must exist, and goes with type `code` and only with it.
fn check_codelist(
    at: &At<'_>,
    data_type: DataType,
    codelist: Option<&str>,
    cx: &Context<'_>,
    problems: &mut Vec<Problem>,
) {
    let id = at.id;
    match codelist {
        Some(cl) if !cx.codelists.contains_key(cl) => problems.push(
            at.error(
                codes::UNKNOWN_CODELIST,
                "codelist",
                Text::new(
                    format!("数据元 {id} 引用了不存在的代码表 `{cl}`"),
                    format!("element {id} names the unknown code list `{cl}`"),
                ),
            )
            .with_help(
                match crate::dictionary::lookup::did_you_mean(
                    cl,
                    cx.codelists.keys().map(String::as_str),
                ) {
                    Some(close) => Text::new(
                        format!("是否要找代码表 `{close}`？"),
                        format!("did you mean the code list `{close}`?"),
                    ),
                    None => Text::new(
                        "代码表标识须与 codelists 中的 id 一致",
                        "the id must match a code list's `id` under `codelists`",
                    ),
                },
            ),
        ),
        Some(_) if data_type != DataType::Code => problems.push(at.problem(
            Severity::Warning,
            codes::CODELIST_ON_NON_CODE,
            "codelist",
            Text::new(
                format!("数据元 {id} 有代码表但类型不是 code"),
                format!("element {id} has a code list but its type is not `code`"),
            ),
        )),
        None if data_type == DataType::Code => problems.push(at.error(
            codes::CODE_WITHOUT_CODELIST,
            "type",
            Text::new(
                format!("数据元 {id} 的类型为 code，但没有指定代码表"),
                format!("element {id} has type `code` but no code list"),
            ),
        )),
        _ => {}
    }
}

/// The representation format, when it parses.
fn format(at: &At<'_>, format: Option<&str>, problems: &mut Vec<Problem>) -> Option<Format> {
    let id = at.id;
    match Format::parse(format?) {
        Ok(f) => Some(f),
        Err(e) => {
            problems.push(
                at.error(
                    codes::INVALID_FORMAT,
                    "format",
                    Text::new(
                        format!("数据元 {id} 的表示格式无效：{e}"),
                        format!("element {id}: {e}"),
                    ),
                )
                .with_help(Text::new(
                    "例如 an18、c..50、n..12,2、YYYYMMDD",
                    "for example an18, c..50, n..12,2, YYYYMMDD",
                )),
            );
            None
        }
    }
}

/// The built-in rule, when one of that name exists.
fn rule(at: &At<'_>, rule: Option<&str>, problems: &mut Vec<Problem>) -> Option<Rule> {
    let r = rule?;
    let parsed = Rule::parse(r);
    if parsed.is_none() {
        let id = at.id;
        let known: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        problems.push(
            at.error(
                codes::UNKNOWN_RULE,
                "rule",
                Text::new(
                    format!("数据元 {id} 引用了未知的规则 `{r}`"),
                    format!("element {id} names the unknown rule `{r}`"),
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

/// The severity `rule_severity` names (the schema admits only error, warning and info);
/// without a rule it would change nothing, which the lint says.
fn rule_severity(
    at: &At<'_>,
    rule: Option<Rule>,
    severity: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Severity> {
    let parsed = match severity? {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        _ => return None,
    };
    if rule.is_none() {
        let id = at.id;
        problems.push(at.problem(
            Severity::Warning,
            codes::RULE_SEVERITY_WITHOUT_RULE,
            "rule_severity",
            Text::new(
                format!("数据元 {id} 设置了 rule_severity，但没有 rule，设置不起作用"),
                format!("element {id} sets `rule_severity` but names no rule, so it has no effect"),
            ),
        ));
    }
    Some(parsed)
}

/// The compiled pattern, when it compiles within the size limit.
fn pattern(at: &At<'_>, pattern: Option<&str>, problems: &mut Vec<Problem>) -> Option<Regex> {
    match compile_pattern(pattern?) {
        Ok(re) => Some(re),
        Err(why) => {
            let id = at.id;
            problems.push(at.error(
                codes::INVALID_PATTERN,
                "pattern",
                Text::new(
                    format!("数据元 {id} 的正则表达式无效：{why}"),
                    format!("element {id} has an invalid pattern: {why}"),
                ),
            ));
            None
        }
    }
}

/// A classification level must be one of the manifest's scheme.
fn check_level(at: &At<'_>, level: Option<&str>, cx: &Context<'_>, problems: &mut Vec<Problem>) {
    let Some(l) = level else {
        return;
    };
    if cx.levels.iter().any(|x| x.level == l) {
        return;
    }
    let id = at.id;
    let known: Vec<&str> = cx.levels.iter().map(|x| x.level.as_str()).collect();
    problems.push(
        at.error(
            codes::UNKNOWN_LEVEL,
            "classification",
            Text::new(
                format!("数据元 {id} 的分级 `{l}` 未在清单中定义"),
                format!("element {id}: classification level `{l}` is not in the manifest's scheme"),
            ),
        )
        .with_help(Text::new(
            format!("已定义的分级：{}", known.join(", ")),
            format!("defined levels: {}", known.join(", ")),
        )),
    );
}

/// A superseded element names its replacement, and a replacement must exist.
fn check_status(
    at: &At<'_>,
    status: Status,
    superseded_by: Option<&str>,
    cx: &Context<'_>,
    problems: &mut Vec<Problem>,
) {
    let id = at.id;
    match superseded_by {
        None if status == Status::Superseded => problems.push(at.error(
            codes::SUPERSEDED_WITHOUT_REPLACEMENT,
            "status",
            Text::new(
                format!("数据元 {id} 状态为 superseded，但缺少 superseded_by"),
                format!("element {id} is superseded but has no `superseded_by`"),
            ),
        )),
        Some(by) if !cx.elements.contains_key(by) => problems.push(at.error(
            codes::UNKNOWN_ELEMENT,
            "superseded_by",
            Text::new(
                format!("数据元 {id} 的 superseded_by 指向不存在的数据元 `{by}`"),
                format!("element {id}: `superseded_by` names the unknown element `{by}`"),
            ),
        )),
        _ => {}
    }
}

/// `since` is a semantic version no later than this release.
fn check_since(at: &At<'_>, since: Option<&str>, cx: &Context<'_>, problems: &mut Vec<Problem>) {
    let Some(since) = since else {
        return;
    };
    let id = at.id;
    let Ok(v) = Version::parse(since.trim()) else {
        problems.push(at.error(
            codes::INVALID_VERSION,
            "since",
            Text::new(
                format!("数据元 {id} 的 since `{since}` 不是语义化版本"),
                format!("element {id}: since `{since}` is not a semantic version"),
            ),
        ));
        return;
    };
    if cx.release.is_some_and(|rel| v > *rel) {
        let rel = cx.release_text;
        problems.push(at.error(
            codes::SINCE_AFTER_RELEASE,
            "since",
            Text::new(
                format!("数据元 {id} 的 since {since} 晚于本版本 {rel}"),
                format!("element {id}: since {since} is later than this release {rel}"),
            ),
        ));
    }
}
