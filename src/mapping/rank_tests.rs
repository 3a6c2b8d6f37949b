//! Tests of the ranking and of the required-field rule on a small tax dataset.

use crate::dictionary::{Dataset, Dictionary, Field, Origin};
use crate::mapping::test_support::{checker, dictionary, element, with_elements_and_datasets};
use crate::mapping::{suggest, SourceColumn, SuggestOptions, Suggestion};

/// The test dictionary with a tax dataset: 主管税务机关代码 (eleven digits, required)
/// and 联系电话 (mobile or landline, optional).
fn tax_dictionary() -> Dictionary {
    let base = dictionary();
    let mut elements = base.elements.clone();
    let mut office = element("DE04004", "主管税务机关代码", "n11");
    office.name_en = Some("code of the competent tax authority".into());
    office.representation = Some("代码".into());
    let mut phone = element("DE06009", "联系电话", "c..20");
    phone.representation = Some("号码".into());
    phone.pattern = regex::Regex::new(r"^(?:1[3-9][0-9]{9}|(0[0-9]{2,3}-?)?[0-9]{7,8})$").ok();
    let serial = element("DE09001", "登记序号", "n..8");
    elements.extend([office, phone, serial]);
    let field = |id: &str, required: bool| Field {
        element: id.into(),
        required,
        unique: false,
        unique_among: None,
    };
    let mut datasets = base.datasets.clone();
    datasets.push(Dataset {
        id: "tax".into(),
        name: "税务登记".into(),
        name_en: None,
        owner: None,
        fields: vec![
            field("DE01001", true),
            field("DE04004", true),
            field("DE06009", false),
            field("DE09001", true),
        ],
        primary_key: vec!["DE01001".into()],
        origin: Origin::default(),
    });
    with_elements_and_datasets(elements, datasets)
}

fn run(dict: &Dictionary, header: &str, values: &[&str], dataset: Option<&str>) -> Suggestion {
    let check = checker(dict);
    let options = SuggestOptions {
        dataset: dataset.map(str::to_string),
        ..SuggestOptions::default()
    };
    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let cols = vec![SourceColumn::new(header, values)];
    suggest(dict, &cols, &options, &check)
}

const OFFICES: &[&str] = &[
    "13501020000",
    "13501030000",
    "13501040000",
    "13501110000",
    "13501020000",
    "13501040000",
    "13501030000",
    "13501110000",
];

#[test]
fn office_codes_are_not_telephone_numbers() {
    let dict = tax_dictionary();
    // Each value reads as a mobile number; the column, codes ending in 0000, does not.
    for dataset in [None, Some("tax")] {
        let s = run(&dict, "F3", OFFICES, dataset);
        assert_ne!(
            s.fields[0].element.as_deref(),
            Some("DE06009"),
            "{:?}",
            s.fields[0]
        );
    }
    let s = run(&dict, "F3", OFFICES, Some("tax"));
    assert_eq!(s.fields[0].element.as_deref(), Some("DE04004"));
    // Real telephone numbers still go to 联系电话 on their values.
    let phones = [
        "13800138000",
        "0591-87654321",
        "13912345678",
        "059187650000",
    ];
    let s = run(&dict, "F3", &phones, Some("tax"));
    assert_eq!(s.fields[0].element.as_deref(), Some("DE06009"));
}

#[test]
fn an_english_office_header_names_the_tax_authority_code() {
    let dict = tax_dictionary();
    let s = run(&dict, "tax_office_cd", OFFICES, None);
    let f = &s.fields[0];
    assert_eq!(f.element.as_deref(), Some("DE04004"), "{f:?}");
    assert!(f.header_score.is_some() && f.confidence >= 0.7, "{f:?}");
}

#[test]
fn a_required_field_takes_a_column_an_optional_field_had_on_its_values_alone() {
    let dict = tax_dictionary();
    // Eleven digits that are no office codes by their look: 联系电话 scores higher on
    // the values, but the dataset cannot do without 主管税务机关代码.
    let values = ["13501025400", "13501036100", "13501047200", "13501118300"];
    let s = run(&dict, "F3", &values, Some("tax"));
    let f = &s.fields[0];
    assert_eq!(f.element.as_deref(), Some("DE04004"), "{f:?}");
    assert!(
        f.confidence < 0.5,
        "a guess between two fields is reviewed: {f:?}"
    );
    // A header naming the optional field keeps it.
    let s = run(&dict, "联系电话", &values, Some("tax"));
    assert_eq!(s.fields[0].element.as_deref(), Some("DE06009"));
}

#[test]
fn eight_digit_codes_still_fill_a_required_field() {
    // Eight digits read as local telephone numbers one by one; a required field of
    // digits no column took still gets the column, for review.
    let dict = tax_dictionary();
    let values = ["35010234", "35010577", "35019921", "35013386", "35017740"];
    let s = run(&dict, "F5", &values, Some("tax"));
    let f = &s.fields[0];
    assert_eq!(f.element.as_deref(), Some("DE09001"), "{f:?}");
    assert!(f.confidence < 0.5, "{f:?}");
}

#[test]
fn values_alone_never_reach_the_review_line_through_the_dataset() {
    // 经办人 (the clerk) holds person names; nothing names 法定代表人, which the dataset
    // requires. Values that look like names may propose it, but the dataset's preference
    // must not lift that guess to 0.5, where it reads as a proposal (0.45 + 0.05 is
    // 0.4999… and is written 0.50).
    let base = dictionary();
    let mut datasets = base.datasets.clone();
    datasets.push(Dataset {
        id: "legal".into(),
        name: "法人".into(),
        name_en: None,
        owner: None,
        fields: vec![Field {
            element: "DE01005".into(),
            required: true,
            unique: false,
            unique_among: None,
        }],
        primary_key: Vec::new(),
        origin: Origin::default(),
    });
    let dict = with_elements_and_datasets(base.elements.clone(), datasets);
    let names = [
        "张伟", "王芳", "李娜", "刘强", "陈静", "杨磊", "赵敏", "黄勇",
    ];
    let s = run(&dict, "经办人", &names, Some("legal"));
    let f = &s.fields[0];
    assert_eq!(f.element.as_deref(), Some("DE01005"), "{f:?}");
    assert!(f.confidence < 0.495, "{f:?}");
}
