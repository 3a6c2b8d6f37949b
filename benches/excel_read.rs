//! Reading a 100,000-row xlsx: govdict's streaming reader against a bare calamine range.
//! The workbook is generated at the start, so the benchmark needs no fixture.

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Reader, Xlsx};
use criterion::{criterion_group, criterion_main, Criterion};
use govdict::source::detect::detect;
use govdict::source::excel::{open, ExcelOptions};
use govdict::source::{Record, RowSource};
use zip::write::SimpleFileOptions;

const ROWS: u32 = 100_000;

const PARTS: [(&str, &str); 4] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];

/// A sheet of a header and `ROWS` rows of an identifier, a name, a number and a code.
fn generate(dir: &Path) -> PathBuf {
    let path = dir.join("rows.xlsx");
    let file = std::fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default();
    for (name, data) in PARTS {
        zip.start_file(name, options).expect("part");
        zip.write_all(data.as_bytes()).expect("write");
    }
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("sheet");
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c><c r="B1" t="inlineStr"><is><t>名称</t></is></c><c r="C1" t="inlineStr"><is><t>注册资本</t></is></c><c r="D1" t="inlineStr"><is><t>行政区划</t></is></c></row>"#,
    );
    for r in 2..=ROWS + 1 {
        xml.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>91110000{r:010}</t></is></c><c r="B{r}" t="inlineStr"><is><t>企业{r}</t></is></c><c r="C{r}"><v>{}.5</v></c><c r="D{r}"><v>110101</v></c></row>"#,
            r * 3
        ));
    }
    xml.push_str("</sheetData></worksheet>");
    zip.write_all(xml.as_bytes()).expect("write sheet");
    zip.finish().expect("finish");
    path
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path());
    let mut group = c.benchmark_group("xlsx_100k_rows");
    group.sample_size(10);
    group.bench_function("govdict_excel_source", |b| {
        b.iter(|| {
            let kind = detect(&path).expect("detect");
            let mut source = open(&path, kind, &ExcelOptions::default()).expect("open");
            let mut record = Record::default();
            let mut cells = 0usize;
            while source.next_record(&mut record).expect("row") {
                cells += record.len();
            }
            cells
        })
    });
    group.bench_function("calamine_worksheet_range", |b| {
        b.iter(|| {
            let mut book: Xlsx<_> = open_workbook(&path).expect("open");
            let range = book.worksheet_range("Data").expect("range");
            range.rows().map(|r| r.len()).sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
