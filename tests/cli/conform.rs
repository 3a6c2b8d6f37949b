//! `govdict conform`: end to end from a suggested mapping to a file `validate` passes,
//! rejects, formula injection, output kinds and protection of the input.

use std::path::Path;

use crate::support::{govdict, stdout_json};

/// Validates `file` against `dataset` and returns (errors, warnings, findings).
fn validate(file: &Path, dataset: &str) -> (u64, u64, serde_json::Value) {
    let output = govdict()
        .arg("validate")
        .arg(file)
        .args(["--dataset", dataset, "--format", "json"])
        .output()
        .expect("runs");
    let v = stdout_json(&output);
    let s = &v["summary"];
    (
        s["errors"].as_u64().expect("errors"),
        s["warnings"].as_u64().expect("warnings"),
        v["files"][0]["findings"].clone(),
    )
}

/// suggest → conform → validate, with no hand edits in between.
fn round_trip(export: &str, dataset: &str, ext: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mapping = dir.path().join("m.yaml");
    govdict()
        .args(["map", "suggest", export, "--dataset", dataset, "--output"])
        .arg(&mapping)
        .assert()
        .success();
    let out = dir.path().join(format!("std.{ext}"));
    let output = govdict()
        .args(["conform", export, "--mapping"])
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("runs");
    let summary = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{summary}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(summary.contains("0 rejected"), "{summary}");
    let (errors, warnings, findings) = validate(&out, dataset);
    assert_eq!((errors, warnings), (0, 0), "{findings:#}");
    assert_eq!(findings.as_array().map(Vec::len), Some(0), "{findings:#}");
}

#[test]
fn unhelpful_resident_export_conforms_to_a_clean_file() {
    round_trip(
        "examples/unhelpful/resident_pinyin.csv",
        "resident-registration",
        "csv",
    );
}

#[test]
fn unhelpful_enterprise_export_conforms_to_a_clean_workbook() {
    round_trip(
        "examples/unhelpful/enterprise_initials.csv",
        "enterprise-registration",
        "xlsx",
    );
}

#[test]
fn merged_title_workbook_conforms_to_a_clean_file() {
    round_trip(
        "examples/unhelpful/social_insurance_merged_title.xlsx",
        "social-insurance-enrolment",
        "csv",
    );
}

#[test]
fn english_system_export_conforms_to_a_clean_file() {
    round_trip(
        "examples/unhelpful/tax_system_english.csv",
        "tax-registration",
        "csv",
    );
}

#[test]
fn recodes_and_reformats_as_the_summary_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("std.csv");
    let output = govdict()
        .args([
            "conform",
            "examples/unhelpful/resident_pinyin.csv",
            "--mapping",
            "examples/unhelpful/resident_pinyin.truth.yaml",
            "--headers",
            "id",
            "--output",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let summary = String::from_utf8(output.stdout).expect("utf-8");
    // The truth file has no value map or source format: code names and dates are
    // recognised anyway.
    assert!(
        summary.contains("xbmc → DE00003 (DE00003): recoded 38"),
        "{summary}"
    );
    assert!(summary.contains("csrq → DE00004 (DE00004): recoded 0, reformatted 38"));
    // Tables for people start with a byte-order mark (Excel); the text follows it.
    let text = std::fs::read_to_string(&out).expect("output");
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("DE00001,DE00002,DE00003,DE00005,DE00004,"));
    assert_eq!(
        lines.next(),
        Some("350181199205083001,曾明英,2,12,19920508,366599760,01,1,福建省福州市晋安区杨桥中路56号,350111,2020-06-03,15279927047")
    );
}

const MAPPING: &str = "mapping:
  dataset: enterprise-registration
  fields:
    - {source: code, element: DE01001}
    - {source: name, element: DE01002}
    - {source: capital, element: DE01007}
    - {source: founded, element: DE02001, source_format: \"YYYY年M月D日\"}
    - {source: memo, element: null}
";

fn write_case(dir: &Path, body: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let input = dir.join("in.csv");
    std::fs::write(&input, body).expect("write input");
    let mapping = dir.join("m.yaml");
    std::fs::write(&mapping, MAPPING).expect("write mapping");
    (input, mapping)
}

#[test]
fn failing_rows_go_to_rejects_with_their_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (input, mapping) = write_case(
        dir.path(),
        "code,name,capital,founded,memo,extra\n\
         91350123N71593285M, =HYPERLINK(\"x\") ,\"1,250.5\",2003年10月2日,内部,x\n\
         91350123N71593285X,坏代码公司,-5,2003年13月2日,,\n",
    );
    let out = dir.path().join("std.csv");
    let rejects = dir.path().join("rejects.csv");
    let output = govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .arg("--rejects")
        .arg(&rejects)
        .output()
        .expect("runs");
    let summary = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(1), "{summary}");
    assert!(
        summary.contains("2 rows read, 1 written, 1 rejected"),
        "{summary}"
    );
    assert!(summary.contains("memo, extra"), "{summary}");
    assert!(summary.contains("name → 企业名称 (DE01002): recoded 0, reformatted 0, trimmed 1"));

    // Tables for people start with a byte-order mark (Excel); the text follows it.
    let text = std::fs::read_to_string(&out).expect("output");
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    assert_eq!(
        text,
        "统一社会信用代码,企业名称,注册资本,成立日期\n\
         91350123N71593285M,\"'=HYPERLINK(\"\"x\"\")\",1250.5,2003-10-02\n"
    );
    let text = std::fs::read_to_string(&rejects).expect("rejects");
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("code,name,capital,founded,memo,extra,govdict_codes,govdict_row")
    );
    let row = lines.next().expect("rejected row");
    // Original values; the negative capital of a numeric element is not a formula.
    assert!(
        row.starts_with("91350123N71593285X,坏代码公司,-5,2003年13月2日,,,"),
        "{row}"
    );
    assert!(row.contains("code: "), "{row}");
    assert!(row.contains("founded: "), "{row}");
    // The row number in the source export (header = row 1).
    assert!(row.ends_with(",3"), "{row}");
    assert_eq!(lines.next(), None);
}

#[test]
fn table_to_stdout_puts_the_summary_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (input, mapping) = write_case(
        dir.path(),
        "code,name\n91350123N71593285M,福州源谷建筑工程有限公司\n",
    );
    let output = govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .args(["--output", "-", "--headers", "identifier"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).expect("utf-8"),
        "TYSHXYDM,QYMC\n91350123N71593285M,福州源谷建筑工程有限公司\n"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 written"));
}

#[test]
fn never_overwrites_its_input_and_checks_the_output_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "code,name\n91350123N71593285M,福州源谷建筑工程有限公司\n";
    let (input, mapping) = write_case(dir.path(), body);
    govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(&input)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&input).expect("input"), body);
    govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(dir.path().join("out.txt"))
        .assert()
        .code(2);
    assert!(!dir.path().join("out.txt").exists());
}

#[test]
fn a_mapping_naming_an_unknown_element_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "a\n1\n").expect("write");
    let mapping = dir.path().join("m.yaml");
    std::fs::write(
        &mapping,
        "mapping:\n  fields:\n    - {source: a, element: DE99999}\n",
    )
    .expect("write");
    let out = dir.path().join("out.csv");
    let output = govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("DE99999"));
    assert!(!out.exists(), "a failed run leaves no output");
}

/// More than half of the rows rejected points to a wrong mapping: conform writes nothing
/// and exits 1 unless --force; low-confidence fields are flagged in the summary.
#[test]
fn refuses_when_most_rows_would_be_rejected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = dir.path().join("e.csv");
    std::fs::write(&export, "户口性质,姓名\n农村,张三\n城镇,李四\n农村,王五\n").expect("write");
    let mapping = dir.path().join("m.yaml");
    std::fs::write(
        &mapping,
        "mapping:\n  dataset: resident-registration\n  fields:\n    - {source: 户口性质, element: DE00010, confidence: 0.36}\n    - {source: 姓名, element: DE00002}\n",
    )
    .expect("write");
    let out = dir.path().join("out.csv");
    let rejects = dir.path().join("rejects.csv");
    let run = |force: bool| {
        let mut cmd = govdict();
        cmd.arg("conform")
            .arg(&export)
            .arg("--mapping")
            .arg(&mapping)
            .arg("-o")
            .arg(&out)
            .arg("--rejects")
            .arg(&rejects)
            .args(["--lang", "en"]);
        if force {
            cmd.arg("--force");
        }
        cmd.output().expect("runs")
    };
    let refused = run(false);
    assert_eq!(refused.status.code(), Some(1));
    let text = String::from_utf8_lossy(&refused.stdout);
    assert!(
        text.contains("refused") && text.contains("--force"),
        "{text}"
    );
    assert!(text.contains("confidence below"), "{text}");
    assert!(!out.exists(), "nothing is written when refused");
    assert!(!rejects.exists(), "nor the rejects");
    assert!(
        !text.contains("were written to") && text.contains("would be written"),
        "a refused run does not claim to have written anything: {text}"
    );
    let forced = run(true);
    assert_eq!(forced.status.code(), Some(1));
    assert!(out.exists());
}

#[test]
fn mobile_numbers_lose_separators_and_rejects_give_source_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "name,phone\n甲,138-0013-8000\n乙,138 0013 8000\n丙,010-12345678\n",
    )
    .expect("write input");
    let mapping = dir.path().join("m.yaml");
    std::fs::write(
        &mapping,
        "mapping:\n  fields:\n    - {source: name, element: DE00002}\n    - {source: phone, element: DE06001}\n",
    )
    .expect("write mapping");
    let out = dir.path().join("std.csv");
    let rejects = dir.path().join("rejects.csv");
    let output = govdict()
        .arg("conform")
        .arg(&input)
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .arg("--rejects")
        .arg(&rejects)
        .args(["--output-encoding", "utf-8"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("output");
    assert_eq!(text.matches("13800138000").count(), 2, "{text}");
    let text = std::fs::read_to_string(&rejects).expect("rejects");
    let row = text.lines().nth(1).expect("rejected row");
    assert!(row.starts_with("丙,010-12345678,"), "{row}");
    assert!(row.ends_with(",4"), "{row}");
}

#[test]
fn a_landline_in_a_mobile_column_is_called_a_landline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "手机号码\n010-12345678\n138-0013-8000\n").expect("write");
    let output = govdict()
        .arg("validate")
        .arg(&input)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("looks like a landline"), "{text}");
    assert!(text.contains("11 digits written together"), "{text}");
    assert!(
        !text.contains("0013"),
        "the message never quotes the value: {text}"
    );
}

/// suggest (no --dataset, as a steward starts) → conform with --rejects → validate: the
/// standard file validates and every data row is written or rejected, never lost, with
/// an exit code that says which.
/// Returns the mapping, conform's summary and the standard file.
fn end_to_end_without_dataset(export: &str, dataset: &str, rows: usize) -> [String; 3] {
    let dir = tempfile::tempdir().expect("temp dir");
    let mapping = dir.path().join("m.yaml");
    govdict()
        .args(["map", "suggest", export, "--output"])
        .arg(&mapping)
        .assert()
        .success();
    let out = dir.path().join("std.csv");
    let rejects = dir.path().join("rejects.csv");
    let output = govdict()
        .args(["conform", export, "--mapping"])
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .arg("--rejects")
        .arg(&rejects)
        .output()
        .expect("runs");
    let summary = String::from_utf8_lossy(&output.stdout).to_string();
    let count =
        |p: &Path| std::fs::read_to_string(p).map_or(0, |t| t.lines().count().saturating_sub(1));
    let (written, rejected) = (count(&out), count(&rejects));
    assert_eq!(written + rejected, rows, "{summary}");
    assert_eq!(
        output.status.code(),
        Some(i32::from(rejected > 0)),
        "{summary}"
    );
    // Columns outside the dataset may stay (an `unknown-column` warning); no errors.
    let (errors, _, findings) = validate(&out, dataset);
    assert_eq!(errors, 0, "{findings:#}");
    let read = |p: &Path| std::fs::read_to_string(p).expect("readable");
    [read(&mapping), summary, read(&out)]
}

/// 金保 `AAC002` names 社会保障号码, an element outside the resident register; its values
/// are citizen identity numbers, a required field no other column has, so the column goes
/// to 公民身份号码 and the standard file is complete.
#[test]
fn a_system_code_outside_the_dataset_yields_to_a_required_field_its_values_fit() {
    let [mapping, _, _] = end_to_end_without_dataset(
        "tests/fixtures/mapping/resident_jinbao_codes.csv",
        "resident-registration",
        40,
    );
    let m = govdict::mapping::MappingFile::from_yaml(&mapping).expect("mapping");
    let aac002 = m
        .fields
        .iter()
        .find(|f| f.source == "AAC002")
        .expect("AAC002");
    assert_eq!(aac002.element.as_deref(), Some("DE00001"), "{mapping}");
    assert!(
        mapping.contains("社会保障号码"),
        "the rival is an alternative: {mapping}"
    );
}

/// A taxpayer-number column with a vendor header (`C7`) beside the credit code column is
/// proposed as the required 纳税人识别号 on its values, below 0.5 so that it is reviewed.
#[test]
fn a_required_field_no_column_took_goes_to_an_unmapped_column_its_values_fit() {
    let [mapping, summary, _] = end_to_end_without_dataset(
        "tests/fixtures/mapping/tax_vendor_taxpayer_id.csv",
        "tax-registration",
        40,
    );
    // conform lists it among the mappings to review.
    assert!(summary.contains("confidence below 0.5"), "{summary}");
    assert!(summary.contains("C7 → DE04001 (0.45)"), "{summary}");
    let m = govdict::mapping::MappingFile::from_yaml(&mapping).expect("mapping");
    let c7 = m.fields.iter().find(|f| f.source == "C7").expect("C7");
    assert_eq!(c7.element.as_deref(), Some("DE04001"), "{mapping}");
    assert!(c7.confidence.is_some_and(|c| c < 0.5), "{mapping}");
    assert!(
        c7.note
            .as_deref()
            .is_some_and(|n| n.contains("required field")),
        "{mapping}"
    );
}

/// The tour a steward follows on the pinyin-headed resident export, with no dataset
/// named: 落户日期 (`luohu_riqi`) stays the household registration date in the standard
/// file, never the date of death, and every row is kept.
#[test]
fn the_tour_keeps_the_settlement_date() {
    let [_, _, standard] = end_to_end_without_dataset(
        "examples/unhelpful/resident_pinyin.csv",
        "resident-registration",
        38,
    );
    let header = standard.lines().next().unwrap_or_default();
    assert!(header.contains("户口登记日期"), "{header}");
    assert!(!header.contains("死亡日期"), "{header}");
}

/// A credit-code column under a vendor header (`F4`) beside the credit-code column of its
/// own: 统一社会信用代码 is optional in the tax register, so the column the values alone
/// gave it goes to the required 纳税人识别号, reviewed below 0.5.
#[test]
fn a_required_field_takes_a_column_an_optional_field_had_on_its_values_alone() {
    let [mapping, _, _] = end_to_end_without_dataset(
        "tests/fixtures/mapping/tax_credit_code_beside_taxpayer_id.csv",
        "tax-registration",
        40,
    );
    let m = govdict::mapping::MappingFile::from_yaml(&mapping).expect("mapping");
    let f4 = m.fields.iter().find(|f| f.source == "F4").expect("F4");
    assert_eq!(f4.element.as_deref(), Some("DE04001"), "{mapping}");
    assert!(f4.confidence.is_some_and(|c| c < 0.5), "{mapping}");
}

/// Eleven-digit office codes (`13501020000`) under a vendor header read as mobile
/// numbers one by one; the column goes to 主管税务机关代码, never to 联系电话.
#[test]
fn office_codes_under_a_vendor_header_are_not_telephone_numbers() {
    let [mapping, _, _] = end_to_end_without_dataset(
        "tests/fixtures/mapping/tax_office_code_vendor.csv",
        "tax-registration",
        40,
    );
    let m = govdict::mapping::MappingFile::from_yaml(&mapping).expect("mapping");
    let f2 = m.fields.iter().find(|f| f.source == "F2").expect("F2");
    assert_eq!(f2.element.as_deref(), Some("DE04004"), "{mapping}");
}

/// Amounts with thousands separators (`1,043.11`) under a vendor header (GBK, tabs, a
/// blank first line) are no 统计年度: without the separators they fail its checks, so the
/// column is not proposed for it and conform keeps every row.
#[test]
fn separated_amounts_are_not_taken_for_a_year() {
    let [mapping, _, _] = end_to_end_without_dataset(
        "tests/fixtures/mapping/enterprise_amount_vendor.csv",
        "enterprise-registration",
        40,
    );
    assert!(!mapping.contains("DE02014"), "{mapping}");
}
