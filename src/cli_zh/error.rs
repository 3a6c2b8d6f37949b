//! clap's own errors (unknown argument, missing value, invalid value …) in Chinese. clap
//! writes them in English only; the kind and context it attaches say everything needed.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The error as the user reads it in Chinese; `None` for help and version output, which
/// clap prints itself (already localised through the command).
pub fn render_error(e: &clap::Error) -> Option<String> {
    let get = |kind: ContextKind| e.get(kind).map(plain);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let headline = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => format!("无法识别的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => format!(
            "无法识别的子命令“{}”",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 {arg} 缺少值"),
        ErrorKind::InvalidValue => format!("参数 {arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| format!("：{s}"))
                .unwrap_or_default();
            format!("参数 {arg} 的值“{value}”无效{why}")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用等号给出，如 {arg}=值"),
        ErrorKind::TooManyValues => format!("参数 {arg} 收到多余的值“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "参数 {arg} 需要 {} 个值，实际给了 {} 个",
            get(ContextKind::ExpectedNumValues)
                .or_else(|| get(ContextKind::MinValues))
                .unwrap_or_default(),
            get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => format!(
            "“{}”需要一个子命令",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8".to_owned(),
        // Kinds clap may add later: say so in Chinese, keep clap's English details.
        _ => format!("命令行有误：{}", e.render().to_string().trim()),
    };
    let mut text = format!("错误：{headline}\n");
    let mut tips = Vec::new();
    if let Some(valid) = get(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        tips.push(format!("可选值：{valid}"));
    }
    if let Some(valid) = get(ContextKind::ValidSubcommand).filter(|v| !v.is_empty()) {
        tips.push(format!("可用的子命令：{valid}"));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedCommand,
    ] {
        if let Some(s) = get(kind).filter(|s| !s.is_empty()) {
            tips.push(format!("是否要用“{s}”？"));
        }
    }
    if get(ContextKind::TrailingArg).as_deref() == Some("true") {
        tips.push(format!("如要把“{arg}”当作值传入，请写 -- {arg}"));
    }
    if !tips.is_empty() {
        text.push('\n');
        for tip in tips {
            text.push_str(&format!("  提示：{tip}\n"));
        }
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        text.push_str(&format!("\n用法：{usage}\n"));
    }
    text.push_str("\n更多信息请加 --help 查看。\n");
    Some(text)
}

/// A context value as plain text (styles dropped), lists joined the Chinese way.
fn plain(value: &ContextValue) -> String {
    match value {
        ContextValue::Strings(v) => v.join("、"),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    }
}
