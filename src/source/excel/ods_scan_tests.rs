//! Tests of `ods_scan`.

use super::*;

/// The measure of `xml`, from the parser, after checking the quick pass agrees.
fn measure(xml: &str) -> Measure {
    let exact = scan(BufReader::new(xml.as_bytes())).expect("parses");
    let quick = quick_scan(xml.as_bytes()).expect("read");
    assert_eq!(quick, Some(exact), "{xml}");
    exact
}

fn area(xml: &str) -> u64 {
    measure(xml).cells
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
    r#"<table:table-cell office:value-type="string"><text:p>a<text:s text:c="40"/>b<text:s/></text:p></table:table-cell>"#,
    r#"<table:table-cell table:number-columns-repeated="2"><text:p><text:s text:c='7' /><text:span>x</text:span></text:p></table:table-cell>"#,
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
    let mut xml = String::from(r#"<?xml version="1.0"?><office:document-content><office:body>"#);
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

/// A sheet of one header row and `body` repeated `rows` times.
fn sheet(body: &str, rows: u64) -> String {
    format!(
        r#"<t><table:table><table:table-row><table:table-cell office:value-type="string"><text:p>h</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}">{body}</table:table-row></table:table></t>"#
    )
}

#[test]
fn a_long_text_repeated_over_rows_counts_every_copy() {
    let cell = format!(
        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
        "y".repeat(1000)
    );
    let once = measure(&sheet(&cell, 1)).bytes;
    let header = measure(&sheet("", 1)).bytes;
    assert!(once - header > 1000, "{once} {header}");
    assert_eq!(
        measure(&sheet(&cell, 100_000)).bytes,
        header + (once - header) * 100_000
    );
    let twice = cell.replace(
        "office:value-type",
        r#"table:number-columns-repeated="2" office:value-type"#,
    );
    assert_eq!(
        measure(&sheet(&twice, 10)).bytes - header,
        (twice.len() as u64) * 2 * 10
    );
}

#[test]
fn spaces_a_cell_asks_for_count_in_full() {
    let cell = r#"<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell>"#;
    let m = measure(&sheet(cell, 1));
    assert!(m.bytes > 1_000_000_000, "{m:?}");
    let many = cell.replace(
        r#"<text:s text:c="1000000000"/>"#,
        &r#"<text:s text:c="1000000"></text:s>"#.repeat(2000),
    );
    assert!(measure(&sheet(&many, 1)).bytes > 2_000_000_000);
}

/// Spreadsheet programs repeat empty cells and rows to the sheet's edge: they hold no
/// text and cost nothing.
#[test]
fn empty_cells_repeated_to_the_edge_have_no_bytes() {
    let edge =
        r#"<table:table-cell table:style-name="ce1" table:number-columns-repeated="16384"/>"#;
    let header = measure(&sheet("", 1));
    let m = measure(&sheet(edge, 1_048_575));
    assert_eq!(m.bytes, header.bytes);
    assert_eq!(m.rows, 1);
}

#[test]
fn rows_count_to_the_last_cell_with_content() {
    let bad =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
    let xml = sheet(bad, 1).replace(
        "<table:table-row table:number-rows-repeated=\"1\">",
        r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row><table:table-row>"#,
    );
    assert_eq!(measure(&xml).rows, MAX_ROWS + 2);
}
