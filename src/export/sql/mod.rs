//! SQL DDL of a dataset (PostgreSQL, DuckDB): one table whose columns follow the dataset's
//! field order, named by the standard header (the element's name), with one CHECK
//! constraint per defect `validate` reports, so the database rejects the same rows.
//!
//! Columns are text: values keep the form the standard prescribes (leading zeros, the
//! date template), and the constraints hold the rules. A constraint is named
//! `<element>_<finding code>` (e.g. `de01001_checksum_failed`), so a rejected insert says
//! which rule it broke.

pub mod checks;
pub mod expr;

use std::fmt::Write;

use crate::dictionary::{Dataset, Dictionary};
use crate::text::Text;

use expr::{ident, literal};
pub use expr::{Dialect, Gap};

use super::{dataset_columns, ExportError};

/// What no SQL export expresses.
pub fn limits() -> Vec<Text> {
    vec![
        Text::new(
            "列为文本：空白只去掉首尾空格（validate 去掉所有首尾空白字符）",
            "columns are text; only leading and trailing spaces are trimmed (validate trims all white space)",
        ),
        Text::new(
            "文件结构问题（表头、缺列、多余或缺少的单元格、空行）不属于行约束",
            "file-structure findings (headers, missing columns, extra or missing cells, blank rows) are not row constraints",
        ),
        Text::new(
            "唯一性与主键按原值比较（validate 先去掉首尾空白）",
            "uniqueness and primary keys compare raw values (validate trims them first)",
        ),
    ]
}

/// The DDL of one dataset, or of every dataset when `dataset` is `None`.
pub fn ddl(
    dict: &Dictionary,
    dataset: Option<&str>,
    dialect: Dialect,
) -> Result<String, ExportError> {
    if dialect == Dialect::Spark {
        return Err(ExportError::new(
            "Spark 表没有 CHECK 约束：DDL 只有 postgres 与 duckdb 方言；Spark 请用 --to sql-checks",
            "Spark tables have no CHECK constraints: the DDL has the postgres and duckdb dialects only; for Spark use --to sql-checks",
        ));
    }
    let datasets: Vec<&Dataset> = match dataset {
        Some(id) => vec![super::find_dataset(dict, id)?],
        None => dict.datasets.iter().collect(),
    };
    let mut tables = String::new();
    let mut gaps = Vec::new();
    for d in datasets {
        tables.push('\n');
        tables.push_str(&table(dict, d, dialect, &mut gaps));
    }
    let mut out = String::new();
    let m = &dict.manifest;
    let _ = writeln!(
        out,
        "-- {} {} — govdict export --to sql --dialect {}",
        m.id,
        m.version,
        dialect.as_str()
    );
    let _ = writeln!(out, "-- {}", m.name);
    let _ = writeln!(out, "-- 未能表达 / not expressed:");
    for t in limits() {
        let _ = writeln!(out, "--   {} / {}", t.zh, t.en);
    }
    for g in &gaps {
        let _ = writeln!(out, "--   {}: {} / {}", g.element, g.what.zh, g.what.en);
    }
    if dialect == Dialect::DuckDb {
        let _ = writeln!(
            out,
            "--   DuckDB 以 DOUBLE 比较数值范围（15 位有效数字）/ DuckDB compares numeric bounds as DOUBLE (15 significant digits)"
        );
    }
    out.push_str(&tables);
    Ok(out)
}

/// The table name of a dataset: its id with `-` as `_`.
pub fn table_name(dataset: &Dataset) -> String {
    dataset.id.replace('-', "_")
}

/// A constraint name: lowercase ASCII, `_` for anything else.
fn constraint_name(element: &str, what: &str) -> String {
    format!("{element}_{what}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn table(dict: &Dictionary, dataset: &Dataset, dialect: Dialect, gaps: &mut Vec<Gap>) -> String {
    let columns = dataset_columns(dict, dataset);
    let mut lines = Vec::new();
    for c in &columns {
        lines.push(format!("    {} TEXT", ident(&c.element.name)));
    }
    for c in &columns {
        let col = ident(&c.element.name);
        let value = format!("trim({col})");
        let empty = format!("{col} IS NULL OR {value} = ''");
        if c.required {
            lines.push(format!(
                "    CONSTRAINT {} CHECK (NOT ({empty}))",
                ident(&constraint_name(&c.element.id, "required_value"))
            ));
        }
        let checks = expr::cell_checks(dict, c.element, dialect, &value, gaps);
        let mut used: Vec<String> = Vec::new();
        for (i, check) in checks.iter().enumerate() {
            let mut name = constraint_name(&c.element.id, check.code.as_str());
            // A rule may report the same code as the format (mobile numbers).
            let repeats = used.iter().filter(|u| **u == name).count();
            used.push(name.clone());
            if repeats > 0 {
                name = format!("{name}_{}", repeats + 1);
            }
            lines.push(format!(
                "    CONSTRAINT {} CHECK (CASE WHEN {empty} THEN TRUE ELSE ({}) END)",
                ident(&name),
                expr::guarded(&checks, i)
            ));
        }
    }
    let header = |id: &String| {
        columns
            .iter()
            .find(|c| &c.element.id == id)
            .map(|c| ident(&c.element.name))
    };
    let key: Vec<String> = dataset.primary_key.iter().filter_map(header).collect();
    if !key.is_empty() {
        lines.push(format!("    PRIMARY KEY ({})", key.join(", ")));
    }
    for c in columns.iter().filter(|c| c.unique) {
        lines.push(format!("    UNIQUE ({})", ident(&c.element.name)));
    }
    let name = ident(&table_name(dataset));
    let mut out = format!(
        "-- {} {}\nCREATE TABLE {name} (\n{}\n);\n",
        dataset.id,
        dataset.name,
        lines.join(",\n")
    );
    if dialect == Dialect::Postgres {
        let _ = writeln!(
            out,
            "COMMENT ON TABLE {name} IS {};",
            literal(&dataset.name)
        );
        for c in &columns {
            let _ = writeln!(
                out,
                "COMMENT ON COLUMN {name}.{} IS {};",
                ident(&c.element.name),
                literal(&format!(
                    "{} {}",
                    c.element.id,
                    c.element.definition.as_deref().unwrap_or("")
                ))
            );
        }
    }
    out
}
