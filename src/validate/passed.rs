//! Values a column's whole check has passed, remembered on one thread: exports repeat
//! the values of most columns (division codes, amounts, dates, counts), and a repeated
//! value needs no second check, since a check depends on the value and the column alone.
//!
//! A value is remembered exactly (its bytes, not a hash of them), so a remembered value is
//! never another one: the cache can only save time, never change a finding. Only short
//! values are remembered (up to 14 bytes, packed with their length and column into 16), only passing
//! ones, and a column whose values seldom repeat (identity numbers, mobile numbers) stops
//! being looked up after a few thousand cells.

/// Slots of the table, shared by all columns (64 KiB: it stays in the core's cache).
const SLOTS: usize = 4096;
/// Lookups of a column before its hits are judged…
const TRIAL: u32 = 4096;
/// …and the share of them, in 1/8ths, that must have hit for lookups to go on.
const MIN_HITS_EIGHTHS: u32 = 1;

/// A thread's remembered passing values, for the columns of one file.
pub(crate) struct Passed {
    /// Packed value, length and column; 0 marks an empty slot (a packed key never is 0:
    /// its length byte is at least 1).
    slots: Vec<u128>,
    columns: Vec<ColumnTrial>,
}

/// How lookups of one column fared.
#[derive(Clone, Copy, Default)]
struct ColumnTrial {
    lookups: u32,
    hits: u32,
    /// Its values seldom repeat: not looked up any more.
    off: bool,
}

impl Default for Passed {
    fn default() -> Passed {
        Passed {
            slots: vec![0; SLOTS],
            columns: Vec::new(),
        }
    }
}

impl Passed {
    /// Whether `value` of column `column` passed before. `None`: not remembered here (too
    /// long, a column past 255, a column whose values seldom repeat); the caller checks it.
    /// `Some((slot, false))`: not seen yet; remember it with [`Passed::remember`] once it
    /// passes.
    #[inline]
    pub(crate) fn look_up(&mut self, column: usize, value: &str) -> Option<(usize, bool)> {
        let key = pack(column, value.as_bytes())?;
        if self.columns.len() <= column {
            self.columns.resize(column + 1, ColumnTrial::default());
        }
        let trial = self.columns.get_mut(column)?;
        if trial.off {
            return None;
        }
        let slot = home(key);
        let hit = self.slots.get(slot) == Some(&key);
        if trial.lookups < TRIAL {
            trial.lookups += 1;
            trial.hits += u32::from(hit);
            if trial.lookups == TRIAL && trial.hits * 8 < TRIAL * MIN_HITS_EIGHTHS {
                trial.off = true;
            }
        }
        Some((slot, hit))
    }

    /// Remembers that `value` of `column`, looked up at `slot`, passed.
    #[inline]
    pub(crate) fn remember(&mut self, slot: usize, column: usize, value: &str) {
        if let (Some(key), Some(s)) = (pack(column, value.as_bytes()), self.slots.get_mut(slot)) {
            *s = key;
        }
    }
}

/// The value's bytes, its length and the column in 16 bytes, or `None` when they do not
/// fit. Read with a few loads straight from the value: a byte-wise copy into a buffer read
/// back whole would stall on the way through memory.
#[inline]
fn pack(column: usize, bytes: &[u8]) -> Option<u128> {
    let column = u8::try_from(column).ok()?;
    let len = bytes.len();
    if len == 0 || len > MAX_LEN {
        return None;
    }
    // Bits 112–119 the length (so "a" and "a\0" differ), 120–127 the column; never 0.
    let tag = (u128::from(len as u8) << 112) | (u128::from(column) << 120);
    Some(if len <= 8 {
        u128::from(le_bytes(bytes)?) | tag
    } else {
        let (head, rest) = bytes.split_at(8);
        let head = u64::from_le_bytes(head.try_into().ok()?);
        u128::from(head) | (u128::from(le_bytes(rest)?) << 64) | tag
    })
}

/// Values longer than this are not remembered: 8 + 6 bytes fill the bits below the tag.
const MAX_LEN: usize = 14;

/// `bytes` (at most 8) as a little-endian number, by overlapping loads.
#[inline]
fn le_bytes(bytes: &[u8]) -> Option<u64> {
    let n = bytes.len();
    let word = |at: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(
            bytes.get(at..at + 4)?.try_into().ok()?,
        )))
    };
    match n {
        0 => Some(0),
        1..=3 => {
            let byte = |i: usize| bytes.get(i).map(|&b| u64::from(b) << (8 * i));
            Some(byte(0)? | byte(n / 2)? | byte(n - 1)?)
        }
        4..=8 => {
            // The last four bytes, less those the first four already gave.
            let last = word(n - 4)? >> (8 * (8 - n));
            Some(word(0)? | (last << 32))
        }
        _ => None,
    }
}

#[inline]
fn home(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_value_is_remembered_for_its_own_column_only() {
        let mut passed = Passed::default();
        let (slot, hit) = passed.look_up(1, "350102").expect("short value");
        assert!(!hit);
        passed.remember(slot, 1, "350102");
        assert_eq!(passed.look_up(1, "350102"), Some((slot, true)));
        // The same text in another column, and a neighbour, were never checked there.
        assert!(!passed.look_up(2, "350102").expect("short").1);
        assert!(!passed.look_up(1, "350103").expect("short").1);
        assert!(!passed.look_up(1, "35010").expect("short").1);
        assert!(!passed.look_up(1, "350102 ").expect("short").1);
    }

    /// Every value of up to 14 bytes packs to a key of its own: the same bytes back,
    /// whatever its length, trailing NUL bytes included.
    #[test]
    fn packing_keeps_every_byte_and_the_length() {
        let alphabet = [0u8, 1, b'0', b'9', 0x7f, 0x80, 0xe4, 0xff];
        let (mut inputs, mut keys) = (HashSet::new(), HashSet::new());
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for len in 1..=MAX_LEN {
            for _ in 0..2000 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % 8) as usize]
                    })
                    .collect();
                let key = pack(7, &bytes).expect("fits");
                let raw = key.to_le_bytes();
                let back: Vec<u8> = raw[..14].iter().copied().take(len).collect();
                assert_eq!(back, bytes);
                assert_eq!(key >> 112, (7 << 8) | len as u128);
                inputs.insert(bytes);
                keys.insert(key);
            }
        }
        assert_eq!(keys.len(), inputs.len());
        assert!(!keys.contains(&0));
    }

    #[test]
    fn long_empty_values_and_far_columns_are_not_remembered() {
        let mut passed = Passed::default();
        assert_eq!(passed.look_up(0, ""), None);
        assert_eq!(passed.look_up(0, "0123456789abcde"), None);
        assert!(passed.look_up(0, "0123456789abcd").is_some());
        assert_eq!(passed.look_up(256, "a"), None);
        assert!(passed.look_up(255, "a").is_some());
    }

    #[test]
    fn a_column_whose_values_do_not_repeat_stops_being_looked_up() {
        let mut passed = Passed::default();
        for i in 0..TRIAL {
            let value = format!("1{i:010}");
            let (slot, hit) = passed.look_up(3, &value).expect("looked up");
            assert!(!hit);
            passed.remember(slot, 3, &value);
        }
        assert_eq!(passed.look_up(3, "10000000000"), None);
        // A column of repeated values goes on.
        for _ in 0..TRIAL + 10 {
            let (slot, hit) = passed.look_up(4, "100").expect("looked up");
            passed.remember(slot, 4, "100");
            let _ = hit;
        }
        assert_eq!(passed.look_up(4, "100").map(|(_, hit)| hit), Some(true));
    }
}
