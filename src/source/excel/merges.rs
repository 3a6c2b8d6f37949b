//! The merged regions of an xlsx sheet, found without parsing the whole sheet.
//!
//! `<mergeCells>` follows `<sheetData>`, and calamine reaches it by parsing every element
//! of the sheet: a second full parse, as long as reading the cells. Outside a comment or a
//! CDATA section, `<` only starts markup, so `<mergeCells` can be searched for in the
//! inflated bytes instead. This covers the usual layout; for anything else (a namespace
//! prefix, a comment, a reference with `$`, a sheet part found another way than
//! calamine's) it answers `None`, and calamine's own reading is used.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::Dimensions;

/// The merged regions of sheet `sheet` of the xlsx at `path`, as calamine's
/// `merge_cells_by_sheet_name` gives them; `None` when this reading does not follow the
/// file.
pub(super) fn read(path: &Path, sheet: &str) -> Option<Vec<Dimensions>> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let root_rels = small_part(&mut zip, "_rels/.rels")?;
    // calamine finds the workbook through the package relationships; only the usual
    // place is taken here.
    let workbook_target = relationships(&root_rels)
        .into_iter()
        .find(|(_, kind, _)| kind.ends_with("/officeDocument"))?
        .2;
    if workbook_target.trim_start_matches('/') != "xl/workbook.xml" {
        return None;
    }
    let workbook = small_part(&mut zip, "xl/workbook.xml")?;
    let id = sheet_relationship(&workbook, sheet)?;
    let rels = small_part(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let mut targets = relationships(&rels)
        .into_iter()
        .filter(|(rid, _, _)| *rid == id);
    let target = targets.next()?.2;
    if targets.next().is_some() {
        return None;
    }
    if target.contains("..") || target.contains('\\') {
        return None;
    }
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let entry = zip.by_name(&part).ok()?;
    let list = merge_list(entry)?;
    regions(&list)
}

/// The text of a small part (at most 16 MiB); `None` if it is missing or larger.
fn small_part(zip: &mut zip::ZipArchive<BufReader<File>>, name: &str) -> Option<String> {
    const MAX: u64 = 16 * 1024 * 1024;
    let entry = zip.by_name(name).ok()?;
    if entry.size() > MAX {
        return None;
    }
    let mut text = String::new();
    entry.take(MAX).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The (Id, Type, Target) of each `<Relationship>` of a relationships part.
fn relationships(xml: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for tag in start_tags(xml, "Relationship") {
        if let (Some(id), Some(kind), Some(target)) = (
            attribute(tag, "Id"),
            attribute(tag, "Type"),
            attribute(tag, "Target"),
        ) {
            found.push((id.to_owned(), kind.to_owned(), target.to_owned()));
        }
    }
    found
}

/// The relationship id of the first `<sheet>` called `name` in workbook.xml, as calamine
/// chooses it. A name or id with an entity reference before it is left to calamine,
/// which decodes them.
fn sheet_relationship(workbook: &str, name: &str) -> Option<String> {
    for tag in start_tags(workbook, "sheet") {
        let sheet_name = attribute(tag, "name")?;
        if sheet_name.contains('&') {
            // It may decode to `name`.
            return None;
        }
        if sheet_name == name {
            let id = attribute(tag, "r:id")?;
            return (!id.contains('&')).then(|| id.to_owned());
        }
    }
    None
}

/// The inside of each `<name …>` or `<name …/>` tag in `xml` (namespace prefixes not
/// followed).
fn start_tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').skip(1).filter_map(move |piece| {
        let rest = piece.strip_prefix(name)?;
        if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
            return None;
        }
        Some(&rest[..rest.find('>')?])
    })
}

/// The value of the first attribute `key` of a tag's `key="value"` pairs; `None` when
/// it has none or the pairs cannot be read.
fn attribute<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        rest = rest.trim_start();
        let eq = rest.find('=')?;
        let name = rest[..eq].trim_end();
        let value = rest[eq + 1..].trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &value[1..];
        let end = value.find(quote)?;
        if name == key {
            return Some(&value[..end]);
        }
        rest = &value[end + 1..];
    }
}

/// How much of a sheet is inflated at a time.
const CHUNK: usize = 256 * 1024;
/// A merge list longer than this is left to calamine.
const MAX_LIST: usize = 16 * 1024 * 1024;

/// The bytes from `<mergeCells` to `</mergeCells>` in the sheet part (empty when the
/// sheet has none); `None` when the part holds a comment, a CDATA section or a prefixed
/// `mergeCells`, or the list is cut off or too long.
fn merge_list(mut sheet: impl Read) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; CHUNK];
    // The last bytes of the previous chunk, so a name split between two chunks is found.
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + 16);
    let mut list: Option<Vec<u8>> = None;
    loop {
        let n = sheet.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        if let Some(list) = list.as_mut() {
            list.extend_from_slice(&buf[..n]);
            if list.len() > MAX_LIST {
                return None;
            }
            continue;
        }
        let keep = window.len().min(16);
        window.drain(..window.len() - keep);
        window.extend_from_slice(&buf[..n]);
        if memchr::memmem::find(&window, b"<!").is_some() {
            return None;
        }
        for at in memchr::memmem::find_iter(&window, b"mergeCells") {
            match at.checked_sub(1).map(|before| window[before]) {
                Some(b'<') => {
                    list = Some(window[at - 1..].to_vec());
                    break;
                }
                // A prefixed tag is left to calamine.
                Some(b':') => return None,
                // Text that reads "mergeCells", or the end tag.
                _ => {}
            }
        }
    }
    let Some(list) = list else {
        return Some(Vec::new());
    };
    if memchr::memmem::find(&list, b"<!").is_some() {
        return None;
    }
    let end = memchr::memmem::find(&list, b"</mergeCells>")?;
    Some(list[..end].to_vec())
}

/// The regions of a merge list: the `ref` of each `<mergeCell>`, as `A1:C2` or `A1`.
fn regions(list: &[u8]) -> Option<Vec<Dimensions>> {
    let text = std::str::from_utf8(list).ok()?;
    let mut found = Vec::new();
    for piece in text.split('<').skip(2) {
        let rest = piece.strip_prefix("mergeCell")?;
        if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
            return None;
        }
        let tag = &rest[..rest.find('>')?];
        let Some(reference) = attribute(tag, "ref") else {
            continue;
        };
        found.push(dimension(reference)?);
    }
    Some(found)
}

/// `A1:C2` or `A1` as 0-based (row, column) corners; `None` for anything else.
fn dimension(reference: &str) -> Option<Dimensions> {
    let (start, end) = match reference.split_once(':') {
        Some((a, b)) => (cell(a)?, cell(b)?),
        None => {
            let only = cell(reference)?;
            (only, only)
        }
    };
    if end.0 < start.0 || end.1 < start.1 {
        return None;
    }
    Some(Dimensions { start, end })
}

/// `C2` as (1, 2).
fn cell(name: &str) -> Option<(u32, u32)> {
    let letters = name.bytes().take_while(u8::is_ascii_uppercase).count();
    let (column, row) = name.split_at(letters);
    if !(1..=3).contains(&letters) || row.is_empty() || row.len() > 7 {
        return None;
    }
    if !row.bytes().all(|b| b.is_ascii_digit()) || row.starts_with('0') {
        return None;
    }
    let column = column
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    Some((row.parse::<u32>().ok()? - 1, column - 1))
}

#[cfg(test)]
#[path = "merges_tests.rs"]
mod tests;
