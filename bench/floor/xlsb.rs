//! `floor to-xlsb`: the CSV as an xlsb of text cells. No crate writes xlsb, so the
//! package is a real workbook (`tests/fixtures/calamine/issues.xlsb`) whose shared strings
//! and first sheet are replaced by generated BIFF12 records ([MS-XLSB] 2.1.4: a record is
//! its type and its size as 7-bit varints, then the data).

use std::collections::HashMap;
use std::error::Error;
use std::io::{BufWriter, Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const TEMPLATE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/calamine/issues.xlsb"
));
/// The template's first sheet: the first BrtBundleSh of `xl/workbook.bin` is `rId1`,
/// which `xl/_rels/workbook.bin.rels` points at this part.
const SHEET_PART: &str = "xl/worksheets/sheet1.bin";
const SHARED_STRINGS_PART: &str = "xl/sharedStrings.bin";

const BRT_ROW_HDR: u16 = 0x0000;
const BRT_CELL_ISST: u16 = 0x0007;
const BRT_SST_ITEM: u16 = 0x0013;
const BRT_BEGIN_SHEET: u16 = 0x0081;
const BRT_END_SHEET: u16 = 0x0082;
const BRT_BEGIN_SHEET_DATA: u16 = 0x0091;
const BRT_END_SHEET_DATA: u16 = 0x0092;
const BRT_WS_DIM: u16 = 0x0094;
const BRT_BEGIN_SST: u16 = 0x009F;
const BRT_END_SST: u16 = 0x00A0;

/// Excel's limits: rows, columns, characters in a cell.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;
const MAX_CELL_CHARS: usize = 32_767;

/// Appends one record: type (at most 2 varint bytes), size (at most 4), data.
pub(crate) fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    if kind < 0x80 {
        out.push(kind as u8);
    } else {
        out.push((kind & 0x7F) as u8 | 0x80);
        out.push((kind >> 7) as u8);
    }
    let mut size = data.len();
    loop {
        let byte = (size & 0x7F) as u8;
        size >>= 7;
        if size == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(data);
}

/// The shared strings table, each distinct string once, as Excel writes it.
#[derive(Default)]
struct SharedStrings {
    index: HashMap<String, u32>,
    /// The BrtSSTItem records, in index order.
    items: Vec<u8>,
    /// Cells that refer to the table.
    references: u32,
}

impl SharedStrings {
    fn index_of(&mut self, value: &str) -> Result<u32, Box<dyn Error>> {
        self.references = self
            .references
            .checked_add(1)
            .ok_or("too many cells / 单元格过多")?;
        if let Some(&i) = self.index.get(value) {
            return Ok(i);
        }
        let units: Vec<u16> = value.encode_utf16().collect();
        if units.len() > MAX_CELL_CHARS {
            return Err(format!("a value of {0} characters (Excel's limit: 32,767) / 单元格值有 {0} 个字符（Excel 上限 32,767）", units.len()).into());
        }
        // BrtSSTItem: RichStr with no rich text or phonetics: flags, then XLWideString.
        let mut data = Vec::with_capacity(5 + 2 * units.len());
        data.push(0);
        data.extend_from_slice(&(units.len() as u32).to_le_bytes());
        for unit in units {
            data.extend_from_slice(&unit.to_le_bytes());
        }
        record(&mut self.items, BRT_SST_ITEM, &data);
        let i = u32::try_from(self.index.len())?;
        self.index.insert(value.to_owned(), i);
        Ok(i)
    }

    fn part(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.items.len() + 16);
        let unique = self.index.len() as u32;
        let counts = [self.references.to_le_bytes(), unique.to_le_bytes()].concat();
        record(&mut out, BRT_BEGIN_SST, &counts);
        out.extend_from_slice(&self.items);
        record(&mut out, BRT_END_SST, &[]);
        out
    }
}

/// The rows and columns of the CSV, for the sheet's BrtWsDim, which precedes the cells.
fn extent(csv: &Path) -> Result<(u32, u32), Box<dyn Error>> {
    let mut columns = 0u32;
    let rows = crate::each_row(csv, |_, fields| {
        columns = columns.max(u32::try_from(fields.len())?);
        Ok(())
    })?;
    if rows > u64::from(MAX_ROWS) || columns > MAX_COLUMNS {
        return Err(format!("{rows} rows × {columns} columns exceed a worksheet / {rows} 行 × {columns} 列超出工作表范围").into());
    }
    Ok((rows as u32, columns))
}

/// Writes the CSV at `csv` as an xlsb at `out`; returns the row count.
pub fn write(csv: &Path, out: &Path) -> Result<u64, Box<dyn Error>> {
    let (rows, columns) = extent(csv)?;
    let mut template = ZipArchive::new(Cursor::new(TEMPLATE))?;
    crate::write_atomically(out, |file| {
        let mut zip = ZipWriter::new(BufWriter::new(file));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file(SHEET_PART, deflated)?;
        let mut strings = SharedStrings::default();
        write_sheet(csv, rows, columns, &mut strings, &mut zip)?;
        zip.start_file(SHARED_STRINGS_PART, deflated)?;
        zip.write_all(&strings.part())?;
        for i in 0..template.len() {
            let entry = template.by_index_raw(i)?;
            let name = entry.name()?;
            if name != SHEET_PART && name != SHARED_STRINGS_PART {
                drop(name);
                zip.raw_copy_file(entry)?;
            }
        }
        zip.finish()?.flush()?;
        Ok(u64::from(rows))
    })
}

fn write_sheet(
    csv: &Path,
    rows: u32,
    columns: u32,
    strings: &mut SharedStrings,
    out: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    let mut buf = Vec::with_capacity(1 << 16);
    record(&mut buf, BRT_BEGIN_SHEET, &[]);
    // BrtWsDim: first row, last row, first column, last column (A1 alone when empty).
    let last = |n: u32| n.saturating_sub(1).to_le_bytes();
    let dim = [[0; 4], last(rows), [0; 4], last(columns)].concat();
    record(&mut buf, BRT_WS_DIM, &dim);
    record(&mut buf, BRT_BEGIN_SHEET_DATA, &[]);
    let mut cells = Vec::new();
    let written = crate::each_row(csv, |row, fields| {
        cells.clear();
        let (mut first, mut last) = (u32::MAX, 0u32);
        for (col, value) in fields.iter().map(crate::cell_text).enumerate() {
            if value.is_empty() {
                continue;
            }
            let col = col as u32;
            (first, last) = (first.min(col), col);
            // BrtCellIsst: column, style 0 with no flags, string index.
            let mut data = [0u8; 12];
            data[..4].copy_from_slice(&col.to_le_bytes());
            data[8..].copy_from_slice(&strings.index_of(value)?.to_le_bytes());
            record(&mut cells, BRT_CELL_ISST, &data);
        }
        // BrtRowHdr: row, style, height 15 pt (300 twips), flags, then one column span
        // covering the row's cells (none for an empty row).
        let mut header = Vec::with_capacity(25);
        header.extend_from_slice(&row.to_le_bytes());
        header.extend_from_slice(&[0, 0, 0, 0, 0x2C, 0x01, 0, 0, 0]);
        if first == u32::MAX {
            header.extend_from_slice(&0u32.to_le_bytes());
        } else {
            header.extend_from_slice(&1u32.to_le_bytes());
            header.extend_from_slice(&first.to_le_bytes());
            header.extend_from_slice(&last.to_le_bytes());
        }
        record(&mut buf, BRT_ROW_HDR, &header);
        buf.extend_from_slice(&cells);
        if buf.len() >= 1 << 16 {
            out.write_all(&buf)?;
            buf.clear();
        }
        Ok(())
    })?;
    if written != u64::from(rows) {
        return Err("the CSV changed while it was written / 写入期间 CSV 被修改".into());
    }
    record(&mut buf, BRT_END_SHEET_DATA, &[]);
    record(&mut buf, BRT_END_SHEET, &[]);
    out.write_all(&buf)?;
    Ok(())
}
