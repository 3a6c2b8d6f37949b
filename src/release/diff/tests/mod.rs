//! Unit tests of the diff: one per change kind and impact, on dictionaries built in code.

use crate::dictionary::Dictionary;
use crate::release::test_support::*;
use crate::release::{diff, Bump, Change, ChangeKind, Changelog, Impact};

mod elements;
mod lists;

/// Diffs `base("1.0.0")` against a copy changed by `edit`.
pub(super) fn after(edit: impl FnOnce(&mut Dictionary)) -> Changelog {
    let old = base("1.0.0");
    let mut new = base("1.1.0");
    edit(&mut new);
    diff(&old, &rebuild(new, "1.1.0"))
}

/// The only change of a changelog.
pub(super) fn only(log: &Changelog) -> &Change {
    assert_eq!(log.changes.len(), 1, "{:#?}", log.changes);
    &log.changes[0]
}

pub(super) fn assert_one(log: &Changelog, kind: ChangeKind, target: &str, impact: Impact) {
    let c = only(log);
    assert_eq!(
        (c.kind, c.target.as_str(), c.impact),
        (kind, target, impact),
        "{c:#?}"
    );
    assert!(!c.reason.en.is_empty() && !c.reason.zh.is_empty(), "{c:#?}");
}

pub(super) fn element_change(edit: impl FnOnce(&mut crate::dictionary::Element)) -> Changelog {
    after(|d| edit(&mut d.elements[0]))
}

pub(super) fn edited(edit: impl FnOnce(&mut Dictionary)) -> Dictionary {
    let mut d = base("1.0.0");
    edit(&mut d);
    rebuild(d, "1.0.0")
}

#[test]
fn identical_dictionaries_need_no_bump() {
    let d = base("1.0.0");
    let log = diff(&d, &d);
    assert!(log.is_empty());
    assert_eq!(log.required_bump(), Bump::None);
    assert_eq!((log.from.as_str(), log.to.as_str()), ("1.0.0", "1.0.0"));
}

#[test]
fn the_spec_mix_needs_a_major_bump() {
    let log = after(|d| {
        d.codelists[0].values.retain(|v| v.code != "9");
        d.elements.push(element("DE00010", "电子邮箱"));
        d.elements[0].definition = Some("改写后的定义".into());
    });
    let impacts: Vec<_> = log.changes.iter().map(|c| (c.kind, c.impact)).collect();
    assert_eq!(
        impacts,
        [
            (ChangeKind::CodeRemoved, Impact::Breaking),
            (ChangeKind::ElementChanged, Impact::Cosmetic),
            (ChangeKind::ElementAdded, Impact::Compatible),
        ]
    );
    assert_eq!(log.required_bump(), Bump::Major);
}

#[test]
fn bump_follows_the_strongest_impact() {
    let added = after(|d| d.elements.push(element("DE00010", "电子邮箱")));
    assert_eq!(added.required_bump(), Bump::Minor);
    let reworded = element_change(|e| e.definition = Some("改写后的定义".into()));
    assert_eq!(reworded.required_bump(), Bump::Patch);
    let removed = after(|d| d.codelists[0].values.retain(|v| v.code != "0"));
    assert_eq!(removed.required_bump(), Bump::Major);
}
