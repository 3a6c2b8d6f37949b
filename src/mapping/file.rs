//! Mapping files (docs/spec.md §3): a department's table from its own fields to standard
//! elements, read by `validate --mapping` and `conform`, written by `map suggest`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// A mapping file: one department's export (dataset) against one dictionary release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// `dictionary-id@version` the mapping was made against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dictionary: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldMapping>,
}

/// One source field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMapping {
    /// The header as the department's export writes it.
    pub source: String,
    /// The standard element's id; `None` (`null`) when the field is not shared.
    #[serde(default)]
    pub element: Option<String>,
    /// How the match was made (`manual`, `synonym`, `pinyin`, `content`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// 0–1, for suggested matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Source value → standard code; values not listed are standard codes already.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<BTreeMap<String, String>>,
    /// The layout source values are written in when it differs from the element's
    /// format: a date template (`YYYY/MM/DD`, `YYYY年M月D日`) or a number layout
    /// with thousands separators (`#,##0.00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Mapping tables list a few hundred fields; anything far larger is a wrong file.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The document as written: everything sits under a `mapping:` key.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    mapping: MappingFile,
}

/// Why a mapping file could not be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum MappingError {
    #[error("{path}: {source}")]
    #[diagnostic(code(govdict::mapping::io))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than any mapping table should be.
    #[error(
        "{path}: larger than {limit} bytes; not a mapping file / 超过 {limit} 字节，不是映射文件"
    )]
    #[diagnostic(code(govdict::mapping::too_large))]
    TooLarge { path: String, limit: u64 },
    /// Not YAML, or not the mapping format (unknown key, wrong type).
    #[diagnostic(
        code(govdict::mapping::syntax),
        help("quote text that contains a comma inside `{{…}}` / `{{…}}` 中含逗号的文字请加引号; keys / 键: source, element, method, confidence, values, source_format, note")
    )]
    #[error("{}line {line}, column {column}: {message}", path.as_deref().map(|p| format!("{p}: ")).unwrap_or_default())]
    Syntax {
        path: Option<String>,
        /// 1-based; 0 when the parser gave no position.
        line: u64,
        column: u64,
        message: String,
    },
    /// Well-formed but inconsistent (duplicate sources, confidence out of range).
    #[diagnostic(code(govdict::mapping::invalid))]
    #[error("{}{}", path.as_deref().map(|p| format!("{p}: ")).unwrap_or_default(), .problems.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid {
        path: Option<String>,
        problems: Vec<Text>,
    },
    #[error("cannot write the mapping file: {0}")]
    #[diagnostic(code(govdict::mapping::write))]
    Write(String),
}

impl MappingFile {
    /// Reads a mapping file from disk.
    pub fn load(path: &Path) -> Result<MappingFile, MappingError> {
        use crate::bounded::{read_text, ReadError};
        // An export given as the mapping by mistake is not read: parse errors quote lines.
        if path.is_file() && !crate::dictionary::load::is_yaml_name(path) {
            return Err(MappingError::Read {
                path: path.display().to_string(),
                source: std::io::Error::other(
                    "a mapping file is YAML (.yaml/.yml); this one was not read / \
                     映射文件应为 YAML（.yaml/.yml），未读取此文件",
                ),
            });
        }
        let text = read_text(path, MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::TooLarge { limit } => MappingError::TooLarge {
                path: path.display().to_string(),
                limit,
            },
            ReadError::Io(source) => MappingError::Read {
                path: path.display().to_string(),
                source,
            },
            other => MappingError::Read {
                path: path.display().to_string(),
                source: std::io::Error::other(format!(
                    "{} / {}",
                    other.describe().en,
                    other.describe().zh
                )),
            },
        })?;
        MappingFile::from_yaml(&text).map_err(|e| e.with_path(path))
    }

    /// Parses mapping YAML. Unknown keys are rejected; all consistency problems are
    /// reported together.
    pub fn from_yaml(text: &str) -> Result<MappingFile, MappingError> {
        let doc: Document = serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            MappingError::Syntax {
                path: None,
                line,
                column,
                message: e.to_string(),
            }
        })?;
        let file = doc.mapping;
        let problems = file.problems();
        if problems.is_empty() {
            Ok(file)
        } else {
            Err(MappingError::Invalid {
                path: None,
                problems,
            })
        }
    }

    /// Writes the file as YAML.
    pub fn to_yaml(&self) -> Result<String, MappingError> {
        let doc = Document {
            mapping: self.clone(),
        };
        serde_saphyr::to_string(&doc).map_err(|e| MappingError::Write(e.to_string()))
    }

    /// Source header → element id (`None`: deliberately not shared), for header
    /// resolution in validation.
    pub fn overrides(&self) -> HashMap<String, Option<String>> {
        self.fields
            .iter()
            .map(|f| (f.source.clone(), f.element.clone()))
            .collect()
    }

    /// The mapping of one source header.
    pub fn field(&self, source: &str) -> Option<&FieldMapping> {
        self.fields.iter().find(|f| f.source == source)
    }

    fn problems(&self) -> Vec<Text> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for f in &self.fields {
            if f.source.trim().is_empty() {
                out.push(Text::new("source 为空", "empty source"));
            } else if !seen.insert(f.source.as_str()) {
                out.push(Text::new(
                    format!("源字段 {} 重复", f.source),
                    format!("source {} is listed twice", f.source),
                ));
            }
            if let Some(c) = f.confidence {
                if !(0.0..=1.0).contains(&c) {
                    out.push(Text::new(
                        format!("源字段 {} 的 confidence 应在 0 到 1 之间", f.source),
                        format!("confidence of {} must be between 0 and 1", f.source),
                    ));
                }
            }
            if f.element.is_none() && f.values.as_ref().is_some_and(|v| !v.is_empty()) {
                out.push(Text::new(
                    format!("源字段 {} 未对应数据元却有 values", f.source),
                    format!("{} maps no element but has values", f.source),
                ));
            }
        }
        out
    }
}

impl MappingError {
    fn with_path(self, p: &Path) -> MappingError {
        let path = Some(p.display().to_string());
        match self {
            MappingError::Syntax {
                line,
                column,
                message,
                ..
            } => MappingError::Syntax {
                path,
                line,
                column,
                message,
            },
            MappingError::Invalid { problems, .. } => MappingError::Invalid { path, problems },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The spec's example with its last note quoted: unquoted, the comma would end the
    // note inside a flow mapping and `不共享` would become a key.
    const SPEC_EXAMPLE: &str = r#"mapping:
  department: 市税务局
  dataset: enterprise-registration
  dictionary: cn.example.city.elements@1.2.0
  fields:
    - {source: NSRSBH, element: DE01001, method: manual}
    - {source: XB, element: DE00003, values: {M: "1", F: "2"}}
    - {source: DJRQ, element: DE02001, source_format: "YYYY/MM/DD"}
    - {source: BZ, element: null, note: "内部备注,不共享"}
"#;

    #[test]
    fn reads_the_spec_example() {
        let m = MappingFile::from_yaml(SPEC_EXAMPLE).unwrap();
        assert_eq!(m.department.as_deref(), Some("市税务局"));
        assert_eq!(m.fields.len(), 4);
        let xb = m.field("XB").unwrap();
        assert_eq!(
            xb.values
                .as_ref()
                .and_then(|v| v.get("M"))
                .map(String::as_str),
            Some("1")
        );
        assert_eq!(
            m.field("DJRQ").unwrap().source_format.as_deref(),
            Some("YYYY/MM/DD")
        );
        let o = m.overrides();
        assert_eq!(o.get("NSRSBH"), Some(&Some("DE01001".to_string())));
        assert_eq!(o.get("BZ"), Some(&None));
        assert_eq!(
            m.field("BZ").unwrap().note.as_deref(),
            Some("内部备注,不共享")
        );
    }

    #[test]
    fn round_trips_through_yaml() {
        let m = MappingFile::from_yaml(SPEC_EXAMPLE).unwrap();
        let text = m.to_yaml().unwrap();
        assert!(text.contains("element: null"), "{text}");
        assert_eq!(MappingFile::from_yaml(&text).unwrap(), m);
    }

    #[test]
    fn rejects_unknown_keys_with_a_line() {
        let text = "mapping:\n  fields:\n    - source: A\n      elemnt: DE1\n";
        match MappingFile::from_yaml(text) {
            Err(MappingError::Syntax { line, message, .. }) => {
                assert_eq!(line, 4, "{message}");
                assert!(message.contains("elemnt"), "{message}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        assert!(matches!(
            MappingFile::from_yaml("mapping: [1"),
            Err(MappingError::Syntax { .. })
        ));
        let unquoted =
            "mapping:\n  fields:\n    - {source: BZ, element: null, note: 内部备注,不共享}\n";
        assert!(matches!(
            MappingFile::from_yaml(unquoted),
            Err(MappingError::Syntax { line: 3, .. })
        ));
        assert!(matches!(
            MappingFile::from_yaml("mappings: {}"),
            Err(MappingError::Syntax { .. })
        ));
    }

    #[test]
    fn loads_from_disk_and_names_the_file_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("tax.yaml");
        std::fs::write(&good, SPEC_EXAMPLE).unwrap();
        assert_eq!(MappingFile::load(&good).unwrap().fields.len(), 4);
        let bad = dir.path().join("bad.yaml");
        std::fs::write(&bad, "mapping:\n  fields: 3\n").unwrap();
        let err = MappingFile::load(&bad).unwrap_err().to_string();
        assert!(err.contains("bad.yaml") && err.contains("line 2"), "{err}");
        let missing = MappingFile::load(&dir.path().join("none.yaml"));
        assert!(matches!(missing, Err(MappingError::Read { .. })));
        #[cfg(unix)]
        {
            let device = MappingFile::load(Path::new("/dev/zero")).unwrap_err();
            assert!(
                device.to_string().contains("not a regular file"),
                "{device}"
            );
        }
    }

    #[test]
    fn collects_consistency_problems() {
        let text = "mapping:\n  fields:\n    - {source: A, element: X, confidence: 1.5}\n    - {source: A, element: null, values: {a: b}}\n";
        match MappingFile::from_yaml(text) {
            Err(MappingError::Invalid { problems, .. }) => {
                assert_eq!(problems.len(), 3, "{problems:?}")
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }
}
