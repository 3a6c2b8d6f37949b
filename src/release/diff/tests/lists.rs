//! Code lists, datasets and the manifest.

use super::{after, assert_one, edited, element_change, only};
use crate::dictionary::{CodeValue, Dictionary, UniqueAmong};
use crate::release::test_support::*;
use crate::release::{diff, ChangeKind, Impact};

#[test]
fn codes_added_removed_renamed_and_aliases() {
    let log = after(|d| {
        d.codelists[0] = codelist(
            "GB/T 2261.1-2003",
            &[
                ("0", "未知的性别"),
                ("1", "男"),
                ("2", "女性"),
                ("9", "未说明的性别"),
                ("5", "其他"),
            ],
        );
    });
    let got: Vec<_> = log
        .changes
        .iter()
        .map(|c| (c.kind, c.target.as_str(), c.impact))
        .collect();
    assert_eq!(
        got,
        [
            (
                ChangeKind::CodeRenamed,
                "GB/T 2261.1-2003:1",
                Impact::Cosmetic
            ),
            (
                ChangeKind::CodeAdded,
                "GB/T 2261.1-2003:5",
                Impact::Compatible
            ),
        ]
    );
    let log = after(|d| d.codelists[0].values.retain(|v| v.code != "9"));
    assert_one(
        &log,
        ChangeKind::CodeRemoved,
        "GB/T 2261.1-2003:9",
        Impact::Breaking,
    );

    let with_aliases = |aliases: &[&str]| {
        edited(|d| {
            let mut values = d.codelists[0].values.clone();
            values[1] = CodeValue {
                aliases: aliases.iter().map(|a| (*a).into()).collect(),
                ..values[1].clone()
            };
            d.codelists[0] = crate::dictionary::CodeList::new(
                d.codelists[0].id.clone(),
                d.codelists[0].name.clone(),
                None,
                values,
                d.codelists[0].origin.clone(),
            );
        })
    };
    let log = diff(&with_aliases(&["男"]), &with_aliases(&["男", "M"]));
    assert_one(
        &log,
        ChangeKind::CodeChanged,
        "GB/T 2261.1-2003:1",
        Impact::Compatible,
    );
    let log = diff(&with_aliases(&["男", "M"]), &with_aliases(&["男"]));
    assert_one(
        &log,
        ChangeKind::CodeChanged,
        "GB/T 2261.1-2003:1",
        Impact::Breaking,
    );
}

#[test]
fn codelists_added_removed_renamed_and_replaced() {
    let log = after(|d| {
        d.codelists
            .push(codelist("GB/T 4761-2008", &[("10", "本人")]))
    });
    assert_one(
        &log,
        ChangeKind::CodelistAdded,
        "GB/T 4761-2008",
        Impact::Compatible,
    );

    let log = after(|d| d.codelists[0].name = "性别代码".into());
    assert_one(
        &log,
        ChangeKind::CodelistChanged,
        "GB/T 2261.1-2003",
        Impact::Cosmetic,
    );

    // Replaced by a list that lacks code 9: breaking; the old list also goes.
    let log = after(|d| {
        d.codelists = vec![codelist(
            "GB/T 2261.2",
            &[("0", "未知"), ("1", "男"), ("2", "女")],
        )];
        d.elements[1].codelist = Some("GB/T 2261.2".into());
    });
    let got: Vec<_> = log
        .changes
        .iter()
        .map(|c| (c.kind, c.target.as_str(), c.impact))
        .collect();
    assert_eq!(
        got,
        [
            (
                ChangeKind::CodelistRemoved,
                "GB/T 2261.1-2003",
                Impact::Breaking
            ),
            (ChangeKind::CodelistAdded, "GB/T 2261.2", Impact::Compatible),
            (ChangeKind::CodelistReplaced, "DE00003", Impact::Breaking),
        ]
    );
    // Replaced by a superset, the old list kept: compatible.
    let log = after(|d| {
        let mut values = d.codelists[0].values.clone();
        values.push(CodeValue {
            code: "5".into(),
            name: "其他".into(),
            name_en: None,
            aliases: vec![],
        });
        d.codelists.push(crate::dictionary::CodeList::new(
            "X".into(),
            "X".into(),
            None,
            values,
            origin("x.yaml", 1),
        ));
        d.elements[1].codelist = Some("X".into());
    });
    let replaced = log
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::CodelistReplaced)
        .unwrap();
    assert_eq!(replaced.impact, Impact::Compatible);
    // A code list put on an element that had none narrows it.
    let log = element_change(|e| e.codelist = Some("GB/T 2261.1-2003".into()));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
}

#[test]
fn datasets_and_fields() {
    let log = after(|d| {
        d.datasets
            .push(dataset("tax", vec![field("DE00001", true, false)]))
    });
    assert_one(&log, ChangeKind::DatasetAdded, "tax", Impact::Compatible);
    let log = after(|d| d.datasets.clear());
    assert_one(&log, ChangeKind::DatasetRemoved, "people", Impact::Breaking);
    let log = after(|d| d.datasets[0].owner = Some("市公安局".into()));
    assert_one(&log, ChangeKind::DatasetChanged, "people", Impact::Cosmetic);
    let log = after(|d| d.datasets[0].primary_key = vec!["DE00001".into()]);
    assert_one(&log, ChangeKind::DatasetChanged, "people", Impact::Breaking);
    assert_eq!(only(&log).attribute.as_deref(), Some("primary_key"));

    let log = after(|d| d.elements.push(element("DE00010", "电子邮箱")));
    assert_eq!(log.changes.len(), 1);
    let with_field = |required: bool| {
        after(|d| {
            d.elements.push(element("DE00010", "电子邮箱"));
            d.datasets[0].fields.push(field("DE00010", required, false));
        })
    };
    let log = with_field(false);
    let f = log
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::FieldAdded)
        .unwrap();
    assert_eq!(
        (f.target.as_str(), f.impact),
        ("people/DE00010", Impact::Compatible)
    );
    let log = with_field(true);
    let f = log
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::FieldAdded)
        .unwrap();
    assert_eq!(f.impact, Impact::Breaking);

    let log = after(|d| d.datasets[0].fields[1].required = true);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00003",
        Impact::Breaking,
    );
    let log = after(|d| d.datasets[0].fields[1].unique = true);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00003",
        Impact::Breaking,
    );
    let log = after(|d| d.datasets[0].fields[0].required = false);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Compatible,
    );
}

/// The base with `people/DE00001` (a unique field) unique only among the records whose
/// `element` holds one of `values`; DE00010 is there as another field to name.
fn unique_among(element: &str, values: &[&str]) -> Dictionary {
    edited(|d| {
        d.elements.push(element_with_field());
        d.datasets[0].fields.push(field("DE00010", false, false));
        d.datasets[0].fields[0].unique_among = Some(UniqueAmong {
            element: element.into(),
            values: values.iter().map(|v| (*v).into()).collect(),
        });
    })
}

fn unique_anywhere() -> Dictionary {
    edited(|d| {
        d.elements.push(element_with_field());
        d.datasets[0].fields.push(field("DE00010", false, false));
    })
}

fn element_with_field() -> crate::dictionary::Element {
    element("DE00010", "登记状态")
}

#[test]
fn unique_among_dropped_widens_and_added_narrows() {
    let among = unique_among("DE00003", &["1", "2"]);
    let log = diff(&among, &unique_anywhere());
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Breaking,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("unique_among"));
    assert_eq!(only(&log).detail.en, "unique among: DE00003 ∈ {1, 2} → —");
    assert_eq!(only(&log).detail.zh, "唯一性适用条件：DE00003 ∈ {1, 2} → —");

    let log = diff(&unique_anywhere(), &among);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Compatible,
    );
    assert_eq!(only(&log).detail.en, "unique among: — → DE00003 ∈ {1, 2}");
}

#[test]
fn unique_among_values_added_are_breaking_and_removed_compatible() {
    let one = unique_among("DE00003", &["1"]);
    let two = unique_among("DE00003", &["1", "2"]);
    let log = diff(&one, &two);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Breaking,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("unique_among"));
    let log = diff(&two, &one);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Compatible,
    );
    // One value swapped for another lets in records that were outside.
    let other = unique_among("DE00003", &["1", "9"]);
    assert_eq!(only(&diff(&two, &other)).impact, Impact::Breaking);
    // The same codes in another order select the same records.
    let reordered = unique_among("DE00003", &["2", "1"]);
    assert!(diff(&two, &reordered).is_empty());
}

#[test]
fn unique_among_on_another_element_is_breaking_either_way() {
    let sex = unique_among("DE00003", &["1"]);
    let status = unique_among("DE00010", &["1"]);
    for (old, new) in [(&sex, &status), (&status, &sex)] {
        let log = diff(old, new);
        assert_one(
            &log,
            ChangeKind::FieldChanged,
            "people/DE00001",
            Impact::Breaking,
        );
        assert_eq!(only(&log).attribute.as_deref(), Some("unique_among"));
    }
}

#[test]
fn unique_among_follows_unique_when_uniqueness_itself_changes() {
    let among = unique_among("DE00003", &["1"]);
    let not_unique = edited(|d| {
        d.elements.push(element_with_field());
        d.datasets[0].fields.push(field("DE00010", false, false));
        d.datasets[0].fields[0].unique = false;
    });
    let log = diff(&among, &not_unique);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Compatible,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("unique"));
    let log = diff(&not_unique, &among);
    assert_one(
        &log,
        ChangeKind::FieldChanged,
        "people/DE00001",
        Impact::Breaking,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("unique"));
}

#[test]
fn manifest_changes() {
    let log = after(|d| d.manifest.name = "新名称".into());
    assert_one(
        &log,
        ChangeKind::ManifestChanged,
        "manifest",
        Impact::Cosmetic,
    );
    let log = after(|d| d.manifest.id = "cn.example.other".into());
    assert_one(
        &log,
        ChangeKind::ManifestChanged,
        "manifest",
        Impact::Breaking,
    );
    let log = after(|d| d.manifest.classification[0].mask = true);
    assert_one(
        &log,
        ChangeKind::ManifestChanged,
        "classification/L1",
        Impact::Compatible,
    );
    let log = after(|d| d.manifest.classification.clear());
    assert_one(
        &log,
        ChangeKind::ManifestChanged,
        "classification/L1",
        Impact::Breaking,
    );
    // The version and release date are the release itself, not changes.
    let log = after(|d| d.manifest.released = Some("2026-12-01".into()));
    assert!(log.is_empty(), "{:?}", log.changes);
}
