//! Reading a departmental export for mapping, through the one table front end
//! (`source::Table`): the header, the rows after it, and a per-column sample for
//! `suggest`. Also the content checker `suggest` runs samples through.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use super::SourceColumn;
use crate::check::CellCheck;
use crate::dictionary::{Dictionary, Element};
use crate::source::{CellKind, Record, SourceError, Table, TableOptions};

/// An opened export positioned after its header row.
pub struct ExportReader {
    table: Table,
    header: Record,
}

impl ExportReader {
    /// Opens `path` (CSV or spreadsheet, chosen by content) and finds its header. `None`
    /// when the file has no header at all (empty or blank).
    pub fn open(path: &Path, options: &TableOptions) -> Result<Option<ExportReader>, SourceError> {
        let table = Table::open(path, options)?;
        let Some(header) = table.header().cloned() else {
            return Ok(None);
        };
        Ok(Some(ExportReader { table, header }))
    }

    /// The header cells, trailing empty header cells kept (they still hold columns).
    pub fn headers(&self) -> Vec<String> {
        self.header.iter().map(str::to_owned).collect()
    }

    /// The header record (its row number says where the data starts).
    pub fn header_record(&self) -> &Record {
        &self.header
    }

    /// The next data row; `Ok(false)` at the end.
    pub fn next(&mut self, record: &mut Record) -> Result<bool, SourceError> {
        self.table.next(record)
    }

    /// Reads up to `rows` data rows into one sample per column (blank cells skipped).
    /// Cells beyond the header's width are ignored: they have no header to map.
    pub fn sample(&mut self, rows: usize) -> Result<Vec<SourceColumn>, SourceError> {
        let mut columns: Vec<SourceColumn> = self
            .header
            .iter()
            .map(|h| SourceColumn::new(h, Vec::new()))
            .collect();
        let mut record = Record::default();
        let mut read = 0;
        while read < rows && self.next(&mut record)? {
            if record.is_blank() {
                continue;
            }
            read += 1;
            for (col, value) in columns.iter_mut().zip(record.iter()) {
                let v = value.trim();
                if !v.is_empty() {
                    col.values.push(v.to_owned());
                }
            }
        }
        Ok(columns)
    }
}

/// What decides whether values pass an element's checks: every field
/// `CellCheck::compile` reads except masking, which changes messages only. Two elements
/// with the same key pass and fail the same values.
pub(crate) fn pass_key(e: &Element) -> String {
    format!(
        "{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}",
        e.data_type,
        e.format,
        e.rule,
        e.rule_severity,
        e.codelist,
        e.pattern.as_ref().map(|p| p.as_str()),
        e.min,
        e.max,
    )
}

/// Whether a value passes an element's checks, through `crate::check::CellCheck`; one
/// check is compiled per distinct [`pass_key`], the first time an element with it is
/// asked about (a large dictionary has many elements with the same checks, and a
/// suggestion looks at few of them for most columns).
pub struct ContentChecker<'d> {
    dict: &'d Dictionary,
    cache: RefCell<Compiled>,
}

#[derive(Default)]
struct Compiled {
    /// Element id → its check.
    by_element: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    checks: Vec<CellCheck>,
}

impl<'d> ContentChecker<'d> {
    pub fn new(dict: &'d Dictionary) -> ContentChecker<'d> {
        ContentChecker {
            dict,
            cache: RefCell::new(Compiled::default()),
        }
    }

    /// Whether `value` passes `element`'s checks (format, type, code list, rule, pattern,
    /// range). Empty values are not required here: samples carry no blanks.
    pub fn passes(&self, element: &Element, value: &str) -> bool {
        let mut cache = self.cache.borrow_mut();
        let slot = match cache.by_element.get(&element.id) {
            Some(&slot) => slot,
            None => {
                let key = pass_key(element);
                let slot = match cache.by_key.get(&key) {
                    Some(&slot) => slot,
                    None => {
                        let slot = cache.checks.len();
                        cache
                            .checks
                            .push(CellCheck::compile(self.dict, element, false));
                        cache.by_key.insert(key, slot);
                        slot
                    }
                };
                cache.by_element.insert(element.id.clone(), slot);
                slot
            }
        };
        cache
            .checks
            .get(slot)
            .is_some_and(|check| check.check(value, CellKind::Text).is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::test_support::dictionary;

    #[test]
    fn checker_uses_the_compiled_checks() {
        let dict = dictionary();
        let checker = ContentChecker::new(&dict);
        let sex = dict.element("DE00003").expect("sex element");
        assert!(checker.passes(sex, "1"));
        assert!(!checker.passes(sex, "男"));
        assert!(!checker.passes(sex, "x"));
        assert_eq!(checker.cache.borrow().checks.len(), 1);
    }

    #[test]
    fn reads_header_under_a_title_row() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "人员名单\n姓名,性别\n张三,男\n李四,\n").expect("write");
        let mut reader = ExportReader::open(&path, &TableOptions::default())
            .expect("opens")
            .expect("has a header");
        assert_eq!(reader.headers(), vec!["姓名", "性别"]);
        let cols = reader.sample(10).expect("sample");
        assert_eq!(cols[0].values, vec!["张三", "李四"]);
        assert_eq!(cols[1].values, vec!["男"]);
    }

    #[test]
    fn blank_file_has_no_header() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "\n\n").expect("write");
        let reader = ExportReader::open(&path, &TableOptions::default()).expect("opens");
        assert!(reader.is_none());
    }
}
