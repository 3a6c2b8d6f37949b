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
    if let Some(cells) = quick_scan(entry).map_err(|e| format!("content.xml: {e}"))? {
        if cells <= limit {
            return Ok(Scan::Cells(cells));
        }
    }
    let entry = archive.by_index(index).map_err(|e| e.to_string())?;
    scan(BufReader::new(entry)).map(Scan::Cells)
}

/// How much of `content.xml` the quick pass reads at a time.
const CHUNK: usize = 256 * 1024;
/// A comment or tag longer than this ends the quick pass (the XML parser takes over).
const MAX_MARKUP: usize = 1024 * 1024;

/// The count `scan` gives, from the table markup alone: text between tags is skipped
/// with `memchr` instead of being parsed, and only tags named `table:…` are read. `None`
/// when the markup holds anything this pass does not follow (a DOCTYPE, an attribute it
/// cannot read, a tag cut off by the end of the file, one longer than `MAX_MARKUP`).
fn quick_scan(mut input: impl Read) -> std::io::Result<Option<u64>> {
    let mut buf: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    let mut walk = Walk::default();
    let mut end = false;
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
                    if !walk.tag(&buf[at..at + len]) {
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
    }
    Ok(Some(walk.total))
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
    total: u64,
    table: Table,
}

impl Walk {
    /// Takes one tag (`<…>`); `false` when its attributes cannot be read.
    fn tag(&mut self, tag: &[u8]) -> bool {
        let inner = &tag[1..tag.len() - 1];
        if let Some(name) = inner.strip_prefix(b"/") {
            match name.trim_ascii_end() {
                b"table:table-row" => {
                    self.table.row = self.table.row.saturating_add(self.table.rows_repeated);
                }
                b"table:table" => self.total = self.total.saturating_add(self.table.area()),
                _ => {}
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
                table.rows_repeated = rows;
                table.col = 0;
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
                table.col = table.col.saturating_add(cols);
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
        let exact = scan(BufReader::new(xml.as_bytes())).unwrap_or(u64::MAX);
        if let Some(quick) = quick_scan(xml.as_bytes()).expect("read") {
            assert_eq!(quick, exact, "{xml}");
        }
        exact
    }

    /// Gives its bytes a few at a time, so markup falls across reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            self.1 = self.1 % 7 + 1;
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    const CELLS: &[&str] = &[
        r#"<table:table-cell office:value-type="string"><text:p>a &lt; b</text:p></table:table-cell>"#,
        r#"<table:table-cell table:number-columns-repeated="3"/>"#,
        r#"<table:table-cell table:number-columns-repeated = '2' office:value-type="float" office:value="1"/>"#,
        r#"<table:covered-table-cell table:number-columns-repeated="4"><text:p>x</text:p></table:covered-table-cell>"#,
        r#"<table:table-cell	office:value-type="string"
            table:style-name="a>b"><text:p>&gt;</text:p></table:table-cell>"#,
        r#"<table:table-cell table:number-columns-repeated=" 5 "/>"#,
        r#"<!-- <table:table-cell office:value-type="float"/> --><![CDATA[<table:table-row>]]>"#,
        r#"<table:table-cell table:number-columns-repeated="x" office:value-type="float"/>"#,
        r#"<?pi <table:table-cell/> ?><table:table-cell office:string-value='table:number-columns-repeated="99"'/>"#,
    ];

    /// A document of `tables` tables built from `CELLS`, picked by `seed`.
    fn document(seed: u64, tables: usize) -> String {
        let mut state = seed;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let mut xml =
            String::from(r#"<?xml version="1.0"?><office:document-content><office:body>"#);
        for _ in 0..tables {
            xml.push_str(r#"<table:table table:name="s">"#);
            for _ in 0..next(6) {
                match next(4) {
                    0 => xml.push_str(r#"<table:table-row table:number-rows-repeated="7"/>"#),
                    1 => xml.push_str(r#"<table:table-row table:number-rows-repeated="3">"#),
                    _ => xml.push_str("<table:table-row>"),
                }
                if xml.ends_with("/>") {
                    continue;
                }
                for _ in 0..next(5) {
                    xml.push_str(CELLS[next(CELLS.len())]);
                }
                xml.push_str("</table:table-row >");
            }
            xml.push_str("</table:table>");
        }
        xml.push_str("</office:body></office:document-content>");
        xml
    }

    #[test]
    fn the_quick_pass_counts_what_the_parser_counts() {
        let mut compared = 0;
        for seed in 0..400 {
            let xml = document(seed, 1 + seed as usize % 3);
            let quick = quick_scan(Trickle(xml.as_bytes(), 0)).expect("read");
            assert_eq!(quick, quick_scan(xml.as_bytes()).expect("read"), "{xml}");
            if let Some(quick) = quick {
                let exact = scan(BufReader::new(xml.as_bytes())).expect("parses");
                assert_eq!(quick, exact, "{xml}");
                compared += 1;
            }
        }
        // Most documents are followed; an unreadable repeat count is not.
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn the_quick_pass_counts_what_the_parser_counts_in_real_files() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files = Vec::new();
        for dir in ["calamine", "messytables"] {
            let listing = std::fs::read_dir(fixtures.join(dir)).expect("fixtures");
            files.extend(
                listing
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "ods")),
            );
        }
        let mut followed = 0;
        for path in &files {
            let file = File::open(path).expect("fixture");
            let mut archive = zip::ZipArchive::new(file).expect("zip");
            let Ok(mut entry) = archive.by_name("content.xml") else {
                continue;
            };
            let mut xml = Vec::new();
            entry.read_to_end(&mut xml).expect("content.xml");
            let Ok(exact) = scan(BufReader::new(xml.as_slice())) else {
                continue;
            };
            if let Some(quick) = quick_scan(xml.as_slice()).expect("read") {
                assert_eq!(quick, exact, "{}", path.display());
                followed += 1;
            }
        }
        assert!(followed >= 10, "{followed} of {} files", files.len());
    }

    #[test]
    fn the_quick_pass_gives_way_on_what_it_does_not_follow() {
        for xml in [
            r#"<!DOCTYPE x><t/>"#,
            r#"<t><table:table><table:table-row><table:table-cell a"#,
            r#"<t><table:table><table:table-row><table:table-cell novalue/>"#,
            r#"<t><!-- never closed"#,
        ] {
            assert_eq!(quick_scan(xml.as_bytes()).expect("read"), None, "{xml}");
        }
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
