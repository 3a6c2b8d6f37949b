//! Data elements, attribute by attribute.

use std::cmp::Ordering;

use super::value_domain::{codelist_of_element, compare_bound};
use super::{from_to, show, Log};
use crate::dictionary::{Dictionary, Element, Origin, Status};
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

/// Compares two versions of one element, attribute by attribute.
fn element(o: &Element, n: &Element, old: &Dictionary, new: &Dictionary, log: &mut Log) {
    let id = o.id.as_str();
    let at = &n.origin;
    let k = ChangeKind::ElementChanged;
    if o.identifier != n.identifier {
        let impact = if o.identifier.is_none() {
            Impact::Compatible
        } else {
            Impact::Breaking
        };
        changed(
            log,
            id,
            at,
            "identifier",
            o.identifier.as_deref(),
            n.identifier.as_deref(),
            impact,
            "以标识符为表头的数据文件依赖它",
            "exports headed by the identifier depend on it",
        );
    }
    if o.name != n.name {
        // The name is the standard header; keeping the old one as a synonym keeps old
        // exports resolving.
        if n.synonyms.contains(&o.name) {
            changed(
                log,
                id,
                at,
                "name",
                Some(&o.name),
                Some(&n.name),
                Impact::Compatible,
                "旧名称保留为同义名称，原有表头仍可识别",
                "the old name is kept as a synonym, so old headers still resolve",
            );
        } else {
            changed(
                log,
                id,
                at,
                "name",
                Some(&o.name),
                Some(&n.name),
                Impact::Breaking,
                "名称是标准表头，以旧名称为表头的数据文件不再匹配",
                "the name is the standard header: exports headed by the old name no longer resolve",
            );
        }
    }
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
            k,
            id,
            Some("synonyms"),
            Impact::Breaking,
            Text::new(
                format!("删除同义名称：{list}"),
                format!("synonyms removed: {list}"),
            ),
        )
        .at(at)
        .because(
            "以这些名称为表头的数据文件不再匹配",
            "exports headed by these names no longer resolve",
        );
    }
    if !added.is_empty() {
        let list = added.join(", ");
        log.add(
            k,
            id,
            Some("synonyms"),
            Impact::Compatible,
            Text::new(
                format!("新增同义名称：{list}"),
                format!("synonyms added: {list}"),
            ),
        )
        .at(at)
        .because("更多表头可以被识别", "more headers resolve");
    }
    for (attr, ov, nv) in [
        ("name_en", &o.name_en, &n.name_en),
        ("definition", &o.definition, &n.definition),
        ("object_class", &o.object_class, &n.object_class),
        ("property", &o.property, &n.property),
        ("representation", &o.representation, &n.representation),
        ("submitter", &o.submitter, &n.submitter),
        ("since", &o.since, &n.since),
    ] {
        if ov != nv {
            changed(
                log,
                id,
                at,
                attr,
                ov.as_deref(),
                nv.as_deref(),
                Impact::Cosmetic,
                "说明性信息，不影响校验",
                "descriptive: validation is unaffected",
            );
        }
    }
    if o.data_type != n.data_type {
        changed(
            log,
            id,
            at,
            "type",
            Some(o.data_type.as_str()),
            Some(n.data_type.as_str()),
            Impact::Breaking,
            "数据类型变化，原有数值可能不再有效",
            "a new type: existing values may no longer be valid",
        );
    }
    let (of, nf) = (
        o.format.as_ref().map(ToString::to_string),
        n.format.as_ref().map(ToString::to_string),
    );
    match (&o.format, &n.format) {
        (Some(a), Some(b)) => match format_relation(a, b) {
            Relation::Same => {}
            Relation::Wider => changed(
                log,
                id,
                at,
                "format",
                of.as_deref(),
                nf.as_deref(),
                Impact::Compatible,
                "格式放宽，原有数值仍然有效",
                "the format was widened: existing values stay valid",
            ),
            Relation::Narrower => changed(
                log,
                id,
                at,
                "format",
                of.as_deref(),
                nf.as_deref(),
                Impact::Breaking,
                "格式收紧，部分原有数值不再有效",
                "the format was narrowed: some existing values are no longer valid",
            ),
            Relation::Incomparable => changed(
                log,
                id,
                at,
                "format",
                of.as_deref(),
                nf.as_deref(),
                Impact::Breaking,
                "格式改变，部分原有数值不再有效",
                "the format changed: some existing values are no longer valid",
            ),
        },
        (None, Some(_)) => changed(
            log,
            id,
            at,
            "format",
            None,
            nf.as_deref(),
            Impact::Breaking,
            "新增格式约束",
            "a format constraint was added",
        ),
        (Some(_), None) => changed(
            log,
            id,
            at,
            "format",
            of.as_deref(),
            None,
            Impact::Compatible,
            "取消格式约束",
            "the format constraint was dropped",
        ),
        (None, None) => {}
    }
    if o.rule != n.rule {
        let (or, nr) = (o.rule.map(|r| r.as_str()), n.rule.map(|r| r.as_str()));
        if n.rule.is_none() {
            changed(
                log,
                id,
                at,
                "rule",
                or,
                nr,
                Impact::Compatible,
                "取消校验规则",
                "the rule was dropped",
            );
        } else {
            changed(
                log,
                id,
                at,
                "rule",
                or,
                nr,
                Impact::Breaking,
                "新的校验规则可能拒绝原有数值",
                "the new rule may reject existing values",
            );
        }
    }
    codelist_of_element(o, n, old, new, log);
    let (op, np) = (o.pattern_text(), n.pattern_text());
    if op != np {
        if np.is_none() {
            changed(
                log,
                id,
                at,
                "pattern",
                op,
                np,
                Impact::Compatible,
                "取消模式约束",
                "the pattern was dropped",
            );
        } else {
            changed(
                log,
                id,
                at,
                "pattern",
                op,
                np,
                Impact::Breaking,
                "新增或改变的模式可能拒绝原有数值",
                "an added or changed pattern may reject existing values",
            );
        }
    }
    for (attr, ov, nv, lower) in [
        ("min", &o.min, &n.min, true),
        ("max", &o.max, &n.max, false),
    ] {
        if ov == nv {
            continue;
        }
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
        let (impact, zh, en) = if widened {
            (
                Impact::Compatible,
                "范围放宽，原有数值仍然有效",
                "the range was widened: existing values stay valid",
            )
        } else {
            (
                Impact::Breaking,
                "范围收紧，部分原有数值不再有效",
                "the range was narrowed: some existing values are no longer valid",
            )
        };
        changed(
            log,
            id,
            at,
            attr,
            ov.as_deref(),
            nv.as_deref(),
            impact,
            zh,
            en,
        );
    }
    if o.unit != n.unit {
        // A unit replaced by another changes what the numbers mean; one added or dropped
        // only states (or stops stating) what they already meant.
        let (impact, zh, en) = if o.unit.is_some() && n.unit.is_some() {
            (
                Impact::Breaking,
                "计量单位变化，原有数值的含义改变",
                "a new unit changes what existing values mean",
            )
        } else {
            (
                Impact::Cosmetic,
                "说明性信息，不影响校验",
                "descriptive: validation is unaffected",
            )
        };
        changed(
            log,
            id,
            at,
            "unit",
            o.unit.as_deref(),
            n.unit.as_deref(),
            impact,
            zh,
            en,
        );
    }
    if o.classification != n.classification {
        changed(
            log,
            id,
            at,
            "classification",
            o.classification.as_deref(),
            n.classification.as_deref(),
            Impact::Compatible,
            "改变数值的脱敏和共享方式，数据文件仍然有效",
            "changes how values are masked and shared; exports stay valid",
        );
    }
    if o.personal != n.personal {
        changed(
            log,
            id,
            at,
            "personal",
            Some(o.personal.as_str()),
            Some(n.personal.as_str()),
            Impact::Compatible,
            "改变数值的脱敏方式，数据文件仍然有效",
            "changes how values are masked; exports stay valid",
        );
    }
    status(o, n, log);
}

/// One attribute of an element changed.
#[allow(clippy::too_many_arguments)]
fn changed(
    log: &mut Log,
    id: &str,
    at: &Origin,
    attr: &str,
    old: Option<&str>,
    new: Option<&str>,
    impact: Impact,
    zh: &str,
    en: &str,
) {
    log.add(
        ChangeKind::ElementChanged,
        id,
        Some(attr),
        impact,
        from_to(attr, old, new),
    )
    .at(at)
    .because(zh, en);
}

fn status(o: &Element, n: &Element, log: &mut Log) {
    let id = o.id.as_str();
    if o.status != n.status {
        let detail = from_to("status", Some(o.status.as_str()), Some(n.status.as_str()));
        match n.status {
            Status::Retired => log
                .add(
                    ChangeKind::ElementRetired,
                    id,
                    Some("status"),
                    Impact::Compatible,
                    detail,
                )
                .at(&n.origin)
                .because(
                    "标记为废止，仍可使用，将在以后的版本中删除",
                    "marked retired: still usable, to be removed in a later release",
                ),
            Status::Superseded => {
                let by = show(n.superseded_by.as_deref());
                log.add(
                    ChangeKind::ElementSuperseded,
                    id,
                    Some("status"),
                    Impact::Compatible,
                    Text::new(
                        format!("{}，由 {by} 替代", detail.zh),
                        format!("{}, superseded by {by}", detail.en),
                    ),
                )
                .at(&n.origin)
                .because(
                    "标记为被替代，仍可使用，将在以后的版本中删除",
                    "marked superseded: still usable, to be removed in a later release",
                );
            }
            _ => log
                .add(
                    ChangeKind::ElementChanged,
                    id,
                    Some("status"),
                    Impact::Compatible,
                    detail,
                )
                .at(&n.origin)
                .because(
                    "注册状态变化，不影响校验",
                    "a registration status move: validation is unaffected",
                ),
        }
    } else if o.superseded_by != n.superseded_by {
        log.add(
            ChangeKind::ElementChanged,
            id,
            Some("superseded_by"),
            Impact::Compatible,
            from_to(
                "superseded_by",
                o.superseded_by.as_deref(),
                n.superseded_by.as_deref(),
            ),
        )
        .at(&n.origin)
        .because(
            "替代关系变化，不影响校验",
            "a new successor: validation is unaffected",
        );
    }
}
