//! Validation of each dictionary file against `schemas/dictionary.schema.json` (draft
//! 2020-12), with every schema error mapped back to the line and column of the YAML node
//! it concerns.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::LocationSegment;
use jsonschema::Validator;
use serde_json::Value;

use super::node::{Node, PathSegment};
use super::problem::{codes, Problem};
use crate::text::Text;

/// The schema text, embedded so the binary checks exactly what it documents.
pub const SCHEMA: &str = include_str!("../../schemas/dictionary.schema.json");

/// Keys only the manifest may carry; included files hold the lists alone.
const MANIFEST_KEYS: [&str; 11] = [
    "govdict",
    "id",
    "name",
    "name_en",
    "version",
    "released",
    "authority",
    "license",
    "description",
    "include",
    "classification",
];

/// Which role a file plays in a dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `dictionary.yaml` or a single-file dictionary.
    Manifest,
    /// A file named by an `include` glob.
    Part,
}

struct Validators {
    manifest: Validator,
    part: Validator,
}

fn validators() -> Option<&'static Validators> {
    static CELL: OnceLock<Option<Validators>> = OnceLock::new();
    CELL.get_or_init(|| {
        let schema: Value = serde_json::from_str(SCHEMA).ok()?;
        let manifest = jsonschema::draft202012::new(&schema).ok()?;
        let mut part_schema = schema;
        if let Some(obj) = part_schema.as_object_mut() {
            obj.insert("required".to_owned(), Value::Array(Vec::new()));
            if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
                for key in MANIFEST_KEYS {
                    props.remove(key);
                }
            }
        }
        let part = jsonschema::draft202012::new(&part_schema).ok()?;
        Some(Validators { manifest, part })
    })
    .as_ref()
}

/// Checks one file's JSON view; problems point into `text` through `root`.
pub fn validate(
    file: &Path,
    text: &Arc<str>,
    root: &Node,
    json: &Value,
    role: Role,
) -> Vec<Problem> {
    let Some(v) = validators() else {
        // The schema ships inside the binary and is tested; this is unreachable in a
        // correct build, but a broken build must not panic on user input.
        return vec![Problem::error(
            codes::SCHEMA,
            file.to_path_buf(),
            Text::new(
                "内置 JSON Schema 无法编译",
                "the built-in JSON Schema does not compile",
            ),
        )];
    };
    let validator = match role {
        Role::Manifest => &v.manifest,
        Role::Part => &v.part,
    };
    let mut problems = Vec::new();
    for err in validator.iter_errors(json) {
        let segments: Vec<LocationSegment<'_>> = err.instance_path().iter().collect();
        let path: Vec<PathSegment<'_>> = segments
            .iter()
            .map(|s| match s {
                LocationSegment::Property(p) => PathSegment::Key(p.as_ref()),
                LocationSegment::Index(i) => PathSegment::Index(*i),
            })
            .collect();
        let node = root.at(path.iter().copied());
        let pointer = err.instance_path().as_str().to_owned();
        let where_ = if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer
        };
        let (line, column, message) = match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let first = unexpected.first().map(String::as_str).unwrap_or("");
                let key = node.key_node(first).unwrap_or(node);
                let list = unexpected.join(", ");
                (
                    key.line,
                    key.column,
                    Text::new(
                        format!("{where_} 中有未知的键：{list}"),
                        format!("unknown key(s) in {where_}: {list}"),
                    ),
                )
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or("?").to_owned();
                (
                    node.line,
                    node.column,
                    Text::new(
                        format!("{where_} 缺少必需的键 `{name}`"),
                        format!("{where_} is missing the required key `{name}`"),
                    ),
                )
            }
            _ => {
                let detail = err.to_string();
                (
                    node.line,
                    node.column,
                    Text::new(
                        format!("{where_} 不符合模式：{detail}"),
                        format!("{where_} breaks the schema: {detail}"),
                    ),
                )
            }
        };
        problems.push(
            Problem::error(codes::SCHEMA, file.to_path_buf(), message).at(text, line, column),
        );
        if problems.len() >= 1000 {
            break;
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::node;

    fn check(yaml: &str, role: Role) -> Vec<Problem> {
        let root = node::parse(yaml).expect("parses");
        let json = root.to_json();
        let text: Arc<str> = Arc::from(yaml);
        validate(Path::new("t.yaml"), &text, &root, &json, role)
    }

    #[test]
    fn schema_compiles() {
        assert!(validators().is_some());
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let yaml = "elements:\n  - id: DE1\n    name: 名称\n    type: text\n";
        let problems = check(yaml, Role::Part);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line(), problems[0].column()), (4, 11));
        assert_eq!(problems[0].code, codes::SCHEMA);
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let yaml = "elements:\n  - id: DE1\n    name: 名称\n    type: string\n    colour: red\n";
        let problems = check(yaml, Role::Part);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line(), 5);
        assert!(problems[0].message.en.contains("colour"));
    }

    #[test]
    fn manifest_keys_are_required_only_in_the_manifest() {
        assert!(check("elements: []\n", Role::Part).is_empty());
        let problems = check("elements: []\n", Role::Manifest);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(!check("govdict: 1\n", Role::Part).is_empty());
    }
}
