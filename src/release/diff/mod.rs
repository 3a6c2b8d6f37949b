//! `release::diff`: compares two dictionaries attribute by attribute.
//!
//! Changes come in a stable order: manifest, code lists, elements, datasets; within each,
//! the order of the old release, then additions in the order of the new one.

mod codelists;
mod datasets;
mod elements;
mod manifest;
mod status;
#[cfg(test)]
mod tests;
mod value_domain;

use super::{Change, ChangeKind, Changelog, Impact};
use crate::dictionary::{Dictionary, Origin};
use crate::text::Text;

/// Everything that changed from `old` to `new`.
pub fn diff(old: &Dictionary, new: &Dictionary) -> Changelog {
    let mut log = Log::default();
    manifest::manifest(&old.manifest, &new.manifest, &mut log);
    codelists::codelists(old, new, &mut log);
    elements::elements(old, new, &mut log);
    datasets::datasets(old, new, &mut log);
    Changelog {
        from: old.manifest.version.clone(),
        to: new.manifest.version.clone(),
        changes: log.changes,
    }
}

#[derive(Default)]
pub(super) struct Log {
    changes: Vec<Change>,
}

/// A change being built: `Log::add(...).because(...)`.
pub(super) struct Pending<'a> {
    log: &'a mut Log,
    change: Change,
}

impl Log {
    pub(super) fn add(
        &mut self,
        kind: ChangeKind,
        target: &str,
        attribute: Option<&str>,
        impact: Impact,
        detail: Text,
    ) -> Pending<'_> {
        Pending {
            log: self,
            change: Change {
                kind,
                target: target.to_owned(),
                attribute: attribute.map(str::to_owned),
                impact,
                detail,
                reason: Text::new("", ""),
                origin: None,
            },
        }
    }
}

impl Pending<'_> {
    pub(super) fn at(mut self, origin: &Origin) -> Self {
        self.change.origin = Some(origin.clone());
        self
    }

    pub(super) fn because(mut self, zh: &str, en: &str) {
        self.change.reason = Text::new(zh, en);
        self.log.changes.push(self.change);
    }
}

pub(super) fn show(value: Option<&str>) -> &str {
    value.unwrap_or("—")
}

/// `attribute: old → new`, the same in both languages except the attribute label.
pub(super) fn from_to(attr: &str, old: Option<&str>, new: Option<&str>) -> Text {
    let (zh, en) = label(attr);
    Text::new(
        format!("{zh}：{} → {}", show(old), show(new)),
        format!("{en}: {} → {}", show(old), show(new)),
    )
}

fn label(attr: &str) -> (&'static str, &'static str) {
    match attr {
        "identifier" => ("标识符", "identifier"),
        "name" => ("中文名称", "name"),
        "name_en" => ("英文名称", "English name"),
        "definition" => ("定义", "definition"),
        "object_class" => ("对象类词", "object class"),
        "property" => ("特性词", "property"),
        "representation" => ("表示词", "representation"),
        "type" => ("数据类型", "type"),
        "format" => ("表示格式", "format"),
        "rule" => ("校验规则", "rule"),
        "rule_severity" => ("校验规则问题级别", "rule severity"),
        "codelist" => ("代码表", "code list"),
        "pattern" => ("模式", "pattern"),
        "min" => ("最小值", "min"),
        "max" => ("最大值", "max"),
        "unit" => ("计量单位", "unit"),
        "classification" => ("分级", "classification"),
        "personal" => ("个人信息类别", "personal information"),
        "status" => ("状态", "status"),
        "superseded_by" => ("替代数据元", "superseded by"),
        "submitter" => ("提交机构", "submitter"),
        "since" => ("引入版本", "since"),
        "owner" => ("责任部门", "owner"),
        "primary_key" => ("主键", "primary key"),
        "required" => ("必填", "required"),
        "unique" => ("唯一", "unique"),
        "unique_among" => ("唯一性适用条件", "unique among"),
        "aliases" => ("别名", "aliases"),
        "id" => ("标识", "id"),
        "format_version" => ("文件格式版本", "file format version"),
        "authority" => ("注册机构", "authority"),
        "license" => ("许可", "license"),
        "mask" => ("脱敏", "mask"),
        "open" => ("开放", "open"),
        _ => ("属性", "attribute"),
    }
}
