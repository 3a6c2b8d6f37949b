//! Command-line definitions (clap derive). Each subcommand has an options struct here and
//! one file under `src/cmd/` that runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use govdict::report::{JunitFlavor, OutputFormat};
use govdict::text::Lang;
use govdict::validate::ShowValues;

#[derive(Debug, Parser)]
#[command(
    name = "govdict",
    version,
    about = "政务数据元目录工具 / Government data-element dictionaries: lint, look up, validate"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Dictionary folder or single YAML file (default: govdict.toml, else the repository's
    /// dictionary/ or dictionary.yaml, else the embedded one; not taken by diff, import,
    /// completions and man)
    #[arg(long, global = true, value_name = "PATH")]
    pub dict: Option<PathBuf>,
    /// Language of messages (default from LANG / LC_ALL)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// No progress bars (only drawn on a terminal anyway) and no notes on standard error;
    /// warnings are still given
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl GlobalArgs {
    /// The language: `--lang`, else `LC_ALL`, else `LANG`.
    pub fn lang(&self, lc_all: Option<&str>, lang: Option<&str>) -> Lang {
        match self.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_locale(lc_all.filter(|v| !v.is_empty()).or(lang)),
        }
    }
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint a dictionary: schema, references, duplicates, formats, regexes, code lists
    Check(CheckArgs),
    /// Show an element, code list or dataset by id, name, synonym or identifier
    Show(ShowArgs),
    /// Search elements by name, synonym, identifier, pinyin or definition
    Search(SearchArgs),
    /// Validate CSV and spreadsheet exports against a dataset of the dictionary
    Validate(ValidateArgs),
    /// The changelog between two releases (paths or git:REF[:PATH])
    Diff(DiffArgs),
    /// Release gate and release notes of a standards repository
    Release(ReleaseArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command with --out
    Man(ManArgs),
    /// Mapping tables: suggest a department's mapping, crosswalk two departments
    Map(MapArgs),
    /// Rewrite an export in standard form through its mapping file
    Conform(ConformArgs),
    /// Export the dictionary or a dataset: JSON, JSON Schema, Frictionless, CSVW, SQL, Excel catalogue
    Export(crate::cmd::export::ExportArgs),
    /// Write a dictionary (YAML) from a Frictionless Table Schema, CSVW metadata or a JSON Schema
    Import(crate::cmd::export::ImportArgs),
    /// Write the static documentation site of the release (works from file://)
    Publish(crate::cmd::publish::PublishArgs),
    /// Render findings a database computed with `export --to sql-checks`, like validate
    Report(crate::cmd::report::ReportArgs),
}

impl Command {
    /// Whether the command reads the dictionary of `--dict`: `diff` names both its
    /// sides, `import` writes a new dictionary, `completions` and `man` read none.
    pub fn reads_dictionary(&self) -> bool {
        !matches!(
            self,
            Command::Diff(_) | Command::Completions(_) | Command::Man(_) | Command::Import(_)
        )
    }

    pub fn name(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Show(_) => "show",
            Command::Search(_) => "search",
            Command::Validate(_) => "validate",
            Command::Diff(_) => "diff",
            Command::Release(_) => "release",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
            Command::Map(_) => "map",
            Command::Conform(_) => "conform",
            Command::Export(_) => "export",
            Command::Import(_) => "import",
            Command::Publish(_) => "publish",
            Command::Report(_) => "report",
        }
    }
}

/// `human` for people, `json` for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Element id, name, synonym or identifier; code list id; dataset id; or `datasets` /
    /// `codelists` to list them
    pub query: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Text to look for
    pub text: String,
    /// Most results to list
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Which findings make `validate` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

/// `validate --format`, converted to the library's `OutputFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Jsonl,
    Junit,
    Sarif,
    Github,
    Gitlab,
    Html,
}

impl From<ReportFormat> for OutputFormat {
    fn from(f: ReportFormat) -> OutputFormat {
        match f {
            ReportFormat::Human => OutputFormat::Human,
            ReportFormat::Json => OutputFormat::Json,
            ReportFormat::Jsonl => OutputFormat::Jsonl,
            ReportFormat::Junit => OutputFormat::Junit,
            ReportFormat::Sarif => OutputFormat::Sarif,
            ReportFormat::Github => OutputFormat::Github,
            ReportFormat::Gitlab => OutputFormat::Gitlab,
            ReportFormat::Html => OutputFormat::Html,
        }
    }
}

/// `validate --show-values`, converted to the library's `ShowValues`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ShowValuesArg {
    /// No values at all
    None,
    /// Values of masked or personal elements masked, others shown
    #[default]
    Masked,
    /// Every value as it is (for local debugging only: reports are widely read)
    Full,
}

impl From<ShowValuesArg> for ShowValues {
    fn from(v: ShowValuesArg) -> ShowValues {
        match v {
            ShowValuesArg::None => ShowValues::None,
            ShowValuesArg::Masked => ShowValues::Masked,
            ShowValuesArg::Full => ShowValues::Full,
        }
    }
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, folders (searched recursively for exports) or globs; `-` reads standard input;
    /// or one PostgreSQL table as postgres://USER@HOST/DB?table=NAME (a build with the
    /// feature `postgres`), checked by the server with the query of `export --to sql-checks`
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// With a postgres:// input: the column holding each record's row number (default row_id)
    #[arg(long, value_name = "COLUMN")]
    pub row_id: Option<String>,
    /// Dataset id to validate against (default: govdict.toml, else the best match by headers)
    #[arg(long)]
    pub dataset: Option<String>,
    /// Mapping file (department field → element) whose header mapping overrides matching
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Report format
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
    /// Write the report to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Folder that file paths in reports are relative to (default: the root of the git
    /// repository around the working directory, else the working directory)
    #[arg(long, value_name = "DIR")]
    pub base_dir: Option<PathBuf>,
    /// JUnit dialect: portable (Jenkins' xUnit schema and GitLab; alias jenkins) or gitlab
    /// (adds a file attribute to every test case)
    #[arg(long, value_enum, default_value_t)]
    pub junit_flavor: JunitFlavorArg,
    /// Where SARIF rules link for help: <URL>/<code>.md, e.g. the docs/codes folder of your
    /// copy of the repository (default: this version's pages on docs.rs)
    #[arg(long, value_name = "URL")]
    pub help_base_url: Option<String>,
    /// List at most N findings per file (default 1000; all with --format jsonl); counts stay complete
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
    /// Memory the uniqueness checks of one file may use (e.g. 64M, 1G; `0` for no limit);
    /// past it they continue through temporary files (TMPDIR), with the same findings
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    pub max_memory: u64,
    /// Exit 1 when there are findings of this severity or worse
    #[arg(long, value_enum, default_value_t)]
    pub fail_on: FailOn,
    /// Which cell values reports show: none, masked (sensitive values masked) or full
    #[arg(long, value_enum, default_value_t)]
    pub show_values: ShowValuesArg,
    /// Write the rows without findings (at --fail-on severity) as CSV to PATH; with
    /// several inputs PATH is a folder receiving <stem>.valid.csv
    #[arg(long, value_name = "PATH")]
    pub valid_out: Option<PathBuf>,
    /// Write the failing rows as CSV to PATH, with their finding codes in an added
    /// govdict_codes column; with several inputs PATH is a folder receiving <stem>.invalid.csv
    #[arg(long, value_name = "PATH")]
    pub invalid_out: Option<PathBuf>,
    /// Encoding of CSV files written: utf-8-bom (default for files: Excel opens it), utf-8
    /// (default on standard output) or gb18030
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub output_encoding: Option<OutputEncodingArg>,
}

/// How to read an export: every command that reads one takes these.
#[derive(Debug, Clone, Default, Args)]
pub struct InputArgs {
    /// Sheet of a workbook, by name or 1-based position (default: the first visible sheet)
    #[arg(long)]
    pub sheet: Option<String>,
    /// Row holding the header (default: detected, skipping blank lines and title rows)
    #[arg(long, value_name = "N")]
    pub header_row: Option<u64>,
    /// Text encoding of CSV files, e.g. utf-8, gb18030, gbk, utf-16le (default: detected)
    #[arg(long)]
    pub encoding: Option<String>,
    /// Field delimiter of CSV files, e.g. `,` `;` `|` or `tab` (default: detected)
    #[arg(long)]
    pub delimiter: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write govdict.1 and one page per subcommand (govdict-validate.1 …) into this folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    #[command(subcommand)]
    pub command: MapCommand,
}

#[derive(Debug, Subcommand)]
pub enum MapCommand {
    /// Suggest the standard element of every column of an export (headers and contents)
    Suggest(MapSuggestArgs),
    /// Pair two departments' fields through the standard elements of their mappings
    Crosswalk(MapCrosswalkArgs),
}

/// Renderings of a mapping table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MapFormat {
    #[default]
    Yaml,
    Csv,
    Markdown,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct MapSuggestArgs {
    /// The departmental export (CSV or spreadsheet)
    pub file: PathBuf,
    /// Prefer the elements of this dataset
    #[arg(long)]
    pub dataset: Option<String>,
    /// Department written into the mapping file
    #[arg(long)]
    pub department: Option<String>,
    /// Output format (xlsx needs --output)
    #[arg(long, value_enum, default_value_t)]
    pub format: MapFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Encoding of CSV files written: utf-8-bom (default for files: Excel opens it), utf-8
    /// (default on standard output) or gb18030
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub output_encoding: Option<OutputEncodingArg>,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Renderings of a crosswalk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CrosswalkFormat {
    #[default]
    Csv,
    Markdown,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct MapCrosswalkArgs {
    /// Mapping file of department A
    pub a: PathBuf,
    /// Mapping file of department B
    pub b: PathBuf,
    /// Output format (xlsx needs --output)
    #[arg(long, value_enum, default_value_t)]
    pub format: CrosswalkFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Encoding of CSV files written: utf-8-bom (default for files: Excel opens it), utf-8
    /// (default on standard output) or gb18030
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub output_encoding: Option<OutputEncodingArg>,
}

/// `--output-encoding` of CSV written for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputEncodingArg {
    #[value(name = "utf-8-bom")]
    Utf8Bom,
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
}

impl OutputEncodingArg {
    pub fn encoding(self) -> govdict::output_encoding::OutputEncoding {
        use govdict::output_encoding::OutputEncoding;
        match self {
            OutputEncodingArg::Utf8Bom => OutputEncoding::Utf8Bom,
            OutputEncodingArg::Utf8 => OutputEncoding::Utf8,
            OutputEncodingArg::Gb18030 => OutputEncoding::Gb18030,
        }
    }
}

/// Which standard header `conform` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum HeaderArg {
    #[default]
    Name,
    Id,
    Identifier,
}

#[derive(Debug, Args)]
pub struct ConformArgs {
    /// The departmental export (CSV or spreadsheet)
    pub file: PathBuf,
    /// Mapping file (department field → element, value maps, source formats)
    #[arg(long, value_name = "FILE")]
    pub mapping: PathBuf,
    /// The standard table: `.csv` (UTF-8 with BOM, see --output-encoding) or `.xlsx`; `-` writes CSV to standard output
    #[arg(long, short, value_name = "OUT")]
    pub output: PathBuf,
    /// Headers of the output: element name, id or identifier
    #[arg(long, value_enum, default_value_t)]
    pub headers: HeaderArg,
    /// Write rows that still fail their elements here (`.csv` or `.xlsx`), original values
    /// plus a `govdict_codes` column
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Write the output even when more than half of the rows would be rejected
    #[arg(long)]
    pub force: bool,
    /// Encoding of CSV files written: utf-8-bom (default for files: Excel opens it), utf-8
    /// (default on standard output) or gb18030
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub output_encoding: Option<OutputEncodingArg>,
    #[command(flatten)]
    pub input: InputArgs,
}

/// `--format` of `diff` and `release notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiffFormat {
    #[default]
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old release: a dictionary folder or file, or git:REF[:PATH] (no PATH: `dictionary`; `git:REF:` or `git:REF:.`: the current folder)
    pub old: String,
    /// The new release, in the same forms
    pub new: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
}

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    #[command(subcommand)]
    pub command: ReleaseCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReleaseCommand {
    /// Refuse a release whose version bump, `since` values, removals or ids break the rules
    Check(ReleaseCheckArgs),
    /// Print the changelog section of this release; optionally prepend it to a CHANGELOG.md
    Notes(ReleaseNotesArgs),
}

#[derive(Debug, Args)]
pub struct ReleaseCheckArgs {
    /// The previous release: a dictionary folder or file, or git:REF[:PATH]
    #[arg(long, value_name = "OLD")]
    pub previous: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ReleaseNotesArgs {
    /// The previous release (default: the newest earlier git tag, git:TAG:dictionary)
    #[arg(long, value_name = "OLD")]
    pub previous: Option<String>,
    /// Prepend the section to this Markdown file, unless it already has this version
    #[arg(long, value_name = "CHANGELOG.md")]
    pub changelog: Option<PathBuf>,
    /// This is the first release: the notes list everything it introduces
    #[arg(long, conflicts_with = "previous")]
    pub first: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
}

/// JUnit dialects (`--junit-flavor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum JunitFlavorArg {
    /// What both Jenkins (xUnit's junit-10.xsd) and GitLab accept: the file on `<testsuite>`
    #[default]
    #[value(alias = "jenkins")]
    Portable,
    /// GitLab's: the file on every `<testcase>` as well (Jenkins' schema refuses it)
    Gitlab,
}

impl From<JunitFlavorArg> for JunitFlavor {
    fn from(flavor: JunitFlavorArg) -> JunitFlavor {
        match flavor {
            JunitFlavorArg::Portable => JunitFlavor::Portable,
            JunitFlavorArg::Gitlab => JunitFlavor::Gitlab,
        }
    }
}

/// A size such as `512M`, `1G`, `64k` or `1048576` (bytes); K, M, G, T are powers of 1024,
/// with an optional `B` or `iB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let number = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, shift) = match number.char_indices().last() {
        Some((i, 'K')) => (&number[..i], 10),
        Some((i, 'M')) => (&number[..i], 20),
        Some((i, 'G')) => (&number[..i], 30),
        Some((i, 'T')) => (&number[..i], 40),
        _ => (number, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .ok_or_else(|| format!("not a size / 不是有效的大小: {t:?} (e.g. / 例如 64M, 1G, 1048576)"))
}
