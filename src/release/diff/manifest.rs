//! The release manifest: identity, descriptive fields and the classification scheme.

use super::{from_to, Log};
use crate::dictionary::Manifest;
use crate::release::{ChangeKind, Impact};
use crate::text::Text;

pub(super) fn manifest(old: &Manifest, new: &Manifest, log: &mut Log) {
    let t = "manifest";
    let k = ChangeKind::ManifestChanged;
    if old.id != new.id {
        log.add(
            k,
            t,
            Some("id"),
            Impact::Breaking,
            from_to("id", Some(&old.id), Some(&new.id)),
        )
        .because(
            "目录标识变更，引用旧标识的映射文件不再匹配",
            "the dictionary's id changed: mapping files that name the old id no longer match",
        );
    }
    if old.format_version != new.format_version {
        let (o, n) = (
            old.format_version.to_string(),
            new.format_version.to_string(),
        );
        log.add(
            k,
            t,
            Some("format_version"),
            Impact::Breaking,
            from_to("format_version", Some(&o), Some(&n)),
        )
        .because("文件格式版本变更", "the file format version changed");
    }
    for (attr, o, n) in [
        ("name", Some(old.name.as_str()), Some(new.name.as_str())),
        ("name_en", old.name_en.as_deref(), new.name_en.as_deref()),
        (
            "authority",
            old.authority.as_deref(),
            new.authority.as_deref(),
        ),
        ("license", old.license.as_deref(), new.license.as_deref()),
    ] {
        if o != n {
            log.add(k, t, Some(attr), Impact::Cosmetic, from_to(attr, o, n))
                .because(
                    "说明性信息，不影响校验",
                    "descriptive: validation is unaffected",
                );
        }
    }
    for o in &old.classification {
        let target = format!("classification/{}", o.level);
        match new.classification.iter().find(|n| n.level == o.level) {
            None => log
                .add(
                    k,
                    &target,
                    None,
                    Impact::Breaking,
                    Text::new(
                        format!("删除分级 {}（{}）", o.level, o.name),
                        format!("classification level {} ({}) removed", o.level, o.name),
                    ),
                )
                .because(
                    "使用该分级的数据元失去分级",
                    "elements at this level lose their classification",
                ),
            Some(n) => {
                if o.name != n.name {
                    log.add(
                        k,
                        &target,
                        Some("name"),
                        Impact::Cosmetic,
                        from_to("name", Some(&o.name), Some(&n.name)),
                    )
                    .because("仅名称变化", "a name only");
                }
                for (attr, ov, nv) in [("mask", o.mask, n.mask), ("open", o.open, n.open)] {
                    if ov != nv {
                        let (ov, nv) = (ov.to_string(), nv.to_string());
                        log.add(
                            k,
                            &target,
                            Some(attr),
                            Impact::Compatible,
                            from_to(attr, Some(&ov), Some(&nv)),
                        )
                        .because(
                            "改变数值的脱敏或开放方式，数据文件仍然有效",
                            "changes how values are masked or opened; exports stay valid",
                        );
                    }
                }
            }
        }
    }
    for n in &new.classification {
        if !old.classification.iter().any(|o| o.level == n.level) {
            let target = format!("classification/{}", n.level);
            log.add(
                k,
                &target,
                None,
                Impact::Compatible,
                Text::new(
                    format!("新增分级 {}（{}）", n.level, n.name),
                    format!("classification level {} ({}) added", n.level, n.name),
                ),
            )
            .because("新增内容", "an addition");
        }
    }
}
