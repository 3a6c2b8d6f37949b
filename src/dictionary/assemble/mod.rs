//! Semantic checks: turns the schema-valid files of a dictionary into the validated model,
//! collecting every problem (duplicates, dangling references, bad formats and regexes)
//! with the position of the node it concerns.
//!
//! Each part of the dictionary is checked by its own module, in the order the problems
//! are reported: the manifest and its classification scheme, code lists, elements
//! (identity first, so references resolve in any order across files), then datasets.

mod codelists;
mod datasets;
mod elements;
mod manifest;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::{Dictionary, Origin};
use super::node::{Node, NodeValue, PathSegment};
use super::problem::{codes, Problem, ProblemCode, Severity};
use super::raw::RawManifest;
use crate::text::Text;

/// Compiled size limit of an element's pattern: generous for real patterns, small enough
/// that a pathological one (`(a{1000}){1000}`) is refused instead of eating memory.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// One parsed source file of a dictionary.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub root: Node,
    /// The manifest's JSON view; `Null` for parts, which are read from `root` item by
    /// item (a large dictionary's parts would otherwise be held twice).
    pub json: Value,
}

impl Source {
    fn pos(&self, path: &[PathSegment<'_>]) -> (usize, usize) {
        let n = self.root.at(path.iter().copied());
        (n.line, n.column)
    }

    fn origin(&self, path: &[PathSegment<'_>]) -> Origin {
        let (line, column) = self.pos(path);
        Origin {
            file: self.path.clone(),
            line,
            column,
        }
    }

    fn problem(
        &self,
        severity: Severity,
        code: ProblemCode,
        path: &[PathSegment<'_>],
        message: Text,
    ) -> Problem {
        let (line, column) = self.pos(path);
        let p = match severity {
            Severity::Error => Problem::error(code, self.path.clone(), message),
            _ => Problem::warning(code, self.path.clone(), message),
        };
        p.at(&self.text, line, column)
    }

    /// Items of a top-level list that serde can read; others were reported by the schema.
    fn items<T: DeserializeOwned>(&self, key: &str) -> Vec<(usize, T)> {
        let Some(NodeValue::Seq(items)) = self.root.get(key).map(|n| &n.value) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| serde_json::from_value(n.to_json()).ok().map(|t| (i, t)))
            .collect()
    }
}

/// Where something was first defined, for "already defined at" messages.
struct First<'a> {
    file: &'a PathBuf,
    line: usize,
}

impl First<'_> {
    fn text(&self) -> String {
        format!("{}:{}", self.file.display(), self.line)
    }
}

/// Ids already defined, with where each was first defined.
type Defined<'a> = HashMap<String, First<'a>>;

/// Checks the sources (manifest first) and builds the model when no error was found.
pub fn assemble(sources: &[Source], sha256: String) -> (Option<Dictionary>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(manifest_src) = sources.first() else {
        return (None, problems);
    };
    let raw_manifest: RawManifest =
        serde_json::from_value(manifest_src.json.clone()).unwrap_or_default();

    let release = manifest::release(manifest_src, &raw_manifest, &mut problems);
    let levels = manifest::classification(manifest_src, &mut problems);
    let (codelists, codelist_ids) = codelists::check(sources, &mut problems);
    let index = elements::index(sources, &mut problems);
    elements::check_synonyms(&index, &mut problems);
    elements::check_system_codes(&index, &mut problems);
    let context = elements::Context {
        levels: &levels,
        codelists: &codelist_ids,
        elements: &index.ids,
        release: release.as_ref(),
        release_text: raw_manifest.version.as_deref().unwrap_or(""),
    };
    let elements = elements::check(index.raw, &context, &mut problems);
    let datasets = datasets::check(sources, &index.ids, &mut problems);
    if elements.is_empty() {
        // Nothing to check against would make every export pass.
        problems.push(Problem::error(
            codes::NO_ELEMENTS,
            manifest_src.path.clone(),
            Text::new(
                "数据元目录没有任何数据元（检查 include 模式与 --dict 路径）",
                "the dictionary has no elements (check its include patterns and the --dict path)",
            ),
        ));
    }

    if problems.iter().any(|p| p.severity == Severity::Error) {
        return (None, problems);
    }
    let Some(manifest) = manifest::build(raw_manifest, levels) else {
        // The schema requires these; reaching here means it already reported them.
        return (None, problems);
    };
    let dict = Dictionary::new(manifest, elements, codelists, datasets, sha256);
    (Some(dict), problems)
}

/// Compiles an element's pattern anchored to the whole value, with a size limit so a
/// pattern cannot blow up memory (the engine is linear-time, so matching is safe).
pub fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(PATTERN_SIZE_LIMIT)
        .dfa_size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("the compiled pattern exceeds the size limit of {limit} bytes")
            }
            other => other
                .to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_owned(),
        })
}
