//! The release gate (`govdict release check`): may NEW be published as the successor of
//! OLD? Every reason it may not is a located problem.
//!
//! Id reuse heuristic: an id is reused for a different concept when, between the two
//! releases, the element's name changed (and the old name was not kept as a synonym) **and**
//! its data element concept changed — its object class or property term differs, where at
//! least one side states them. A rename alone is allowed (wording improves); a concept
//! change alone is allowed (terms get corrected); both at once means the id now names
//! something else, which ISO/IEC 11179 forbids (identifiers are never reused).

use super::{diff, Bump, Changelog, Impact};
use crate::diagnostic::{codes, Located};
use crate::dictionary::{Dictionary, Element, Status};
use crate::text::Text;

codes! {
    /// Why a release is refused. The kebab-case string is public API.
    pub enum CheckCode in "release" {
        /// A version is not valid semver.
        InvalidVersion => "invalid-version", Error, "版本号不是语义化版本", "a version is not semver";
        /// The new version is not greater than the old.
        VersionNotGreater => "version-not-greater", Error, "新版本不大于上一版本", "the new version is not greater than the previous";
        /// The version moved less than the changes require.
        BumpTooSmall => "bump-too-small", Error, "版本升级小于变更所需", "the version moved less than the changes require";
        /// A new element's `since` is not the new version.
        SinceMismatch => "since-mismatch", Error, "新数据元的 since 不是本版本", "a new element's `since` is not this release";
        /// An element disappeared without being retired or superseded first.
        RemovedWithoutRetirement => "removed-without-retirement", Error, "数据元未经废止即被删除", "an element was removed without being retired first";
        /// An id names a different concept than before.
        IdReused => "id-reused", Error, "标识被重用于不同的概念", "an id is reused for a different concept";
    }
}

/// One reason the gate refuses a release: located at the element in NEW (or in OLD when
/// it was removed); `origin` is `None` for version problems.
pub type CheckProblem = Located<CheckCode>;

/// The gate's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    pub changelog: Changelog,
    /// The bump from the old version to the new, when both parse and the new is greater.
    pub actual_bump: Option<Bump>,
    pub problems: Vec<CheckProblem>,
}

impl CheckOutcome {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks that `new` may be released as the successor of `old`.
pub fn check(old: &Dictionary, new: &Dictionary) -> CheckOutcome {
    let changelog = diff(old, new);
    let mut problems = Vec::new();
    let old_v = parse_version(&old.manifest.version, "OLD", &mut problems);
    let new_v = parse_version(&new.manifest.version, "NEW", &mut problems);
    let mut actual_bump = None;
    if let (Some(o), Some(n)) = (&old_v, &new_v) {
        actual_bump = Bump::between(o, n);
        match actual_bump {
            None => problems.push(
                Located::new(
                    CheckCode::VersionNotGreater,
                    Text::new(
                        format!("新版本 {n} 不大于上一版本 {o}"),
                        format!("the new version {n} is not greater than the previous {o}"),
                    ),
                )
                .with_help(Text::new(
                    "在 dictionary.yaml 中提高 version",
                    "raise `version` in dictionary.yaml",
                )),
            ),
            Some(actual) => {
                let required = changelog.required_bump();
                if actual < required {
                    problems.push(bump_too_small(&changelog, o, n, actual, required));
                }
            }
        }
    }
    for e in &new.elements {
        if old.element(&e.id).is_none() {
            since(e, &new.manifest.version, new_v.as_ref(), &mut problems);
        }
    }
    for o in &old.elements {
        match new.element(&o.id) {
            None if !matches!(o.status, Status::Retired | Status::Superseded) => {
                problems.push(removed_without_retirement(o));
            }
            None => {}
            Some(n) if id_reused(o, n) => problems.push(id_reused_problem(o, n)),
            Some(_) => {}
        }
    }
    CheckOutcome {
        changelog,
        actual_bump,
        problems,
    }
}

fn parse_version(
    text: &str,
    side: &str,
    problems: &mut Vec<CheckProblem>,
) -> Option<semver::Version> {
    match semver::Version::parse(text.trim()) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(
                Located::new(
                    CheckCode::InvalidVersion,
                    Text::new(
                        format!("{side} 的版本号 `{text}` 不是语义化版本：{e}"),
                        format!("the version `{text}` of {side} is not semver: {e}"),
                    ),
                )
                .with_help(Text::new("版本号形如 1.2.0", "versions look like 1.2.0")),
            );
            None
        }
    }
}

fn bump_too_small(
    log: &Changelog,
    old: &semver::Version,
    new: &semver::Version,
    actual: Bump,
    required: Bump,
) -> CheckProblem {
    // Name the changes that force the bump, a few of them, so the fix is obvious.
    let forcing: Vec<String> = log
        .changes
        .iter()
        .filter(|c| c.impact.bump() > actual)
        .take(5)
        .map(|c| format!("{} {}", c.kind, c.target))
        .collect();
    let more = log
        .changes
        .iter()
        .filter(|c| c.impact.bump() > actual)
        .count()
        .saturating_sub(forcing.len());
    let mut list = forcing.join(", ");
    if more > 0 {
        list.push_str(&format!(" (+{more})"));
    }
    let breaking = log.with_impact(Impact::Breaking).count();
    Located::new(
        CheckCode::BumpTooSmall,
        Text::new(
            format!(
                "{old} → {new} 是 {} 升级，但变更需要 {} 升级",
                actual.as_str(),
                required.as_str()
            ),
            format!("{old} → {new} is a {actual} bump, but the changes require a {required} bump"),
        ),
    )
    .with_help(Text::new(
        format!("需要更高版本的变更（{breaking} 项不兼容）：{list}"),
        format!("changes that need more ({breaking} breaking): {list}"),
    ))
}

fn since(
    e: &Element,
    version: &str,
    parsed: Option<&semver::Version>,
    problems: &mut Vec<CheckProblem>,
) {
    let matches = match (e.since.as_deref(), parsed) {
        (Some(s), Some(v)) => {
            semver::Version::parse(s.trim()).map_or(s.trim() == version, |s| &s == v)
        }
        (Some(s), None) => s.trim() == version,
        (None, _) => false,
    };
    if matches {
        return;
    }
    let shown = e.since.as_deref().unwrap_or("—");
    problems.push(
        Located::new(
            CheckCode::SinceMismatch,
            Text::new(
                format!(
                    "新数据元 {} 的 since 为 {shown}，应为本版本 {version}",
                    e.id
                ),
                format!(
                    "the new element {} has since {shown}, not this release's version {version}",
                    e.id
                ),
            ),
        )
        .with_help(Text::new(
            format!("设为 since: {version}"),
            format!("set `since: {version}`"),
        ))
        .with_origin(Some(e.origin.clone())),
    );
}

fn removed_without_retirement(o: &Element) -> CheckProblem {
    Located::new(
        CheckCode::RemovedWithoutRetirement,
        Text::new(
            format!(
                "数据元 {} {} 被删除，但在上一版本中未标记为废止或被替代",
                o.id, o.name
            ),
            format!(
                "element {} {} was removed without being retired or superseded in the previous release",
                o.id, o.name
            ),
        ),
    )
    .with_help(Text::new(
        "先在一个版本中将其 status 设为 retired 或 superseded，再在以后的版本中删除",
        "first mark it `status: retired` or `superseded` in a release, remove it in a later one",
    ))
    .with_origin(Some(o.origin.clone()))
}

fn id_reused_problem(o: &Element, n: &Element) -> CheckProblem {
    Located::new(
        CheckCode::IdReused,
        Text::new(
            format!("标识 {} 被重用于不同的概念：{} → {}", o.id, o.name, n.name),
            format!(
                "the id {} is reused for a different concept: {} → {}",
                o.id, o.name, n.name
            ),
        ),
    )
    .with_help(Text::new(
        "标识永不重用：为新概念分配新标识，并将旧数据元标记为废止",
        "ids are never reused: give the new concept a new id and retire the old element",
    ))
    .with_origin(Some(n.origin.clone()))
}

/// See the module documentation.
fn id_reused(old: &Element, new: &Element) -> bool {
    let renamed = old.name != new.name && !new.synonyms.contains(&old.name);
    let stated = |e: &Element| e.object_class.is_some() || e.property.is_some();
    let concept_changed = (stated(old) || stated(new))
        && (old.object_class != new.object_class || old.property != new.property);
    renamed && concept_changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::test_support::*;

    fn codes(o: &CheckOutcome) -> Vec<CheckCode> {
        o.problems.iter().map(|p| p.code).collect()
    }

    fn with_breaking_change(version: &str) -> Dictionary {
        let mut new = base(version);
        new.codelists[0].values.retain(|v| v.code != "9");
        rebuild(new, version)
    }

    #[test]
    fn refuses_a_minor_bump_for_a_breaking_change() {
        let old = base("1.0.0");
        let out = check(&old, &with_breaking_change("1.1.0"));
        assert_eq!(codes(&out), vec![CheckCode::BumpTooSmall]);
        assert_eq!(out.actual_bump, Some(Bump::Minor));
        let help = out.problems[0].help.as_ref().unwrap();
        assert!(
            help.en.contains("code-removed GB/T 2261.1-2003:9"),
            "{}",
            help.en
        );
        assert!(!out.passed());
    }

    #[test]
    fn accepts_a_major_bump_for_a_breaking_change() {
        let out = check(&base("1.0.0"), &with_breaking_change("2.0.0"));
        assert!(out.passed(), "{:?}", out.problems);
        assert_eq!(out.actual_bump, Some(Bump::Major));
    }

    #[test]
    fn refuses_a_version_that_is_not_greater() {
        let out = check(&base("1.2.0"), &base("1.2.0"));
        assert_eq!(codes(&out), vec![CheckCode::VersionNotGreater]);
        let out = check(&base("1.2.0"), &base("1.1.0"));
        assert_eq!(codes(&out), vec![CheckCode::VersionNotGreater]);
        let out = check(&base("1.2.0"), &base("next"));
        assert_eq!(codes(&out), vec![CheckCode::InvalidVersion]);
    }

    #[test]
    fn new_elements_need_since_of_this_release() {
        let old = base("1.0.0");
        let mut new = base("1.1.0");
        let mut good = element("DE00010", "电子邮箱");
        good.since = Some("1.1.0".into());
        let mut stale = element("DE00011", "联系电话");
        stale.since = Some("1.0.0".into());
        stale.origin = origin("elements/contact.yaml", 42);
        let mut missing = element("DE00012", "传真");
        missing.since = None;
        new.elements.extend([good, stale, missing]);
        let out = check(&old, &rebuild(new, "1.1.0"));
        assert_eq!(
            codes(&out),
            vec![CheckCode::SinceMismatch, CheckCode::SinceMismatch]
        );
        let first = &out.problems[0];
        assert_eq!(first.origin.as_ref().map(|o| o.line), Some(42));
        assert!(first.message.en.contains("DE00011"));
        assert!(out.problems[1].message.en.contains("DE00012"));
    }

    #[test]
    fn removal_needs_retirement_first() {
        let mut old = base("1.0.0");
        old.elements[1].status = Status::Retired;
        old.elements[1].origin = origin("old/elements.yaml", 7);
        let old = rebuild(old, "1.0.0");
        // Both elements go: only the one that was not retired is a problem.
        let mut new = base("2.0.0");
        new.elements.clear();
        new.datasets.clear();
        let out = check(&old, &rebuild(new, "2.0.0"));
        assert_eq!(codes(&out), vec![CheckCode::RemovedWithoutRetirement]);
        assert!(out.problems[0].message.en.contains("DE00001"));
        assert_eq!(out.problems[0].origin.as_ref().map(|o| o.line), Some(10));
    }

    #[test]
    fn detects_reused_ids() {
        let mut old = base("1.0.0");
        old.elements[0].object_class = Some("公民".into());
        old.elements[0].property = Some("身份".into());
        let old = rebuild(old, "1.0.0");

        // A rename with the same concept is fine.
        let mut renamed = old.clone();
        renamed.elements[0].name = "居民身份号码".into();
        let out = check(&old, &rebuild(renamed, "2.0.0"));
        assert!(out.passed(), "{:?}", out.problems);

        // A new name and a new concept: the id now means something else.
        let mut reused = old.clone();
        reused.elements[0].name = "企业名称".into();
        reused.elements[0].object_class = Some("企业".into());
        reused.elements[0].property = Some("名称".into());
        let out = check(&old, &rebuild(reused, "2.0.0"));
        assert_eq!(codes(&out), vec![CheckCode::IdReused]);

        // The same, but the old name is kept as a synonym: a deliberate rename.
        let mut kept = old.clone();
        kept.elements[0].name = "企业名称".into();
        kept.elements[0].synonyms.push("公民身份号码".into());
        kept.elements[0].object_class = Some("企业".into());
        let out = check(&old, &rebuild(kept, "2.0.0"));
        assert!(out.passed(), "{:?}", out.problems);
    }
}
