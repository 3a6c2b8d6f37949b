//! `govdict show` and `govdict search` on the embedded default dictionary.

use crate::support::{fixture, govdict, stdout_json};

#[test]
fn search_ranks_the_exact_synonym_first() {
    let output = govdict()
        .args(["search", "信用代码", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let json = stdout_json(&output);
    assert_eq!(json["results"][0]["name"], "统一社会信用代码");
    assert_eq!(json["results"][0]["match"], "exact");
}

#[test]
fn search_by_pinyin_initials() {
    let output = govdict()
        .args(["search", "gmsf", "--format", "json"])
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    assert_eq!(json["results"][0]["id"], "DE00001");
}

#[test]
fn search_without_results_exits_1() {
    let output = govdict()
        .args(["search", "不存在的东西"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn show_by_synonym_prints_the_card() {
    let output = govdict().args(["show", "身份证号"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("公民身份号码"), "{out}");
    assert!(out.contains("DE00001"), "{out}");
    assert!(out.contains("gb11643"), "{out}");
}

#[test]
fn show_code_element_lists_its_values() {
    let output = govdict()
        .args(["show", "XB", "--format", "json"])
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    assert_eq!(json["id"], "DE00003");
    assert_eq!(json["values"][1]["code"], "1");
    assert_eq!(json["values"][1]["aliases"][0], "男");
}

#[test]
fn show_code_element_gives_the_format_its_codes_share() {
    let json = stdout_json(
        &govdict()
            .args(["show", "XB", "--format", "json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(json["format"], serde_json::Value::Null);
    assert_eq!(json["derived_format"], "n1");
    let json = stdout_json(
        &govdict()
            .args(["show", "民族", "--format", "json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(json["derived_format"], "n2");
    let json = stdout_json(
        &govdict()
            .args(["show", "国籍", "--format", "json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(json["derived_format"], "a3");
    let out = govdict()
        .args(["show", "XB", "--lang", "en"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("n1 (derived from the code list)"), "{text}");
}

#[test]
fn show_codelist_and_dataset_ids() {
    let output = govdict()
        .args(["show", "enterprise-registration", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(stdout_json(&output)["kind"], "dataset");
}

#[test]
fn show_unknown_is_exit_2() {
    let output = govdict().args(["show", "没有这个"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn show_uses_the_given_dictionary() {
    let output = govdict()
        .args(["show", "DE02001", "--format", "json", "--dict"])
        .arg(fixture("dicts/third-party"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout_json(&output)["name"], "登记日期");
}
