//! Real-world files written by other projects (csvlint, the W3C CSVW test suite,
//! messytables; copied into `tests/fixtures/` with their licences): `validate` must give
//! each a report or a clear error, never a panic or a hang. Every run is killed after 30 s.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::fixture;

/// How long one run may take before it counts as a hang.
const KILL_AFTER: Duration = Duration::from_secs(30);

/// What one run gave.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs the binary with `args` from the repository root, killing it after `KILL_AFTER`.
fn run_guarded(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govdict"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn govdict");
    // Drain the pipes on threads, so a large report cannot block the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!("govdict {args:?} still ran after {KILL_AFTER:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    // A signal (no code) or a panic (101) is never an acceptable outcome.
    let code = status.code().unwrap_or(-1);
    assert!(
        code != 101 && code >= 0 && !stderr.contains("panicked"),
        "govdict {args:?} crashed ({status}):\n{stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
    }
}

/// The expected outcome of `validate FILE --format json` on one fixture.
struct Case {
    file: &'static str,
    exit: i32,
    /// Exactly the finding codes of the file's `by_code`.
    codes: &'static [&'static str],
    /// `None`: a spreadsheet, which has no text encoding.
    encoding: Option<&'static str>,
    rows: u64,
    /// The last column's header: shows the delimiter and the header row were found.
    last_header: &'static str,
}

const C: Case = Case {
    file: "",
    exit: 0,
    codes: &[],
    encoding: Some("UTF-8"),
    rows: 0,
    last_header: "",
};

fn check_cases(cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let path = fixture(case.file);
        assert!(path.is_file(), "missing fixture {}", case.file);
        let path = path.to_string_lossy().into_owned();
        let run = run_guarded(&["validate", &path, "--format", "json"]);
        if let Err(why) = check_case(case, &run) {
            failures.push(format!("{}: {why}", case.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_case(case: &Case, run: &Run) -> Result<(), String> {
    let report: Value = serde_json::from_slice(&run.stdout).unwrap_or_default();
    let file = &report["files"][0];
    // These files come from other projects: most match no dataset of the dictionary,
    // which is a `no-dataset` error (nothing was checked against a dataset).
    // (A file without a header row is `empty-file` instead.)
    let unmatched =
        run.code != 2 && file["dataset"].is_null() && !case.codes.contains(&"empty-file");
    let exit = if unmatched {
        case.exit.max(1)
    } else {
        case.exit
    };
    if run.code != exit {
        return Err(format!(
            "exit {} instead of {exit}; stderr: {}",
            run.code, run.stderr
        ));
    }
    if report.is_null() {
        return Err("no JSON".to_owned());
    }
    let mut codes: Vec<&str> = file["summary"]["by_code"]
        .as_object()
        .ok_or("no by_code")?
        .keys()
        .map(String::as_str)
        .collect();
    codes.sort_unstable();
    let mut expected = case.codes.to_vec();
    if unmatched {
        expected.push("no-dataset");
    }
    expected.sort_unstable();
    if codes != expected {
        return Err(format!("codes {codes:?} instead of {expected:?}"));
    }
    if file["encoding"].as_str() != case.encoding {
        return Err(format!(
            "encoding {} instead of {:?}",
            file["encoding"], case.encoding
        ));
    }
    if file["rows"] != case.rows {
        return Err(format!("{} rows instead of {}", file["rows"], case.rows));
    }
    let last = file["columns"]
        .as_array()
        .and_then(|c| c.last())
        .map_or("", |c| c["header"].as_str().unwrap_or(""));
    if last != case.last_header {
        return Err(format!(
            "last header {last:?} instead of {:?}",
            case.last_header
        ));
    }
    Ok(())
}

#[test]
fn csvlint_fixtures_and_scenarios() {
    #[rustfmt::skip]
    let cases = [
        // Line endings of every kind, mixed too, read as the same table.
        Case { file: "csvlint/fixtures/cr-line-endings.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/crlf-line-endings.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/lf-line-endings.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/inconsistent-line-endings.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/inconsistent-line-endings-unquoted.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/windows-line-endings.csv", rows: 1, last_header: "c", ..C },
        Case { file: "csvlint/fixtures/valid.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/valid_many_rows.csv", rows: 6, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/white space in filename.csv", rows: 2, last_header: "Baz", ..C },
        Case { file: "csvlint/fixtures/invalid_many_rows.csv", rows: 11, last_header: "Baz", codes: &["blank-row"], ..C },
        // A title row above the header is skipped.
        Case { file: "csvlint/fixtures/title-row.csv", rows: 2, last_header: "Baz", ..C },
        // Latin-1 that also decodes as GB18030 is read as UTF-8 with encoding errors.
        Case { file: "csvlint/fixtures/invalid-byte-sequence.csv", exit: 1, rows: 23, codes: &["blank-header", "encoding-error"], ..C },
        Case { file: "csvlint/fixtures/spreadsheet.xls", rows: 0, last_header: "c", encoding: None, ..C },
        Case { file: "csvlint/scenarios/csvupload__07_csv-with-incorrect-quoting.csv", exit: 1, rows: 1, last_header: "col3", codes: &["unterminated-quote"], ..C },
        Case { file: "csvlint/scenarios/parse_csv__04_successfully-report-an-invalid-csv.csv", exit: 1, rows: 0, last_header: "Baz", codes: &["blank-header", "unterminated-quote"], ..C },
        Case { file: "csvlint/scenarios/parse_csv__05_successfully-report-a-csv-with-incorrect-quoting.csv", exit: 1, rows: 0, last_header: "Baz", codes: &["unterminated-quote"], ..C },
        Case { file: "csvlint/scenarios/parse_csv__02_successfully-parse-a-csv-with-newlines-in-quoted-f.csv", rows: 2, last_header: "c", ..C },
        Case { file: "csvlint/scenarios/parse_csv__03_successfully-parse-a-csv-with-multiple-newlines-in.csv", rows: 1, last_header: "c", ..C },
        Case { file: "csvlint/scenarios/parse_csv__06_successfully-report-a-csv-with-incorrect-whitespac.csv", rows: 0, last_header: "   \"Baz\"", ..C },
        Case { file: "csvlint/scenarios/parse_csv__07_successfully-report-a-csv-with-ragged-rows.csv", exit: 1, rows: 2, last_header: "col2", codes: &["duplicate-header", "missing-cell"], ..C },
        Case { file: "csvlint/scenarios/parse_csv__08_don-t-class-blank-values-as-inconsistencies.csv", rows: 7, last_header: "col3", ..C },
        Case { file: "csvlint/scenarios/validation_errors__01_csv-with-ragged-rows.csv", exit: 1, rows: 2, last_header: "col3", codes: &["missing-cell"], ..C },
        Case { file: "csvlint/scenarios/validation_errors__02_csv-with-incorrect-quoting.csv", exit: 1, rows: 1, last_header: "col3", codes: &["unterminated-quote"], ..C },
        Case { file: "csvlint/scenarios/validation_errors__04_successfully-report-a-csv-with-blank-rows.csv", rows: 3, last_header: "col3", codes: &["blank-row"], ..C },
        Case { file: "csvlint/scenarios/validation_errors__05_successfully-report-a-csv-with-multiple-trailing-e.csv", rows: 3, last_header: "col3", codes: &["blank-row"], ..C },
        Case { file: "csvlint/scenarios/validation_errors__06_successfully-report-a-csv-with-an-empty-row.csv", rows: 3, last_header: "col3", codes: &["blank-row"], ..C },
        Case { file: "csvlint/scenarios/validation_warnings__02_iso-8859-1-encoding.csv", rows: 1, last_header: "col3", ..C },
        Case { file: "csvlint/scenarios/check_format__01_inconsistent-formatting-for-integers.csv", rows: 3, last_header: "3", ..C },
        // `email` is no header of the default dictionary's datasets, but `name` is.
        Case { file: "csvlint/scenarios/schema_validation__03_csv-with-incorrect-header.csv", exit: 1, rows: 2, last_header: "contact", codes: &["dataset-guessed", "missing-column", "unknown-column"], ..C },
    ];
    check_cases(&cases);
}

#[test]
fn csvw_test_suite_tables() {
    #[rustfmt::skip]
    let cases = [
        Case { file: "csvw/test001.csv", rows: 8, last_header: "FamilyName", ..C },
        Case { file: "csvw/test005.csv", rows: 12, last_header: "child_id", ..C },
        // Fields holding their own `;`-separated lists stay one comma-delimited field.
        Case { file: "csvw/test008.csv", rows: 3, last_header: "Path", ..C },
        Case { file: "csvw/tree-ops.tsv", rows: 2, last_header: "Inventory Date", ..C },
        Case { file: "csvw/test171.csv", rows: 1, last_header: "decimal", ..C },
        // A generic `name` column matches the person-name element, so a dataset is chosen,
        // and said to be a guess (one column decided it).
        Case { file: "csvw/test010.csv", exit: 1, rows: 4, last_header: "name", codes: &["dataset-guessed", "missing-column", "unknown-column"], ..C },
        Case { file: "csvw/countries.csv", exit: 1, rows: 3, last_header: "name", codes: &["dataset-guessed", "missing-column", "unknown-column"], ..C },
        Case { file: "csvw/test052.csv", exit: 1, rows: 4, last_header: "Inventory Date", codes: &["missing-cell"], ..C },
        Case { file: "csvw/test055.csv", rows: 5, last_header: "Inventory Date", codes: &["blank-row"], ..C },
        Case { file: "csvw/test057.csv", exit: 1, rows: 4, last_header: " Inventory Date", codes: &["blank-row", "missing-cell"], ..C },
        Case { file: "csvw/test091.csv", exit: 1, rows: 3, last_header: "col3", codes: &["missing-cell"], ..C },
        Case { file: "csvw/test187.csv", exit: 1, rows: 3, last_header: "gYearMonth", codes: &["duplicate-header"], ..C },
        // CR line ends, 300 rows.
        Case { file: "csvw/manifest.csv", exit: 1, rows: 301, last_header: "extra", codes: &["dataset-guessed", "format-mismatch", "missing-cell", "missing-column", "unknown-column"], ..C },
    ];
    check_cases(&cases);
}

#[test]
fn messytables_text_files() {
    #[rustfmt::skip]
    let cases = [
        // 2.3 MB, CR line ends, windows-1252 bytes only past the first 64 KiB.
        Case { file: "messytables/211.csv", exit: 1, rows: 2132, last_header: "InternalNotesForEditorsAndViewers", codes: &["encoding-error"], ..C },
        // Title rows above the header.
        Case { file: "messytables/begrotingsanalyse-2011.csv", exit: 1, rows: 39, last_header: "", codes: &["blank-header", "duplicate-header"], ..C },
        Case { file: "messytables/excel_pasting.csv", rows: 17, last_header: "2007", codes: &["blank-row"], ..C },
        Case { file: "messytables/weird_head_padding.csv", exit: 1, rows: 82, last_header: "", codes: &["blank-header", "blank-row", "missing-cell"], ..C },
        Case { file: "messytables/characters.csv", rows: 382, last_header: "常用搜尋關鍵字", encoding: Some("Big5"), ..C },
        Case { file: "messytables/complex.csv", exit: 1, rows: 3, last_header: " place", codes: &["extra-cell"], ..C },
        Case { file: "messytables/index.csv", rows: 37, last_header: "exercises_or_expected", ..C },
        Case { file: "messytables/long.csv", rows: 3999, last_header: "foo", ..C },
        Case { file: "messytables/mixedGLB.csv", rows: 133, last_header: "SON", ..C },
        Case { file: "messytables/null.csv", exit: 1, rows: 9, last_header: "0", codes: &["duplicate-header"], ..C },
        Case { file: "messytables/simple.csv", rows: 6, last_header: "place", ..C },
        Case { file: "messytables/skip_initials.csv", rows: 2, last_header: "field2", ..C },
        Case { file: "messytables/small.csv", rows: 0, last_header: "a", ..C },
        Case { file: "messytables/spanish_chars.csv", exit: 1, rows: 116, last_header: "Descripci\u{FFFD}n", codes: &["blank-row", "encoding-error"], ..C },
        Case { file: "messytables/sparse_with_column_errors.csv", exit: 1, rows: 2237, last_header: "", codes: &["blank-header", "blank-row", "encoding-error"], ..C },
        Case { file: "messytables/spreadsheets.csv", rows: 15, last_header: "notes", ..C },
        Case { file: "messytables/utf-16le_encoded.csv", rows: 327, last_header: "Discharges_from_SCT", encoding: Some("UTF-16LE"), ..C },
        Case { file: "messytables/utf8bom.csv", rows: 0, last_header: "win", ..C },
        // Tab, pipe and semicolon delimiters.
        Case { file: "messytables/example.tsv", rows: 140, last_header: "expr1_1_ts_ctr", ..C },
        Case { file: "messytables/simple.psv", rows: 28, last_header: "Former owner occupiers", ..C },
        Case { file: "messytables/simple.ssv", rows: 6, last_header: "place", ..C },
        Case { file: "messytables/simple.unknown", exit: 1, rows: 0, last_header: "", codes: &["empty-file"], ..C },
    ];
    check_cases(&cases);
}

/// Exit 2 must come with a plain, bilingual message naming the file; never a debug dump.
fn assert_clear_error(run: &Run, file: &str) {
    // An unreadable file is an `unreadable-file` error in the report (exit 1), and said
    // on stderr too.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(
        report["files"][0]["findings"][0]["code"], "unreadable-file",
        "{report}"
    );
    let message = run.stderr.trim();
    assert!(message.contains(file), "{message}");
    assert!(
        message
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "not bilingual: {message}"
    );
    for debug in ["Os {", "kind:", "Error {", "\\u{", "Custom {"] {
        assert!(!message.contains(debug), "debug output: {message}");
    }
}

#[test]
fn encrypted_workbook_is_a_clear_error() {
    let path = fixture("messytables/encrypted_no_password.xls");
    let path = path.to_string_lossy().into_owned();
    let run = run_guarded(&["validate", &path, "--format", "json"]);
    assert_clear_error(&run, "encrypted_no_password.xls");
    assert!(run.stderr.contains("encrypted"), "{}", run.stderr);
}

#[test]
fn gzip_named_csv_is_a_clear_error() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join("compressed.csv");
    // A gzip header and a few deflate bytes: what `gzip data.csv` leaves behind, renamed.
    std::fs::write(
        &path,
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x02\x00",
    )
    .expect("write");
    let path = path.to_string_lossy().into_owned();
    let run = run_guarded(&["validate", &path, "--format", "json"]);
    assert_clear_error(&run, "compressed.csv");
    assert!(run.stderr.contains("gzip"), "{}", run.stderr);
}

/// Big5 bytes decode cleanly as GB18030 too; they used to be read that way, into nonsense
/// without a single finding.
#[test]
fn big5_file_is_not_garbled_as_gb18030() {
    let path = fixture("messytables/characters.csv");
    let run = run_guarded(&["validate", &path.to_string_lossy(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(report["files"][0]["encoding"], "Big5");
    assert_eq!(report["files"][0]["columns"][1]["header"], "景點編號");
}

/// Latin-1 text whose accented letters are followed by ASCII letters is valid GB18030; it
/// used to be read as Chinese without a finding.
#[test]
fn latin1_file_is_not_taken_for_gb18030() {
    let path = fixture("csvlint/fixtures/invalid-byte-sequence.csv");
    let run = run_guarded(&["validate", &path.to_string_lossy(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(report["files"][0]["encoding"], "UTF-8");
    assert!(report["files"][0]["summary"]["by_code"]["encoding-error"].as_u64() > Some(0));
    // Read as windows-1252 when told, it is clean.
    let run = run_guarded(&[
        "validate",
        &path.to_string_lossy(),
        "--format",
        "json",
        "--encoding",
        "windows-1252",
    ]);
    let report: Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(report["files"][0]["columns"][2]["header"], "Histórico");
    assert!(report["files"][0]["summary"]["by_code"]
        .get("encoding-error")
        .is_none());
}

/// The encoding-error message used to say only "not valid in the file's encoding".
#[test]
fn encoding_error_message_names_the_encoding_and_the_option() {
    let path = fixture("messytables/spanish_chars.csv");
    let run = run_guarded(&["validate", &path.to_string_lossy(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&run.stdout).expect("json");
    let finding = report["files"][0]["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "encoding-error"))
        .expect("an encoding-error finding");
    let message = finding["message"].as_str().expect("message");
    assert!(message.contains("UTF-8"), "{message}");
    assert!(message.contains("--encoding"), "{message}");
}
