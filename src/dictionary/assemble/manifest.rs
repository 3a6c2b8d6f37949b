//! The manifest: its release version and classification scheme.

use semver::Version;

use super::Source;
use crate::dictionary::model::{Level, Manifest};
use crate::dictionary::node::PathSegment::{Index as I, Key as K};
use crate::dictionary::problem::{codes, Problem, Severity};
use crate::dictionary::raw::{RawLevel, RawManifest};
use crate::text::Text;

/// The release version, when it is a semantic version; reports it when it is not.
pub(super) fn release(
    src: &Source,
    raw: &RawManifest,
    problems: &mut Vec<Problem>,
) -> Option<Version> {
    let v = raw.version.as_deref()?;
    let release = Version::parse(v.trim()).ok();
    if release.is_none() {
        problems.push(src.problem(
            Severity::Error,
            codes::INVALID_VERSION,
            &[K("version")],
            Text::new(
                format!("版本号 `{v}` 不是语义化版本（如 1.2.0）"),
                format!("version `{v}` is not a semantic version (such as 1.2.0)"),
            ),
        ));
    }
    release
}

/// The classification levels, each once; a repeated level is reported and dropped.
pub(super) fn classification(src: &Source, problems: &mut Vec<Problem>) -> Vec<Level> {
    let mut levels: Vec<Level> = Vec::new();
    for (i, l) in src.items::<RawLevel>("classification") {
        if levels.iter().any(|x| x.level == l.level) {
            problems.push(src.problem(
                Severity::Error,
                codes::DUPLICATE_LEVEL,
                &[K("classification"), I(i), K("level")],
                Text::new(
                    format!("分级 `{}` 重复定义", l.level),
                    format!("classification level `{}` is defined twice", l.level),
                ),
            ));
            continue;
        }
        levels.push(Level {
            level: l.level,
            name: l.name,
            mask: l.mask,
            open: l.open,
        });
    }
    levels
}

/// The manifest model; `None` when a field the schema requires is missing.
pub(super) fn build(raw: RawManifest, levels: Vec<Level>) -> Option<Manifest> {
    let (Some(id), Some(name), Some(version)) = (raw.id, raw.name, raw.version) else {
        return None;
    };
    Some(Manifest {
        format_version: raw.govdict.unwrap_or(1),
        id,
        name,
        name_en: raw.name_en,
        version,
        released: raw.released,
        authority: raw.authority,
        license: raw.license,
        classification: levels,
    })
}
