//! E-mail addresses: a practical subset of the RFC 5322 `addr-spec` (with RFC 6531
//! internationalised characters allowed).
//!
//! Accepted: `local@domain` where the local part is 1–64 characters of letters, digits and
//! ``!#$%&'*+/=?^_`{|}~-`` in dot-separated atoms (no leading, trailing or double dots), and
//! the domain is at least two dot-separated labels of letters, digits and inner hyphens,
//! each label 1–63 characters, 253 at most in all. Not accepted, because exports never
//! need them and they mostly signal a typo: quoted local parts, comments, IP-literal
//! domains, single-label domains. Failures are `format-mismatch` (no check character).

use super::Violation;
use crate::finding::Code;
use crate::text::Text;

fn is_atext(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn dot_atoms(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(&ok))
}

fn is_label(label: &str) -> bool {
    let n = label.chars().count();
    (1..=63).contains(&n)
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// Whether `domain` is a host name of at least two labels.
pub(crate) fn is_domain(domain: &str) -> bool {
    domain.len() <= 253 && domain.contains('.') && domain.split('.').all(is_label)
}

pub fn check(value: &str) -> Result<(), Violation> {
    let ok = value.chars().count() <= 254
        && value.rsplit_once('@').is_some_and(|(local, domain)| {
            local.chars().count() <= 64 && dot_atoms(local, is_atext) && is_domain(domain)
        });
    if ok {
        Ok(())
    } else {
        Err(Violation {
            code: Code::FormatMismatch,
            message: Text::new(
                "不是有效的电子邮件地址（应为 名称@域名）",
                "not a valid e-mail address (expected name@domain)",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_addresses() {
        for v in [
            "user@example.com",
            "first.last+tag@mail.example.gov.cn",
            "o'brien@example.ie",
            "x@a-b.cn",
            "张三@例子.中国",
        ] {
            assert!(check(v).is_ok(), "{v}");
        }
    }

    #[test]
    fn rejects_others() {
        for v in [
            "",
            "user",
            "user@",
            "@example.com",
            "user@localhost",
            "user@@example.com",
            "user@example..com",
            ".user@example.com",
            "us..er@example.com",
            "user.@example.com",
            "user@-example.com",
            "user@example-.com",
            "us er@example.com",
            "user@exa mple.com",
            "\"quoted\"@example.com",
        ] {
            assert_eq!(check(v).unwrap_err().code, Code::FormatMismatch, "{v}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert!(check(&long_local).is_err());
    }
}
