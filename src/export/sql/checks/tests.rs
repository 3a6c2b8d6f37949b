use super::*;

fn dict() -> Dictionary {
    crate::dictionary::load(None).expect("embedded dictionary")
}

fn sql(dataset: &str, dialect: Dialect) -> String {
    query(&dict(), dataset, dialect, &QueryOptions::default()).expect("a query")
}

/// The `CASE` that names the first failing check of column `i`.
fn cell_case(q: &str, i: usize) -> &str {
    let end = q
        .find(&format!(" AS govdict_f{i},"))
        .or_else(|| q.find(&format!(" AS govdict_f{i}\n")))
        .unwrap();
    let start = q[..end].rfind("CASE WHEN (govdict_c").unwrap();
    &q[start..end]
}

#[test]
fn required_columns_report_required_value_and_others_nothing_when_empty() {
    let q = sql("enterprise-registration", Dialect::Postgres);
    // 统一社会信用代码 is required; 企业类型 is not.
    assert!(cell_case(&q, 0).contains("THEN 'required-value' ELSE"));
    assert!(cell_case(&q, 2).contains("THEN CAST(NULL AS VARCHAR) ELSE"));
}

#[test]
fn checks_keep_validates_order_one_finding_per_cell() {
    let q = sql("enterprise-registration", Dialect::Postgres);
    // 从业人数: integer n..8 with min 0: type, then format, then range.
    let case = cell_case(&q, 20);
    let at = |code: &str| case.find(&format!("THEN '{code}'")).unwrap();
    assert!(at("type-mismatch") < at("format-mismatch"));
    assert!(at("format-mismatch") < at("out-of-range"));
    // An alias of a code list comes before every other check.
    let case = cell_case(&q, 15);
    assert!(case.contains("translate(trim(govdict_c15)"));
    assert!(case.find("'not-in-codelist'").unwrap() < case.len());
}

#[test]
fn a_lowercase_check_character_is_a_format_finding_before_the_checksum() {
    let q = sql("resident-registration", Dialect::Postgres);
    let case = cell_case(&q, 0);
    let lower = case.find("'^[0-9]{17}x$'").unwrap();
    assert!(lower < case.find("'checksum-failed'").unwrap());
    // So for 社会保障号码 (gb11643-fprc), whose numbers end in the same check character.
    let q = sql("social-insurance-enrolment", Dialect::Postgres);
    let case = cell_case(&q, 0);
    let lower = case
        .find("'^[0-9]{17}x$')) THEN 'format-mismatch'")
        .unwrap();
    assert!(lower < case.find("'checksum-failed'").unwrap());
}

#[test]
fn duplicates_name_the_first_row_and_keys_have_no_element() {
    let q = sql("social-insurance-enrolment", Dialect::DuckDb);
    // The key is 社会保障号码 + 险种类型: compared trimmed, empty as ''.
    assert!(
        q.contains("PARTITION BY COALESCE(trim(govdict_c0), ''), COALESCE(trim(govdict_c4), '')")
    );
    assert!(q.contains("CAST(NULL AS VARCHAR) AS \"element\", 'duplicate-key' AS \"code\""));
    let q = sql("enterprise-registration", Dialect::DuckDb);
    // 企业名称 is unique: only cells that passed their checks take part.
    assert!(q.contains("FROM govdict_cells WHERE govdict_f1 IS NULL AND trim(govdict_c1) <> ''"));
    assert!(q.contains("WHERE govdict_row > govdict_first"));
}

#[test]
fn no_value_is_ever_selected() {
    let q = sql("resident-registration", Dialect::Postgres);
    let tail = &q[q.rfind("SELECT \"row\"").unwrap()..];
    assert!(!tail.contains("govdict_c0 AS"));
    for part in tail.split("UNION ALL") {
        assert!(!part.contains(" AS \"value\""), "{part}");
    }
}

#[test]
fn spark_quotes_with_backticks_escapes_backslashes_and_casts_safely() {
    let q = sql("enterprise-registration", Dialect::Spark);
    assert!(q.contains("`统一社会信用代码` AS govdict_c0"));
    assert!(q.contains(" RLIKE '^[+-]?([0-9]+\\\\.?[0-9]*|\\\\.[0-9]+)$'"));
    assert!(q.contains("try_cast("));
    assert!(!q.contains("strpos("));
    assert!(!q.contains("AS VARCHAR"));
    assert_eq!(Dialect::Spark.literal("it's"), "'it\\'s'");
}

#[test]
fn table_and_row_id_are_configurable() {
    let options = QueryOptions {
        table: Some("warehouse.people".into()),
        row_id: Some("line_no".into()),
    };
    let q = query(
        &dict(),
        "resident-registration",
        Dialect::Postgres,
        &options,
    )
    .unwrap();
    assert!(q.contains("FROM warehouse.people\n"));
    assert!(q.contains("CAST(\"line_no\" AS BIGINT)"));
    assert!(sql("resident-registration", Dialect::Postgres)
        .contains("FROM \"resident_registration\"\n"));
}

#[test]
fn an_unknown_dataset_is_an_error() {
    let e = query(
        &dict(),
        "no-such",
        Dialect::Postgres,
        &QueryOptions::default(),
    )
    .unwrap_err();
    assert!(e.message.en.contains("no-such"));
}

#[test]
fn spark_has_no_ddl() {
    assert!(super::super::ddl(&dict(), None, Dialect::Spark).is_err());
}

#[test]
fn an_identity_number_born_after_the_release_date_is_out_of_range_after_the_checksum() {
    // The embedded dictionary is released 2026-11-01; 公民身份号码 (gb11643) is column 0.
    for (dialect, born) in [
        (
            Dialect::Postgres,
            "CAST(substr(trim(govdict_c0), 7, 8) AS INTEGER) <= 20261101",
        ),
        (
            Dialect::DuckDb,
            "CAST(substr(trim(govdict_c0), 7, 8) AS INTEGER) <= 20261101",
        ),
        (
            Dialect::Spark,
            "try_cast(substr(trim(govdict_c0), 7, 8) AS INT) <= 20261101",
        ),
    ] {
        let q = sql("resident-registration", dialect);
        let case = cell_case(&q, 0);
        let bound = format!("WHEN NOT ({born}) THEN 'out-of-range'");
        let at = case
            .find(&bound)
            .unwrap_or_else(|| panic!("{dialect:?}: {case}"));
        // One finding per cell: a wrong check character is reported, not the date.
        assert!(case.find("'checksum-failed'").unwrap() < at);
    }
}

#[test]
fn a_foreign_residents_number_is_bounded_at_the_same_characters() {
    // 社会保障号码 (gb11643-fprc): citizen and foreign numbers carry YYYYMMDD at 7–14.
    let q = sql("social-insurance-enrolment", Dialect::Postgres);
    let case = cell_case(&q, 0);
    let at = case
        .find("WHEN NOT (CAST(substr(trim(govdict_c0), 7, 8) AS INTEGER) <= 20261101) THEN 'out-of-range'")
        .unwrap();
    assert!(case.find("'checksum-failed'").unwrap() < at);
}

#[test]
fn a_fifteen_digit_number_is_bounded_by_its_date_in_the_1900s() {
    let mut dict = dict();
    dict.manifest.released = Some("1990-06-30".into());
    let element = dict
        .element("DE00026")
        .expect("十五位居民身份证号码")
        .clone();
    let checks = expr::cell_checks(&dict, &element, Dialect::DuckDb, "v", &mut Vec::new());
    let rule = checks
        .iter()
        .position(|c| c.code == Code::ChecksumFailed)
        .unwrap();
    let bound = &checks[rule + 1];
    assert_eq!(bound.code, Code::OutOfRange);
    assert_eq!(
        bound.valid,
        "(19000000 + CAST(substr(v, 7, 6) AS INTEGER)) <= 19900630"
    );
}

#[test]
fn without_a_release_date_identity_numbers_have_no_date_bound() {
    let mut dict = dict();
    for released in [None, Some("2026-11".to_owned())] {
        // No date, or one that is not YYYY-MM-DD: validate checks no bound either.
        dict.manifest.released = released;
        let q = query(
            &dict,
            "resident-registration",
            Dialect::Postgres,
            &QueryOptions::default(),
        )
        .unwrap();
        assert!(!cell_case(&q, 0).contains("'out-of-range'"));
    }
}

#[test]
fn the_ddl_rejects_an_identity_number_born_after_the_release_date() {
    let ddl = super::super::ddl(&dict(), Some("resident-registration"), Dialect::Postgres).unwrap();
    let line = ddl
        .lines()
        .find(|l| l.contains("\"de00001_out_of_range\""))
        .expect("a constraint for the bound");
    // Reached only when the checksum passed, as validate reports one defect per cell.
    assert!(line.contains(
        "THEN TRUE ELSE (CAST(substr(trim(\"公民身份号码\"), 7, 8) AS INTEGER) <= 20261101) END"
    ));
}

/// The findings query of resident-registration with 公民身份号码's rule at `severity`.
fn with_rule_severity(severity: Option<crate::finding::Severity>) -> String {
    let mut dict = dict();
    let id = dict
        .elements
        .iter_mut()
        .find(|e| e.id == "DE00001")
        .unwrap();
    id.rule_severity = severity;
    query(
        &dict,
        "resident-registration",
        Dialect::Postgres,
        &QueryOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_rules_findings_carry_the_rule_severity_the_dictionary_sets() {
    use crate::finding::Severity;
    let q = with_rule_severity(Some(Severity::Warning));
    let case = cell_case(&q, 0);
    // The rule's findings, the date bound included, are tagged; the format's is not.
    for tag in [
        "format-mismatch/warning",
        "checksum-failed/warning",
        "out-of-range/warning",
    ] {
        assert!(case.contains(&format!("THEN '{tag}'")), "{tag}: {case}");
    }
    assert!(case.contains("THEN 'format-mismatch' WHEN"));
    // The finding row names the plain code and the severity.
    let tail = &q[q.rfind("SELECT \"row\"").unwrap()..];
    assert!(tail.contains(
        "CASE govdict_f0 WHEN 'checksum-failed/warning' THEN 'checksum-failed' WHEN 'format-mismatch/warning' THEN 'format-mismatch' WHEN 'out-of-range/warning' THEN 'out-of-range' ELSE govdict_f0 END AS \"code\""
    ));
    assert!(tail.contains(
        "CASE govdict_f0 WHEN 'checksum-failed/warning' THEN 'warning' WHEN 'format-mismatch/warning' THEN 'warning' WHEN 'out-of-range/warning' THEN 'warning' ELSE 'error' END AS \"severity\""
    ));
    // Other columns, and duplicates, stay errors.
    assert!(tail.contains("govdict_f1 AS \"code\", 'error' AS \"severity\""));
}

#[test]
fn a_rule_severity_of_error_or_none_leaves_the_codes_plain() {
    for severity in [None, Some(crate::finding::Severity::Error)] {
        let q = with_rule_severity(severity);
        assert!(!q.contains("/warning") && !q.contains("/error"));
        assert!(q.contains("govdict_f0 AS \"code\", 'error' AS \"severity\""));
    }
}
