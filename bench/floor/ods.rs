//! `floor to-ods`: the CSV as an OpenDocument spreadsheet of text cells, `content.xml`
//! streamed row by row into the zip.

use std::error::Error;
use std::io::{BufWriter, Seek, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const MANIFEST: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
    r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
    r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
    r#"</manifest:manifest>"#
);

const CONTENT_START: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
    r#" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
    r#" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">"#,
    r#"<office:body><office:spreadsheet><table:table table:name="Sheet1">"#
);

const CONTENT_END: &str =
    "</table:table></office:spreadsheet></office:body></office:document-content>";

/// Writes the CSV at `csv` as an ods at `out`; returns the row count.
pub fn write(csv: &Path, out: &Path) -> Result<u64, Box<dyn Error>> {
    crate::write_atomically(out, |file| {
        let mut zip = ZipWriter::new(BufWriter::new(file));
        // The mimetype comes first and stored, so that it can be read at a fixed offset.
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file("mimetype", stored)?;
        zip.write_all(MIMETYPE.as_bytes())?;
        zip.start_file("META-INF/manifest.xml", deflated)?;
        zip.write_all(MANIFEST.as_bytes())?;
        zip.start_file("content.xml", deflated)?;
        let rows = write_content(csv, &mut zip)?;
        zip.finish()?.flush()?;
        Ok(rows)
    })
}

fn write_content<W: Write + Seek>(
    csv: &Path,
    zip: &mut ZipWriter<W>,
) -> Result<u64, Box<dyn Error>> {
    let mut xml = BufWriter::with_capacity(1 << 16, zip);
    xml.write_all(CONTENT_START.as_bytes())?;
    let mut line = String::new();
    let rows = crate::each_row(csv, |_, fields| {
        // No whitespace between elements: calamine's ods reader expects a cell or the
        // end of the row after each cell.
        line.clear();
        line.push_str("<table:table-row>");
        for value in fields.iter().map(crate::cell_text) {
            if value.is_empty() {
                line.push_str("<table:table-cell/>");
            } else {
                line.push_str(r#"<table:table-cell office:value-type="string">"#);
                push_paragraphs(&mut line, value)?;
                line.push_str("</table:table-cell>");
            }
        }
        line.push_str("</table:table-row>");
        xml.write_all(line.as_bytes())?;
        Ok(())
    })?;
    xml.write_all(CONTENT_END.as_bytes())?;
    xml.flush()?;
    Ok(rows)
}

/// Appends `value` as `text:p` paragraphs (one per line). ODF collapses runs of spaces
/// and drops them at the ends of a paragraph, so every space that would be lost is a
/// `text:s`; tabs are `text:tab`.
pub(crate) fn push_paragraphs(out: &mut String, value: &str) -> Result<(), Box<dyn Error>> {
    for paragraph in value.split('\n') {
        out.push_str("<text:p>");
        let mut chars = paragraph.chars().peekable();
        let mut at_start = true;
        while let Some(c) = chars.next() {
            if c == ' ' {
                let mut run = 1;
                while chars.next_if_eq(&' ').is_some() {
                    run += 1;
                }
                let at_end = chars.peek().is_none();
                if !at_start && !at_end {
                    out.push(' ');
                    run -= 1;
                }
                match run {
                    0 => {}
                    1 => out.push_str("<text:s/>"),
                    n => out.push_str(&format!(r#"<text:s text:c="{n}"/>"#)),
                }
            } else {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '"' => out.push_str("&quot;"),
                    '\t' => out.push_str("<text:tab/>"),
                    '\r' => out.push_str("&#13;"),
                    c if u32::from(c) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                        return Err(format!(
                            "U+{0:04X} cannot be written in XML 1.0 / XML 1.0 无法表示 U+{0:04X}",
                            u32::from(c)
                        )
                        .into())
                    }
                    c => out.push(c),
                }
            }
            at_start = false;
        }
        out.push_str("</text:p>");
    }
    Ok(())
}
