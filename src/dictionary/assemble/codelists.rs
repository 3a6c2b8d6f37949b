//! Code lists: unique ids across files, unique codes within a list.

use std::collections::HashSet;

use super::{Defined, First, Source};
use crate::dictionary::model::{CodeList, CodeValue};
use crate::dictionary::node::PathSegment::{Index as I, Key as K};
use crate::dictionary::problem::{codes, Problem, Severity};
use crate::dictionary::raw::RawCodeList;
use crate::text::Text;

/// The code lists of every source, and where each id was defined.
pub(super) fn check<'a>(
    sources: &'a [Source],
    problems: &mut Vec<Problem>,
) -> (Vec<CodeList>, Defined<'a>) {
    let mut codelists: Vec<CodeList> = Vec::new();
    let mut first_at: Defined<'a> = Defined::new();
    for src in sources {
        for (i, raw) in src.items::<RawCodeList>("codelists") {
            if let Some(first) = first_at.get(&raw.id) {
                problems.push(src.problem(
                    Severity::Error,
                    codes::DUPLICATE_CODELIST,
                    &[K("codelists"), I(i), K("id")],
                    Text::new(
                        format!("代码表 `{}` 已在 {} 定义", raw.id, first.text()),
                        format!(
                            "code list `{}` is already defined at {}",
                            raw.id,
                            first.text()
                        ),
                    ),
                ));
                continue;
            }
            check_codes(src, i, &raw, problems);
            let origin = src.origin(&[K("codelists"), I(i)]);
            first_at.insert(
                raw.id.clone(),
                First {
                    file: &src.path,
                    line: origin.line,
                },
            );
            let values = raw
                .values
                .into_iter()
                .map(|v| CodeValue {
                    code: v.code,
                    name: v.name,
                    name_en: v.name_en,
                    aliases: v.aliases,
                })
                .collect();
            codelists.push(CodeList::new(raw.id, raw.name, raw.name_en, values, origin));
        }
    }
    (codelists, first_at)
}

/// Reports each code repeated within the list at index `i`.
fn check_codes(src: &Source, i: usize, raw: &RawCodeList, problems: &mut Vec<Problem>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (j, v) in raw.values.iter().enumerate() {
        if !seen.insert(v.code.as_str()) {
            problems.push(src.problem(
                Severity::Error,
                codes::DUPLICATE_CODE,
                &[K("codelists"), I(i), K("values"), I(j), K("code")],
                Text::new(
                    format!("代码表 `{}` 中代码 `{}` 重复", raw.id, v.code),
                    format!("code `{}` is repeated in code list `{}`", v.code, raw.id),
                ),
            ));
        }
    }
}
