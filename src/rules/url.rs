//! URLs: an absolute `http` or `https` URL with a host (RFC 3986 `absolute-URI` restricted
//! to the web schemes a dictionary element would hold).
//!
//! Accepted: `http://` or `https://` (scheme case-insensitive), optional `user@`, a host
//! that is a domain name (letters, digits, hyphens, dots; `localhost` too), an IPv4
//! address or a bracketed IPv6 literal, an optional port 0–65535, then any path, query and
//! fragment without white space or control characters. Failures are `format-mismatch`.

use super::Violation;
use crate::finding::Code;
use crate::text::Text;

fn is_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if !host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let mut parts = 0;
        for part in host.split('.') {
            parts += 1;
            if part.is_empty() || part.len() > 3 || part.parse::<u8>().is_err() {
                return false;
            }
        }
        return parts == 4;
    }
    super::email::is_domain(host.strip_suffix('.').unwrap_or(host))
}

fn is_authority(authority: &str) -> bool {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // A port follows the last colon unless that colon is inside an IPv6 literal.
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (host_port, None),
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok()
    });
    port_ok && is_host(host)
}

fn scheme_rest(value: &str) -> Option<&str> {
    for scheme in ["https://", "http://"] {
        if let Some(head) = value.get(..scheme.len()) {
            if head.eq_ignore_ascii_case(scheme) {
                return value.get(scheme.len()..);
            }
        }
    }
    None
}

pub fn check(value: &str) -> Result<(), Violation> {
    let ok = !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && scheme_rest(value).is_some_and(|rest| {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            rest.get(..end).is_some_and(is_authority)
        });
    if ok {
        Ok(())
    } else {
        Err(Violation {
            code: Code::FormatMismatch,
            message: Text::new(
                "不是有效的网址（应为带主机名的 http:// 或 https:// 地址）",
                "not a valid URL (expected an http:// or https:// address with a host)",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_urls() {
        for v in [
            "https://www.gov.cn",
            "http://www.gov.cn/zhengce/index.htm",
            "HTTPS://Example.com:8443/a?b=c#d",
            "https://user@example.com/",
            "http://192.168.1.10:8080/api",
            "http://[2001:db8::1]:80/",
            "http://localhost/",
            "https://政府.中国/路径",
        ] {
            assert!(check(v).is_ok(), "{v}");
        }
    }

    #[test]
    fn rejects_others() {
        for v in [
            "",
            "www.gov.cn",
            "ftp://example.com/",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/a b",
            "https://example.com:99999/",
            "https://example.com:/",
            "http://300.1.1.1/",
            "http://1.2.3/",
            "https://-bad.com",
            "mailto:user@example.com",
        ] {
            assert_eq!(check(v).unwrap_err().code, Code::FormatMismatch, "{v}");
        }
    }
}
