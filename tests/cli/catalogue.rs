//! `govdict export --to xlsx-catalogue`: the Excel catalogue read back with calamine has
//! the GB/T 19488 template's headers and one row per element, lists what it cannot
//! express, and no cell runs as a formula.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::support::govdict;

/// The sheet's cells as text, row by row.
fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("an xlsx workbook");
    let range = book.worksheet_range(name).expect("the sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn export(dict: Option<&str>, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("catalogue.xlsx");
    let mut cmd = govdict();
    if let Some(d) = dict {
        cmd.args(["--dict", d]);
    }
    cmd.args(["export", "--to", "xlsx-catalogue", "--output"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    path
}

#[test]
fn catalogue_has_the_template_headers_and_one_row_per_element() {
    let dir = tempfile::tempdir().unwrap();
    let path = export(None, dir.path());
    let rows = sheet(&path, "数据元");
    let expected = [
        "内部标识符",
        "中文名称",
        "英文名称",
        "中文全拼",
        "标识符",
        "版本",
        "同义名称",
        "定义",
        "对象类词",
        "特性词",
        "表示词",
        "数据类型",
        "表示格式",
        "值域",
        "关系",
        "计量单位",
        "状态",
        "提交机构",
        "批准日期",
        "备注",
        "敏感级别",
    ];
    assert_eq!(rows[0], expected);
    let dict: serde_json::Value = serde_json::from_slice(
        &govdict()
            .args(["export", "--to", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let elements = dict["elements"].as_array().unwrap();
    assert_eq!(rows.len() - 1, elements.len());
    for (row, e) in rows[1..].iter().zip(elements) {
        assert_eq!(row[0], e["id"].as_str().unwrap());
        assert_eq!(row[1], e["name"].as_str().unwrap());
    }
    let col = |h: &str| expected.iter().position(|x| *x == h).unwrap();
    let uscc = rows.iter().find(|r| r[1] == "统一社会信用代码").unwrap();
    assert_eq!(uscc[col("中文全拼")], "tongyishehuixinyongdaima");
    assert!(uscc[col("值域")].contains("GB 32100"), "{uscc:?}");
    assert_eq!(uscc[col("表示格式")], "an18");
    let sex = rows.iter().find(|r| r[1] == "性别").unwrap();
    assert!(sex[col("值域")].contains("2 女性"), "{sex:?}");
    let codes = sheet(&path, "代码表");
    assert!(codes.iter().any(|r| r[2] == "1" && r[3] == "男性"));
    let fields = sheet(&path, "数据集");
    assert!(fields
        .iter()
        .any(|r| r[0] == "enterprise-registration" && r[3] == "统一社会信用代码" && r[6] == "是"));
    let notes = sheet(&path, "说明").concat().join("\n");
    assert!(notes.contains("Not expressed"), "{notes}");
    assert!(notes.contains("approval date"), "{notes}");
}

#[test]
fn catalogue_cells_never_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = export(Some("tests/fixtures/export/formula.yaml"), dir.path());
    let mut all = sheet(&path, "数据元").concat();
    all.extend(sheet(&path, "代码表").concat());
    all.extend(sheet(&path, "数据集").concat());
    all.extend(sheet(&path, "说明").concat());
    for cell in &all {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "{cell:?} is a formula"
        );
    }
    for neutralised in [
        "'=cmd|' /C calc'!A0",
        "'-2+3 定义",
        "'@某机构",
        "'+测试代码",
        "'=数据集",
    ] {
        assert!(
            all.iter().any(|c| c == neutralised),
            "{neutralised} missing: {all:?}"
        );
    }
    assert!(all.iter().any(|c| c.starts_with("'=HYPERLINK")));
    // No cell holds a formula either.
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn catalogue_needs_an_output_file() {
    let out = govdict()
        .args(["export", "--to", "xlsx-catalogue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output"));
}
