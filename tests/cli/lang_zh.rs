//! The command line in Chinese: help, clap's own errors and the man page follow `--lang`
//! (any common spelling of Chinese) or the locale.

use crate::support::govdict;

/// Every command path, as typed.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["check"],
    &["show"],
    &["search"],
    &["validate"],
    &["diff"],
    &["release"],
    &["release", "check"],
    &["release", "notes"],
    &["completions"],
    &["man"],
    &["map"],
    &["map", "suggest"],
    &["map", "crosswalk"],
    &["conform"],
    &["export"],
    &["import"],
    &["publish"],
];

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = govdict().args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_help_is_chinese_with_lang_zh() {
    let (code, stdout, _) = run(&["--lang", "zh", "validate", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("用法：govdict validate"), "{stdout}");
    assert!(stdout.contains("按目录中的数据集校验"), "{stdout}");
    assert!(stdout.contains("报告格式"), "{stdout}");
    for english in [
        "Usage:",
        "Options:",
        "Print help",
        "[default:",
        "Report format",
    ] {
        assert!(!stdout.contains(english), "{english} in\n{stdout}");
    }
}

#[test]
fn every_help_is_chinese_and_ends_with_examples() {
    for path in COMMANDS {
        let mut args = vec!["--lang", "zh"];
        args.extend_from_slice(path);
        args.push("--help");
        let (code, stdout, _) = run(&args);
        assert_eq!(code, Some(0), "{path:?}");
        assert!(stdout.contains("用法："), "{path:?}:\n{stdout}");
        assert!(stdout.contains("示例：\n  govdict"), "{path:?}:\n{stdout}");
        assert!(!stdout.contains("Usage:"), "{path:?}:\n{stdout}");
        let (_, english, _) = run(&[path, &["--help"][..]].concat());
        assert!(
            english.contains("Examples:\n  govdict"),
            "{path:?}:\n{english}"
        );
    }
}

#[test]
fn chinese_spellings_of_lang_are_accepted() {
    for lang in ["zh-CN", "zh_CN", "zh-Hans", "ZH"] {
        let (code, stdout, stderr) = run(&["--lang", lang, "show", "DE00001"]);
        assert_eq!(code, Some(0), "{lang}: {stderr}");
        assert!(stdout.contains("内部标识符"), "{lang}: {stdout}");
    }
    let (code, stdout, _) = run(&["--lang=zh_CN", "check", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("检查数据元目录"), "{stdout}");
}

#[test]
fn the_locale_makes_help_chinese_too() {
    let out = govdict()
        .env("LANG", "zh_CN.UTF-8")
        .args(["validate", "--help"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("用法：govdict validate"));
}

#[test]
fn an_unknown_argument_is_reported_in_chinese() {
    let (code, stdout, stderr) = run(&["--lang", "zh", "validate", "--bogus"]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("错误：无法识别的参数“--bogus”"), "{stderr}");
    assert!(stderr.contains("用法：govdict validate [选项]"), "{stderr}");
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
}

#[test]
fn missing_and_invalid_values_are_reported_in_chinese() {
    let (code, _, stderr) = run(&["--lang", "zh", "search", "x", "--limit"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("参数 --limit <LIMIT> 缺少值"), "{stderr}");
    let (code, _, stderr) = run(&["--lang", "zh", "validate", "a.csv", "--format", "pdf"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("的值“pdf”无效"), "{stderr}");
    assert!(stderr.contains("可选值：human、json"), "{stderr}");
    let (code, _, stderr) = run(&["--lang", "zh", "validate"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("缺少必需的参数"), "{stderr}");
    let (code, _, stderr) = run(&["--lang", "zh", "valdate"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("是否要用“validate”"), "{stderr}");
    let (code, _, stderr) = run(&["--lang", "zh"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("“govdict”需要一个子命令"), "{stderr}");
    assert!(stderr.contains("可用的子命令：check、show"), "{stderr}");
}

#[test]
fn english_errors_stay_clap_s_own() {
    let (code, _, stderr) = run(&["--lang", "en", "validate", "--bogus"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unexpected argument '--bogus'"), "{stderr}");
}

#[test]
fn man_out_writes_a_page_per_command_with_exit_status_and_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, stdout, stderr) = run(&["man", "--out", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{stderr}");
    for page in [
        "govdict.1",
        "govdict-validate.1",
        "govdict-map-suggest.1",
        "govdict-release-check.1",
    ] {
        assert!(dir.path().join(page).is_file(), "no {page}; wrote {stdout}");
    }
    assert!(!dir.path().join("govdict-help.1").exists());
    let validate = std::fs::read_to_string(dir.path().join("govdict-validate.1")).expect("page");
    assert!(validate.contains(".TH govdict-validate 1"), "{validate}");
    assert!(validate.contains(".SH EXIT STATUS"), "{validate}");
    assert!(validate.contains(".SH FINDING CODES"), "{validate}");
    assert!(validate.contains("not\\-in\\-codelist"), "{validate}");
    assert!(validate.contains(".SH EXAMPLES"), "{validate}");
    let root = std::fs::read_to_string(dir.path().join("govdict.1")).expect("page");
    assert!(root.contains("govdict\\-validate(1)"), "{root}");
}

#[test]
fn the_chinese_man_page_is_chinese() {
    let (code, stdout, _) = run(&["--lang", "zh", "man"]);
    assert_eq!(code, Some(0));
    for heading in [".SH 名称", ".SH 选项", ".SH 退出状态", ".SH 问题代码"] {
        assert!(stdout.contains(heading), "{heading}");
    }
    assert!(!stdout.contains(".SH OPTIONS"));
    assert_eq!(stdout.matches(".ds Aq \\(aq").count(), 1, "one preamble");
}

#[test]
fn show_prints_values_in_chinese() {
    let (code, stdout, _) = run(&["--lang", "zh", "show", "DE04002"]);
    assert_eq!(code, Some(0));
    for text in [
        "代码型（code）",
        "纳税人状态代码（SZ-NSRZT）",
        "标准（standard）",
        "┆ 否",
    ] {
        assert!(stdout.contains(text), "{text} in\n{stdout}");
    }
    for english in ["┆ code ", "┆ standard ", "┆ false ", "┆ none "] {
        assert!(!stdout.contains(english), "{english} in\n{stdout}");
    }
    let (_, stdout, _) = run(&["--lang", "zh", "show", "DE00001"]);
    assert!(
        stdout.contains("敏感个人信息（sensitive）") && stdout.contains("┆ 是"),
        "{stdout}"
    );
}

#[test]
fn search_columns_are_chinese() {
    let (code, stdout, _) = run(&["--lang", "zh", "search", "纳税人"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("┆ 数据元 ┆ 前缀匹配（名称）"), "{stdout}");
    assert!(stdout.contains("┆ 代码表 ┆"), "{stdout}");
    assert!(
        !stdout.contains("element") && !stdout.contains("prefix"),
        "{stdout}"
    );
}

/// A tax-registration export with a misspelt header and a code written as its name.
fn tax_export() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tax.csv");
    std::fs::write(
        &path,
        "纳税人识别号,纳税人名称,法定代表人姓名,税务登记日子,纳税人状态,主管税务机关代码\n\
         91110000100000000A,某公司,张三,2020-01-01,正常,11101000000\n",
    )
    .expect("write");
    (dir, path)
}

#[test]
fn messages_name_code_lists_and_do_not_repeat_suggestions() {
    let (_dir, path) = tax_export();
    let file = path.to_str().expect("utf-8");
    let (code, stdout, _) = run(&[
        "--lang",
        "zh",
        "validate",
        file,
        "--dataset",
        "tax-registration",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("代码表“纳税人状态代码”（SZ-NSRZT）中的标准代码为 01"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("税务登记日期").count(),
        2,
        "once for unknown-column, once for missing-column:\n{stdout}"
    );
    assert!(!stdout.contains("建议："), "{stdout}");
    let (_, stdout, _) = run(&["validate", file, "--dataset", "tax-registration"]);
    assert!(
        stdout.contains("the standard code in “Codes for taxpayer status” (SZ-NSRZT) is 01"),
        "{stdout}"
    );
    assert!(!stdout.contains("did you mean: "), "{stdout}");
}

#[test]
fn an_unknown_dataset_is_reported_in_chinese() {
    let (_dir, path) = tax_export();
    let file = path.to_str().expect("utf-8");
    let (code, _, stderr) = run(&["--lang", "zh", "validate", file, "--dataset", "nope"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("未知的数据集 `nope`"), "{stderr}");
    assert!(!stderr.contains("the dictionary defines"), "{stderr}");
}

#[test]
fn quiet_is_accepted_and_nothing_extra_reaches_stderr_off_a_terminal() {
    let (_dir, path) = tax_export();
    let file = path.to_str().expect("utf-8");
    // Tests run with stderr piped: no bar is drawn, with or without --quiet.
    for quiet in [false, true] {
        let mut args = vec!["validate", file, "--dataset", "tax-registration"];
        if quiet {
            args.push("--quiet");
        }
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stdout.contains("not-in-codelist"));
        assert!(stderr.is_empty(), "stderr: {stderr:?}");
    }
    let (code, _, stderr) = run(&["-q", "map", "suggest", file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr:?}");
    let site = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(&["publish", "--out", site.path().to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr:?}");
}

/// The commands of the first ```sh block of a README, comments dropped.
fn first_commands(readme: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{}/{readme}", env!("CARGO_MANIFEST_DIR")))
        .expect("README");
    let block = text.split("```sh\n").nth(1).expect("a sh block");
    let block = block.split("```").next().unwrap_or_default();
    block
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn both_readmes_start_with_the_same_commands_and_say_how_to_install() {
    let en = first_commands("README.md");
    assert_eq!(en.len(), 2, "{en:?}");
    assert_eq!(first_commands("README.zh-CN.md"), en);
    let manifest = std::fs::read_to_string(format!("{}/Cargo.toml", env!("CARGO_MANIFEST_DIR")))
        .expect("toml");
    let rust = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("rust-version")
        .trim_matches('"');
    for readme in ["README.md", "README.zh-CN.md"] {
        let text = std::fs::read_to_string(format!("{}/{readme}", env!("CARGO_MANIFEST_DIR")))
            .expect("README");
        assert!(
            text.contains(&format!("Rust **{rust}")),
            "{readme} names Rust {rust}"
        );
        assert!(text.contains("cargo install --locked --path ."), "{readme}");
        assert!(text.contains("~/.cargo/bin"), "{readme}: PATH");
    }
}
