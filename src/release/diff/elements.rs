//! Data elements, attribute by attribute.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::value_domain::{codelist_of_element, compare_bound};
use super::{from_to, Log};
use crate::dictionary::{Dictionary, Element, Status};
use crate::finding::Severity;
use crate::release::{format_relation, ChangeKind, Impact, Relation};
use crate::text::Text;

pub(super) fn elements(old: &Dictionary, new: &Dictionary, log: &mut Log) {
    for o in &old.elements {
        match new.element(&o.id) {
            None => {
                let (zh, en) = if matches!(o.status, Status::Retired | Status::Superseded) {
                    (
                        "已废止或被替代的数据元被删除，仍携带它的数据将出现未知列",
                        "a retired or superseded element was removed: exports that still carry it get unknown columns",
                    )
                } else {
                    (
                        "数据元被删除，使用它的数据集和数据文件失效",
                        "the element was removed: datasets and exports that use it break",
                    )
                };
                log.add(
                    ChangeKind::ElementRemoved,
                    &o.id,
                    None,
                    Impact::Breaking,
                    Text::new(
                        format!("删除数据元 {} {}", o.id, o.name),
                        format!("element {} {} removed", o.id, o.name),
                    ),
                )
                .at(&o.origin)
                .because(zh, en);
            }
            Some(n) => element(o, n, old, new, log),
        }
    }
    for n in &new.elements {
        if old.element(&n.id).is_none() {
            log.add(
                ChangeKind::ElementAdded,
                &n.id,
                None,
                Impact::Compatible,
                Text::new(
                    format!("新增数据元 {} {}", n.id, n.name),
                    format!("element {} {} added", n.id, n.name),
                ),
            )
            .at(&n.origin)
            .because("新增内容", "an addition");
        }
    }
}

/// Compares two versions of one element, attribute by attribute, in the order of
/// [`ATTRIBUTES`].
fn element(o: &Element, n: &Element, old: &Dictionary, new: &Dictionary, log: &mut Log) {
    let pair = Pair {
        o,
        n,
        old_dict: old,
        new_dict: new,
    };
    for attribute in ATTRIBUTES {
        match attribute.diff {
            Diff::Value { value, judge } => {
                let (ov, nv) = (value(o), value(n));
                if ov == nv {
                    continue;
                }
                if let Some(why) = judge(o, n) {
                    log.add(
                        ChangeKind::ElementChanged,
                        &o.id,
                        Some(attribute.name),
                        why.impact,
                        from_to(attribute.name, ov.as_deref(), nv.as_deref()),
                    )
                    .at(&n.origin)
                    .because(why.zh, why.en);
                }
            }
            Diff::Custom(diff) => diff(&pair, log),
        }
    }
}

/// Both versions of an element, and the dictionaries they belong to.
struct Pair<'a> {
    o: &'a Element,
    n: &'a Element,
    old_dict: &'a Dictionary,
    new_dict: &'a Dictionary,
}

/// One attribute of an element and how a change of it is judged.
struct Attribute {
    /// The attribute's key, as in the dictionary files and the changelog.
    name: &'static str,
    diff: Diff,
}

enum Diff {
    /// A single value: a change is reported as `old → new` when the text differs and
    /// `judge` returns a verdict.
    Value {
        value: fn(&Element) -> Option<Cow<'_, str>>,
        judge: fn(&Element, &Element) -> Option<Why>,
    },
    /// Attributes whose changes need more than one value (synonym sets, code lists that
    /// live elsewhere in the dictionary, status moves with their own kinds).
    Custom(fn(&Pair<'_>, &mut Log)),
}

/// The impact of a change and why, in both languages.
struct Why {
    impact: Impact,
    zh: &'static str,
    en: &'static str,
}

const fn why(impact: Impact, zh: &'static str, en: &'static str) -> Option<Why> {
    Some(Why { impact, zh, en })
}

const DESCRIPTIVE: Option<Why> = why(
    Impact::Cosmetic,
    "说明性信息，不影响校验",
    "descriptive: validation is unaffected",
);

/// Every attribute of an element, in the order changes are reported.
const ATTRIBUTES: &[Attribute] = &[
    value(
        "identifier",
        |e| borrowed(&e.identifier),
        |o, _| {
            let impact = if o.identifier.is_none() {
                Impact::Compatible
            } else {
                Impact::Breaking
            };
            why(
                impact,
                "以标识符为表头的数据文件依赖它",
                "exports headed by the identifier depend on it",
            )
        },
    ),
    value(
        "name",
        |e| Some(Cow::Borrowed(&e.name)),
        |o, n| {
            // The name is the standard header; keeping the old one as a synonym keeps old
            // exports resolving.
            if n.synonyms.contains(&o.name) {
                why(
                    Impact::Compatible,
                    "旧名称保留为同义名称，原有表头仍可识别",
                    "the old name is kept as a synonym, so old headers still resolve",
                )
            } else {
                why(
                Impact::Breaking,
                "名称是标准表头，以旧名称为表头的数据文件不再匹配",
                "the name is the standard header: exports headed by the old name no longer resolve",
            )
            }
        },
    ),
    Attribute {
        name: "synonyms",
        diff: Diff::Custom(synonyms),
    },
    value("name_en", |e| borrowed(&e.name_en), descriptive),
    value("definition", |e| borrowed(&e.definition), descriptive),
    value("object_class", |e| borrowed(&e.object_class), descriptive),
    value("property", |e| borrowed(&e.property), descriptive),
    value(
        "representation",
        |e| borrowed(&e.representation),
        descriptive,
    ),
    value("submitter", |e| borrowed(&e.submitter), descriptive),
    value("since", |e| borrowed(&e.since), descriptive),
    value(
        "type",
        |e| Some(Cow::Borrowed(e.data_type.as_str())),
        |_, _| {
            why(
                Impact::Breaking,
                "数据类型变化，原有数值可能不再有效",
                "a new type: existing values may no longer be valid",
            )
        },
    ),
    value(
        "format",
        |e| e.format.as_ref().map(|f| Cow::Owned(f.to_string())),
        format,
    ),
    value(
        "rule",
        |e| e.rule.map(|r| Cow::Borrowed(r.as_str())),
        |_, n| {
            if n.rule.is_none() {
                why(Impact::Compatible, "取消校验规则", "the rule was dropped")
            } else {
                why(
                    Impact::Breaking,
                    "新的校验规则可能拒绝原有数值",
                    "the new rule may reject existing values",
                )
            }
        },
    ),
    value(
        "rule_severity",
        |e| Some(Cow::Borrowed(effective_rule_severity(e).as_str())),
        rule_severity,
    ),
    Attribute {
        name: "codelist",
        diff: Diff::Custom(|p, log| codelist_of_element(p.o, p.n, p.old_dict, p.new_dict, log)),
    },
    value(
        "pattern",
        |e| e.pattern_text().map(Cow::Borrowed),
        |_, n| {
            if n.pattern.is_none() {
                why(
                    Impact::Compatible,
                    "取消模式约束",
                    "the pattern was dropped",
                )
            } else {
                why(
                    Impact::Breaking,
                    "新增或改变的模式可能拒绝原有数值",
                    "an added or changed pattern may reject existing values",
                )
            }
        },
    ),
    value(
        "min",
        |e| borrowed(&e.min),
        |o, n| bound(&o.min, &n.min, true),
    ),
    value(
        "max",
        |e| borrowed(&e.max),
        |o, n| bound(&o.max, &n.max, false),
    ),
    value(
        "unit",
        |e| borrowed(&e.unit),
        |o, n| {
            // A unit replaced by another changes what the numbers mean; one added or dropped
            // only states (or stops stating) what they already meant.
            if o.unit.is_some() && n.unit.is_some() {
                why(
                    Impact::Breaking,
                    "计量单位变化，原有数值的含义改变",
                    "a new unit changes what existing values mean",
                )
            } else {
                DESCRIPTIVE
            }
        },
    ),
    value(
        "classification",
        |e| borrowed(&e.classification),
        |_, _| {
            why(
                Impact::Compatible,
                "改变数值的脱敏和共享方式，数据文件仍然有效",
                "changes how values are masked and shared; exports stay valid",
            )
        },
    ),
    value(
        "personal",
        |e| Some(Cow::Borrowed(e.personal.as_str())),
        |_, _| {
            why(
                Impact::Compatible,
                "改变数值的脱敏方式，数据文件仍然有效",
                "changes how values are masked; exports stay valid",
            )
        },
    ),
    Attribute {
        name: "status",
        diff: Diff::Custom(|p, log| super::status::status(p.o, p.n, log)),
    },
];

const fn value(
    name: &'static str,
    value: fn(&Element) -> Option<Cow<'_, str>>,
    judge: fn(&Element, &Element) -> Option<Why>,
) -> Attribute {
    Attribute {
        name,
        diff: Diff::Value { value, judge },
    }
}

fn borrowed(v: &Option<String>) -> Option<Cow<'_, str>> {
    v.as_deref().map(Cow::Borrowed)
}

fn descriptive(_: &Element, _: &Element) -> Option<Why> {
    DESCRIPTIVE
}

/// A format is judged by the sets of values the two notations allow.
fn format(o: &Element, n: &Element) -> Option<Why> {
    match (&o.format, &n.format) {
        (Some(a), Some(b)) => match format_relation(a, b) {
            Relation::Same => None,
            Relation::Wider => why(
                Impact::Compatible,
                "格式放宽，原有数值仍然有效",
                "the format was widened: existing values stay valid",
            ),
            Relation::Narrower => why(
                Impact::Breaking,
                "格式收紧，部分原有数值不再有效",
                "the format was narrowed: some existing values are no longer valid",
            ),
            Relation::Incomparable => why(
                Impact::Breaking,
                "格式改变，部分原有数值不再有效",
                "the format changed: some existing values are no longer valid",
            ),
        },
        (None, Some(_)) => why(
            Impact::Breaking,
            "新增格式约束",
            "a format constraint was added",
        ),
        (Some(_), None) => why(
            Impact::Compatible,
            "取消格式约束",
            "the format constraint was dropped",
        ),
        (None, None) => None,
    }
}

/// The severity a rule's failures are reported at: the element's `rule_severity`, else
/// the finding code's own, which is `error` for every code a rule reports.
fn effective_rule_severity(e: &Element) -> Severity {
    e.rule_severity.unwrap_or(Severity::Error)
}

/// A severity raised can fail exports that passed; lowered, it only relaxes. It applies
/// only while both versions have a rule: a rule added or dropped is judged as `rule`.
fn rule_severity(o: &Element, n: &Element) -> Option<Why> {
    if o.rule.is_none() || n.rule.is_none() {
        return None;
    }
    match effective_rule_severity(n).cmp(&effective_rule_severity(o)) {
        Ordering::Greater => why(
            Impact::Breaking,
            "校验规则发现的问题级别提高，原来通过的数据文件可能不再通过",
            "rule failures are reported at a higher severity: exports that passed may now fail",
        ),
        Ordering::Less => why(
            Impact::Compatible,
            "校验规则发现的问题级别降低，原有数据文件仍然有效",
            "rule failures are reported at a lower severity: existing exports stay valid",
        ),
        Ordering::Equal => None,
    }
}

/// A bound moved outwards (or dropped) keeps existing values valid; `lower` tells which
/// way is outwards.
fn bound(ov: &Option<String>, nv: &Option<String>, lower: bool) -> Option<Why> {
    let widened = match (ov, nv) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => match compare_bound(a, b) {
            Some(Ordering::Greater) => lower,
            Some(Ordering::Less) => !lower,
            // Equal as values but written differently (`10` vs `10.0`).
            Some(Ordering::Equal) => true,
            None => false,
        },
    };
    if widened {
        why(
            Impact::Compatible,
            "范围放宽，原有数值仍然有效",
            "the range was widened: existing values stay valid",
        )
    } else {
        why(
            Impact::Breaking,
            "范围收紧，部分原有数值不再有效",
            "the range was narrowed: some existing values are no longer valid",
        )
    }
}

/// Synonyms removed break exports headed by them; synonyms added let more headers resolve.
/// A name moving between `name` and `synonyms` is reported with the name.
fn synonyms(p: &Pair<'_>, log: &mut Log) {
    let (o, n) = (p.o, p.n);
    let removed: Vec<&str> = o
        .synonyms
        .iter()
        .filter(|s| !n.synonyms.contains(s) && **s != n.name)
        .map(String::as_str)
        .collect();
    let added: Vec<&str> = n
        .synonyms
        .iter()
        .filter(|s| !o.synonyms.contains(s) && **s != o.name)
        .map(String::as_str)
        .collect();
    if !removed.is_empty() {
        let list = removed.join(", ");
        log.add(
            ChangeKind::ElementChanged,
            &o.id,
            Some("synonyms"),
            Impact::Breaking,
            Text::new(
                format!("删除同义名称：{list}"),
                format!("synonyms removed: {list}"),
            ),
        )
        .at(&n.origin)
        .because(
            "以这些名称为表头的数据文件不再匹配",
            "exports headed by these names no longer resolve",
        );
    }
    if !added.is_empty() {
        let list = added.join(", ");
        log.add(
            ChangeKind::ElementChanged,
            &o.id,
            Some("synonyms"),
            Impact::Compatible,
            Text::new(
                format!("新增同义名称：{list}"),
                format!("synonyms added: {list}"),
            ),
        )
        .at(&n.origin)
        .because("更多表头可以被识别", "more headers resolve");
    }
}
