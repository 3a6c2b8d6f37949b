//! Datasets and their fields.

use std::collections::HashSet;

use super::{from_to, Log};
use crate::dictionary::{Dataset, Dictionary, Field, Origin, UniqueAmong};
use crate::release::{ChangeKind, Impact};
use crate::text::Text;

pub(super) fn datasets(old: &Dictionary, new: &Dictionary, log: &mut Log) {
    for o in &old.datasets {
        match new.dataset(&o.id) {
            None => log
                .add(
                    ChangeKind::DatasetRemoved,
                    &o.id,
                    None,
                    Impact::Breaking,
                    Text::new(
                        format!("删除数据集 {}（{}）", o.id, o.name),
                        format!("dataset {} ({}) removed", o.id, o.name),
                    ),
                )
                .at(&o.origin)
                .because(
                    "按该数据集报送的数据无法再校验",
                    "exports made for this dataset can no longer be validated",
                ),
            Some(n) => dataset(o, n, log),
        }
    }
    for n in &new.datasets {
        if old.dataset(&n.id).is_none() {
            log.add(
                ChangeKind::DatasetAdded,
                &n.id,
                None,
                Impact::Compatible,
                Text::new(
                    format!(
                        "新增数据集 {}（{}），{} 个字段",
                        n.id,
                        n.name,
                        n.fields.len()
                    ),
                    format!(
                        "dataset {} ({}) added, {} fields",
                        n.id,
                        n.name,
                        n.fields.len()
                    ),
                ),
            )
            .at(&n.origin)
            .because("新增内容", "an addition");
        }
    }
}

/// The dataset's own attributes, then its fields.
fn dataset(o: &Dataset, n: &Dataset, log: &mut Log) {
    let k = ChangeKind::DatasetChanged;
    for (attr, ov, nv) in [
        ("name", Some(o.name.as_str()), Some(n.name.as_str())),
        ("name_en", o.name_en.as_deref(), n.name_en.as_deref()),
        ("owner", o.owner.as_deref(), n.owner.as_deref()),
    ] {
        if ov != nv {
            log.add(
                k,
                &o.id,
                Some(attr),
                Impact::Cosmetic,
                from_to(attr, ov, nv),
            )
            .at(&n.origin)
            .because(
                "说明性信息，不影响校验",
                "descriptive: validation is unaffected",
            );
        }
    }
    if o.primary_key != n.primary_key {
        let (op, np) = (o.primary_key.join(", "), n.primary_key.join(", "));
        let pending = log
            .add(
                k,
                &o.id,
                Some("primary_key"),
                if n.primary_key.is_empty() {
                    Impact::Compatible
                } else {
                    Impact::Breaking
                },
                from_to(
                    "primary_key",
                    Some(&op).filter(|s| !s.is_empty()).map(|s| s.as_str()),
                    Some(&np).filter(|s| !s.is_empty()).map(|s| s.as_str()),
                ),
            )
            .at(&n.origin);
        if n.primary_key.is_empty() {
            pending.because("取消主键约束", "the primary key constraint was dropped");
        } else {
            pending.because(
                "主键变化，原有数据可能出现重复主键",
                "a new primary key: existing data may have duplicate keys",
            );
        }
    }
    fields(o, n, log);
}

/// Fields removed, changed and added, in the order of the old dataset then the new.
fn fields(o: &Dataset, n: &Dataset, log: &mut Log) {
    let new_fields: HashSet<&str> = n.fields.iter().map(|f| f.element.as_str()).collect();
    for of in &o.fields {
        let target = format!("{}/{}", o.id, of.element);
        match n.fields.iter().find(|f| f.element == of.element) {
            None => log
                .add(
                    ChangeKind::FieldRemoved,
                    &target,
                    None,
                    Impact::Breaking,
                    Text::new(
                        format!("数据集删除字段 {}", of.element),
                        format!("field {} removed from the dataset", of.element),
                    ),
                )
                .at(&n.origin)
                .because(
                    "依赖该字段的使用方失去数据",
                    "consumers that rely on the field lose it",
                ),
            Some(nf) => field(&target, of, nf, &n.origin, log),
        }
    }
    let old_fields: HashSet<&str> = o.fields.iter().map(|f| f.element.as_str()).collect();
    for nf in &n.fields {
        if old_fields.contains(nf.element.as_str()) || !new_fields.contains(nf.element.as_str()) {
            continue;
        }
        let target = format!("{}/{}", n.id, nf.element);
        let detail = Text::new(
            format!(
                "数据集新增{}字段 {}",
                if nf.required { "必填" } else { "可选" },
                nf.element
            ),
            format!(
                "{} field {} added to the dataset",
                if nf.required { "required" } else { "optional" },
                nf.element
            ),
        );
        if nf.required {
            log.add(
                ChangeKind::FieldAdded,
                &target,
                None,
                Impact::Breaking,
                detail,
            )
            .at(&n.origin)
            .because(
                "原有数据文件缺少该必填列",
                "existing exports lack this required column",
            );
        } else {
            log.add(
                ChangeKind::FieldAdded,
                &target,
                None,
                Impact::Compatible,
                detail,
            )
            .at(&n.origin)
            .because(
                "可选字段，原有数据文件仍然有效",
                "an optional field: existing exports stay valid",
            );
        }
    }
}

fn field(target: &str, o: &Field, n: &Field, origin: &Origin, log: &mut Log) {
    for (attr, ov, nv) in [
        ("required", o.required, n.required),
        ("unique", o.unique, n.unique),
    ] {
        if ov == nv {
            continue;
        }
        let detail = from_to(attr, Some(&ov.to_string()), Some(&nv.to_string()));
        if nv {
            log.add(
                ChangeKind::FieldChanged,
                target,
                Some(attr),
                Impact::Breaking,
                detail,
            )
            .at(origin)
            .because(
                "约束收紧，原有数据文件可能不再有效",
                "a tighter constraint: existing exports may fail",
            );
        } else {
            log.add(
                ChangeKind::FieldChanged,
                target,
                Some(attr),
                Impact::Compatible,
                detail,
            )
            .at(origin)
            .because(
                "约束放宽，原有数据文件仍然有效",
                "a looser constraint: existing exports stay valid",
            );
        }
    }
    // A condition on a field that is not unique (or stops or starts being so) restricts
    // nothing; the change of `unique` says it all.
    if o.unique && n.unique {
        unique_among(
            target,
            o.unique_among.as_ref(),
            n.unique_among.as_ref(),
            origin,
            log,
        );
    }
}

/// The records a unique field must not repeat among: more records under the condition may
/// hold duplicates that passed before, fewer only relax it.
fn unique_among(
    target: &str,
    o: Option<&UniqueAmong>,
    n: Option<&UniqueAmong>,
    origin: &Origin,
    log: &mut Log,
) {
    let (impact, zh, en) = match (o, n) {
        (None, None) => return,
        (Some(_), None) => (
            Impact::Breaking,
            "取消唯一性的适用条件，所有记录之间都须唯一，原有数据文件可能出现重复",
            "the condition was dropped: the field must be unique among every record, so existing exports may hold duplicates",
        ),
        (None, Some(_)) => (
            Impact::Compatible,
            "唯一性只在符合条件的记录之间适用，约束放宽，原有数据文件仍然有效",
            "uniqueness now holds only among the records the condition selects: a looser constraint, existing exports stay valid",
        ),
        (Some(a), Some(b)) if a.element != b.element => (
            Impact::Breaking,
            "唯一性的适用条件改看另一个数据元，原来不在条件内的记录可能须唯一",
            "the condition now looks at another element: records outside the old condition may now have to be unique",
        ),
        (Some(a), Some(b)) => {
            let old: HashSet<&str> = a.values.iter().map(String::as_str).collect();
            let new: HashSet<&str> = b.values.iter().map(String::as_str).collect();
            if old == new {
                return;
            }
            if new.is_subset(&old) {
                (
                    Impact::Compatible,
                    "条件值减少，须唯一的记录变少，原有数据文件仍然有效",
                    "values removed from the condition: fewer records must be unique, existing exports stay valid",
                )
            } else {
                (
                    Impact::Breaking,
                    "条件值增加，更多记录须唯一，原有数据文件可能出现重复",
                    "values added to the condition: more records must be unique, so existing exports may hold duplicates",
                )
            }
        }
    };
    let (ov, nv) = (o.map(among_text), n.map(among_text));
    log.add(
        ChangeKind::FieldChanged,
        target,
        Some("unique_among"),
        impact,
        from_to("unique_among", ov.as_deref(), nv.as_deref()),
    )
    .at(origin)
    .because(zh, en);
}

/// `DE01012 ∈ {1, 2}`: the other element and the codes that put a record under the condition.
fn among_text(among: &UniqueAmong) -> String {
    format!("{} ∈ {{{}}}", among.element, among.values.join(", "))
}
