//! Checks a zip container (xlsx, xlsm, xlsb, ods) before the workbook parser touches it:
//! a few kilobytes can declare gigabytes of XML, and the parser loads some parts whole.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::source::SourceError;

/// Limits for a zip container. The defaults admit any real departmental export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Sum of the declared uncompressed sizes of all entries.
    pub max_total_uncompressed: u64,
    /// Largest compression ratio allowed for an entry bigger than `ratio_min_size`.
    pub max_ratio: u64,
    /// Entries smaller than this (uncompressed) may have any ratio: small XML parts of
    /// repeated markup compress very well and are harmless.
    pub ratio_min_size: u64,
    pub max_entries: usize,
    /// Memory the shared strings of an xlsx or xlsb may take once read (calamine reads
    /// them all when opening the workbook), estimated from their part before it reads them.
    pub max_shared_strings_memory: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_total_uncompressed: 1024 * 1024 * 1024,
            max_ratio: 100,
            ratio_min_size: 1024 * 1024,
            max_entries: 10_000,
            max_shared_strings_memory: 512 * 1024 * 1024,
        }
    }
}

fn too_large(path: &Path, what: String, limit: u64) -> SourceError {
    SourceError::TooLarge {
        path: path.to_owned(),
        what,
        limit,
    }
}

fn unreadable(path: &Path, message: String) -> SourceError {
    SourceError::Unreadable {
        path: path.to_owned(),
        message,
    }
}

/// Opens the zip at `path` for reading its central directory.
fn open_archive(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>, SourceError> {
    let file = File::open(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        unreadable(
            path,
            format!("damaged or truncated zip container / zip 容器损坏或不完整: {e}"),
        )
    })
}

/// Checks the entries of the zip at `path` against `limits` from the central directory,
/// without decompressing anything. Declared sizes can be trusted as upper bounds: the zip
/// reader refuses to return more bytes than an entry declares ("File is larger than its
/// declared uncompressed size"), so a lying entry fails instead of growing.
pub fn check(path: &Path, limits: &ZipLimits) -> Result<(), SourceError> {
    let mut archive = open_archive(path)?;
    if archive.len() > limits.max_entries {
        return Err(too_large(
            path,
            "zip entries / zip 条目数".to_owned(),
            limits.max_entries as u64,
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| unreadable(path, format!("damaged zip entry / zip 条目损坏: {e}")))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if total > limits.max_total_uncompressed {
            return Err(too_large(
                path,
                "uncompressed size of the workbook (zip bomb?) / 工作簿解压后大小（疑似 zip 炸弹）"
                    .to_owned(),
                limits.max_total_uncompressed,
            ));
        }
        if size >= limits.ratio_min_size && size / compressed > limits.max_ratio {
            return Err(too_large(
                path,
                format!(
                    "compression ratio of {} ({}:1, zip bomb?) / {} 的压缩比（疑似 zip 炸弹）",
                    name,
                    size / compressed,
                    name
                ),
                limits.max_ratio,
            ));
        }
    }
    Ok(())
}

/// Bytes one shared string costs in memory besides its text: the `String` in calamine's
/// table and the allocation behind it.
const STRING_OVERHEAD: u64 = 48;

/// Checks the memory the shared strings of the workbook at `path` (xlsx, xlsm or xlsb)
/// will take against `limit`, by streaming their part once (nothing is kept). In XML
/// (`sharedStrings.xml`) a string costs `STRING_OVERHEAD` plus its text, and the table is
/// reserved for the `uniqueCount` the file declares, whichever is more. A few bytes of XML
/// per string (`<si><t>ab</t></si>`) become ~60 bytes of memory, so the zip's size limits
/// alone do not bound this. The binary table of an xlsb (`sharedStrings.bin`) is costed
/// the same way from its records (see `binary_shared_strings_cost`).
pub fn check_shared_strings(path: &Path, limit: u64) -> Result<(), SourceError> {
    let mut archive = open_archive(path)?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| unreadable(path, format!("damaged zip entry / zip 条目损坏: {e}")))?;
        let name = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with("sharedstrings.xml") {
            parts.push((i, false));
        } else if name.ends_with("sharedstrings.bin") {
            parts.push((i, true));
        }
    }
    if xml_parts_fit(&mut archive, &parts, limit)
        .map_err(|e| unreadable(path, format!("damaged zip entry / zip 条目损坏: {e}")))?
    {
        return Ok(());
    }
    let mut cost: u64 = 0;
    for (i, binary) in parts {
        let entry = archive
            .by_index(i)
            .map_err(|e| unreadable(path, format!("damaged zip entry / zip 条目损坏: {e}")))?;
        let part_cost = if binary {
            binary_shared_strings_cost(BufReader::with_capacity(64 * 1024, entry))
        } else {
            shared_strings_cost(entry)
        };
        cost = cost.saturating_add(
            part_cost
                .map_err(|e| unreadable(path, format!("damaged zip entry / zip 条目损坏: {e}")))?,
        );
        if cost > limit {
            return Err(too_large(
                path,
                "memory the shared strings of the workbook take / 工作簿共享字符串所占内存"
                    .to_owned(),
                limit,
            ));
        }
    }
    Ok(())
}

/// Whether XML shared-strings `parts` fit `limit` whatever their text, judged from their
/// declared sizes and the `uniqueCount` in their first bytes, so that the common workbook
/// needs no pass over its strings. `shared_strings_cost` counts at most one string per
/// three bytes (`<si` or `:si`), so a part of `size` bytes costs at most
/// `max(size / 3, uniqueCount) * STRING_OVERHEAD + size`; a part cannot hold more bytes
/// than it declares (see `check`). `false` (scan them) when a part is binary or the bound
/// is over the limit.
fn xml_parts_fit(
    archive: &mut zip::ZipArchive<BufReader<File>>,
    parts: &[(usize, bool)],
    limit: u64,
) -> std::io::Result<bool> {
    let mut bound: u64 = 0;
    for &(i, binary) in parts {
        if binary {
            return Ok(false);
        }
        let entry = archive.by_index(i).map_err(std::io::Error::other)?;
        let size = entry.size();
        let mut head = Vec::with_capacity(HEAD_BYTES);
        entry.take(HEAD_BYTES as u64).read_to_end(&mut head)?;
        let strings = (size / 3).max(unique_count(&head).unwrap_or(0));
        bound = bound.saturating_add(strings.saturating_mul(STRING_OVERHEAD).saturating_add(size));
    }
    Ok(bound <= limit)
}

/// How far into a shared-strings part the `<sst>` tag with its `uniqueCount` is looked for.
const HEAD_BYTES: usize = 4096;

/// The record type of a string in an xlsb's shared strings table (BrtSSTItem).
const BRT_SST_ITEM: u16 = 0x0013;

/// The estimated memory of an xlsb's binary shared strings table: each string record
/// (BrtSSTItem: flags, a UTF-16 string, optional runs) costs `STRING_OVERHEAD` plus its
/// text once decoded to UTF-8, at most 3/2 of its UTF-16 bytes, so its record size times
/// 3/2 errs high. The reader also keeps one buffer as large as the largest record it
/// meets, whatever the record; a record declaring more bytes than the part holds costs
/// what it declares, as the reader allocates that before finding out. A truncated part
/// costs what was read: the workbook reader then refuses it.
fn binary_shared_strings_cost(mut bin: impl BufRead) -> std::io::Result<u64> {
    let mut cost: u64 = 0;
    let mut largest: u64 = 0;
    while let Some((kind, size)) = record_header(&mut bin)? {
        largest = largest.max(size);
        if kind == BRT_SST_ITEM {
            cost = cost.saturating_add(STRING_OVERHEAD + size.saturating_mul(3) / 2);
        }
        if skip(&mut bin, size)? < size {
            break;
        }
    }
    Ok(cost.saturating_add(largest))
}

/// Passes over up to `n` bytes of `bin` in place; returns how many there were.
fn skip(bin: &mut impl BufRead, n: u64) -> std::io::Result<u64> {
    let mut left = n;
    while left > 0 {
        let available = match bin.fill_buf() {
            Ok(b) => b.len(),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available == 0 {
            break;
        }
        let step = usize::try_from(left).map_or(available, |l| l.min(available));
        bin.consume(step);
        left -= step as u64;
    }
    Ok(n - left)
}

/// The type and size of the next BIFF12 record: the type in one or two bytes, the size in
/// one to four, seven bits each with the high bit meaning "more". `None` at the end.
fn record_header(bin: &mut impl BufRead) -> std::io::Result<Option<(u16, u64)>> {
    let Some(first) = next_byte(bin)? else {
        return Ok(None);
    };
    let mut kind = u16::from(first & 0x7F);
    if first & 0x80 != 0 {
        let Some(second) = next_byte(bin)? else {
            return Ok(None);
        };
        kind |= u16::from(second & 0x7F) << 7;
    }
    let mut size: u64 = 0;
    for i in 0..4 {
        let Some(b) = next_byte(bin)? else {
            return Ok(None);
        };
        size |= u64::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            break;
        }
    }
    Ok(Some((kind, size)))
}

fn next_byte(bin: &mut impl BufRead) -> std::io::Result<Option<u8>> {
    loop {
        match bin.fill_buf() {
            Ok([]) => return Ok(None),
            Ok([first, ..]) => {
                let b = *first;
                bin.consume(1);
                return Ok(Some(b));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The estimated memory of one shared-strings part read from `xml`.
fn shared_strings_cost(mut xml: impl Read) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    // The last bytes of the previous chunk, so a tag split across two chunks counts.
    let mut carry: Vec<u8> = Vec::new();
    let mut strings: u64 = 0;
    let mut bytes: u64 = 0;
    let mut declared: Option<u64> = None;
    let mut head: Vec<u8> = Vec::new();
    loop {
        let n = xml.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        bytes = bytes.saturating_add(n as u64);
        if declared.is_none() && head.len() < HEAD_BYTES {
            head.extend_from_slice(&chunk[..chunk.len().min(HEAD_BYTES - head.len())]);
            declared = unique_count(&head);
        }
        carry.extend_from_slice(chunk);
        // `<si` opens a string; `:si` counts a namespaced one twice, which errs high.
        strings = strings.saturating_add(
            (memchr::memmem::find_iter(&carry, b"<si").count()
                + memchr::memmem::find_iter(&carry, b":si").count()) as u64,
        );
        let keep = carry.len().min(2);
        carry.drain(..carry.len() - keep);
        // Those kept bytes were counted already if they held a whole match; a match needs
        // 3 bytes, so 2 kept bytes never hold one.
    }
    let strings = strings.max(declared.unwrap_or(0));
    Ok(strings
        .saturating_mul(STRING_OVERHEAD)
        .saturating_add(bytes))
}

/// The `uniqueCount` of the `<sst>` start tag in the first bytes of the part, if it is
/// there and a number.
fn unique_count(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let start = text.find("uniqueCount=")? + "uniqueCount=".len();
    let rest = text.get(start + 1..)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    // A number too long for u64 is as good as infinite.
    Some(digits.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_strings_cost_more_than_their_xml() {
        let xml = format!(
            "<sst count=\"3\" uniqueCount=\"3\">{}</sst>",
            "<si><t>ab</t></si>".repeat(3)
        );
        let cost = shared_strings_cost(xml.as_bytes()).unwrap();
        assert_eq!(cost, 3 * STRING_OVERHEAD + xml.len() as u64);
    }

    #[test]
    fn a_declared_count_reserves_memory_too() {
        let xml = "<sst uniqueCount=\"99999999999999999999999\"><si><t>a</t></si></sst>";
        assert_eq!(shared_strings_cost(xml.as_bytes()).unwrap(), u64::MAX);
        let xml = "<sst uniqueCount=\"1000\"></sst>";
        assert_eq!(
            shared_strings_cost(xml.as_bytes()).unwrap(),
            1000 * STRING_OVERHEAD + xml.len() as u64
        );
    }

    /// One BIFF12 record: a one-byte type (< 0x80) or the two-byte form, and its size.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = if kind < 0x80 {
            vec![kind as u8]
        } else {
            vec![(kind & 0x7F) as u8 | 0x80, (kind >> 7) as u8]
        };
        let mut size = data.len();
        loop {
            let b = (size & 0x7F) as u8;
            size >>= 7;
            if size == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn binary_strings_cost_their_overhead_and_their_text() {
        // BrtBeginSst, two BrtSSTItems ("a" and 200 characters), BrtEndSst.
        let mut bin = record(0x9F, &[2, 0, 0, 0, 2, 0, 0, 0]);
        let short = [0u8, 1, 0, 0, 0, b'a', 0];
        let mut long = vec![0u8, 200, 0, 0, 0];
        long.extend(std::iter::repeat_n([0x2D, 0x4E], 200).flatten());
        bin.extend(record(BRT_SST_ITEM, &short));
        bin.extend(record(BRT_SST_ITEM, &long));
        bin.extend(record(0xA0, &[]));
        let cost = binary_shared_strings_cost(bin.as_slice()).unwrap();
        let strings = 2 * STRING_OVERHEAD + (7 * 3 / 2) + (405 * 3 / 2);
        assert_eq!(cost, strings + 405);
    }

    #[test]
    fn a_binary_record_declaring_more_than_there_is_costs_what_it_declares() {
        // Type 0x13, size 0x0FFF_FFFF (four bytes), then nothing.
        let bin = [0x13u8, 0xFF, 0xFF, 0xFF, 0x7F];
        let cost = binary_shared_strings_cost(bin.as_slice()).unwrap();
        assert!(cost >= 0x0FFF_FFFF, "{cost}");
        // A header cut short is the end.
        assert_eq!(binary_shared_strings_cost([0x9Fu8].as_slice()).unwrap(), 0);
    }

    /// A zip at `dir/name` holding `xl/sharedStrings.xml` with `xml`, deflated.
    fn zip_with_strings(dir: &Path, name: &str, xml: &[u8]) -> std::path::PathBuf {
        use std::io::Write;
        let path = dir.join(name);
        let mut zip = zip::ZipWriter::new(File::create(&path).expect("create"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/sharedStrings.xml", options)
            .expect("start");
        zip.write_all(xml).expect("write");
        zip.finish().expect("finish");
        path
    }

    fn fits(path: &Path, limit: u64) -> bool {
        let mut archive = open_archive(path).expect("zip");
        xml_parts_fit(&mut archive, &[(0, false)], limit).expect("read")
    }

    #[test]
    fn the_bound_from_the_declared_size_never_passes_what_the_scan_refuses() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The densest part the scan can cost: a string counted every three bytes.
        let dense = "<si".repeat(10_000);
        let path = zip_with_strings(dir.path(), "dense.xlsx", dense.as_bytes());
        let exact = shared_strings_cost(dense.as_bytes()).expect("cost");
        assert_eq!(exact, 10_000 * STRING_OVERHEAD + dense.len() as u64);
        assert!(fits(&path, exact));
        assert!(!fits(&path, exact - 1));
        assert!(check_shared_strings(&path, exact - 1).is_err());
        // A declared count above what the size allows is what the bound takes.
        let declared = r#"<sst uniqueCount="1000000"><si><t>a</t></si></sst>"#;
        let path = zip_with_strings(dir.path(), "declared.xlsx", declared.as_bytes());
        assert!(!fits(&path, 1_000_000 * STRING_OVERHEAD));
        assert!(fits(
            &path,
            1_000_000 * STRING_OVERHEAD + declared.len() as u64
        ));
    }

    #[test]
    fn a_part_over_the_bound_is_still_judged_by_its_strings() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Long strings: far fewer than one per three bytes.
        let xml = format!(
            "<sst>{}</sst>",
            "<si><t>长文本</t></si>".repeat(10).repeat(100)
        );
        let path = zip_with_strings(dir.path(), "long.xlsx", xml.as_bytes());
        let exact = shared_strings_cost(xml.as_bytes()).expect("cost");
        assert!(!fits(&path, exact), "the bound is looser than the scan");
        assert!(check_shared_strings(&path, exact).is_ok());
        assert!(check_shared_strings(&path, exact - 1).is_err());
    }

    #[test]
    fn tags_split_across_chunks_are_counted_once() {
        // 64 KiB chunks: pad so that `<si` straddles the boundary.
        let mut xml = vec![b' '; 64 * 1024 - 1];
        xml.extend_from_slice(b"<si><t>a</t></si>");
        let cost = shared_strings_cost(xml.as_slice()).unwrap();
        assert_eq!(cost, STRING_OVERHEAD + xml.len() as u64);
    }
}
