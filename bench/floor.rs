//! The floors govdict is measured against in `bench/compare.sh`: reading a file with no
//! checks at all.
//!
//! - `floor csv FILE`: the `csv` crate reading every record into one reused `ByteRecord`.
//! - `floor xlsx FILE`, `floor xlsb FILE`: calamine reading the first sheet cell by cell
//!   (`worksheet_cells_reader`), reading each value.
//! - `floor ods FILE`: calamine reading the first sheet whole (`worksheet_range`; calamine
//!   has no streaming ods reader), reading each value.
//!
//! "Reading a value" reads every byte of its text, as the csv floor's `ByteRecord` holds
//! every byte of each field. Taking only a text's length would skip the bytes of shared
//! strings, which calamine keeps in a table apart from the cells: no reader of the data
//! can skip them.
//! - `floor to-xlsx CSV OUT`, `floor to-xlsb CSV OUT`, `floor to-ods CSV OUT`: write the
//!   CSV as a workbook of text cells (a leading BOM removed, empty cells left out) for the
//!   spreadsheet runs.
//!
//! Prints the row count. `cargo build --release --example floor`.

use std::error::Error;
use std::fs::File;
use std::path::Path;
use std::process::ExitCode;

use calamine::{open_workbook_auto, Data, DataRef, Reader};

#[path = "floor/ods.rs"]
mod ods;
#[path = "floor/xlsb.rs"]
mod xlsb;

const USAGE: &str = "usage: floor csv|xlsx|xlsb|ods FILE | floor to-xlsx|to-xlsb|to-ods CSV OUT\n\
    用法：floor csv|xlsx|xlsb|ods 文件 | floor to-xlsx|to-xlsb|to-ods CSV 输出文件";

fn csv_rows(path: &Path) -> Result<u64, Box<dyn Error>> {
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

/// Reads every byte of `text`, as any use of the value would.
fn read_text(text: &str) -> usize {
    let sum = text.bytes().fold(0u8, u8::wrapping_add);
    text.len() + usize::from(sum)
}

fn touch(d: &DataRef<'_>) -> usize {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => read_text(s),
        DataRef::SharedString(s) => read_text(s),
        DataRef::Float(f) => f.to_bits() as usize & 7,
        DataRef::DateTime(dt) => dt.as_f64() as usize & 7,
        DataRef::Int(i) => *i as usize & 7,
        DataRef::Bool(b) => usize::from(*b),
        DataRef::Error(_) => 1,
        DataRef::Empty => 0,
    }
}

/// `touch` for the cells of a whole-sheet read, without allocating.
fn touch_whole(d: &Data) -> usize {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => read_text(s),
        Data::Float(f) => f.to_bits() as usize & 7,
        Data::DateTime(dt) => dt.as_f64() as usize & 7,
        Data::Int(i) => *i as usize & 7,
        Data::Bool(b) => usize::from(*b),
        Data::Error(_) => 1,
        Data::Empty => 0,
    }
}

fn sheet_rows(path: &Path) -> Result<u64, Box<dyn Error>> {
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
        calamine::Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(&sheet)?;
            while let Some(cell) = cells.next_cell()? {
                rows = rows.max(u64::from(cell.get_position().0) + 1);
                sum = sum.wrapping_add(touch(cell.get_value()));
            }
        }
        other => {
            let range = other.worksheet_range(&sheet)?;
            rows = range.height() as u64;
            sum = range.cells().map(|(_, _, d)| touch_whole(d)).sum();
        }
    }
    std::hint::black_box(sum);
    Ok(rows)
}

/// A CSV field as the spreadsheets hold it: without the BOM of the first one.
fn cell_text(field: &str) -> &str {
    field.trim_start_matches('\u{feff}')
}

/// Calls `f` with the index and fields of every record of the CSV at `path` (no header
/// row, ragged rows allowed); returns the record count.
fn each_row(
    path: &Path,
    mut f: impl FnMut(u32, &csv::StringRecord) -> Result<(), Box<dyn Error>>,
) -> Result<u64, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)?;
    let mut record = csv::StringRecord::new();
    let mut rows = 0u32;
    while reader.read_record(&mut record)? {
        f(rows, &record)?;
        rows = rows
            .checked_add(1)
            .ok_or("more rows than a worksheet holds / 行数超出工作表范围")?;
    }
    Ok(u64::from(rows))
}

/// Writes `out` through a temporary file beside it, renamed into place only once whole.
fn write_atomically(
    out: &Path,
    write: impl FnOnce(&mut File) -> Result<u64, Box<dyn Error>>,
) -> Result<u64, Box<dyn Error>> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // The mode any program would give a new file (0666 less the umask), not 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    let rows = write(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(out)?;
    Ok(rows)
}

fn to_xlsx(csv_path: &Path, out: &Path) -> Result<u64, Box<dyn Error>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = each_row(csv_path, |row, fields| {
        for (j, value) in fields.iter().map(cell_text).enumerate() {
            if !value.is_empty() {
                sheet.write_string(row, u16::try_from(j)?, value)?;
            }
        }
        Ok(())
    })?;
    book.save(out)?;
    Ok(rows)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [mode, file] if mode == "csv" => csv_rows(Path::new(file)),
        [mode, file] if matches!(mode.as_str(), "xlsx" | "xlsb" | "ods") => {
            sheet_rows(Path::new(file))
        }
        [mode, from, to] if mode == "to-xlsx" => to_xlsx(Path::new(from), Path::new(to)),
        [mode, from, to] if mode == "to-xlsb" => xlsb::write(Path::new(from), Path::new(to)),
        [mode, from, to] if mode == "to-ods" => ods::write(Path::new(from), Path::new(to)),
        _ => Err(USAGE.into()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use govdict::source::{self, OpenOptions, Record};
    use std::path::PathBuf;

    /// BOM, spaces ODF would collapse, XML specials, a tab, a line break, a character
    /// outside the BMP (two UTF-16 units), empty cells, ragged rows, repeated values.
    const CSV: &str = "\u{feff}名称,备注,空\r\n\
        \"a  b\", \" lead,trail \",\r\n\
        \"<&>\"\"'\",\"x\ty\",\"line1\nline2\"\r\n\
        \u{20000},,z\r\n\
        only\r\n\
        a  b,名称,z\r\n";

    /// The CSV's rows as the spreadsheets should hold them, trailing empty cells dropped.
    fn expected(path: &Path) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        each_row(path, |_, fields| {
            rows.push(fields.iter().map(|f| cell_text(f).to_owned()).collect());
            Ok(())
        })
        .expect("csv");
        rows.iter_mut().for_each(trim_end);
        rows
    }

    fn trim_end(row: &mut Vec<String>) {
        while row.last().is_some_and(String::is_empty) {
            row.pop();
        }
    }

    fn written(to: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let csv = dir.path().join("in.csv");
        std::fs::write(&csv, CSV).expect("csv");
        let out = dir.path().join(format!("out.{to}"));
        let rows = match to {
            "ods" => ods::write(&csv, &out),
            "xlsb" => xlsb::write(&csv, &out),
            _ => to_xlsx(&csv, &out),
        }
        .expect("written");
        assert_eq!(rows, 6);
        (dir, csv, out)
    }

    /// What calamine reads from the first sheet, trailing empty cells dropped.
    fn calamine_rows(path: &Path) -> Vec<Vec<String>> {
        let mut book = open_workbook_auto(path).expect("opens");
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).expect("sheet");
        assert_eq!(range.start(), Some((0, 0)));
        range
            .rows()
            .map(|cells| {
                let mut row: Vec<String> = cells
                    .iter()
                    .map(|d| match d {
                        Data::String(s) => s.clone(),
                        Data::Empty => String::new(),
                        other => panic!("not a text cell: {other:?}"),
                    })
                    .collect();
                trim_end(&mut row);
                row
            })
            .collect()
    }

    /// What govdict's reader makes of a file, trailing empty cells dropped.
    fn govdict_rows(path: &Path) -> Vec<Vec<String>> {
        let mut opened = source::open(path, &OpenOptions::default()).expect("opens");
        let mut rows = Vec::new();
        let mut record = Record::default();
        while opened.source.next_record(&mut record).expect("reads") {
            let mut row: Vec<String> = record.iter().map(str::to_owned).collect();
            trim_end(&mut row);
            rows.push(row);
        }
        rows
    }

    #[test]
    fn ods_and_xlsb_hold_the_csv_cells_as_calamine_reads_them() {
        for to in ["ods", "xlsb"] {
            let (_dir, csv, out) = written(to);
            assert_eq!(calamine_rows(&out), expected(&csv), "{to}");
            assert_eq!(sheet_rows(&out).expect("floor read"), 6, "{to}");
        }
    }

    #[test]
    fn govdict_reads_the_same_records_from_the_csv_and_each_spreadsheet() {
        let (_dir, csv, _) = written("ods");
        let from_csv = govdict_rows(&csv);
        assert_eq!(from_csv.len(), 6);
        for to in ["xlsx", "ods", "xlsb"] {
            let (_dir, _, out) = written(to);
            assert_eq!(govdict_rows(&out), from_csv, "{to}");
        }
    }

    #[test]
    fn ods_keeps_the_spaces_odf_would_collapse() {
        let mut out = String::new();
        ods::push_paragraphs(&mut out, "  a  b \n ").expect("text");
        assert_eq!(
            out,
            r#"<text:p><text:s text:c="2"/>a <text:s/>b<text:s/></text:p><text:p><text:s/></text:p>"#
        );
    }

    #[test]
    fn ods_refuses_characters_xml_cannot_hold() {
        let mut out = String::new();
        let err = ods::push_paragraphs(&mut out, "a\u{1}b").expect_err("refused");
        assert!(err.to_string().contains("U+0001"), "{err}");
    }

    #[test]
    fn xlsb_records_use_varint_types_and_sizes() {
        let mut out = Vec::new();
        xlsb::record(&mut out, 0x009F, &[7; 200]);
        assert_eq!(&out[..4], &[0x9F, 0x01, 0xC8, 0x01]);
        assert_eq!(out.len(), 4 + 200);
    }
}
