//! Splitting an export into the rows that pass and the rows that fail (`validate
//! --valid-out` / `--invalid-out`), streamed while the file is validated.
//!
//! Both outputs are UTF-8 CSV (no BOM) with the original header. Cells keep their text as
//! read (a spreadsheet's numbers and dates as the report shows them); nothing is
//! neutralised or recoded, because the split is data, not a rewrite — `conform` is the
//! step that rewrites. Invalid rows get one more column, `govdict_codes`, holding the
//! codes of the row's findings joined by `;`. Header and file findings make no row
//! invalid.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::atomic;
use crate::finding::{Finding, Severity};
use crate::output_encoding::{EncodedWriter, OutputEncoding};
use crate::source::Record;
use crate::validate::{FileReport, Reporter, RowFinding, ValidateError};

/// Name of the column added to invalid rows (and to `conform`'s rejects).
pub const CODES_COLUMN: &str = "govdict_codes";

/// The `govdict_codes` cell of a failing row, the one format of the valid/invalid split and
/// of `conform`'s rejects: each finding as `header: code`, or `code` alone when it concerns
/// no one column, in the order found, repeats left out, joined by `; `
/// (`出生日期: format-mismatch; duplicate-key`).
pub fn codes_cell<'a>(entries: impl IntoIterator<Item = (Option<&'a str>, &'a str)>) -> String {
    let mut seen: Vec<(Option<&str>, &str)> = Vec::new();
    for entry in entries {
        if !seen.contains(&entry) {
            seen.push(entry);
        }
    }
    let parts: Vec<String> = seen
        .into_iter()
        .map(|(header, code)| match header {
            Some(h) => format!("{h}: {code}"),
            None => code.to_owned(),
        })
        .collect();
    parts.join("; ")
}

/// Where one input's rows go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub valid: Option<PathBuf>,
    pub invalid: Option<PathBuf>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.valid.is_none() && self.invalid.is_none()
    }
}

/// A split of a whole run: one `Targets` per input file, and the severity from which a
/// finding makes its row invalid.
#[derive(Debug, Clone)]
pub struct Split {
    pub targets: Vec<Targets>,
    pub threshold: Severity,
    /// How the CSV files are encoded (for people: UTF-8 with a BOM by default).
    pub encoding: OutputEncoding,
}

/// Why the split could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SplitError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Validate(#[from] ValidateError),
    #[error("cannot write the valid/invalid rows of {input} / 无法写入有效/无效行: {source}")]
    #[diagnostic(code(govdict::split::write))]
    Write {
        input: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Output paths for each input. With one input, `valid` and `invalid` are file paths
/// (unless they name an existing folder or end with `/`). With several, they are folders
/// (created when missing) and input `dir/x.csv` writes `x.valid.csv` / `x.invalid.csv`
/// there; inputs sharing a stem get `x-2.valid.csv`, `x-3…` in input order. Standard
/// input is named `stdin`.
pub fn plan(files: &[PathBuf], valid: Option<&Path>, invalid: Option<&Path>) -> Vec<Targets> {
    let stems = unique_stems(files);
    let place = |out: Option<&Path>, kind: &str| -> Vec<Option<PathBuf>> {
        let Some(out) = out else {
            return vec![None; files.len()];
        };
        if files.len() == 1 && !is_folder(out) {
            return vec![Some(out.to_owned())];
        }
        stems
            .iter()
            .map(|stem| Some(out.join(format!("{stem}.{kind}.csv"))))
            .collect()
    };
    place(valid, "valid")
        .into_iter()
        .zip(place(invalid, "invalid"))
        .map(|(valid, invalid)| Targets { valid, invalid })
        .collect()
}

fn is_folder(path: &Path) -> bool {
    let text = path.to_string_lossy();
    path.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

fn unique_stems(files: &[PathBuf]) -> Vec<String> {
    let mut seen = HashSet::new();
    files
        .iter()
        .map(|path| {
            let base = if path.as_os_str() == "-" {
                "stdin".to_owned()
            } else {
                path.file_stem()
                    .map_or_else(|| "input".to_owned(), |s| s.to_string_lossy().into_owned())
            };
            let mut stem = base.clone();
            let mut n = 1;
            while !seen.insert(stem.clone()) {
                n += 1;
                stem = format!("{base}-{n}");
            }
            stem
        })
        .collect()
}

/// Creates the folders the targets live in.
pub fn prepare(targets: &[Targets]) -> io::Result<()> {
    for t in targets {
        for path in [&t.valid, &t.invalid].into_iter().flatten() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    Ok(())
}

/// Where one file's split goes and what makes a row fail.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    pub targets: &'a Targets,
    /// Findings of this severity or worse make their row invalid.
    pub threshold: Severity,
    /// Paths never written over (the run's inputs).
    pub protect: &'a [&'a Path],
    pub encoding: OutputEncoding,
}

/// Runs `validate` with a `Splitter` writing the split of the file `input`, to tee beside
/// the run's reporter. Outputs are written atomically: when the file cannot be validated
/// or written, no output of it is left behind (or replaced).
pub fn write_split(
    input: &Path,
    output: Output,
    validate: impl FnOnce(&mut Splitter) -> Result<(), ValidateError>,
) -> Result<(), SplitError> {
    let Output {
        targets,
        threshold,
        protect,
        encoding,
    } = output;
    let written = optional_atomic(targets.valid.as_deref(), protect, encoding, |valid| {
        optional_atomic(targets.invalid.as_deref(), protect, encoding, |invalid| {
            let mut splitter = Splitter::new(
                valid.map(|w| Box::new(w) as Box<dyn Write>),
                invalid.map(|w| Box::new(w) as Box<dyn Write>),
                threshold,
            );
            // Carried through the writers as their error, so that nothing is kept.
            validate(&mut splitter).map_err(io::Error::other)?;
            splitter.finish()
        })
    });
    written.map_err(|source| {
        if !source.get_ref().is_some_and(|e| e.is::<ValidateError>()) {
            return SplitError::Write {
                input: input.to_owned(),
                source,
            };
        }
        match source.into_inner().map(|e| e.downcast::<ValidateError>()) {
            Some(Ok(e)) => SplitError::Validate(*e),
            _ => SplitError::Write {
                input: input.to_owned(),
                source: io::Error::other("validation failed"),
            },
        }
    })
}

/// `atomic::write_file` in `encoding` when there is a path; `fill(None)` otherwise.
fn optional_atomic(
    path: Option<&Path>,
    protect: &[&Path],
    encoding: OutputEncoding,
    fill: impl FnOnce(Option<&mut dyn Write>) -> io::Result<()>,
) -> io::Result<()> {
    match path {
        Some(p) => atomic::write_file(p, protect, |w| {
            let mut encoded = EncodedWriter::new(w, encoding);
            fill(Some(&mut encoded))?;
            encoded.finish().map(drop)
        }),
        None => fill(None),
    }
}

/// The reporter writing the two CSV outputs. The first write error stops writing and is
/// returned by `finish`.
pub struct Splitter<'w> {
    valid: Option<csv::Writer<Box<dyn Write + 'w>>>,
    invalid: Option<csv::Writer<Box<dyn Write + 'w>>>,
    threshold: Severity,
    width: usize,
    error: Option<io::Error>,
    /// Reused for the invalid rows' cells.
    cells: Vec<String>,
}

impl<'w> Splitter<'w> {
    pub fn new(
        valid: Option<Box<dyn Write + 'w>>,
        invalid: Option<Box<dyn Write + 'w>>,
        threshold: Severity,
    ) -> Splitter<'w> {
        // Flexible: invalid rows may be longer than the header.
        let writer = |w| csv::WriterBuilder::new().flexible(true).from_writer(w);
        Splitter {
            valid: valid.map(writer),
            invalid: invalid.map(writer),
            threshold,
            width: 0,
            error: None,
            cells: Vec::new(),
        }
    }

    /// Flushes both outputs; the first error met while writing, if any.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        for w in [self.valid.as_mut(), self.invalid.as_mut()]
            .into_iter()
            .flatten()
        {
            w.flush()?;
        }
        Ok(())
    }

    fn record(&mut self, result: csv::Result<()>) {
        if let Err(e) = result {
            if self.error.is_none() {
                self.error = Some(io::Error::other(e));
            }
        }
    }
}

impl Reporter for Splitter<'_> {
    fn header(&mut self, header: &Record) -> io::Result<()> {
        self.width = header.len();
        if let Some(w) = self.valid.as_mut() {
            let r = w.write_record(header.iter());
            self.record(r);
        }
        if let Some(w) = self.invalid.as_mut() {
            let r = w.write_record(header.iter().chain([CODES_COLUMN]));
            self.record(r);
        }
        Ok(())
    }

    fn finding(&mut self, _finding: &Finding) -> io::Result<()> {
        Ok(())
    }

    fn wants_rows(&self) -> bool {
        true
    }

    fn row(&mut self, record: &Record, findings: &[RowFinding]) -> io::Result<()> {
        if self.error.is_some() {
            return Ok(());
        }
        let invalid = findings.iter().any(|f| f.severity >= self.threshold);
        if !invalid {
            if let Some(w) = self.valid.as_mut() {
                let r = w.write_record(record.iter());
                self.record(r);
            }
            return Ok(());
        }
        let Some(w) = self.invalid.as_mut() else {
            return Ok(());
        };
        // The codes sit in the column after the header's last, whatever the row's width:
        // short rows are padded, cells beyond the header follow the codes.
        self.cells.clear();
        self.cells
            .extend((0..self.width).map(|i| record.get(i).unwrap_or_default().to_owned()));
        self.cells.push(codes_cell(
            findings
                .iter()
                .map(|f| (f.header.as_deref(), f.code.as_str())),
        ));
        self.cells
            .extend((self.width..record.len()).filter_map(|i| record.get(i).map(str::to_owned)));
        let r = w.write_record(&self.cells);
        self.record(r);
        Ok(())
    }

    fn end_file(&mut self, _file: &FileReport) -> io::Result<()> {
        Ok(())
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;
    use crate::source::CellKind;

    fn found(code: Code, severity: Severity, header: Option<&str>) -> RowFinding {
        RowFinding {
            code,
            severity,
            header: header.map(str::to_owned),
        }
    }

    fn record(cells: &[&str]) -> Record {
        let mut r = Record::default();
        for c in cells {
            r.push(c, CellKind::Text);
        }
        r
    }

    #[test]
    fn rows_go_by_severity_and_carry_their_codes() {
        let mut valid = Vec::new();
        let mut invalid = Vec::new();
        {
            let mut s = Splitter::new(
                Some(Box::new(&mut valid)),
                Some(Box::new(&mut invalid)),
                Severity::Error,
            );
            s.header(&record(&["a", "b"])).unwrap();
            s.row(&record(&["1", "=x"]), &[]).unwrap();
            s.row(
                &record(&["2", "y"]),
                &[found(Code::BlankRow, Severity::Warning, None)],
            )
            .unwrap();
            s.row(
                &record(&["3"]),
                &[
                    found(Code::MissingCell, Severity::Error, None),
                    found(Code::RequiredValue, Severity::Error, Some("a")),
                    found(Code::MissingCell, Severity::Error, None),
                ],
            )
            .unwrap();
            s.row(
                &record(&["4", "z", "extra"]),
                &[found(Code::ExtraCell, Severity::Error, None)],
            )
            .unwrap();
            s.finish().unwrap();
        }
        assert_eq!(String::from_utf8(valid).unwrap(), "a,b\n1,=x\n2,y\n");
        assert_eq!(
            String::from_utf8(invalid).unwrap(),
            "a,b,govdict_codes\n3,,missing-cell; a: required-value\n4,z,extra-cell,extra\n"
        );
    }

    #[test]
    fn warnings_fail_rows_at_a_warning_threshold() {
        let mut invalid = Vec::new();
        {
            let mut s = Splitter::new(None, Some(Box::new(&mut invalid)), Severity::Warning);
            s.header(&record(&["a"])).unwrap();
            s.row(
                &record(&["1"]),
                &[found(Code::BlankRow, Severity::Warning, None)],
            )
            .unwrap();
            s.row(&record(&["2"]), &[]).unwrap();
            s.finish().unwrap();
        }
        assert_eq!(
            String::from_utf8(invalid).unwrap(),
            "a,govdict_codes\n1,blank-row\n"
        );
    }

    #[test]
    fn one_input_writes_the_path_and_several_write_into_a_folder() {
        let one = plan(
            &[PathBuf::from("in/x.csv")],
            Some(Path::new("ok.csv")),
            None,
        );
        assert_eq!(
            one,
            vec![Targets {
                valid: Some(PathBuf::from("ok.csv")),
                invalid: None
            }]
        );
        let many = plan(
            &[
                PathBuf::from("a/x.csv"),
                PathBuf::from("b/x.xlsx"),
                PathBuf::from("-"),
            ],
            Some(Path::new("out")),
            Some(Path::new("bad")),
        );
        let valid: Vec<_> = many.iter().map(|t| t.valid.clone().unwrap()).collect();
        assert_eq!(
            valid,
            [
                PathBuf::from("out/x.valid.csv"),
                PathBuf::from("out/x-2.valid.csv"),
                PathBuf::from("out/stdin.valid.csv")
            ]
        );
        assert_eq!(many[1].invalid, Some(PathBuf::from("bad/x-2.invalid.csv")));
        let folder = plan(&[PathBuf::from("x.csv")], Some(Path::new("out/")), None);
        assert_eq!(folder[0].valid, Some(PathBuf::from("out/x.valid.csv")));
    }
}
