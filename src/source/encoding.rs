//! Text encodings of departmental CSV files: detection from a prefix of the file, the
//! `--encoding` label lookup, and a streaming decoder that turns any supported encoding into
//! UTF-8 while hashing the raw bytes and remembering where undecodable bytes were replaced.

use std::collections::VecDeque;
use std::io::{self, Read};

use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use sha2::{Digest, Sha256};

use super::digest::RawDigest;

use crate::text::Text;

/// How many bytes of the file detection and sniffing look at.
pub const PREFIX_LEN: usize = 64 * 1024;

/// Size of the raw read buffer of the streaming decoder. Larger than a pipe's 64 KiB: fewer
/// reads and hand-offs to the hashing thread, and fewer rows split between two buffers
/// (which take the slow path).
const CHUNK: usize = 256 * 1024;

/// Labels shown when an `--encoding` label is not known.
const EXAMPLE_LABELS: &str = "UTF-8, GB18030, GBK, UTF-16LE, UTF-16BE, Big5, windows-1252";

/// An `--encoding` label that names no encoding we can decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("{} / {}", message.en, message.zh)]
#[diagnostic(code(govdict::source::unknown_encoding))]
pub struct UnknownEncoding {
    pub label: String,
    pub message: Text,
}

/// Resolves an `--encoding` label (WHATWG labels: `utf-8`, `gbk`, `gb18030`, `utf-16le`,
/// `big5`, `latin1` …). GBK and GB2312 are decoded as GB18030, their superset, so that
/// files written by newer systems under an old label still decode.
pub fn for_label(label: &str) -> Result<&'static Encoding, UnknownEncoding> {
    let trimmed = label.trim();
    match Encoding::for_label(trimmed.as_bytes()) {
        // The "replacement" encoding turns every file into one U+FFFD: never what a user means.
        Some(enc) if enc != encoding_rs::REPLACEMENT => Ok(widen(enc)),
        _ => Err(UnknownEncoding {
            label: trimmed.to_owned(),
            message: Text::new(
                format!("未知的编码“{trimmed}”；可用的编码例如：{EXAMPLE_LABELS}"),
                format!("unknown encoding \"{trimmed}\"; known encodings include {EXAMPLE_LABELS}"),
            ),
        }),
    }
}

/// GBK is decoded as GB18030 (a strict superset).
fn widen(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK {
        GB18030
    } else {
        enc
    }
}

/// The name reported in `SourceInfo.encoding`: `UTF-8`, `GB18030`, `UTF-16LE`, `Big5` …
pub fn display_name(enc: &'static Encoding) -> String {
    if enc == GB18030 {
        "GB18030".to_owned()
    } else {
        enc.name().to_owned()
    }
}

/// Picks the encoding of a file from its first bytes. `complete` is true when `prefix` is
/// the whole file (so a multi-byte sequence cut at its end is an error, not a cut).
///
/// Order: a byte-order mark; UTF-16 without a mark, recognised by NUL bytes in every
/// other position (as messytables does); valid UTF-8; GB18030 if it decodes cleanly (Big5
/// instead when the text is Big5, see `looks_like_big5`, and not when it is Latin-1 text,
/// see `looks_like_single_byte`); else UTF-8 with replacement characters, so the damage
/// shows up as encoding errors whose message points to `--encoding`.
pub fn detect(prefix: &[u8], complete: bool) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(prefix) {
        return enc;
    }
    if let Some(enc) = utf16_without_bom(prefix) {
        return enc;
    }
    if is_utf8(prefix, complete) {
        return UTF_8;
    }
    if decodes_cleanly(GB18030, prefix, complete) {
        if looks_like_big5(prefix, complete) {
            return BIG5;
        }
        if !looks_like_single_byte(prefix) {
            return GB18030;
        }
    }
    UTF_8
}

/// Latin-1 / windows-1252 text often decodes cleanly as GB18030 too: an accented letter
/// followed by an ASCII letter (`ó` `r` in `Histórico`) is a valid GBK pair, so the file
/// would read as Chinese nonsense without one finding. In Latin-1 text the high bytes stand
/// alone between ASCII characters; in Chinese text they come in runs, and a pair with an
/// ASCII trail byte (GBK's extension area) standing alone is rare. So: not GB18030 when at
/// least half of the two-byte pairs are such lone pairs.
fn looks_like_single_byte(prefix: &[u8]) -> bool {
    let (mut pairs, mut lone) = (0usize, 0usize);
    let mut i = 0;
    let mut prev_ascii = true;
    while let Some(&b) = prefix.get(i) {
        if b < 0x80 {
            prev_ascii = true;
            i += 1;
            continue;
        }
        let trail = prefix.get(i + 1).copied().unwrap_or(0);
        if (0x30..=0x39).contains(&trail) {
            // A four-byte GB18030 sequence.
            prev_ascii = false;
            i += 4;
            continue;
        }
        pairs += 1;
        let next_ascii = prefix.get(i + 2).is_none_or(|n| *n < 0x80);
        if prev_ascii && trail < 0x80 && next_ascii {
            lone += 1;
        }
        prev_ascii = false;
        i += 2;
    }
    pairs > 0 && lone * 2 >= pairs
}

/// Traditional Chinese (Big5) bytes nearly always decode as GB18030 too, into nonsense
/// with no error at all. The tell is GBK's user-defined areas, which GB18030 maps to the
/// Private Use Area: ordinary Big5 text lands there constantly (lead bytes 0xA1–0xA7 with a
/// low trail byte, lead bytes 0xAA–0xAF and 0xF8–0xF9), real GB text almost never (a rare
/// character in a name now and then). So: Big5 when it decodes cleanly, and the GB18030
/// reading puts at least 1 in 50 non-ASCII characters in the Private Use Area while the
/// Big5 reading puts fewer there.
fn looks_like_big5(prefix: &[u8], complete: bool) -> bool {
    if !decodes_cleanly(BIG5, prefix, complete) {
        return false;
    }
    let (gb_pua, gb_non_ascii) = private_use_share(GB18030, prefix);
    let (big5_pua, _) = private_use_share(BIG5, prefix);
    gb_pua > 0 && gb_pua * 50 >= gb_non_ascii && big5_pua < gb_pua
}

/// (Private Use Area characters, non-ASCII characters) in `prefix` decoded as `enc`.
fn private_use_share(enc: &'static Encoding, prefix: &[u8]) -> (usize, usize) {
    let (text, _) = enc.decode_without_bom_handling(prefix);
    text.chars()
        .filter(|c| !c.is_ascii())
        .fold((0, 0), |(pua, all), c| {
            let private = ('\u{E000}'..='\u{F8FF}').contains(&c);
            (pua + usize::from(private), all + 1)
        })
}

/// BOM-less UTF-16: every ASCII character (delimiters, digits, line breaks) puts a NUL in
/// the same position of its two bytes, while UTF-8 and GB18030 text has no NULs at all.
/// Chinese text has few ASCII characters, so a small share of NULs is enough; a binary file
/// (an Excel workbook renamed `.csv`) has NUL runs covering both positions and fails the
/// second condition.
fn utf16_without_bom(prefix: &[u8]) -> Option<&'static Encoding> {
    let sample = prefix.get(..prefix.len().min(4096)).unwrap_or(prefix);
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if pair.first() == Some(&0) {
            even += 1;
        }
        if pair.get(1) == Some(&0) {
            odd += 1;
        }
    }
    // At least 5% of one position is NUL, and the other has at most a twentieth as many.
    let dominant = |a: usize, b: usize| a >= 2 && a * 20 >= pairs && b * 20 <= a;
    if dominant(odd, even) {
        Some(UTF_16LE)
    } else if dominant(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn is_utf8(prefix: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        // `error_len() == None`: a sequence cut by the end of the prefix, fine if more follows.
        Err(e) => !complete && e.error_len().is_none(),
    }
}

fn decodes_cleanly(enc: &'static Encoding, prefix: &[u8], complete: bool) -> bool {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let Some(cap) = decoder.max_utf8_buffer_length_without_replacement(prefix.len()) else {
        return false;
    };
    let mut out = vec![0u8; cap];
    let (result, _, _) = decoder.decode_to_utf8_without_replacement(prefix, &mut out, complete);
    !matches!(result, DecoderResult::Malformed(_, _))
}

/// Reads up to `PREFIX_LEN` bytes; fewer only at the end of the input.
pub fn read_prefix(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(PREFIX_LEN);
    reader.take(PREFIX_LEN as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// Streams decoded UTF-8 out of a reader in chunks. Undecodable input becomes U+FFFD and
/// its offset in the current chunk is kept, so the parser can tell which field it fell in
/// (a U+FFFD that was in the file itself is not an error). The raw bytes are hashed on the way,
/// on a thread of their own (`digest::RawDigest`).
pub struct TextDecoder {
    reader: Box<dyn Read + Send>,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    /// The raw bytes' hash, on its own thread.
    hasher: RawDigest,
    digest: Option<String>,
    /// Decoded text of the current chunk.
    out: String,
    pos: usize,
    /// Offsets in `out` where a U+FFFD stands for malformed input, ascending.
    bad: VecDeque<usize>,
    finished: bool,
}

impl TextDecoder {
    /// Decodes `reader` as `enc`, removing a byte-order mark of that encoding.
    pub fn new(reader: Box<dyn Read + Send>, enc: &'static Encoding) -> TextDecoder {
        TextDecoder {
            reader,
            decoder: enc.new_decoder_with_bom_removal(),
            raw: Vec::new(),
            hasher: RawDigest::new(),
            digest: None,
            out: String::new(),
            pos: 0,
            bad: VecDeque::new(),
            finished: false,
        }
    }

    /// The next decoded byte and whether it starts a replacement for undecodable input;
    /// `None` at the end of the input.
    #[inline]
    pub fn next_byte(&mut self) -> io::Result<Option<(u8, bool)>> {
        if self.pos >= self.out.len() && !self.fill()? {
            return Ok(None);
        }
        let Some(&b) = self.out.as_bytes().get(self.pos) else {
            return Ok(None);
        };
        let bad = self.bad.front() == Some(&self.pos);
        if bad {
            self.bad.pop_front();
        }
        self.pos += 1;
        Ok(Some((b, bad)))
    }

    /// The next decoded byte without consuming it.
    #[inline]
    pub fn peek_byte(&mut self) -> io::Result<Option<u8>> {
        if self.pos >= self.out.len() && !self.fill()? {
            return Ok(None);
        }
        Ok(self.out.as_bytes().get(self.pos).copied())
    }

    /// The decoded bytes not yet consumed, filling the next chunk when the current one is
    /// used up; empty at the end of the input. Lets the parser scan runs of ordinary bytes
    /// with `memchr` instead of taking them one by one.
    #[inline]
    pub fn buffered(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.out.len() && !self.fill()? {
            return Ok(&[]);
        }
        Ok(self.out.as_bytes().get(self.pos..).unwrap_or_default())
    }

    /// `buffered()` as text, when the position is at a character boundary (it is, except
    /// part way through a character taken byte by byte). Lets the parser hand out fields
    /// without checking again that the decoder's output is UTF-8.
    #[inline]
    pub fn buffered_str(&mut self) -> io::Result<Option<&str>> {
        if self.pos >= self.out.len() && !self.fill()? {
            return Ok(Some(""));
        }
        Ok(self.out.get(self.pos..))
    }

    /// Consumes `n` bytes of `buffered()`; returns whether a replacement for undecodable
    /// input starts among them.
    #[inline]
    pub fn consume(&mut self, n: usize) -> bool {
        let end = (self.pos + n).min(self.out.len());
        let mut bad = false;
        while self.bad.front().is_some_and(|&b| b < end) {
            self.bad.pop_front();
            bad = true;
        }
        self.pos = end;
        bad
    }

    /// Whether a replacement for undecodable input starts among the next `n` bytes of
    /// `buffered()`.
    #[inline]
    pub fn bad_within(&self, n: usize) -> bool {
        self.bad.front().is_some_and(|&b| b < self.pos + n)
    }

    /// SHA-256 of every raw byte read, as lowercase hex; `None` until the end was reached.
    pub fn sha256(&self) -> Option<String> {
        self.digest.clone()
    }

    /// Decodes the next chunk into `out`. Returns false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.pos = 0;
        self.bad.clear();
        while self.out.is_empty() {
            if self.finished {
                return Ok(false);
            }
            let mut raw = if self.raw.is_empty() {
                self.hasher.buffer(CHUNK)
            } else {
                std::mem::take(&mut self.raw)
            };
            let n = read_retry(&mut *self.reader, &mut raw)?;
            let last = n == 0;
            let mut input = raw.get(..n).unwrap_or_default();
            loop {
                let need = self
                    .decoder
                    .max_utf8_buffer_length_without_replacement(input.len())
                    .unwrap_or(CHUNK * 4)
                    .max(4);
                self.out.reserve(need);
                let (result, read) =
                    self.decoder
                        .decode_to_string_without_replacement(input, &mut self.out, last);
                input = input.get(read..).unwrap_or_default();
                match result {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(_, _) => {
                        self.bad.push_back(self.out.len());
                        self.out.push('\u{FFFD}');
                    }
                }
            }
            if let Some(back) = self.hasher.update(raw, n) {
                self.raw = back;
            }
            if last {
                self.finished = true;
                self.digest = self.hasher.finish();
            }
        }
        Ok(true)
    }
}

fn read_retry(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Lowercase hex SHA-256 of a file, streamed.
pub fn sha256_file(path: &std::path::Path) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = read_retry(&mut file, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(for_label("utf-8"), Ok(UTF_8));
        assert_eq!(for_label(" GBK "), Ok(GB18030));
        assert_eq!(for_label("gb2312"), Ok(GB18030));
        assert_eq!(for_label("UTF-16LE"), Ok(UTF_16LE));
        let err = for_label("klingon").unwrap_err();
        assert!(err.message.en.contains("GB18030"), "{}", err.message.en);
        assert!(err.message.zh.contains("klingon"));
        assert!(for_label("iso-2022-kr").is_err());
    }

    #[test]
    fn names() {
        assert_eq!(display_name(GB18030), "GB18030");
        assert_eq!(display_name(UTF_16BE), "UTF-16BE");
        assert_eq!(display_name(UTF_8), "UTF-8");
    }

    #[test]
    fn detection() {
        assert_eq!(detect(b"a,b\n1,2\n", true), UTF_8);
        assert_eq!(detect("姓名,身份证号\n".as_bytes(), true), UTF_8);
        let (gb, _, _) = GB18030.encode("姓名,身份证号\n张三,1\n");
        assert_eq!(detect(&gb, true), GB18030);
        assert_eq!(detect(b"\xEF\xBB\xBFa", true), UTF_8);
        assert_eq!(detect(b"\xFF\xFEa\x00", true), UTF_16LE);
        assert_eq!(detect(b"\xFE\xFF\x00a", true), UTF_16BE);
        assert_eq!(detect(b"a\x00,\x00b\x00\n\x00", true), UTF_16LE);
        assert_eq!(detect(b"\x00a\x00,\x00b\x00\n", true), UTF_16BE);
        // A UTF-8 sequence cut by the end of the prefix is still UTF-8, unless it is the end.
        let cut = "ab张".as_bytes();
        let cut = &cut[..cut.len() - 1];
        assert_eq!(detect(cut, false), UTF_8);
        // Traditional Chinese in Big5 also decodes as GB18030, but into the Private Use Area.
        let (big5, _, _) = BIG5.encode("景點編號,景點中文名稱,開放時間,停車資訊\n");
        assert_eq!(detect(&big5, true), BIG5);
        // GB text with one user-defined (Private Use Area) character stays GB18030.
        let rows =
            "姓名,身份证号,单位名称,联系地址\n".to_owned() + &"张三,1,某某局,北京市\n".repeat(20);
        let mut gb = GB18030.encode(&rows).0.into_owned();
        gb.extend_from_slice(b"\xAA\xA1\n");
        assert_eq!(detect(&gb, true), GB18030);
        // Latin-1 that happens to decode as GB18030 is not taken for it.
        let latin1 = b"\"Hist\xF3rico\",\"Transfer\xEAncia\",\"N\xFAmero\"\n";
        assert_eq!(detect(latin1, true), UTF_8);
        // GBK extension characters (ASCII trail byte) inside Chinese text are still GB18030.
        let (gbk, _, _) = GB18030.encode("姓名,丂丄丅\n张三,一丆\n");
        assert_eq!(detect(&gbk, true), GB18030);
        // Neither UTF-8 nor GB18030 (0xFF is never valid in GB18030): UTF-8 with replacement.
        assert_eq!(detect(b"a\xFF\xFFb", true), UTF_8);
    }

    #[test]
    fn binary_is_not_utf16() {
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(std::iter::repeat_n(0u8, 512));
        assert_ne!(detect(&ole, true), UTF_16LE);
        assert_ne!(detect(&ole, true), UTF_16BE);
    }

    #[test]
    fn decoder_marks_bad_bytes_and_hashes() {
        let data = b"ab\xFFc".to_vec();
        let mut d = TextDecoder::new(Box::new(io::Cursor::new(data.clone())), UTF_8);
        let mut text = Vec::new();
        let mut bad_at = Vec::new();
        while let Some((b, bad)) = d.next_byte().unwrap() {
            if bad {
                bad_at.push(text.len());
            }
            text.push(b);
        }
        assert_eq!(String::from_utf8(text).unwrap(), "ab\u{FFFD}c");
        assert_eq!(bad_at, vec![2]);
        let expected = hex(&Sha256::digest(&data));
        assert_eq!(d.sha256(), Some(expected));
    }

    #[test]
    fn sha256_of_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_file(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
