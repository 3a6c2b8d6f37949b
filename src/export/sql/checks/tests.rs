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
