//! A small in-code dictionary and a simple checker for the mapping tests.

use crate::dictionary::{
    CodeList, CodeValue, DataType, Dataset, Dictionary, Element, Field, Format, Level, Manifest,
    Origin, Personal,
};
use crate::rules::Rule;

/// An element with only the attributes every test needs.
pub(crate) fn element(id: &str, name: &str, format: &str) -> Element {
    Element {
        format: Format::parse(format).ok(),
        classification: Some("L1".into()),
        ..Element::new(id, name, DataType::String)
    }
}

fn value(code: &str, name: &str, aliases: &[&str]) -> CodeValue {
    CodeValue {
        code: code.into(),
        name: name.into(),
        name_en: None,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    }
}

/// GB/T 2261.1-2003.
pub(crate) fn sex_codelist() -> CodeList {
    CodeList::new(
        "GB/T 2261.1-2003".into(),
        "人的性别代码".into(),
        None,
        vec![
            value("0", "未知的性别", &[]),
            value("1", "男性", &["男", "M"]),
            value("2", "女性", &["女", "F"]),
            value("9", "未说明的性别", &[]),
        ],
        Origin::default(),
    )
}

fn with(mut e: Element, f: impl FnOnce(&mut Element)) -> Element {
    f(&mut e);
    e
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Persons and enterprises, as a city dictionary would have them.
pub(crate) fn dictionary() -> Dictionary {
    let elements = vec![
        with(element("DE00001", "公民身份号码", "c18"), |e| {
            e.identifier = Some("GMSFHM".into());
            e.name_en = Some("citizen identity number".into());
            e.synonyms = strings(&["身份证号", "居民身份证号码", "sfzh"]);
            e.rule = Some(Rule::Gb11643);
            e.classification = Some("L4".into());
            e.personal = Personal::Sensitive;
        }),
        with(element("DE00002", "姓名", "c..50"), |e| {
            e.identifier = Some("XM".into());
            e.personal = Personal::Personal;
        }),
        with(element("DE00003", "性别", "n1"), |e| {
            e.identifier = Some("XB".into());
            e.data_type = DataType::Code;
            e.codelist = Some("GB/T 2261.1-2003".into());
        }),
        with(element("DE00004", "出生日期", "YYYYMMDD"), |e| {
            e.identifier = Some("CSRQ".into());
            e.data_type = DataType::Date;
        }),
        with(element("DE00005", "手机号码", "n11"), |e| {
            e.rule = Some(Rule::MobileCn);
            e.personal = Personal::Personal;
        }),
        with(
            element("DE01001", "统一社会信用代码", "an18"),
            |e| {
                e.synonyms = strings(&["信用代码", "纳税人识别号"]);
                e.rule = Some(Rule::Gb32100);
            },
        ),
        with(element("DE01002", "企业名称", "c..100"), |e| {
            e.synonyms = strings(&["单位名称"]);
        }),
        with(element("DE01003", "注册资本", "n..18,4"), |e| {
            e.data_type = DataType::Decimal;
            e.unit = Some("万元".into());
        }),
        with(element("DE01004", "成立日期", "YYYYMMDD"), |e| {
            e.data_type = DataType::Date;
        }),
        element("DE01005", "法定代表人", "c..50"),
        with(element("DE01006", "住所", "c..200"), |e| {
            e.synonyms = strings(&["注册地址"]);
        }),
        with(element("DE01007", "登记日期", "YYYYMMDD"), |e| {
            e.data_type = DataType::Date;
        }),
        with(element("DE02001", "行政区划代码", "n6"), |e| {
            e.rule = Some(Rule::Gb2260);
        }),
        element("DE02002", "邮政编码", "n6"),
        element("DE02003", "开户银行", "c..100"),
        element("DE03001", "备注", "c..500"),
    ];
    let manifest = Manifest {
        format_version: 1,
        id: "cn.example.test".into(),
        name: "测试目录".into(),
        name_en: None,
        version: "1.0.0".into(),
        released: None,
        authority: None,
        license: None,
        classification: vec![
            Level {
                level: "L1".into(),
                name: "不敏感".into(),
                mask: false,
                open: true,
            },
            Level {
                level: "L4".into(),
                name: "敏感".into(),
                mask: true,
                open: false,
            },
        ],
    };
    let field = |id: &str| Field {
        element: id.into(),
        required: false,
        unique: false,
        unique_among: None,
    };
    let datasets = vec![Dataset {
        id: "enterprise-registration".into(),
        name: "企业登记信息".into(),
        name_en: None,
        owner: None,
        fields: [
            "DE01001", "DE01002", "DE01003", "DE01004", "DE01005", "DE01006", "DE02001",
        ]
        .iter()
        .map(|id| field(id))
        .collect(),
        primary_key: vec!["DE01001".into()],
        origin: Origin::default(),
    }];
    Dictionary::new(
        manifest,
        elements,
        vec![sex_codelist()],
        datasets,
        String::new(),
    )
}

/// The checker `map suggest` uses: every element's compiled cell checks.
pub(crate) fn checker(dict: &Dictionary) -> impl Fn(&Element, &str) -> bool + '_ {
    let content = super::ContentChecker::new(dict);
    move |e: &Element, v: &str| content.passes(e, v)
}

/// The test dictionary's manifest and code lists with other elements and datasets.
pub(crate) fn with_elements_and_datasets(
    elements: Vec<Element>,
    datasets: Vec<Dataset>,
) -> Dictionary {
    let base = dictionary();
    Dictionary::new(
        base.manifest.clone(),
        elements,
        base.codelists.clone(),
        datasets,
        String::new(),
    )
}
