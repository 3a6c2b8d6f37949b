//! Helpers several renderers share: paths, fingerprints, escaping and per-code counts.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::finding::{Code, ColumnTally, Finding, Severity};
use crate::report::FileReport;
use crate::text::{Lang, Text};

/// The path with forward slashes and without a leading `./`, as CI tools expect
/// repository-relative paths.
pub(crate) fn slash_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut rest = p.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_owned()
}

/// A URI reference for a path (SARIF `artifactLocation.uri`): forward slashes, and every
/// byte outside RFC 3986's unreserved set (and `/`) percent-encoded.
pub(crate) fn uri_path(path: &str) -> String {
    let p = slash_path(path);
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A stable hex digest of the parts. Each part is length-prefixed so that moving text
/// from one part to the next changes the digest.
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Where report paths are relative to. Inputs given as absolute or `../` paths would
/// otherwise put machine-specific paths into reports (and their fingerprints); CI tools
/// expect paths relative to the repository root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathBase {
    /// The directory relative paths of the inputs start from (the working directory).
    pub cwd: PathBuf,
    /// The directory report paths are relative to (the repository root or `--base-dir`).
    pub base: PathBuf,
}

/// The path a report shows for an input: relative to the base when the input lies under
/// it, with forward slashes; as given (slashes aside) otherwise, and always without a base.
pub(crate) fn report_path(path: &str, base: Option<&PathBase>) -> String {
    let slashed = slash_path(path);
    match base.and_then(|b| relative_to_base(&slashed, b)) {
        Some(rel) => rel,
        None => slashed,
    }
}

/// Whether a shown path is relative (so SARIF can give it a `uriBaseId`).
pub(crate) fn is_relative_path(shown: &str) -> bool {
    shown != "-"
        && !Path::new(shown).has_root()
        && !shown.starts_with("../")
        // A database URL (`postgres://…`) is absolute.
        && !shown.contains("://")
        && {
        // `C:/…` has no root on Unix but is absolute on Windows.
        let b = shown.as_bytes();
        !(b.len() >= 2 && b[1] == b':')
    }
}

fn relative_to_base(path: &str, base: &PathBase) -> Option<String> {
    if path == "-" {
        return None;
    }
    let p = Path::new(path);
    let absolute = if p.has_root() {
        lexical(p)
    } else {
        lexical(&base.cwd.join(p))
    };
    let rel = absolute.strip_prefix(lexical(&base.base)).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_owned))
        .collect::<Option<_>>()?;
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// The path with `.` and `..` resolved without touching the file system (a report must
/// not depend on symbolic links that may differ between machines).
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Fingerprints of the findings of a report: stable across runs and machines (made of
/// the shown path, sheet, code and location, never of a cell value, masked or not) and
/// unique within the report (identical findings are told apart by an occurrence counter).
#[derive(Default)]
pub(crate) struct Fingerprints {
    seen: HashMap<String, u64>,
}

impl Fingerprints {
    pub(crate) fn next(&mut self, shown_path: &str, file: &FileReport, f: &Finding) -> String {
        let base = finding_fingerprint(shown_path, file.sheet.as_deref(), f, "");
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            finding_fingerprint(shown_path, file.sheet.as_deref(), f, &n.to_string())
        }
    }
}

/// The identity of a finding: path, sheet, code, row, column, header and element. A
/// finding about the file as a whole (a hidden sheet, a mislabelled format) has none of
/// the location parts, so its English message, which names what it is about and holds no
/// cell value, stands in for them. Never the value: a fixed value must not look like a
/// new finding, and nothing derived from a masked cell may leave the tool.
pub(crate) fn finding_fingerprint(
    path: &str,
    sheet: Option<&str>,
    f: &Finding,
    extra: &str,
) -> String {
    let row = f.row.map(|r| r.to_string()).unwrap_or_default();
    let column = f.column.map(|c| c.to_string()).unwrap_or_default();
    let file_level =
        f.row.is_none() && f.column.is_none() && f.header.is_none() && f.element.is_none();
    let about = if file_level {
        f.message.en.as_str()
    } else {
        ""
    };
    fingerprint(&[
        &slash_path(path),
        sheet.unwrap_or(""),
        f.code.as_str(),
        &row,
        &column,
        f.header.as_deref().unwrap_or(""),
        f.element.as_deref().unwrap_or(""),
        about,
        extra,
    ])
}

/// Escapes text for XML and HTML content and attribute values. Characters XML 1.0 does
/// not allow at all (most C0 controls) become U+FFFD so the document stays well-formed.
pub(crate) fn markup_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Attribute values normalise raw newlines and tabs away; keep them as references.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes XML/HTML element content: like [`markup_escape`] but keeps line breaks and
/// tabs raw, which element content allows and readers show.
pub(crate) fn text_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['\n', '\t']) {
        out.push_str(&markup_escape(&rest[..i]));
        out.push_str(&rest[i..i + 1]);
        rest = &rest[i + 1..];
    }
    out.push_str(&markup_escape(rest));
    out
}

/// Whether the file is a spreadsheet, where cells (`C12`) say more than line numbers.
pub(crate) fn is_spreadsheet(file: &FileReport) -> bool {
    file.sheet.is_some()
        || matches!(
            file.format.as_str(),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods"
        )
}

/// The header a per-column count shows: the one its findings carry, else the file's.
pub(crate) fn column_header(file: &FileReport, col: u32, counted: &ColumnTally) -> String {
    counted
        .header
        .clone()
        .or_else(|| {
            file.columns
                .iter()
                .find(|c| c.index == col)
                .map(|c| c.header.clone())
        })
        .unwrap_or_default()
}

/// One line of a per-code count table.
pub(crate) struct CodeCount {
    pub code: String,
    pub severity: Severity,
    pub count: u64,
    /// Findings of this code present in `FileReport::findings`.
    pub listed: u64,
}

/// Counts per code of a file: complete counts from the tally, severities from the
/// listed findings (or the code's default). Errors first, then by code.
pub(crate) fn code_counts(file: &FileReport) -> Vec<CodeCount> {
    let mut rows: Vec<CodeCount> = file
        .tally
        .by_code
        .iter()
        .map(|(code, &count)| CodeCount {
            code: code.as_str().to_owned(),
            severity: severity_of(code.as_str(), &file.findings),
            count,
            listed: 0,
        })
        .collect();
    for f in &file.findings {
        match rows.iter_mut().find(|r| r.code == f.code.as_str()) {
            Some(r) => r.listed += 1,
            // A finding the tally missed still deserves a line.
            None => rows.push(CodeCount {
                code: f.code.as_str().to_owned(),
                severity: f.severity,
                count: 1,
                listed: 1,
            }),
        }
    }
    for r in &mut rows {
        r.count = r.count.max(r.listed);
    }
    rows.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
    });
    rows
}

fn severity_of(code: &str, findings: &[Finding]) -> Severity {
    findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .map(|f| f.severity)
        .or_else(|| Code::parse(code).map(Code::default_severity))
        .unwrap_or(Severity::Error)
}

/// The description of a code string in the chosen language (the code itself if unknown).
pub(crate) fn describe(code: &str, lang: Lang) -> String {
    match Code::parse(code) {
        Some(c) => c.description().get(lang).to_owned(),
        None => code.to_owned(),
    }
}

/// A finding's location in words: `C12` in spreadsheets, `12:3` in text files, `12`
/// for whole rows, empty for file-level findings.
pub(crate) fn location(f: &Finding, spreadsheet: bool) -> String {
    match (f.row, f.column, &f.cell) {
        (Some(_), Some(_), Some(cell)) if spreadsheet => cell.clone(),
        (Some(r), Some(c), _) => format!("{r}:{c}"),
        (Some(r), None, _) => r.to_string(),
        (None, Some(c), _) => format!(":{c}"),
        (None, None, _) => String::new(),
    }
}

/// The suggestion worth adding to the message: not when the message already names it
/// (“did you mean “X”?”, “… the standard code is X”) and not when it is the header itself.
pub(crate) fn suggestion_to_show(f: &Finding, lang: Lang) -> Option<&str> {
    let s = f.suggestion.as_deref()?;
    let message = f.message.get(lang);
    let said = message.contains(&format!("“{s}”")) || message.ends_with(&format!(" {s}"));
    let is_header = f.header.as_deref().map(str::trim) == Some(s.trim());
    (!said && !is_header).then_some(s)
}

/// The message with its suggestion, in one language.
pub(crate) fn message_with_suggestion(f: &Finding, lang: Lang) -> String {
    let (open, close) = label(&L_PARENS, lang);
    let mut m = f.message.get(lang).to_owned();
    if let Some(s) = suggestion_to_show(f, lang) {
        let _ = write!(m, "{open}{}{s}{close}", label(&L_SUGGEST, lang));
    }
    if let Some(r) = f.first_row {
        let _ = write!(m, "{open}{}{close}", first_row_text(r, lang));
    }
    m
}

pub(crate) fn label<T: Copy>(t: &(T, T), lang: Lang) -> T {
    match lang {
        Lang::Zh => t.0,
        Lang::En => t.1,
    }
}

/// Bilingual labels as (Chinese, English) pairs; `Text` would allocate for constants.
pub(crate) const L_SUGGEST: (&str, &str) = ("建议：", "did you mean: ");
const L_FIRST_ROW: (&str, &str) = ("首次出现于第 {} 行", "first seen in row {}");
/// Parentheses around a remark: full-width in Chinese text.
const L_PARENS: ((&str, &str), (&str, &str)) = (("（", "）"), (" (", ")"));

/// "first seen in row N", for duplicates.
pub(crate) fn first_row_text(row: u64, lang: Lang) -> String {
    label(&L_FIRST_ROW, lang).replace("{}", &row.to_string())
}

/// How many findings were left out of a list, as a sentence.
pub(crate) fn more_text(n: u64) -> Text {
    Text::new(format!("…… 另有 {n} 条"), format!("… and {n} more"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_use_forward_slashes() {
        assert_eq!(slash_path(".\\reports\\q3.xlsx"), "reports/q3.xlsx");
        assert_eq!(slash_path("./././a.csv"), "a.csv");
        assert_eq!(uri_path("数据/a b.csv"), "%E6%95%B0%E6%8D%AE/a%20b.csv");
    }

    #[test]
    fn report_paths_are_relative_to_the_base() {
        let base = PathBase {
            cwd: PathBuf::from("/repo/sub"),
            base: PathBuf::from("/repo"),
        };
        let b = Some(&base);
        assert_eq!(report_path("a.csv", b), "sub/a.csv");
        assert_eq!(report_path("../exports/a.csv", b), "exports/a.csv");
        assert_eq!(
            report_path("/repo/exports/./x/../a.csv", b),
            "exports/a.csv"
        );
        assert_eq!(report_path(".\\data\\a.csv", b), "sub/data/a.csv");
        // Outside the base, and standard input: as given.
        assert_eq!(report_path("/elsewhere/a.csv", b), "/elsewhere/a.csv");
        assert_eq!(report_path("../../a.csv", b), "../../a.csv");
        assert_eq!(report_path("-", b), "-");
        assert_eq!(report_path("../a.csv", None), "../a.csv");
        assert!(is_relative_path("exports/a.csv"));
        for p in [
            "/a.csv",
            "../a.csv",
            "C:/a.csv",
            "-",
            "postgres://me@/db?host=/run/postgresql&table=t",
        ] {
            assert!(!is_relative_path(p), "{p}");
        }
    }

    #[test]
    fn fingerprints_separate_parts() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["x"]).len(), 64);
    }

    #[test]
    fn markup_escape_covers_specials_and_controls() {
        assert_eq!(
            markup_escape("<a href=\"x\">'&'</a>\n\u{1b}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;&#10;\u{FFFD}"
        );
    }

    #[test]
    fn a_suggestion_the_message_already_makes_is_not_repeated() {
        let mut f = Finding::new(
            Code::UnknownColumn,
            Text::new(
                "列不对应数据集中的数据元；是否为“税务登记日期”？",
                "the column maps to no element of the dataset; did you mean “税务登记日期”?",
            ),
        );
        f.header = Some("税务登记时间".to_owned());
        f.suggestion = Some("税务登记日期".to_owned());
        assert_eq!(suggestion_to_show(&f, Lang::Zh), None);
        assert_eq!(
            message_with_suggestion(&f, Lang::En),
            "the column maps to no element of the dataset; did you mean “税务登记日期”?"
        );
        f.message = Code::UnknownColumn.description();
        assert_eq!(suggestion_to_show(&f, Lang::Zh), Some("税务登记日期"));
        // Never the header itself.
        f.header = Some(" 税务登记日期".to_owned());
        assert_eq!(suggestion_to_show(&f, Lang::En), None);
        let mut alias = Finding::new(
            Code::NotInCodelist,
            Text::new(
                "非标准写法，代码表“性别”（X）中的标准代码为 1",
                "the standard code in “sex” (X) is 1",
            ),
        );
        alias.suggestion = Some("1".to_owned());
        assert_eq!(
            message_with_suggestion(&alias, Lang::En),
            "the standard code in “sex” (X) is 1"
        );
    }
}
