//! Measures the sheets of an ods file before calamine expands them: calamine builds a
//! dense grid of every sheet when it opens the file, and `table:number-rows-repeated` /
//! `table:number-columns-repeated` let a 1 KB file ask for billions of cells, or for
//! millions of copies of a long text, and `<text:s text:c="…"/>` for a billion spaces.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

/// What the scan found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The package is encrypted (a password to open): `content.xml` is not XML.
    Encrypted,
    /// What calamine will allocate.
    Measured(Measure),
}

/// The size of what the sheets expand to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Measure {
    /// The dense grids of all sheets (rows × columns, from A1 to the last cell with
    /// content), summed.
    pub(crate) cells: u64,
    /// Bytes of the cells' markup as repeated (each cell's bytes, from `<` to its end tag,
    /// times its repeats and its row's, plus the spaces `text:s` asks for): a bound of the
    /// text calamine keeps.
    pub(crate) bytes: u64,
    /// Rows of the longest sheet, to its last cell with content.
    pub(crate) rows: u64,
}

/// Measures the sheets of the ods at `path`, streaming `content.xml`. A count up to
/// `limit` may come from the quick pass over the table markup alone (`quick_scan`); any
/// other count, or a file that pass does not follow, comes from the XML parser.
pub(crate) fn dense_cells(path: &Path, limit: u64) -> Result<Scan, String> {
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
    if let Some(measure) = quick_scan(entry).map_err(|e| format!("content.xml: {e}"))? {
        if measure.cells <= limit {
            return Ok(Scan::Measured(measure));
        }
    }
    let entry = archive.by_index(index).map_err(|e| e.to_string())?;
    scan(BufReader::new(entry)).map(Scan::Measured)
}

/// Rows calamine reads of an ods sheet (Excel's limit): it drops the ones after.
pub(crate) const MAX_ROWS: u64 = 1_048_576;

/// How much of `content.xml` the quick pass reads at a time.
const CHUNK: usize = 256 * 1024;
/// A comment or tag longer than this ends the quick pass (the XML parser takes over).
const MAX_MARKUP: usize = 1024 * 1024;

/// The count `scan` gives, from the table markup alone: text between tags is skipped
/// with `memchr` instead of being parsed, and only tags named `table:…` are read. `None`
/// when the markup holds anything this pass does not follow (a DOCTYPE, an attribute it
/// cannot read, a tag cut off by the end of the file, one longer than `MAX_MARKUP`).
fn quick_scan(mut input: impl Read) -> std::io::Result<Option<Measure>> {
    let mut buf: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    let mut walk = Walk::default();
    let mut end = false;
    // Bytes of the input before `buf[0]`.
    let mut consumed: u64 = 0;
    while !end {
        let old = buf.len();
        buf.resize(old + CHUNK, 0);
        let n = loop {
            match input.read(&mut buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        buf.truncate(old + n);
        end = n == 0;
        let mut pos = 0;
        while let Some(i) = memchr::memchr(b'<', &buf[pos..]) {
            let at = pos + i;
            match markup(&buf[at..]) {
                Markup::Tag(len) => {
                    if !walk.tag(&buf[at..at + len], consumed + at as u64) {
                        return Ok(None);
                    }
                    pos = at + len;
                }
                Markup::Skip(len) => pos = at + len,
                Markup::Partial if !end && buf.len() - at <= MAX_MARKUP => {
                    pos = at;
                    break;
                }
                Markup::Partial | Markup::Unknown => return Ok(None),
            }
            if pos == buf.len() {
                break;
            }
        }
        if memchr::memchr(b'<', &buf[pos..]).is_none() {
            pos = buf.len();
        }
        buf.drain(..pos);
        consumed += pos as u64;
    }
    Ok(Some(walk.measure))
}

/// What a `<` starts.
enum Markup {
    /// A start, empty or end tag of this many bytes.
    Tag(usize),
    /// A comment, CDATA section or processing instruction of this many bytes.
    Skip(usize),
    /// More bytes are needed to tell.
    Partial,
    /// Something the quick pass does not follow.
    Unknown,
}

/// Classifies the markup at the start of `s`, which begins with `<`.
fn markup(s: &[u8]) -> Markup {
    let closed_by = |open: &[u8], close: &[u8]| {
        memchr::memmem::find(&s[open.len()..], close).map_or(Markup::Partial, |i| {
            Markup::Skip(open.len() + i + close.len())
        })
    };
    match s.get(1) {
        None => Markup::Partial,
        Some(b'!') if s.starts_with(b"<!--") => closed_by(b"<!--", b"-->"),
        Some(b'!') if s.starts_with(b"<![CDATA[") => closed_by(b"<![CDATA[", b"]]>"),
        Some(b'!') if s.len() < 9 => Markup::Partial,
        Some(b'!') => Markup::Unknown,
        Some(b'?') => closed_by(b"<?", b"?>"),
        Some(_) => tag_len(s).map_or(Markup::Partial, Markup::Tag),
    }
}

/// The length of the tag at the start of `s` up to its `>`, which may stand inside a
/// quoted attribute value; `None` if `s` ends first.
fn tag_len(s: &[u8]) -> Option<usize> {
    let mut at = 1;
    loop {
        let i = memchr::memchr3(b'>', b'"', b'\'', &s[at..])?;
        let found = at + i;
        match s[found] {
            b'>' => return Some(found + 1),
            quote => at = found + 1 + memchr::memchr(quote, &s[found + 1..])? + 1,
        }
    }
}

/// The quick pass's state: the same as `scan`'s.
#[derive(Default)]
struct Walk {
    measure: Measure,
    table: Table,
}

impl Walk {
    /// Takes one tag (`<…>`) that starts at byte `at` of the input; `false` when its
    /// attributes cannot be read.
    fn tag(&mut self, tag: &[u8], at: u64) -> bool {
        let end = at + tag.len() as u64;
        let inner = &tag[1..tag.len() - 1];
        if let Some(name) = inner.strip_prefix(b"/") {
            match name.trim_ascii_end() {
                b"table:table-row" => self.table.end_row(),
                b"table:table-cell" | b"table:covered-table-cell" => self.table.end_cell(end),
                b"table:table" => self.measure.add(&self.table),
                _ => {}
            }
            return true;
        }
        if let Some(rest) = inner.strip_prefix(b"text:s") {
            if rest
                .first()
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                let attributes = rest.strip_suffix(b"/").unwrap_or(rest);
                let Some(spaces) = quick_repeat(attributes, b"text:c") else {
                    return false;
                };
                self.table.spaces(spaces);
            }
            return true;
        }
        if !inner.starts_with(b"table:") {
            return true;
        }
        let (inner, empty) = match inner.strip_suffix(b"/") {
            Some(inner) => (inner, true),
            None => (inner, false),
        };
        let name_end = inner
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(inner.len());
        let (name, attributes) = inner.split_at(name_end);
        let table = &mut self.table;
        match (name, empty) {
            (b"table:table", false) => *table = Table::default(),
            (b"table:table-row", false) => {
                let Some(rows) = quick_repeat(attributes, b"table:number-rows-repeated") else {
                    return false;
                };
                table.start_row(rows);
            }
            (b"table:table-row", true) => {
                let Some(rows) = quick_repeat(attributes, b"table:number-rows-repeated") else {
                    return false;
                };
                table.row = table.row.saturating_add(rows);
            }
            (b"table:table-cell" | b"table:covered-table-cell", _) => {
                let Some(cols) = quick_repeat(attributes, b"table:number-columns-repeated") else {
                    return false;
                };
                // As in `scan`: a cell with children has content; an empty one needs a
                // value type.
                let content = match attribute(attributes, b"office:value-type") {
                    _ if !empty => true,
                    Some(value_type) => value_type.is_some(),
                    None => return false,
                };
                if content {
                    table.content(cols);
                }
                table.start_cell(cols, at, content);
                if empty {
                    table.end_cell(end);
                }
            }
            _ => {}
        }
        true
    }
}

/// `repeat` over raw attributes; `None` when they cannot be read.
fn quick_repeat(attributes: &[u8], name: &[u8]) -> Option<u64> {
    let value = attribute(attributes, name)?;
    let Some(value) = value else {
        return Some(1);
    };
    let text = std::str::from_utf8(value).ok()?;
    Some(text.trim().parse::<u64>().ok().unwrap_or(1).max(1))
}

/// The value of the first attribute called `name`: `Some(None)` when there is none,
/// `None` when the attributes are not `key="value"` pairs.
fn attribute<'a>(mut rest: &'a [u8], name: &[u8]) -> Option<Option<&'a [u8]>> {
    let mut found = None;
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() {
            return Some(found);
        }
        let key_end = rest
            .iter()
            .position(|b| *b == b'=' || b.is_ascii_whitespace())?;
        let (key, after) = rest.split_at(key_end);
        let after = after
            .trim_ascii_start()
            .strip_prefix(b"=")?
            .trim_ascii_start();
        let (&quote, after) = after.split_first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_end = memchr::memchr(quote, after)?;
        if found.is_none() && key == name {
            found = Some(&after[..value_end]);
        }
        rest = &after[value_end + 1..];
    }
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

/// Grid of one table: row and column just past the last cell with content; and the bytes
/// its rows expand to.
#[derive(Default)]
struct Table {
    row: u64,
    col: u64,
    rows_repeated: u64,
    end_row: u64,
    end_col: u64,
    /// The open cell: where it starts, its repeats, and the spaces `text:s` adds.
    cell: Option<(u64, u64)>,
    spaces: u64,
    /// Bytes of the open row's cells, each times its repeats.
    row_bytes: u64,
    /// Bytes of the rows ended, each times its repeats.
    bytes: u64,
}

impl Table {
    fn start_row(&mut self, repeated: u64) {
        self.rows_repeated = repeated;
        self.col = 0;
        self.row_bytes = 0;
    }

    fn end_row(&mut self) {
        self.row = self.row.saturating_add(self.rows_repeated);
        self.bytes = self
            .bytes
            .saturating_add(self.row_bytes.saturating_mul(self.rows_repeated));
        self.row_bytes = 0;
    }

    /// A cell repeated `cols` times starts at byte `at`. Only a cell with `content` has
    /// bytes: an empty one (the thousands a spreadsheet program repeats to the sheet's
    /// edge) holds no text.
    fn start_cell(&mut self, cols: u64, at: u64, content: bool) {
        self.col = self.col.saturating_add(cols);
        self.cell = content.then_some((at, cols));
        self.spaces = 0;
    }

    fn spaces(&mut self, n: u64) {
        if self.cell.is_some() {
            self.spaces = self.spaces.saturating_add(n);
        }
    }

    /// The open cell ends at byte `end`.
    fn end_cell(&mut self, end: u64) {
        if let Some((start, cols)) = self.cell.take() {
            let bytes = end.saturating_sub(start).saturating_add(self.spaces);
            self.row_bytes = self.row_bytes.saturating_add(bytes.saturating_mul(cols));
        }
    }

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

fn scan<R: Read>(input: BufReader<R>) -> Result<Measure, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut measure = Measure::default();
    let mut table = Table::default();
    loop {
        buf.clear();
        let at = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml: {e}"))?;
        let end = reader.buffer_position();
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => table = Table::default(),
                "table:table-row" => table.start_row(repeat(&e, "table:number-rows-repeated")),
                "table:table-cell" | "table:covered-table-cell" => {
                    let cols = repeat(&e, "table:number-columns-repeated");
                    // A cell element with children has content even without a value type.
                    table.content(cols);
                    table.start_cell(cols, at, true);
                }
                "text:s" => table.spaces(repeat(&e, "text:c")),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "table:table-row" => {
                    let rows = repeat(&e, "table:number-rows-repeated");
                    table.row = table.row.saturating_add(rows);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let cols = repeat(&e, "table:number-columns-repeated");
                    let content = has_value_type(&e);
                    if content {
                        table.content(cols);
                    }
                    table.start_cell(cols, at, content);
                    table.end_cell(end);
                }
                "text:s" => table.spaces(repeat(&e, "text:c")),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => table.end_row(),
                "table:table-cell" | "table:covered-table-cell" => table.end_cell(end),
                "table:table" => measure.add(&table),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(measure)
}

impl Measure {
    /// Adds an ended table.
    fn add(&mut self, table: &Table) {
        self.cells = self.cells.saturating_add(table.area());
        self.bytes = self.bytes.saturating_add(table.bytes);
        self.rows = self.rows.max(table.end_row);
    }
}

#[cfg(test)]
#[path = "ods_scan_tests.rs"]
mod tests;
