//! `govdict validate postgres://…?table=T`: the server runs the query of
//! `export --to sql-checks`; its findings are reported as `govdict report` reports an
//! engine's file (same formats, exit codes, `--fail-on`, `--max-findings`).

use std::io::Write;

use super::super::report::{render_file, Rendering};
use super::super::{CmdResult, Context, Failure};
use crate::cli::ValidateArgs;
use govdict::text::Text;
use govdict::validate::engine::postgres::PgUrl;

/// The input when it is a PostgreSQL URL: then it must be the only one.
pub(super) fn url_input(args: &ValidateArgs) -> Result<Option<String>, Failure> {
    let urls: Vec<&str> = args
        .files
        .iter()
        .filter_map(|p| p.to_str())
        .filter(|s| govdict::validate::engine::postgres::is_url(s))
        .collect();
    match urls.as_slice() {
        [] if args.row_id.is_some() => Err(usage(
            "--row-id 只用于 postgres:// 输入",
            "--row-id applies to a postgres:// input only",
        )),
        [] => Ok(None),
        [url] if args.files.len() == 1 => Ok(Some((*url).to_owned())),
        _ => Err(usage(
            "postgres:// 地址只能作为唯一的输入",
            "a postgres:// URL must be the only input",
        )),
    }
}

fn usage(zh: &str, en: &str) -> Failure {
    Failure::Fatal(miette::miette!(
        code = "govdict::usage::postgres",
        "{en} / {zh}"
    ))
}

fn fatal(ctx: &Context, what: &Text) -> Failure {
    Failure::Fatal(miette::miette!(
        code = "govdict::validate::postgres",
        "{}",
        what.get(ctx.lang)
    ))
}

pub(super) fn run(
    ctx: &Context,
    args: &ValidateArgs,
    input: &str,
    out: &mut dyn Write,
) -> CmdResult {
    // Options that shape how a file is read or rewritten mean nothing for a table.
    let file_only = [
        ("--mapping", args.mapping.is_some()),
        ("--valid-out", args.valid_out.is_some()),
        ("--invalid-out", args.invalid_out.is_some()),
        ("--output-encoding", args.output_encoding.is_some()),
        ("--sheet", args.input.sheet.is_some()),
        ("--header-row", args.input.header_row.is_some()),
        ("--encoding", args.input.encoding.is_some()),
        ("--delimiter", args.input.delimiter.is_some()),
    ];
    if let Some((flag, _)) = file_only.iter().find(|(_, given)| *given) {
        return Err(usage(
            &format!("{flag} 不用于 postgres:// 输入"),
            &format!("{flag} does not apply to a postgres:// input"),
        ));
    }
    let url = PgUrl::parse(input).map_err(|e| fatal(ctx, &e))?;
    if cfg!(not(feature = "postgres")) {
        return Err(fatal(ctx, &without_feature()));
    }
    let dict = ctx.dictionary()?;
    let Some(id) = args.dataset.clone().or_else(|| ctx.config.dataset.clone()) else {
        return Err(fatal(
            ctx,
            &Text::new(
                "postgres:// 输入需要用 --dataset 指定数据集",
                "a postgres:// input needs the dataset, named with --dataset",
            ),
        ));
    };
    let dataset = govdict::export::find_dataset(&dict, &id).map_err(|e| fatal(ctx, &e.message))?;
    let file = check(&dict, dataset, &url, args).map_err(|e| fatal(ctx, &e))?;
    let rendering = Rendering {
        format: args.format,
        output: args.output.as_deref(),
        junit_flavor: args.junit_flavor,
        help_base_url: super::help_base_url(args.help_base_url.as_deref())?,
        fail_on: args.fail_on,
        as_path: false,
    };
    render_file(ctx, &dict, file, &[], &rendering, out)
}

#[cfg(feature = "postgres")]
fn check(
    dict: &govdict::dictionary::Dictionary,
    dataset: &govdict::dictionary::Dataset,
    url: &PgUrl,
    args: &ValidateArgs,
) -> Result<govdict::validate::FileReport, Text> {
    // As for files: collected formats list a bounded number by default, JSON Lines all.
    let max_findings =
        args.max_findings
            .or(match govdict::report::OutputFormat::from(args.format) {
                govdict::report::OutputFormat::Jsonl => None,
                _ => Some(govdict::validate::DEFAULT_MAX_FINDINGS),
            });
    govdict::validate::engine::postgres::validate(
        dict,
        dataset,
        url,
        args.row_id.as_deref(),
        max_findings,
    )
}

#[cfg(not(feature = "postgres"))]
fn check(
    _: &govdict::dictionary::Dictionary,
    _: &govdict::dictionary::Dataset,
    _: &PgUrl,
    _: &ValidateArgs,
) -> Result<govdict::validate::FileReport, Text> {
    Err(without_feature())
}

/// Why a postgres:// input cannot be checked by this build.
fn without_feature() -> Text {
    // Said in both languages: whoever builds the binary may not read the user's.
    let message = "this govdict was built without PostgreSQL support: build it with \
        `cargo install govdict --features postgres` (or `cargo build --release --features \
        postgres`), or export the query with `govdict export --to sql-checks --dialect \
        postgres`, run it with psql and read its result with `govdict report` / \
        此 govdict 构建不含 PostgreSQL 支持：请用 `cargo install govdict --features postgres`\
        （或 `cargo build --release --features postgres`）构建；也可以用 `govdict export --to \
        sql-checks --dialect postgres` 导出查询，用 psql 执行后交给 `govdict report`";
    Text::new(message, message)
}
