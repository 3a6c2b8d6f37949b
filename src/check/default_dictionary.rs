//! The default dictionary's value domains, checked against the standards they cite: each
//! test names a code or spelling real registers carry.

use crate::check::{CellCheck, CellFailure};
use crate::dictionary::{self, Dictionary};
use crate::finding::Code;
use crate::source::CellKind;

fn default_dictionary() -> Dictionary {
    dictionary::load(None).expect("the default dictionary loads")
}

/// The check of the default dictionary's element named `name`.
fn check_of(dict: &Dictionary, name: &str) -> CellCheck {
    let element = dict
        .elements
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no element {name}"));
    CellCheck::compile(dict, element, true)
}

fn failure(check: &CellCheck, v: &str) -> Option<CellFailure> {
    check.check(v, CellKind::Text)
}

#[test]
fn ethnic_groups_include_97_and_98() {
    let dict = default_dictionary();
    let c = check_of(&dict, "民族");
    for code in ["01", "56", "97", "98"] {
        assert_eq!(failure(&c, code), None, "{code}");
    }
    assert_eq!(failure(&c, "99").map(|f| f.code), Some(Code::NotInCodelist));
    let list = dict.codelist("GB/T 3304-1991").expect("list");
    assert_eq!(list.values.len(), 58);
    assert_eq!(
        list.by_alias("未识别民族").map(|v| v.code.as_str()),
        Some("97")
    );
}

#[test]
fn relation_to_the_head_of_household_follows_gb_t_4761() {
    let dict = default_dictionary();
    let element = dict
        .elements
        .iter()
        .find(|e| e.name == "与户主关系")
        .unwrap();
    assert_eq!(element.codelist.as_deref(), Some("GB/T 4761-2008"));
    let list = dict.codelist_of(element).expect("list");
    let name = |code: &str| list.get(code).map(|v| v.name.as_str());
    assert_eq!(name("02"), Some("户主"));
    assert_eq!(name("20"), Some("子"));
    assert_eq!(name("30"), Some("女"));
    assert_eq!(name("97"), Some("其他亲属"));
    assert_eq!(name("99"), Some("非亲属"));
    let code_of = |spelling: &str| {
        list.by_alias(spelling)
            .or_else(|| list.values.iter().find(|v| v.name == spelling))
            .map(|v| v.code.as_str())
    };
    assert_eq!(code_of("户主"), Some("02"));
    assert_eq!(code_of("女"), Some("30"));
    assert_eq!(code_of("女儿"), Some("30"));
    assert_eq!(code_of("儿子"), Some("20"));
    assert!(dict.codelist("SZ-YHZGX").is_none());
}

#[test]
fn country_names_are_the_official_chinese_short_names() {
    let dict = default_dictionary();
    let list = dict.codelist("ISO 3166-1").expect("list");
    for (code, name, former) in [
        ("GTM", "危地马拉", "瓜地马拉"),
        ("KHM", "柬埔寨", "柬埔塞"),
        ("KGZ", "吉尔吉斯斯坦", "吉尔吉斯坦"),
        ("MLT", "马耳他", "马尔他"),
        ("PYF", "法属波利尼西亚", "法属玻利尼西亚"),
        ("IMN", "马恩岛", "曼岛"),
        ("ATF", "法属南部领地", "法属南半球领地"),
        ("BVT", "布韦岛", "布维群岛"),
        ("FLK", "马尔维纳斯群岛（福克兰）", "福克兰群岛 (马尔维纳斯)"),
    ] {
        let value = list.get(code).expect(code);
        assert_eq!(value.name, name);
        // The other spelling still converts.
        assert_eq!(list.by_alias(former).map(|v| v.code.as_str()), Some(code));
    }
}

#[test]
fn credit_code_categories_are_one_list() {
    let dict = default_dictionary();
    let list = dict.codelist("GB 32100-2015 机构类别").expect("list");
    let listed: Vec<&str> = list.values.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(listed, crate::rules::gb32100::CATEGORIES);
}
