//! Dialect sniffing on the decoded first part of a CSV file: the Excel `sep=` line and the
//! delimiter.

/// Delimiters we sniff for, in order of preference when the evidence ties.
pub const CANDIDATES: [u8; 4] = [b',', b'\t', b';', b'|'];

/// How many lines the delimiter sniffer looks at.
const SNIFF_LINES: usize = 50;

/// Excel's `sep=;` first line: returns the delimiter it names. Only a line that holds
/// exactly `sep=` and one ASCII character is taken (what Excel writes and reads).
pub fn sep_line(text: &str) -> Option<u8> {
    let line = text.split(['\n', '\r']).next()?;
    let rest = line.strip_prefix("sep=")?;
    match rest.as_bytes() {
        [c] if c.is_ascii() && !matches!(c, b'"' | b'\n' | b'\r') => Some(*c),
        _ => None,
    }
}

/// Guesses the delimiter from the first lines of `text`. `complete` says that `text` is the
/// whole file; otherwise its last line may be cut and is ignored.
///
/// For each candidate the count outside quotes is taken per non-blank line; the candidate
/// whose most common non-zero count is shared by the most lines wins (title lines above the
/// header or a stray `;` in a value do not break the pattern), then the higher count, then
/// the order of `CANDIDATES`. Without any candidate the answer is a comma.
pub fn delimiter(text: &str, complete: bool) -> u8 {
    let lines = split_lines(text, complete);
    let mut best: Option<(usize, usize, u8)> = None;
    for (i, &cand) in CANDIDATES.iter().enumerate() {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.get(i).copied().unwrap_or(0))
            .collect();
        let Some((mode, support)) = mode_nonzero(&counts) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((s, m, _)) => support > s || (support == s && mode > m),
        };
        if better {
            best = Some((support, mode, cand));
        }
    }
    best.map_or(b',', |(_, _, c)| c)
}

/// Per line, the count of each candidate outside double quotes. Newlines inside quotes do
/// not end a line.
fn split_lines(text: &str, complete: bool) -> Vec<[usize; 4]> {
    let mut lines = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut nonblank = false;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if lines.len() >= SNIFF_LINES {
            return lines;
        }
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                nonblank = true;
            }
            b'\r' | b'\n' if !in_quotes => {
                if b == b'\r' && bytes.peek() == Some(&b'\n') {
                    bytes.next();
                }
                if nonblank {
                    lines.push(counts);
                }
                counts = [0; 4];
                nonblank = false;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    if let Some(n) = counts.get_mut(i) {
                        *n += 1;
                    }
                }
                if !b.is_ascii_whitespace() {
                    nonblank = true;
                }
            }
        }
    }
    if complete && nonblank && lines.len() < SNIFF_LINES {
        lines.push(counts);
    }
    lines
}

/// The most common non-zero value and how many entries have it.
fn mode_nonzero(counts: &[usize]) -> Option<(usize, usize)> {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for &c in counts.iter().filter(|&&c| c > 0) {
        match seen.iter_mut().find(|(v, _)| *v == c) {
            Some((_, n)) => *n += 1,
            None => seen.push((c, 1)),
        }
    }
    seen.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line("sep=;\r\na;b\r\n"), Some(b';'));
        assert_eq!(sep_line("sep=|"), Some(b'|'));
        assert_eq!(sep_line("sep=\t\n"), Some(b'\t'));
        assert_eq!(sep_line("sep=;;\n"), None);
        assert_eq!(sep_line("a,sep=;\n"), None);
        assert_eq!(sep_line("sep=\n"), None);
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n", true), b',');
        assert_eq!(delimiter("a;b;c\n1;2,5;3\n4;5;6\n", true), b';');
        assert_eq!(delimiter("a\tb\n1\t2\n", true), b'\t');
        assert_eq!(delimiter("a|b|c\n1|2|3\n", true), b'|');
        assert_eq!(delimiter("single\nvalue\n", true), b',');
        assert_eq!(delimiter("", true), b',');
        // Quoted delimiters do not count.
        assert_eq!(delimiter("a;b\n\"x,y,z\";1\n\"p,q,r\";2\n", true), b';');
        // A title line above the header does not break the pattern.
        assert_eq!(
            delimiter("Report, 2024\n\na;b;c\n1;2;3\n4;5;6\n", true),
            b';'
        );
    }

    #[test]
    fn cut_last_line_is_ignored() {
        // The cut line would suggest a different count; it is not looked at.
        assert_eq!(delimiter("a|b\n1|2\n3,4,5,6,7", false), b'|');
    }
}
