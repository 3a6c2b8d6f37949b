//! `govdict export --to FORMAT`: the dictionary, or one dataset, in another tool's format.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CmdResult, Context, Failure, Outcome};
use govdict::export::{self, sql::Dialect, Target};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole dictionary as JSON (schemas/dictionary-export.schema.json)
    Json,
    /// JSON Schema 2020-12 of one row of a dataset
    Jsonschema,
    /// Frictionless Table Schema of a dataset, or a data package of every dataset
    Frictionless,
    /// CSV on the Web metadata of a dataset, or of every dataset
    Csvw,
    /// SQL DDL with CHECK constraints (see --dialect)
    Sql,
    /// Excel catalogue in the GB/T 19488 attribute-template layout (needs --output)
    XlsxCatalogue,
    /// One SQL query returning validate's cell-level findings (see --dialect, --table, --row-id)
    SqlChecks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DialectArg {
    #[default]
    Postgres,
    Duckdb,
    /// Spark SQL (sql-checks only)
    Spark,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Target format
    #[arg(long, value_enum)]
    pub to: ExportFormat,
    /// Dataset id (per-row formats; without it, every dataset where the format allows)
    #[arg(long)]
    pub dataset: Option<String>,
    /// SQL dialect
    #[arg(long, value_enum, default_value_t)]
    pub dialect: DialectArg,
    /// sql-checks: the table to read (as written, e.g. schema.table; default: the dataset id with _)
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,
    /// sql-checks: the column holding each record's row number as validate counts it (header = row 1)
    #[arg(long, value_name = "COLUMN")]
    pub row_id: Option<String>,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &ExportArgs, out: &mut dyn Write) -> CmdResult {
    let dict = ctx.dictionary()?;
    let dialect = match args.dialect {
        DialectArg::Postgres => Dialect::Postgres,
        DialectArg::Duckdb => Dialect::DuckDb,
        DialectArg::Spark => Dialect::Spark,
    };
    let target = match args.to {
        ExportFormat::Json => Target::Json,
        ExportFormat::Jsonschema => Target::JsonSchema,
        ExportFormat::Frictionless => Target::Frictionless,
        ExportFormat::Csvw => Target::Csvw,
        ExportFormat::Sql => Target::Sql(dialect),
        ExportFormat::SqlChecks => Target::SqlChecks(dialect),
        ExportFormat::XlsxCatalogue => return catalogue(ctx, &dict, args),
    };
    let options = export::sql::checks::QueryOptions {
        table: args.table.clone(),
        row_id: args.row_id.clone(),
    };
    let text =
        export::export_with(&dict, target, args.dataset.as_deref(), &options).map_err(|e| {
            Failure::Fatal(miette::miette!(
                code = "export-failed",
                "{}",
                e.get(ctx.lang)
            ))
        })?;
    match &args.output {
        Some(path) => govdict::atomic::write_file(path, &[], |w| w.write_all(text.as_bytes()))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Outcome::Clean)
}

/// The Excel catalogue: a workbook, so only to a file.
fn catalogue(
    ctx: &Context,
    dict: &govdict::dictionary::Dictionary,
    args: &ExportArgs,
) -> CmdResult {
    let Some(path) = &args.output else {
        return Err(Failure::Fatal(miette::miette!(
            code = "govdict::usage::binary_output",
            "{}",
            govdict::text::Text::new(
                "xlsx-catalogue 须用 --output 指定文件：工作簿不写到终端或管道",
                "--to xlsx-catalogue needs --output FILE: a workbook is not written to a terminal or pipe",
            )
            .get(ctx.lang)
        )));
    };
    let bytes = export::catalogue::workbook(dict).map_err(|e| {
        Failure::Fatal(miette::miette!(
            code = "export-failed",
            "{}",
            e.get(ctx.lang)
        ))
    })?;
    govdict::atomic::write_file(path, &[], |w| w.write_all(&bytes))?;
    Ok(Outcome::Clean)
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A Table Schema, a tabular data resource or a data package (JSON)
    Frictionless,
    /// CSV on the Web metadata: a table or a table group with inline schemas (JSON)
    Csvw,
    /// A JSON Schema of one row: an object schema with `properties` (JSON)
    Jsonschema,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Source format
    #[arg(long, value_enum)]
    pub from: ImportFormat,
    /// The descriptor (JSON)
    pub file: PathBuf,
    /// Write the dictionary here (atomically) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Most bytes of a descriptor read; schemas are small.
const MAX_DESCRIPTOR_BYTES: u64 = 64 * 1024 * 1024;

pub fn import(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> CmdResult {
    let fatal = |zh: String, en: String| {
        Failure::Fatal(miette::miette!(
            code = "import-failed",
            "{}",
            govdict::text::Text::new(zh, en).get(ctx.lang)
        ))
    };
    let path = &args.file;
    let size = std::fs::metadata(path)
        .map_err(|e| {
            fatal(
                format!("无法读取 {}：{e}", path.display()),
                format!("cannot read {}: {e}", path.display()),
            )
        })?
        .len();
    if size > MAX_DESCRIPTOR_BYTES {
        return Err(fatal(
            format!("{} 过大（{size} 字节）", path.display()),
            format!("{} is too large ({size} bytes)", path.display()),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        fatal(
            format!("无法读取 {}：{e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let descriptor: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        fatal(
            format!("{} 不是 JSON：{e}", path.display()),
            format!("{} is not JSON: {e}", path.display()),
        )
    })?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(|s| s.split('.').next().unwrap_or(s))
        .unwrap_or("imported");
    let yaml = match args.from {
        ImportFormat::Frictionless => export::import::from_frictionless(&descriptor, stem),
        ImportFormat::Csvw => export::import_csvw::from_csvw(&descriptor, stem),
        ImportFormat::Jsonschema => export::import_jsonschema::from_jsonschema(&descriptor, stem),
    }
    .map_err(|e| {
        Failure::Fatal(miette::miette!(
            code = "import-failed",
            "{}",
            e.get(ctx.lang)
        ))
    })?;
    match &args.output {
        Some(p) => {
            govdict::atomic::write_file(p, &[path.as_path()], |w| w.write_all(yaml.as_bytes()))?
        }
        None => out.write_all(yaml.as_bytes())?,
    }
    Ok(Outcome::Clean)
}
