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

#[test]
fn show_datasets_lists_ids_names_and_element_counts() {
    let o = govdict().args(["show", "datasets"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("tax-registration") && text.contains("税务登记信息"),
        "{text}"
    );
    let o = govdict()
        .args(["show", "datasets", "--format", "json"])
        .output()
        .unwrap();
    let v = crate::support::stdout_json(&o);
    let tax = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "tax-registration")
        .expect("listed");
    assert_eq!(tax["elements"], 15);
    let o = govdict().args(["show", "codelists"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("SZ-NSRZT"));
}

#[test]
fn dataset_and_code_list_ids_get_a_did_you_mean() {
    let o = govdict()
        .args(["show", "tax_registration"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean: tax-registration"), "{err}");
    let o = govdict().args(["show", "SZ_NSRZT"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean: SZ-NSRZT"), "{err}");
    let o = govdict()
        .args([
            "validate",
            "examples/tax_registration.csv",
            "--dataset",
            "tax_registration",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean `tax-registration`"), "{err}");
    let o = govdict()
        .args([
            "map",
            "suggest",
            "examples/tax_registration.csv",
            "--dataset",
            "tax_registration",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tax-registration"), "{err}");
}

#[test]
fn a_code_list_typo_in_the_dictionary_gets_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("d.yaml");
    std::fs::write(
        &dict,
        "govdict: 1\nid: t\nname: 测试\nversion: 1.0.0\n\
         codelists:\n  - {id: GB-SEX, name: 性别, values: [{code: '1', name: 男}]}\n\
         elements:\n  - {id: E1, name: 性别, type: code, codelist: GB_SEX}\n",
    )
    .unwrap();
    let o = govdict()
        .args(["check", "--dict"])
        .arg(&dict)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("did you mean the code list `GB-SEX`?"),
        "{text}"
    );
}
