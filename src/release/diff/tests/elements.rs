//! Element attributes.

use super::{after, assert_one, edited, element_change, only};
use crate::dictionary::{DataType, Dictionary, Status};
use crate::finding::Severity;
use crate::release::test_support::*;
use crate::release::{diff, ChangeKind, Impact};
use crate::rules::Rule;

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

/// DE00001 with a rule whose failures are reported at `severity` (`None`: not set).
fn rule_severity(severity: Option<Severity>) -> Dictionary {
    edited(|d| {
        d.elements[0].rule = Some(Rule::Gb11643);
        d.elements[0].rule_severity = severity;
    })
}

#[test]
fn rule_severity_raised_is_breaking() {
    let log = diff(
        &rule_severity(Some(Severity::Warning)),
        &rule_severity(None),
    );
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Breaking,
    );
    assert_eq!(only(&log).attribute.as_deref(), Some("rule_severity"));
    assert_eq!(only(&log).detail.en, "rule severity: warning → error");
    assert_eq!(only(&log).detail.zh, "校验规则问题级别：warning → error");
    let log = diff(
        &rule_severity(Some(Severity::Info)),
        &rule_severity(Some(Severity::Warning)),
    );
    assert_eq!(only(&log).impact, Impact::Breaking);
}

#[test]
fn rule_severity_lowered_is_compatible() {
    let log = diff(
        &rule_severity(None),
        &rule_severity(Some(Severity::Warning)),
    );
    assert_one(
        &log,
        ChangeKind::ElementChanged,
        "DE00001",
        Impact::Compatible,
    );
    assert_eq!(only(&log).detail.en, "rule severity: error → warning");
    let log = diff(
        &rule_severity(Some(Severity::Warning)),
        &rule_severity(Some(Severity::Info)),
    );
    assert_eq!(only(&log).impact, Impact::Compatible);
}

#[test]
fn rule_severity_absent_is_error() {
    let absent = rule_severity(None);
    let error = rule_severity(Some(Severity::Error));
    assert!(diff(&absent, &error).is_empty());
    assert!(diff(&error, &absent).is_empty());
}

#[test]
fn rule_severity_without_a_rule_on_both_sides_is_the_rule_change() {
    // No rule on either side: the severity applies to nothing.
    let old = edited(|d| d.elements[0].rule_severity = Some(Severity::Warning));
    assert!(diff(&old, &base("1.1.0")).is_empty());
    // A rule added at a lower severity is judged as a rule added.
    let log = diff(&base("1.0.0"), &rule_severity(Some(Severity::Warning)));
    assert_eq!(only(&log).attribute.as_deref(), Some("rule"));
    let log = diff(&rule_severity(Some(Severity::Info)), &base("1.1.0"));
    assert_eq!(only(&log).attribute.as_deref(), Some("rule"));
}

/// An absent `rule_severity` stands for `error` only while every code a rule reports is an
/// error by default.
#[test]
fn rule_failures_are_errors_by_default() {
    let values = [
        "",
        "x",
        "0",
        "123",
        "11010519491231002X",
        "110105194912310021",
        "@@",
    ];
    for rule in Rule::ALL {
        for value in values {
            if let Err(violation) = rule.check(value) {
                assert_eq!(
                    violation.code.default_severity(),
                    Severity::Error,
                    "{rule:?} on {value:?}"
                );
            }
        }
    }
}
