//! Masking of sample values shown in suggestions. A minimal private version until the
//! shared masking helper is available: long values keep their first and last three
//! characters (`110***********12X`), short ones their first and last, tiny ones nothing.

pub(crate) fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let keep = match n {
        0..=2 => 0,
        3..=7 => 1,
        _ => 3,
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep || i + keep >= n { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("11010519491231002X"), "110************02X");
        assert_eq!(mask("张三丰"), "张*丰");
        assert_eq!(mask("男"), "*");
        assert_eq!(mask(""), "");
    }
}
