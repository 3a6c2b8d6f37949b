//! Problems found in a dictionary's sources: stable codes, positions in the YAML file, and
//! a miette rendering that shows the offending lines.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::Diagnostic;

use super::model::Origin;
use crate::diagnostic::codes;
pub use crate::diagnostic::{InLang, Located, Snippet};
pub use crate::finding::Severity;
use crate::text::{Lang, Text};

codes! {
    /// Stable problem codes (kebab-case, public API of `govdict check`).
    pub enum ProblemCode in "dictionary" {
        FileUnreadable => "file-unreadable", Error, "文件无法读取", "a file cannot be read";
        IncludeEmpty => "include-empty", Error, "include 模式没有匹配任何文件", "an include pattern matches no file";
        YamlSyntax => "yaml-syntax", Error, "YAML 语法错误", "the YAML is malformed";
        YamlDuplicateKey => "yaml-duplicate-key", Error, "YAML 映射中的键重复", "a key is repeated in a YAML mapping";
        YamlLimit => "yaml-limit", Error, "YAML 超出大小或嵌套上限", "the YAML exceeds a size or nesting limit";
        Schema => "schema-violation", Error, "不符合目录文件的结构", "the file breaks the dictionary schema";
        DuplicateElementId => "duplicate-element-id", Error, "数据元标识重复", "an element id is used twice";
        DuplicateElementName => "duplicate-element-name", Error, "数据元中文名称重复", "an element name is used twice";
        DuplicateSynonym => "duplicate-synonym", Error, "同义名称指向多个数据元", "a synonym leads to more than one element";
        DuplicateCodelist => "duplicate-codelist-id", Error, "代码表标识重复", "a code list id is defined twice";
        DuplicateDataset => "duplicate-dataset-id", Error, "数据集标识重复", "a dataset id is defined twice";
        DuplicateCode => "duplicate-code", Error, "代码表中代码重复", "a code is repeated in a code list";
        DuplicateLevel => "duplicate-level", Error, "分级重复定义", "a classification level is defined twice";
        UnknownCodelist => "unknown-codelist", Error, "引用了不存在的代码表", "a reference to an unknown code list";
        UnknownElement => "unknown-element", Error, "引用了不存在的数据元", "a reference to an unknown element";
        UnknownLevel => "unknown-classification", Error, "分级未在清单中定义", "a classification level the manifest does not define";
        UnknownRule => "unknown-rule", Error, "引用了未知的校验规则", "a reference to an unknown rule";
        InvalidFormat => "invalid-format", Error, "表示格式无效", "an invalid format notation";
        InvalidPattern => "invalid-pattern", Error, "正则表达式无效", "an invalid pattern";
        InvalidVersion => "invalid-version", Error, "版本号不是语义化版本", "a version that is not semver";
        SupersededWithoutReplacement => "superseded-without-replacement", Error, "被替代的数据元缺少 superseded_by", "a superseded element names no replacement";
        SinceAfterRelease => "since-after-release", Error, "since 晚于本版本", "`since` is later than the release";
        CodeWithoutCodelist => "code-without-codelist", Error, "类型为 code 的数据元没有代码表", "an element of type `code` has no code list";
        CodelistOnNonCode => "codelist-on-non-code", Warning, "类型不是 code 的数据元有代码表", "an element not of type `code` has a code list";
        DuplicateField => "duplicate-field", Error, "数据集中数据元出现两次", "a dataset lists an element twice";
        RuleSeverityWithoutRule => "rule-severity-without-rule", Warning, "数据元有 rule_severity 但没有 rule", "an element sets `rule_severity` but names no rule";
        DuplicateSystemCode => "duplicate-system-code", Error, "同一系统的字段代码指向多个数据元", "a system's column code leads to more than one element";
        NoElements => "no-elements", Error, "数据元目录没有数据元", "the dictionary has no elements";
    }
}

/// The codes under constant names, as the checks write them.
pub mod codes {
    use super::ProblemCode;

    pub const FILE_UNREADABLE: ProblemCode = ProblemCode::FileUnreadable;
    pub const INCLUDE_EMPTY: ProblemCode = ProblemCode::IncludeEmpty;
    pub const YAML_SYNTAX: ProblemCode = ProblemCode::YamlSyntax;
    pub const YAML_DUPLICATE_KEY: ProblemCode = ProblemCode::YamlDuplicateKey;
    pub const YAML_LIMIT: ProblemCode = ProblemCode::YamlLimit;
    pub const SCHEMA: ProblemCode = ProblemCode::Schema;
    pub const DUPLICATE_ELEMENT_ID: ProblemCode = ProblemCode::DuplicateElementId;
    pub const DUPLICATE_ELEMENT_NAME: ProblemCode = ProblemCode::DuplicateElementName;
    pub const DUPLICATE_SYNONYM: ProblemCode = ProblemCode::DuplicateSynonym;
    pub const DUPLICATE_CODELIST: ProblemCode = ProblemCode::DuplicateCodelist;
    pub const DUPLICATE_DATASET: ProblemCode = ProblemCode::DuplicateDataset;
    pub const DUPLICATE_CODE: ProblemCode = ProblemCode::DuplicateCode;
    pub const DUPLICATE_LEVEL: ProblemCode = ProblemCode::DuplicateLevel;
    pub const UNKNOWN_CODELIST: ProblemCode = ProblemCode::UnknownCodelist;
    pub const UNKNOWN_ELEMENT: ProblemCode = ProblemCode::UnknownElement;
    pub const UNKNOWN_LEVEL: ProblemCode = ProblemCode::UnknownLevel;
    pub const UNKNOWN_RULE: ProblemCode = ProblemCode::UnknownRule;
    pub const INVALID_FORMAT: ProblemCode = ProblemCode::InvalidFormat;
    pub const INVALID_PATTERN: ProblemCode = ProblemCode::InvalidPattern;
    pub const INVALID_VERSION: ProblemCode = ProblemCode::InvalidVersion;
    pub const SUPERSEDED_WITHOUT_REPLACEMENT: ProblemCode =
        ProblemCode::SupersededWithoutReplacement;
    pub const SINCE_AFTER_RELEASE: ProblemCode = ProblemCode::SinceAfterRelease;
    pub const CODE_WITHOUT_CODELIST: ProblemCode = ProblemCode::CodeWithoutCodelist;
    pub const CODELIST_ON_NON_CODE: ProblemCode = ProblemCode::CodelistOnNonCode;
    pub const DUPLICATE_FIELD: ProblemCode = ProblemCode::DuplicateField;
    pub const RULE_SEVERITY_WITHOUT_RULE: ProblemCode = ProblemCode::RuleSeverityWithoutRule;
    pub const DUPLICATE_SYSTEM_CODE: ProblemCode = ProblemCode::DuplicateSystemCode;
    pub const NO_ELEMENTS: ProblemCode = ProblemCode::NoElements;
}

/// One problem in a dictionary: always in a file, at line 0 when it concerns no
/// particular line.
pub type Problem = Located<ProblemCode>;

/// A problem in one language, as a miette diagnostic.
pub type ProblemDiagnostic = InLang<ProblemCode>;

impl Located<ProblemCode> {
    pub fn error(code: ProblemCode, file: PathBuf, message: Text) -> Problem {
        Located::new(code, message)
            .with_severity(Severity::Error)
            .with_origin(Some(Origin {
                file,
                line: 0,
                column: 0,
            }))
    }

    pub fn warning(code: ProblemCode, file: PathBuf, message: Text) -> Problem {
        Problem::error(code, file, message).with_severity(Severity::Warning)
    }

    /// Places the problem at a 1-based line and column of `text`.
    pub fn at(mut self, text: &Arc<str>, line: usize, column: usize) -> Problem {
        let origin = self.origin.get_or_insert_with(Origin::default);
        origin.line = line;
        origin.column = column;
        let offset = byte_offset(text, line, column);
        let len = token_len(text, offset);
        self.snippet = Some(Snippet {
            text: Arc::clone(text),
            offset,
            len,
        });
        self
    }

    /// The file the problem is in.
    pub fn file(&self) -> &Path {
        self.origin.as_ref().map_or(Path::new(""), |o| &o.file)
    }

    /// 1-based line in the file; 0 when the problem concerns no particular line.
    pub fn line(&self) -> usize {
        self.origin.as_ref().map_or(0, |o| o.line)
    }

    /// 1-based column (characters).
    pub fn column(&self) -> usize {
        self.origin.as_ref().map_or(0, |o| o.column)
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
        assert!(
            out.contains("govdict::dictionary::invalid-version"),
            "{out}"
        );
        assert!(out.contains("d.yaml:3:10"), "{out}");
    }
}
