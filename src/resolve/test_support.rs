//! A small dictionary built in code, shared by the unit tests of this crate's cell
//! semantics.

use crate::dictionary::{
    CodeList, CodeValue, DataType, Dataset, Dictionary, Element, Field, Manifest, Origin,
};

pub fn element(id: &str, name: &str, data_type: DataType) -> Element {
    Element::new(id, name, data_type)
}

pub fn field(element: &str, required: bool) -> Field {
    Field {
        element: element.to_owned(),
        required,
        unique: false,
        unique_among: None,
    }
}

pub fn dataset(id: &str, fields: Vec<Field>) -> Dataset {
    Dataset {
        id: id.to_owned(),
        name: id.to_owned(),
        name_en: None,
        owner: None,
        fields,
        primary_key: Vec::new(),
        origin: Origin::default(),
    }
}

pub fn sex_codes() -> CodeList {
    let v = |code: &str, name: &str, aliases: &[&str]| CodeValue {
        code: code.to_owned(),
        name: name.to_owned(),
        name_en: None,
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
    };
    CodeList::new(
        "GB/T 2261.1-2003".to_owned(),
        "人的性别代码".to_owned(),
        None,
        vec![
            v("0", "未知的性别", &[]),
            v("1", "男性", &["男", "M"]),
            v("2", "女性", &["女", "F"]),
            v("9", "未说明的性别", &[]),
        ],
        Origin::default(),
    )
}

pub fn dictionary(
    elements: Vec<Element>,
    codelists: Vec<CodeList>,
    datasets: Vec<Dataset>,
) -> Dictionary {
    let manifest = Manifest {
        format_version: 1,
        id: "test".to_owned(),
        name: "测试".to_owned(),
        name_en: None,
        version: "1.0.0".to_owned(),
        released: None,
        authority: None,
        license: None,
        classification: Vec::new(),
    };
    Dictionary::new(manifest, elements, codelists, datasets, String::new())
}
