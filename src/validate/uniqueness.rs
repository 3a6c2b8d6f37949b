//! Uniqueness of values and primary keys across the rows of one file: the part of
//! checking a row that depends on the rows before it, done in file order.

use super::checks::{cell_issues, check_width, push_cell, Prepared, RowChecks};
use super::run::Run;
use super::seen::{Fingerprint, SeenValues};
use crate::check::trim;
use crate::finding::{Code, Finding};
use crate::source::Record;
use crate::text::Text;

/// Which values the unique columns and the primary key have held: the state that makes
/// rows depend on earlier ones.
pub(super) struct Uniqueness {
    /// Value fingerprint → first row, for unique columns (by column index): 16 bytes a
    /// distinct value.
    columns: Vec<Option<SeenValues>>,
    keys: SeenValues,
    /// A uniqueness table could not use its temporary file: the run stops.
    spill_error: Option<std::io::Error>,
}

impl Uniqueness {
    /// Tables for the unique columns (`Some` by column index) and one for the primary
    /// key, each written out past `limit` bytes.
    pub(super) fn new(columns: Vec<Option<SeenValues>>, limit: Option<usize>) -> Uniqueness {
        Uniqueness {
            columns,
            keys: SeenValues::with_limit(limit),
            spill_error: None,
        }
    }

    /// The error that stopped a uniqueness table, if one did.
    pub(super) fn take_spill_error(&mut self) -> Option<std::io::Error> {
        self.spill_error.take()
    }

    /// Prefetches, for rows about to be finished, the slots their unique values and key
    /// will be looked up in (see `SeenValues::prefetch`). Changes no answer.
    pub(super) fn prefetch<'p>(&self, rows: impl Iterator<Item = &'p Prepared>) {
        for prepared in rows {
            for (i, fp) in prepared.unique.iter() {
                if let Some(Some(seen)) = self.columns.get(*i) {
                    seen.prefetch(*fp);
                }
            }
            if let Some(fp) = prepared.key {
                self.keys.prefetch(fp);
            }
        }
    }

    /// Finishes one data row prepared by `checks`: its findings in column order, with
    /// uniqueness looked up in file order.
    pub(super) fn finish_row(
        &mut self,
        checks: &RowChecks,
        record: &Record,
        prepared: &mut Prepared,
        run: &mut Run,
    ) {
        run.rows += 1;
        if prepared.blank {
            run.push(
                Finding::new(Code::BlankRow, Code::BlankRow.description())
                    .at_row(record.row)
                    .with_line(record.line),
            );
            return;
        }
        cell_issues(run, record, &checks.columns, &checks.headers);
        let width = checks.headers.len();
        if checks.ragged || record.len() > width {
            check_width(run, record, width);
        }
        // Failures and unique values are each sorted by column; a cell is in one at most.
        let mut unique = prepared.unique.iter().peekable();
        for (i, failure) in prepared.failures.drain(..) {
            while let Some(&&(j, fp)) = unique.peek().filter(|(j, _)| *j < i) {
                self.look_up(checks, record, j, fp, run);
                unique.next();
            }
            let Some(column) = checks.columns.get(i).and_then(Option::as_ref) else {
                continue;
            };
            let mut f = Finding::new(failure.code, failure.message);
            f.suggestion = failure.suggestion;
            if let Some(severity) = failure.severity {
                f.severity = severity;
            }
            let value = record.get(i).unwrap_or("");
            push_cell(run, f, record, i, &checks.headers, column, value);
        }
        for &(j, fp) in unique {
            self.look_up(checks, record, j, fp, run);
        }
        if let Some(key) = prepared.key {
            self.check_key(checks, run, record, key);
        }
    }

    /// `duplicate-value` when the value of column `i` (fingerprint `fp`) was seen before.
    fn look_up(
        &mut self,
        checks: &RowChecks,
        record: &Record,
        i: usize,
        fp: Fingerprint,
        run: &mut Run,
    ) {
        let (Some(Some(seen)), Some(Some(column))) =
            (self.columns.get_mut(i), checks.columns.get(i))
        else {
            return;
        };
        let first = match seen.first_or_insert(fp, record.row) {
            Ok(first) => first,
            Err(e) => {
                self.spill_error.get_or_insert(e);
                None
            }
        };
        if let Some(first) = first {
            let mut f = Finding::new(
                Code::DuplicateValue,
                Text::new(
                    format!("与第 {first} 行的值重复"),
                    format!("repeats the value of row {first}"),
                ),
            );
            f.first_row = Some(first);
            let v = trim(record.get(i).unwrap_or(""));
            push_cell(run, f, record, i, &checks.headers, column, v);
        }
    }

    /// `duplicate-key` when the row's primary key (fingerprint `key`) repeats an earlier
    /// row's.
    fn check_key(&mut self, checks: &RowChecks, run: &mut Run, record: &Record, key: Fingerprint) {
        let first = match self.keys.first_or_insert(key, record.row) {
            Ok(first) => first,
            Err(e) => {
                self.spill_error.get_or_insert(e);
                None
            }
        };
        if let Some(first) = first {
            let col = checks.key_columns[0];
            let mut f = Finding::new(
                Code::DuplicateKey,
                Text::new(
                    format!("主键与第 {first} 行重复"),
                    format!("the primary key repeats row {first}"),
                ),
            )
            .at(record.row, (col + 1) as u32)
            .with_line(record.line);
            f.first_row = Some(first);
            f.header = checks.headers.get(col).cloned();
            run.push(f);
        }
    }
}
