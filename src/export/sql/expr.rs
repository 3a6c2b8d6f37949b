//! The checks of one element as SQL boolean expressions, per dialect, in plain SQL (no
//! user-defined functions, so they run where users cannot install any).
//!
//! [`cell_checks`] returns the checks of a non-empty, trimmed value in the order `validate`
//! applies them, each with the finding code it stands for; [`first_failure`] and
//! [`guarded`] turn that list into the one-defect-one-finding precedence. The DDL export
//! puts one guarded check per constraint; a findings query can put [`first_failure`] in
//! a `CASE` per column.
//!
//! Expressions that cast (check characters, bounds, calendar checks) are reached only
//! through `CASE` branches whose conditions have already proved the shape, so a cast never
//! fails on bad input: both PostgreSQL and DuckDB evaluate `CASE` branches lazily.

use std::fmt::Write;

use crate::dictionary::format::{DateTemplate, DateToken, Format};
use crate::dictionary::{DataType, Dictionary, Element};
use crate::finding::{Code, Severity};
use crate::rules::{gb11643, gb11714, gb2260, gb32100, Rule};
use crate::text::Text;

use super::super::shape;

/// The SQL dialects generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    DuckDb,
    /// Spark SQL (findings queries only: Spark tables have no CHECK constraints).
    Spark,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
        }
    }

    /// A string literal. Spark reads backslash escapes inside literals.
    pub fn literal(self, s: &str) -> String {
        match self {
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            _ => literal(s),
        }
    }

    /// A quoted identifier.
    pub fn ident(self, s: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", s.replace('`', "``")),
            _ => ident(s),
        }
    }

    /// An integer from text already known to be digits. Spark casts with `try_cast`, so
    /// that ANSI mode never raises an error whatever order it evaluates in.
    pub fn int(self, value: &str) -> String {
        match self {
            Dialect::Spark => format!("try_cast({value} AS INT)"),
            _ => format!("CAST({value} AS INTEGER)"),
        }
    }

    /// The text type's name in a cast.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            _ => "VARCHAR",
        }
    }

    /// Whether `value` matches an anchored regex.
    pub fn matches(self, value: &str, regex: &str) -> String {
        match self {
            Dialect::Postgres => format!("({value} ~ {})", literal(regex)),
            Dialect::DuckDb => format!("regexp_matches({value}, {})", self.literal(regex)),
            Dialect::Spark => format!("({value} RLIKE {})", self.literal(regex)),
        }
    }

    /// Length in characters.
    pub fn char_length(self, value: &str) -> String {
        match self {
            Dialect::Postgres | Dialect::Spark => format!("char_length({value})"),
            Dialect::DuckDb => format!("length({value})"),
        }
    }

    /// A numeric value for comparing against bounds.
    pub fn number(self, value: &str) -> String {
        match self {
            Dialect::Postgres => format!("CAST({value} AS NUMERIC)"),
            Dialect::DuckDb => format!("CAST({value} AS DOUBLE)"),
            Dialect::Spark => format!("try_cast({value} AS DOUBLE)"),
        }
    }

    /// The 1-based position of `needle` in `haystack`, 0 when absent.
    pub fn position(self, haystack: &str, needle: &str) -> String {
        match self {
            Dialect::Spark => format!("instr({haystack}, {needle})"),
            _ => format!("strpos({haystack}, {needle})"),
        }
    }
}

/// A string literal.
pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A quoted identifier.
pub fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One check of a cell: `valid` is true when the value passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlCheck {
    pub code: Code,
    pub valid: String,
    /// The severity the dictionary gives this failure (`rule_severity:` for a rule's
    /// checks), when it is not the code's default.
    pub severity: Option<Severity>,
}

impl SqlCheck {
    pub fn new(code: Code, valid: String) -> SqlCheck {
        SqlCheck {
            code,
            valid,
            severity: None,
        }
    }

    /// With the severity `validate` gives the failure (`None`: the code's default).
    fn severity(mut self, severity: Option<Severity>) -> SqlCheck {
        self.severity = severity.filter(|s| *s != self.code.default_severity());
        self
    }

    /// What the first-failure `CASE` yields: the code, or `code/severity` when the
    /// severity is not the code's default (see [`severity_of`]).
    pub fn tag(&self) -> String {
        match self.severity {
            Some(s) => format!("{}/{}", self.code.as_str(), s.as_str()),
            None => self.code.as_str().to_owned(),
        }
    }
}

/// What the SQL of an element leaves out or only approximates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub element: String,
    pub what: Text,
}

/// The checks of `element` on `value`, an SQL expression of the trimmed, non-empty cell,
/// in `validate`'s order: type, format, code list, rule (for identity numbers, then the
/// birth date against the release date), pattern, range.
pub fn cell_checks(
    dict: &Dictionary,
    element: &Element,
    dialect: Dialect,
    value: &str,
    gaps: &mut Vec<Gap>,
) -> Vec<SqlCheck> {
    let mut checks = Vec::new();
    let gap = |what: Text| Gap {
        element: element.id.clone(),
        what,
    };
    if let Some(valid) = type_check(element, dialect, value, gaps) {
        checks.push(SqlCheck::new(Code::TypeMismatch, valid));
    }
    if let Some(valid) = format_check(element, dialect, value) {
        checks.push(SqlCheck::new(Code::FormatMismatch, valid));
    }
    if let Some(list) = dict.codelist_of(element) {
        checks.push(SqlCheck::new(
            Code::NotInCodelist,
            in_list(dialect, value, list.values.iter().map(|v| v.code.as_str())),
        ));
    }
    if let Some(rule) = element.rule {
        if matches!(rule, Rule::Gb11643 | Rule::Gb11643Fprc) {
            // A lowercase check character is the wrong form of a right number.
            checks.push(
                SqlCheck::new(
                    Code::FormatMismatch,
                    format!("NOT {}", dialect.matches(value, "^[0-9]{17}x$")),
                )
                .severity(element.rule_severity),
            );
        }
        let (code, valid) = rule_check(rule, dialect, value);
        if matches!(rule, Rule::Email | Rule::Url) {
            gaps.push(gap(Text::new(
                format!("规则 {rule} 以简化的正则表达式近似"),
                format!("the {rule} rule is approximated by a simplified regular expression"),
            )));
        }
        checks.push(SqlCheck::new(code, valid).severity(element.rule_severity));
        if let Some(valid) = born_by_check(dict, rule, dialect, value) {
            checks.push(SqlCheck::new(Code::OutOfRange, valid).severity(element.rule_severity));
        }
    }
    if let Some(re) = shape::pattern_regex(element) {
        checks.push(SqlCheck::new(
            Code::PatternMismatch,
            dialect.matches(value, &re),
        ));
    }
    if let Some(valid) = range_check(element, dialect, value, gaps) {
        checks.push(SqlCheck::new(Code::OutOfRange, valid));
    }
    checks
}

/// `checks[index]`, reached only when every earlier check passed (true otherwise, since
/// the earlier check reports the defect).
pub fn guarded(checks: &[SqlCheck], index: usize) -> String {
    let Some(this) = checks.get(index) else {
        return "TRUE".into();
    };
    if index == 0 {
        return this.valid.clone();
    }
    let mut s = String::from("CASE");
    for earlier in &checks[..index] {
        let _ = write!(s, " WHEN NOT ({}) THEN TRUE", earlier.valid);
    }
    let _ = write!(s, " ELSE ({}) END", this.valid);
    s
}

/// The finding code of the first failing check, as an SQL `CASE` yielding a code string or
/// NULL when every check passes; a check whose severity is not the code's default yields
/// its [`SqlCheck::tag`] instead, which [`code_of`] and [`severity_of`] take apart.
pub fn first_failure(checks: &[SqlCheck], dialect: Dialect) -> String {
    if checks.is_empty() {
        return format!("CAST(NULL AS {})", dialect.text_type());
    }
    let mut s = String::from("CASE");
    for c in checks {
        let _ = write!(
            s,
            " WHEN NOT ({}) THEN {}",
            c.valid,
            dialect.literal(&c.tag())
        );
    }
    s.push_str(" END");
    s
}

/// The checks whose failure has a severity other than the code's default.
fn tagged(checks: &[SqlCheck]) -> Vec<(String, &SqlCheck)> {
    let mut tags: Vec<(String, &SqlCheck)> = checks
        .iter()
        .filter(|c| c.severity.is_some())
        .map(|c| (c.tag(), c))
        .collect();
    tags.sort_by(|a, b| a.0.cmp(&b.0));
    tags.dedup_by(|a, b| a.0 == b.0);
    tags
}

/// The finding code of `failure`, the result of [`first_failure`] over `checks`.
pub fn code_of(checks: &[SqlCheck], dialect: Dialect, failure: &str) -> String {
    let tags = tagged(checks);
    if tags.is_empty() {
        return failure.to_owned();
    }
    let mut s = format!("CASE {failure}");
    for (tag, c) in tags {
        let _ = write!(
            s,
            " WHEN {} THEN {}",
            dialect.literal(&tag),
            dialect.literal(c.code.as_str())
        );
    }
    let _ = write!(s, " ELSE {failure} END");
    s
}

/// The severity of `failure`, the result of [`first_failure`] over `checks`: the
/// dictionary's where it sets one, otherwise `error`, every cell-level code's default.
pub fn severity_of(checks: &[SqlCheck], dialect: Dialect, failure: &str) -> String {
    let error = dialect.literal(Severity::Error.as_str());
    let tags = tagged(checks);
    if tags.is_empty() {
        return error;
    }
    let mut s = format!("CASE {failure}");
    for (tag, c) in tags {
        let severity = c.severity.unwrap_or(Severity::Error);
        let _ = write!(
            s,
            " WHEN {} THEN {}",
            dialect.literal(&tag),
            dialect.literal(severity.as_str())
        );
    }
    let _ = write!(s, " ELSE {error} END");
    s
}

fn in_list<'a>(dialect: Dialect, value: &str, codes: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = codes.map(|c| dialect.literal(c)).collect();
    if items.is_empty() {
        return "FALSE".into();
    }
    format!("{value} IN ({})", items.join(", "))
}

fn type_check(
    element: &Element,
    dialect: Dialect,
    value: &str,
    gaps: &mut Vec<Gap>,
) -> Option<String> {
    let re = shape::type_regex(element)?;
    let shape = dialect.matches(value, &re);
    let Some(template) = shape::date_template(element) else {
        return Some(shape);
    };
    match calendar(&template, dialect, value) {
        Some(cal) => Some(format!("CASE WHEN {shape} THEN {cal} ELSE FALSE END")),
        None => {
            gaps.push(Gap {
                element: element.id.clone(),
                what: Text::new(
                    "日期模板宽度可变，不检查月份天数",
                    "the date template has variable widths: the length of the month is not checked",
                ),
            });
            Some(shape)
        }
    }
}

/// The month's length (leap years included) for a value already in the template's shape.
fn calendar(template: &DateTemplate, dialect: Dialect, value: &str) -> Option<String> {
    let pos = shape::calendar_positions(template)?;
    let int = |p: usize, w: usize| dialect.int(&format!("substr({value}, {p}, {w})"));
    let (Some(month), Some(day)) = (pos.month, pos.day) else {
        return Some("TRUE".into());
    };
    let year = pos.year.map_or_else(|| "2000".to_owned(), |p| int(p, 4));
    Some(days_ok(&year, &int(month, 2), &int(day, 2)))
}

/// Month 1–12 and day 1..days-in-month, for integer SQL expressions.
fn days_ok(year: &str, month: &str, day: &str) -> String {
    format!(
        "({month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND CASE WHEN {month} IN (4, 6, 9, 11) THEN 30 \
         WHEN {month} = 2 THEN CASE WHEN ({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0 \
         THEN 29 ELSE 28 END ELSE 31 END)"
    )
}

fn format_check(element: &Element, dialect: Dialect, value: &str) -> Option<String> {
    let fs = shape::format_shape(element);
    let mut parts = Vec::new();
    if let Some((lo, hi)) = fs.length {
        let len = dialect.char_length(value);
        if lo > 0 {
            parts.push(format!("{len} BETWEEN {lo} AND {hi}"));
        } else {
            parts.push(format!("{len} <= {hi}"));
        }
    }
    if let Some(re) = &fs.regex {
        let shape = dialect.matches(value, re);
        // A date template on a text element: the calendar is part of the format.
        let cal = match &element.format {
            Some(Format::Date(t)) => calendar(t, dialect, value),
            _ => None,
        };
        parts.push(match cal {
            Some(cal) => format!("CASE WHEN {shape} THEN {cal} ELSE FALSE END"),
            None => shape,
        });
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// The finding code and validity of a built-in rule.
pub fn rule_check(rule: Rule, dialect: Dialect, value: &str) -> (Code, String) {
    let shape = dialect.matches(value, &shape::rule_regex(rule));
    match rule {
        Rule::Gb11643 => (
            Code::ChecksumFailed,
            gb11643_check(dialect, value, &shape, &format!("substr({value}, 1, 2)")),
        ),
        Rule::Gb11643Fprc => {
            // First digit 9: a Foreign Permanent Resident ID number, whose province code
            // is at characters 2–3; otherwise a citizen identity number.
            let foreign = gb11643_check(dialect, value, &shape, &format!("substr({value}, 2, 2)"));
            let citizen = gb11643_check(dialect, value, &shape, &format!("substr({value}, 1, 2)"));
            (
                Code::ChecksumFailed,
                format!("CASE WHEN substr({value}, 1, 1) = '9' THEN {foreign} ELSE {citizen} END"),
            )
        }
        Rule::Gb32100 => (Code::ChecksumFailed, gb32100_check(dialect, value, &shape)),
        Rule::Gb11714 => {
            let body = format!("substr({value}, 1, 8)");
            let last = format!("right({value}, 1)");
            let check = gb11714_check_char(dialect, &body);
            (
                Code::ChecksumFailed,
                format!("CASE WHEN {shape} THEN {check} = {last} ELSE FALSE END"),
            )
        }
        Rule::Gb11643Old => (
            Code::ChecksumFailed,
            gb11643_15_check(dialect, value, &shape),
        ),
        Rule::Gb2260 => (
            Code::NotInCodelist,
            in_list(dialect, value, gb2260::all_codes().into_iter()),
        ),
        Rule::Gb2260History => (
            Code::NotInCodelist,
            in_list(dialect, value, gb2260::all_historical_codes().into_iter()),
        ),
        Rule::MobileCn | Rule::Email | Rule::Url => (Code::FormatMismatch, shape),
    }
}

/// An identity number's birth date is not after the dictionary's release date (`validate`
/// checks it once the rule passed, so the digits are proven before the cast). Compared as
/// integers `YYYYMMDD`, exact in every dialect; a 15-digit number's `YYMMDD` is of the 1900s.
fn born_by_check(dict: &Dictionary, rule: Rule, dialect: Dialect, value: &str) -> Option<String> {
    let (latest, _) = crate::check::born_by(dict, Some(rule))?;
    let born = match rule {
        Rule::Gb11643Old => format!(
            "(19000000 + {})",
            dialect.int(&format!("substr({value}, 7, 6)"))
        ),
        _ => dialect.int(&format!("substr({value}, 7, 8)")),
    };
    Some(format!("{born} <= {latest}"))
}

fn digit(dialect: Dialect, value: &str, pos: usize) -> String {
    dialect.int(&format!("substr({value}, {pos}, 1)"))
}

/// The GB 11643 structure and check character; `province` is the SQL of the two digits
/// that must be a province code.
fn gb11643_check(dialect: Dialect, value: &str, shape: &str, province: &str) -> String {
    let provinces: Vec<String> = (10..100)
        .filter(|&p| gb11643::is_province(p))
        .map(|p| literal(&p.to_string()))
        .collect();
    let int = |p: usize, w: usize| dialect.int(&format!("substr({value}, {p}, {w})"));
    let year = int(7, 4);
    let birth = days_ok(&year, &int(11, 2), &int(13, 2));
    let sum: Vec<String> = gb11643::WEIGHTS
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{} * {w}", digit(dialect, value, i + 1)))
        .collect();
    let check = String::from_utf8_lossy(&gb11643::CHECK).into_owned();
    format!(
        "CASE WHEN NOT {shape} THEN FALSE \
         WHEN {province} NOT IN ({}) THEN FALSE \
         WHEN NOT ({year} BETWEEN 1850 AND 2100 AND {birth}) THEN FALSE \
         ELSE substr({}, ({}) % 11 + 1, 1) = substr({value}, 18, 1) END",
        provinces.join(", "),
        literal(&check),
        sum.join(" + ")
    )
}

/// A 15-digit number: a province prefix and a real `19YYMMDD` birth date.
fn gb11643_15_check(dialect: Dialect, value: &str, shape: &str) -> String {
    let provinces: Vec<String> = (10..100)
        .filter(|&p| gb11643::is_province(p))
        .map(|p| literal(&p.to_string()))
        .collect();
    let int = |p: usize, w: usize| dialect.int(&format!("substr({value}, {p}, {w})"));
    let year = format!("(1900 + {})", int(7, 2));
    let birth = days_ok(&year, &int(9, 2), &int(11, 2));
    format!(
        "CASE WHEN NOT {shape} THEN FALSE \
         WHEN substr({value}, 1, 2) NOT IN ({}) THEN FALSE \
         ELSE {birth} END",
        provinces.join(", ")
    )
}

fn gb32100_check(dialect: Dialect, value: &str, shape: &str) -> String {
    let charset = literal(&String::from_utf8_lossy(gb32100::CHARSET));
    let sum: Vec<String> = gb32100::WEIGHTS
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let c = format!("substr({value}, {}, 1)", i + 1);
            format!("({} - 1) * {w}", dialect.position(&charset, &c))
        })
        .collect();
    let own = format!(
        "substr({charset}, (31 - ({}) % 31) % 31 + 1, 1)",
        sum.join(" + ")
    );
    let org = gb11714_check_char(dialect, &format!("substr({value}, 9, 8)"));
    let categories: Vec<String> = gb32100::CATEGORIES.iter().map(|c| literal(c)).collect();
    format!(
        "CASE WHEN NOT {shape} THEN FALSE \
         WHEN substr({value}, 1, 2) NOT IN ({}) THEN FALSE \
         WHEN {own} <> substr({value}, 18, 1) THEN FALSE \
         ELSE {org} = substr({value}, 17, 1) END",
        categories.join(", ")
    )
}

/// The GB 11714 check character of an 8-character body (digits and capitals).
fn gb11714_check_char(dialect: Dialect, body: &str) -> String {
    let alphabet = literal("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    let sum: Vec<String> = gb11714::WEIGHTS
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let c = format!("substr({body}, {}, 1)", i + 1);
            format!("({} - 1) * {w}", dialect.position(&alphabet, &c))
        })
        .collect();
    format!(
        "substr('0123456789X0', 11 - ({}) % 11 + 1, 1)",
        sum.join(" + ")
    )
}

fn range_check(
    element: &Element,
    dialect: Dialect,
    value: &str,
    gaps: &mut Vec<Gap>,
) -> Option<String> {
    if element.min.is_none() && element.max.is_none() {
        return None;
    }
    let bounds = [(&element.min, ">="), (&element.max, "<=")];
    let mut parts = Vec::new();
    match element.data_type {
        DataType::Integer | DataType::Decimal => {
            for (bound, op) in bounds {
                let Some(b) = bound.as_deref().map(str::trim) else {
                    continue;
                };
                if crate::check::is_plain_number(b) {
                    parts.push(format!(
                        "{} {op} {}",
                        dialect.number(value),
                        dialect.number(&dialect.literal(b))
                    ));
                }
            }
        }
        DataType::Date | DataType::DateTime | DataType::Time => {
            let template = shape::date_template(element)?;
            let Some(key) = date_key_sql(&template, value) else {
                gaps.push(Gap {
                    element: element.id.clone(),
                    what: Text::new(
                        "日期模板宽度可变，不检查取值范围",
                        "the date template has variable widths: the range is not checked",
                    ),
                });
                return None;
            };
            for (bound, op) in bounds {
                let Some(b) = bound.as_deref().map(str::trim) else {
                    continue;
                };
                if let Some(k) = date_key(&template, b) {
                    parts.push(format!("{key} {op} {}", dialect.literal(&k)));
                }
            }
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Positions of the fields of a fixed-width template, in the order that sorts dates.
fn key_fields(template: &DateTemplate) -> Option<Vec<(u8, usize, usize)>> {
    let mut pos = 1;
    let mut fields = Vec::new();
    for token in &template.tokens {
        let (rank, width) = match token {
            DateToken::Year => (0, 4),
            DateToken::Month => (1, 2),
            DateToken::Day => (2, 2),
            DateToken::Hour => (3, 2),
            DateToken::Minute => (4, 2),
            DateToken::Second => (5, 2),
            DateToken::Literal(_) => {
                pos += 1;
                continue;
            }
            DateToken::MonthLoose | DateToken::DayLoose => return None,
        };
        fields.push((rank, pos, width));
        pos += width;
    }
    fields.sort_unstable();
    Some(fields)
}

fn date_key_sql(template: &DateTemplate, value: &str) -> Option<String> {
    let parts: Vec<String> = key_fields(template)?
        .into_iter()
        .map(|(_, p, w)| format!("substr({value}, {p}, {w})"))
        .collect();
    Some(format!("({})", parts.join(" || ")))
}

/// A bound written in the template, as the same key the SQL builds.
fn date_key(template: &DateTemplate, bound: &str) -> Option<String> {
    template.match_value(bound)?;
    let fields = key_fields(template)?;
    let chars: Vec<char> = bound.chars().collect();
    let mut key = String::new();
    for (_, p, w) in fields {
        key.extend(chars.get(p - 1..p - 1 + w)?);
    }
    Some(key)
}
