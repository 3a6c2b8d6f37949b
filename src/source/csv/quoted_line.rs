//! Lines whose quoted fields are plain text between two quotes: what writers quote most
//! (text holding the delimiter), read at once like a line without quotes.

/// Reads the line at the start of `buf` when every quoted field in it holds no quote and
/// no line break and is followed by the delimiter or the line's end, and no unquoted field
/// holds a quote. Passes each field, without its quotes, to `field`, and returns the bytes
/// the line takes with its `\n` or `\r\n`. `None` for any other line, which the caller
/// reads byte by byte: a doubled quote, a quoted line break, text after a closing quote, a
/// field over `max_bytes`, more than `max_fields` fields, a lone `\r`, or a line that does
/// not end within `buf`.
pub(super) fn quoted_line<'a>(
    buf: &'a str,
    delimiter: u8,
    max_bytes: usize,
    max_fields: usize,
    mut field: impl FnMut(&'a str),
) -> Option<usize> {
    if matches!(delimiter, b'"' | b'\n' | b'\r') || !delimiter.is_ascii() {
        return None;
    }
    let bytes = buf.as_bytes();
    let mut pos = 0;
    for _ in 0..max_fields {
        // Positions found are of ASCII bytes, so every slice is on character boundaries.
        let (text, after) = if bytes.get(pos) == Some(&b'"') {
            let open = pos + 1;
            let close = open + memchr::memchr(b'"', bytes.get(open..)?)?;
            let text = buf.get(open..close)?;
            if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some() {
                return None;
            }
            (text, close + 1)
        } else {
            let end = pos + memchr::memchr3(delimiter, b'\n', b'\r', bytes.get(pos..)?)?;
            let text = buf.get(pos..end)?;
            if memchr::memchr(b'"', text.as_bytes()).is_some() {
                return None;
            }
            (text, end)
        };
        if text.len() > max_bytes {
            return None;
        }
        field(text);
        match bytes.get(after) {
            Some(&b) if b == delimiter => pos = after + 1,
            Some(b'\n') => return Some(after + 1),
            Some(b'\r') if bytes.get(after + 1) == Some(&b'\n') => return Some(after + 2),
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(Vec<&str>, usize)> {
        let mut fields = Vec::new();
        let taken = quoted_line(line, b',', 20, 4, |f| fields.push(f))?;
        Some((fields, taken))
    }

    #[test]
    fn quoted_fields_without_quotes_or_breaks_read_at_once() {
        assert_eq!(
            read("a,\"b,c\",\"\"\r\nx"),
            Some((vec!["a", "b,c", ""], 12))
        );
        assert_eq!(read("\"张三,李四\",\n"), Some((vec!["张三,李四", ""], 17)));
        assert_eq!(read("\"\"\n"), Some((vec![""], 3)));
    }

    #[test]
    fn every_other_line_is_left_to_the_byte_by_byte_reader() {
        for line in [
            "\"a\"\"b\",c\n",              // a doubled quote
            "\"a\nb\",c\n",                // a quoted line break
            "\"a\" ,c\n",                  // text after the closing quote
            "a\"b,c\n",                    // a quote inside an unquoted field
            "\"a,b\n",                     // a quote never closed
            "\"a\",b",                     // no line end
            "\"a\",b\rc\n",                // a lone carriage return
            "\"abcdefghijklmnopqrstu\"\n", // over the field size
            "\"a\",b,c,d,e\n",             // over the field count
        ] {
            assert_eq!(read(line), None, "{line:?}");
        }
        assert_eq!(quoted_line("\"a\"\n", b'"', 10, 4, |_| ()), None);
    }
}
