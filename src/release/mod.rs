//! Dictionary releases: what changed between two releases, how much that change matters
//! to the departments that validate against the dictionary, and the semver bump it needs.
//!
//! The yardstick for impact is validation: a change is **breaking** when an export that
//! passed against the old release can fail against the new one (or a consumer loses
//! something it relied on), **compatible** when everything valid stays valid and something
//! is added or loosened, and **cosmetic** when no export and no consumer can tell.

use std::fmt;

use serde::Serialize;

use crate::dictionary::Origin;
use crate::text::Text;

pub mod check;
mod diff;
mod format_relation;
pub mod notes;
pub mod render;
pub mod report;
pub mod revision;
#[cfg(test)]
pub(crate) mod test_support;

pub use check::{check, CheckCode, CheckProblem};
pub use diff::diff;
pub use format_relation::{format_relation, Relation};

/// How much a change matters to the users of a dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// An export valid against the old release may fail against the new one.
    Breaking,
    /// Something was added or loosened; what was valid stays valid.
    Compatible,
    /// Wording and documentation only.
    Cosmetic,
}

impl Impact {
    pub const ALL: [Impact; 3] = [Impact::Breaking, Impact::Compatible, Impact::Cosmetic];

    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
            Impact::Cosmetic => "cosmetic",
        }
    }

    /// The semver bump a change of this impact needs.
    pub fn bump(self) -> Bump {
        match self {
            Impact::Breaking => Bump::Major,
            Impact::Compatible => Bump::Minor,
            Impact::Cosmetic => Bump::Patch,
        }
    }
}

/// A semver bump, ordered from none to major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump from `old` to `new`, or `None` when `new` is not greater.
    ///
    /// Below 1.0.0 the convention of Cargo applies: the minor number is the breaking one,
    /// so 0.1.0 → 0.2.0 is a major bump and 0.1.0 → 0.1.1 a minor one.
    pub fn between(old: &semver::Version, new: &semver::Version) -> Option<Bump> {
        if new <= old {
            return None;
        }
        let bump = if new.major > old.major {
            Bump::Major
        } else if new.minor > old.minor {
            if old.major == 0 {
                Bump::Major
            } else {
                Bump::Minor
            }
        } else if new.patch > old.patch {
            if old.major == 0 {
                Bump::Minor
            } else {
                Bump::Patch
            }
        } else {
            // Only the pre-release or build part moved (1.0.0-rc.1 → 1.0.0).
            Bump::None
        };
        Some(bump)
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! kinds {
    ($( $variant:ident => $kind:literal, $zh:literal, $en:literal; )*) => {
        /// What sort of change. The kebab-case string is public API (`diff --format json`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $( $variant, )*
        }

        impl ChangeKind {
            pub const ALL: &'static [ChangeKind] = &[ $( ChangeKind::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( ChangeKind::$variant => $kind, )* }
            }

            /// A heading for the changelog.
            pub fn title(self) -> Text {
                match self { $( ChangeKind::$variant => Text::new($zh, $en), )* }
            }
        }
    };
}

kinds! {
    ElementAdded => "element-added", "新增数据元", "Elements added";
    ElementRemoved => "element-removed", "删除数据元", "Elements removed";
    ElementChanged => "element-changed", "数据元属性变更", "Element attributes changed";
    ElementRetired => "element-retired", "数据元废止", "Elements retired";
    ElementSuperseded => "element-superseded", "数据元被替代", "Elements superseded";
    CodeAdded => "code-added", "新增代码", "Codes added";
    CodeRemoved => "code-removed", "删除代码", "Codes removed";
    CodeRenamed => "code-renamed", "代码名称变更", "Codes renamed";
    CodeChanged => "code-changed", "代码属性变更", "Code attributes changed";
    CodelistAdded => "codelist-added", "新增代码表", "Code lists added";
    CodelistRemoved => "codelist-removed", "删除代码表", "Code lists removed";
    CodelistChanged => "codelist-changed", "代码表属性变更", "Code list attributes changed";
    CodelistReplaced => "codelist-replaced", "数据元更换代码表", "Code lists replaced for an element";
    DatasetAdded => "dataset-added", "新增数据集", "Datasets added";
    DatasetRemoved => "dataset-removed", "删除数据集", "Datasets removed";
    DatasetChanged => "dataset-changed", "数据集属性变更", "Dataset attributes changed";
    FieldAdded => "field-added", "数据集新增字段", "Dataset fields added";
    FieldRemoved => "field-removed", "数据集删除字段", "Dataset fields removed";
    FieldChanged => "field-changed", "数据集字段变更", "Dataset fields changed";
    ManifestChanged => "manifest-changed", "发布清单变更", "Manifest changed";
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between two releases.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// `DE00001`, `GB/T 2261.1-2003:9` (code list and code),
    /// `enterprise-registration/DE01001` (dataset and field), `manifest`.
    pub target: String,
    /// The attribute that changed (`format`, `required`, …), when one did.
    pub attribute: Option<String>,
    pub impact: Impact,
    /// What changed, with old and new values.
    pub detail: Text,
    /// Why the change has its impact.
    pub reason: Text,
    /// Where the changed thing is defined: in the new release, or in the old one when it
    /// was removed.
    pub origin: Option<Origin>,
}

/// Everything that changed from one release to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Changelog {
    /// Version of the old release (as written in its manifest).
    pub from: String,
    /// Version of the new release.
    pub to: String,
    /// In a stable order: manifest, code lists, elements, datasets; each by id.
    pub changes: Vec<Change>,
}

impl Changelog {
    /// Major if anything breaks, minor if anything was added or loosened, patch if only
    /// wording changed, none when nothing did.
    pub fn required_bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| c.impact.bump())
            .max()
            .unwrap_or(Bump::None)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes of one impact, in changelog order.
    pub fn with_impact(&self, impact: Impact) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.impact == impact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn bumps_between_versions() {
        assert_eq!(Bump::between(&v("1.0.0"), &v("2.0.0")), Some(Bump::Major));
        assert_eq!(Bump::between(&v("1.0.0"), &v("1.1.0")), Some(Bump::Minor));
        assert_eq!(Bump::between(&v("1.0.0"), &v("1.0.1")), Some(Bump::Patch));
        assert_eq!(Bump::between(&v("1.2.3"), &v("1.2.3")), None);
        assert_eq!(Bump::between(&v("1.2.3"), &v("1.1.9")), None);
        assert_eq!(Bump::between(&v("0.1.0"), &v("0.2.0")), Some(Bump::Major));
        assert_eq!(Bump::between(&v("0.1.0"), &v("0.1.1")), Some(Bump::Minor));
        assert_eq!(
            Bump::between(&v("2.0.0-rc.1"), &v("2.0.0")),
            Some(Bump::None)
        );
    }

    #[test]
    fn kinds_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for k in ChangeKind::ALL {
            assert!(seen.insert(k.as_str()), "{k} twice");
            assert!(k
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }
}
