//! Sensitive values planted in an export must not leave the tool in any report format of any
//! command (validate, map, conform, report, and the error paths of check, diff, export and
//! publish) unless `--show-values full` asks for them: as cell values, as the "header" of an
//! export without a header row, and as code-list aliases of masked columns.

use std::path::{Path, PathBuf};

use crate::support::{fixture, govdict};

/// A valid identity number, a name and a mobile number used nowhere else.
const ID: &str = "11010519491231002X";
const NAME: &str = "司马哨兵";
const MOBILE: &str = "13912345678";

const FORMATS: [&str; 8] = [
    "human", "json", "jsonl", "junit", "sarif", "github", "gitlab", "html",
];

fn run(args: &[&str], files: &[&Path]) -> std::process::Output {
    govdict()
        .args(["--lang", "en", "--dict"])
        .arg(fixture("validate/dict.yaml"))
        .args(args)
        .args(files)
        .output()
        .expect("runs")
}

fn assert_no_sentinel(what: &str, output: &std::process::Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        for sentinel in [ID, NAME, MOBILE] {
            assert!(!text.contains(sentinel), "{what} shows {sentinel}:\n{text}");
        }
    }
}

/// An export without a header row: its first data row is taken for the header.
fn headerless(dir: &Path) -> PathBuf {
    let path = dir.join("no-header.csv");
    std::fs::write(
        &path,
        format!("{ID},{NAME},{MOBILE}\n110105194912310021,张三,13800000000\n"),
    )
    .expect("write");
    path
}

#[test]
fn a_header_row_that_is_data_is_masked_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = headerless(dir.path());
    for format in FORMATS {
        for dataset in [&[][..], &["--dataset", "people"][..]] {
            let mut args = vec!["validate", "--format", format];
            args.extend_from_slice(dataset);
            let output = run(&args, &[&file]);
            assert_no_sentinel(&format!("validate --format {format} {dataset:?}"), &output);
        }
    }
    // Asked for, they are shown.
    let output = run(
        &["validate", "--format", "json", "--show-values", "full"],
        &[&file],
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains(ID));
}

#[test]
fn a_real_header_is_shown_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, format!("公民身份号码,姓名,备注\n{ID},{NAME},x\n")).expect("write");
    let output = run(&["validate", "--format", "json"], &[&file]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("\"备注\""), "{text}");
    assert_no_sentinel("validate with a header", &output);
}

/// The project's own dictionary, whose 性别 and 民族 are personal, so masked, code elements.
fn default_dictionary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionary")
}

fn run_default(args: &[&str]) -> std::process::Output {
    govdict()
        .args(["--lang", "en", "--dict"])
        .arg(default_dictionary())
        .args(args)
        .output()
        .expect("runs")
}

/// Rows of a resident export: the sentinels in the first row, ordinary people after it,
/// and in the last row the name and the identity number planted in the masked code
/// columns, where no code fits them.
const ROWS: &str = "11010519491231002X,司马哨兵,13912345678,男,回\n\
    110105198001010016,张三,13800000000,女,汉\n\
    110105199002020026,李四,13800000001,男,汉\n\
    110105198001010016,王五,13800000002,司马哨兵,11010519491231002X\n";

const HEADER: &str = "公民身份号码,姓名,手机号码,性别,民族\n";

const SUGGEST_FORMATS: [&str; 3] = ["yaml", "csv", "markdown"];

#[test]
fn map_suggest_masks_values_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, format!("{HEADER}{ROWS}")).expect("write");
    for format in SUGGEST_FORMATS {
        let path = file.to_str().expect("utf-8");
        let output = run_default(&["map", "suggest", "--format", format, path]);
        assert!(output.status.success(), "{output:?}");
        assert_no_sentinel(&format!("map suggest --format {format}"), &output);
        let out = dir.path().join(format!("mapping.{format}"));
        let output = run_default(&[
            "map",
            "suggest",
            "--format",
            format,
            "-o",
            out.to_str().expect("utf-8"),
            path,
        ]);
        assert!(output.status.success(), "{output:?}");
        assert_no_sentinel(&format!("map suggest --format {format} -o"), &output);
        let written = std::fs::read_to_string(&out).expect("written");
        for sentinel in [ID, NAME, MOBILE] {
            assert!(
                !written.contains(sentinel),
                "{format} file shows {sentinel}:\n{written}"
            );
        }
    }
}

/// Every cell of every sheet of a workbook, as text.
fn workbook_text(path: &Path) -> String {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook");
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a sheet");
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn map_suggest_masks_values_in_a_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("mapping.xlsx");
    for (name, content) in [
        ("export.csv", format!("{HEADER}{ROWS}")),
        ("no-header.csv", ROWS.to_owned()),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, content).expect("write");
        let output = run_default(&[
            "map",
            "suggest",
            "--format",
            "xlsx",
            "-o",
            out.to_str().expect("utf-8"),
            file.to_str().expect("utf-8"),
        ]);
        assert!(output.status.success(), "{output:?}");
        assert_no_sentinel(&format!("map suggest --format xlsx ({name})"), &output);
        let text = workbook_text(&out);
        assert!(text.contains("DE00001"), "{text}");
        for sentinel in [ID, NAME, MOBILE] {
            assert!(
                !text.contains(sentinel),
                "{name}: the workbook shows {sentinel}:\n{text}"
            );
        }
    }
}

#[test]
fn map_suggest_masks_a_header_row_that_is_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("no-header.csv");
    std::fs::write(&file, ROWS).expect("write");
    let path = file.to_str().expect("utf-8");
    for format in SUGGEST_FORMATS {
        for dataset in [&[][..], &["--dataset", "resident-registration"][..]] {
            let mut args = vec!["map", "suggest", "--format", format];
            args.extend_from_slice(dataset);
            args.push(path);
            let output = run_default(&args);
            assert!(output.status.success(), "{output:?}");
            assert_no_sentinel(
                &format!("map suggest --format {format} {dataset:?}"),
                &output,
            );
        }
    }
    // The masked header keeps its ends, so the column can still be found.
    let output = run_default(&["map", "suggest", "--format", "csv", path]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("110************02X"), "{text}");
}

#[test]
fn a_real_header_stays_in_the_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, format!("{HEADER}{ROWS}")).expect("write");
    let output = run_default(&[
        "map",
        "suggest",
        "--format",
        "csv",
        file.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    for header in HEADER.trim().split(',') {
        assert!(text.contains(&format!("\n{header},")), "{header}:\n{text}");
    }
}

#[test]
fn conform_summaries_show_no_values_and_rejects_keep_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, format!("{HEADER}{ROWS}")).expect("write");
    let path = file.to_str().expect("utf-8");
    let mapping = dir.path().join("mapping.yaml");
    let mapping = mapping.to_str().expect("utf-8");
    let output = run_default(&["map", "suggest", "-o", mapping, path]);
    assert!(output.status.success(), "{output:?}");

    let out = dir.path().join("standard.csv");
    let rejects = dir.path().join("rejects.csv");
    let output = run_default(&[
        "conform",
        path,
        "--mapping",
        mapping,
        "-o",
        out.to_str().expect("utf-8"),
        "--rejects",
        rejects.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_no_sentinel("conform summary", &output);
    // The rejects file keeps the original values (docs/mapping.md), the planted row's too.
    let kept = std::fs::read_to_string(&rejects).expect("rejects written");
    assert!(
        kept.contains("王五,13800000002,司马哨兵,11010519491231002X"),
        "{kept}"
    );

    // With the table on standard output the summary goes to standard error.
    let output = run_default(&["conform", path, "--mapping", mapping, "-o", "-"]);
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(summary.contains("rejected"), "{summary}");
    for sentinel in [ID, NAME, MOBILE] {
        assert!(
            !summary.contains(sentinel),
            "conform -o - summary shows {sentinel}:\n{summary}"
        );
    }

    // A refused run names the column that rejected most, never a value.
    let many = dir.path().join("many-rejected.csv");
    std::fs::write(
        &many,
        format!("{HEADER}{ID},{NAME},{MOBILE},{NAME},{ID}\n{ID},{NAME},{MOBILE},{MOBILE},{NAME}\n"),
    )
    .expect("write");
    let output = run_default(&[
        "conform",
        many.to_str().expect("utf-8"),
        "--mapping",
        mapping,
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("refused"),
        "{output:?}"
    );
    assert_no_sentinel("conform refusal", &output);
}

/// Every string of a JSON document.
fn strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => into.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

#[test]
fn a_code_list_alias_in_a_masked_column_is_not_revealed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, format!("{HEADER}{ROWS}")).expect("write");
    let path = file.to_str().expect("utf-8");
    let output = run_default(&["validate", "--format", "json", path]);
    let mut all = Vec::new();
    strings(&crate::support::stdout_json(&output), &mut all);
    // `男` and `回` are aliases of 1 and 03: neither they nor the standard name they stand
    // for may be shown, as a value or as a suggestion.
    for revealing in ["男", "回", "男性", "回族"] {
        assert!(
            !all.iter().any(|s| s == revealing),
            "validate shows {revealing}: {all:?}"
        );
    }
    assert!(
        all.iter().any(|s| s == "*"),
        "the aliases are reported, masked: {all:?}"
    );
    assert_no_sentinel("validate with planted aliases", &output);
}

#[test]
fn a_category_keeps_no_character_when_masked() {
    // Partial masking keeps a first character, and `离*` can only be 离婚: values of
    // code-listed masked elements are masked whole, in validate and in map suggest.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.csv");
    std::fs::write(
        &file,
        "公民身份号码,姓名,性别,民族,婚姻状况\n110105198001010016,张三,男,回族人,离婚了\n",
    )
    .expect("write");
    let path = file.to_str().expect("utf-8");
    let output = run_default(&["validate", "--format", "json", path]);
    let report = crate::support::stdout_json(&output);
    let values: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["element"].is_string() && f["row"] == 2)
        .filter_map(|f| f["value"].as_str())
        .collect();
    assert!(!values.is_empty(), "{report:#}");
    for v in &values {
        assert!(
            v.chars().all(|c| c == '*'),
            "a category shows through: {values:?}"
        );
    }
    for format in SUGGEST_FORMATS {
        let output = run_default(&["map", "suggest", "--format", format, path]);
        let text = String::from_utf8_lossy(&output.stdout);
        for revealing in ["离*", "回*", "离婚", "回族"] {
            assert!(
                !text.contains(revealing),
                "{format} shows {revealing}:\n{text}"
            );
        }
    }
}

/// An export holding the sentinels, named like the CSV it is.
fn sentinel_export(dir: &Path) -> PathBuf {
    let path = dir.join("people.csv");
    std::fs::write(&path, format!("{HEADER}{ROWS}")).expect("write");
    path
}

/// Runs govdict with `args` (no `--dict` added) and asserts exit 2 without a sentinel.
fn refused_without_quoting(what: &str, args: &[&str]) {
    let output = govdict()
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{what}: {output:?}");
    assert_no_sentinel(what, &output);
}

#[test]
fn an_export_given_as_the_dictionary_is_not_quoted() {
    // Parse errors quote the lines of the file they are about: an export passed by
    // mistake would land, personal data and all, in a CI log.
    let dir = tempfile::tempdir().expect("tempdir");
    let export = sentinel_export(dir.path());
    let export = export.to_str().expect("utf-8");
    let site = dir.path().join("site");
    let site = site.to_str().expect("utf-8");
    let dict = default_dictionary();
    let dict = dict.to_str().expect("utf-8");
    for args in [
        &["--dict", export, "check"][..],
        &["--dict", export, "validate", export],
        &["--dict", export, "export", "--to", "json"],
        &["--dict", export, "publish", "--out", site],
        &["diff", export, dict],
        &["diff", dict, export],
    ] {
        refused_without_quoting(&format!("{args:?}"), args);
    }
}

#[test]
fn an_export_given_as_the_mapping_is_not_quoted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export = sentinel_export(dir.path());
    let export = export.to_str().expect("utf-8");
    let out = dir.path().join("out.csv");
    let out = out.to_str().expect("utf-8");
    for args in [
        &["validate", export, "--mapping", export][..],
        &["conform", export, "--mapping", export, "-o", out],
        &["map", "crosswalk", export, export],
    ] {
        refused_without_quoting(&format!("{args:?}"), args);
    }
}

#[test]
fn report_masks_headers_that_may_be_data() {
    // Findings of a table imported without its header row: its column names are data.
    let dir = tempfile::tempdir().expect("tempdir");
    let findings = dir.path().join("findings.csv");
    std::fs::write(
        &findings,
        format!(
            "row,column,header,element,code,severity,first_row\n\
             2,1,{ID},DE01001,format-mismatch,error,\n\
             3,2,{NAME},,unknown-column,warning,\n\
             4,3,{MOBILE},,unknown-column,warning,\n"
        ),
    )
    .expect("write");
    for format in FORMATS {
        let output = govdict()
            .args(["--lang", "en", "report"])
            .arg(&findings)
            .args(["--dataset", "tax-registration", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{format}: {output:?}");
        assert_no_sentinel(&format!("report --format {format}"), &output);
    }
    // The masked header keeps its ends, so the column can still be found.
    let output = govdict()
        .args(["--lang", "en", "report"])
        .arg(&findings)
        .args(["--dataset", "tax-registration", "--format", "json"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains("110************02X"));
}
