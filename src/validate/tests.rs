//! Unit tests of the pipeline on the dictionary of `tests/fixtures/validate/dict.yaml`.
//! The CLI tests in `tests/cli/validate*.rs` cover every finding code end to end; these
//! pin down decisions of the pipeline itself.

use std::path::{Path, PathBuf};

use super::{FileReport, ShowValues, ValidateOptions, Validator};
use crate::dictionary::{load_files, Dictionary};
use crate::finding::Code;

const HEADER: &str = "公民身份号码,姓名,性别,年龄,出生日期,邮政编码,统一社会信用代码,手机号码,金额";

fn dict() -> Dictionary {
    let text = include_str!("../../tests/fixtures/validate/dict.yaml").to_owned();
    let checked = load_files(vec![(PathBuf::from("dict.yaml"), text)]);
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    checked.dictionary.expect("valid dictionary")
}

/// A valid data row, distinct for each `n` below 1000.
fn row(n: u32) -> Vec<String> {
    let body = format!("11010519900101{n:03}");
    let check = crate::rules::gb11643::check_char(body.as_bytes()).map(char::from);
    let org = format!("{n:08}");
    let org_check = crate::rules::gb11714::check_char(org.as_bytes()).map(char::from);
    let credit = format!("91350100{org}{}", org_check.unwrap_or('?'));
    let credit_check = crate::rules::gb32100::check_char(credit.as_bytes()).map(char::from);
    vec![
        format!("{body}{}", check.unwrap_or('?')),
        format!("人员{n}"),
        "1".to_owned(),
        "30".to_owned(),
        "1990-01-01".to_owned(),
        "350001".to_owned(),
        format!("{credit}{}", credit_check.unwrap_or('?')),
        format!("138{n:08}"),
        "1.50".to_owned(),
    ]
}

fn run_file(path: &Path, options: &ValidateOptions) -> FileReport {
    let dict = dict();
    Validator::new(&dict, options.clone())
        .validate_file(path, "export")
        .expect("validates")
}

fn run_bytes(bytes: &[u8], options: &ValidateOptions) -> FileReport {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("export.csv");
    std::fs::write(&path, bytes).expect("write");
    run_file(&path, options)
}

fn csv(rows: &[Vec<String>]) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(&r.join(","));
        text.push('\n');
    }
    text
}

/// (code, row, column) of every finding, in report order.
fn found(report: &FileReport) -> Vec<(Code, Option<u64>, Option<u32>)> {
    report
        .findings
        .iter()
        .map(|f| (f.code, f.row, f.column))
        .collect()
}

#[test]
fn clean_rows_have_no_findings() {
    let report = run_bytes(
        csv(&[row(1), row(2)]).as_bytes(),
        &ValidateOptions::default(),
    );
    assert_eq!(found(&report), vec![]);
    assert_eq!(report.rows, 2);
    assert_eq!(report.dataset.as_deref(), Some("people"));
}

#[test]
fn csv_short_row_is_one_missing_cell_even_in_required_fields() {
    let mut short = row(2);
    short.truncate(1);
    let report = run_bytes(
        csv(&[row(1), short]).as_bytes(),
        &ValidateOptions::default(),
    );
    assert_eq!(found(&report), vec![(Code::MissingCell, Some(3), Some(2))]);
}

#[test]
fn empty_required_cell_in_a_full_row_is_required_value() {
    let mut r = row(2);
    r[1] = String::new();
    let report = run_bytes(csv(&[row(1), r]).as_bytes(), &ValidateOptions::default());
    assert_eq!(
        found(&report),
        vec![(Code::RequiredValue, Some(3), Some(2))]
    );
}

#[test]
fn spreadsheet_row_ending_early_is_empty_cells_not_missing_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("export.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: Vec<Vec<String>> = vec![
        HEADER.split(',').map(str::to_owned).collect(),
        row(1),
        // The required name and everything after it left empty: the sheet stores the row
        // as one cell.
        row(2).into_iter().take(1).collect(),
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, text)
                .expect("cell written");
        }
    }
    book.save(&path).expect("saved");
    let report = run_file(&path, &ValidateOptions::default());
    assert_eq!(report.format, "xlsx");
    assert_eq!(
        found(&report),
        vec![(Code::RequiredValue, Some(3), Some(2))]
    );
}

#[test]
fn a_mangled_cell_is_reported_once() {
    // An invalid byte in the identity number: the encoding error, not also a format or
    // checksum failure of what is left.
    let mut bytes = csv(&[row(1)]).into_bytes();
    let at = HEADER.len() + 1 + 5;
    bytes.insert(at, 0xFF);
    let options = ValidateOptions {
        table: crate::source::TableOptions {
            open: crate::source::OpenOptions {
                csv: crate::source::csv::CsvOptions {
                    encoding: Some(encoding_rs::UTF_8),
                    ..Default::default()
                },
                ..Default::default()
            },
            header_row: None,
        },
        ..ValidateOptions::default()
    };
    let report = run_bytes(&bytes, &options);
    assert_eq!(
        found(&report),
        vec![(Code::EncodingError, Some(2), Some(1))]
    );
}

#[test]
fn unique_values_compare_trimmed() {
    let mut r = row(2);
    r[6] = format!(" {} ", row(1)[6]);
    let report = run_bytes(csv(&[row(1), r]).as_bytes(), &ValidateOptions::default());
    assert_eq!(
        found(&report),
        vec![(Code::DuplicateValue, Some(3), Some(7))]
    );
    assert_eq!(report.findings[0].first_row, Some(2));
}

/// A primary key of one column is its trimmed value; rows whose key cell is empty have no
/// key, so they repeat none.
#[test]
fn one_column_primary_key_compares_trimmed_and_empty_keys_repeat_nothing() {
    let mut padded = row(2);
    padded[0] = format!(" {} ", row(1)[0]);
    let mut empty = [row(3), row(4)];
    for r in &mut empty {
        r[0] = "  ".to_owned();
    }
    let rows = [row(1), padded, empty[0].clone(), empty[1].clone()];
    let report = run_bytes(csv(&rows).as_bytes(), &ValidateOptions::default());
    let keys: Vec<_> = found(&report)
        .into_iter()
        .filter(|(code, _, _)| *code == Code::DuplicateKey)
        .collect();
    assert_eq!(keys, vec![(Code::DuplicateKey, Some(3), Some(1))]);
    assert_eq!(report.rows, 4);
}

#[test]
fn explicit_header_row_skips_what_is_above_it() {
    // Two full-width rows above the header would otherwise be taken for the header.
    let text = format!("a,b,c,d,e,f,g,h,i\nj,k,l,m,n,o,p,q,r\n{}", csv(&[row(1)]));
    let options = ValidateOptions {
        table: crate::source::TableOptions {
            header_row: Some(3),
            ..Default::default()
        },
        ..ValidateOptions::default()
    };
    let report = run_bytes(text.as_bytes(), &options);
    assert_eq!(found(&report), vec![]);
    assert_eq!(report.rows, 1);
    let guessed = run_bytes(text.as_bytes(), &ValidateOptions::default());
    assert_ne!(guessed.dataset.as_deref(), Some("people"));
}

#[test]
fn max_findings_keeps_complete_counts() {
    let rows: Vec<Vec<String>> = (1..=6)
        .map(|n| {
            let mut r = row(n);
            r[3] = "x".to_owned();
            r
        })
        .collect();
    let options = ValidateOptions {
        max_findings: Some(2),
        ..ValidateOptions::default()
    };
    let report = run_bytes(csv(&rows).as_bytes(), &options);
    assert_eq!(report.findings.len(), 2);
    assert!(report.truncated);
    assert_eq!(report.tally.errors, 6);
    assert_eq!(report.tally.by_code.get("type-mismatch"), Some(&6));
    // Per-column counts are complete too, not counts of the listed findings.
    let column = report.tally.by_column.get(&4).expect("column 4 counted");
    assert_eq!((column.errors, column.warnings), (6, 0));
}

#[test]
fn show_values_policy_applies_when_findings_are_made() {
    let mut r = row(2);
    let wrong = if r[0].ends_with('1') { '2' } else { '1' };
    r[0] = format!("{}{wrong}", &r[0][..17]);
    let mut bad = row(3);
    bad[8] = "1.234".to_owned(); // not personal: shown under the default policy
    let text = csv(&[row(1), r, bad]);
    let masked = run_bytes(text.as_bytes(), &ValidateOptions::default());
    let values: Vec<Option<&str>> = masked.findings.iter().map(|f| f.value.as_deref()).collect();
    assert_eq!(values.len(), 2, "{:?}", found(&masked));
    assert!(values[0].is_some_and(|v| v.contains('*')), "{values:?}");
    assert_eq!(values[1], Some("1.234"));
    let none = run_bytes(
        text.as_bytes(),
        &ValidateOptions {
            show_values: ShowValues::None,
            ..ValidateOptions::default()
        },
    );
    assert!(none.findings.iter().all(|f| f.value.is_none()));
}

/// Records the events a reporter gets.
#[derive(Default)]
struct Events(Vec<String>);

impl super::Reporter for Events {
    fn begin_file(&mut self, path: &str) -> std::io::Result<()> {
        self.0.push(format!("begin {path}"));
        Ok(())
    }

    fn finding(&mut self, finding: &crate::finding::Finding) -> std::io::Result<()> {
        self.0.push(format!(
            "finding {} {:?}",
            finding.code.as_str(),
            finding.row
        ));
        Ok(())
    }

    fn wants_rows(&self) -> bool {
        true
    }

    fn row(
        &mut self,
        record: &crate::source::Record,
        findings: &[super::RowFinding],
    ) -> std::io::Result<()> {
        self.0
            .push(format!("row {} {}", record.row, findings.len()));
        Ok(())
    }

    fn end_file(&mut self, file: &FileReport) -> std::io::Result<()> {
        self.0.push(format!(
            "end {} {} {}",
            file.rows,
            file.tally.errors,
            file.findings.len()
        ));
        Ok(())
    }
}

#[test]
fn findings_and_row_outcomes_stream_as_rows_are_read() {
    let mut bad = row(2);
    bad[5] = "x".to_owned();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("export.csv");
    std::fs::write(&path, csv(&[row(1), bad, row(3)])).expect("write");
    let dict = dict();
    let validator = Validator::new(
        &dict,
        ValidateOptions {
            max_findings: Some(0),
            ..ValidateOptions::default()
        },
    );
    let mut events = Events::default();
    validator
        .validate(&path, "export", &mut events)
        .expect("validates");
    // With nothing to list, the row outcome still names the finding, and the counts in
    // the end are complete; the report's own list is left to collecting reporters.
    assert_eq!(
        events.0,
        ["begin export", "row 2 0", "row 3 1", "row 4 0", "end 3 1 0"]
    );
    let listed = Validator::new(&dict, ValidateOptions::default());
    let mut events = Events::default();
    listed
        .validate(&path, "export", &mut events)
        .expect("validates");
    assert_eq!(events.0[2], "finding format-mismatch Some(3)");
    assert_eq!(events.0[3], "row 3 1");
}

#[test]
fn progress_hears_every_row_its_bytes_and_the_file() {
    use crate::progress::Progress;
    use std::sync::atomic::{AtomicU64, Ordering};
    #[derive(Default)]
    struct Count {
        rows: AtomicU64,
        bytes: AtomicU64,
        files: AtomicU64,
    }
    impl Progress for Count {
        fn rows(&self, rows: u64, bytes: u64) {
            self.rows.fetch_add(rows, Ordering::Relaxed);
            self.bytes.fetch_add(bytes, Ordering::Relaxed);
        }
        fn file_done(&self) {
            self.files.fetch_add(1, Ordering::Relaxed);
        }
    }
    let rows: Vec<Vec<String>> = (0..1500).map(row).collect();
    let text = csv(&rows);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("export.csv");
    std::fs::write(&path, &text).expect("write");
    let dict = dict();
    let count = Count::default();
    Validator::new(&dict, ValidateOptions::default())
        .with_progress(&count)
        .validate_file(&path, "export")
        .expect("validates");
    assert_eq!(count.rows.load(Ordering::Relaxed), 1500);
    assert_eq!(count.files.load(Ordering::Relaxed), 1);
    // UTF-8 CSV without quotes: the estimate is the data rows' exact size.
    let header_bytes = text.find('\n').map_or(0, |i| i + 1) as u64;
    assert_eq!(
        count.bytes.load(Ordering::Relaxed),
        text.len() as u64 - header_bytes
    );
}

/// Values that passed are remembered per column and thread, never across columns: the
/// same text fails in one column and passes in the next on every row, and a failing
/// value is reported each time it repeats.
#[test]
fn a_remembered_pass_belongs_to_its_column_and_failures_repeat() {
    let rows: Vec<Vec<String>> = (0..5000)
        .map(|n| {
            let mut r = row(n % 1000);
            r[3] = "350001".to_owned(); // 年龄, n..3: too long every time
            r[5] = "350001".to_owned(); // 邮政编码, n6: passes
            r[8] = "1.5x".to_owned(); // 金额: not a number every time
            r
        })
        .collect();
    let options = ValidateOptions {
        max_findings: Some(usize::MAX),
        ..ValidateOptions::default()
    };
    let report = run_bytes(csv(&rows).as_bytes(), &options);
    let per_column = |column: u32| {
        found(&report)
            .into_iter()
            .filter(|(code, _, c)| *c == Some(column) && *code != Code::DuplicateKey)
            .count()
    };
    assert_eq!(per_column(4), 5000);
    assert_eq!(per_column(6), 0);
    assert_eq!(per_column(9), 5000);
    assert_eq!(report.rows, 5000);
}
