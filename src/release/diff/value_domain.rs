//! The value domain of an element: code lists put on, taken off or replaced, and bounds.

use std::cmp::Ordering;

use super::{from_to, Log};
use crate::dictionary::{Dictionary, Element};
use crate::release::{ChangeKind, Impact};

/// A code list replaced for an element is compatible only when the new list still has
/// every code of the old one.
pub(super) fn codelist_of_element(
    o: &Element,
    n: &Element,
    old: &Dictionary,
    new: &Dictionary,
    log: &mut Log,
) {
    if o.codelist == n.codelist {
        return;
    }
    let detail = from_to("codelist", o.codelist.as_deref(), n.codelist.as_deref());
    let Some(new_id) = n.codelist.as_deref() else {
        log.add(
            ChangeKind::ElementChanged,
            &o.id,
            Some("codelist"),
            Impact::Compatible,
            detail,
        )
        .at(&n.origin)
        .because("取消代码表约束", "the code list constraint was dropped");
        return;
    };
    let Some(old_id) = o.codelist.as_deref() else {
        log.add(
            ChangeKind::ElementChanged,
            &o.id,
            Some("codelist"),
            Impact::Breaking,
            detail,
        )
        .at(&n.origin)
        .because(
            "新增代码表约束，原有数值可能不再有效",
            "a code list constraint was added: existing values may no longer be valid",
        );
        return;
    };
    let covers = match (old.codelist(old_id), new.codelist(new_id)) {
        (Some(a), Some(b)) => a.values.iter().all(|v| b.contains(&v.code)),
        _ => false,
    };
    let pending = log.add(
        ChangeKind::CodelistReplaced,
        &o.id,
        Some("codelist"),
        if covers {
            Impact::Compatible
        } else {
            Impact::Breaking
        },
        detail,
    );
    let pending = pending.at(&n.origin);
    if covers {
        pending.because(
            "新代码表包含旧代码表的全部代码",
            "the new code list has every code of the old one",
        );
    } else {
        pending.because(
            "旧代码表的部分代码不在新代码表中",
            "some codes of the old code list are not in the new one",
        );
    }
}

/// Orders two bounds: as numbers when both are numbers, else as strings of one shape
/// (dates in the element's format, `20240101` or `2024-01-01`, sort as text).
pub(super) fn compare_bound(a: &str, b: &str) -> Option<Ordering> {
    let (a, b) = (a.trim(), b.trim());
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        if x.is_finite() && y.is_finite() {
            return x.partial_cmp(&y);
        }
    }
    let shape = |s: &str| s.chars().map(|c| c.is_ascii_digit()).collect::<Vec<_>>();
    (a.chars().count() == b.chars().count()
        && shape(a) == shape(b)
        && a.chars().any(|c| c.is_ascii_digit()))
    .then(|| a.cmp(b))
}
