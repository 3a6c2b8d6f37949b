//! Built-in value-domain rules, one standard per file, each with the standard's worked
//! examples as tests. A rule checks one cell value and never allocates on success.

use std::fmt;

use crate::finding::Code;
use crate::text::Text;

/// A built-in rule an element can name with `rule:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// GB 11643-1999 citizen identity number.
    Gb11643,
    /// The 15-digit identity numbers issued before GB 11643-1999.
    Gb11643Old,
    /// A citizen identity number or a Foreign Permanent Resident ID number (2023), as
    /// 社会保障号码 holds.
    Gb11643Fprc,
    /// GB 32100-2015 unified social credit code.
    Gb32100,
    /// GB 11714-1997 organization code.
    Gb11714,
    /// GB/T 2260 administrative division code, by membership in the shipped list.
    Gb2260,
    /// GB/T 2260 code current or retired since 1981 (facts of the past, such as 出生地).
    Gb2260History,
    /// Mainland China mobile number.
    MobileCn,
    Email,
    Url,
}

/// Why a value breaks a rule. `code` is the finding code it becomes
/// (`checksum-failed` for a wrong check character or structure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: Code,
    pub message: Text,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::Gb11643,
        Rule::Gb11643Old,
        Rule::Gb11643Fprc,
        Rule::Gb32100,
        Rule::Gb11714,
        Rule::Gb2260,
        Rule::Gb2260History,
        Rule::MobileCn,
        Rule::Email,
        Rule::Url,
    ];

    /// The name used in dictionaries (`rule: gb11643`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Gb11643 => "gb11643",
            Rule::Gb11643Old => "gb11643-15",
            Rule::Gb11643Fprc => "gb11643-fprc",
            Rule::Gb32100 => "gb32100",
            Rule::Gb11714 => "gb11714",
            Rule::Gb2260 => "gb2260",
            Rule::Gb2260History => "gb2260-history",
            Rule::MobileCn => "mobile-cn",
            Rule::Email => "email",
            Rule::Url => "url",
        }
    }

    pub fn parse(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The standard the rule implements, for documentation and `show`.
    pub fn standard(self) -> &'static str {
        match self {
            Rule::Gb11643 => "GB 11643-1999 公民身份号码",
            Rule::Gb11643Old => "十五位居民身份证号码 (before GB 11643-1999)",
            Rule::Gb11643Fprc => {
                "GB 11643-1999 公民身份号码 or 外国人永久居留身份证号码 (2023, first digit 9)"
            }
            Rule::Gb32100 => "GB 32100-2015 法人和其他组织统一社会信用代码编码规则",
            Rule::Gb11714 => "GB 11714-1997 全国组织机构代码编制规则",
            Rule::Gb2260 => "GB/T 2260 中华人民共和国行政区划代码",
            Rule::Gb2260History => {
                "GB/T 2260 中华人民共和国行政区划代码 (current and retired since 1981)"
            }
            Rule::MobileCn => "中国大陆移动电话号码 (11 digits, 1[3-9]…)",
            Rule::Email => "RFC 5322 addr-spec (practical subset)",
            Rule::Url => "RFC 3986 absolute http(s) URL",
        }
    }

    /// Checks one value (already trimmed, non-empty).
    pub fn check(self, value: &str) -> Result<(), Violation> {
        match self {
            Rule::Gb11643 => gb11643::check(value),
            Rule::Gb11643Old => gb11643::check_15(value),
            Rule::Gb11643Fprc => gb11643::check_person(value),
            Rule::Gb32100 => gb32100::check(value),
            Rule::Gb11714 => gb11714::check(value),
            Rule::Gb2260 => gb2260::check(value),
            Rule::Gb2260History => gb2260::check_history(value),
            Rule::MobileCn => mobile_cn::check(value),
            Rule::Email => email::check(value),
            Rule::Url => url::check(value),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub mod email;
pub mod gb11643;
pub mod gb11714;
pub mod gb2260;
pub mod gb32100;
pub mod mobile_cn;
pub mod url;
