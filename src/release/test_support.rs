//! Builds small dictionaries in code for the release tests.

use std::path::PathBuf;

use crate::dictionary::{
    CodeList, CodeValue, DataType, Dataset, Dictionary, Element, Field, Format, Level, Manifest,
    Origin,
};

pub fn origin(file: &str, line: usize) -> Origin {
    Origin {
        file: PathBuf::from(file),
        line,
        column: 5,
    }
}

pub fn manifest(version: &str) -> Manifest {
    Manifest {
        format_version: 1,
        id: "cn.example.test".into(),
        name: "测试目录".into(),
        name_en: Some("Test directory".into()),
        version: version.into(),
        released: None,
        authority: None,
        license: None,
        classification: vec![Level {
            level: "L1".into(),
            name: "不敏感".into(),
            mask: false,
            open: true,
        }],
    }
}

/// A plain string element defined at `elements.yaml`, line 10.
pub fn element(id: &str, name: &str) -> Element {
    Element {
        definition: Some(format!("{name}的定义")),
        format: Some(fmt("c..50")),
        since: Some("1.0.0".into()),
        origin: origin("elements.yaml", 10),
        ..Element::new(id, name, DataType::String)
    }
}

pub fn fmt(s: &str) -> Format {
    Format::parse(s).expect("test format parses")
}

pub fn codelist(id: &str, codes: &[(&str, &str)]) -> CodeList {
    let values = codes
        .iter()
        .map(|(code, name)| CodeValue {
            code: (*code).into(),
            name: (*name).into(),
            name_en: None,
            aliases: Vec::new(),
        })
        .collect();
    CodeList::new(
        id.into(),
        format!("{id} 代码表"),
        None,
        values,
        origin("codelists.yaml", 3),
    )
}

pub fn field(element: &str, required: bool, unique: bool) -> Field {
    Field {
        element: element.into(),
        required,
        unique,
        unique_among: None,
    }
}

pub fn dataset(id: &str, fields: Vec<Field>) -> Dataset {
    Dataset {
        id: id.into(),
        name: format!("{id} 数据集"),
        name_en: None,
        owner: None,
        fields,
        primary_key: Vec::new(),
        origin: origin("datasets.yaml", 2),
    }
}

pub fn dict(
    version: &str,
    elements: Vec<Element>,
    codelists: Vec<CodeList>,
    datasets: Vec<Dataset>,
) -> Dictionary {
    Dictionary::new(
        manifest(version),
        elements,
        codelists,
        datasets,
        String::new(),
    )
}

/// Two elements, a sex code list and a dataset: the base most tests change one thing in.
pub fn base(version: &str) -> Dictionary {
    let mut sex = element("DE00003", "性别");
    sex.data_type = DataType::Code;
    sex.format = Some(fmt("n1"));
    sex.codelist = Some("GB/T 2261.1-2003".into());
    dict(
        version,
        vec![element("DE00001", "公民身份号码"), sex],
        vec![codelist(
            "GB/T 2261.1-2003",
            &[
                ("0", "未知的性别"),
                ("1", "男性"),
                ("2", "女性"),
                ("9", "未说明的性别"),
            ],
        )],
        vec![dataset(
            "people",
            vec![field("DE00001", true, true), field("DE00003", false, false)],
        )],
    )
}

/// Rebuilds a dictionary and its code lists after their parts were edited in place: the
/// lookup indexes are private and would go stale.
pub fn rebuild(d: Dictionary, version: &str) -> Dictionary {
    let mut m = d.manifest;
    m.version = version.into();
    let codelists = d
        .codelists
        .into_iter()
        .map(|c| CodeList::new(c.id, c.name, c.name_en, c.values, c.origin))
        .collect();
    Dictionary::new(m, d.elements, codelists, d.datasets, d.sha256)
}
