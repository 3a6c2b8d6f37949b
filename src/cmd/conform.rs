//! `govdict conform`: rewrite an export in standard form through its mapping file.
//!
//! The standard table goes to `--output` (atomically; never over the export or the
//! mapping). The summary of what was done goes to standard output, or to standard error
//! when the table itself is written to standard output (`--output -`). Exit 1 when rows
//! were rejected.

use std::io::{self, Write};
use std::path::Path;

use super::{CmdResult, Context, Failure, Outcome};
use crate::cli::{ConformArgs, HeaderArg};
use govdict::conform::{self, ConformError, ConformSummary, HeaderStyle, OutputKind, Outputs};
use govdict::mapping::{ExportReader, MappingFile};
use govdict::output_encoding::{EncodedWriter, OutputEncoding};
use govdict::text::{Lang, Text};

/// Writes the table to the first writer and the rejects to the second, if any.
type Body<'a> = dyn FnMut(&mut dyn Write, Option<&mut dyn Write>) -> io::Result<()> + 'a;

fn usage(code: &'static str, zh: String, en: String) -> Failure {
    Failure::Fatal(miette::miette!(code = code, "{en} / {zh}"))
}

fn kind_of(path: &Path) -> Result<OutputKind, Failure> {
    OutputKind::for_path(path).ok_or_else(|| {
        usage(
            "govdict::usage::output_kind",
            format!("{}：输出文件扩展名应为 .csv 或 .xlsx", path.display()),
            format!("{}: the output must end in .csv or .xlsx", path.display()),
        )
    })
}

pub fn run(ctx: &Context, args: &ConformArgs, out: &mut dyn Write) -> CmdResult {
    let to_stdout = args.output == Path::new("-");
    let kind = kind_of(&args.output)?;
    let rejects_kind = match &args.rejects {
        Some(p) if p == Path::new("-") => {
            return Err(usage(
                "govdict::usage::rejects",
                "--rejects 须为文件".into(),
                "--rejects takes a file, not standard output".into(),
            ))
        }
        Some(p) => Some(kind_of(p)?),
        None => None,
    };
    distinct_outputs(args)?;
    let dict = ctx.dictionary()?;
    let mapping = MappingFile::load(&args.mapping).map_err(|e| Failure::Fatal(e.into()))?;
    let options = super::table_options(&args.input)?;
    let reader = ExportReader::open(&args.file, &options)
        .map_err(|e| Failure::Fatal(miette::Report::new(e)))?
        .ok_or_else(|| Failure::Fatal(miette::Report::new(ConformError::NoHeader)))?;
    let style = match args.headers {
        HeaderArg::Name => HeaderStyle::Name,
        HeaderArg::Id => HeaderStyle::Id,
        HeaderArg::Identifier => HeaderStyle::Identifier,
    };

    let asked = args.output_encoding.map(|e| e.encoding());
    let protect = [args.file.as_path(), args.mapping.as_path()];
    let mut reader = Some(reader);
    let mut result: Option<Result<ConformSummary, ConformError>> = None;
    let mut body = |w: &mut dyn Write, rejects: Option<&mut dyn Write>| -> io::Result<()> {
        let Some(reader) = reader.take() else {
            return Err(io::Error::other("conform ran twice"));
        };
        // CSV for people is encoded for Excel; a workbook passes through as it is.
        let text_encoding = |k: OutputKind, stdout: bool| match k {
            OutputKind::Csv => OutputEncoding::for_output(asked, stdout),
            OutputKind::Xlsx => OutputEncoding::Utf8,
        };
        let mut out_w = EncodedWriter::new(w, text_encoding(kind, to_stdout));
        let mut rejects_w = rejects
            .zip(rejects_kind)
            .map(|(r, k)| (EncodedWriter::new(r, text_encoding(k, false)), k));
        let outputs = Outputs {
            out: &mut out_w,
            kind,
            rejects: rejects_w.as_mut().map(|(r, k)| (r as &mut dyn Write, *k)),
        };
        match conform::conform(&dict, &mapping, reader, style, outputs) {
            Ok(s) => {
                let refuse = !args.force && !to_stdout && rejects_too_many(&s);
                result = Some(Ok(s));
                if refuse {
                    // Nothing is kept: the atomic writes are abandoned.
                    return Err(io::Error::other(REFUSED));
                }
                out_w.finish()?;
                if let Some((r, _)) = rejects_w {
                    r.finish()?;
                }
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                result = Some(Err(e));
                Err(io::Error::other(message))
            }
        }
    };
    let with_rejects = |w: &mut dyn Write, body: &mut Body<'_>| match &args.rejects {
        Some(path) => govdict::atomic::write_file(path, &protect, |r| body(w, Some(r))),
        None => body(w, None),
    };
    let written = if to_stdout {
        with_rejects(&mut *out, &mut body)
    } else {
        govdict::atomic::write_file(&args.output, &protect, |w| with_rejects(w, &mut body))
    };
    let summary = match (result, written) {
        (Some(Err(e)), _) => return Err(Failure::Fatal(miette::Report::new(e))),
        (Some(Ok(s)), Err(e)) if e.to_string() == REFUSED => {
            let mut text = render_summary(&s, args, ctx.lang, false);
            text.push_str(&low_confidence_warning(&mapping, ctx.lang));
            text.push_str(&refusal(&s, ctx.lang));
            out.write_all(text.as_bytes())?;
            return Ok(Outcome::Problems);
        }
        (_, Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Err(Failure::Io(e)),
        (_, Err(e)) => {
            return Err(Failure::Fatal(miette::miette!(
                code = "govdict::conform::io",
                "{e}"
            )))
        }
        (Some(Ok(s)), Ok(())) => s,
        (None, Ok(())) => return Err(Failure::Io(io::Error::other("conform did not run"))),
    };
    let mut text = render_summary(&summary, args, ctx.lang, true);
    text.push_str(&low_confidence_warning(&mapping, ctx.lang));
    if to_stdout {
        io::stderr().write_all(text.as_bytes())?;
    } else {
        out.write_all(text.as_bytes())?;
    }
    Ok(if summary.rows_rejected > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// More than this share of rejected rows means the mapping is wrong, not the data: the
/// output is not written unless `--force`.
const MAX_REJECTED_SHARE: f64 = 0.5;
const REFUSED: &str = "govdict: conform refused";

fn rejects_too_many(s: &ConformSummary) -> bool {
    s.rows_read > 0 && s.rows_rejected as f64 > MAX_REJECTED_SHARE * s.rows_read as f64
}

fn refusal(s: &ConformSummary, lang: Lang) -> String {
    let worst = s
        .columns
        .iter()
        .filter(|c| c.rejected > 0)
        .max_by_key(|c| c.rejected)
        .map(|c| format!("{} → {}", c.source, c.element))
        .unwrap_or_default();
    let pct = (MAX_REJECTED_SHARE * 100.0).round();
    let text = Text::new(
        format!(
            "已拒绝：超过 {pct}% 的行（{}/{}）不合格，多半是映射有误（拒绝最多的列：{worst}）；未写入任何文件。请复核映射，或用 --force 强制写入\n",
            s.rows_rejected, s.rows_read
        ),
        format!(
            "refused: more than {pct}% of the rows ({}/{}) would be rejected, which points to a wrong mapping (most rejections: {worst}); nothing was written. Review the mapping, or write anyway with --force\n",
            s.rows_rejected, s.rows_read
        ),
    );
    text.get(lang).to_owned()
}

/// Mapped fields a suggestion proposed with low confidence: worth a look before trusting
/// the output.
fn low_confidence(mapping: &MappingFile) -> Vec<String> {
    mapping
        .fields
        .iter()
        .filter(|f| f.element.is_some() && f.confidence.is_some_and(|c| c < LOW_CONFIDENCE))
        .map(|f| {
            format!(
                "{} → {} ({:.2})",
                f.source,
                f.element.as_deref().unwrap_or_default(),
                f.confidence.unwrap_or_default()
            )
        })
        .collect()
}

fn low_confidence_warning(mapping: &MappingFile, lang: Lang) -> String {
    let low = low_confidence(mapping);
    if low.is_empty() {
        return String::new();
    }
    let list = low.join(", ");
    Text::new(
        format!("注意：以下映射置信度低于 {LOW_CONFIDENCE}，请复核：{list}\n"),
        format!(
            "warning: these mappings have confidence below {LOW_CONFIDENCE}, review them: {list}\n"
        ),
    )
    .get(lang)
    .to_owned()
}

/// Suggestions below this confidence are flagged when conformed.
const LOW_CONFIDENCE: f64 = 0.5;

/// `--output` and `--rejects` must name distinct files, neither the export nor the
/// mapping.
fn distinct_outputs(args: &ConformArgs) -> Result<(), Failure> {
    use govdict::output::{check_distinct, Named};
    let mut outputs = vec![Named::new("--output", &args.output)];
    outputs.extend(args.rejects.iter().map(|p| Named::new("--rejects", p)));
    let inputs = [
        Named::new("FILE", &args.file),
        Named::new("--mapping", &args.mapping),
    ];
    check_distinct(&outputs, &inputs).map_err(|e| Failure::Fatal(e.into()))
}

/// The summary of a run, one line per written column.
/// `kept`: whether the outputs were kept; a refused run wrote nothing, and says so once.
pub fn render_summary(s: &ConformSummary, args: &ConformArgs, lang: Lang, kept: bool) -> String {
    let t = |zh: String, en: String| Text::new(zh, en).get(lang).to_owned();
    let mut lines = Vec::new();
    let (zh_done, en_done) = if kept {
        ("写入", "written")
    } else {
        ("本应写入", "would be written")
    };
    lines.push(t(
        format!(
            "{}：读取 {} 行，{zh_done} {} 行，拒绝 {} 行",
            args.output.display(),
            s.rows_read,
            s.rows_written,
            s.rows_rejected
        ),
        format!(
            "{}: {} read, {} {en_done}, {} rejected",
            args.output.display(),
            govdict::text::count(Lang::En, s.rows_read, "row", "rows"),
            s.rows_written,
            s.rows_rejected
        ),
    ));
    for c in &s.columns {
        lines.push(t(
            format!(
                "  {} → {} ({})：重新编码 {}，重新格式化 {}，去除空白 {}，拒绝 {}",
                c.source, c.header, c.element, c.recoded, c.reformatted, c.trimmed, c.rejected
            ),
            format!(
                "  {} → {} ({}): recoded {}, reformatted {}, trimmed {}, rejected {}",
                c.source, c.header, c.element, c.recoded, c.reformatted, c.trimmed, c.rejected
            ),
        ));
    }
    if !s.dropped.is_empty() {
        let list = s.dropped.join(", ");
        lines.push(t(
            format!("未写入的列（未映射或映射为 null）：{list}"),
            format!("columns not written (unmapped or mapped to null): {list}"),
        ));
    }
    if !s.missing.is_empty() {
        let list = s.missing.join(", ");
        lines.push(t(
            format!("映射中有而文件中没有的列：{list}"),
            format!("mapped columns the file does not have: {list}"),
        ));
    }
    if s.rows_rejected > 0 && kept {
        lines.push(match &args.rejects {
            Some(p) => t(
                format!("被拒绝的行已写入 {}", p.display()),
                format!("rejected rows were written to {}", p.display()),
            ),
            None => t(
                "被拒绝的行未写入任何文件；用 --rejects FILE 保留它们".into(),
                "rejected rows were not written anywhere; keep them with --rejects FILE".into(),
            ),
        });
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
