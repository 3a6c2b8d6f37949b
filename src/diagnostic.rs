//! The one diagnostic vocabulary: every kind of code govdict reports (validation findings,
//! dictionary problems, release-gate refusals) is an enum made by [`codes!`], and every
//! problem located in a file has the [`Located`] shape, with one JSON form and one miette
//! rendering.
//!
//! A code is public API: its kebab-case string appears in JSON reports and never changes.
//! Its miette code is `govdict::<vocabulary>::<code>`, the vocabulary being the module that
//! owns it (`finding`, `dictionary`, `release`), so a code string shared by two
//! vocabularies (`invalid-version`) still names one diagnostic.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};
use serde_json::{json, Value};

use crate::dictionary::Origin;
pub use crate::finding::Severity;
use crate::text::{Lang, Text};

/// What every generated code enum offers, for code that handles any of them.
pub trait DiagnosticCode:
    Copy + Eq + Ord + fmt::Display + fmt::Debug + serde::Serialize + 'static
{
    /// The vocabulary the code belongs to, as in its miette code.
    const VOCABULARY: &'static str;
    /// Every code of the vocabulary, in declaration order.
    const ALL: &'static [Self];

    /// The stable kebab-case string.
    fn as_str(self) -> &'static str;
    /// The severity a diagnostic of this code has unless something says otherwise.
    fn default_severity(self) -> Severity;
    /// One-line description of the code, for rule lists and docs.
    fn description(self) -> Text;

    /// `govdict::<vocabulary>::<code>`.
    fn miette_code(self) -> String {
        format!("govdict::{}::{}", Self::VOCABULARY, self.as_str())
    }
}

/// Declares a code enum: each variant with its stable string, default severity and a
/// description in Chinese and English.
///
/// The enum orders, hashes and borrows as its string, so maps keyed by code list codes
/// alphabetically (as reports always have) and can be looked up by string.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident in $vocabulary:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal, $severity:ident, $zh:literal, $en:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The stable kebab-case string.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $code, )* }
            }

            /// The severity a diagnostic of this code has unless something says otherwise.
            pub fn default_severity(self) -> $crate::finding::Severity {
                match self { $( $name::$variant => $crate::finding::Severity::$severity, )* }
            }

            /// One-line description of the code, for rule lists (SARIF, JUnit, docs).
            pub fn description(self) -> $crate::text::Text {
                match self { $( $name::$variant => $crate::text::Text::new($zh, $en), )* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $( $code => Some($name::$variant), )* _ => None }
            }
        }

        impl $crate::diagnostic::DiagnosticCode for $name {
            const VOCABULARY: &'static str = $vocabulary;
            const ALL: &'static [$name] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn default_severity(self) -> $crate::finding::Severity {
                $name::default_severity(self)
            }

            fn description(self) -> $crate::text::Text {
                $name::description(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl ::std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }
    };
}
pub(crate) use codes;

/// The source text a diagnostic points into, shared by every diagnostic of a file.
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

/// A diagnostic about a place in a file (or about no place in particular).
#[derive(Debug, Clone)]
pub struct Located<C> {
    pub code: C,
    pub severity: Severity,
    /// The file, and a 1-based line and column in it; line and column are 0 when the
    /// diagnostic concerns the file as a whole. `None` when it concerns no file.
    pub origin: Option<Origin>,
    pub message: Text,
    pub help: Option<Text>,
    /// The source for a labelled rendering, when the file's text is known.
    pub snippet: Option<Snippet>,
}

impl<C: PartialEq> PartialEq for Located<C> {
    /// The snippet is a rendering aid, not part of what the diagnostic says.
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.severity == other.severity
            && self.origin == other.origin
            && self.message == other.message
            && self.help == other.help
    }
}

impl<C: DiagnosticCode> Located<C> {
    /// A diagnostic of the code's default severity, at no place yet.
    pub fn new(code: C, message: Text) -> Located<C> {
        Located {
            code,
            severity: code.default_severity(),
            origin: None,
            message,
            help: None,
            snippet: None,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Located<C> {
        self.severity = severity;
        self
    }

    pub fn with_origin(mut self, origin: Option<Origin>) -> Located<C> {
        self.origin = origin;
        self
    }

    pub fn with_help(mut self, help: Text) -> Located<C> {
        self.help = Some(help);
        self
    }

    /// The JSON form of every located diagnostic: `code`, `severity`, `file`, `line`,
    /// `column`, `message`, `help` (`null` where unknown). Paths use `/` on every platform.
    pub fn to_json(&self, lang: Lang) -> Value {
        let o = self.origin.as_ref();
        json!({
            "code": self.code.as_str(),
            "severity": self.severity.as_str(),
            "file": o.map(|o| o.file.to_string_lossy().replace('\\', "/")),
            "line": o.map(|o| o.line),
            "column": o.map(|o| o.column),
            "message": self.message.get(lang),
            "help": self.help.as_ref().map(|h| h.get(lang)),
        })
    }

    /// A miette diagnostic of this one in one language.
    pub fn diagnostic(&self, lang: Lang) -> InLang<C> {
        InLang {
            located: self.clone(),
            lang,
        }
    }

    /// Rendered as a labelled snippet when the source is known, for terminals and logs.
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
            out = format!("{}: {}", self.code.as_str(), self.message.get(lang));
        }
        out
    }
}

/// A located diagnostic in one language, as a miette diagnostic.
#[derive(Debug)]
pub struct InLang<C> {
    located: Located<C>,
    lang: Lang,
}

impl<C: DiagnosticCode> fmt::Display for InLang<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.located.message.get(self.lang);
        match &self.located.origin {
            Some(o) if o.line > 0 => {
                write!(f, "{}:{}:{}: {message}", o.file.display(), o.line, o.column)
            }
            Some(o) => write!(f, "{}: {message}", o.file.display()),
            None => f.write_str(message),
        }
    }
}

impl<C: DiagnosticCode> std::error::Error for InLang<C> {}

impl<C: DiagnosticCode> Diagnostic for InLang<C> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.located.code.miette_code()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.located.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.located
            .help
            .as_ref()
            .map(|h| Box::new(h.get(self.lang)) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.located
            .snippet
            .as_ref()
            .map(|s| &s.text as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.located.snippet.as_ref()?;
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};
    use std::path::PathBuf;

    use super::*;
    use crate::dictionary::problem::ProblemCode;
    use crate::finding::Code;
    use crate::release::CheckCode;

    fn round_trips<C: DiagnosticCode>(parse: fn(&str) -> Option<C>) {
        let mut seen = HashSet::new();
        for &code in C::ALL {
            assert_eq!(parse(code.as_str()), Some(code), "{code}");
            assert!(seen.insert(code.as_str()), "{code} is declared twice");
            let s = code.as_str();
            assert!(
                !s.is_empty()
                    && s.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{s} is not kebab-case"
            );
            let d = code.description();
            assert!(!d.zh.is_empty() && !d.en.is_empty(), "{code}");
            assert_eq!(code.to_string(), s);
            assert_eq!(serde_json::to_value(code).unwrap(), Value::from(s));
        }
        assert_eq!(parse("no-such-code"), None);
    }

    #[test]
    fn every_code_round_trips() {
        round_trips(Code::parse);
        round_trips(ProblemCode::parse);
        round_trips(CheckCode::parse);
    }

    #[test]
    fn miette_codes_are_unique_across_vocabularies() {
        let all: Vec<String> = Code::ALL
            .iter()
            .map(|c| c.miette_code())
            .chain(ProblemCode::ALL.iter().map(|c| c.miette_code()))
            .chain(CheckCode::ALL.iter().map(|c| c.miette_code()))
            .collect();
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
        assert_eq!(
            ProblemCode::InvalidVersion.miette_code(),
            "govdict::dictionary::invalid-version"
        );
        assert_eq!(
            CheckCode::InvalidVersion.miette_code(),
            "govdict::release::invalid-version"
        );
        // Bare strings are shared only where they mean the same thing.
        let mut shared: Vec<&str> = ProblemCode::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|s| CheckCode::parse(s).is_some() || Code::parse(s).is_some())
            .chain(
                CheckCode::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .filter(|s| Code::parse(s).is_some()),
            )
            .collect();
        shared.sort_unstable();
        assert_eq!(shared, ["invalid-version"]);
    }

    #[test]
    fn codes_order_and_look_up_as_their_strings() {
        let mut by_code = BTreeMap::new();
        for code in Code::ALL {
            by_code.insert(*code, 1);
        }
        let keys: Vec<&str> = by_code.keys().map(|c| c.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(by_code.get("type-mismatch"), Some(&1));
        assert_eq!(
            serde_json::to_string(&BTreeMap::from([
                (Code::OutOfRange, 2),
                (Code::BlankRow, 1)
            ]))
            .unwrap(),
            r#"{"blank-row":1,"out-of-range":2}"#
        );
    }

    #[test]
    fn json_has_one_shape() {
        let at = Located::new(
            ProblemCode::UnknownElement,
            Text::new("未知数据元", "unknown element"),
        )
        .with_origin(Some(Origin {
            file: PathBuf::from("elements\\a.yaml"),
            line: 3,
            column: 5,
        }))
        .with_help(Text::new("帮助", "help"));
        assert_eq!(
            at.to_json(Lang::En),
            json!({"code": "unknown-element", "severity": "error", "file": "elements/a.yaml",
                   "line": 3, "column": 5, "message": "unknown element", "help": "help"})
        );
        let nowhere = Located::new(CheckCode::BumpTooSmall, Text::new("太小", "too small"));
        assert_eq!(
            nowhere.to_json(Lang::Zh),
            json!({"code": "bump-too-small", "severity": "error", "file": null,
                   "line": null, "column": null, "message": "太小", "help": null})
        );
    }

    #[test]
    fn display_names_the_place() {
        let d = Located::new(CheckCode::SinceMismatch, Text::new("不一致", "mismatch"));
        assert_eq!(d.diagnostic(Lang::En).to_string(), "mismatch");
        let origin = |line| {
            Some(Origin {
                file: PathBuf::from("d.yaml"),
                line,
                column: if line > 0 { 2 } else { 0 },
            })
        };
        let d = d.with_origin(origin(4));
        assert_eq!(d.diagnostic(Lang::Zh).to_string(), "d.yaml:4:2: 不一致");
        let d = d.with_origin(origin(0));
        assert_eq!(d.diagnostic(Lang::En).to_string(), "d.yaml: mismatch");
        let code = d.diagnostic(Lang::En).code().unwrap().to_string();
        assert_eq!(code, "govdict::release::since-mismatch");
    }
}
