//! Datasets and their fields.

use std::collections::HashSet;

use super::{from_to, Log};
use crate::dictionary::{Dataset, Dictionary, Field, Origin};
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
}
