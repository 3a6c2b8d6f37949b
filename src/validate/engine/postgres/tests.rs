use super::*;

#[test]
fn both_schemes_are_urls_and_paths_are_not() {
    assert!(is_url("postgres://u@/db?table=t"));
    assert!(is_url("postgresql://u@/db?table=t"));
    assert!(is_url("PostgreSQL://u@/db?table=t"));
    assert!(!is_url("postgres.csv"));
    assert!(!is_url("data/postgres://x"));
    assert!(!is_url("mysql://u@h/db"));
    assert!(!is_url("pos"));
}

#[test]
fn a_unix_socket_url_keeps_host_and_takes_the_table_out() {
    let url =
        PgUrl::parse("postgres://alice@/registry?host=/run/postgresql&table=residents").unwrap();
    assert_eq!(url.table, "residents");
    assert_eq!(url.table_sql(), "\"residents\"");
    assert_eq!(
        url.connect,
        "postgres://alice@/registry?host=/run/postgresql"
    );
    assert_eq!(
        url.display,
        "postgres://alice@/registry?host=/run/postgresql&table=residents"
    );
}

#[test]
fn the_password_is_in_the_connection_only() {
    let url = PgUrl::parse(
        "postgresql://alice:s3cr%40t@db.example:5433/registry?sslmode=disable&table=ods.t",
    )
    .unwrap();
    assert_eq!(
        url.connect,
        "postgresql://alice:s3cr%40t@db.example:5433/registry?sslmode=disable"
    );
    assert_eq!(
        url.display,
        "postgresql://alice@db.example:5433/registry?sslmode=disable&table=ods.t"
    );
    assert!(!format!("{url:?}").contains("s3cr"));
    assert_eq!(url.table_sql(), "\"ods\".\"t\"");
    // Raw and decoded forms are scrubbed from messages.
    assert_eq!(
        url.scrub("bad password s3cr%40t / s3cr@t"),
        "bad password *** / ***"
    );
}

#[test]
fn a_password_parameter_is_hidden_too() {
    let url = PgUrl::parse("postgres://bob@h/db?password=hunter2&table=t&port=5432").unwrap();
    assert_eq!(
        url.connect,
        "postgres://bob@h/db?password=hunter2&port=5432"
    );
    assert_eq!(url.display, "postgres://bob@h/db?table=t&port=5432");
    assert!(!url.display.contains("hunter2"));
    assert_eq!(url.scrub("x hunter2 y"), "x *** y");
}

#[test]
fn a_percent_encoded_table_is_decoded_and_quoted() {
    // 人口 in UTF-8; a quote in a name is doubled.
    let url = PgUrl::parse("postgres://u@/d?table=%E4%BA%BA%E5%8F%A3.a%22b").unwrap();
    assert_eq!(url.table, "人口.a\"b");
    assert_eq!(url.table_sql(), "\"人口\".\"a\"\"b\"");
}

#[test]
fn bad_urls_are_refused_with_a_reason() {
    let err = |s: &str| PgUrl::parse(s).unwrap_err().en;
    assert!(err("postgres://u@/db").contains("names no table"));
    assert!(err("postgres://u@/db?table=").contains("names no table"));
    assert!(err("postgres://u@/db?table=a&table=b").contains("more than once"));
    assert!(err("postgres://u@/db?table=a..b").contains("should be NAME"));
    assert!(err("postgres://u@/db?table=%ZZ").contains("invalid % escape"));
    assert!(err("postgres://u@/db?table=t&sslmode").contains("has no =value"));
    assert!(err("postgres://u:pw#x@/db?table=t").contains("may not contain #"));
    assert!(err("file.csv").contains("not a postgres"));
    // A malformed password parameter is not echoed.
    let e = PgUrl::parse("postgres://u@/db?table=t&passwordhunter2").unwrap_err();
    assert!(!e.en.contains("hunter2") && !e.zh.contains("hunter2"));
}
