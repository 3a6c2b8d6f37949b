//! Problems found in a dictionary's sources: stable codes, positions in the YAML file, and
//! a miette rendering that shows the offending lines.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};

pub use crate::finding::Severity;
use crate::text::{Lang, Text};

/// Stable problem codes (kebab-case, public API of `govdict check`).
pub mod codes {
    pub const FILE_UNREADABLE: &str = "file-unreadable";
    pub const INCLUDE_EMPTY: &str = "include-empty";
    pub const YAML_SYNTAX: &str = "yaml-syntax";
    pub const YAML_DUPLICATE_KEY: &str = "yaml-duplicate-key";
    pub const YAML_LIMIT: &str = "yaml-limit";
    pub const SCHEMA: &str = "schema-violation";
    pub const DUPLICATE_ELEMENT_ID: &str = "duplicate-element-id";
    pub const DUPLICATE_ELEMENT_NAME: &str = "duplicate-element-name";
    pub const DUPLICATE_SYNONYM: &str = "duplicate-synonym";
    pub const DUPLICATE_CODELIST: &str = "duplicate-codelist-id";
    pub const DUPLICATE_DATASET: &str = "duplicate-dataset-id";
    pub const DUPLICATE_CODE: &str = "duplicate-code";
    pub const DUPLICATE_LEVEL: &str = "duplicate-level";
    pub const UNKNOWN_CODELIST: &str = "unknown-codelist";
    pub const UNKNOWN_ELEMENT: &str = "unknown-element";
    pub const UNKNOWN_LEVEL: &str = "unknown-classification";
    pub const UNKNOWN_RULE: &str = "unknown-rule";
    pub const INVALID_FORMAT: &str = "invalid-format";
    pub const INVALID_PATTERN: &str = "invalid-pattern";
    pub const INVALID_VERSION: &str = "invalid-version";
    pub const SUPERSEDED_WITHOUT_REPLACEMENT: &str = "superseded-without-replacement";
    pub const SINCE_AFTER_RELEASE: &str = "since-after-release";
    pub const CODE_WITHOUT_CODELIST: &str = "code-without-codelist";
    pub const CODELIST_ON_NON_CODE: &str = "codelist-on-non-code";
    pub const DUPLICATE_FIELD: &str = "duplicate-field";
}

/// The source text a problem points into, shared by every problem of a file.
#[derive(Clone)]
pub struct Snippet {
    pub text: Arc<str>,
    /// Byte offset and length of the labelled node.
    pub offset: usize,
    pub len: usize,
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snippet")
            .field("offset", &self.offset)
            .field("len", &self.len)
            .finish()
    }
}

/// One problem in a dictionary.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Stable kebab-case code, see [`codes`].
    pub code: &'static str,
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line in `file`; 0 when the problem concerns no particular line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    pub message: Text,
    pub help: Option<Text>,
    /// The source for a labelled rendering, when the file's text is known.
    pub snippet: Option<Snippet>,
}

impl Problem {
    pub fn error(code: &'static str, file: PathBuf, message: Text) -> Problem {
        Problem {
            code,
            severity: Severity::Error,
            file,
            line: 0,
            column: 0,
            message,
            help: None,
            snippet: None,
        }
    }

    pub fn warning(code: &'static str, file: PathBuf, message: Text) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(code, file, message)
        }
    }

    /// Places the problem at a 1-based line and column of `text`.
    pub fn at(mut self, text: &Arc<str>, line: usize, column: usize) -> Problem {
        self.line = line;
        self.column = column;
        let offset = byte_offset(text, line, column);
        let len = token_len(text, offset);
        self.snippet = Some(Snippet {
            text: Arc::clone(text),
            offset,
            len,
        });
        self
    }

    pub fn with_help(mut self, help: Text) -> Problem {
        self.help = Some(help);
        self
    }

    /// A miette diagnostic of this problem in one language.
    pub fn diagnostic(&self, lang: Lang) -> ProblemDiagnostic {
        ProblemDiagnostic {
            problem: self.clone(),
            lang,
        }
    }

    /// The problem rendered as a labelled snippet (no colour), for terminals and logs.
    pub fn render(&self, lang: Lang, color: bool) -> String {
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        if handler
            .render_report(&mut out, &self.diagnostic(lang))
            .is_err()
        {
            out = format!("{}: {}", self.code, self.message.get(lang));
        }
        out
    }
}

/// Byte offset of a 1-based line and character column, clamped to the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(b, _)| b)
                .unwrap_or(l.trim_end_matches(['\n', '\r']).len());
            return start + col;
        }
        start += l.len();
    }
    text.len()
}

/// Length of the token at `offset`: up to the end of the line, at most 40 bytes, on a
/// character boundary, so the label underlines the value without running off.
fn token_len(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let mut end = 0;
    for (i, c) in line.char_indices() {
        if i >= 40 {
            break;
        }
        end = i + c.len_utf8();
    }
    end.max(if rest.is_empty() { 0 } else { 1 }).min(rest.len())
}

/// A problem in one language, as a miette diagnostic.
#[derive(Debug)]
pub struct ProblemDiagnostic {
    problem: Problem,
    lang: Lang,
}

impl fmt::Display for ProblemDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.problem;
        if p.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                p.file.display(),
                p.line,
                p.column,
                p.message.get(self.lang)
            )
        } else {
            write!(f, "{}: {}", p.file.display(), p.message.get(self.lang))
        }
    }
}

impl std::error::Error for ProblemDiagnostic {}

impl Diagnostic for ProblemDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.problem.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.problem.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem
            .help
            .as_ref()
            .map(|h| Box::new(h.get(self.lang)) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.problem
            .snippet
            .as_ref()
            .map(|s| &s.text as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.problem.snippet.as_ref()?;
        let label = match self.lang {
            Lang::Zh => "此处",
            Lang::En => "here",
        };
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(label.to_owned()),
            s.offset,
            s.len,
        ))))
    }
}

/// The dictionary could not be loaded: every problem found, at once.
#[derive(Debug)]
pub struct LoadError {
    pub problems: Vec<Problem>,
    related: Vec<ProblemDiagnostic>,
    lang: Lang,
}

impl LoadError {
    pub fn new(problems: Vec<Problem>) -> LoadError {
        LoadError::with_lang(problems, Lang::Zh)
    }

    fn with_lang(problems: Vec<Problem>, lang: Lang) -> LoadError {
        let related = problems.iter().map(|p| p.diagnostic(lang)).collect();
        LoadError {
            problems,
            related,
            lang,
        }
    }

    /// The same error, rendered in `lang`.
    pub fn in_lang(self, lang: Lang) -> LoadError {
        LoadError::with_lang(self.problems, lang)
    }

    fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors();
        match self.lang {
            Lang::Zh => write!(f, "数据元目录无效：{n} 个错误"),
            Lang::En => write!(f, "the dictionary is invalid: {n} error(s)"),
        }
    }
}

impl std::error::Error for LoadError {}

impl Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("invalid-dictionary"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let h = match self.lang {
            Lang::Zh => "运行 `govdict check` 查看全部问题",
            Lang::En => "run `govdict check` to list every problem",
        };
        Some(Box::new(h))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_characters() {
        let text = "a: 1\nname: 公民身份号码\n";
        let off = byte_offset(text, 2, 7);
        assert_eq!(&text[off..off + 3], "公");
        assert_eq!(byte_offset(text, 9, 1), text.len());
    }

    #[test]
    fn rendering_shows_the_line() {
        let text: Arc<str> = Arc::from("govdict: 1\nid: x\nversion: nope\n");
        let p = Problem::error(
            codes::INVALID_VERSION,
            PathBuf::from("d.yaml"),
            Text::new("版本号无效", "invalid version"),
        )
        .at(&text, 3, 10);
        let out = p.render(Lang::En, false);
        assert!(out.contains("version: nope"), "{out}");
        assert!(out.contains("invalid-version"), "{out}");
        assert!(out.contains("d.yaml:3:10"), "{out}");
    }
}
