//! Measures the sheets of an ods file before calamine expands them: calamine builds a
//! dense grid of every sheet when it opens the file, and `table:number-rows-repeated` /
//! `table:number-columns-repeated` let a 1 KB file ask for billions of cells.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

/// What the scan found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The package is encrypted (a password to open): `content.xml` is not XML.
    Encrypted,
    /// The dense grids of all sheets (rows × columns, from A1 to the last cell with
    /// content), summed: what calamine will allocate.
    Cells(u64),
}

/// Measures the sheets of the ods at `path`, streaming `content.xml`.
pub(crate) fn dense_cells(path: &Path) -> Result<Scan, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| e.to_string())?;
    if let Ok(manifest) = archive.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        // The manifest lists parts; 1 MiB is far more than any real one.
        let _ = manifest.take(1024 * 1024).read_to_string(&mut text);
        if text.contains("encryption-data") {
            return Ok(Scan::Encrypted);
        }
    }
    let index = archive
        .file_names()
        .position(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("content.xml")))
        .ok_or_else(|| "content.xml is missing / 缺少 content.xml".to_owned())?;
    let entry = archive.by_index(index).map_err(|e| e.to_string())?;
    scan(BufReader::new(entry)).map(Scan::Cells)
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_value_type(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "office:value-type")
}

/// Grid of one table: row and column just past the last cell with content.
#[derive(Default)]
struct Table {
    row: u64,
    col: u64,
    rows_repeated: u64,
    end_row: u64,
    end_col: u64,
}

impl Table {
    fn content(&mut self, cols: u64) {
        self.end_row = self
            .end_row
            .max(self.row.saturating_add(self.rows_repeated));
        self.end_col = self.end_col.max(self.col.saturating_add(cols));
    }
    fn area(&self) -> u64 {
        self.end_row.saturating_mul(self.end_col)
    }
}

fn scan<R: Read>(input: BufReader<R>) -> Result<u64, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut table = Table::default();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml: {e}"))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => table = Table::default(),
                "table:table-row" => {
                    table.rows_repeated = repeat(&e, "table:number-rows-repeated");
                    table.col = 0;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let cols = repeat(&e, "table:number-columns-repeated");
                    // A cell element with children has content even without a value type.
                    table.content(cols);
                    table.col = table.col.saturating_add(cols);
                }
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "table:table-row" => {
                    let rows = repeat(&e, "table:number-rows-repeated");
                    table.row = table.row.saturating_add(rows);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let cols = repeat(&e, "table:number-columns-repeated");
                    if has_value_type(&e) {
                        table.content(cols);
                    }
                    table.col = table.col.saturating_add(cols);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    table.row = table.row.saturating_add(table.rows_repeated);
                }
                "table:table" => total = total.saturating_add(table.area()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(xml: &str) -> u64 {
        scan(BufReader::new(xml.as_bytes())).unwrap_or(u64::MAX)
    }

    #[test]
    fn repeated_empty_rows_at_the_end_cost_nothing() {
        let xml = r#"<t><table:table><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></t>"#;
        assert_eq!(area(xml), 1);
    }

    #[test]
    fn repeated_rows_with_content_count_in_full() {
        let xml = r#"<t><table:table><table:table-row table:number-rows-repeated="999999999"><table:table-cell table:number-columns-repeated="999999999" office:value-type="float" office:value="1"/></table:table-row></table:table></t>"#;
        assert_eq!(area(xml), 999_999_999u64 * 999_999_999u64);
    }
}
