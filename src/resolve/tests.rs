use super::test_support::*;
use super::*;
use crate::dictionary::DataType;

fn dict() -> Dictionary {
    let mut id = element("DE00001", "公民身份号码", DataType::String);
    id.identifier = Some("GMSFHM".to_owned());
    id.name_en = Some("citizen identity number".to_owned());
    id.synonyms = vec!["身份证号".to_owned(), "sfzh".to_owned()];
    let mut name = element("DE00002", "姓名", DataType::String);
    name.synonyms = vec!["名称".to_owned()];
    let mut sex = element("DE00003", "性别代码", DataType::Code);
    sex.synonyms = vec!["性别".to_owned()];
    let mut uscc = element("DE01001", "统一社会信用代码", DataType::String);
    uscc.synonyms = vec!["NSRSBH".to_owned(), "信用代码".to_owned()];
    let mut org = element("DE01002", "机构名称", DataType::String);
    org.synonyms = vec!["名称".to_owned()];
    dictionary(
        vec![id, name, sex, uscc, org],
        vec![],
        vec![
            dataset(
                "person",
                vec![
                    field("DE00001", true),
                    field("DE00002", true),
                    field("DE00003", false),
                ],
            ),
            dataset(
                "enterprise",
                vec![field("DE01001", true), field("DE01002", true)],
            ),
        ],
    )
}

fn no_overrides() -> HashMap<String, Option<String>> {
    HashMap::new()
}

fn methods(r: &Resolution) -> Vec<(Option<&str>, Option<&str>)> {
    r.columns
        .iter()
        .map(|c| (c.element.as_deref(), c.method.map(MatchMethod::as_str)))
        .collect()
}

#[test]
fn every_exact_method() {
    let d = dict();
    for (header, method) in [
        ("DE00001", "id"),
        ("公民身份号码", "name"),
        ("GMSFHM", "identifier"),
        ("citizen identity number", "name_en"),
        ("身份证号", "synonym"),
    ] {
        let r = headers(&d, &[header], None, &no_overrides()).unwrap();
        assert_eq!(
            methods(&r),
            vec![(Some("DE00001"), Some(method))],
            "{header}"
        );
    }
}

#[test]
fn normalized_match() {
    let d = dict();
    let r = headers(
        &d,
        &["\u{feff}身份证号 ", "ＳＦＺＨ", "Citizen Identity Number"],
        None,
        &no_overrides(),
    )
    .unwrap();
    assert_eq!(methods(&r), vec![(Some("DE00001"), Some("normalized")); 3]);
}

#[test]
fn chooses_the_best_dataset_and_lists_missing_fields() {
    let d = dict();
    let r = headers(&d, &["NSRSBH", "备注"], None, &no_overrides()).unwrap();
    assert_eq!(r.dataset.as_deref(), Some("enterprise"));
    assert_eq!(r.missing, vec!["DE01002".to_owned()]);
    assert_eq!(r.columns[1].element, None);
    assert_eq!(r.columns[1].method, None);
}

#[test]
fn no_dataset_when_nothing_overlaps() {
    let d = dict();
    let r = headers(&d, &["备注", "其他"], None, &no_overrides()).unwrap();
    assert_eq!(r.dataset, None);
    assert!(r.missing.is_empty());
}

#[test]
fn ties_go_to_fewer_missing_then_id() {
    // "名称" is a synonym of both DE00002 (person) and DE01002 (enterprise): each dataset
    // covers one field; person misses 1 required field, enterprise 1 too → smaller id.
    let d = dict();
    let r = headers(&d, &["名称"], None, &no_overrides()).unwrap();
    assert_eq!(r.dataset.as_deref(), Some("enterprise"));
    // The shared synonym resolves to the dataset's member, not the first element.
    assert_eq!(r.columns[0].element.as_deref(), Some("DE01002"));
    // With person covered by a second header, person wins on overlap.
    let r = headers(&d, &["名称", "性别"], None, &no_overrides()).unwrap();
    assert_eq!(r.dataset.as_deref(), Some("person"));
    assert_eq!(r.columns[0].element.as_deref(), Some("DE00002"));
}

#[test]
fn element_outside_the_dataset() {
    let d = dict();
    let r = headers(
        &d,
        &["身份证号", "信用代码"],
        Some("enterprise"),
        &no_overrides(),
    )
    .unwrap();
    let c = &r.columns[0];
    assert_eq!(c.element, None);
    assert_eq!(c.outside_dataset.as_deref(), Some("DE00001"));
    assert_eq!(c.suggestion.as_deref(), Some("公民身份号码"));
    assert_eq!(r.columns[1].element.as_deref(), Some("DE01001"));
    assert_eq!(r.missing, vec!["DE01002".to_owned()]);
}

#[test]
fn mapping_overrides_win() {
    let d = dict();
    let mut overrides = HashMap::new();
    overrides.insert("XB".to_owned(), Some("DE00003".to_owned()));
    overrides.insert("BZ".to_owned(), None);
    // A mapping to an element the dictionary lacks leaves the column unresolved.
    overrides.insert("QT".to_owned(), Some("DE99999".to_owned()));
    // Overrides beat exact matches.
    overrides.insert("姓名".to_owned(), Some("DE00001".to_owned()));
    let r = headers(&d, &["xb", "BZ", "QT", "姓名"], None, &overrides).unwrap();
    assert_eq!(
        methods(&r),
        vec![
            (Some("DE00003"), Some("mapping")),
            (None, Some("mapping")),
            (None, None),
            (Some("DE00001"), Some("mapping")),
        ]
    );
    assert_eq!(r.dataset.as_deref(), Some("person"));
    assert!(r.columns[1].is_ignored());
    assert!(!r.columns[2].is_ignored());
}

#[test]
fn did_you_mean() {
    let d = dict();
    let r = headers(
        &d,
        &["统一社会信用代码号", "公民身份号", "完全无关的列"],
        None,
        &no_overrides(),
    )
    .unwrap();
    assert_eq!(r.columns[0].suggestion.as_deref(), Some("统一社会信用代码"));
    assert_eq!(r.columns[1].suggestion.as_deref(), Some("公民身份号码"));
    assert_eq!(r.columns[2].suggestion, None);
    // Only dataset members are suggested when a dataset is in force.
    let r = headers(&d, &["公民身份号"], Some("enterprise"), &no_overrides()).unwrap();
    assert_eq!(r.columns[0].suggestion, None);
}

#[test]
fn unknown_dataset_lists_the_ids() {
    let d = dict();
    let e = headers(&d, &["姓名"], Some("nope"), &no_overrides()).unwrap_err();
    assert_eq!(
        e,
        ResolveError::UnknownDataset {
            id: "nope".to_owned(),
            known: vec!["person".to_owned(), "enterprise".to_owned()],
        }
    );
    assert!(e.to_string().contains("person, enterprise"));
    assert!(e.text().zh.contains("未知的数据集"));
}

#[test]
fn blank_and_huge_headers_do_not_match() {
    let d = dict();
    let long = "名".repeat(10_000);
    let r = headers(&d, &["", "   ", &long], None, &no_overrides()).unwrap();
    assert!(r
        .columns
        .iter()
        .all(|c| c.element.is_none() && c.suggestion.is_none()));
}

#[test]
fn edit_distance() {
    let c = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(levenshtein(&c("kitten"), &c("sitting")), 3);
    assert_eq!(levenshtein(&c(""), &c("abc")), 3);
    assert_eq!(levenshtein(&c("身份证号码"), &c("身份证号")), 1);
}

#[test]
fn an_automatic_choice_reports_its_margin_and_whether_it_is_a_guess() {
    let d = dict();
    // One column, shared by two datasets: a tie and a guess.
    let r = headers(&d, &["名称"], None, &no_overrides()).unwrap();
    let choice = r.choice.expect("chosen from the headers");
    assert_eq!(choice.covered, 1);
    assert_eq!(choice.margin(), 0.0);
    assert!(choice.is_guess());
    let text = choice.text("enterprise");
    assert!(text.en.contains("margin 0.00 over person"), "{}", text.en);
    assert!(
        text.en.contains("guess") && text.zh.contains("猜测"),
        "{text:?}"
    );
    // Two fields of one dataset, none of the other: a clear choice.
    let r = headers(&d, &["NSRSBH", "机构名称"], None, &no_overrides()).unwrap();
    let choice = r.choice.expect("chosen from the headers");
    assert_eq!(r.dataset.as_deref(), Some("enterprise"));
    assert!(!choice.is_guess(), "{choice:?}");
    assert!(!choice.text("enterprise").en.contains("guess"));
    // A named dataset is no choice.
    let r = headers(&d, &["名称"], Some("person"), &no_overrides()).unwrap();
    assert_eq!(r.choice, None);
}
