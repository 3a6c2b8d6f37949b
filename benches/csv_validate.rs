//! CSV reading and validation against the parse floor.
//!
//! Two modes:
//! - `cargo bench --bench csv_validate` runs criterion benchmarks on an in-memory export
//!   built from the clean enterprise example (rows repeated, names made distinct): raw read,
//!   the `csv` crate reading `ByteRecord`s, `CsvSource` reading every record, and
//!   `validate_file` end to end.
//! - `cargo bench --bench csv_validate -- --floor FILE` measures the same four stages once
//!   each on a large file (see `bench/gen_large.py`) and prints MB/s and rows/s, the figures
//!   in `docs/benchmarks.md`.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use govdict::dictionary::{self, Dictionary};
use govdict::source::csv::{self as gcsv, CsvOptions};
use govdict::source::{Record, RowSource};
use govdict::validate::{ValidateOptions, Validator};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/enterprise_registration_clean.csv"
);
/// Copies of the example's rows in the criterion input.
const COPIES: usize = 700;

/// (a) read every byte of the file.
fn raw_read(path: &Path) -> u64 {
    let mut file = std::fs::File::open(path).expect("open");
    let mut buf = vec![0u8; 64 * 1024];
    let mut lines = 0u64;
    loop {
        let n = file.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        // Count line feeds so the pass cannot be optimised away.
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    lines
}

/// (b) the csv crate, `ByteRecord`s, no UTF-8 check.
fn csv_crate(path: &Path) -> u64 {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("open");
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut record).expect("read") {
        rows += 1;
    }
    rows
}

/// (c) our reader: encoding detection, decoding, hashing and parsing.
fn csv_source(path: &Path) -> u64 {
    let mut source = gcsv::open(path, &CsvOptions::default()).expect("open");
    let mut record = Record::default();
    let mut rows = 0u64;
    while source.next_record(&mut record).expect("read") {
        rows += 1;
    }
    rows
}

/// (d) validation of the whole file (the library call the binary makes per file).
fn validate(validator: &Validator, path: &Path) -> u64 {
    let report = validator
        .validate_file(path, "bench.csv")
        .expect("validate");
    report.rows
}

/// The validator of the run, listing at most 1000 findings.
fn validator(dict: &Dictionary) -> Validator<'_> {
    Validator::new(
        dict,
        ValidateOptions {
            max_findings: Some(1000),
            ..ValidateOptions::default()
        },
    )
}

/// One timed pass of each stage on a large file, printed as a Markdown table.
fn floor(path: &Path) {
    let bytes = std::fs::metadata(path).expect("stat").len() as f64;
    let dict = dictionary::load(None).expect("dictionary");
    let validator = validator(&dict);
    let mb = bytes / 1e6;
    println!("file: {} ({mb:.1} MB)", path.display());
    println!("| stage | seconds | MB/s | rows/s |");
    println!("|---|---:|---:|---:|");
    let mut base = None;
    let stages: [(&str, &dyn Fn() -> u64); 4] = [
        ("(a) raw read", &|| raw_read(path)),
        ("(b) csv crate ByteRecord", &|| csv_crate(path)),
        ("(c) CsvSource records", &|| csv_source(path)),
        ("(d) validate_file", &|| validate(&validator, path)),
    ];
    for (name, stage) in stages {
        let start = Instant::now();
        let rows = stage();
        let secs = start.elapsed().as_secs_f64();
        println!(
            "| {name} | {secs:.2} | {:.0} | {:.0} |",
            mb / secs,
            rows as f64 / secs
        );
        if name.starts_with("(b)") {
            base = Some(secs);
        }
        if let (Some(b), true) = (base, name.starts_with("(d)")) {
            println!("\n(d)/(b) time ratio: {:.2}", secs / b);
        }
    }
}

/// The clean example's rows repeated with distinct names.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(EXAMPLE).expect("example");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let rows: Vec<&str> = lines.collect();
    let path = dir.join("enterprise.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    writeln!(out, "{header}").expect("write");
    for copy in 0..COPIES {
        for row in &rows {
            // The name (column 2) gets a copy number so the unique check sees distinct
            // values; the credit code stays, so every copy after the first repeats the
            // primary key: this benchmark also times the finding path (`duplicate-key`).
            let mut cells: Vec<String> = row.splitn(3, ',').map(str::to_owned).collect();
            if copy > 0 {
                if let Some(name) = cells.get_mut(1) {
                    name.insert_str(0, &format!("{copy}"));
                }
            }
            writeln!(out, "{}", cells.join(",")).expect("write");
        }
    }
    out.flush().expect("flush");
    path
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fixture(dir.path());
    let size = std::fs::metadata(&path).expect("stat").len();
    let dict = dictionary::load(None).expect("dictionary");
    let validator = validator(&dict);
    let mut group = c.benchmark_group("csv");
    group
        .throughput(Throughput::Bytes(size))
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("raw_read", |b| b.iter(|| raw_read(&path)));
    group.bench_function("csv_crate_byte_record", |b| b.iter(|| csv_crate(&path)));
    group.bench_function("csv_source", |b| b.iter(|| csv_source(&path)));
    group.bench_function("validate_file", |b| b.iter(|| validate(&validator, &path)));
    group.finish();
}

criterion_group!(csv_benches, benches);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--floor") {
        let file = args.get(pos + 1).expect("--floor FILE");
        floor(Path::new(file));
        return;
    }
    csv_benches();
    Criterion::default().configure_from_args().final_summary();
}
