//! A small in-code dictionary and a simple checker for the mapping tests.

use crate::dictionary::format::CharClass;
use crate::dictionary::{
    CodeList, CodeValue, DataType, Dataset, Dictionary, Element, Field, Format, Level, Manifest,
    Origin, Personal, Status,
};
use crate::rules::Rule;

/// An element with only the attributes every test needs.
pub(crate) fn element(id: &str, name: &str, format: &str) -> Element {
    Element {
        id: id.into(),
        identifier: None,
        name: name.into(),
        name_en: None,
        synonyms: Vec::new(),
        definition: None,
        object_class: None,
        property: None,
        representation: None,
        data_type: DataType::String,
        format: Format::parse(format).ok(),
        rule: None,
        codelist: None,
        pattern: None,
        min: None,
        max: None,
        unit: None,
        classification: Some("L1".into()),
        personal: Personal::None,
        status: Status::Standard,
        superseded_by: None,
        submitter: None,
        since: None,
        origin: Origin::default(),
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

/// GB 11643 check character (ISO 7064 MOD 11-2).
fn gb11643_ok(v: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let chars: Vec<char> = v.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().zip(W) {
        match c.to_digit(10) {
            Some(d) => sum += d * w,
            None => return false,
        }
    }
    chars.last().copied() == C.get((sum % 11) as usize).copied()
}

/// GB 32100 check character.
fn gb32100_ok(v: &str) -> bool {
    const CS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let chars: Vec<char> = v.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().zip(W) {
        match CS.find(*c) {
            Some(d) => sum += d * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    CS.chars().nth(check) == chars.last().copied()
}

/// A few real GB/T 2260 codes.
const DIVISIONS: &[&str] = &[
    "110000", "110101", "110105", "310000", "310104", "440300", "440305", "330106",
];

/// Does `v` pass `e`'s format, code list and (for the rules the tests use) rule?
pub(crate) fn checker(dict: &Dictionary) -> impl Fn(&Element, &str) -> bool + '_ {
    move |e: &Element, v: &str| {
        if let Some(list) = dict.codelist_of(e) {
            return list.contains(v);
        }
        let format_ok = match &e.format {
            None => true,
            Some(Format::Chars { class, length }) => {
                length.allows(v.chars().count()) && v.chars().all(|c| class.allows(c))
            }
            Some(Format::Decimal { digits, scale }) => {
                let (int, frac) = v.split_once('.').unwrap_or((v, ""));
                let int = int.strip_prefix('-').unwrap_or(int);
                !int.is_empty()
                    && int
                        .chars()
                        .chain(frac.chars())
                        .all(|c| CharClass::Numeric.allows(c))
                    && digits.allows(int.len() + frac.len())
                    && frac.len() <= *scale as usize
            }
            Some(Format::Date(t)) => t.match_value(v).is_some_and(|p| p.is_real()),
        };
        let rule_ok = match e.rule {
            Some(Rule::Gb11643) => gb11643_ok(v),
            Some(Rule::Gb32100) => gb32100_ok(v),
            Some(Rule::Gb2260) => DIVISIONS.contains(&v),
            Some(Rule::MobileCn) => {
                v.len() == 11
                    && v.starts_with('1')
                    && !v.starts_with("10")
                    && !v.starts_with("11")
                    && !v.starts_with("12")
            }
            _ => true,
        };
        format_ok && rule_ok
    }
}
