//! The floors govdict is measured against in `bench/compare.sh`: reading a file with no
//! checks at all.
//!
//! - `floor csv FILE`: the `csv` crate reading every record into one reused `ByteRecord`.
//! - `floor xlsx FILE`: calamine reading the first sheet cell by cell, touching each value.
//! - `floor to-xlsx CSV OUT`: writes the CSV as a workbook of text cells (for the xlsx run).
//!
//! Prints the row count. `cargo build --release --example floor`.

use std::path::Path;
use std::process::ExitCode;

use calamine::{open_workbook_auto, DataRef, Reader};

fn csv_rows(path: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
    }
    Ok(rows)
}

fn touch(d: &DataRef<'_>) -> usize {
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

fn sheet_rows(path: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let mut book = open_workbook_auto(path)?;
    let sheet = book.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut rows = 0u64;
    let mut sum = 0usize;
    match &mut book {
        calamine::Sheets::Xlsx(x) => {
            let mut cells = x.worksheet_cells_reader(&sheet)?;
            while let Some(cell) = cells.next_cell()? {
                rows = rows.max(u64::from(cell.get_position().0) + 1);
                sum = sum.wrapping_add(touch(cell.get_value()));
            }
        }
        other => {
            let range = other.worksheet_range(&sheet)?;
            rows = range.height() as u64;
            sum = range.cells().map(|(_, _, d)| d.to_string().len()).sum();
        }
    }
    std::hint::black_box(sum);
    Ok(rows)
}

fn to_xlsx(csv_path: &Path, out: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(csv_path)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut rows = 0u32;
    for record in reader.records() {
        let record = record?;
        for (j, value) in record.iter().enumerate() {
            let value = value.trim_start_matches('\u{feff}');
            if !value.is_empty() {
                sheet.write_string(rows, u16::try_from(j)?, value)?;
            }
        }
        rows += 1;
    }
    book.save(out)?;
    Ok(u64::from(rows))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [mode, file] if mode == "csv" => csv_rows(Path::new(file)),
        [mode, file] if mode == "xlsx" => sheet_rows(Path::new(file)),
        [mode, from, to] if mode == "to-xlsx" => to_xlsx(Path::new(from), Path::new(to)),
        _ => Err("usage: floor csv FILE | floor xlsx FILE | floor to-xlsx CSV OUT".into()),
    };
    match result {
        Ok(rows) => {
            println!("{rows}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::from(2)
        }
    }
}
