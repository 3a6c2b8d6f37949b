//! The default dictionary's value domains, checked against the standards they cite: each
//! test names a code or spelling real registers carry.

use crate::check::{CellCheck, CellFailure};
use crate::dictionary::{self, Dictionary};
use crate::finding::Code;
use crate::source::CellKind;

/// Loaded once for all tests of this module: loading is the slow part.
fn default_dictionary() -> &'static Dictionary {
    static DICT: std::sync::OnceLock<Dictionary> = std::sync::OnceLock::new();
    DICT.get_or_init(|| dictionary::load(None).expect("the default dictionary loads"))
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
    let c = check_of(dict, "民族");
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

#[test]
fn birthplaces_accept_retired_division_codes() {
    let dict = default_dictionary();
    let birthplace = check_of(dict, "出生地");
    let current = check_of(dict, "行政区划代码");
    // Current codes, Hong Kong (which the statistical list lacks), retired codes (下城区
    // 2021, 莱芜市 2019) and the division of GB 11643's worked example.
    for code in ["350102", "810000", "460302", "330103", "371200", "340524"] {
        assert_eq!(failure(&birthplace, code), None, "{code}");
    }
    for code in ["330103", "371200", "130171"] {
        assert_eq!(
            failure(&current, code).map(|f| f.code),
            Some(Code::NotInCodelist),
            "{code}"
        );
    }
    assert_eq!(failure(&current, "810000"), None);
    // A development zone's statistical code was never a GB/T 2260 code.
    assert_eq!(
        failure(&birthplace, "130171").map(|f| f.code),
        Some(Code::NotInCodelist)
    );
}

fn element_named<'a>(dict: &'a Dictionary, query: &str) -> &'a crate::dictionary::Element {
    match dictionary::lookup::find(dict, query) {
        Some(dictionary::lookup::Target::Element(e)) => e,
        _ => panic!("{query} names no element"),
    }
}

#[test]
fn contact_telephone_takes_landlines_and_mobiles() {
    let dict = default_dictionary();
    for header in ["联系电话", "LXDH"] {
        assert_eq!(element_named(dict, header).id, "DE06009", "{header}");
    }
    let phone = check_of(dict, "联系电话");
    for ok in [
        "0591-87654321",
        "059187654321",
        "87654321",
        "0591-87654321-123",
        "13812345678",
        "+8613812345678",
        "400-123-4567",
    ] {
        assert_eq!(failure(&phone, ok), None, "{ok}");
    }
    for bad in ["12345", "1381234567", "0591-876543210000"] {
        assert!(failure(&phone, bad).is_some(), "{bad}");
    }
    assert!(dict.is_masked(element_named(dict, "联系电话")));
}

#[test]
fn enterprise_type_is_the_market_supervision_list() {
    let dict = default_dictionary();
    let element = element_named(dict, "企业类型");
    assert_eq!(element.id, "DE01021");
    let c = check_of(dict, "企业类型");
    assert_eq!(failure(&c, "1130"), None);
    let f = failure(&c, "有限责任公司(自然人投资或控股)").expect("a spelling");
    assert_eq!(f.suggestion.as_deref(), Some("1130"));
    let f = failure(&c, "有限责任公司（自然人投资或控股）").expect("a spelling");
    assert_eq!(f.suggestion.as_deref(), Some("1130"));
    // The statistical registration type is another element with another list.
    assert_eq!(element_named(dict, "登记注册类型").id, "DE01008");
}

#[test]
fn registers_without_an_employer_or_a_wage_base_pass() {
    let dict = default_dictionary();
    let enrolment = dict.dataset("social-insurance-enrolment").expect("dataset");
    for id in ["DE05004", "DE05007"] {
        let field = enrolment.fields.iter().find(|f| f.element == id).expect(id);
        assert!(!field.required, "{id}");
    }
}

#[test]
fn taxpayer_numbers_are_masked_as_identity_numbers() {
    let dict = default_dictionary();
    let tin = element_named(dict, "纳税人识别号");
    let id = element_named(dict, "公民身份号码");
    assert!(dict.is_masked(tin));
    assert_eq!(tin.classification, id.classification);
    assert_eq!(tin.personal, id.personal);
}
