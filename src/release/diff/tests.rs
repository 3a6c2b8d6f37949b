use crate::dictionary::{CodeValue, DataType, Dictionary, Status};
use crate::release::test_support::*;
use crate::release::{diff, Bump, Change, ChangeKind, Changelog, Impact};
use crate::rules::Rule;

/// Diffs `base("1.0.0")` against a copy changed by `edit`.
fn after(edit: impl FnOnce(&mut Dictionary)) -> Changelog {
    let old = base("1.0.0");
    let mut new = base("1.1.0");
    edit(&mut new);
    diff(&old, &rebuild(new, "1.1.0"))
}

/// The only change of a changelog.
fn only(log: &Changelog) -> &Change {
    assert_eq!(log.changes.len(), 1, "{:#?}", log.changes);
    &log.changes[0]
}

fn assert_one(log: &Changelog, kind: ChangeKind, target: &str, impact: Impact) {
    let c = only(log);
    assert_eq!(
        (c.kind, c.target.as_str(), c.impact),
        (kind, target, impact),
        "{c:#?}"
    );
    assert!(!c.reason.en.is_empty() && !c.reason.zh.is_empty(), "{c:#?}");
}

fn element_change(edit: impl FnOnce(&mut crate::dictionary::Element)) -> Changelog {
    after(|d| edit(&mut d.elements[0]))
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

#[test]
fn elements_added_and_removed() {
    let log = after(|d| d.elements.push(element("DE00010", "电子邮箱")));
    assert_one(
        &log,
        ChangeKind::ElementAdded,
        "DE00010",
        Impact::Compatible,
    );
    assert!(only(&log).detail.en.contains("电子邮箱"));

    let log = after(|d| {
        d.elements.retain(|e| e.id != "DE00003");
        d.datasets[0].fields.retain(|f| f.element != "DE00003");
    });
    let kinds: Vec<_> = log
        .changes
        .iter()
        .map(|c| (c.kind, c.target.as_str(), c.impact))
        .collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::ElementRemoved, "DE00003", Impact::Breaking),
            (ChangeKind::FieldRemoved, "people/DE00003", Impact::Breaking),
        ]
    );
    // The origin of a removed element is where the old release defined it.
    assert_eq!(log.changes[0].origin.as_ref().map(|o| o.line), Some(10));
}

#[test]
fn retired_and_superseded_marks_are_compatible() {
    let log = element_change(|e| e.status = Status::Retired);
    assert_one(
        &log,
        ChangeKind::ElementRetired,
        "DE00001",
        Impact::Compatible,
    );
    let log = element_change(|e| {
        e.status = Status::Superseded;
        e.superseded_by = Some("DE00099".into());
    });
    assert_one(
        &log,
        ChangeKind::ElementSuperseded,
        "DE00001",
        Impact::Compatible,
    );
    assert!(only(&log).detail.en.contains("superseded by DE00099"));
    let log = element_change(|e| e.status = Status::Preferred);
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("status"));
}

#[test]
fn formats_narrowed_widened_and_changed() {
    let log = element_change(|e| e.format = Some(fmt("c..20")));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    assert_eq!(only(&log).detail.en, "format: c..50 → c..20");
    let log = element_change(|e| e.format = Some(fmt("c..100")));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    let log = element_change(|e| e.format = Some(fmt("an..50")));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    let log = element_change(|e| e.format = None);
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    let log = after(|d| d.elements[1].format = None);
    let back = diff(
        &rebuild(edited(|d| d.elements[1].format = None), "1.0.0"),
        &base("1.1.0"),
    );
    assert_eq!(
        only(&back).impact,
        Impact::Breaking,
        "adding a format narrows"
    );
    assert_eq!(only(&log).impact, Impact::Compatible);
}

fn edited(edit: impl FnOnce(&mut Dictionary)) -> Dictionary {
    let mut d = base("1.0.0");
    edit(&mut d);
    rebuild(d, "1.0.0")
}

#[test]
fn fewer_decimals_are_breaking() {
    let old = edited(|d| d.elements[0].format = Some(fmt("n..12,2")));
    let new = edited(|d| d.elements[0].format = Some(fmt("n..12,1")));
    assert_eq!(only(&diff(&old, &new)).impact, Impact::Breaking);
    assert_eq!(only(&diff(&new, &old)).impact, Impact::Compatible);
}

#[test]
fn type_rule_and_pattern() {
    let log = element_change(|e| e.data_type = DataType::Integer);
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("type"));

    let log = element_change(|e| e.rule = Some(Rule::Gb11643));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    let with_rule = edited(|d| d.elements[0].rule = Some(Rule::Gb11643));
    assert_eq!(
        only(&diff(&with_rule, &base("1.1.0"))).impact,
        Impact::Compatible
    );

    let pattern = |p: &str| regex::Regex::new(p).unwrap();
    let log = element_change(|e| e.pattern = Some(pattern("^[0-9]+$")));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    let old = edited(|d| d.elements[0].pattern = Some(pattern("^[0-9]+$")));
    let tighter = edited(|d| d.elements[0].pattern = Some(pattern("^[0-9]{6}$")));
    assert_eq!(only(&diff(&old, &tighter)).impact, Impact::Breaking);
    assert_eq!(only(&diff(&old, &base("1.0.0"))).impact, Impact::Compatible);
}

#[test]
fn bounds_narrowed_and_widened() {
    let ranged = |min: Option<&str>, max: Option<&str>| {
        edited(|d| {
            d.elements[0].data_type = DataType::Integer;
            d.elements[0].min = min.map(Into::into);
            d.elements[0].max = max.map(Into::into);
        })
    };
    let old = ranged(Some("0"), Some("100"));
    let impact = |new: &Dictionary| only(&diff(&old, new)).impact;
    assert_eq!(impact(&ranged(Some("10"), Some("100"))), Impact::Breaking);
    assert_eq!(impact(&ranged(Some("-5"), Some("100"))), Impact::Compatible);
    assert_eq!(impact(&ranged(Some("0"), Some("99.5"))), Impact::Breaking);
    assert_eq!(impact(&ranged(Some("0"), Some("1000"))), Impact::Compatible);
    assert_eq!(impact(&ranged(None, Some("100"))), Impact::Compatible);
    assert_eq!(
        impact(&ranged(Some("0.0"), Some("100"))),
        Impact::Compatible
    );
    assert_eq!(
        only(&diff(&ranged(None, None), &ranged(Some("1"), None))).impact,
        Impact::Breaking
    );
    // Dates compare as text of one shape; different shapes cannot be compared.
    let dates = |min: &str| edited(|d| d.elements[0].min = Some(min.into()));
    assert_eq!(
        only(&diff(&dates("2020-01-01"), &dates("2019-12-31"))).impact,
        Impact::Compatible
    );
    assert_eq!(
        only(&diff(&dates("2020-01-01"), &dates("2020-06-01"))).impact,
        Impact::Breaking
    );
    assert_eq!(
        only(&diff(&dates("2020-01-01"), &dates("20190101"))).impact,
        Impact::Breaking
    );
}

#[test]
fn names_synonyms_and_identifiers() {
    let log = element_change(|e| e.name = "居民身份号码".into());
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    let log = element_change(|e| {
        e.name = "居民身份号码".into();
        e.synonyms.push("公民身份号码".into());
    });
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );

    let log = element_change(|e| e.synonyms.push("身份证号".into()));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    assert_eq!(only(&log).detail.en, "synonyms added: 身份证号");
    let old = edited(|d| d.elements[0].synonyms = vec!["身份证号".into(), "sfzh".into()]);
    let new = edited(|d| d.elements[0].synonyms = vec!["身份证号".into()]);
    let log = diff(&old, &new);
    assert_eq!(only(&log).impact, Impact::Breaking);
    assert_eq!(only(&log).detail.en, "synonyms removed: sfzh");

    let log = element_change(|e| e.identifier = Some("GMSFHM".into()));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    let old = edited(|d| d.elements[0].identifier = Some("GMSFHM".into()));
    let new = edited(|d| d.elements[0].identifier = Some("SFZH".into()));
    assert_eq!(only(&diff(&old, &new)).impact, Impact::Breaking);
}

#[test]
fn descriptive_attributes_are_cosmetic() {
    for edit in [
        (|e: &mut crate::dictionary::Element| e.name_en = Some("citizen id".into())) as fn(&mut _),
        |e| e.definition = None,
        |e| e.object_class = Some("公民".into()),
        |e| e.property = Some("身份".into()),
        |e| e.representation = Some("号码".into()),
        |e| e.submitter = Some("市公安局".into()),
        |e| e.unit = Some("元".into()),
    ] {
        let log = element_change(edit);
        assert_one(
            &log,
            ChangeKind::ElementChanged,
            "DE00001",
            Impact::Cosmetic,
        );
    }
    let old = edited(|d| d.elements[0].unit = Some("万元".into()));
    let new = edited(|d| d.elements[0].unit = Some("元".into()));
    assert_eq!(
        only(&diff(&old, &new)).impact,
        Impact::Breaking,
        "a new unit changes meaning"
    );
}

#[test]
fn classification_and_personal_are_compatible() {
    let log = element_change(|e| e.classification = Some("L1".into()));
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    let log = element_change(|e| e.personal = crate::dictionary::Personal::Sensitive);
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
}

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
