//! The cell-level checks of `validate` as one SQL query (PostgreSQL, DuckDB, Spark SQL): it
//! reads a table of the dataset's columns as text, named by their headers, plus a row-id
//! column holding each record's row number as `validate` counts it, and returns one row
//! per finding — `row`, `column`, `header`, `element`, `code`, `severity`, `first_row` —
//! never a value.
//!
//! One defect, one finding, as in `validate`: an empty cell gives `required-value` (or
//! nothing); otherwise the first failing check of the column in `validate`'s order (a code
//! list's alias, type, format, code list, rule, pattern, range); `duplicate-value` only on
//! a cell that passed its checks, naming the first such row with the same value; and
//! `duplicate-key` on each row whose key repeats an earlier row's, at the first key column.
//! Rows whose every cell is empty are `blank-row` in `validate`, not a cell finding, and
//! are left out.

use std::fmt::Write;

use crate::dictionary::{Dataset, Dictionary, Element};
use crate::finding::Code;

use super::super::{find_dataset, ExportError};
use super::expr::{self, Dialect, Gap, SqlCheck};

/// The finding codes the query reports.
pub const CODES: [Code; 9] = [
    Code::RequiredValue,
    Code::TypeMismatch,
    Code::FormatMismatch,
    Code::PatternMismatch,
    Code::NotInCodelist,
    Code::ChecksumFailed,
    Code::OutOfRange,
    Code::DuplicateValue,
    Code::DuplicateKey,
];

/// Where the query reads from.
#[derive(Debug, Clone, Default)]
pub struct QueryOptions {
    /// The table (possibly schema-qualified, written as given); default: the dataset id
    /// with `-` as `_`.
    pub table: Option<String>,
    /// The row-id column; default [`DEFAULT_ROW_ID`].
    pub row_id: Option<String>,
}

/// The row-id column when none is named.
pub const DEFAULT_ROW_ID: &str = "row_id";

/// The findings query of dataset `id`.
pub fn query(
    dict: &Dictionary,
    id: &str,
    dialect: Dialect,
    options: &QueryOptions,
) -> Result<String, ExportError> {
    let dataset = find_dataset(dict, id)?;
    let columns: Vec<Column> = dataset
        .fields
        .iter()
        .filter_map(|f| {
            dict.element(&f.element).map(|element| Column {
                element,
                required: f.required,
                unique: f.unique,
                among: f
                    .unique_among
                    .as_ref()
                    .and_then(|u| among_values(dict, dataset, u)),
            })
        })
        .collect();
    let table = options
        .table
        .clone()
        .unwrap_or_else(|| dialect.ident(&super::table_name(dataset)));
    let row_id = dialect.ident(options.row_id.as_deref().unwrap_or(DEFAULT_ROW_ID));
    let mut gaps = Vec::new();
    let body = Query {
        dict,
        dialect,
        columns: &columns,
        key: key_columns(dataset, &columns),
    }
    .build(&table, &row_id, &mut gaps);
    Ok(format!("{}{body}", header(dict, dataset, dialect, &gaps)))
}

struct Column<'d> {
    element: &'d Element,
    required: bool,
    unique: bool,
    /// `unique_among`: the dataset position of the other field and the spellings
    /// (codes, aliases, names) of the records uniqueness applies to, as `validate` reads them.
    among: Option<(usize, Vec<String>)>,
}

/// The position of a `unique_among` field in the dataset and the spellings of its values.
fn among_values(
    dict: &Dictionary,
    dataset: &Dataset,
    among: &crate::dictionary::UniqueAmong,
) -> Option<(usize, Vec<String>)> {
    let position = dataset
        .fields
        .iter()
        .filter(|f| dict.element(&f.element).is_some())
        .position(|f| f.element == among.element)?;
    let mut values = dict.among_spellings(among);
    values.sort();
    values.dedup();
    Some((position, values))
}

/// Positions of the primary-key columns; empty when a key element has no column.
fn key_columns(dataset: &Dataset, columns: &[Column]) -> Vec<usize> {
    let key: Vec<usize> = dataset
        .primary_key
        .iter()
        .filter_map(|id| columns.iter().position(|c| &c.element.id == id))
        .collect();
    if key.len() == dataset.primary_key.len() {
        key
    } else {
        Vec::new()
    }
}

fn header(dict: &Dictionary, dataset: &Dataset, dialect: Dialect, gaps: &[Gap]) -> String {
    let mut out = String::new();
    let m = &dict.manifest;
    let _ = writeln!(
        out,
        "-- {} {} — govdict export --to sql-checks --dialect {} --dataset {}",
        m.id,
        m.version,
        dialect.as_str(),
        dataset.id
    );
    let _ = writeln!(
        out,
        "-- 每个发现一行，不含取值 / one row per finding, never a value: row, column, header, element, code, severity, first_row"
    );
    let _ = writeln!(out, "-- 未能表达 / not expressed:");
    let _ = writeln!(
        out,
        "--   空白只去掉首尾空格（validate 去掉所有首尾空白字符）/ only leading and trailing spaces are trimmed (validate trims all white space)"
    );
    for g in gaps {
        let _ = writeln!(out, "--   {}: {} / {}", g.element, g.what.zh, g.what.en);
    }
    if dialect != Dialect::Postgres {
        let _ = writeln!(
            out,
            "--   数值范围以 DOUBLE 比较（15 位有效数字）/ numeric bounds are compared as DOUBLE (15 significant digits)"
        );
    }
    out
}

struct Query<'a, 'd> {
    dict: &'d Dictionary,
    dialect: Dialect,
    columns: &'a [Column<'d>],
    key: Vec<usize>,
}

impl Query<'_, '_> {
    fn build(&self, table: &str, row_id: &str, gaps: &mut Vec<Gap>) -> String {
        let d = self.dialect;
        let raw = |i: usize| format!("govdict_c{i}");
        let blank = |i: usize| format!("({} IS NULL OR trim({}) = '')", raw(i), raw(i));

        // The table's columns under plain names, blank rows left out.
        let mut select = vec![format!("CAST({row_id} AS BIGINT) AS govdict_row")];
        for (i, c) in self.columns.iter().enumerate() {
            select.push(format!("{} AS {}", d.ident(&c.element.name), raw(i)));
        }
        let all_blank: Vec<String> = (0..self.columns.len()).map(blank).collect();
        let mut out = format!(
            "WITH govdict_rows AS (\n  SELECT {}\n  FROM {table}\n),\n",
            select.join(",\n    ")
        );
        let _ = write!(
            out,
            "govdict_data AS (\n  SELECT * FROM govdict_rows\n  WHERE NOT ({})\n),\n",
            if all_blank.is_empty() {
                "FALSE".to_owned()
            } else {
                all_blank.join(" AND ")
            }
        );

        // The first failing check of each cell.
        let mut cells = vec!["*".to_owned()];
        let mut column_checks = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            let value = format!("trim({})", raw(i));
            let mut checks = alias_check(self.dict, c.element, d, &value);
            checks.extend(expr::cell_checks(self.dict, c.element, d, &value, gaps));
            let empty = if c.required {
                d.literal(Code::RequiredValue.as_str())
            } else {
                format!("CAST(NULL AS {})", d.text_type())
            };
            cells.push(format!(
                "CASE WHEN {} THEN {empty} ELSE {} END AS govdict_f{i}",
                blank(i),
                expr::first_failure(&checks, d)
            ));
            column_checks.push(checks);
        }
        let _ = write!(
            out,
            "govdict_cells AS (\n  SELECT {}\n  FROM govdict_data\n)\n",
            cells.join(",\n    ")
        );

        let mut parts = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            parts.push(self.cell_findings(i, c, &column_checks[i]));
            if c.unique {
                parts.push(self.duplicate_values(i, c));
            }
        }
        if let Some(part) = self.duplicate_keys() {
            parts.push(part);
        }
        let names = [
            "row",
            "column",
            "header",
            "element",
            "code",
            "severity",
            "first_row",
        ]
        .map(|n| d.ident(n))
        .join(", ");
        let _ = write!(
            out,
            "SELECT {names}\nFROM (\n{}\n) govdict_findings\nORDER BY {}, {}, {}\n",
            parts.join("\nUNION ALL\n"),
            d.ident("row"),
            d.ident("column"),
            d.ident("code")
        );
        out
    }

    /// `row, column, header, element, code, severity, first_row` of one finding source.
    fn finding_columns(
        &self,
        i: usize,
        element: Option<&Element>,
        code: &str,
        severity: &str,
    ) -> String {
        let d = self.dialect;
        let header = &self.columns[i].element.name;
        let element = element.map_or_else(
            || format!("CAST(NULL AS {})", d.text_type()),
            |e| d.literal(&e.id),
        );
        format!(
            "govdict_row AS {}, {} AS {}, {} AS {}, {element} AS {}, {code} AS {}, {} AS {}",
            d.ident("row"),
            i + 1,
            d.ident("column"),
            d.literal(header),
            d.ident("header"),
            d.ident("element"),
            d.ident("code"),
            severity,
            d.ident("severity"),
        )
    }

    /// The first failing check of each cell of column `i` (whose checks are `checks`), with
    /// the severity the dictionary gives it.
    fn cell_findings(&self, i: usize, c: &Column, checks: &[SqlCheck]) -> String {
        let failure = format!("govdict_f{i}");
        format!(
            "  SELECT {}, CAST(NULL AS BIGINT) AS {}\n  FROM govdict_cells WHERE govdict_f{i} IS NOT NULL",
            self.finding_columns(
                i,
                Some(c.element),
                &expr::code_of(checks, self.dialect, &failure),
                &expr::severity_of(checks, self.dialect, &failure),
            ),
            self.dialect.ident("first_row")
        )
    }

    /// Each repeat of a value among the cells that passed their checks, naming the first.
    fn duplicate_values(&self, i: usize, c: &Column) -> String {
        let d = self.dialect;
        // `unique_among`: only the records whose other field holds one of the values.
        let among = c.among.as_ref().map_or_else(String::new, |(j, values)| {
            let list: Vec<String> = values.iter().map(|v| d.literal(v)).collect();
            format!(" AND trim(govdict_c{j}) IN ({})", list.join(", "))
        });
        format!(
            "  SELECT {}, govdict_first AS {}\n  FROM (SELECT govdict_row, MIN(govdict_row) OVER (PARTITION BY trim(govdict_c{i})) AS govdict_first\n        FROM govdict_cells WHERE govdict_f{i} IS NULL AND trim(govdict_c{i}) <> ''{among}) govdict_u{i}\n  WHERE govdict_row > govdict_first",
            self.finding_columns(
                i,
                Some(c.element),
                &d.literal(Code::DuplicateValue.as_str()),
                &d.literal(Code::DuplicateValue.default_severity().as_str())
            ),
            d.ident("first_row")
        )
    }

    /// Each row whose primary key repeats an earlier row's, at the first key column (with
    /// no element, as `validate` reports it). Empty key cells count as empty text.
    fn duplicate_keys(&self) -> Option<String> {
        let d = self.dialect;
        let first = *self.key.first()?;
        let values: Vec<String> = self
            .key
            .iter()
            .map(|i| format!("COALESCE(trim(govdict_c{i}), '')"))
            .collect();
        let any: Vec<String> = values.iter().map(|v| format!("{v} <> ''")).collect();
        Some(format!(
            "  SELECT {}, govdict_first AS {}\n  FROM (SELECT govdict_row, MIN(govdict_row) OVER (PARTITION BY {}) AS govdict_first\n        FROM govdict_data WHERE {}) govdict_k\n  WHERE govdict_row > govdict_first",
            self.finding_columns(
                first,
                None,
                &d.literal(Code::DuplicateKey.as_str()),
                &d.literal(Code::DuplicateKey.default_severity().as_str())
            ),
            d.ident("first_row"),
            values.join(", "),
            any.join(" OR ")
        ))
    }
}

/// A non-standard spelling of a code (an alias, the name, the English name, or a code in
/// other ASCII letter case) is `not-in-codelist` before any other check, as in `validate`.
fn alias_check(
    dict: &Dictionary,
    element: &Element,
    dialect: Dialect,
    value: &str,
) -> Vec<SqlCheck> {
    let Some(list) = dict.codelist_of(element) else {
        return Vec::new();
    };
    let mut spellings: Vec<String> = Vec::new();
    for v in &list.values {
        let names = v.aliases.iter().chain([&v.name]).chain(v.name_en.as_ref());
        for s in names.filter(|s| !list.contains(s)) {
            spellings.push(s.to_ascii_lowercase());
        }
        spellings.push(v.code.to_ascii_lowercase());
    }
    spellings.sort_unstable();
    spellings.dedup();
    let codes: Vec<String> = list
        .values
        .iter()
        .map(|v| dialect.literal(&v.code))
        .collect();
    let lowered: Vec<String> = spellings.iter().map(|s| dialect.literal(s)).collect();
    if codes.is_empty() || lowered.is_empty() {
        return Vec::new();
    }
    // ASCII letters only, as `eq_ignore_ascii_case`: `lower` would fold other scripts too.
    let ascii_lower =
        format!("translate({value}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')");
    vec![SqlCheck::new(
        Code::NotInCodelist,
        format!(
            "({value} IN ({}) OR {ascii_lower} NOT IN ({}))",
            codes.join(", "),
            lowered.join(", ")
        ),
    )]
}

#[cfg(test)]
mod tests;
