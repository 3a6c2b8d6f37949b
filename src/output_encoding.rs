//! The text encoding of CSV written for people (conformed tables, rejects, valid/invalid
//! splits, mapping tables). Excel on a Chinese Windows reads a CSV file without a byte
//! order mark as GBK and shows UTF-8 as mojibake, so files get UTF-8 with a BOM unless
//! asked otherwise; GB18030 suits older tools. Machine formats (JSON, JSONL, YAML) and
//! standard output stay plain UTF-8.

use std::io::{self, Write};

/// How a CSV file for people is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 starting with the byte order mark EF BB BF (the default for files).
    #[default]
    Utf8Bom,
    /// GB 18030, which encodes every Unicode character.
    Gb18030,
}

impl OutputEncoding {
    /// `utf-8`, `utf-8-bom` or `gb18030` (also `utf8`, `utf8-bom`, `utf-8-sig`, `gbk`,
    /// case-insensitive; GBK is written as its superset GB 18030).
    pub fn for_label(label: &str) -> Option<OutputEncoding> {
        match label.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(OutputEncoding::Utf8),
            "utf-8-bom" | "utf8-bom" | "utf-8-sig" => Some(OutputEncoding::Utf8Bom),
            "gb18030" | "gbk" => Some(OutputEncoding::Gb18030),
            _ => None,
        }
    }

    /// The encoding of an output: the one asked for, else UTF-8 with a BOM for a file
    /// and plain UTF-8 for standard output (which a program usually reads).
    pub fn for_output(asked: Option<OutputEncoding>, to_stdout: bool) -> OutputEncoding {
        match asked {
            Some(e) => e,
            None if to_stdout => OutputEncoding::Utf8,
            None => OutputEncoding::Utf8Bom,
        }
    }
}

/// Writes UTF-8 text given to it in the chosen encoding. `finish` must be called: it
/// writes the BOM of an empty output and fails on a character cut in half.
pub struct EncodedWriter<W: Write> {
    inner: W,
    encoding: OutputEncoding,
    started: bool,
    /// The start of a UTF-8 character whose other bytes are still to come.
    pending: Vec<u8>,
    encoder: Option<encoding_rs::Encoder>,
}

impl<W: Write> EncodedWriter<W> {
    pub fn new(inner: W, encoding: OutputEncoding) -> EncodedWriter<W> {
        let encoder = match encoding {
            OutputEncoding::Gb18030 => Some(encoding_rs::GB18030.new_encoder()),
            _ => None,
        };
        EncodedWriter {
            inner,
            encoding,
            started: false,
            pending: Vec::new(),
            encoder,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            if self.encoding == OutputEncoding::Utf8Bom {
                self.inner.write_all(b"\xEF\xBB\xBF")?;
            }
        }
        Ok(())
    }

    fn encode(&mut self, text: &str, last: bool) -> io::Result<()> {
        let Some(encoder) = self.encoder.as_mut() else {
            return self.inner.write_all(text.as_bytes());
        };
        // The encoder stops when the spare room might not hold the next character, so it
        // is fed until it has read everything. GB 18030 maps every character: nothing
        // is replaced.
        let mut out = Vec::with_capacity(text.len() + 16);
        let mut rest = text;
        loop {
            let (result, read, _) = encoder.encode_from_utf8_to_vec(rest, &mut out, last);
            rest = rest.get(read..).unwrap_or("");
            match result {
                encoding_rs::CoderResult::InputEmpty => break,
                encoding_rs::CoderResult::OutputFull => out.reserve(rest.len() + 16),
            }
        }
        self.inner.write_all(&out)
    }

    /// Completes the output and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        if !self.pending.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "output ends inside a UTF-8 character / 输出在 UTF-8 字符中间结束",
            ));
        }
        self.encode("", true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for EncodedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.start()?;
        if self.encoder.is_none() {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            // Cut at the end: keep the start of the character for the next write.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "output is not UTF-8 text / 输出不是 UTF-8 文本",
                ))
            }
        };
        let (text, rest) = bytes.split_at(valid);
        let text = std::str::from_utf8(text).map_err(io::Error::other)?;
        self.encode(text, false)?;
        self.pending = rest.to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(encoding: OutputEncoding, chunks: &[&[u8]]) -> Vec<u8> {
        let mut w = EncodedWriter::new(Vec::new(), encoding);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(written(OutputEncoding::Utf8, &[b"a,b\n"]), b"a,b\n");
        assert_eq!(
            written(OutputEncoding::Utf8Bom, &[b"a,b\n"]),
            b"\xEF\xBB\xBFa,b\n"
        );
        assert_eq!(written(OutputEncoding::Utf8Bom, &[]), b"\xEF\xBB\xBF");
    }

    #[test]
    fn gb18030_across_a_character_cut_between_writes() {
        let text = "姓名,𠀀\n".as_bytes();
        let (a, b) = text.split_at(2);
        let out = written(OutputEncoding::Gb18030, &[a, b]);
        let (back, _, bad) = encoding_rs::GB18030.decode(&out);
        assert!(!bad);
        assert_eq!(back, "姓名,𠀀\n");
        assert_eq!(&out[..4], &[0xD0, 0xD5, 0xC3, 0xFB]);
    }

    #[test]
    fn labels_and_defaults() {
        assert_eq!(
            OutputEncoding::for_label("GB18030"),
            Some(OutputEncoding::Gb18030)
        );
        assert_eq!(
            OutputEncoding::for_label("utf-8-bom"),
            Some(OutputEncoding::Utf8Bom)
        );
        assert_eq!(OutputEncoding::for_label("latin1"), None);
        assert_eq!(
            OutputEncoding::for_output(None, false),
            OutputEncoding::Utf8Bom
        );
        assert_eq!(OutputEncoding::for_output(None, true), OutputEncoding::Utf8);
    }
}
