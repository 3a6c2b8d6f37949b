//! Connecting and running the query (cargo feature `postgres`).

use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use super::PgUrl;
use crate::dictionary::{Dataset, Dictionary};
use crate::export::sql::checks::{self, QueryOptions, DEFAULT_ROW_ID};
use crate::export::sql::Dialect;
use crate::text::Text;
use crate::validate::engine::{finding, Gathered, Number, Row};
use crate::validate::FileReport;

/// Rows fetched from the server at a time: memory stays bounded whatever the result.
const BATCH: i32 = 1000;

/// Unless the URL sets `connect_timeout`, a server that does not answer fails after this.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the findings query of `dataset` on the table of `url` (in a read-only transaction)
/// and returns the report of that table. `row_id` names the row-id column (default
/// `row_id`); `max_findings` caps the findings listed, the counts stay complete.
pub fn validate(
    dict: &Dictionary,
    dataset: &Dataset,
    url: &PgUrl,
    row_id: Option<&str>,
    max_findings: Option<usize>,
) -> Result<FileReport, Text> {
    let fail = |zh: &str, en: &str, e: &postgres::Error| {
        let why = url.scrub(&db_message(e));
        Text::new(format!("{zh}：{why}"), format!("{en}: {why}"))
    };
    let mut config: Config = url.connect.parse().map_err(|e: postgres::Error| {
        fail("连接地址无效", "the connection URL is not valid", &e)
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("govdict");
    }
    let mut client = config.connect(NoTls).map_err(|e| {
        fail(
            &format!("无法连接 {}", url.display),
            &format!("cannot connect to {}", url.display),
            &e,
        )
    })?;
    let table = url.table_sql();
    let row_id = row_id.unwrap_or(DEFAULT_ROW_ID);
    check_columns(&mut client, dict, dataset, url, row_id)?;
    let rows = client
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .and_then(|r| r.try_get::<_, i64>(0))
        .map_err(|e| fail("无法统计表的行数", "cannot count the table's rows", &e))?;

    let options = QueryOptions {
        table: Some(table),
        row_id: Some(row_id.to_owned()),
    };
    let query = checks::query(dict, &dataset.id, Dialect::Postgres, &options)
        .map_err(|e| e.message.clone())?;
    // Plain types whatever the query's expressions resolve to.
    let typed = format!(
        "SELECT CAST(\"row\" AS BIGINT), CAST(\"column\" AS BIGINT), CAST(\"header\" AS TEXT), \
         CAST(\"element\" AS TEXT), CAST(\"code\" AS TEXT), CAST(\"severity\" AS TEXT), \
         CAST(\"first_row\" AS BIGINT)\nFROM (\n{query}\n) govdict_q\nORDER BY 1, 2, 5"
    );
    let query_failed = |e: &postgres::Error| fail("检查查询失败", "the check query failed", e);
    let mut transaction = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| query_failed(&e))?;
    let portal = transaction
        .bind(typed.as_str(), &[])
        .map_err(|e| query_failed(&e))?;
    let mut gathered = Gathered::new(max_findings);
    let mut number = 0u64;
    loop {
        let batch = transaction
            .query_portal(&portal, BATCH)
            .map_err(|e| query_failed(&e))?;
        if batch.is_empty() {
            break;
        }
        for r in &batch {
            number += 1;
            let row = read_row(r).map_err(|e| query_failed(&e))?;
            let f = finding(&row, number).map_err(|e| {
                Text::new(
                    format!("查询结果第 {number} 行：{}", e.what.zh),
                    format!("result row {number}: {}", e.what.en),
                )
            })?;
            gathered.take(f);
        }
    }
    transaction.commit().map_err(|e| query_failed(&e))?;
    let mut file = gathered.into_report(dict, dataset, &url.display, "postgres", String::new());
    file.rows = u64::try_from(rows).unwrap_or(0);
    Ok(file)
}

/// The table exists and has the dataset's columns (by their standard headers) and the
/// row-id column; all missing ones are named at once. Only the table's description is
/// read, no row.
fn check_columns(
    client: &mut Client,
    dict: &Dictionary,
    dataset: &Dataset,
    url: &PgUrl,
    row_id: &str,
) -> Result<(), Text> {
    let statement = client
        .prepare(&format!("SELECT * FROM {}", url.table_sql()))
        .map_err(|e| {
            let why = url.scrub(&db_message(&e));
            if e.code() == Some(&SqlState::UNDEFINED_TABLE) {
                Text::new(
                    format!("{} 中没有表 {}：{why}", url.display, url.table),
                    format!("{} has no table {}: {why}", url.display, url.table),
                )
            } else {
                Text::new(
                    format!("无法读取表 {} 的结构：{why}", url.table),
                    format!("cannot read the columns of the table {}: {why}", url.table),
                )
            }
        })?;
    let present: Vec<&str> = statement.columns().iter().map(|c| c.name()).collect();
    let wanted = std::iter::once(row_id).chain(
        dataset
            .fields
            .iter()
            .filter_map(|f| dict.element(&f.element))
            .map(|e| e.name.as_str()),
    );
    let missing: Vec<&str> = wanted.filter(|w| !present.contains(w)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(", ");
    Err(Text::new(
        format!(
            "表 {} 缺少列：{list}（每个字段一列，以标准表头命名；另加行号列，可用 --row-id 指定）",
            url.table
        ),
        format!(
            "the table {} lacks the columns: {list} (one column per field, named by its \
             standard header, and a row-id column, named with --row-id)",
            url.table
        ),
    ))
}

fn read_row(r: &postgres::Row) -> Result<Row, postgres::Error> {
    let number = |i: usize| -> Result<Option<Number>, postgres::Error> {
        Ok(r.try_get::<_, Option<i64>>(i)?.map(Number::from_i64))
    };
    Ok(Row {
        row: number(0)?,
        column: number(1)?,
        header: r.try_get(2)?,
        element: r.try_get(3)?,
        code: r.try_get(4)?,
        severity: r.try_get(5)?,
        first_row: number(6)?,
    })
}

/// The server's own message where there is one (with its SQLSTATE), else the client's.
fn db_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            // The client's own text is only the kind ("error connecting to server"); the
            // cause ("No such file or directory") is its source.
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                text = format!("{text}: {cause}");
                source = cause.source();
            }
            text
        }
    }
}
