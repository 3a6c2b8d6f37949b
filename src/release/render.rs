//! Changelog renderers: Markdown for people and release notes, JSON for machines
//! (`diff --format json`, docs/spec.md §4).

use std::fmt::Write;

use serde_json::{json, Value};

use super::{Bump, ChangeKind, Changelog, Impact};
use crate::text::{Lang, Text};

fn impact_title(impact: Impact) -> Text {
    match impact {
        Impact::Breaking => Text::new("不兼容变更", "Breaking changes"),
        Impact::Compatible => Text::new("兼容变更", "Compatible changes"),
        Impact::Cosmetic => Text::new("说明性变更", "Cosmetic changes"),
    }
}

fn bump_name(bump: Bump) -> Text {
    match bump {
        Bump::Major => Text::new("主版本（major）", "major"),
        Bump::Minor => Text::new("次版本（minor）", "minor"),
        Bump::Patch => Text::new("修订版本（patch）", "patch"),
        Bump::None => Text::new("无需升级（none）", "none"),
    }
}

/// The heading line of a release's section: `## 1.1.0`. `notes` finds earlier sections by it.
pub fn section_heading(version: &str) -> String {
    format!("## {}", one_line(version))
}

/// Keeps user text on one Markdown line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Code spans that survive backticks inside the text.
fn code(s: &str) -> String {
    let s = one_line(s);
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// A Markdown section: a heading with the version, the predecessor and the required bump,
/// then the changes grouped by impact and kind.
pub fn markdown(log: &Changelog, lang: Lang) -> String {
    let mut out = String::new();
    let bump = log.required_bump();
    let _ = writeln!(out, "{}", section_heading(&log.to));
    let _ = writeln!(out);
    let line = match lang {
        Lang::Zh => format!(
            "相对 {}：{} 项变更，所需版本升级：{}。",
            code(&log.from),
            log.changes.len(),
            bump_name(bump).zh
        ),
        Lang::En => format!(
            "From {} → {}: {} change{}, required bump: **{}**.",
            code(&log.from),
            code(&log.to),
            log.changes.len(),
            if log.changes.len() == 1 { "" } else { "s" },
            bump_name(bump).en
        ),
    };
    let _ = writeln!(out, "{line}");
    if log.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", Text::new("无变更。", "No changes.").get(lang));
    }
    for impact in Impact::ALL {
        if log.with_impact(impact).next().is_none() {
            continue;
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "### {}", impact_title(impact).get(lang));
        for kind in ChangeKind::ALL {
            let mut changes = log
                .with_impact(impact)
                .filter(|c| c.kind == *kind)
                .peekable();
            if changes.peek().is_none() {
                continue;
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "#### {}", kind.title().get(lang));
            let _ = writeln!(out);
            for c in changes {
                let target = code(&c.target);
                let detail = one_line(c.detail.get(lang));
                let reason = one_line(c.reason.get(lang));
                let _ = match lang {
                    Lang::Zh => writeln!(out, "- {target} {detail}（{reason}）"),
                    Lang::En => writeln!(out, "- {target} {detail} — {reason}"),
                };
            }
        }
    }
    out
}

/// The JSON document of docs/spec.md §4, plus `attribute` and `reason` on each change.
pub fn json(log: &Changelog, lang: Lang) -> Value {
    let changes: Vec<Value> = log
        .changes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.as_str(),
                "target": c.target,
                "attribute": c.attribute,
                "impact": c.impact.as_str(),
                "detail": c.detail.get(lang),
                "reason": c.reason.get(lang),
            })
        })
        .collect();
    json!({
        "from": log.from,
        "to": log.to,
        "required_bump": log.required_bump().as_str(),
        "changes": changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::{diff, test_support::*};

    fn sample() -> Changelog {
        let old = base("1.0.0");
        let mut new = base("2.0.0");
        new.elements[0].definition = Some("新的定义".into());
        new.elements.push(element("DE00009", "联系电话"));
        new.codelists[0].values.retain(|v| v.code != "9");
        let new = rebuild(new, "2.0.0");
        diff(&old, &new)
    }

    #[test]
    fn markdown_groups_by_impact_then_kind() {
        let md = markdown(&sample(), Lang::En);
        assert!(md.starts_with("## 2.0.0\n"), "{md}");
        assert!(md.contains("required bump: **major**"), "{md}");
        let breaking = md.find("### Breaking changes").unwrap();
        let compatible = md.find("### Compatible changes").unwrap();
        let cosmetic = md.find("### Cosmetic changes").unwrap();
        assert!(breaking < compatible && compatible < cosmetic, "{md}");
        assert!(
            md.contains("#### Codes removed\n\n- `GB/T 2261.1-2003:9` code 9"),
            "{md}"
        );
        assert!(
            md.contains("- `DE00009` element DE00009 联系电话 added"),
            "{md}"
        );
        let zh = markdown(&sample(), Lang::Zh);
        assert!(
            zh.contains("### 不兼容变更") && zh.contains("主版本（major）"),
            "{zh}"
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let v = json(&sample(), Lang::En);
        assert_eq!(v["from"], "1.0.0");
        assert_eq!(v["to"], "2.0.0");
        assert_eq!(v["required_bump"], "major");
        let changes = v["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 3);
        let removed = changes
            .iter()
            .find(|c| c["kind"] == "code-removed")
            .unwrap();
        assert_eq!(removed["target"], "GB/T 2261.1-2003:9");
        assert_eq!(removed["impact"], "breaking");
        assert!(removed["detail"].as_str().unwrap().contains("code 9"));
        assert!(!removed["reason"].as_str().unwrap().is_empty());
    }

    #[test]
    fn empty_changelog_says_so() {
        let d = base("1.0.0");
        let md = markdown(&diff(&d, &d), Lang::En);
        assert!(
            md.contains("required bump: **none**") && md.contains("No changes."),
            "{md}"
        );
    }
}
