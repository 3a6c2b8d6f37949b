//! Tests of the CSV reader on crafted inputs and on the corpora in `tests/fixtures/`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::csv::{from_reader, open, CsvOptions, CsvSource};
use super::encoding::{self, sha256_file};
use super::{CellIssue, Record, RowSource, SourceNotice};
use crate::finding::Code;

/// Everything read from one source.
pub(super) struct Outcome {
    pub(super) source: CsvSource,
    pub(super) rows: Vec<Vec<String>>,
    /// (row, line) per record
    pub(super) places: Vec<(u64, u64)>,
    /// (record index, field index, issue)
    pub(super) issues: Vec<(usize, usize, CellIssue)>,
    pub(super) notices: Vec<SourceNotice>,
}

pub(super) fn drain(mut source: CsvSource) -> Outcome {
    let mut record = Record::default();
    let (mut rows, mut places, mut issues, mut notices) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    while source.next_record(&mut record).expect("read record") {
        let index = rows.len();
        rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
        places.push((record.row, record.line));
        issues.extend(record.issues.iter().map(|(f, i)| (index, *f, i.clone())));
        notices.extend(source.take_notices());
    }
    notices.extend(source.take_notices());
    Outcome {
        source,
        rows,
        places,
        issues,
        notices,
    }
}

pub(super) fn read_with(data: &[u8], options: &CsvOptions) -> Outcome {
    let source = from_reader(
        Box::new(io::Cursor::new(data.to_vec())),
        Path::new("test.csv"),
        options,
    )
    .expect("open");
    drain(source)
}

pub(super) fn read(data: &[u8]) -> Outcome {
    read_with(data, &CsvOptions::default())
}

pub(super) fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub(super) fn read_fixture_with(rel: &str, options: &CsvOptions) -> Outcome {
    drain(open(&fixture(rel), options).expect("open fixture"))
}

pub(super) fn read_fixture(rel: &str) -> Outcome {
    read_fixture_with(rel, &CsvOptions::default())
}

pub(super) fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
        .collect()
}

// ---------------------------------------------------------------- dialect

#[test]
fn line_endings_and_line_numbers() {
    for data in [
        &b"a,b\n1,2\n3,4\n"[..],
        b"a,b\r\n1,2\r\n3,4\r\n",
        b"a,b\r1,2\r3,4\r",
        b"a,b\r\n1,2\n3,4",
    ] {
        let r = read(data);
        assert_eq!(r.rows, strings(&[&["a", "b"], &["1", "2"], &["3", "4"]]));
        assert_eq!(r.places, vec![(1, 1), (2, 2), (3, 3)]);
    }
}

#[test]
fn quoted_newlines_count_as_lines() {
    let r = read(b"a,b\n\"x\r\ny\",1\n\"p\rq\nr\",2\n3,4\n");
    assert_eq!(
        r.rows,
        strings(&[
            &["a", "b"],
            &["x\r\ny", "1"],
            &["p\rq\nr", "2"],
            &["3", "4"]
        ])
    );
    assert_eq!(r.places, vec![(1, 1), (2, 2), (3, 4), (4, 7)]);
}

#[test]
fn doubled_quotes_and_text_after_a_closing_quote() {
    let r = read(b"a,b\n\"say \"\"hi\"\"\",\"ab\"c\n");
    assert_eq!(r.rows, strings(&[&["a", "b"], &["say \"hi\"", "abc"]]));
}

#[test]
fn empty_lines_are_blank_records_and_trailing_delimiter_adds_a_field() {
    let r = read(b"a,b\n\n1,\n\n\n2,3,");
    assert_eq!(
        r.rows,
        strings(&[&["a", "b"], &[], &["1", ""], &[], &[], &["2", "3", ""]])
    );
    assert_eq!(r.places.last(), Some(&(6, 6)));
}

#[test]
fn sep_line_is_not_a_row() {
    let r = read(b"sep=;\r\nname;code\r\n\"a;b\";1\r\n");
    assert_eq!(r.source.delimiter(), b';');
    assert_eq!(r.source.info().delimiter, Some(';'));
    assert_eq!(r.rows, strings(&[&["name", "code"], &["a;b", "1"]]));
    // The header is row 1 as Excel shows it, on physical line 2.
    assert_eq!(r.places, vec![(1, 2), (2, 3)]);
}

#[test]
fn sep_line_after_a_bom() {
    let r = read(b"\xEF\xBB\xBFsep=|\nx|y\n1|2\n");
    assert_eq!(r.rows, strings(&[&["x", "y"], &["1", "2"]]));
    assert_eq!(r.source.info().encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn delimiter_is_sniffed_or_given() {
    assert_eq!(read(b"a;b\n1;2,5\n").source.delimiter(), b';');
    assert_eq!(read(b"a\tb\n1\t2\n").source.delimiter(), b'\t');
    let options = CsvOptions {
        delimiter: Some(b'|'),
        ..CsvOptions::default()
    };
    let r = read_with(b"a,b|c\n", &options);
    assert_eq!(r.rows, strings(&[&["a,b", "c"]]));
    assert_eq!(r.source.info().delimiter, Some('|'));
}

#[test]
fn a_delimiter_byte_inside_characters_is_read_without_a_panic() {
    // Through the library a delimiter may be any byte; here one that occurs inside 张.
    let options = CsvOptions {
        delimiter: Some(0xBC),
        ..CsvOptions::default()
    };
    let r = read_with("张x,y\n".as_bytes(), &options);
    assert_eq!(r.rows.len(), 1);
}

#[test]
fn empty_input_has_no_records() {
    let r = read(b"");
    assert!(r.rows.is_empty());
    assert_eq!(r.source.info().format, "csv");
}

// ---------------------------------------------------------------- encodings

#[test]
fn gb18030_round_trip() {
    let text = "姓名,身份证号,地址\n张三,11010519491231002X,北京市朝阳区\n李四,,“引号”\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    assert_ne!(&bytes[..], text.as_bytes());
    let r = read(&bytes);
    assert_eq!(r.source.info().encoding.as_deref(), Some("GB18030"));
    assert_eq!(
        r.rows,
        strings(&[
            &["姓名", "身份证号", "地址"],
            &["张三", "11010519491231002X", "北京市朝阳区"],
            &["李四", "", "“引号”"],
        ])
    );
    assert!(r.issues.is_empty());
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom
        .then_some(0xFEFF_u16)
        .into_iter()
        .chain(text.encode_utf16());
    for u in units {
        if big_endian {
            out.extend_from_slice(&u.to_be_bytes());
        } else {
            out.extend_from_slice(&u.to_le_bytes());
        }
    }
    out
}

#[test]
fn utf16_with_and_without_bom() {
    let text = "名称,code\r\n示例,1\r\n";
    for (big, bom, name) in [
        (false, true, "UTF-16LE"),
        (true, true, "UTF-16BE"),
        (false, false, "UTF-16LE"),
        (true, false, "UTF-16BE"),
    ] {
        let r = read(&utf16(text, big, bom));
        assert_eq!(r.source.info().encoding.as_deref(), Some(name));
        assert_eq!(
            r.rows,
            strings(&[&["名称", "code"], &["示例", "1"]]),
            "{name}"
        );
        assert!(r.issues.is_empty());
    }
}

#[test]
fn utf16_without_bom_mostly_chinese() {
    let text = "统一社会信用代码,单位名称,登记机关名称\n91350100M000100Y43,福建省某某科技有限公司,福州市市场监督管理局\n";
    for (big, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        let r = read(&utf16(text, big, false));
        assert_eq!(r.source.info().encoding.as_deref(), Some(name));
        assert_eq!(r.rows[1][1], "福建省某某科技有限公司");
    }
}

#[test]
fn invalid_bytes_are_flagged_on_their_field() {
    // Valid UTF-8 but for one byte: the file stays UTF-8 when GB18030 cannot decode it
    // either (0xFF is never valid in GB18030).
    let r = read(b"a,b,c\n1,x\xFFy,\xEF\xBF\xBD\n");
    assert_eq!(r.source.info().encoding.as_deref(), Some("UTF-8"));
    assert_eq!(r.rows[1], vec!["1", "x\u{FFFD}y", "\u{FFFD}"]);
    // A U+FFFD written in the file is text, not an encoding error.
    assert_eq!(r.issues, vec![(1, 1, CellIssue::InvalidBytes)]);
}

#[test]
fn invalid_bytes_past_the_sniffed_prefix_are_flagged() {
    let mut data = b"a,b\n".to_vec();
    while data.len() < encoding::PREFIX_LEN + 100 {
        data.extend_from_slice(b"1,2\n");
    }
    data.extend_from_slice(b"3,\x80\n");
    let r = read(&data);
    let last = r.rows.len() - 1;
    assert_eq!(r.issues, vec![(last, 1, CellIssue::InvalidBytes)]);
}

#[test]
fn encoding_override() {
    let options = CsvOptions {
        encoding: Some(encoding::for_label("latin1").expect("label")),
        ..CsvOptions::default()
    };
    let r = read_with(b"caf\xE9,x\n", &options);
    assert_eq!(r.rows, strings(&[&["café", "x"]]));
    assert_eq!(r.source.info().encoding.as_deref(), Some("windows-1252"));
}

// ---------------------------------------------------------------- limits

/// Generates `"` + `len` bytes of `x` + `"`, then a second row, without holding them.
struct HugeField {
    len: usize,
    pos: usize,
    tail: &'static [u8],
}

impl Read for HugeField {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let head = b"a,b\n\"";
        let total = head.len() + self.len;
        let mut n = 0;
        while n < buf.len() {
            let p = self.pos;
            let b = if p < head.len() {
                head[p]
            } else if p < total {
                b'x'
            } else if let Some(&b) = self.tail.get(p - total) {
                b
            } else {
                break;
            };
            buf[n] = b;
            n += 1;
            self.pos += 1;
        }
        Ok(n)
    }
}

#[test]
fn a_10_mb_field_is_cut_with_bounded_buffers() {
    let options = CsvOptions {
        max_field_bytes: 1024 * 1024,
        ..CsvOptions::default()
    };
    let reader = HugeField {
        len: 10 * 1024 * 1024,
        pos: 0,
        tail: b"\",2\n3,4\n",
    };
    let r = drain(from_reader(Box::new(reader), Path::new("huge.csv"), &options).expect("open"));
    let lens: Vec<_> = r.rows.iter().map(Vec::len).collect();
    assert_eq!(lens, vec![2, 2, 2]);
    assert_eq!(r.rows[1][0].len(), 1024 * 1024);
    assert_eq!(r.rows[1][1], "2");
    assert_eq!(r.rows[2], vec!["3", "4"]);
    assert_eq!(
        r.issues,
        vec![(1, 0, CellIssue::TooLarge { limit: 1024 * 1024 })]
    );
    assert!(r.notices.is_empty());
}

#[test]
fn a_cut_never_splits_a_character() {
    let options = CsvOptions {
        max_field_bytes: 4,
        ..CsvOptions::default()
    };
    let r = read_with("ab张三,x\n".as_bytes(), &options);
    assert_eq!(r.rows, strings(&[&["ab", "x"]]));
    assert_eq!(r.issues, vec![(0, 0, CellIssue::TooLarge { limit: 4 })]);
}

#[test]
fn too_many_fields_are_dropped_with_a_notice() {
    let options = CsvOptions {
        max_fields: 3,
        ..CsvOptions::default()
    };
    let r = read_with(b"a,b,c,d,e\n1,2\n", &options);
    assert_eq!(r.rows, strings(&[&["a", "b", "c"], &["1", "2"]]));
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].code, Code::FieldTooLarge);
    assert_eq!(r.notices[0].row, Some(1));
}

#[test]
fn whole_lines_at_the_limits_read_as_field_by_field() {
    let options = CsvOptions {
        max_field_bytes: 4,
        max_fields: 3,
        ..CsvOptions::default()
    };
    // Fields of exactly 4 bytes and rows of exactly 3 fields are read whole; a longer
    // field, a fourth field, a lone `\r` or a quote send the line down the other path.
    let data = "abcd,张,\r\nabcde,x\n1,2,3,4\na\rb,c\n\"q\",d\n".as_bytes();
    let r = read_with(data, &options);
    assert_eq!(
        r.rows,
        strings(&[
            &["abcd", "张", ""],
            &["abcd", "x"],
            &["1", "2", "3"],
            &["a"],
            &["b", "c"],
            &["q", "d"]
        ])
    );
    assert_eq!(r.issues, vec![(1, 0, CellIssue::TooLarge { limit: 4 })]);
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].row, Some(3));
    assert_eq!(
        r.places,
        vec![(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6)]
    );
}

// ---------------------------------------------------------------- unterminated quotes

#[test]
fn unterminated_quote_is_reported_and_the_rest_read_again() {
    let r = read(b"a,b\n1,\"open\n2,3\n4,5\n");
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].code, Code::UnterminatedQuote);
    assert_eq!(r.notices[0].row, Some(2));
    assert!(r.notices[0].message.en.contains("line 2"));
    assert_eq!(
        r.rows,
        strings(&[&["a", "b"], &["1", "open"], &["2", "3"], &["4", "5"]])
    );
    assert_eq!(r.places, vec![(1, 1), (2, 2), (3, 3), (4, 4)]);
}

#[test]
fn unterminated_quote_on_the_last_line() {
    let r = read(b"a,b\n1,\"x");
    assert_eq!(r.rows, strings(&[&["a", "b"], &["1", "x"]]));
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].row, Some(2));
}

#[test]
fn unterminated_quote_in_a_cut_field_keeps_the_cut_text() {
    let options = CsvOptions {
        max_field_bytes: 4,
        ..CsvOptions::default()
    };
    let r = read_with(b"a,b\n1,\"abcdef\n2,3\n", &options);
    // The text past the cut is gone, so nothing is read again.
    assert_eq!(r.rows, strings(&[&["a", "b"], &["1", "abcd"]]));
    assert_eq!(r.issues, vec![(1, 1, CellIssue::TooLarge { limit: 4 })]);
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].code, Code::UnterminatedQuote);
}

#[test]
fn a_quote_inside_an_unquoted_field_is_text() {
    let r = read(b"a,b\n5\" screen,x\n");
    assert_eq!(r.rows, strings(&[&["a", "b"], &["5\" screen", "x"]]));
    assert!(r.notices.is_empty());
}

// ---------------------------------------------------------------- hashing

#[test]
fn sha256_is_known_after_the_end() {
    let path = fixture("messytables/simple.csv");
    let mut source = open(&path, &CsvOptions::default()).expect("open");
    assert_eq!(source.sha256(), None);
    let mut record = Record::default();
    while source.next_record(&mut record).expect("read") {}
    let expected = sha256_file(&path).expect("hash");
    assert_eq!(source.sha256(), Some(expected));
}

#[test]
fn missing_file_is_an_io_error() {
    let err = open(Path::new("/no/such/file.csv"), &CsvOptions::default())
        .err()
        .expect("error");
    assert!(matches!(err, super::SourceError::Io { .. }));
}

// ---------------------------------------------------------------- robustness

/// Random mixes of the bytes that steer the parser never make it fail, rows count up by
/// one, lines never go back, and no field exceeds the limit.
#[test]
fn random_inputs_keep_the_invariants() {
    const ALPHABET: &[u8] = b"ab,;\t|\"\"\r\n\n\x00\xFF\xE5\xBC\xA0 ";
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let options = CsvOptions {
        max_field_bytes: 8,
        max_fields: 5,
        ..CsvOptions::default()
    };
    for _ in 0..500 {
        let len = (next() % 200) as usize;
        let data: Vec<u8> = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let r = read_with(&data, &options);
        for (i, (row, line)) in r.places.iter().enumerate() {
            assert_eq!(*row, i as u64 + 1, "{data:?}");
            if i > 0 {
                assert!(*line > r.places[i - 1].1, "{data:?}");
            }
        }
        for row in &r.rows {
            assert!(row.len() <= 5, "{data:?}");
            assert!(row.iter().all(|f| f.len() <= 8), "{data:?}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Records the csv crate writes (quoted where they must be, with either line ending)
    /// read back field for field, whichever path each line takes.
    #[test]
    fn records_written_by_the_csv_crate_read_back(
        records in proptest::collection::vec(
            proptest::collection::vec("[ab 数,\"\r\n]{0,5}", 1..5),
            1..30,
        ),
        crlf in proptest::bool::ANY,
    ) {
        let terminator = if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(terminator)
            .from_writer(Vec::new());
        for record in &records {
            writer.write_record(record).expect("write");
        }
        let data = writer.into_inner().expect("flush");
        let options = CsvOptions {
            delimiter: Some(b','),
            ..CsvOptions::default()
        };
        let ours = read_with(&data, &options);
        proptest::prop_assert_eq!(ours.rows, records);
        proptest::prop_assert!(ours.notices.is_empty());
        proptest::prop_assert!(ours.issues.is_empty());
    }
}

// ---------------------------------------------------------------- where reads end

/// Hands out its bytes 1 to 13 at a time, so that reads end everywhere: inside a
/// character, a quoted field, a doubled quote, a line break.
struct Trickle {
    data: Vec<u8>,
    pos: usize,
    reads: usize,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reads += 1;
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let n = (self.reads % 13 + 1).min(buf.len()).min(rest.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn records_do_not_depend_on_where_reads_end() {
    // Rows of every shape the fast and slow paths take, more than one read buffer long.
    let mut data = "编号,名称,说明\r\n".as_bytes().to_vec();
    for i in 0..24_000 {
        let row = match i % 5 {
            0 => format!("{i},福州市鼓楼区{i}号,plain\r\n"),
            1 => format!("{i},\"有,逗号\",\"引号\"\"内\"\"\"\r\n"),
            2 => format!("{i},\"两行\n第二行\",x\n"),
            3 => format!("{i},,\r\n"),
            _ => format!("{i},bad\u{FFFD},尾\n"),
        };
        data.extend_from_slice(row.as_bytes());
        if i % 5 == 4 {
            data.extend_from_slice(b"9,\xFF\xFE,z\n");
        }
    }
    assert!(data.len() > 600_000, "{}", data.len());
    let whole = read(&data);
    let trickled = drain(
        from_reader(
            Box::new(Trickle {
                data: data.clone(),
                pos: 0,
                reads: 0,
            }),
            Path::new("trickle.csv"),
            &CsvOptions::default(),
        )
        .expect("open"),
    );
    assert_eq!(whole.rows.len(), 1 + 24_000 + 4800);
    assert_eq!(whole.rows[2], ["1", "有,逗号", "引号\"内\""]);
    assert_eq!(whole.rows[3], ["2", "两行\n第二行", "x"]);
    assert_eq!(whole.rows[6], ["9", "\u{FFFD}\u{FFFD}", "z"]);
    assert_eq!(whole.issues.len(), 4800);
    assert_eq!(trickled.rows, whole.rows);
    assert_eq!(trickled.places, whole.places);
    assert_eq!(trickled.issues, whole.issues);
    assert_eq!(trickled.notices.len(), whole.notices.len());
    let expected = encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(&data));
    assert_eq!(whole.source.sha256(), Some(expected.clone()));
    assert_eq!(trickled.source.sha256(), Some(expected));
}
