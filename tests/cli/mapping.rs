//! `govdict map suggest` and `govdict map crosswalk`: suggestion accuracy over the shipped
//! examples, renderings, and crosswalks of two departments' mapping files.

use std::path::{Path, PathBuf};

use govdict::mapping::MappingFile;

use crate::support::govdict;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every export with a truth file: the unhelpful examples and the four departmental ones.
fn corpus() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let unhelpful = root().join("examples/unhelpful");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&unhelpful)
        .expect("examples/unhelpful")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "xlsx"))
        .collect();
    entries.sort();
    for csv in entries {
        let stem = csv.file_stem().expect("stem").to_string_lossy().to_string();
        out.push((csv.clone(), unhelpful.join(format!("{stem}.truth.yaml"))));
    }
    for stem in [
        "enterprise_registration",
        "resident_registration",
        "social_insurance_enrolment",
        "tax_registration",
    ] {
        out.push((
            root().join(format!("examples/{stem}.csv")),
            root().join(format!("tests/fixtures/mapping/{stem}.truth.yaml")),
        ));
    }
    out
}

/// Runs `map suggest` (YAML) and reads the mapping it wrote.
fn suggest(file: &Path, dataset: Option<&str>) -> MappingFile {
    let mut cmd = govdict();
    cmd.args(["map", "suggest"]).arg(file);
    if let Some(d) = dataset {
        cmd.args(["--dataset", d]);
    }
    let output = cmd.output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    MappingFile::from_yaml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// (correct, total, wrong columns) of one export.
fn score(file: &Path, truth: &MappingFile) -> (usize, usize, Vec<String>) {
    let got = suggest(file, truth.dataset.as_deref());
    let mut wrong = Vec::new();
    for t in &truth.fields {
        let element = got.field(&t.source).and_then(|f| f.element.clone());
        if element != t.element {
            wrong.push(format!(
                "{}: {:?} (want {:?})",
                t.source, element, t.element
            ));
        }
    }
    let total = truth.fields.len();
    (total - wrong.len(), total, wrong)
}

#[test]
fn top1_accuracy_is_at_least_95_percent() {
    let mut correct = 0;
    let mut total = 0;
    let mut report = Vec::new();
    let corpus = corpus();
    assert!(corpus.len() >= 6, "two unhelpful exports and four examples");
    for (file, truth) in &corpus {
        let truth = MappingFile::load(truth).expect("truth file");
        let (c, t, wrong) = score(file, &truth);
        report.push(format!("{}: {c}/{t} {wrong:?}", file.display()));
        correct += c;
        total += t;
    }
    let accuracy = correct as f64 / total as f64;
    println!(
        "map suggest top-1 accuracy: {correct}/{total} = {:.1}%\n{}",
        accuracy * 100.0,
        report.join("\n")
    );
    assert!(accuracy >= 0.95, "{}", report.join("\n"));
}

#[test]
fn headers_in_no_synonym_list_still_map_with_value_map_and_source_format() {
    let file = root().join("examples/unhelpful/resident_pinyin.csv");
    let truth = MappingFile::load(&root().join("examples/unhelpful/resident_pinyin.truth.yaml"))
        .expect("truth");
    let (correct, total, wrong) = score(&file, &truth);
    assert!(correct + 1 >= total, "{wrong:?}");
    let got = suggest(&file, Some("resident-registration"));
    let sex = got.field("xbmc").expect("xbmc column");
    let values = sex.values.as_ref().expect("a value map for 男/女");
    assert_eq!(values.get("男").map(String::as_str), Some("1"));
    assert_eq!(values.get("女").map(String::as_str), Some("2"));
    let birth = got.field("csrq").expect("csrq column");
    assert_eq!(birth.source_format.as_deref(), Some("YYYY/MM/DD"));
}

#[test]
fn renderings_and_xlsx_only_to_a_file() {
    let file = "examples/unhelpful/enterprise_initials.csv";
    let output = govdict()
        .args(["map", "suggest", file, "--format", "xlsx"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--output"));

    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = dir.path().join("m.xlsx");
    govdict()
        .args(["map", "suggest", file, "--format", "xlsx", "--output"])
        .arg(&xlsx)
        .assert()
        .success();
    assert!(std::fs::read(&xlsx)
        .expect("xlsx written")
        .starts_with(b"PK"));

    let output = govdict()
        .args(["map", "suggest", file, "--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(
        text.lines().count(),
        15,
        "a header and one row per column:\n{text}"
    );
    assert!(text.contains("col9"));

    let output = govdict()
        .args(["map", "suggest", file, "--format", "markdown"])
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("| clrq | DE02001 |"), "{text}");
}

#[test]
fn suggest_reads_spreadsheets_with_a_title_row() {
    // A title row above the header is skipped (the validation pipeline's header logic).
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("titled.csv");
    std::fs::write(
        &csv,
        "企业名单（2024年）\nTYSHXYDM,QYMC\n91350123N71593285M,福州源谷建筑工程有限公司\n",
    )
    .expect("write");
    let got = suggest(&csv, None);
    assert_eq!(
        got.field("TYSHXYDM").and_then(|f| f.element.as_deref()),
        Some("DE01001")
    );
    assert!(got.field("企业名单（2024年）").is_none());

    // A workbook (written by conform) is read like a CSV export.
    let xlsx = dir.path().join("std.xlsx");
    govdict()
        .args([
            "conform",
            "examples/unhelpful/enterprise_initials.csv",
            "--mapping",
            "examples/unhelpful/enterprise_initials.truth.yaml",
            "--output",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    let got = suggest(&xlsx, Some("enterprise-registration"));
    assert_eq!(
        got.field("统一社会信用代码")
            .and_then(|f| f.element.as_deref()),
        Some("DE01001")
    );
    assert_eq!(got.fields.len(), 14);
}

#[test]
fn suggest_output_never_replaces_its_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "XB\n1\n").expect("write");
    govdict()
        .args(["map", "suggest"])
        .arg(&csv)
        .arg("--output")
        .arg(&csv)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&csv).expect("read"), "XB\n1\n");
}

#[test]
fn crosswalk_pairs_two_departments_through_the_standard() {
    let output = govdict()
        .args([
            "map",
            "crosswalk",
            "examples/mappings/tax.yaml",
            "examples/mappings/enterprise.yaml",
        ])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    let pair = |a: &str, element: &str, b: &str| {
        rows.iter().any(|r| {
            r.first().map(String::as_str) == Some(a)
                && r.get(1).map(String::as_str) == Some(element)
                && r.get(3).map(String::as_str) == Some(b)
        })
    };
    assert!(pair("SHXYDM", "DE01001", "统一社会信用代码"), "{text}");
    assert!(pair("NSRMC", "DE01002", "企业名称"), "{text}");
    // A tax field the market register does not carry is a gap, not a pair: the tax
    // register's LXDH is the general telephone element, the market register's column
    // holds mobile numbers only.
    assert!(pair("NSRSBH", "DE04001", ""), "{text}");
    assert!(pair("LXDH", "DE06009", ""), "{text}");

    let dir = tempfile::tempdir().expect("temp dir");
    let md = dir.path().join("cw.md");
    govdict()
        .args([
            "map",
            "crosswalk",
            "examples/mappings/tax.yaml",
            "examples/mappings/enterprise.yaml",
            "--format",
            "markdown",
            "--output",
        ])
        .arg(&md)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).expect("markdown written");
    assert!(text.contains("| SHXYDM | DE01001 |"), "{text}");
}

#[test]
fn the_tax_mapping_example_loads_and_validates() {
    let m = MappingFile::load(&root().join("examples/mappings/tax.yaml")).expect("tax.yaml");
    assert_eq!(m.fields.len(), 15);
    assert!(m.field("NSRZT").and_then(|f| f.values.as_ref()).is_some());
    // validate accepts it as the header mapping of the tax export.
    let output = govdict()
        .args([
            "validate",
            "examples/tax_registration_clean.csv",
            "--mapping",
            "examples/mappings/tax.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// Without --dataset, `map suggest` chooses the dataset as `validate` does, says so with
/// its margin, writes it into the mapping, and comments each field with the element's
/// name and alternatives. 落户日期 (`luohu_riqi`) stays the household registration date.
#[test]
fn suggest_without_dataset_chooses_and_says_so() {
    let file = root().join("examples/unhelpful/resident_pinyin.csv");
    let output = govdict()
        .args(["map", "suggest"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("resident-registration") && stderr.contains("margin"),
        "{stderr}"
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("# 户口登记日期 ("), "{text}");
    // Matched columns show their alternatives too, with the elements' names.
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("# 公民身份号码 (")
                && l.contains("alternatives: DE")
                && l.contains("社会保障号码")),
        "{text}"
    );
    let m = MappingFile::from_yaml(&text).expect("a mapping file");
    assert_eq!(m.dataset.as_deref(), Some("resident-registration"));
    let luohu = m
        .fields
        .iter()
        .find(|f| f.source == "luohu_riqi")
        .expect("field");
    assert_eq!(luohu.element.as_deref(), Some("DE02008"), "{text}");
}

/// System column codes (金保 AAC002 …) and English snake/camel headers are matched.
#[test]
fn system_codes_and_english_headers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("si.csv");
    std::fs::write(
        &file,
        "AAC002,AAC003,AAE140,legal_rep,regAddr\n\
         11010519491231002X,张三,110,李四,福建省福州市鼓楼区五四路12号\n\
         110101199003070513,李四,310,王五,福建省福州市台江区工业路3号\n",
    )
    .expect("write");
    let m = suggest(&file, None);
    let element = |s: &str| {
        m.fields
            .iter()
            .find(|f| f.source == s)
            .and_then(|f| f.element.clone())
    };
    assert_eq!(element("AAC002").as_deref(), Some("DE05001"));
    assert_eq!(element("AAC003").as_deref(), Some("DE00002"));
    assert_eq!(element("AAE140").as_deref(), Some("DE05002"));
    assert_eq!(element("legal_rep").as_deref(), Some("DE01005"));
    assert_eq!(element("regAddr").as_deref(), Some("DE03002"));
}

/// A header that names an element whose checks the values fail is not proposed, and the
/// note says why; a row counter is never mapped.
#[test]
fn values_refute_a_header_match() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("r.csv");
    let mut text = String::from("序号,户号,姓名\n");
    for i in 1..=12 {
        let kind = if i % 2 == 0 { "农村" } else { "城镇" };
        text.push_str(&format!("{i},{kind},张{i}\n"));
    }
    std::fs::write(&file, text).expect("write");
    let output = govdict()
        .args([
            "map",
            "suggest",
            "--format",
            "csv",
            "--dataset",
            "resident-registration",
        ])
        .arg(&file)
        .output()
        .expect("runs");
    let out = String::from_utf8(output.stdout).expect("utf-8");
    let row = |h: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{h},")))
            .unwrap_or_else(|| panic!("{h}: {out}"))
            .to_string()
    };
    assert!(row("户号").starts_with("户号,,"), "{out}");
    assert!(row("户号").contains("not proposed"), "{out}");
    assert!(row("序号").starts_with("序号,,"), "{out}");
}

/// `validate` without --dataset on the pinyin resident export matches two columns that
/// two datasets share: the choice is a guess, said on standard error and as a
/// `dataset-guessed` finding with its margin, instead of silent false findings.
#[test]
fn validate_says_when_its_dataset_choice_is_a_guess() {
    let file = root().join("examples/unhelpful/resident_pinyin.csv");
    let output = govdict()
        .arg("validate")
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("dataset-guessed") && stderr.contains("margin 0.00"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let findings = v["files"][0]["findings"].as_array().expect("findings");
    let guess = findings
        .iter()
        .find(|f| f["code"] == "dataset-guessed")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(guess["severity"], "warning");
    assert!(
        guess["message"]
            .as_str()
            .is_some_and(|m| m.contains("--dataset")),
        "{guess}"
    );
    // In Chinese too.
    let output = govdict()
        .args(["--lang", "zh", "validate"])
        .arg(&file)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("猜测"), "{stderr}");
    // A clear choice (element names as headers) is no guess.
    let output = govdict()
        .arg("validate")
        .arg(root().join("examples/resident_registration.csv"))
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("dataset-guessed"));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("dataset-guessed"));
}

/// A dictionary of 12,000 elements in three included files (each under the loader's node
/// limit) and a 40-column export: `map suggest` loads it, finds each named column's
/// element among thousands of similar names and chooses the dataset by itself.
#[test]
fn suggest_works_with_a_large_dictionary_in_included_files() {
    const OBJECTS: [&str; 20] = [
        "企业", "人员", "车辆", "房屋", "土地", "项目", "合同", "证照", "设备", "场所", "产品",
        "药品", "食品", "学校", "医院", "船舶", "河道", "林地", "矿山", "工程",
    ];
    const QUALIFIERS: [&str; 20] = [
        "首次", "最近", "申报", "审批", "变更", "注销", "登记", "备案", "核准", "年检", "抽查",
        "处罚", "许可", "补贴", "认定", "评估", "验收", "检测", "撤销", "延续",
    ];
    const PROPERTIES: [(&str, &str); 6] = [
        ("名称", "c..100"),
        ("编号", "c..30"),
        ("日期", "YYYY-MM-DD"),
        ("金额", "n..18,2"),
        ("地址", "c..200"),
        ("数量", "n..10"),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let dict = dir.path().join("dict");
    std::fs::create_dir_all(dict.join("parts")).expect("mkdir");
    std::fs::write(
        dict.join("dictionary.yaml"),
        "govdict: 1\nid: test.large\nname: 大目录\nversion: 1.0.0\n\
         include: [parts/*.yaml]\nclassification:\n  - {level: L1, name: 不敏感}\n",
    )
    .expect("manifest");
    let name = |i: usize| {
        let (prop, _) = PROPERTIES[i % 6];
        format!(
            "{}{}{}{prop}",
            OBJECTS[(i / 6) % 20],
            QUALIFIERS[(i / 120) % 20],
            i / 2400
        )
    };
    for part in 0..3 {
        let mut text = String::from("elements:\n");
        for i in part * 4000..(part + 1) * 4000 {
            let (_, format) = PROPERTIES[i % 6];
            let kind = match format {
                "YYYY-MM-DD" => "date",
                "n..18,2" => "decimal",
                "n..10" => "integer",
                _ => "string",
            };
            text.push_str(&format!(
                "  - {{id: E{i:05}, name: {}, type: {kind}, format: \"{format}\", \
                 classification: L1, since: 1.0.0}}\n",
                name(i)
            ));
        }
        if part == 2 {
            text.push_str("datasets:\n  - id: big\n    name: 大数据集\n    fields:\n");
            for i in (0..12_000).step_by(300) {
                text.push_str(&format!("      - {{element: E{i:05}, required: true}}\n"));
            }
        }
        std::fs::write(dict.join(format!("parts/p{part}.yaml")), text).expect("part");
    }
    // Every 300th element is a column, headed by its name; values fit its format.
    let picked: Vec<usize> = (0..12_000).step_by(300).collect();
    let mut csv = picked
        .iter()
        .map(|&i| name(i))
        .collect::<Vec<_>>()
        .join(",");
    csv.push('\n');
    for row in 1..=5 {
        let cells: Vec<String> = picked
            .iter()
            .map(|&i| match PROPERTIES[i % 6].1 {
                "YYYY-MM-DD" => format!("2024-01-{row:02}"),
                "n..18,2" => format!("{row}.50"),
                "n..10" => row.to_string(),
                _ => format!("值{row}"),
            })
            .collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    let export = dir.path().join("wide.csv");
    std::fs::write(&export, csv).expect("export");
    let output = govdict()
        .arg("--dict")
        .arg(&dict)
        .args(["map", "suggest", "--format", "csv"])
        .arg(&export)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("dataset chosen from the columns: big"),
        "{stderr}"
    );
    let out = String::from_utf8(output.stdout).expect("utf-8");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), picked.len(), "{out}");
    for (row, &i) in rows.iter().zip(&picked) {
        assert!(row.starts_with(&format!("{},E{i:05},", name(i))), "{row}");
    }
}
