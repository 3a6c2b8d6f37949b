//! One shared set of sample findings every renderer is tested on: two files, several
//! codes, a spreadsheet cell, a masked value, a header built to break every format's
//! escaping, and a list cut by `--max-findings`.

use crate::finding::{Code, Finding, Severity, Tally};
use crate::report::{ColumnInfo, DictionaryRef, FileReport, Report};
use crate::text::Text;

/// The masked identity number that must appear in outputs that show values.
pub(crate) const MASKED_ID: &str = "110***********12X";

/// A header that needs escaping in every output format.
pub(crate) const HOSTILE_HEADER: &str = "<script>alert(\"x&y\")</script>, a::b\nc%d";

fn column(index: u32, header: &str, element: Option<&str>, method: Option<&str>) -> ColumnInfo {
    ColumnInfo {
        index,
        header: header.to_owned(),
        element: element.map(str::to_owned),
        method: method.map(str::to_owned),
    }
}

fn tally(findings: &[Finding], extra: &[(Code, u64)]) -> Tally {
    let mut t = Tally::default();
    for f in findings {
        t.count(f);
    }
    for &(code, n) in extra {
        for _ in 0..n {
            t.count(&Finding::new(code, Text::new("", "")));
        }
    }
    t
}

fn tax_csv() -> FileReport {
    let mut unknown = Finding::new(
        Code::UnknownColumn,
        Text::new(
            "列不对应数据集中的任何数据元",
            "the column maps to no element of the dataset",
        ),
    )
    .at(1, 4);
    unknown.header = Some(HOSTILE_HEADER.to_owned());
    unknown.suggestion = Some("备注".to_owned());
    unknown.line = Some(1);

    let mut checksum = Finding::new(
        Code::ChecksumFailed,
        Text::new(
            "公民身份号码校验位错误",
            "the check character of the citizen identity number is wrong",
        ),
    )
    .at(12, 2);
    checksum.header = Some("身份证号".to_owned());
    checksum.element = Some("DE00001".to_owned());
    checksum.value = Some(MASKED_ID.to_owned());
    // A quoted field with a line break earlier makes the physical line differ from the row.
    checksum.line = Some(13);

    let mut codelist = Finding::new(
        Code::NotInCodelist,
        Text::new(
            "值不在代码表 GB/T 2261.1-2003 中",
            "the value is not in code list GB/T 2261.1-2003",
        ),
    )
    .at(14, 3);
    codelist.header = Some("XB".to_owned());
    codelist.element = Some("DE00003".to_owned());
    codelist.value = Some("M".to_owned());
    codelist.suggestion = Some("1".to_owned());
    codelist.line = Some(15);

    let mut duplicate = Finding::new(
        Code::DuplicateValue,
        Text::new("唯一字段的值重复", "a value of a unique field is repeated"),
    )
    .at(20, 1);
    duplicate.header = Some("纳税人识别号".to_owned());
    duplicate.element = Some("DE01001".to_owned());
    duplicate.value = Some("91110000600037341L".to_owned());
    duplicate.first_row = Some(5);
    duplicate.line = Some(21);

    let mut blank = Finding::new(
        Code::BlankRow,
        Text::new("整行为空", "every cell of the row is empty"),
    )
    .at_row(30);
    blank.line = Some(31);

    let findings = vec![unknown, checksum, codelist, duplicate, blank];
    // `--max-findings 5` cut 41 more checksum failures from the list.
    let tally = tally(&findings, &[(Code::ChecksumFailed, 41)]);
    FileReport {
        path: "exports/tax.csv".to_owned(),
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".to_owned(),
        format: "csv".to_owned(),
        encoding: Some("GB18030".to_owned()),
        sheet: None,
        dataset: Some("enterprise-registration".to_owned()),
        rows: 1000,
        columns: vec![
            column(1, "纳税人识别号", Some("DE01001"), Some("synonym")),
            column(2, "身份证号", Some("DE00001"), Some("synonym")),
            column(3, "XB", Some("DE00003"), Some("mapping")),
            column(4, HOSTILE_HEADER, None, None),
        ],
        tally,
        findings,
        truncated: true,
    }
}

fn population_xlsx() -> FileReport {
    let mut missing = Finding::new(
        Code::MissingColumn,
        Text::new(
            "缺少必填数据元 DE00002（姓名）的列",
            "no column for the required element DE00002 (name)",
        ),
    );
    missing.element = Some("DE00002".to_owned());

    let mut required = Finding::new(
        Code::RequiredValue,
        Text::new("必填字段为空", "a required field is empty"),
    )
    .at(7, 3);
    required.header = Some("出生日期".to_owned());
    required.element = Some("DE00004".to_owned());

    let mut hidden = Finding::new(
        Code::HiddenContent,
        Text::new("第 9 行被隐藏", "row 9 is hidden"),
    )
    .at_row(9);
    hidden.severity = Severity::Warning;

    let findings = vec![missing, required, hidden];
    let tally = tally(&findings, &[]);
    FileReport {
        path: "reports\\2026\\户籍 q3.xlsx".to_owned(),
        sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752".to_owned(),
        format: "xlsx".to_owned(),
        encoding: None,
        sheet: Some("户籍".to_owned()),
        dataset: Some("population".to_owned()),
        rows: 50,
        columns: vec![
            column(1, "公民身份号码", Some("DE00001"), Some("name")),
            column(2, "性别", Some("DE00003"), Some("name")),
            column(3, "出生日期", Some("DE00004"), Some("name")),
        ],
        tally,
        findings,
        truncated: false,
    }
}

/// The shared sample report.
pub(crate) fn report() -> Report {
    Report {
        tool_version: "0.1.0".to_owned(),
        dictionary: DictionaryRef {
            id: "cn.example.city.elements".to_owned(),
            version: "1.2.0".to_owned(),
            sha256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae".to_owned(),
            source: None,
            config: None,
        },
        files: vec![tax_csv(), population_xlsx()],
    }
}

/// A report of one file without findings.
pub(crate) fn clean_report() -> Report {
    let mut r = report();
    r.files.truncate(1);
    if let Some(f) = r.files.first_mut() {
        f.findings.clear();
        f.tally = Tally::default();
        f.truncated = false;
    }
    r
}
