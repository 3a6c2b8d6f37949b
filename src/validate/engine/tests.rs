use super::*;

fn dict() -> Dictionary {
    crate::dictionary::load(None).expect("embedded dictionary")
}

fn read(name: &str, text: &str) -> Result<FileReport, FindingsError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let dict = dict();
    let dataset = dict.dataset("enterprise-registration").unwrap().clone();
    read_findings(&dict, &dataset, &path, "t", None)
}

#[test]
fn csv_findings_become_a_file_report_without_values() {
    let text = "row,column,header,element,code,severity,first_row\n\
                5,2,企业名称,DE01002,duplicate-value,error,3\n\
                2,1,统一社会信用代码,DE01001,checksum-failed,error,\n";
    let file = read("f.csv", text).unwrap();
    assert_eq!(file.findings.len(), 2);
    // Sorted into file order.
    assert_eq!(file.findings[0].row, Some(2));
    assert_eq!(file.findings[0].cell.as_deref(), Some("A2"));
    assert_eq!(file.findings[1].first_row, Some(3));
    assert!(file.findings[1].message.en.contains("row 3"));
    assert!(file.findings.iter().all(|f| f.value.is_none()));
    assert_eq!(file.tally.errors, 2);
    assert_eq!(file.dataset.as_deref(), Some("enterprise-registration"));
    assert_eq!(file.columns[0].header, "统一社会信用代码");
}

#[test]
fn json_lines_take_numbers_nulls_and_text() {
    let text = "{\"row\": 7, \"column\": 1, \"header\": \"统一社会信用代码\", \"element\": null, \"code\": \"duplicate-key\", \"severity\": \"error\", \"first_row\": \"4\"}\n\n";
    let file = read("f.jsonl", text).unwrap();
    let f = &file.findings[0];
    assert_eq!((f.row, f.column, f.first_row), (Some(7), Some(1), Some(4)));
    assert_eq!(f.element, None);
    assert_eq!(f.code, Code::DuplicateKey);
}

#[test]
fn bad_input_is_an_error_with_its_line() {
    let e = read("f.csv", "row,column,code\n2,1,no-such-code\n").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.what.en.contains("no-such-code"));
    let e = read("f.csv", "row,code\n2,required-value\n").unwrap_err();
    assert!(e.what.en.contains("column"));
    let e = read(
        "f.jsonl",
        "{\"row\": 0, \"column\": 1, \"code\": \"required-value\"}\n",
    )
    .unwrap_err();
    assert!(e.what.en.contains("row"));
    let e = read("f.jsonl", "not json\n").unwrap_err();
    assert_eq!(e.line, Some(1));
}

#[test]
fn an_overlong_line_is_refused() {
    let text = format!("row,column,code\n2,1,{}\n", "x".repeat(MAX_LINE_BYTES + 10));
    let e = read("f.csv", &text).unwrap_err();
    assert_eq!(e.line, Some(2));
}

#[test]
fn max_findings_caps_the_list_not_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.csv");
    std::fs::write(
        &path,
        "row,column,code\n2,1,required-value\n3,1,required-value\n",
    )
    .unwrap();
    let dict = dict();
    let dataset = dict.dataset("enterprise-registration").unwrap().clone();
    let file = read_findings(&dict, &dataset, &path, "t", Some(1)).unwrap();
    assert_eq!(file.findings.len(), 1);
    assert!(file.truncated);
    assert_eq!(file.tally.errors, 2);
}
