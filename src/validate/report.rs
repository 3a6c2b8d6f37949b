//! What validating produces: the report of one file and of a run. Renderers in `report`
//! read these; the pipeline never looks at a renderer.

use crate::finding::{Finding, Tally};

/// The dictionary a report was made against (provenance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
    /// Where it was read from, when the caller knows: every report names it.
    pub source: Option<crate::dictionary::DictionarySource>,
    /// The `govdict.toml` of the run, if one was read (it may have chosen the dictionary).
    pub config: Option<std::path::PathBuf>,
}

impl DictionaryRef {
    pub fn of(dict: &crate::dictionary::Dictionary) -> DictionaryRef {
        DictionaryRef {
            id: dict.manifest.id.clone(),
            version: dict.manifest.version.clone(),
            sha256: dict.sha256.clone(),
            source: None,
            config: None,
        }
    }

    /// The dictionary's path as reports write it; `None` for the embedded default (or
    /// when the caller did not say).
    pub fn path_text(&self) -> Option<String> {
        match &self.source {
            Some(crate::dictionary::DictionarySource::Path(p)) => {
                Some(p.to_string_lossy().into_owned())
            }
            _ => None,
        }
    }

    /// The config file's path as reports write it.
    pub fn config_text(&self) -> Option<String> {
        self.config
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
    }
}

/// How a column was matched to an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// 1-based column index.
    pub index: u32,
    pub header: String,
    pub element: Option<String>,
    /// `id`, `name`, `identifier`, `name_en`, `synonym`, `mapping`, `normalized`
    pub method: Option<String>,
}

/// The validation result of one file (or sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The path as the user gave it (or `-` for standard input).
    pub path: String,
    pub sha256: String,
    /// `csv`, `xlsx`, `xls`, …
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub dataset: Option<String>,
    /// Data rows read (the header not included).
    pub rows: u64,
    pub columns: Vec<ColumnInfo>,
    /// Counts of every finding, including those cut by `--max-findings`.
    pub tally: Tally,
    /// Findings in file order, at most `--max-findings` of them. The pipeline hands
    /// findings to its `Reporter` one by one and leaves this empty; a collecting reporter
    /// fills it.
    pub findings: Vec<Finding>,
    /// Whether `findings` was cut.
    pub truncated: bool,
}

/// The result of one `validate` run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub tool_version: String,
    pub dictionary: DictionaryRef,
    pub files: Vec<FileReport>,
}

/// Totals over every file of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub rows: u64,
    pub errors: u64,
    pub warnings: u64,
    pub truncated: bool,
}

impl Summary {
    /// Counts one more file.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        self.rows += file.rows;
        self.errors += file.tally.errors;
        self.warnings += file.tally.warnings;
        self.truncated |= file.truncated;
    }
}

impl Report {
    /// An empty report of this version of govdict against `dict`.
    pub fn new(dict: &crate::dictionary::Dictionary) -> Report {
        Report {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            dictionary: DictionaryRef::of(dict),
            files: Vec::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in &self.files {
            s.add(f);
        }
        s
    }
}
