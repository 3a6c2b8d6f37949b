//! Element status: registration moves, retirements and successors.

use super::{from_to, show, Log};
use crate::dictionary::{Element, Status};
use crate::release::{ChangeKind, Impact};
use crate::text::Text;

/// A status move is never breaking: a retired or superseded element stays usable until a
/// later release removes it.
pub(super) fn status(o: &Element, n: &Element, log: &mut Log) {
    let id = o.id.as_str();
    if o.status != n.status {
        let detail = from_to("status", Some(o.status.as_str()), Some(n.status.as_str()));
        match n.status {
            Status::Retired => log
                .add(
                    ChangeKind::ElementRetired,
                    id,
                    Some("status"),
                    Impact::Compatible,
                    detail,
                )
                .at(&n.origin)
                .because(
                    "标记为废止，仍可使用，将在以后的版本中删除",
                    "marked retired: still usable, to be removed in a later release",
                ),
            Status::Superseded => {
                let by = show(n.superseded_by.as_deref());
                log.add(
                    ChangeKind::ElementSuperseded,
                    id,
                    Some("status"),
                    Impact::Compatible,
                    Text::new(
                        format!("{}，由 {by} 替代", detail.zh),
                        format!("{}, superseded by {by}", detail.en),
                    ),
                )
                .at(&n.origin)
                .because(
                    "标记为被替代，仍可使用，将在以后的版本中删除",
                    "marked superseded: still usable, to be removed in a later release",
                );
            }
            _ => log
                .add(
                    ChangeKind::ElementChanged,
                    id,
                    Some("status"),
                    Impact::Compatible,
                    detail,
                )
                .at(&n.origin)
                .because(
                    "注册状态变化，不影响校验",
                    "a registration status move: validation is unaffected",
                ),
        }
    } else if o.superseded_by != n.superseded_by {
        log.add(
            ChangeKind::ElementChanged,
            id,
            Some("superseded_by"),
            Impact::Compatible,
            from_to(
                "superseded_by",
                o.superseded_by.as_deref(),
                n.superseded_by.as_deref(),
            ),
        )
        .at(&n.origin)
        .because(
            "替代关系变化，不影响校验",
            "a new successor: validation is unaffected",
        );
    }
}
