//! English and code-like headers: `legal_rep`, `regAddr`, `Date of Birth`, `AAC002`.
//! Headers are split into words (snake_case, camelCase, spaces), abbreviations are
//! expanded, near-synonyms folded, and the words compared with those of the element's
//! English name.

/// Common abbreviations in column names, expanded to the word the English names use.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("addr", "address"),
    ("adr", "address"),
    ("reg", "registered"),
    ("regist", "registered"),
    ("registration", "registered"),
    ("rep", "representative"),
    ("repr", "representative"),
    ("no", "number"),
    ("num", "number"),
    ("nbr", "number"),
    ("nr", "number"),
    ("amt", "amount"),
    ("dt", "date"),
    ("tel", "telephone"),
    ("phone", "telephone"),
    ("ent", "enterprise"),
    ("corp", "enterprise"),
    ("company", "enterprise"),
    ("co", "enterprise"),
    ("org", "organization"),
    ("cap", "capital"),
    ("id", "identity"),
    ("identification", "identity"),
    ("cd", "code"),
    ("estab", "establishment"),
    ("established", "establishment"),
    ("founded", "establishment"),
    ("found", "establishment"),
    ("ins", "insurance"),
    ("enrol", "enrolment"),
    ("enroll", "enrolment"),
    ("enrollment", "enrolment"),
    ("insured", "enrolment"),
    ("hh", "household"),
    ("div", "division"),
    ("biz", "business"),
    ("contrib", "contribution"),
    ("qty", "quantity"),
    ("cnt", "count"),
    ("mobile", "mobile"),
    ("cell", "mobile"),
    ("gender", "sex"),
    ("birthday", "birth"),
    ("dob", "birth"),
    ("edu", "schooling"),
    ("education", "schooling"),
    ("ethnic", "ethnic"),
    ("ethnicity", "ethnic"),
    ("nation", "ethnic"),
    ("marital", "marital"),
    ("mail", "e-mail"),
    ("email", "e-mail"),
    ("tin", "taxpayer"),
    ("tax", "taxpayer"),
    ("uscc", "credit"),
    ("auth", "authority"),
    ("office", "authority"),
    ("bureau", "authority"),
    ("upd", "update"),
    ("updated", "update"),
    ("modified", "update"),
    ("modify", "update"),
    ("time", "date"),
    ("hukou", "household"),
    ("domicile", "domicile"),
    ("dom", "domicile"),
    ("area", "division"),
    ("head", "head"),
    ("householder", "head"),
    ("relationship", "relation"),
    ("person", "name"),
    ("full", "name"),
    ("employer", "employer"),
    ("unit", "employer"),
    ("wage", "contribution"),
    ("pay", "contribution"),
    ("vat", "vat"),
    ("qualification", "qualification"),
    ("op", "business"),
    ("industry", "industry"),
    ("place", "address"),
];

/// Words that many names share (`number`, `name`): a match on them alone proves little.
const GENERIC: &[&str] = &[
    "number", "name", "code", "date", "address", "type", "status", "identity", "amount",
];

pub(crate) fn weight(w: &str) -> f64 {
    if GENERIC.contains(&w) {
        0.3
    } else {
        1.0
    }
}

/// Words that carry no meaning in a column name.
const STOP: &[&str] = &[
    "of", "the", "a", "an", "in", "for", "to", "and", "at", "on", "last",
];

/// Whether a word reads as English to the matcher (an abbreviation it expands, a word
/// it expands to, a generic or a stop word): `cd`, `no`, `name`, `of`.
pub(crate) fn is_english(w: &str) -> bool {
    ABBREVIATIONS.iter().any(|(a, full)| *a == w || *full == w)
        || GENERIC.contains(&w)
        || STOP.contains(&w)
}

/// Splits a header or an English name into lowercase words: `legalRepName` → `legal rep
/// name`, `reg_addr` → `reg addr`, `Date of Birth` → `date of birth`.
pub(crate) fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            cur.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The meaningful words of a name, abbreviations expanded and duplicates dropped.
pub(crate) fn concepts(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words(s) {
        if STOP.contains(&w.as_str()) {
            continue;
        }
        let w = ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == w)
            .map(|(_, full)| (*full).to_string())
            .unwrap_or(w);
        let w = w
            .strip_suffix('s')
            .filter(|s| s.len() > 3)
            .map(str::to_string)
            .unwrap_or(w);
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// How well a header's words name an element's English name, 0–1 (Dice over concepts,
/// weighted so that the element's words all being present counts most).
pub(crate) fn english_score(header: &[String], element: &[String]) -> f64 {
    if header.is_empty() || element.is_empty() {
        return 0.0;
    }
    let total = |ws: &[String]| ws.iter().map(|w| weight(w)).sum::<f64>();
    let common: f64 = header
        .iter()
        .filter(|w| element.contains(w))
        .map(|w| weight(w))
        .sum();
    if common == 0.0 {
        return 0.0;
    }
    2.0 * common / (total(header) + total(element))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_snake_camel_and_spaces() {
        assert_eq!(words("legalRepName"), vec!["legal", "rep", "name"]);
        assert_eq!(words("reg_addr"), vec!["reg", "addr"]);
        assert_eq!(words("Date of Birth"), vec!["date", "of", "birth"]);
        assert_eq!(words("ID Card No"), vec!["id", "card", "no"]);
    }

    #[test]
    fn abbreviations_meet_the_english_name() {
        let rep = concepts("name of the legal representative");
        assert!(english_score(&concepts("legal_rep"), &rep) > 0.7);
        // A generic word alone is not a match.
        let landline = concepts("landline number");
        assert!(english_score(&concepts("employer_no"), &landline) < 0.5);
        let addr = concepts("registered address");
        assert_eq!(english_score(&concepts("regAddr"), &addr), 1.0);
        assert_eq!(english_score(&concepts("gender"), &concepts("sex")), 1.0);
        assert_eq!(english_score(&concepts("remark"), &addr), 0.0);
        // An office is the authority a code names (`tax_office_cd`).
        let office = concepts("code of the competent tax authority");
        assert!(english_score(&concepts("tax_office_cd"), &office) > 0.8);
    }
}
