//! Code lists and their values.

use super::{from_to, Log};
use crate::dictionary::{CodeList, CodeValue, Dictionary, Origin};
use crate::release::{ChangeKind, Impact};
use crate::text::Text;

pub(super) fn codelists(old: &Dictionary, new: &Dictionary, log: &mut Log) {
    for o in &old.codelists {
        match new.codelist(&o.id) {
            None => log
                .add(
                    ChangeKind::CodelistRemoved,
                    &o.id,
                    None,
                    Impact::Breaking,
                    Text::new(
                        format!("删除代码表 {}（{}）", o.id, o.name),
                        format!("code list {} ({}) removed", o.id, o.name),
                    ),
                )
                .at(&o.origin)
                .because(
                    "引用该代码表的内容失去值域",
                    "whatever used this code list loses its value domain",
                ),
            Some(n) => codelist(o, n, log),
        }
    }
    for n in &new.codelists {
        if old.codelist(&n.id).is_none() {
            log.add(
                ChangeKind::CodelistAdded,
                &n.id,
                None,
                Impact::Compatible,
                Text::new(
                    format!(
                        "新增代码表 {}（{}），{} 个代码",
                        n.id,
                        n.name,
                        n.values.len()
                    ),
                    format!(
                        "code list {} ({}) added, {} codes",
                        n.id,
                        n.name,
                        n.values.len()
                    ),
                ),
            )
            .at(&n.origin)
            .because("新增内容", "an addition");
        }
    }
}

fn codelist(o: &CodeList, n: &CodeList, log: &mut Log) {
    for (attr, ov, nv) in [
        ("name", Some(o.name.as_str()), Some(n.name.as_str())),
        ("name_en", o.name_en.as_deref(), n.name_en.as_deref()),
    ] {
        if ov != nv {
            log.add(
                ChangeKind::CodelistChanged,
                &o.id,
                Some(attr),
                Impact::Cosmetic,
                from_to(attr, ov, nv),
            )
            .at(&n.origin)
            .because("仅名称变化", "a name only");
        }
    }
    for ov in &o.values {
        let target = format!("{}:{}", o.id, ov.code);
        match n.get(&ov.code) {
            None => log
                .add(
                    ChangeKind::CodeRemoved,
                    &target,
                    None,
                    Impact::Breaking,
                    Text::new(
                        format!("删除代码 {}（{}）", ov.code, ov.name),
                        format!("code {} ({}) removed", ov.code, ov.name),
                    ),
                )
                .at(&o.origin)
                .because(
                    "使用该代码的数据不再有效",
                    "data that uses this code is no longer valid",
                ),
            Some(nv) => code_value(&target, ov, nv, &n.origin, log),
        }
    }
    for nv in &n.values {
        if !o.contains(&nv.code) {
            let target = format!("{}:{}", n.id, nv.code);
            log.add(
                ChangeKind::CodeAdded,
                &target,
                None,
                Impact::Compatible,
                Text::new(
                    format!("新增代码 {}（{}）", nv.code, nv.name),
                    format!("code {} ({}) added", nv.code, nv.name),
                ),
            )
            .at(&n.origin)
            .because(
                "新增代码，原有数据仍然有效",
                "a new code: existing data stays valid",
            );
        }
    }
}

fn code_value(target: &str, o: &CodeValue, n: &CodeValue, origin: &Origin, log: &mut Log) {
    if o.name != n.name {
        log.add(
            ChangeKind::CodeRenamed,
            target,
            Some("name"),
            Impact::Cosmetic,
            from_to("name", Some(&o.name), Some(&n.name)),
        )
        .at(origin)
        .because(
            "代码值不变，仅名称变化",
            "the code stays the same; only its name changed",
        );
    }
    if o.name_en != n.name_en {
        log.add(
            ChangeKind::CodeChanged,
            target,
            Some("name_en"),
            Impact::Cosmetic,
            from_to("name_en", o.name_en.as_deref(), n.name_en.as_deref()),
        )
        .at(origin)
        .because("仅英文名称变化", "the English name only");
    }
    let removed: Vec<&str> = o
        .aliases
        .iter()
        .filter(|a| !n.aliases.contains(a))
        .map(String::as_str)
        .collect();
    let added: Vec<&str> = n
        .aliases
        .iter()
        .filter(|a| !o.aliases.contains(a))
        .map(String::as_str)
        .collect();
    if !removed.is_empty() {
        let list = removed.join(", ");
        log.add(
            ChangeKind::CodeChanged,
            target,
            Some("aliases"),
            Impact::Breaking,
            Text::new(
                format!("删除别名：{list}"),
                format!("aliases removed: {list}"),
            ),
        )
        .at(origin)
        .because(
            "使用这些别名的数据不再能被转换为标准代码",
            "data that uses these aliases is no longer recoded to the standard code",
        );
    }
    if !added.is_empty() {
        let list = added.join(", ");
        log.add(
            ChangeKind::CodeChanged,
            target,
            Some("aliases"),
            Impact::Compatible,
            Text::new(
                format!("新增别名：{list}"),
                format!("aliases added: {list}"),
            ),
        )
        .at(origin)
        .because("更多写法可以被识别", "more spellings are recognised");
    }
}
