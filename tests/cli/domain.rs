//! The default dictionary against real registers: values the standards define pass, and
//! what a finding derives from a masked value stays masked.

use crate::support::{govdict, stdout_json};
use crate::validate::{id_number, temp_file};

const RESIDENT_HEADER: &str = "公民身份号码,姓名,性别,民族,出生日期,婚姻状况,户号,与户主关系,户口类别,户籍地址,户籍地行政区划代码";

/// One resident row with the given sex, ethnic group and marital status.
fn resident(sex: &str, ethnic: &str, marital: &str) -> String {
    format!(
        "{RESIDENT_HEADER}\n{},张三,{sex},{ethnic},19800101,{marital},H001,02,1,福州市鼓楼区某路1号,350102\n",
        id_number("35010219800101001")
    )
}

fn validate(csv: &str, args: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let (dir, path) = temp_file("residents.csv", csv.as_bytes());
    let output = govdict()
        .args(["validate", "--dataset", "resident-registration"])
        .args(args)
        .arg(&path)
        .output()
        .expect("runs");
    (output, dir)
}

#[test]
fn aliases_of_masked_codes_do_not_reveal_the_value() {
    let csv = resident("男", "回", "离婚");
    let formats = [
        "json", "human", "sarif", "github", "gitlab", "junit", "html", "jsonl",
    ];
    let runs = formats
        .iter()
        .map(|f| (*f, "masked"))
        .chain([("json", "none"), ("human", "none")]);
    for (format, show) in runs {
        {
            let (output, _dir) = validate(&csv, &["--format", format, "--show-values", show]);
            assert_eq!(output.status.code(), Some(1), "{format} {show}");
            let out = String::from_utf8_lossy(&output.stdout);
            for leak in [
                " is 1", " is 03", " is 40", "为 1", "为 03", "为 40", ": 03", ": 40",
            ] {
                assert!(
                    !out.contains(leak),
                    "{format} {show} shows {leak:?}:\n{out}"
                );
            }
        }
    }
    let (output, _dir) = validate(&csv, &["--format", "json"]);
    let report = stdout_json(&output);
    let findings = report["files"][0]["findings"].as_array().expect("findings");
    let codelist: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "not-in-codelist")
        .collect();
    assert_eq!(codelist.len(), 3, "{report:#}");
    for f in codelist {
        let suggestion = f["suggestion"].as_str().expect("a suggestion");
        assert!(suggestion.chars().all(|c| c == '*'), "{f}");
    }
}

#[test]
fn unrecognised_and_naturalised_ethnic_groups_pass() {
    for code in ["97", "98"] {
        let (output, _dir) = validate(&resident("1", code, "10"), &["--format", "json"]);
        let report = stdout_json(&output);
        assert_eq!(output.status.code(), Some(0), "{code}: {report:#}");
    }
}

#[test]
fn rule_severity_publishes_a_check_as_a_warning() {
    let output = govdict()
        .args(["validate", "--format", "json", "--dict"])
        .arg(crate::support::fixture("dicts/rule-severity.yaml"))
        .arg(crate::support::fixture("validate/rule-severity.csv"))
        .output()
        .expect("runs");
    let json = stdout_json(&output);
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let got: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code"),
                f["severity"].as_str().expect("severity"),
                f["row"].as_u64().expect("row"),
            )
        })
        .collect();
    // The identity number's rule is published as a warning; the credit code's keeps
    // the code's own severity.
    assert_eq!(
        got,
        [
            ("checksum-failed", "warning", 2),
            ("checksum-failed", "error", 3)
        ]
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "the error still fails the run"
    );
}

#[test]
fn identity_numbers_born_after_the_release_are_out_of_range() {
    // The embedded dictionary is released on 2026-11-01: a number born that day passes,
    // one born the day after cannot exist yet in a register the release describes.
    let row = |body: &str| {
        format!(
            "{},张三,1,01,19800101,10,H001,02,1,福州市鼓楼区某路1号,350102\n",
            id_number(body)
        )
    };
    let csv = format!(
        "{RESIDENT_HEADER}\n{}{}",
        row("35010220261101001"),
        row("35010220261102001")
    );
    let (output, _dir) = validate(&csv, &["--format", "json"]);
    let json = stdout_json(&output);
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let got: Vec<(&str, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code"),
                f["row"].as_u64().expect("row"),
                f["column"].as_u64().expect("column"),
            )
        })
        .collect();
    assert_eq!(got, [("out-of-range", 3, 1)], "{findings:#?}");
}

#[test]
fn education_codes_of_gb4658_1984_are_mapped_to_2006_not_reread() {
    // 50 (技工学校, 1984) is no 2006 code: a declared alias of 47; 文盲 (1984's 90) maps
    // to 90 其他 by name. Codes both editions share (20, 90) keep their number.
    let row = |n: &str, education: &str| {
        format!(
            "{},张三,1,01,19800101,10,H00{n},02,1,福州市鼓楼区某路1号,350102,{education}\n",
            id_number(&format!("3501021980010100{n}"))
        )
    };
    let csv = format!(
        "{RESIDENT_HEADER},文化程度\n{}{}{}{}",
        row("1", "50"),
        row("2", "文盲"),
        row("3", "20"),
        row("4", "90")
    );
    let (output, dir) = validate(&csv, &["--format", "json"]);
    let json = stdout_json(&output);
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let got: Vec<(&str, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code"),
                f["row"].as_u64().expect("row"),
                f["message"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{findings:#?}");
    for (code, row, message) in &got {
        assert_eq!(*code, "not-in-codelist");
        assert!([2, 3].contains(row));
        assert!(message.contains("GB/T 4658-2006"), "{message}");
    }
    // conform recodes through the same declared map.
    let input = dir.path().join("residents.csv");
    let mapping = dir.path().join("m.yaml");
    govdict()
        .args(["map", "suggest"])
        .arg(&input)
        .args(["--dataset", "resident-registration", "--output"])
        .arg(&mapping)
        .assert()
        .success();
    let out = dir.path().join("std.csv");
    let output = govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = std::fs::read_to_string(&out).expect("conformed");
    let education: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().expect("last field"))
        .collect();
    assert_eq!(education, ["47", "90", "20", "90"], "{text}");
}

#[test]
fn enterprise_names_are_unique_only_among_enterprises_that_hold_them() {
    // Two records of the example register share a name; both are active (登记状态 1).
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/enterprise_registration.csv"
    ))
    .expect("example");
    let lines: Vec<&str> = text.lines().collect();
    let (header, first, second) = (lines[0].trim_start_matches('\u{feff}'), lines[4], lines[69]);
    assert!(
        first.contains(",1,福州市") && second.contains(",1,福州市"),
        "{first}\n{second}"
    );
    let status = |row: &str, to: &str| row.replacen(",1,福州市", &format!(",{to},福州市"), 1);
    let duplicates = |rows: &[String]| {
        let csv = format!("{header}\n{}\n", rows.join("\n"));
        let (dir, path) = temp_file("enterprises.csv", csv.as_bytes());
        let output = govdict()
            .args([
                "validate",
                "--dataset",
                "enterprise-registration",
                "--format",
                "json",
            ])
            .arg(&path)
            .output()
            .expect("runs");
        drop(dir);
        let json = stdout_json(&output);
        json["files"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["code"] == "duplicate-value")
            .map(|f| f["row"].as_u64().expect("row"))
            .collect::<Vec<_>>()
    };
    let (a, b) = (first.to_owned(), second.to_owned());
    assert_eq!(
        duplicates(&[a.clone(), b.clone()]),
        [3],
        "both hold the name"
    );
    // The status written as its name (存续) counts like its code.
    assert_eq!(duplicates(&[a.clone(), status(&b, "存续")]), [3]);
    assert_eq!(
        duplicates(&[a.clone(), status(&b, "6")]),
        [3],
        "suspended still holds it"
    );
    // A deregistered or annulled enterprise has released its name.
    assert_eq!(duplicates(&[status(&a, "3"), b.clone()]), Vec::<u64>::new());
    assert_eq!(
        duplicates(&[a.clone(), status(&b, "注销")]),
        Vec::<u64>::new()
    );
    assert_eq!(duplicates(&[a, status(&b, "5")]), Vec::<u64>::new());
}

#[test]
fn social_security_numbers_of_foreign_permanent_residents_pass() {
    // 9, issued in Fujian (35), nationality 840, born 1985-06-15, sequence 001.
    let foreign = id_number("93584019850615001");
    let citizen = id_number("35010219800101001");
    let mut wrong = foreign.clone();
    let last = wrong.pop().expect("check character");
    wrong.push(if last == '0' { '1' } else { '0' });
    let header = "社会保障号码,姓名,险种类型,参保状态,参保日期";
    let row = |n: &str| format!("{n},张三,110,1,2020-01-01\n");
    let csv = format!(
        "{header}\n{}{}{}",
        row(&foreign),
        row(&citizen),
        row(&wrong)
    );
    let (dir, path) = temp_file("enrolment.csv", csv.as_bytes());
    let output = govdict()
        .args([
            "validate",
            "--dataset",
            "social-insurance-enrolment",
            "--format",
            "json",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    drop(dir);
    let json = stdout_json(&output);
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let got: Vec<(&str, u64)> = findings
        .iter()
        .filter(|f| f["column"] == 1)
        .map(|f| {
            (
                f["code"].as_str().expect("code"),
                f["row"].as_u64().expect("row"),
            )
        })
        .collect();
    assert_eq!(got, [("checksum-failed", 4)], "{findings:#?}");
}
