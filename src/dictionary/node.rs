//! A YAML document as a tree of nodes that remember their line and column, so that schema
//! errors found on the JSON view of a file can be mapped back to the YAML source.
//!
//! Parsing goes through serde-saphyr with explicit budgets: alias replay, nesting depth
//! and node counts are bounded, so hostile files (billion laughs, 20,000-deep nesting)
//! fail fast with bounded memory instead of exhausting the machine.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

/// Largest dictionary source file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of sequences and mappings accepted. A dictionary needs about 5.
pub const MAX_DEPTH: usize = 32;

/// One YAML node with its 1-based position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order; keys are nodes too, so a key's own position is known.
    Map(Vec<(Node, Node)>),
}

/// Why a file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    DuplicateKey {
        key: Option<String>,
        line: usize,
        column: usize,
    },
    /// A budget was exceeded: alias expansion, depth, size or node count.
    Limit {
        message: String,
        line: usize,
        column: usize,
    },
}

impl Node {
    /// The node at a JSON-pointer-like path of map keys and sequence indexes.
    pub fn at<'a, I>(&self, path: I) -> &Node
    where
        I: IntoIterator<Item = PathSegment<'a>>,
    {
        let mut node = self;
        for seg in path {
            let next = match (&node.value, seg) {
                (NodeValue::Map(entries), PathSegment::Key(k)) => entries
                    .iter()
                    .find(|(key, _)| key.as_key().as_deref() == Some(k))
                    .map(|(_, v)| v),
                (NodeValue::Seq(items), PathSegment::Index(i)) => items.get(i),
                (NodeValue::Map(entries), PathSegment::Index(i)) => {
                    let k = i.to_string();
                    entries
                        .iter()
                        .find(|(key, _)| key.as_key().as_deref() == Some(k.as_str()))
                        .map(|(_, v)| v)
                }
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// The key node of `key` when this node is a mapping.
    pub fn key_node(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_key().as_deref() == Some(key))
                .map(|(k, _)| k),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_key().as_deref() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// A scalar as a mapping key (JSON object keys are strings).
    pub fn as_key(&self) -> Option<String> {
        match &self.value {
            NodeValue::Str(s) => Some(s.clone()),
            NodeValue::Int(i) => Some(i.to_string()),
            NodeValue::UInt(u) => Some(u.to_string()),
            NodeValue::Bool(b) => Some(b.to_string()),
            NodeValue::Float(f) => Some(f.to_string()),
            NodeValue::Null => Some("null".to_owned()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON view used for schema validation and typed reading.
    pub fn to_json(&self) -> Value {
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::from(*i),
            NodeValue::UInt(u) => Value::from(*u),
            NodeValue::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for (k, v) in entries {
                    // Non-scalar keys have no JSON form; the schema then reports the
                    // placeholder as an unknown property, at the right line.
                    let key = k.as_key().unwrap_or_else(|| "<complex key>".to_owned());
                    map.insert(key, v.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// One step of a path into a node tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSegment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Parses one YAML document into a node tree, within the budgets above.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ParseError::Limit {
            message: format!("file larger than {MAX_FILE_BYTES} bytes"),
            line: 1,
            column: 1,
        });
    }
    if text.trim().is_empty() {
        return Ok(Node {
            value: NodeValue::Null,
            line: 1,
            column: 1,
        });
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_aliases = 2_000;
    budget.max_anchors = 10_000;
    budget.max_nodes = 500_000;
    budget.max_events = 2_000_000;
    budget.max_documents = 1;
    budget.max_recorded_anchor_events = 100_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = 20_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.with_snippet = false;
    // YAML 1.2 booleans only: `N`, `no`, `off` are codes and names here, not `false`.
    options.strict_booleans = true;
    let spanned: Spanned<NodeValue> =
        serde_saphyr::from_str_with_options(text, options).map_err(convert_error)?;
    Ok(from_spanned(spanned))
}

fn from_spanned(s: Spanned<NodeValue>) -> Node {
    Node {
        line: usize::try_from(s.referenced.line()).unwrap_or(0).max(1),
        column: usize::try_from(s.referenced.column()).unwrap_or(0).max(1),
        value: s.value,
    }
}

fn convert_error(err: serde_saphyr::Error) -> ParseError {
    let (line, column) = err
        .location()
        .map(|l| {
            (
                usize::try_from(l.line()).unwrap_or(1).max(1),
                usize::try_from(l.column()).unwrap_or(1).max(1),
            )
        })
        .unwrap_or((1, 1));
    let inner = err.without_snippet();
    match inner {
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => ParseError::DuplicateKey {
            key: key.clone(),
            line,
            column,
        },
        serde_saphyr::Error::Budget { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => ParseError::Limit {
            message: inner.to_string(),
            line,
            column,
        },
        other => {
            let message = other.to_string();
            // Runaway nesting and alias replay can arrive wrapped as plain messages; they are
            // limits, not syntax.
            if message.contains("nesting")
                || message.contains("depth")
                || message.contains("recursion")
                || message.contains("limit exceeded")
            {
                ParseError::Limit {
                    message,
                    line,
                    column,
                }
            } else {
                ParseError::Syntax {
                    message,
                    line,
                    column,
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for NodeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = NodeValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeValue, E> {
        Ok(NodeValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeValue, E> {
        Ok(NodeValue::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeValue, E> {
        Ok(NodeValue::UInt(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeValue, E> {
        Ok(NodeValue::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_none<E: de::Error>(self) -> Result<NodeValue, E> {
        Ok(NodeValue::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<NodeValue, E> {
        Ok(NodeValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeValue, D::Error> {
        NodeValue::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<NodeValue, D::Error> {
        NodeValue::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Spanned<NodeValue>>()? {
            items.push(from_spanned(item));
        }
        Ok(NodeValue::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeValue, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((k, v)) = map.next_entry::<Spanned<NodeValue>, Spanned<NodeValue>>()? {
            entries.push((from_spanned(k), from_spanned(v)));
        }
        Ok(NodeValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let node = parse("a: 1\nb:\n  - x\n  - {c: d}\n").expect("parses");
        let b = node.get("b").expect("b");
        let NodeValue::Seq(items) = &b.value else {
            panic!("b is a sequence: {b:?}")
        };
        assert_eq!((items[0].line, items[0].column), (3, 5));
        let c = node.at([
            PathSegment::Key("b"),
            PathSegment::Index(1),
            PathSegment::Key("c"),
        ]);
        assert_eq!(c.as_str(), Some("d"));
        assert_eq!(c.line, 4);
        assert_eq!(node.key_node("b").map(|k| (k.line, k.column)), Some((2, 1)));
    }

    #[test]
    fn duplicate_keys_are_reported_with_their_line() {
        let err = parse("a: 1\nb: 2\na: 3\n").expect_err("duplicate");
        match err {
            ParseError::DuplicateKey { line, .. } => assert_eq!(line, 3),
            other => panic!("expected a duplicate key, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let err = parse("a: [1, 2\nb: 3\n").expect_err("syntax");
        assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
    }

    #[test]
    fn scalars_map_to_json() {
        let node =
            parse("s: '0'\nn: 1\nno: off\nf: 1.5\nb: true\nz: null\nv: 1.2.0\n").expect("parses");
        assert_eq!(
            node.to_json(),
            serde_json::json!({"s": "0", "n": 1, "f": 1.5, "b": true, "z": null, "v": "1.2.0", "no": "off"})
        );
    }
}
