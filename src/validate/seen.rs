//! Which values a unique field or primary key has held so far, in 16 bytes a distinct
//! value: a 96-bit fingerprint (XXH3-128, cut) and the first row.
//!
//! An open-addressing table with linear probing, grown at 7/8 full. XXH3 is a fast
//! non-cryptographic hash of good quality; with 96 bits, two distinct values among
//! 100 million share a fingerprint with a probability below 10⁻¹³, which is far below the
//! chance of a memory error in the machine reading the file. A dataset's rows are not
//! chosen by an attacker trying to hide a duplicate (and a collision could only make a
//! false *duplicate*, never hide a real one).

use std::collections::HashMap;

use xxhash_rust::xxh3::{xxh3_128, Xxh3Default};

/// A value's fingerprint: XXH3-128 cut to 96 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Fingerprint {
    hi: u64,
    lo: u32,
}

impl Fingerprint {
    pub(super) fn of(value: &[u8]) -> Fingerprint {
        Fingerprint::from_u128(xxh3_128(value))
    }

    fn from_u128(h: u128) -> Fingerprint {
        Fingerprint {
            hi: (h >> 64) as u64,
            lo: h as u32,
        }
    }
}

/// Fingerprints of several values taken together (a primary key of several columns): each
/// value is preceded by its length, so `("ab", "c")` and `("a", "bc")` differ.
pub(super) struct KeyHasher(Xxh3Default);

impl KeyHasher {
    pub(super) fn new() -> KeyHasher {
        KeyHasher(Xxh3Default::new())
    }

    pub(super) fn reset(&mut self) {
        self.0.reset();
    }

    pub(super) fn add(&mut self, value: &[u8]) {
        self.0.update(&(value.len() as u64).to_le_bytes());
        self.0.update(value);
    }

    pub(super) fn finish(&self) -> Fingerprint {
        Fingerprint::from_u128(self.0.digest128())
    }
}

/// One slot: 16 bytes. `row == 0` marks an empty slot (rows count from 1, and data rows
/// come after the header, so 0 never occurs).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    hi: u64,
    lo: u32,
    row: u32,
}

/// `Slot::row` of a row too large for 32 bits: the row is in `SeenValues::large_rows`.
const LARGE_ROW: u32 = u32::MAX;

/// The first row of each distinct fingerprint seen.
#[derive(Debug, Default)]
pub(super) struct SeenValues {
    slots: Vec<Slot>,
    len: usize,
    /// First rows past `u32::MAX - 1` (files of more than four billion rows).
    large_rows: HashMap<Fingerprint, u64>,
}

impl SeenValues {
    /// The first row that held `fp`, or `None` after recording `row` as its first.
    pub(super) fn first_or_insert(&mut self, fp: Fingerprint, row: u64) -> Option<u64> {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (fp.hi as usize) & mask;
        loop {
            let slot = self.slots.get_mut(i)?;
            if slot.row == 0 {
                let stored = u32::try_from(row)
                    .ok()
                    .filter(|&r| r != LARGE_ROW && r != 0);
                *slot = Slot {
                    hi: fp.hi,
                    lo: fp.lo,
                    row: stored.unwrap_or(LARGE_ROW),
                };
                if stored.is_none() {
                    self.large_rows.insert(fp, row);
                }
                self.len += 1;
                return None;
            }
            if slot.hi == fp.hi && slot.lo == fp.lo {
                return Some(match slot.row {
                    LARGE_ROW => self.large_rows.get(&fp).copied().unwrap_or(u64::MAX),
                    r => u64::from(r),
                });
            }
            i = (i + 1) & mask;
        }
    }

    /// How many distinct fingerprints are held.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Bytes the table holds now.
    pub(super) fn bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>()
    }

    /// Doubles the table (16 slots at first) and places every entry again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.row != 0) {
            let mut i = (slot.hi as usize) & mask;
            while self.slots.get(i).is_some_and(|s| s.row != 0) {
                i = (i + 1) & mask;
            }
            if let Some(free) = self.slots.get_mut(i) {
                *free = slot;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_16_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }

    #[test]
    fn first_rows_are_kept_through_growth() {
        let mut seen = SeenValues::default();
        for i in 0..10_000u64 {
            let v = format!("v{i}");
            assert_eq!(seen.first_or_insert(Fingerprint::of(v.as_bytes()), i + 2), None);
        }
        assert_eq!(seen.len(), 10_000);
        assert!(seen.bytes() <= 16 * 16_384);
        for i in (0..10_000u64).step_by(7) {
            let v = format!("v{i}");
            assert_eq!(
                seen.first_or_insert(Fingerprint::of(v.as_bytes()), 99_999),
                Some(i + 2)
            );
        }
        assert_eq!(seen.len(), 10_000);
    }

    #[test]
    fn rows_past_32_bits_are_kept() {
        let mut seen = SeenValues::default();
        let big = u64::from(u32::MAX) + 10;
        let fp = Fingerprint::of(b"x");
        assert_eq!(seen.first_or_insert(fp, big), None);
        assert_eq!(seen.first_or_insert(fp, big + 1), Some(big));
        let fp = Fingerprint::of(b"y");
        assert_eq!(seen.first_or_insert(fp, u64::from(u32::MAX)), None);
        assert_eq!(seen.first_or_insert(fp, 5), Some(u64::from(u32::MAX)));
    }

    #[test]
    fn key_parts_are_delimited() {
        let key = |parts: &[&str]| {
            let mut h = KeyHasher::new();
            for p in parts {
                h.add(p.as_bytes());
            }
            h.finish()
        };
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_eq!(key(&["ab", "c"]), key(&["ab", "c"]));
    }
}
