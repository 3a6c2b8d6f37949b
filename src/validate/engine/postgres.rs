//! `govdict validate postgres://…`: the query of `export --to sql-checks` run on a
//! PostgreSQL server, its findings read into a [`FileReport`] as `govdict report` reads an
//! engine's file.
//!
//! The input is a libpq connection URI with one more parameter, `table`:
//! `postgresql://USER[:PASSWORD]@[HOST][:PORT]/DB?table=[SCHEMA.]TABLE`, a Unix socket as
//! libpq takes it (`?host=/run/postgresql`). The password never leaves this module: reports
//! and messages name the source by [`PgUrl::display`], the URL without it.
//!
//! The URL is parsed here without the client (and tested without a server); connecting
//! needs the cargo feature `postgres` (the `postgres` crate, without TLS).

use std::fmt;

use crate::text::Text;

/// The schemes of a PostgreSQL connection URI, as libpq accepts them.
const SCHEMES: [&str; 2] = ["postgresql://", "postgres://"];

/// Whether an input names a PostgreSQL table rather than a file.
pub fn is_url(input: &str) -> bool {
    SCHEMES
        .iter()
        .any(|s| input.len() >= s.len() && input[..s.len()].eq_ignore_ascii_case(s))
}

/// A parsed `postgres://…?table=T` input.
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl {
    /// What the client connects with: the URL without `table`, password kept.
    connect: String,
    /// The password as written in the URL (user info or `password=`), for scrubbing
    /// messages; empty when there is none.
    secrets: Vec<String>,
    /// The table as given: `name` or `schema.name`, percent-decoded.
    pub table: String,
    /// The URL without any password: what reports and messages show.
    pub display: String,
}

impl fmt::Debug for PgUrl {
    // Derived Debug would print the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgUrl")
            .field("table", &self.table)
            .field("display", &self.display)
            .finish_non_exhaustive()
    }
}

impl PgUrl {
    /// Parses `postgres[ql]://[USER[:PASSWORD]@][HOST][:PORT][/DB][?PARAMS]` with a
    /// `table` parameter. Other parameters go to the client as written.
    pub fn parse(input: &str) -> Result<PgUrl, Text> {
        let scheme_len = SCHEMES
            .iter()
            .find(|s| is_url(input) && input[..s.len()].eq_ignore_ascii_case(s))
            .map(|s| s.len())
            .ok_or_else(|| {
                Text::new(
                    "不是 postgres:// 或 postgresql:// 地址",
                    "not a postgres:// or postgresql:// URL",
                )
            })?;
        let (scheme, rest) = input.split_at(scheme_len);
        if rest.contains('#') {
            return Err(Text::new(
                "连接地址不能含 #（密码中的 # 请写成 %23）",
                "the URL may not contain # (write # in a password as %23)",
            ));
        }
        let (head, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = match head.find('/') {
            Some(i) => head.split_at(i),
            None => (head, ""),
        };
        let mut secrets = Vec::new();
        // libpq splits user info at the last `@` of the authority.
        let (user, host) = match authority.rfind('@') {
            Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
            None => (None, authority),
        };
        let user = user.map(|u| match u.split_once(':') {
            Some((name, password)) => {
                secrets.push(password.to_owned());
                (name, Some(password))
            }
            None => (u, None),
        });

        let mut table = None;
        let mut connect_params = Vec::new();
        let mut shown_params = Vec::new();
        for param in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = param.split_once('=').ok_or_else(|| {
                Text::new(
                    format!("参数 `{}` 缺少 =值", redact_param(param)),
                    format!("the parameter `{}` has no =value", redact_param(param)),
                )
            })?;
            match key {
                "table" => {
                    if table.is_some() {
                        return Err(Text::new(
                            "参数 table 出现了不止一次",
                            "the parameter table is given more than once",
                        ));
                    }
                    table = Some(percent_decode(value)?);
                    shown_params.push(param.to_owned());
                }
                "password" => {
                    secrets.push(value.to_owned());
                    connect_params.push(param);
                }
                _ => {
                    connect_params.push(param);
                    shown_params.push(param.to_owned());
                }
            }
        }
        let table = table.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            Text::new(
                "连接地址没有指定表：请加上 ?table=表名（或 &table=模式.表名）",
                "the URL names no table: add ?table=NAME (or &table=SCHEMA.NAME)",
            )
        })?;
        table_sql(&table)?;
        // Decoded forms too: a client message could show either.
        let decoded: Vec<String> = secrets
            .iter()
            .filter_map(|s| percent_decode(s).ok())
            .collect();
        secrets.extend(decoded);
        secrets.retain(|s| !s.is_empty());

        let user_info = |with_password: bool| match user {
            None => String::new(),
            Some((name, Some(password))) if with_password => format!("{name}:{password}@"),
            Some((name, _)) => format!("{name}@"),
        };
        let with_query = |base: String, params: &[&str]| {
            if params.is_empty() {
                base
            } else {
                format!("{base}?{}", params.join("&"))
            }
        };
        let connect = with_query(
            format!("{scheme}{}{host}{path}", user_info(true)),
            &connect_params,
        );
        let shown: Vec<&str> = shown_params.iter().map(String::as_str).collect();
        let display = with_query(format!("{scheme}{}{host}{path}", user_info(false)), &shown);
        Ok(PgUrl {
            connect,
            secrets,
            table,
            display,
        })
    }

    /// The table as SQL: each dot-separated part a quoted identifier.
    pub fn table_sql(&self) -> String {
        table_sql(&self.table).unwrap_or_default()
    }

    /// A message with every form of the password replaced by `***`.
    pub fn scrub(&self, message: &str) -> String {
        let mut out = message.to_owned();
        for secret in &self.secrets {
            out = out.replace(secret.as_str(), "***");
        }
        out
    }
}

/// `schema.name` as `"schema"."name"`; an empty part is refused.
fn table_sql(table: &str) -> Result<String, Text> {
    let parts: Vec<&str> = table.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) || parts.len() > 3 {
        return Err(Text::new(
            format!("表名 `{table}` 应为 表名、模式.表名 或 库.模式.表名"),
            format!("the table `{table}` should be NAME, SCHEMA.NAME or DB.SCHEMA.NAME"),
        ));
    }
    Ok(parts
        .iter()
        .map(|p| crate::export::sql::expr::ident(p))
        .collect::<Vec<_>>()
        .join("."))
}

/// A parameter as it may be shown: `password=…` without its value.
fn redact_param(param: &str) -> &str {
    if param.starts_with("password") {
        "password"
    } else {
        param
    }
}

/// `%XX` escapes decoded (UTF-8); `+` stays `+`, as in libpq.
fn percent_decode(s: &str) -> Result<String, Text> {
    let bad = || {
        Text::new(
            format!("`{s}` 中的 % 转义无效"),
            format!("invalid % escape in `{s}`"),
        )
    };
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or_else(bad)?;
            let hex = std::str::from_utf8(hex).map_err(|_| bad())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

#[cfg(feature = "postgres")]
mod run;
#[cfg(feature = "postgres")]
pub use run::validate;

#[cfg(test)]
mod tests;
