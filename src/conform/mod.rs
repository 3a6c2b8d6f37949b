//! `conform`: rewrite a departmental export in standard form through its mapping file —
//! standard headers, values recoded onto code lists, dates and numbers reformatted, white
//! space trimmed. Only columns mapped to an element are written. Every row is checked
//! after transforming; rows that still fail go to the rejects table (original values and a
//! `govdict_codes` column) instead of the output. Nothing here prints: the caller gets a
//! `ConformSummary`.

mod transform;
mod write;

use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;

pub use write::{neutralize, OutputKind};

use crate::check::CellCheck;
use crate::dictionary::{Dictionary, Element};
use crate::finding::Code;
use crate::mapping::{ExportReader, MappingFile};
use crate::resolve::HeaderLookup;
use crate::source::{CellIssue, CellKind, Record, SourceError};
use crate::split::codes_cell;
use transform::{is_numeric, Transform};
use write::TableWriter;

pub use crate::split::CODES_COLUMN;

/// The column of the rejects table giving each row's row number in the source (the
/// header is row 1, as in reports), so a steward finds it in the original export.
pub const ROW_COLUMN: &str = "govdict_row";

/// Which standard header the output carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderStyle {
    /// The element's Chinese name (`公民身份号码`).
    #[default]
    Name,
    /// The element's id (`DE00001`).
    Id,
    /// The element's identifier (`GMSFHM`); the id where it has none.
    Identifier,
}

/// Per source column: what was done to its cells in the rows written, and how many rows
/// it caused to be rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnSummary {
    pub source: String,
    pub element: String,
    /// The header written.
    pub header: String,
    pub recoded: u64,
    pub reformatted: u64,
    pub trimmed: u64,
    pub rejected: u64,
}

/// What a conform run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConformSummary {
    /// Non-blank data rows read.
    pub rows_read: u64,
    pub rows_written: u64,
    pub rows_rejected: u64,
    /// Written columns, in output order.
    pub columns: Vec<ColumnSummary>,
    /// Source columns not written: mapped to `null`, or not in the mapping.
    pub dropped: Vec<String>,
    /// Mapping sources the file does not have.
    pub missing: Vec<String>,
}

/// Why conform could not run.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConformError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    #[error("the file has no header row / 文件没有表头")]
    #[diagnostic(code(govdict::conform::no_header))]
    NoHeader,
    #[error("the mapping maps {field} to {element}, which the dictionary does not have / 映射中 {field} 对应的数据元 {element} 不在目录中")]
    #[diagnostic(code(govdict::conform::unknown_element))]
    UnknownElement { field: String, element: String },
    #[error("{element} is the target of both {first} and {second}; map one of them to null / {element} 同时对应 {first} 和 {second}")]
    #[diagnostic(code(govdict::conform::duplicate_element))]
    DuplicateElement {
        element: String,
        first: String,
        second: String,
    },
    #[error("no column of the file is mapped to an element / 文件中没有映射到数据元的列")]
    #[diagnostic(code(govdict::conform::no_columns))]
    NoColumns,
    #[error("{0}")]
    #[diagnostic(code(govdict::conform::io))]
    Io(#[from] io::Error),
}

/// One written column.
struct Plan<'d> {
    index: usize,
    element: &'d Element,
    check: CellCheck,
    transform: Transform<'d>,
    summary: ColumnSummary,
}

fn plans<'d>(
    dict: &'d Dictionary,
    mapping: &MappingFile,
    headers: &[String],
    style: HeaderStyle,
    summary: &mut ConformSummary,
) -> Result<Vec<Plan<'d>>, ConformError> {
    let dataset = mapping.dataset.as_deref().and_then(|d| dict.dataset(d));
    let mut plans: Vec<Plan> = Vec::new();
    let mut used: HashSet<&str> = HashSet::new();
    let lookup = HeaderLookup::new(mapping.fields.iter().map(|f| f.source.as_str()));
    for (index, header) in headers.iter().enumerate() {
        let Some(field) = lookup.find(header).and_then(|i| mapping.fields.get(i)) else {
            summary.dropped.push(header.clone());
            continue;
        };
        used.insert(field.source.as_str());
        let Some(id) = field.element.as_deref() else {
            summary.dropped.push(header.clone());
            continue;
        };
        let element = dict
            .element(id)
            .ok_or_else(|| ConformError::UnknownElement {
                field: field.source.clone(),
                element: id.to_owned(),
            })?;
        if let Some(first) = plans.iter().find(|p| p.element.id == element.id) {
            return Err(ConformError::DuplicateElement {
                element: element.id.clone(),
                first: first.summary.source.clone(),
                second: header.clone(),
            });
        }
        let required = dataset
            .and_then(|d| d.fields.iter().find(|f| f.element == element.id))
            .is_some_and(|f| f.required);
        let out_header = match style {
            HeaderStyle::Name => element.name.clone(),
            HeaderStyle::Id => element.id.clone(),
            HeaderStyle::Identifier => element
                .identifier
                .clone()
                .unwrap_or_else(|| element.id.clone()),
        };
        plans.push(Plan {
            index,
            element,
            check: CellCheck::compile(dict, element, required),
            transform: Transform::new(
                element,
                dict.codelist_of(element),
                field.values.as_ref(),
                field.source_format.as_deref(),
            ),
            summary: ColumnSummary {
                source: header.clone(),
                element: element.id.clone(),
                header: out_header,
                ..ColumnSummary::default()
            },
        });
    }
    summary.missing = mapping
        .fields
        .iter()
        .filter(|f| !used.contains(f.source.as_str()))
        .map(|f| f.source.clone())
        .collect();
    if plans.is_empty() {
        return Err(ConformError::NoColumns);
    }
    Ok(plans)
}

/// Where `conform` writes.
pub struct Outputs<'o, 'r> {
    pub out: &'o mut dyn Write,
    pub kind: OutputKind,
    /// The rejects table; without it, failing rows are only counted.
    pub rejects: Option<(&'r mut dyn Write, OutputKind)>,
}

/// Conforms the export `reader` through `mapping`, writing the standard table to
/// `outputs.out` and failing rows to `outputs.rejects`.
pub fn conform(
    dict: &Dictionary,
    mapping: &MappingFile,
    mut reader: ExportReader,
    style: HeaderStyle,
    outputs: Outputs<'_, '_>,
) -> Result<ConformSummary, ConformError> {
    let headers = reader.headers();
    let mut summary = ConformSummary::default();
    let mut plans = plans(dict, mapping, &headers, style, &mut summary)?;

    let mut out = TableWriter::new(outputs.kind, outputs.out);
    let numeric: Vec<bool> = plans.iter().map(|p| is_numeric(p.element)).collect();
    let out_headers: Vec<&str> = plans.iter().map(|p| p.summary.header.as_str()).collect();
    // Headers are never numbers: neutralise them as text.
    out.write_row(&out_headers, &[])?;

    let mut rejects = match outputs.rejects {
        Some((w, kind)) => {
            let mut t = TableWriter::new(kind, w);
            let mut head = headers.clone();
            head.push(CODES_COLUMN.to_owned());
            head.push(ROW_COLUMN.to_owned());
            t.write_row(&head, &[])?;
            Some(t)
        }
        None => None,
    };
    // Original values of numeric columns keep their sign in the rejects table too.
    let mut reject_numeric = vec![false; headers.len()];
    for p in &plans {
        if let Some(slot) = reject_numeric.get_mut(p.index) {
            *slot = is_numeric(p.element);
        }
    }

    let mut record = Record::default();
    let mut cells: Vec<String> = Vec::with_capacity(plans.len());
    let mut changes = Vec::with_capacity(plans.len());
    let mut codes: Vec<(usize, &'static str)> = Vec::new();
    while reader.next(&mut record)? {
        if record.is_blank() {
            continue;
        }
        summary.rows_read += 1;
        cells.clear();
        changes.clear();
        codes.clear();
        for (p, plan) in plans.iter_mut().enumerate() {
            let raw = record.get(plan.index).unwrap_or("");
            // A cell the reader could not decode, or cut, is not the value that was meant.
            if let Some((_, issue)) = record.issues.iter().find(|(i, _)| *i == plan.index) {
                plan.summary.rejected += 1;
                codes.push((p, issue_code(issue).as_str()));
                cells.push(raw.to_owned());
                changes.push(Default::default());
                continue;
            }
            let (value, change) = plan.transform.apply(raw);
            let kind = if change.any() {
                CellKind::Text
            } else {
                record.kind(plan.index)
            };
            if let Some(failure) = plan.check.check(&value, kind) {
                plan.summary.rejected += 1;
                codes.push((p, failure.code.as_str()));
            }
            cells.push(value);
            changes.push(change);
        }
        if codes.is_empty() {
            for (plan, change) in plans.iter_mut().zip(&changes) {
                plan.summary.trimmed += u64::from(change.trimmed);
                plan.summary.recoded += u64::from(change.recoded);
                plan.summary.reformatted += u64::from(change.reformatted);
            }
            out.write_row(&cells, &numeric)?;
            summary.rows_written += 1;
        } else {
            summary.rows_rejected += 1;
            if let Some(t) = rejects.as_mut() {
                let mut original: Vec<&str> = (0..headers.len())
                    .map(|i| record.get(i).unwrap_or(""))
                    .collect();
                let joined = codes_cell(
                    codes
                        .iter()
                        .map(|&(p, code)| (Some(plans[p].summary.source.as_str()), code)),
                );
                original.push(&joined);
                let row = record.row.to_string();
                original.push(&row);
                t.write_row(&original, &reject_numeric)?;
            }
        }
    }
    out.finish()?;
    if let Some(t) = rejects {
        t.finish()?;
    }
    summary.columns = plans.into_iter().map(|p| p.summary).collect();
    Ok(summary)
}

/// The finding code of a cell the reader flagged.
fn issue_code(issue: &CellIssue) -> Code {
    match issue {
        CellIssue::InvalidBytes => Code::EncodingError,
        CellIssue::TooLarge { .. } => Code::FieldTooLarge,
    }
}

#[cfg(test)]
mod tests;
