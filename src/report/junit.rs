//! JUnit XML for CI test views (GitLab, Jenkins, Azure): one `<testsuite>` per file, one
//! `<testcase>` per file and finding code. Error codes fail with a `<failure>` listing the
//! rows; warning codes pass and list their rows in `<system-out>`, so a report does not
//! fail a test view where `validate` itself would not fail. A file without findings gets
//! one passing testcase.
//!
//! The default dialect is the subset Jenkins' xUnit schema (`junit-10.xsd`) accepts, which
//! GitLab reads as well: the file is an attribute of `<testsuite>`. GitLab's dialect adds
//! it to each `<testcase>` too, which that schema refuses.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::finding::Severity;
use crate::report::common::{
    code_counts, describe, is_spreadsheet, label, location, markup_escape, message_with_suggestion,
    more_text, report_path, text_escape,
};
use crate::report::{DictionaryRef, FileReport, RenderOptions, Report};

/// Rows listed per testcase; the rest are counted.
pub const MAX_ROWS: usize = 100;

/// Which JUnit dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JunitFlavor {
    /// What both Jenkins (xUnit's junit-10.xsd) and GitLab accept: the file on `<testsuite>`
    #[default]
    Portable,
    /// GitLab's: the file on every `<testcase>` as well (Jenkins' schema refuses it)
    Gitlab,
}

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let properties = properties(&report.dictionary);
    let suites: Vec<Suite> = report
        .files
        .iter()
        .map(|f| suite(f, &properties, options))
        .collect();
    let tests: usize = suites.iter().map(|s| s.tests).sum();
    let failures: usize = suites.iter().map(|s| s.failures).sum();
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"govdict\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for s in &suites {
        x.push_str(&s.xml);
    }
    x.push_str("</testsuites>\n");
    out.write_all(x.as_bytes())
}

struct Suite {
    tests: usize,
    failures: usize,
    xml: String,
}

const L_ROW: (&str, &str) = ("第 {} 行", "row {}");
const L_VALID: (&str, &str) = ("文件符合数据集", "the file conforms to the dataset");
const L_NOT_LISTED: (&str, &str) = (
    "（其余条目因 --max-findings 未列出）",
    "(the rest were not listed because of --max-findings)",
);

/// The dictionary and config of the run as a suite's `<properties>`: a test view shows
/// what a file was checked against. The path and config appear only when there is one.
fn properties(dictionary: &DictionaryRef) -> String {
    let pairs = [
        ("govdict.dictionary.path", dictionary.path_text()),
        ("govdict.dictionary.id", Some(dictionary.id.clone())),
        (
            "govdict.dictionary.version",
            Some(dictionary.version.clone()),
        ),
        ("govdict.dictionary.sha256", Some(dictionary.sha256.clone())),
        ("govdict.config", dictionary.config_text()),
    ];
    let mut xml = String::from("    <properties>\n");
    for (name, value) in pairs {
        if let Some(value) = value {
            let _ = writeln!(
                xml,
                "      <property name=\"{name}\" value=\"{}\"/>",
                markup_escape(&value)
            );
        }
    }
    xml.push_str("    </properties>\n");
    xml
}

fn suite(file: &FileReport, properties: &str, options: &RenderOptions) -> Suite {
    let lang = options.lang;
    let path = report_path(&file.path, options.paths.as_ref());
    let case_file = match options.junit_flavor {
        JunitFlavor::Portable => String::new(),
        JunitFlavor::Gitlab => format!(" file=\"{}\"", markup_escape(&path)),
    };
    let name = match &file.sheet {
        Some(sheet) => format!("{path} [{sheet}]"),
        None => path.clone(),
    };
    let counts = code_counts(file);
    let spreadsheet = is_spreadsheet(file);
    let mut body = String::new();
    let mut failures = 0;
    for c in &counts {
        let listed: Vec<_> = file
            .findings
            .iter()
            .filter(|f| f.code.as_str() == c.code)
            .collect();
        let mut text = String::new();
        for f in listed.iter().take(MAX_ROWS) {
            let where_ = match (f.row, f.column) {
                (Some(r), None) => label(&L_ROW, lang).replace("{}", &r.to_string()),
                (None, None) => "-".to_owned(),
                _ => location(f, spreadsheet),
            };
            let header = f
                .header
                .as_deref()
                .map(|h| format!(" [{h}]"))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "{where_}{header}: {}",
                message_with_suggestion(f, lang)
            );
        }
        let shown = listed.len().min(MAX_ROWS) as u64;
        if c.count > shown {
            let _ = write!(text, "{}", more_text(c.count - shown).get(lang));
            if c.count > c.listed {
                let _ = write!(text, " {}", label(&L_NOT_LISTED, lang));
            }
            text.push('\n');
        }
        let desc = describe(&c.code, lang);
        let _ = writeln!(
            body,
            "    <testcase classname=\"{}\" name=\"{}\"{case_file}>",
            markup_escape(&name),
            markup_escape(&c.code),
        );
        if c.severity == Severity::Error {
            failures += 1;
            let _ = writeln!(
                body,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                markup_escape(&c.code),
                markup_escape(&format!("{desc} ({})", c.count)),
                text_escape(&text)
            );
        } else {
            let _ = writeln!(
                body,
                "      <system-out>{}</system-out>",
                text_escape(&format!("{} ({}): {desc}\n{text}", c.code, c.count))
            );
        }
        body.push_str("    </testcase>\n");
    }
    let mut tests = counts.len();
    if counts.is_empty() {
        tests = 1;
        let _ = writeln!(
            body,
            "    <testcase classname=\"{}\" name=\"{}\"{case_file}/>",
            markup_escape(&name),
            markup_escape(label(&L_VALID, lang)),
        );
    }
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" file=\"{}\">",
        markup_escape(&name),
        markup_escape(&path)
    );
    xml.push_str(properties);
    xml.push_str(&body);
    xml.push_str("  </testsuite>\n");
    Suite {
        tests,
        failures,
        xml,
    }
}
