//! Helpers several renderers share: paths, fingerprints, escaping and per-code counts.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::finding::{Code, Finding, Severity};
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

/// The identity of a finding for fingerprints: path, code, row, column and header, but
/// never the value (a fixed value must not look like a new finding).
pub(crate) fn finding_fingerprint(path: &str, f: &Finding, extra: &str) -> String {
    let row = f.row.map(|r| r.to_string()).unwrap_or_default();
    let column = f.column.map(|c| c.to_string()).unwrap_or_default();
    fingerprint(&[
        &slash_path(path),
        f.code.as_str(),
        &row,
        &column,
        f.header.as_deref().unwrap_or(""),
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

/// The message with its suggestion, in one language.
pub(crate) fn message_with_suggestion(f: &Finding, lang: Lang) -> String {
    let (open, close) = label(&L_PARENS, lang);
    let mut m = f.message.get(lang).to_owned();
    if let Some(s) = &f.suggestion {
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
}
