use super::*;
use crate::dictionary::format::Length;
use crate::dictionary::{Dataset, Element};
use crate::resolve::test_support::{dictionary, element, sex_codes};

fn el(data_type: DataType, format: Option<&str>) -> Element {
    let mut e = element("DE00001", "测试", data_type);
    e.format = format.map(|f| Format::parse(f).unwrap());
    e
}

fn compile(e: Element, required: bool) -> CellCheck {
    let d = dictionary(vec![e.clone()], vec![sex_codes()], Vec::<Dataset>::new());
    CellCheck::compile(&d, &e, required)
}

fn text(check: &CellCheck, v: &str) -> Option<Code> {
    check.check(v, CellKind::Text).map(|f| f.code)
}

fn failure(check: &CellCheck, v: &str) -> CellFailure {
    check.check(v, CellKind::Text).unwrap()
}

#[test]
fn required_value() {
    let c = compile(el(DataType::String, None), true);
    assert_eq!(text(&c, ""), Some(Code::RequiredValue));
    assert_eq!(text(&c, " \u{3000}\t"), Some(Code::RequiredValue));
    assert_eq!(
        c.check("", CellKind::Empty).map(|f| f.code),
        Some(Code::RequiredValue)
    );
    let optional = compile(el(DataType::Integer, Some("n2")), false);
    assert_eq!(text(&optional, ""), None);
    assert_eq!(text(&optional, "  "), None);
}

#[test]
fn spreadsheet_cell_kinds() {
    let c = compile(el(DataType::String, Some("c18")), false);
    assert_eq!(
        c.check("#N/A", CellKind::Error).map(|f| f.code),
        Some(Code::ErrorCell)
    );
    assert_eq!(
        c.check("110101000000000000", CellKind::NumberLostDigits)
            .map(|f| f.code),
        Some(Code::NumberLostDigits)
    );
    let f = c.check("2024-03-05", CellKind::Date).unwrap();
    assert_eq!(f.code, Code::TypeMismatch);
    assert!(f.message.en.contains("turned this cell into a date"));
    let code = compile(el(DataType::Code, None), false);
    assert_eq!(
        code.check("2024-03-05", CellKind::Date).map(|f| f.code),
        Some(Code::TypeMismatch)
    );
    // A number cell with the digits intact is fine.
    assert_eq!(c.check("110101000000000000", CellKind::Number), None);
}

#[test]
fn integers() {
    let c = compile(el(DataType::Integer, None), false);
    for ok in ["0", "42", "-7", "+7", "007", " 12 "] {
        assert_eq!(text(&c, ok), None, "{ok}");
    }
    for bad in ["1.5", "1e3", "1,000", "abc", "-", "４２"] {
        assert_eq!(text(&c, bad), Some(Code::TypeMismatch), "{bad}");
    }
}

#[test]
fn decimals() {
    let c = compile(el(DataType::Decimal, Some("n..5,2")), false);
    for ok in ["0", "123.45", "-123.45", "+1.5", ".5", "99999"] {
        assert_eq!(text(&c, ok), None, "{ok}");
    }
    assert_eq!(text(&c, "1.2.3"), Some(Code::TypeMismatch));
    assert_eq!(text(&c, "1e5"), Some(Code::TypeMismatch));
    let f = failure(&c, "1234.56");
    assert_eq!(f.code, Code::FormatMismatch);
    assert_eq!(
        f.message.en,
        "expected at most 5 digits, found 6 (format n..5,2)"
    );
    assert_eq!(f.message.zh, "应不超过 5 位数字，实为 6 位（格式 n..5,2）");
    let f = failure(&c, "1.234");
    assert_eq!(f.code, Code::FormatMismatch);
    assert!(f
        .message
        .en
        .contains("at most 2 digits after the decimal point, found 3"));
}

#[test]
fn booleans() {
    let c = compile(el(DataType::Boolean, None), false);
    for ok in ["true", "FALSE", "1", "0", "是", "否", "Y", "n"] {
        assert_eq!(text(&c, ok), None, "{ok}");
    }
    assert_eq!(text(&c, "对"), Some(Code::TypeMismatch));
    assert_eq!(text(&c, "2"), Some(Code::TypeMismatch));
}

#[test]
fn dates_with_a_template() {
    let c = compile(el(DataType::Date, Some("YYYYMMDD")), false);
    assert_eq!(text(&c, "20240229"), None);
    let f = failure(&c, "2024-02-29");
    assert_eq!(f.code, Code::TypeMismatch);
    assert_eq!(f.message.en, "expected a date in the form YYYYMMDD");
    assert_eq!(f.message.zh, "应为 YYYYMMDD 格式的日期");
    let f = failure(&c, "20230229");
    assert_eq!(f.code, Code::TypeMismatch);
    assert!(f.message.en.contains("not a real"));
    // A spreadsheet date cell is a date whatever its display form.
    assert_eq!(c.check("2024-03-05", CellKind::Date), None);
    assert_eq!(c.check("2024-03-05T00:00:00", CellKind::Date), None);
}

#[test]
fn iso_dates_times_and_datetimes() {
    let date = compile(el(DataType::Date, None), false);
    assert_eq!(text(&date, "2024-03-05"), None);
    assert_eq!(text(&date, "20240305"), Some(Code::TypeMismatch));
    assert!(failure(&date, "2024/03/05")
        .message
        .en
        .contains("ISO 8601 YYYY-MM-DD"));
    let dt = compile(el(DataType::DateTime, None), false);
    assert_eq!(text(&dt, "2024-03-05T08:30:00"), None);
    assert_eq!(text(&dt, "2024-03-05 08:30:00+08:00"), None);
    assert_eq!(text(&dt, "2024-03-05T25:00:00"), Some(Code::TypeMismatch));
    let time = compile(el(DataType::Time, Some("hh:mm:ss")), false);
    assert_eq!(text(&time, "23:59:59"), None);
    assert_eq!(text(&time, "24:00:00"), Some(Code::TypeMismatch));
    assert_eq!(text(&time, "8:30"), Some(Code::TypeMismatch));
}

#[test]
fn character_formats() {
    let c = compile(el(DataType::String, Some("c18")), false);
    let f = failure(&c, "34052419800101001");
    assert_eq!(f.code, Code::FormatMismatch);
    assert_eq!(
        f.message.en,
        "expected 18 characters, found 17 (format c18)"
    );
    assert_eq!(f.message.zh, "应为 18 个字符，实为 17 个（格式 c18）");
    // Characters, not bytes.
    let name = compile(el(DataType::String, Some("c..4")), false);
    assert_eq!(text(&name, "欧阳娜娜"), None);
    assert!(failure(&name, "欧阳娜娜娜")
        .message
        .en
        .contains("at most 4 characters, found 5"));
    let range = compile(el(DataType::String, Some("an2..3")), false);
    assert!(failure(&range, "a")
        .message
        .en
        .contains("expected 2 to 3 characters, found 1"));
    let f = failure(&range, "a-b");
    assert_eq!(
        f.message.en,
        "character 2 must be a letter or digit (format an2..3)"
    );
    let alpha = compile(el(DataType::String, Some("a2")), false);
    assert_eq!(text(&alpha, "A1"), Some(Code::FormatMismatch));
    assert_eq!(text(&alpha, "张三"), Some(Code::FormatMismatch));
    let digits = compile(el(DataType::Code, Some("n6")), false);
    assert_eq!(text(&digits, "11010a"), Some(Code::FormatMismatch));
}

/// The byte-length shortcuts give the character count's answer at every boundary.
#[test]
fn character_counts_agree_with_the_byte_shortcuts() {
    let values = [
        "",
        "a",
        "ab",
        "abc",
        "abcd",
        "张",
        "张三",
        "张三丰",
        "a张",
        "ab张三",
        "\u{1F600}ab",
    ];
    for notation in [
        "c1", "c2", "c..2", "c..3", "c2..3", "c3..4", "an2", "an..3", "a1..2", "n2",
    ] {
        let check = compile(el(DataType::String, Some(notation)), false);
        let Some(Format::Chars { class, length }) = Format::parse(notation).ok() else {
            panic!("{notation}");
        };
        for v in values.into_iter().filter(|v| !v.is_empty()) {
            let expected = length.allows(v.chars().count()) && v.chars().all(|c| class.allows(c));
            assert_eq!(
                text(&check, v).is_none(),
                expected,
                "{v:?} against {notation}"
            );
        }
    }
}

#[test]
fn trimming_agrees_with_str_trim() {
    for v in [
        "",
        " ",
        "a",
        " a",
        "a ",
        "\ta\r",
        "\u{3000}张三\u{3000}",
        "张",
        "a张",
        "张a",
        "~x~",
        "\u{a0}1",
    ] {
        assert_eq!(value::trim(v), v.trim(), "{v:?}");
    }
}

proptest::proptest! {
    /// Every white space character of Unicode, and the characters around them that share
    /// their first or last bytes, at either end.
    #[test]
    fn trimming_agrees_with_str_trim_at_every_edge(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(
                    (0..=0x10FFFFu32)
                        .filter_map(char::from_u32)
                        .filter(|c| c.is_whitespace())
                        .collect::<Vec<_>>()
                ),
                proptest::sample::select(vec![
                    '\u{84}', '\u{86}', '\u{9f}', '\u{a1}', '\u{c0}', '\u{7ff}', '\u{800}', '\u{167f}',
                    '\u{1681}', '\u{200b}', '\u{2027}', '\u{202a}', '\u{2030}', '\u{205e}', '\u{2060}',
                    '\u{2fff}', '\u{3001}', '\u{4e00}', '\u{ffff}', '\u{10000}', '\u{10ffff}', 'a', '~',
                    '\u{7f}', '\u{0}',
                ]),
                proptest::char::any(),
            ],
            0..5,
        ),
    ) {
        let v: String = parts.into_iter().collect();
        proptest::prop_assert_eq!(value::trim(&v), v.trim());
    }
}

#[test]
fn code_sets_find_every_code_and_nothing_else() {
    let set = CodeSet::new(["3", "10", "1", "2", "10"].map(String::from));
    for code in ["1", "2", "3", "10"] {
        assert!(set.contains(code), "{code}");
    }
    for other in ["", "0", "01", "4", "100", " 1"] {
        assert!(!set.contains(other), "{other}");
    }
    // Codes of 16 bytes and more, with a NUL byte, and what only zero padding would
    // confuse with them.
    let long = "0123456789abcdef";
    let set =
        CodeSet::new([long, "0123456789abcdefg", "a\0", "张三李四王五赵六"].map(String::from));
    for code in [long, "0123456789abcdefg", "a\0", "张三李四王五赵六"] {
        assert!(set.contains(code), "{code:?}");
    }
    for other in [
        "a",
        "a\0\0",
        "0123456789abcde",
        "0123456789abcdef\0",
        "张三李四王五赵",
    ] {
        assert!(!set.contains(other), "{other:?}");
    }
    // A list of thousands of codes, and the empty code.
    let codes: Vec<String> = (0..5000).map(|n| format!("{:06}", n * 7)).collect();
    let set = CodeSet::new(codes.iter().cloned().chain([String::new()]));
    assert!(codes.iter().all(|c| set.contains(c)));
    assert!(set.contains(""));
    assert!((0..5000).all(|n| !set.contains(&format!("{:06}", n * 7 + 1))));
    assert!(!CodeSet::new(codes).contains(""));
}

#[test]
fn a_sign_is_allowed_for_numbers() {
    let c = compile(el(DataType::Integer, Some("n..3")), false);
    assert_eq!(text(&c, "-123"), None);
    assert_eq!(text(&c, "+123"), None);
    assert_eq!(text(&c, "1234"), Some(Code::FormatMismatch));
    // Not for text.
    let s = compile(el(DataType::String, Some("n..3")), false);
    assert_eq!(text(&s, "-12"), Some(Code::FormatMismatch));
}

#[test]
fn date_templates_on_text_elements() {
    let c = compile(el(DataType::String, Some("YYYYMMDD")), false);
    assert_eq!(text(&c, "20240305"), None);
    assert_eq!(text(&c, "20240230"), Some(Code::FormatMismatch));
    assert_eq!(text(&c, "2024-03-05"), Some(Code::FormatMismatch));
}

#[test]
fn code_lists_and_aliases() {
    let mut e = el(DataType::Code, None);
    e.codelist = Some("GB/T 2261.1-2003".to_owned());
    let c = compile(e, true);
    for ok in ["0", "1", "2", "9", " 1 "] {
        assert_eq!(text(&c, ok), None, "{ok}");
    }
    let f = failure(&c, "男");
    assert_eq!(f.code, Code::NotInCodelist);
    assert_eq!(f.suggestion.as_deref(), Some("1"));
    assert!(f
        .message
        .en
        .contains("standard code in “人的性别代码” (GB/T 2261.1-2003) is 1"));
    assert!(f
        .message
        .zh
        .contains("代码表“人的性别代码”（GB/T 2261.1-2003）中的标准代码为 1"));
    assert_eq!(failure(&c, "女性").suggestion.as_deref(), Some("2"));
    assert_eq!(failure(&c, "F").suggestion.as_deref(), Some("2"));
    assert_eq!(failure(&c, "m").suggestion.as_deref(), Some("1"));
    let f = failure(&c, "3");
    assert_eq!(f.code, Code::NotInCodelist);
    assert_eq!(f.suggestion, None);
    assert_eq!(
        f.message.en,
        "not in the code list “人的性别代码” (GB/T 2261.1-2003)"
    );
}

#[test]
fn an_alias_beats_the_format_it_also_breaks() {
    let mut e = el(DataType::Code, Some("n1"));
    e.codelist = Some("GB/T 2261.1-2003".to_owned());
    let c = compile(e, false);
    let f = failure(&c, "男");
    assert_eq!(f.code, Code::NotInCodelist);
    assert_eq!(f.suggestion.as_deref(), Some("1"));
    assert_eq!(failure(&c, "m").suggestion.as_deref(), Some("1"));
    // Neither a code nor a spelling: the format speaks first, as before.
    assert_eq!(text(&c, "男女"), Some(Code::FormatMismatch));
    assert_eq!(text(&c, "3"), Some(Code::NotInCodelist));
}

#[test]
fn masked_elements_withhold_the_standard_code_of_an_alias() {
    let mut e = el(DataType::Code, Some("n1"));
    e.codelist = Some("GB/T 2261.1-2003".to_owned());
    e.personal = crate::dictionary::Personal::Personal;
    let c = compile(e, false);
    for alias in ["男", "M", "男性", "m"] {
        let f = failure(&c, alias);
        assert_eq!(f.code, Code::NotInCodelist, "{alias}");
        assert_eq!(f.suggestion.as_deref(), Some("*"), "{alias}");
        let without_list_id = |m: &str| m.replace("GB/T 2261.1-2003", "");
        assert!(!without_list_id(&f.message.zh).contains('1'));
        assert!(!without_list_id(&f.message.en).contains('1'));
        assert!(f.message.en.contains("masked"), "{}", f.message.en);
    }
    assert_eq!(text(&c, "1"), None);
}

#[test]
fn rules_give_their_own_codes() {
    let mut e = el(DataType::String, Some("c18"));
    e.rule = Some(Rule::Gb11643);
    let c = compile(e, false);
    assert_eq!(text(&c, "34052419800101001X"), None);
    assert_eq!(text(&c, "340524198001010011"), Some(Code::ChecksumFailed));
    // The format is checked before the rule.
    assert_eq!(text(&c, "3405241980010100"), Some(Code::FormatMismatch));

    let mut e = el(DataType::Code, Some("n6"));
    e.rule = Some(Rule::Gb2260);
    let c = compile(e, false);
    assert_eq!(text(&c, "110101"), None);
    assert_eq!(text(&c, "999999"), Some(Code::NotInCodelist));

    let mut e = el(DataType::String, None);
    e.rule = Some(Rule::MobileCn);
    let c = compile(e, false);
    assert_eq!(text(&c, "13812345678"), None);
    assert_eq!(text(&c, "12812345678"), Some(Code::FormatMismatch));
}

#[test]
fn patterns() {
    let mut e = el(DataType::String, Some("c..10"));
    e.pattern = Some(Regex::new(r"^[A-Z]{2}\d+$").unwrap());
    let c = compile(e, false);
    assert_eq!(text(&c, "AB12"), None);
    let f = failure(&c, "ab12");
    assert_eq!(f.code, Code::PatternMismatch);
    assert!(f.message.en.contains("^[A-Z]{2}\\d+$"));
}

#[test]
fn numeric_ranges() {
    let mut e = el(DataType::Decimal, Some("n..12,2"));
    e.min = Some("0".to_owned());
    e.max = Some("100.5".to_owned());
    let c = compile(e, false);
    for ok in ["0", "100.50", "55", "0.00"] {
        assert_eq!(text(&c, ok), None, "{ok}");
    }
    let f = failure(&c, "-0.01");
    assert_eq!(f.code, Code::OutOfRange);
    assert_eq!(f.message.en, "below the minimum 0");
    let f = failure(&c, "100.51");
    assert_eq!(f.message.en, "above the maximum 100.5");
    assert_eq!(f.message.zh, "大于最大值 100.5");

    let mut e = el(DataType::Integer, None);
    e.min = Some("-10".to_owned());
    e.max = Some("99999999999999999999".to_owned());
    let c = compile(e, false);
    assert_eq!(text(&c, "99999999999999999999"), None);
    assert_eq!(text(&c, "100000000000000000000"), Some(Code::OutOfRange));
    assert_eq!(text(&c, "-11"), Some(Code::OutOfRange));
}

#[test]
fn date_ranges() {
    let mut e = el(DataType::Date, Some("YYYYMMDD"));
    e.min = Some("19000101".to_owned());
    e.max = Some("20991231".to_owned());
    let c = compile(e, false);
    assert_eq!(text(&c, "19491001"), None);
    assert_eq!(text(&c, "18991231"), Some(Code::OutOfRange));
    assert_eq!(text(&c, "21000101"), Some(Code::OutOfRange));
    // A spreadsheet date cell is compared by its date.
    assert_eq!(
        c.check("2100-01-01", CellKind::Date).map(|f| f.code),
        Some(Code::OutOfRange)
    );
    assert_eq!(c.check("2000-01-01", CellKind::Date), None);

    let mut e = el(DataType::DateTime, None);
    e.min = Some("2024-01-01T00:00:00".to_owned());
    let c = compile(e, false);
    assert_eq!(text(&c, "2023-12-31T23:59:59"), Some(Code::OutOfRange));
    assert_eq!(text(&c, "2024-01-01 00:00"), None);
}

#[test]
fn unparseable_bounds_are_ignored() {
    let mut e = el(DataType::Integer, None);
    e.min = Some("ten".to_owned());
    let c = compile(e, false);
    assert_eq!(text(&c, "-5"), None);
}

#[test]
fn messages_never_contain_the_value() {
    let mut id = el(DataType::String, Some("c18"));
    id.rule = Some(Rule::Gb11643);
    let id = compile(id, true);
    let mut sex = el(DataType::Code, None);
    sex.codelist = Some("GB/T 2261.1-2003".to_owned());
    let sex = compile(sex, true);
    let date = compile(el(DataType::Date, Some("YYYYMMDD")), true);
    for (check, v) in [
        (&id, "34052419800101001"),
        (&id, "340524198001010011"),
        (&id, "34052419800101001x"),
        (&sex, "男性"),
        (&sex, "unknown"),
        (&date, "19800230"),
        (&date, "1980-02-30"),
    ] {
        let f = check.check(v, CellKind::Text).unwrap();
        assert!(
            !f.message.zh.contains(v) && !f.message.en.contains(v),
            "{v}: {f:?}"
        );
    }
}

/// Counts allocations per thread, to show that checking a valid value allocates nothing.
#[allow(unsafe_code)]
mod allocations {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    use super::*;

    struct Counting;

    thread_local! {
        static COUNT: Cell<u64> = const { Cell::new(0) };
    }

    fn bump() {
        // `try_with`: the slot may be gone while a thread shuts down.
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
    }

    // SAFETY: every call is forwarded unchanged to the system allocator.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            bump();
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            bump();
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            bump();
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    fn allocations(f: impl Fn()) -> u64 {
        f(); // first use fills lazily built tables (division codes, ISO templates)
        let before = COUNT.with(Cell::get);
        f();
        COUNT.with(Cell::get) - before
    }

    #[test]
    fn valid_values_allocate_nothing() {
        let mut id = el(DataType::String, Some("c18"));
        id.rule = Some(Rule::Gb11643);
        id.pattern = Some(Regex::new(r"^\d{17}[\dX]$").unwrap());
        let id = compile(id, true);
        let mut sex = el(DataType::Code, Some("n1"));
        sex.codelist = Some("GB/T 2261.1-2003".to_owned());
        let sex = compile(sex, true);
        let mut amount = el(DataType::Decimal, Some("n..12,2"));
        amount.min = Some("0".to_owned());
        amount.max = Some("1000000".to_owned());
        let amount = compile(amount, true);
        let mut born = el(DataType::Date, Some("YYYYMMDD"));
        born.min = Some("19000101".to_owned());
        let born = compile(born, true);
        let stamp = compile(el(DataType::DateTime, None), true);
        let flag = compile(el(DataType::Boolean, None), true);
        let n = allocations(|| {
            assert!(id.check(" 34052419800101001X ", CellKind::Text).is_none());
            assert!(sex.check("1", CellKind::Text).is_none());
            assert!(amount.check("1234.5", CellKind::Text).is_none());
            assert!(born.check("19800101", CellKind::Text).is_none());
            assert!(born.check("1980-01-01", CellKind::Date).is_none());
            assert!(stamp
                .check("2024-03-05T08:30:00+08:00", CellKind::Text)
                .is_none());
            assert!(flag.check("是", CellKind::Text).is_none());
            for rule in Rule::ALL {
                let valid = match rule {
                    Rule::Gb11643 => "34052419800101001X",
                    Rule::Gb11643Old => "340524800101001",
                    Rule::Gb11643Fprc => "34052419800101001X",
                    Rule::Gb32100 => "91350100M000100Y43",
                    Rule::Gb11714 => "D2143569-X",
                    Rule::Gb2260 => "110101",
                    Rule::Gb2260History => "330103",
                    Rule::MobileCn => "+86 13812345678",
                    Rule::Email => "user@example.gov.cn",
                    Rule::Url => "https://www.gov.cn/a?b=c",
                };
                assert!(rule.check(valid).is_ok(), "{rule}");
            }
        });
        assert_eq!(n, 0);
        // The counter works: a failure builds its message.
        assert!(allocations(|| assert!(flag.check("对", CellKind::Text).is_some())) > 0);
    }
}

/// A coded element with its list, as the default sex element is.
fn coded(data_type: DataType, format: Option<&str>) -> CellCheck {
    let mut e = el(data_type, format);
    e.codelist = Some("GB/T 2261.1-2003".to_owned());
    compile(e, false)
}

#[test]
fn the_quick_test_is_taken_only_where_it_decides_as_the_whole_check() {
    assert_eq!(coded(DataType::Code, Some("n1")).quick, Quick::Listed);
    // A list whose codes break the element's own format: each code still fails it.
    let letters = coded(DataType::Code, Some("a1"));
    assert_eq!(letters.quick, Quick::None);
    assert_eq!(text(&letters, "1"), Some(Code::FormatMismatch));
    assert_eq!(text(&coded(DataType::Integer, Some("n1")), "0"), None);
    assert_eq!(
        compile(el(DataType::String, Some("c..4")), false).quick,
        Quick::Length(Some(Length::Max(4)))
    );
    assert_eq!(
        compile(el(DataType::String, Some("a..4")), false).quick,
        Quick::None
    );
    let mut patterned = el(DataType::String, None);
    patterned.pattern = Some(Regex::new("^x").unwrap());
    assert_eq!(compile(patterned, false).quick, Quick::None);
}

#[test]
fn the_quick_test_never_changes_a_result() {
    let mut patterned = el(DataType::String, Some("c..6"));
    patterned.pattern = Some(Regex::new("^[a-z]+$").unwrap());
    let checks = [
        compile(el(DataType::String, None), true),
        compile(el(DataType::String, Some("c..4")), false),
        compile(el(DataType::String, Some("c2..4")), true),
        compile(el(DataType::Code, Some("c6")), false),
        compile(patterned, false),
        coded(DataType::Code, Some("n1")),
        coded(DataType::Code, Some("a1")),
        coded(DataType::Code, None),
        coded(DataType::Integer, Some("n1")),
    ];
    let values = [
        "",
        " ",
        "\u{3000}",
        "0",
        "1",
        " 1",
        "1 ",
        "9",
        "3",
        "10",
        "M",
        "m",
        "男",
        "男性",
        "abcd",
        "abcde",
        "ab",
        "a",
        "四个汉字",
        "五个汉字啊",
        "汉字",
        "a汉",
        "\t2\t",
        "1.0",
        "２",
        "x\u{0}y",
        "abcdefg",
    ];
    for (n, c) in checks.iter().enumerate() {
        for v in values {
            for kind in [CellKind::Text, CellKind::Number, CellKind::Empty] {
                assert_eq!(
                    c.check(v, kind),
                    c.check_in_full(v, kind),
                    "check {n}, value {v:?}, {kind:?}"
                );
            }
        }
    }
}
