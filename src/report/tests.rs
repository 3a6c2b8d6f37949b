//! Every renderer on the shared sample report: snapshots plus structural checks.

use std::collections::HashSet;

use serde_json::Value;

use crate::finding::Code;
use crate::report::sample::{self, HOSTILE_HEADER, MASKED_ID};
use crate::report::{render, OutputFormat, RenderOptions, Report};
use crate::text::Lang;

const ALL: [OutputFormat; 8] = [
    OutputFormat::Human,
    OutputFormat::Json,
    OutputFormat::Jsonl,
    OutputFormat::Junit,
    OutputFormat::Sarif,
    OutputFormat::Github,
    OutputFormat::Gitlab,
    OutputFormat::Html,
];

fn en() -> RenderOptions {
    RenderOptions {
        lang: Lang::En,
        ..RenderOptions::default()
    }
}

fn out(report: &Report, format: OutputFormat, lang: Lang) -> String {
    let options = RenderOptions {
        lang,
        ..RenderOptions::default()
    };
    let mut buf = Vec::new();
    let rendered = render(report, format, &options, &mut buf);
    assert!(rendered.is_ok(), "{format:?}: {rendered:?}");
    String::from_utf8(buf).unwrap_or_default()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

#[test]
fn snapshots_zh() {
    let r = sample::report();
    for f in ALL {
        insta::assert_snapshot!(format!("{f:?}_zh").to_lowercase(), out(&r, f, Lang::Zh));
    }
}

#[test]
fn snapshots_en() {
    let r = sample::report();
    for f in [
        OutputFormat::Human,
        OutputFormat::Junit,
        OutputFormat::Github,
        OutputFormat::Html,
    ] {
        insta::assert_snapshot!(format!("{f:?}_en").to_lowercase(), out(&r, f, Lang::En));
    }
}

#[test]
fn human_colour_only_when_asked() {
    let r = sample::report();
    assert!(!out(&r, OutputFormat::Human, Lang::Zh).contains('\x1b'));
    let mut buf = Vec::new();
    let options = RenderOptions {
        lang: Lang::En,
        color: true,
        ..RenderOptions::default()
    };
    assert!(render(&r, OutputFormat::Human, &options, &mut buf).is_ok());
    assert!(String::from_utf8_lossy(&buf).contains("\x1b[31mchecksum-failed"));
}

#[test]
fn masked_value_is_what_appears() {
    let r = sample::report();
    for f in [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Sarif,
        OutputFormat::Html,
    ] {
        let text = out(&r, f, Lang::Zh);
        assert!(text.contains(MASKED_ID), "{f:?} lacks the masked value");
    }
}

#[test]
fn json_validates_against_schema() {
    let schema: Value = json(include_str!("../../schemas/report.schema.json"));
    let validator = jsonschema::draft202012::new(&schema);
    assert!(validator.is_ok(), "{:?}", validator.err());
    let Ok(validator) = validator else { return };
    for report in [sample::report(), sample::clean_report()] {
        for lang in [Lang::Zh, Lang::En] {
            let doc = json(&out(&report, OutputFormat::Json, lang));
            let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
    }
    // The schema must reject what the contract forbids.
    let mut doc = json(&out(&sample::report(), OutputFormat::Json, Lang::Zh));
    doc["files"][0]["findings"][0]["code"] = Value::from("no-such-code");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn schema_lists_every_code() {
    let schema: Value = json(include_str!("../../schemas/report.schema.json"));
    let listed: HashSet<&str> = schema["$defs"]["code"]["enum"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let codes: HashSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, codes);
}

#[test]
fn json_counts_match_spec() {
    let doc = json(&out(&sample::report(), OutputFormat::Json, Lang::En));
    assert_eq!(doc["summary"]["errors"], 46);
    assert_eq!(doc["summary"]["warnings"], 3);
    assert_eq!(doc["summary"]["truncated"], true);
    assert_eq!(doc["files"][0]["summary"]["by_code"]["checksum-failed"], 42);
    let f = &doc["files"][0]["findings"][1];
    assert_eq!(f["cell"], "B12");
    assert_eq!(
        f["message"],
        "the check character of the citizen identity number is wrong"
    );
}

#[test]
fn jsonl_one_object_per_line_and_summary_last() {
    let text = out(&sample::report(), OutputFormat::Jsonl, Lang::Zh);
    let lines: Vec<Value> = text.lines().map(json).collect();
    // 8 findings, one line per file after its findings, the summary.
    assert_eq!(lines.len(), 11);
    assert!(lines.iter().all(Value::is_object));
    assert_eq!(lines[0]["type"], "finding");
    assert_eq!(lines[0]["path"], "exports/tax.csv");
    assert_eq!(lines[0]["header"], HOSTILE_HEADER);
    assert_eq!(lines[5]["type"], "file");
    assert_eq!(lines[5]["path"], "exports/tax.csv");
    assert_eq!(lines[5]["dataset"], "enterprise-registration");
    assert_eq!(lines[5]["errors"], 44);
    assert_eq!(lines[9]["type"], "file");
    assert_eq!(lines[9]["sheet"], "户籍");
    assert_eq!(lines[10]["type"], "summary");
    assert_eq!(lines[10]["files"], 2);
}

#[test]
fn sarif_results_refer_to_rules() {
    let doc = json(&out(&sample::report(), OutputFormat::Sarif, Lang::Zh));
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(rules.len(), Code::ALL.len());
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 8);
    for r in &results {
        let id = r["ruleId"].as_str().unwrap_or("");
        let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index), Some(&id));
        assert!(r["partialFingerprints"]["govdict/v2"].is_string());
    }
    // The physical line of the CSV record, not the row.
    let region = &results[1]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 13);
    // A field number is not a character column: no startColumn.
    assert!(region.get("startColumn").is_none(), "{region}");
    // Spreadsheet cells carry a logical location and forward-slash URIs.
    let loc = &results[6]["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "reports/2026/%E6%88%B7%E7%B1%8D%20q3.xlsx"
    );
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "reports/2026/户籍 q3.xlsx!户籍!C7"
    );
    // Cut by --max-findings: said so in the invocation.
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .map(Vec::len);
    assert_eq!(notes, Some(1));
}

#[test]
fn sarif_caps_results() {
    let doc = super::sarif::to_value(&sample::report(), &en(), 3);
    let run = &doc["runs"][0];
    assert_eq!(run["results"].as_array().map(Vec::len), Some(3));
    let notes = run["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("3 of 8 written"), "{notes}");
}

#[test]
fn sarif_fingerprints_ignore_the_value() {
    let a = sample::report();
    let mut b = sample::report();
    b.files[0].findings[1].value = Some("999***********99X".into());
    let fa = super::sarif::to_value(&a, &en(), 100);
    let fb = super::sarif::to_value(&b, &en(), 100);
    let key = |d: &Value| d["runs"][0]["results"][1]["partialFingerprints"].clone();
    assert_eq!(key(&fa), key(&fb));
    assert_ne!(key(&fa), fa["runs"][0]["results"][2]["partialFingerprints"]);
}

#[test]
fn gitlab_fingerprints_unique_even_for_twins() {
    let mut r = sample::report();
    let twin = r.files[0].findings[1].clone();
    r.files[0].findings.push(twin);
    let doc = json(&out(&r, OutputFormat::Gitlab, Lang::Zh));
    let issues = doc.as_array().cloned().unwrap_or_default();
    // Eight findings, the twin, and the note that the first file's list was cut.
    assert_eq!(issues.len(), 10);
    let prints: HashSet<String> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(prints.len(), 10);
    assert!(issues
        .iter()
        .all(|i| i["location"]["lines"]["begin"].as_u64() >= Some(1)));
    assert_eq!(issues[0]["severity"], "minor");
    assert_eq!(issues[1]["severity"], "major");
    assert_eq!(issues[7]["location"]["path"], "reports/2026/户籍 q3.xlsx");
    assert_eq!(issues[6]["check_name"], "truncated");
}

/// A minimal XML well-formedness check: balanced tags, quoted attributes, known entities,
/// no raw `<` or `&` in text.
fn well_formed(xml: &str) -> Result<usize, String> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or("close without open")?;
            if open != name {
                return Err(format!("</{name}> closes <{open}>"));
            }
            continue;
        }
        elements += 1;
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad tag name {name:?}"));
        }
        check_attrs(attrs)?;
        if !self_closing {
            stack.push(name.to_owned());
        }
    }
    check_text(rest)?;
    if stack.is_empty() {
        Ok(elements)
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

fn check_text(s: &str) -> Result<(), String> {
    if s.contains('>') && s.contains("]]>") {
        return Err("]]> in text".into());
    }
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let semi = rest[amp..].find(';').ok_or("bare &")? + amp;
        let entity = &rest[amp + 1..semi];
        let known = matches!(
            entity,
            "amp" | "lt" | "gt" | "quot" | "#39" | "#10" | "#13" | "#9"
        );
        if !known {
            return Err(format!("unknown entity {entity}"));
        }
        rest = &rest[semi + 1..];
    }
    if s.chars()
        .any(|c| (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("control character".into());
    }
    Ok(())
}

fn check_attrs(mut attrs: &str) -> Result<(), String> {
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Ok(());
        }
        let eq = attrs
            .find("=\"")
            .ok_or(format!("bad attribute {attrs:?}"))?;
        let after = &attrs[eq + 2..];
        let close = after.find('"').ok_or("unterminated attribute")?;
        let value = &after[..close];
        if value.contains('<') || value.contains('\n') {
            return Err(format!("raw character in attribute {value:?}"));
        }
        check_text(value)?;
        attrs = &after[close + 1..];
    }
}

#[test]
fn junit_is_well_formed_with_failures() {
    let xml = out(&sample::report(), OutputFormat::Junit, Lang::Zh);
    // 19 elements of findings, plus each suite's properties (the dictionary's id,
    // version and hash).
    assert_eq!(well_formed(&xml), Ok(19 + 2 * 4));
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    // One testcase per file and code, not per cell.
    assert_eq!(xml.matches("<testcase ").count(), 8);
    assert_eq!(xml.matches("<failure ").count(), 5);
    assert!(xml.contains("…… 另有 41 条"));
    assert!(!xml.contains("<script>"));
    let clean = out(&sample::clean_report(), OutputFormat::Junit, Lang::En);
    assert!(well_formed(&clean).is_ok());
    assert!(clean.contains("name=\"the file conforms to the dataset\""));
    assert!(!clean.contains("<failure"));
}

#[test]
fn junit_caps_rows_per_testcase() {
    let mut r = sample::report();
    let f = r.files[0].findings[1].clone();
    r.files[0].findings = vec![f; 150];
    let xml = out(&r, OutputFormat::Junit, Lang::En);
    assert!(well_formed(&xml).is_ok());
    assert_eq!(xml.matches("12:2 [身份证号]").count(), 100);
    assert!(xml.contains("… and 50 more"));
}

#[test]
fn github_escapes_and_limits_annotations() {
    let text = out(&sample::report(), OutputFormat::Github, Lang::En);
    let first = text.lines().next().unwrap_or("");
    assert_eq!(
        first,
        "::warning file=exports/tax.csv,line=1,title=unknown-column [<script>alert(\"x&y\")</script>%2C a%3A%3Ab%0Ac%25d]::the column maps to no element of the dataset (did you mean: 备注) (D1)"
    );
    assert!(text.contains("file=reports/2026/户籍 q3.xlsx,line=7,title="));
    // A field number is no character position: GitHub would point at the wrong place.
    assert!(!text.contains(",col="), "{text}");
    // Every command stays on one line.
    assert!(text.lines().all(|l| l.starts_with("::")));

    let mut many = sample::report();
    let f = many.files[0].findings[1].clone();
    many.files[0].findings.extend(std::iter::repeat_n(f, 30));
    many.files[0].tally.errors += 30;
    let text = out(&many, OutputFormat::Github, Lang::En);
    assert_eq!(text.matches("::error ").count(), 10);
    assert_eq!(text.matches("::warning ").count(), 3);
    assert!(text.contains("::notice title=govdict::govdict: 66 more errors and 0 more warnings"));
}

#[test]
fn github_escape_rules() {
    use super::github::{escape_data, escape_property};
    assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
    assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
}

#[test]
fn github_step_summary_is_appended() {
    let dir = tempfile::tempdir();
    assert!(dir.is_ok());
    let Ok(dir) = dir else { return };
    let path = dir.path().join("summary.md");
    assert!(std::fs::write(&path, "earlier step\n").is_ok());
    let options = RenderOptions::default();
    let r = sample::report();
    assert!(super::github::write_step_summary(&r, &options, &path).is_ok());
    let md = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(md.starts_with("earlier step\n## govdict 校验结果"));
    assert!(md.contains("| `checksum-failed` | error | 42 | 校验位或结构错误 |"));
    assert!(md.contains("### reports/2026/户籍 q3.xlsx [户籍]"));
    insta::assert_snapshot!("github_step_summary_zh", md);
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = out(&sample::report(), OutputFormat::Html, Lang::Zh);
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;"));
    assert!(!html.contains("http://") || !html.contains("src=\"http"));
    assert!(!html.contains("src="));
    assert!(!html.contains("<link"));
    assert_eq!(html.matches("<svg ").count(), 4);
    assert!(html.contains("cn.example.city.elements"));
    assert!(html.contains("只列出 5 条，共 46 条"));
    let en = out(&sample::report(), OutputFormat::Html, Lang::En);
    assert!(en.contains("Errors per column"));
}

#[test]
fn hostile_header_never_breaks_a_format() {
    let r = sample::report();
    for f in ALL {
        let text = out(&r, f, Lang::Zh);
        match f {
            OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Gitlab => {
                assert!(!json(&text).is_null(), "{f:?} is not JSON");
            }
            OutputFormat::Html | OutputFormat::Junit => {
                assert!(!text.contains("<script>"), "{f:?}");
            }
            OutputFormat::Human => {
                // The newline in the header is shown, not obeyed.
                assert!(text.contains("a::b\\nc%d"));
            }
            OutputFormat::Github | OutputFormat::Jsonl => {
                assert!(!text.contains("a::b\nc"), "{f:?}");
            }
        }
    }
}

#[test]
fn clean_report_renders_everywhere() {
    let r = sample::clean_report();
    for f in ALL {
        let text = out(&r, f, Lang::En);
        assert!(!text.is_empty() || f == OutputFormat::Github, "{f:?}");
    }
    assert_eq!(out(&r, OutputFormat::Gitlab, Lang::En).trim(), "[]");
    assert!(out(&r, OutputFormat::Human, Lang::En).contains("no findings"));
}

/// Parses JUnit output with a real XML reader: every tag balanced, every attribute
/// value decoding back to the original text.
#[test]
fn junit_parses_with_an_xml_reader() {
    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    let xml = out(&sample::report(), OutputFormat::Junit, Lang::En);
    let mut reader = Reader::from_str(&xml);
    let (mut failures, mut names) = (0, Vec::new());
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let tag = e.name().as_ref().to_owned();
                if tag == "failure" {
                    failures += 1;
                }
                if tag == "testcase" {
                    for a in e.attributes().flatten() {
                        if a.key.as_ref() == "name" {
                            let v = a.normalized_value(XmlVersion::Implicit1_0);
                            names.push(v.map(|v| v.into_owned()).unwrap_or_default());
                        }
                    }
                }
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(failures, 5);
    assert_eq!(names.len(), 8);
    assert!(names.iter().all(|n| Code::parse(n).is_some()), "{names:?}");
}
