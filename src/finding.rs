//! Findings: what validation reports about a file. Findings are data with stable codes;
//! renderers in `report/` turn them into text, JSON, JUnit, SARIF and so on.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::codes;
use crate::text::Text;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

codes! {
    /// Stable finding codes (docs/spec.md §5). The kebab-case string is public API.
    pub enum Code in "finding" {
        EmptyFile => "empty-file", Error, "文件没有表头行", "the file has no header row";
        BlankHeader => "blank-header", Error, "表头单元格为空", "a header cell is empty";
        DuplicateHeader => "duplicate-header", Error, "表头重复", "a header is repeated";
        UnknownColumn => "unknown-column", Warning, "列不对应数据集中的任何数据元", "the column maps to no element of the dataset";
        MissingColumn => "missing-column", Error, "数据集的必填数据元没有对应的列", "a required element of the dataset has no column";
        ExtraCell => "extra-cell", Error, "行的单元格多于表头", "the row has more cells than the header";
        MissingCell => "missing-cell", Error, "行的单元格少于表头", "the row has fewer cells than the header";
        BlankRow => "blank-row", Warning, "整行为空", "every cell of the row is empty";
        RequiredValue => "required-value", Error, "必填字段为空", "a required field is empty";
        TypeMismatch => "type-mismatch", Error, "值不符合数据类型", "the value is not of the element's type";
        FormatMismatch => "format-mismatch", Error, "值不符合表示格式", "the value breaks the element's format";
        PatternMismatch => "pattern-mismatch", Error, "值不符合数据元的模式", "the value breaks the element's pattern";
        NotInCodelist => "not-in-codelist", Error, "值不在代码表中", "the value is not in the element's code list";
        ChecksumFailed => "checksum-failed", Error, "校验位或结构错误", "a check character or the structure is wrong";
        OutOfRange => "out-of-range", Error, "值超出范围", "the value is outside the element's range";
        DuplicateValue => "duplicate-value", Error, "唯一字段的值重复", "a value of a unique field is repeated";
        DuplicateKey => "duplicate-key", Error, "主键重复", "a primary key is repeated";
        EncodingError => "encoding-error", Error, "字节不符合文件编码", "bytes that are not valid in the file's encoding";
        UnterminatedQuote => "unterminated-quote", Error, "引号未闭合", "a quoted field is never closed";
        FieldTooLarge => "field-too-large", Error, "单元格超出大小上限", "a cell exceeds the size limit";
        NumberLostDigits => "number-lost-digits", Error, "标识符被存为数字，Excel 已丢失位数", "an identifier stored as a number: Excel lost digits";
        ErrorCell => "error-cell", Error, "单元格是 Excel 错误值", "the cell holds a spreadsheet error value";
        SuspiciousFormat => "suspicious-format", Warning, "文件内容与扩展名不符", "the file's content does not match its extension";
        HiddenContent => "hidden-content", Warning, "隐藏的工作表、行或列", "a hidden sheet, row or column";
        UnreadableFile => "unreadable-file", Error, "文件无法读取，未作校验", "the file could not be read and was not checked";
        DatasetGuessed => "dataset-guessed", Warning, "数据集是按表头猜测的", "the dataset was guessed from the headers";
        NoDataset => "no-dataset", Error, "没有数据集与表头对应，未按数据集校验", "no dataset matches the headers: nothing was checked against a dataset";
        NoInput => "no-input", Error, "输入中没有可校验的导出文件", "the input holds no export file to check";
    }
}

/// One mismatch between a file and the dictionary.
///
/// `value` is already masked according to the run's value policy when the finding is
/// made, so no renderer can leak a sensitive value by accident.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Spreadsheet row number: the header is row 1 (docs/spec.md §5). `None` for file-level findings.
    pub row: Option<u64>,
    /// 1-based column index.
    pub column: Option<u32>,
    /// A1 reference, when row and column are known.
    pub cell: Option<String>,
    pub header: Option<String>,
    pub element: Option<String>,
    pub message: Text,
    pub value: Option<String>,
    /// A proposed correction (the standard code for an alias, a "did you mean" header).
    pub suggestion: Option<String>,
    /// The earlier row a duplicate repeats.
    pub first_row: Option<u64>,
    /// Physical line in a text file where the record starts (1-based); for SARIF.
    pub line: Option<u64>,
}

impl Finding {
    /// A finding with the code's default severity and no location.
    pub fn new(code: Code, message: Text) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            row: None,
            column: None,
            cell: None,
            header: None,
            element: None,
            message,
            value: None,
            suggestion: None,
            first_row: None,
            line: None,
        }
    }

    /// Places the finding at a cell (1-based row and column) and fills in the A1 reference.
    pub fn at(mut self, row: u64, column: u32) -> Finding {
        self.row = Some(row);
        self.column = Some(column);
        self.cell = Some(a1(row, column));
        self
    }

    pub fn at_row(mut self, row: u64) -> Finding {
        self.row = Some(row);
        self
    }

    /// Places the finding at a row when one is known.
    pub fn with_row(mut self, row: Option<u64>) -> Finding {
        self.row = row;
        self
    }

    /// Records the physical line the record starts on (text files).
    pub fn with_line(mut self, line: u64) -> Finding {
        self.line = Some(line);
        self
    }
}

/// The A1 reference of a 1-based row and column: `a1(12, 3) == "C12"`.
pub fn a1(row: u64, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap_or_default(), row)
}

/// Counts of findings, complete even when the list of findings was cut.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: u64,
    pub warnings: u64,
    pub by_code: BTreeMap<Code, u64>,
    /// Counts per 1-based column, of every finding placed in a column.
    pub by_column: BTreeMap<u32, ColumnTally>,
}

/// The findings of one column, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnTally {
    /// The header of the column's first finding (as the findings show it: masked when
    /// the header may be data).
    pub header: Option<String>,
    pub errors: u64,
    pub warnings: u64,
}

impl Tally {
    pub fn count(&mut self, finding: &Finding) {
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => {}
        }
        *self.by_code.entry(finding.code).or_insert(0) += 1;
        if let Some(col) = finding.column {
            let column = self.by_column.entry(col).or_default();
            if column.header.is_none() {
                column.header.clone_from(&finding.header);
            }
            match finding.severity {
                Severity::Error => column.errors += 1,
                Severity::Warning => column.warnings += 1,
                Severity::Info => {}
            }
        }
    }

    pub fn add(&mut self, other: &Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        for (code, n) in &other.by_code {
            *self.by_code.entry(*code).or_insert(0) += n;
        }
        for (col, n) in &other.by_column {
            let column = self.by_column.entry(*col).or_default();
            if column.header.is_none() {
                column.header.clone_from(&n.header);
            }
            column.errors += n.errors;
            column.warnings += n.warnings;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(12, 3), "C12");
        assert_eq!(a1(1, 26), "Z1");
        assert_eq!(a1(1, 27), "AA1");
        assert_eq!(a1(1048576, 16384), "XFD1048576");
    }

    #[test]
    fn codes_round_trip() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
        assert_eq!(Code::parse("no-such-code"), None);
    }
}
