//! Every workbook of the calamine and messytables corpora, and hostile workbooks built
//! here, through `govdict validate --format json`: each run ends in exit 0/1 with a JSON
//! report or exit 2 with a short error on stderr, as the corpus index says; never a panic,
//! never a hang (each run is killed after `LIMIT` and then fails the test).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::repo;

/// A run still going after this long is a hang.
const LIMIT: Duration = Duration::from_secs(30);

/// How a run ended.
#[derive(Debug)]
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `govdict validate PATH --format json` with stdout and stderr in files (so a full
/// pipe cannot block it), killing it after `LIMIT`.
fn run(path: &Path, scratch: &Path) -> Outcome {
    let out = scratch.join("stdout");
    let err = scratch.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_govdict"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "en_US.UTF-8")
        .arg("validate")
        .arg(path)
        .args(["--format", "json"])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .spawn()
        .expect("spawns");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{}: still running after {LIMIT:?}", path.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        code: status.code(),
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err).unwrap_or_default()).into_owned(),
    }
}

/// What a workbook must end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Exit 0 or 1 with a JSON report of the sheet.
    Report,
    /// Exit 2 with an error on stderr naming the file and containing this text.
    Fails(&'static str),
}

/// Checks one run against its expectation.
fn check(name: &str, path: &Path, expect: Expect, scratch: &Path) -> Outcome {
    let o = run(path, scratch);
    assert!(
        !o.stderr.contains("panicked") && o.code != Some(101),
        "{name}: panic\n{}",
        o.stderr
    );
    match expect {
        Expect::Report => {
            assert!(
                matches!(o.code, Some(0 | 1)),
                "{name}: exit {:?}\n{}",
                o.code,
                o.stderr
            );
            let report: serde_json::Value = serde_json::from_str(&o.stdout)
                .unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));
            let file = &report["files"][0];
            assert!(file["format"].is_string(), "{name}: {file}");
            assert!(file["rows"].is_u64(), "{name}: {file}");
        }
        Expect::Fails(what) => {
            // A file that cannot be read is an `unreadable-file` error in the report (so
            // exit 1), and said on stderr too.
            assert_eq!(o.code, Some(1), "{name}: {}\n{}", o.stderr, o.stdout);
            let report: serde_json::Value = serde_json::from_str(&o.stdout)
                .unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));
            let finding = &report["files"][0]["findings"][0];
            assert_eq!(finding["code"], "unreadable-file", "{name}: {report}");
            assert!(
                finding["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(what)),
                "{name}: {finding}"
            );
            let file_name = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
            assert!(o.stderr.contains(file_name), "{name}: {}", o.stderr);
            assert!(
                o.stderr.contains(what),
                "{name}: want {what:?}\n{}",
                o.stderr
            );
            // One paragraph: a code line, the message and its cause.
            let lines = o.stderr.lines().filter(|l| !l.trim().is_empty()).count();
            assert!(lines <= 6, "{name}: {lines} lines\n{}", o.stderr);
        }
    }
    o
}

/// The calamine corpus, expectations from its `index.csv`: `opens` → a report,
/// `error: …` → exit 2, with the exceptions the CLI's content detection makes.
#[test]
fn calamine_workbooks_through_the_cli() {
    let dir = repo("tests/fixtures/calamine");
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut index = csv::Reader::from_path(dir.join("index.csv")).expect("index.csv");
    let mut reports = 0;
    let mut failures = 0;
    for row in index.records() {
        let row = row.expect("index row");
        let (file, outcome) = (&row[0], &row[3]);
        let expect = match (file, outcome) {
            // 68 bytes of text: read as CSV, with a warning about the extension.
            ("too_small.xls", _) => Expect::Report,
            // One part fails its CRC; upstream only opens it with the wrong reader.
            ("issue252.xlsx", _) => Expect::Fails("cannot read the workbook"),
            (_, o) if o.contains("Password") => Expect::Fails("encrypted"),
            (_, o) if o.contains("Cell limit") => Expect::Fails("too large"),
            (_, o) if o.contains("Cfb") => Expect::Fails("cannot read the workbook"),
            (_, "opens") => Expect::Report,
            (f, o) => panic!("{f}: outcome {o} not covered"),
        };
        let o = check(file, &dir.join(file), expect, scratch.path());
        if file == "too_small.xls" {
            assert!(o.stdout.contains("suspicious-format"), "{}", o.stdout);
        }
        match expect {
            Expect::Report => reports += 1,
            Expect::Fails(_) => failures += 1,
        }
    }
    assert!(
        reports >= 115 && failures >= 7,
        "{reports} reports, {failures} failures"
    );
}

/// The spreadsheets of messytables' horror folder, from `spreadsheets.csv`.
#[test]
fn messytables_workbooks_through_the_cli() {
    let dir = repo("tests/fixtures/messytables");
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut index = csv::Reader::from_path(dir.join("spreadsheets.csv")).expect("index");
    let mut checked = 0;
    for row in index.records() {
        let row = row.expect("index row");
        let (file, outcome) = (&row[0], &row[2]);
        let expect = match outcome.split_once(':') {
            Some(("rows", _)) => Expect::Report,
            Some(("error", "encrypted")) => Expect::Fails("encrypted"),
            _ => panic!("{file}: outcome {outcome} not covered"),
        };
        check(file, &dir.join(file), expect, scratch.path());
        checked += 1;
    }
    assert_eq!(checked, 15);
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn sheet_xml(dimension: &str, rows: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

/// A one-sheet xlsx built part by part, so its sheet XML can be anything.
pub(super) fn raw_xlsx(path: &Path, sheet: &[u8]) -> PathBuf {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (part, data) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        zip.start_file(part, options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish");
    path.to_owned()
}

/// 64 MiB of white space in the sheet compresses to about 64 KiB.
pub(super) fn zip_bomb(dir: &Path) -> PathBuf {
    let mut xml = sheet_xml("A1", "");
    let at = xml.len() - "</sheetData></worksheet>".len();
    xml.splice(at..at, std::iter::repeat_n(b' ', 64 * 1024 * 1024));
    raw_xlsx(&dir.join("zip_bomb.xlsx"), &xml)
}

/// A sheet declaring A1:XFD1048576, with a header and one cell in the very last row and
/// column.
pub(super) fn dimension_bomb(dir: &Path) -> PathBuf {
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>邮政编码</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>7</v></c></row>"#;
    raw_xlsx(
        &dir.join("dimension_bomb.xlsx"),
        &sheet_xml("A1:XFD1048576", rows),
    )
}

#[test]
fn hostile_workbooks_through_the_cli() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scratch = tempfile::tempdir().expect("tempdir");

    let bomb = zip_bomb(dir.path());
    check(
        "zip bomb",
        &bomb,
        Expect::Fails("compression ratio"),
        scratch.path(),
    );

    let dims = dimension_bomb(dir.path());
    let o = check("dimension bomb", &dims, Expect::Report, scratch.path());
    let report: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    let file = &report["files"][0];
    // The header and the far cell: two rows, the empty run between them one finding.
    assert_eq!(file["rows"], 1, "{file}");
    let codes: Vec<&str> = file["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        codes.iter().filter(|c| **c == "blank-row").count(),
        1,
        "{codes:?}"
    );
    assert!(codes.contains(&"extra-cell"), "{codes:?}");

    // A zip cut in half has no central directory: not a workbook at all.
    let rows: String = (1..=2000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let whole = raw_xlsx(
        &dir.path().join("whole.xlsx"),
        &sheet_xml("A1:A2000", &rows),
    );
    let bytes = std::fs::read(&whole).expect("read");
    let cut = dir.path().join("truncated.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    check(
        "truncated zip",
        &cut,
        Expect::Fails("not a CSV or spreadsheet"),
        scratch.path(),
    );
    // A complete zip whose sheet XML stops in the middle.
    let xml = sheet_xml("A1:A2000", &rows);
    let half = raw_xlsx(&dir.path().join("half_sheet.xlsx"), &xml[..xml.len() / 2]);
    check(
        "truncated sheet",
        &half,
        Expect::Fails("cannot read the workbook"),
        scratch.path(),
    );
}
