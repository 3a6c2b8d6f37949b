//! Rendering the gate's verdict: JSON for CI, located miette diagnostics for people.

use std::path::Path;

use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report};
use serde_json::{json, Value};

use super::check::{CheckOutcome, CheckProblem};
use super::render;
use crate::diagnostic::DiagnosticCode;
use crate::text::{Lang, Text};

/// `release check --format json`: the verdict, every problem with its location, and the
/// changelog it was judged on.
pub fn check_json(outcome: &CheckOutcome, lang: Lang) -> Value {
    let problems: Vec<Value> = outcome.problems.iter().map(|p| p.to_json(lang)).collect();
    let changelog = render::json(&outcome.changelog, lang);
    json!({
        "from": outcome.changelog.from,
        "to": outcome.changelog.to,
        "required_bump": outcome.changelog.required_bump().as_str(),
        "actual_bump": outcome.actual_bump.map(|b| b.as_str()),
        "passed": outcome.passed(),
        "problems": problems,
        "changes": changelog["changes"],
    })
}

/// One line for the end of the human output.
pub fn check_summary(outcome: &CheckOutcome, lang: Lang) -> String {
    let log = &outcome.changelog;
    let bump = log.required_bump();
    let text = if outcome.passed() {
        Text::new(
            format!(
                "发布检查通过：{} → {}（需要 {bump} 升级）",
                log.from, log.to
            ),
            format!(
                "release check passed: {} → {} (needs a {bump} bump)",
                log.from, log.to
            ),
        )
    } else {
        let n = outcome.problems.len();
        Text::new(
            format!("发布检查未通过：{} → {}，{n} 个问题", log.from, log.to),
            format!(
                "release check failed: {} → {}, {n} problem{}",
                log.from,
                log.to,
                if n == 1 { "" } else { "s" }
            ),
        )
    };
    text.get(lang).to_owned()
}

/// A miette report for one problem, with the source line of the element it is about when
/// `source` can give the text of its file (from disk, or from a git revision).
pub fn diagnostic(
    problem: &CheckProblem,
    lang: Lang,
    source: &dyn Fn(&Path) -> Option<String>,
) -> Report {
    let mut diag =
        MietteDiagnostic::new(problem.message.get(lang)).with_code(problem.code.miette_code());
    if let Some(help) = &problem.help {
        diag = diag.with_help(help.get(lang));
    }
    let located = problem.origin.as_ref().and_then(|o| {
        let text = source(&o.file)?;
        let span = line_span(&text, o.line, o.column)?;
        Some((o, text, span))
    });
    match located {
        Some((origin, text, (offset, len))) => {
            let label = Text::new("此处定义", "defined here");
            let diag = diag.with_label(LabeledSpan::at(offset..offset + len, label.get(lang)));
            Report::new(diag).with_source_code(
                NamedSource::new(origin.file.to_string_lossy(), text).with_language("yaml"),
            )
        }
        None => {
            // No text to show: name the place in the message instead.
            if let Some(o) = &problem.origin {
                let at = format!("{}:{}:{}", o.file.display(), o.line, o.column);
                diag.message = format!("{} ({at})", diag.message);
            }
            Report::new(diag)
        }
    }
}

/// Byte offset and length of a 1-based line from a 1-based column to the line's end.
fn line_span(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let content = l.trim_end_matches(['\n', '\r']);
            let start = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(0, |(b, _)| b);
            return Some((offset + start, content.len() - start));
        }
        offset += l.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::check;
    use crate::release::test_support::*;

    fn failing() -> CheckOutcome {
        let old = base("1.0.0");
        let mut new = base("1.1.0");
        let mut e = element("DE00010", "电子邮箱");
        e.since = Some("1.0.0".into());
        e.origin = origin("elements/contact.yaml", 2);
        new.elements.push(e);
        new.codelists[0].values.retain(|v| v.code != "9");
        check(&old, &rebuild(new, "1.1.0"))
    }

    #[test]
    fn json_lists_located_problems() {
        let v = check_json(&failing(), Lang::En);
        assert_eq!(v["passed"], false);
        assert_eq!(v["required_bump"], "major");
        assert_eq!(v["actual_bump"], "minor");
        let problems = v["problems"].as_array().unwrap();
        assert_eq!(problems[0]["code"], "bump-too-small");
        assert_eq!(problems[0]["file"], Value::Null);
        assert_eq!(problems[1]["code"], "since-mismatch");
        assert_eq!(problems[1]["file"], "elements/contact.yaml");
        assert_eq!(problems[1]["line"], 2);
        assert!(v["changes"].as_array().unwrap().len() >= 2);
    }

    #[test]
    fn diagnostics_point_at_the_element() {
        let outcome = failing();
        let yaml = "elements:\n  - id: DE00010\n    name: 电子邮箱\n";
        let source = |p: &Path| (p == Path::new("elements/contact.yaml")).then(|| yaml.to_owned());
        let report = diagnostic(&outcome.problems[1], Lang::En, &source);
        let diag: &dyn miette::Diagnostic = report.as_ref();
        let label = diag.labels().unwrap().next().unwrap();
        assert_eq!(
            &yaml[label.offset()..label.offset() + label.len()],
            "id: DE00010"
        );
        assert!(diag.code().unwrap().to_string().ends_with("since-mismatch"));
        // Without the text, the location goes into the message.
        let report = diagnostic(&outcome.problems[1], Lang::En, &|_| None);
        assert!(
            report.to_string().contains("(elements/contact.yaml:2:"),
            "{report}"
        );
    }

    #[test]
    fn line_spans() {
        assert_eq!(line_span("a\nbcd\n", 2, 1), Some((2, 3)));
        assert_eq!(line_span("a\r\n  x: 1\r\n", 2, 3), Some((5, 4)));
        assert_eq!(line_span("a\n", 5, 1), None);
        assert_eq!(line_span("名称: 值\n", 1, 99), Some((0, "名称: 值".len())));
    }
}
