//! Where the fields of a plain line end, found eight bytes at a time: one pass over the
//! line instead of a search started again after each delimiter, which costs more than it
//! finds in fields of a few bytes.

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `word` that equals `byte`, and no other bit.
#[inline]
fn equal_bytes(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    // A byte's high bit ends up set exactly when it is zero: `(x & 0x7f) + 0x7f` sets it
    // when any low bit is set, `| x` when the high bit is, and no sum carries into the
    // next byte (0x7f + 0x7f fits in one).
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The end of each field of `line`: the position of every `delimiter`, in order, then
/// `line.len()`.
pub(super) fn field_ends(line: &[u8], delimiter: u8) -> FieldEnds<'_> {
    FieldEnds {
        line,
        delimiter,
        next: 0,
        base: 0,
        found: 0,
        finished: false,
    }
}

pub(super) struct FieldEnds<'a> {
    line: &'a [u8],
    delimiter: u8,
    /// Where the next word starts.
    next: usize,
    /// Where the word of `found` starts.
    base: usize,
    /// The delimiters of that word not yet returned, one high bit each.
    found: u64,
    finished: bool,
}

impl Iterator for FieldEnds<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.found != 0 {
                let at = self.base + (self.found.trailing_zeros() / 8) as usize;
                self.found &= self.found - 1;
                return Some(at);
            }
            let Some(rest) = self.line.get(self.next..).filter(|r| !r.is_empty()) else {
                if self.finished {
                    return None;
                }
                self.finished = true;
                return Some(self.line.len());
            };
            let (word, valid) = match rest.first_chunk::<8>() {
                Some(eight) => (u64::from_le_bytes(*eight), u64::MAX),
                None => {
                    let mut eight = [0u8; 8];
                    eight[..rest.len()].copy_from_slice(rest);
                    // The padding must not read as delimiters (a NUL delimiter).
                    (u64::from_le_bytes(eight), (1u64 << (rest.len() * 8)) - 1)
                }
            };
            self.base = self.next;
            self.found = equal_bytes(word, self.delimiter) & valid;
            self.next += 8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(line: &[u8], delimiter: u8) -> Vec<usize> {
        let mut ends: Vec<usize> = (0..line.len()).filter(|&i| line[i] == delimiter).collect();
        ends.push(line.len());
        ends
    }

    #[test]
    fn every_byte_value_as_delimiter_and_neighbour() {
        for delimiter in 0..=255u8 {
            for len in 0..20 {
                // The delimiter next to the bytes whose arithmetic is closest to it.
                let line: Vec<u8> = (0..len)
                    .map(|i| match i % 4 {
                        0 => delimiter,
                        1 => delimiter.wrapping_add(1),
                        2 => delimiter ^ 0x80,
                        _ => delimiter.wrapping_sub(1),
                    })
                    .collect();
                let found: Vec<usize> = field_ends(&line, delimiter).collect();
                assert_eq!(found, naive(&line, delimiter), "{delimiter:#x}, {len}");
            }
        }
    }

    proptest! {
        #[test]
        fn the_same_ends_as_a_byte_by_byte_search(
            line in proptest::collection::vec(
                prop_oneof![Just(b','), Just(b'\t'), Just(0u8), Just(0xac), any::<u8>()],
                0..100,
            ),
            delimiter in prop_oneof![Just(b','), Just(b'\t'), Just(b';'), Just(0u8), any::<u8>()],
        ) {
            prop_assert_eq!(field_ends(&line, delimiter).collect::<Vec<_>>(), naive(&line, delimiter));
        }
    }
}
