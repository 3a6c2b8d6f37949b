//! Reading a 100,000-row enterprise-registration workbook (14 columns of shared-string
//! text, number and date cells, as Excel writes them): a bare calamine read touching every
//! cell, against govdict's reader and against the full validation pipeline. The workbook is
//! generated at the start from the clean example export, so no fixture is needed and the
//! data passes the dictionary (the pipeline's cost is checking, not reporting).
//!
//! `cargo bench --bench excel_read`; figures in `docs/benchmarks-excel.md`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use calamine::{open_workbook, Data, DataRef, Reader, Xlsx};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govdict::source::{self, OpenOptions, Record};
use govdict::validate::{ValidateOptions, Validator};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const ROWS: u32 = 100_000;
const SHEET: &str = "企业登记";
const NUMBER_COLUMNS: [usize; 5] = [2, 4, 7, 10, 13];
const DATE_COLUMN: usize = 5;

/// GB 32100 credit code with a GB 11714 organization code inside, both with correct check
/// characters, unique per `n`.
fn credit_code(n: u32) -> String {
    let body = format!("{:08}", 10_000_000 + n);
    let org_check = govdict::rules::gb11714::check_char(body.as_bytes()).unwrap_or(b'0');
    let mut code = format!("91350102{body}{}", char::from(org_check));
    let check = govdict::rules::gb32100::check_char(code.as_bytes()).unwrap_or(b'0');
    code.push(char::from(check));
    code
}

/// The rows of the clean example export, as text.
fn template_rows() -> Vec<Vec<String>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/enterprise_registration_clean.csv");
    let mut opened = source::open(&path, &OpenOptions::default()).expect("opens");
    let mut rows = Vec::new();
    let mut record = Record::default();
    while opened.source.next_record(&mut record).expect("reads") {
        rows.push(record.iter().map(str::to_owned).collect());
    }
    rows
}

fn generate(dir: &Path) -> PathBuf {
    let template = template_rows();
    let (header, data) = template.split_first().expect("header");
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name(SHEET).expect("name");
    for (j, h) in header.iter().enumerate() {
        ws.write_string(0, j as u16, h).expect("header");
    }
    for r in 1..=ROWS {
        let src = &data[r as usize % data.len()];
        for (j, value) in src.iter().enumerate() {
            let col = j as u16;
            match j {
                0 => ws.write_string(r, col, credit_code(r)),
                1 => ws.write_string(r, col, format!("福州{r}号科技有限公司")),
                _ if value.is_empty() => continue,
                j if NUMBER_COLUMNS.contains(&j) => {
                    ws.write_number(r, col, value.parse::<f64>().expect("number"))
                }
                DATE_COLUMN => {
                    let d = ExcelDateTime::parse_from_str(value).expect("date");
                    ws.write_datetime_with_format(r, col, &d, &date)
                }
                _ => ws.write_string(r, col, value),
            }
            .expect("write");
        }
    }
    let path = dir.join("enterprise_100k.xlsx");
    book.save(&path).expect("save");
    path
}

/// A number standing for a cell's content, so no read can be optimised away.
fn touch(d: &Data) -> usize {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len(),
        Data::Float(f) => f.to_bits() as usize & 7,
        Data::DateTime(dt) => dt.as_f64() as usize & 7,
        Data::Int(i) => *i as usize & 7,
        Data::Bool(b) => usize::from(*b),
        Data::Error(_) => 1,
        Data::Empty => 0,
    }
}

fn touch_ref(d: &DataRef<'_>) -> usize {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        DataRef::SharedString(s) => s.len(),
        DataRef::Float(f) => f.to_bits() as usize & 7,
        DataRef::DateTime(dt) => dt.as_f64() as usize & 7,
        DataRef::Int(i) => *i as usize & 7,
        DataRef::Bool(b) => usize::from(*b),
        DataRef::Error(_) => 1,
        DataRef::Empty => 0,
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path());
    let bytes = std::fs::metadata(&path).expect("size").len();
    eprintln!("workbook: {} rows, {bytes} bytes", ROWS);
    let dict = govdict::dictionary::load(None).expect("dictionary");
    let validator = Validator::new(&dict, ValidateOptions::default());

    // The pipeline must see clean data, or it would measure reporting.
    let report = validator.validate_file(&path, "b.xlsx").expect("validates");
    assert_eq!(report.dataset.as_deref(), Some("enterprise-registration"));
    assert_eq!(report.rows, u64::from(ROWS));
    assert!(report.findings.is_empty(), "{:?}", report.findings.first());

    let mut group = c.benchmark_group("xlsx_100k_rows");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(u64::from(ROWS)));
    group.bench_function("a_calamine_worksheet_range", |b| {
        b.iter(|| {
            let mut book: Xlsx<_> = open_workbook(&path).expect("open");
            let range = book.worksheet_range(SHEET).expect("range");
            range.rows().flatten().map(touch).sum::<usize>()
        })
    });
    group.bench_function("a_calamine_cells_reader", |b| {
        b.iter(|| {
            let mut book: Xlsx<_> = open_workbook(&path).expect("open");
            let mut cells = book.worksheet_cells_reader(SHEET).expect("reader");
            let mut sum = 0;
            while let Some(cell) = cells.next_cell().expect("cell") {
                sum += touch_ref(cell.get_value());
            }
            sum
        })
    });
    group.bench_function("b_govdict_open_read_all", |b| {
        b.iter(|| {
            let mut opened = source::open(&path, &OpenOptions::default()).expect("open");
            let mut record = Record::default();
            let mut sum = 0;
            while opened.source.next_record(&mut record).expect("row") {
                sum += record.iter().map(str::len).sum::<usize>();
            }
            sum
        })
    });
    group.bench_function("c_validate_file", |b| {
        b.iter(|| {
            validator
                .validate_file(&path, "b.xlsx")
                .expect("validates")
                .rows
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
