//! What each finding code means and what to do about it, in Chinese and English: the
//! `fullDescription` of SARIF rules and the pages under `docs/codes/`.

use crate::finding::Code;
use crate::text::Text;

/// The published page of a code: `<base>/<code>.md` when the run names where the pages
/// are published, else the crate's own copy of `docs/codes/<code>.md` for this version on
/// docs.rs, so the link matches the rules of the tool that wrote the report and never
/// moves.
pub fn help_uri(code: Code, version: &str, base: Option<&str>) -> String {
    match base {
        Some(base) => format!("{}/{}.md", base.trim_end_matches('/'), code.as_str()),
        None => format!(
            "https://docs.rs/crate/govdict/{version}/source/docs/codes/{}.md",
            code.as_str()
        ),
    }
}

/// Whether `url` can be a base of help links: an absolute http(s) URL without query,
/// fragment or white space (SARIF viewers open `helpUri` as given).
pub fn is_help_base_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
        && !url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
}

/// The rule's name in UpperCamelCase (`missing-column` → `MissingColumn`), as SARIF
/// viewers expect a name that is not the id.
pub fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// What to do about a finding of this code.
pub fn remedy(code: Code) -> Text {
    let (zh, en) = match code {
        Code::EmptyFile => (
            "文件为空或只有空行。重新导出数据，确认导出包含表头行。",
            "The file is empty or holds only blank lines. Export the data again and make sure the export includes the header row.",
        ),
        Code::BlankHeader => (
            "表头中有空单元格。为该列填写数据元名称或标识符，或删除这一列。",
            "A header cell is empty. Give the column the name or identifier of its element, or remove the column.",
        ),
        Code::DuplicateHeader => (
            "同一表头出现多次，无法判断哪一列是该数据元。删除或重命名重复的列。",
            "The same header appears more than once, so it is unclear which column holds the element. Remove or rename the repeated column.",
        ),
        Code::UnknownColumn => (
            "该列不对应数据集中的任何数据元。检查表头拼写（报告会给出最接近的名称），或用映射文件（--mapping）把部门字段对应到标准数据元。",
            "The column maps to no element of the dataset. Check the header's spelling (the report suggests the closest name), or map the departmental field to a standard element with a mapping file (--mapping).",
        ),
        Code::MissingColumn => (
            "数据集要求的数据元在文件中没有对应的列。在导出中加入该列，或在映射文件中指明哪一列对应它。",
            "A required element of the dataset has no column in the file. Add the column to the export, or name the column that holds it in a mapping file.",
        ),
        Code::ExtraCell => (
            "这一行的单元格多于表头，常见原因是值中含有未加引号的分隔符。给含分隔符的值加引号，或检查分隔符设置（--delimiter）。",
            "The row has more cells than the header, usually because a value holds an unquoted delimiter. Quote values that contain the delimiter, or check the delimiter (--delimiter).",
        ),
        Code::MissingCell => (
            "这一行的单元格少于表头，可能被截断或换行拆开。补全这一行。",
            "The row has fewer cells than the header; it may have been cut short or split by a line break. Complete the row.",
        ),
        Code::BlankRow => (
            "整行为空。删除空行。",
            "Every cell of the row is empty. Remove the blank row.",
        ),
        Code::RequiredValue => (
            "必填数据元的值为空。填写该值；确实未知时，按数据集约定的方式表示（例如代码表中的“未知”代码）。",
            "A required element has no value. Fill it in; where it is truly unknown, say so the way the dataset prescribes (an \"unknown\" code of the code list, for example).",
        ),
        Code::TypeMismatch => (
            "值不符合数据元的数据类型（例如数值型字段中有文字）。按数据类型改写该值。",
            "The value is not of the element's data type (text in a numeric field, for example). Rewrite the value in that type.",
        ),
        Code::FormatMismatch => (
            "值不符合数据元的表示格式（长度、日期格式等）。按目录中的表示格式改写该值，日期使用 YYYY-MM-DD。",
            "The value breaks the element's representation format (length, date layout and so on). Rewrite it in the format the dictionary gives; dates as YYYY-MM-DD.",
        ),
        Code::PatternMismatch => (
            "值不符合数据元定义的模式。对照目录中的模式改正该值。",
            "The value does not match the pattern the element defines. Correct it against the pattern in the dictionary.",
        ),
        Code::NotInCodelist => (
            "值不在数据元的代码表中。改用代码表中的代码；报告给出别名对应的标准代码时，直接替换即可。",
            "The value is not in the element's code list. Use a code of the list; where the report suggests the standard code of an alias, replace the value with it.",
        ),
        Code::ChecksumFailed => (
            "标识符（如公民身份号码、统一社会信用代码）的校验位或结构错误，通常是录入错误。核对原始凭证后改正。",
            "The check character or structure of an identifier (an identity number, a unified social credit code) is wrong, usually a typing error. Check it against the source document and correct it.",
        ),
        Code::OutOfRange => (
            "值超出数据元允许的范围。核对该值；若范围本身有误，修改数据元目录。",
            "The value lies outside the element's range. Check the value; if the range itself is wrong, change the dictionary.",
        ),
        Code::DuplicateValue => (
            "唯一字段的值在文件中重复出现，报告给出首次出现的行。删除重复记录或改正其中一个值。",
            "A value of a unique field appears more than once; the report names the row where it first appears. Remove the duplicate record or correct one of the values.",
        ),
        Code::DuplicateKey => (
            "主键重复：两行描述同一对象。合并或删除重复的行。",
            "The primary key is repeated: two rows describe the same thing. Merge or remove the duplicate rows.",
        ),
        Code::EncodingError => (
            "字节不符合文件的编码。以 UTF-8 重新导出，或用 --encoding 指明实际编码（如 gb18030）。",
            "Bytes are not valid in the file's encoding. Export again as UTF-8, or name the actual encoding with --encoding (gb18030, for example).",
        ),
        Code::UnterminatedQuote => (
            "某个带引号的字段直到文件末尾都没有闭合，其后的内容都被读进了这个字段。补上缺失的引号。",
            "A quoted field is never closed, so everything after it was read into that field. Add the missing quote.",
        ),
        Code::FieldTooLarge => (
            "单元格超出大小上限，常见原因是引号不配对。检查该单元格附近的引号。",
            "A cell exceeds the size limit, usually because of unbalanced quotes. Check the quotes around the cell.",
        ),
        Code::NumberLostDigits => (
            "标识符被存成了数字，Excel 只保留 15 位有效数字，后面的位已经丢失。将该列设为文本格式后从源系统重新导出。",
            "An identifier was stored as a number; Excel keeps 15 significant digits, so the rest are lost. Format the column as text and export it again from the source system.",
        ),
        Code::ErrorCell => (
            "单元格是 Excel 错误值（如 #N/A、#REF!），通常来自失效的公式。修正公式或粘贴为值。",
            "The cell holds a spreadsheet error value (#N/A, #REF! and so on), usually from a broken formula. Fix the formula or paste the values.",
        ),
        Code::SuspiciousFormat => (
            "文件内容与扩展名不符（例如另存为 .xls 的 HTML 或 CSV）。以正确的格式重新导出。",
            "The file's content does not match its extension (HTML or CSV saved as .xls, for example). Export it again in the right format.",
        ),
        Code::HiddenContent => (
            "工作簿中有隐藏的工作表、行或列，其中的数据可能被忽略或被误读。取消隐藏并确认这些数据是否应当交付。",
            "The workbook has a hidden sheet, row or column whose data may be missed or misread. Unhide it and decide whether the data belongs in the delivery.",
        ),
        Code::UnreadableFile => (
            "文件无法打开或读取（损坏、加密、格式不明或超出大小上限），其中的数据一条也没有校验。按消息修复或重新导出该文件；其他文件的结果照常报告。",
            "The file could not be opened or read (corrupt, encrypted, of an unknown format or over a size limit), so none of its data was checked. Fix or export the file again as the message says; the other files are reported as usual.",
        ),
        Code::DatasetGuessed => (
            "没有指定数据集，按表头选出的数据集只比其他数据集多对应很少几列（或只对应一两列），这是猜测：按它报告的缺失列、未知列等发现可能并不成立。消息给出了领先幅度和次优数据集。用 --dataset ID 指定数据集，或用 --mapping 给出映射表。",
            "No dataset was named and the one chosen from the headers leads the others by little (or rests on one column), so it is a guess: findings against it such as missing or unknown columns may be false. The message gives the margin and the runner-up. Name the dataset with --dataset ID, or give a mapping table with --mapping.",
        ),
        Code::NoDataset => (
            "表头与目录中任何数据集都对应不上，因此没有按数据集校验（必填列、主键、唯一性）。用 --dataset ID 指定数据集（消息中列出了目录定义的数据集，`govdict search` 也可查），或用 --mapping 给出映射表。",
            "The headers match no dataset of the dictionary, so nothing was checked against a dataset (required columns, keys, uniqueness). Name the dataset with --dataset ID (the message lists the dictionary's datasets; `govdict search` finds them too), or give a mapping table with --mapping.",
        ),
        Code::NoInput => (
            "给出的文件夹中没有 CSV 或电子表格导出文件（.csv .tsv .txt .psv .xlsx .xlsm .xlsb .xls .ods），什么也没有校验。检查路径，或直接给出文件。",
            "The folder given holds no CSV or spreadsheet export (.csv .tsv .txt .psv .xlsx .xlsm .xlsb .xls .ods), so nothing was checked. Check the path, or name the files themselves.",
        ),
    };
    Text::new(zh, en)
}

/// The page of `docs/codes/<code>.md`, both languages.
pub fn page(code: Code) -> String {
    let d = code.description();
    let r = remedy(code);
    let (severity_zh, severity_en) = match code.default_severity() {
        crate::finding::Severity::Error => ("错误", "error"),
        crate::finding::Severity::Warning => ("警告", "warning"),
        crate::finding::Severity::Info => ("提示", "note"),
    };
    format!(
        "# `{id}`\n\n\
         <!-- Written by `cargo test --lib report::help`, from src/report/help.rs. -->\n\n\
         ## 中文\n\n**{dzh}**（默认级别：{severity_zh}）\n\n{rzh}\n\n\
         ## English\n\n**{den}** (default severity: {severity_en})\n\n{ren}\n\n\
         [All codes / 全部代码](README.md)\n",
        id = code.as_str(),
        dzh = d.zh,
        den = capitalised(&d.en),
        rzh = r.zh,
        ren = r.en,
    )
}

/// The index `docs/codes/README.md`.
pub fn index() -> String {
    let mut s = String::from(
        "# Finding codes / 问题代码\n\n\
         <!-- Written by `cargo test --lib report::help`, from src/report/help.rs. -->\n\n\
         | code / 代码 | 说明 | description |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let d = code.description();
        s.push_str(&format!(
            "| [`{id}`]({id}.md) | {} | {} |\n",
            d.zh,
            d.en,
            id = code.as_str()
        ));
    }
    s
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_links_follow_the_chosen_base() {
        let code = Code::MissingColumn;
        assert_eq!(
            help_uri(code, "1.2.3", None),
            "https://docs.rs/crate/govdict/1.2.3/source/docs/codes/missing-column.md"
        );
        assert_eq!(
            help_uri(code, "1.2.3", Some("https://example.org/docs/codes/")),
            "https://example.org/docs/codes/missing-column.md"
        );
        assert!(is_help_base_url("https://example.org/docs/codes"));
        assert!(is_help_base_url("http://intranet/codes/"));
        for bad in [
            "",
            "docs/codes",
            "https://",
            "https:///x",
            "ftp://x",
            "https://x/a b",
            "https://x/?a",
            "https://x/#a",
        ] {
            assert!(!is_help_base_url(bad), "{bad}");
        }
    }

    /// The pages under docs/codes/ are what this module writes; `GOVDICT_WRITE_DOCS=1`
    /// rewrites them after a change.
    #[test]
    fn docs_pages_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes");
        let mut expected: Vec<(String, String)> = Code::ALL
            .iter()
            .map(|c| (format!("{}.md", c.as_str()), page(*c)))
            .collect();
        expected.push(("README.md".to_owned(), index()));
        let write = std::env::var_os("GOVDICT_WRITE_DOCS").is_some();
        for (name, text) in expected {
            let path = dir.join(&name);
            if write {
                std::fs::create_dir_all(&dir).expect("docs/codes");
                std::fs::write(&path, &text).expect("write page");
            }
            let actual = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                actual == text,
                "docs/codes/{name} is stale: run GOVDICT_WRITE_DOCS=1 cargo test --lib report::help"
            );
        }
    }

    #[test]
    fn names_are_not_ids() {
        assert_eq!(rule_name(Code::MissingColumn), "MissingColumn");
        assert_eq!(rule_name(Code::NotInCodelist), "NotInCodelist");
        for c in Code::ALL {
            assert_ne!(rule_name(*c), c.as_str());
            assert!(!remedy(*c).zh.is_empty() && !remedy(*c).en.is_empty());
        }
    }
}
