//! Which values a unique field or primary key has held so far, in 16 bytes a distinct
//! value: a 96-bit fingerprint (XXH3-128, cut) and the first row.
//!
//! An open-addressing table with linear probing, grown at 7/8 full. Past its memory limit
//! the table is written to a temporary file as a run sorted by fingerprint and emptied;
//! each later value is looked up in the runs (a Bloom filter per run, then one block read)
//! before the table, so the findings are the same as with unlimited memory, in the same
//! order. The temporary files have no name (deleted on close, or when the process ends). XXH3 is a fast
//! non-cryptographic hash of good quality; with 96 bits, two distinct values among
//! 100 million share a fingerprint with a probability below 10⁻¹³, which is far below the
//! chance of a memory error in the machine reading the file. A dataset's rows are not
//! chosen by an attacker trying to hide a duplicate (and a collision could only make a
//! false *duplicate*, never hide a real one).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use xxhash_rust::xxh3::xxh3_128;

/// A value's fingerprint: XXH3-128 cut to 96 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
/// value is preceded by its length, so `("ab", "c")` and `("a", "bc")` differ. The parts
/// are gathered in a reused buffer and hashed at once.
#[derive(Default)]
pub(super) struct KeyHasher(Vec<u8>);

impl KeyHasher {
    #[cfg(test)]
    pub(super) fn new() -> KeyHasher {
        KeyHasher::default()
    }

    pub(super) fn reset(&mut self) {
        self.0.clear();
    }

    pub(super) fn add(&mut self, value: &[u8]) {
        self.0
            .extend_from_slice(&(value.len() as u64).to_le_bytes());
        self.0.extend_from_slice(value);
    }

    pub(super) fn finish(&self) -> Fingerprint {
        Fingerprint::of(&self.0)
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
#[derive(Default)]
pub(super) struct SeenValues {
    slots: Vec<Slot>,
    len: usize,
    /// First rows past `u32::MAX - 1` (files of more than four billion rows).
    large_rows: HashMap<Fingerprint, u64>,
    /// Most bytes the table may take before it is written out; `None`: no limit.
    limit: Option<usize>,
    /// Tables written out, oldest first.
    runs: Vec<SpilledRun>,
}

impl SeenValues {
    /// A table that writes itself out past `limit` bytes (`None`: never).
    pub(super) fn with_limit(limit: Option<usize>) -> SeenValues {
        SeenValues {
            limit,
            ..SeenValues::default()
        }
    }

    /// The first row that held `fp`, or `None` after recording `row` as its first.
    /// Fails only when a run cannot be written or read.
    pub(super) fn first_or_insert(&mut self, fp: Fingerprint, row: u64) -> io::Result<Option<u64>> {
        for run in &mut self.runs {
            if let Some(first) = run.find(fp)? {
                return Ok(Some(first));
            }
        }
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            let over = self
                .limit
                .is_some_and(|limit| self.bytes() * 2 > limit && self.len > 0);
            if over {
                self.spill()?;
            } else {
                self.grow();
            }
        }
        Ok(self.insert(fp, row))
    }

    /// Asks the processor to bring in the slot a lookup of `fp` starts at, so that the
    /// lookup a few rows later finds it in cache: in a table larger than the cache, each
    /// lookup would otherwise wait for memory. The line after it too: near 7/8 full, a
    /// lookup of a new value probes several slots on. A hint only: it changes no answer.
    pub(super) fn prefetch(&self, fp: Fingerprint) {
        let mask = self.slots.len().wrapping_sub(1);
        let start = fp.hi as usize & mask;
        if let Some(slot) = self.slots.get(start) {
            crate::prefetch::prefetch(slot);
        }
        // Four 16-byte slots to a 64-byte cache line.
        if let Some(slot) = self.slots.get(start + 4) {
            crate::prefetch::prefetch(slot);
        }
    }

    fn insert(&mut self, fp: Fingerprint, row: u64) -> Option<u64> {
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

    /// How many distinct fingerprints are held in memory.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// How many runs were written out.
    #[cfg(test)]
    pub(super) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Writes the table out as a sorted run and empties it (keeping its size).
    fn spill(&mut self) -> io::Result<()> {
        let mut entries: Vec<(Fingerprint, u64)> = Vec::with_capacity(self.len);
        for slot in self.slots.iter().filter(|s| s.row != 0) {
            let fp = Fingerprint {
                hi: slot.hi,
                lo: slot.lo,
            };
            let row = match slot.row {
                LARGE_ROW => self.large_rows.get(&fp).copied().unwrap_or(u64::MAX),
                r => u64::from(r),
            };
            entries.push((fp, row));
        }
        entries.sort_unstable();
        self.runs.push(SpilledRun::write(&entries)?);
        self.slots.fill(Slot::default());
        self.large_rows.clear();
        self.len = 0;
        Ok(())
    }

    /// Bytes the table holds now.
    pub(super) fn bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>()
    }

    /// Doubles the table (16 slots at first) and places every entry again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, empty_slots(size));
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

/// `size` empty slots, in large pages where the system gives them.
fn empty_slots(size: usize) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(size);
    crate::prefetch::huge_pages(slots.spare_capacity_mut());
    slots.resize(size, Slot::default());
    slots
}

/// Bytes of one entry of a run: fingerprint (8 + 4) and row (8), little-endian.
const ENTRY: usize = 20;
/// Entries per block: a lookup reads one block.
const BLOCK: usize = 256;
/// Bloom filter bits per entry and probes: about 1% of absent values read a block.
const BLOOM_BITS: usize = 10;
const BLOOM_PROBES: u64 = 7;

/// A table written out: entries sorted by fingerprint in an unnamed temporary file, the
/// first fingerprint of each block, and a Bloom filter of them all.
struct SpilledRun {
    file: File,
    entries: usize,
    block_starts: Vec<Fingerprint>,
    bloom: Vec<u64>,
    buf: Vec<u8>,
}

impl SpilledRun {
    fn write(entries: &[(Fingerprint, u64)]) -> io::Result<SpilledRun> {
        let bits = (entries.len() * BLOOM_BITS).next_power_of_two().max(64);
        let mut bloom = vec![0u64; bits / 64];
        let mut block_starts = Vec::with_capacity(entries.len() / BLOCK + 1);
        let mut out = BufWriter::new(tempfile::tempfile()?);
        for (i, (fp, row)) in entries.iter().enumerate() {
            if i % BLOCK == 0 {
                block_starts.push(*fp);
            }
            for bit in bloom_bits(*fp, bits) {
                if let Some(word) = bloom.get_mut(bit / 64) {
                    *word |= 1 << (bit % 64);
                }
            }
            out.write_all(&fp.hi.to_le_bytes())?;
            out.write_all(&fp.lo.to_le_bytes())?;
            out.write_all(&row.to_le_bytes())?;
        }
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(SpilledRun {
            file,
            entries: entries.len(),
            block_starts,
            bloom,
            buf: vec![0u8; BLOCK * ENTRY],
        })
    }

    /// The row stored for `fp`, if the run holds it.
    fn find(&mut self, fp: Fingerprint) -> io::Result<Option<u64>> {
        let bits = self.bloom.len() * 64;
        let maybe = bloom_bits(fp, bits).all(|bit| {
            self.bloom
                .get(bit / 64)
                .is_some_and(|word| word & (1 << (bit % 64)) != 0)
        });
        if !maybe {
            return Ok(None);
        }
        // The last block starting at or before `fp`.
        let block = self.block_starts.partition_point(|start| *start <= fp);
        let Some(block) = block.checked_sub(1) else {
            return Ok(None);
        };
        let first = block * BLOCK;
        let count = BLOCK.min(self.entries - first);
        let bytes = self.buf.get_mut(..count * ENTRY).unwrap_or_default();
        (&self.file).seek(SeekFrom::Start((first * ENTRY) as u64))?;
        (&self.file).read_exact(bytes)?;
        let entry = |i: usize| -> (Fingerprint, u64) {
            let e = bytes.get(i * ENTRY..(i + 1) * ENTRY).unwrap_or(&[0; ENTRY]);
            let word = |r: std::ops::Range<usize>| -> [u8; 8] {
                let mut w = [0u8; 8];
                if let Some(src) = e.get(r) {
                    w.get_mut(..src.len())
                        .unwrap_or_default()
                        .copy_from_slice(src);
                }
                w
            };
            let hi = u64::from_le_bytes(word(0..8));
            let lo = u64::from_le_bytes(word(8..12)) as u32;
            let row = u64::from_le_bytes(word(12..20));
            (Fingerprint { hi, lo }, row)
        };
        let (mut low, mut high) = (0usize, count);
        while low < high {
            let mid = (low + high) / 2;
            let (at, row) = entry(mid);
            match at.cmp(&fp) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Ok(Some(row)),
            }
        }
        Ok(None)
    }
}

/// The filter bits of `fp` in a filter of `bits` bits (a power of two): double hashing
/// over the fingerprint's two independent parts.
fn bloom_bits(fp: Fingerprint, bits: usize) -> impl Iterator<Item = usize> {
    let step = u64::from(fp.lo) | 1;
    let mask = (bits - 1) as u64;
    (0..BLOOM_PROBES).map(move |i| (fp.hi.wrapping_add(i.wrapping_mul(step)) & mask) as usize)
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
            assert_eq!(
                seen.first_or_insert(Fingerprint::of(v.as_bytes()), i + 2)
                    .unwrap(),
                None
            );
        }
        assert_eq!(seen.len(), 10_000);
        assert!(seen.bytes() <= 16 * 16_384);
        for i in (0..10_000u64).step_by(7) {
            let v = format!("v{i}");
            assert_eq!(
                seen.first_or_insert(Fingerprint::of(v.as_bytes()), 99_999)
                    .unwrap(),
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
        assert_eq!(seen.first_or_insert(fp, big).unwrap(), None);
        assert_eq!(seen.first_or_insert(fp, big + 1).unwrap(), Some(big));
        let fp = Fingerprint::of(b"y");
        assert_eq!(seen.first_or_insert(fp, u64::from(u32::MAX)).unwrap(), None);
        assert_eq!(
            seen.first_or_insert(fp, 5).unwrap(),
            Some(u64::from(u32::MAX))
        );
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

    /// The same answers, value by value, with a limit that forces many runs as without one.
    #[test]
    fn spilled_runs_answer_as_memory_does() {
        let mut unlimited = SeenValues::default();
        let mut spilling = SeenValues::with_limit(Some(512));
        let big = u64::from(u32::MAX) + 1;
        for i in 0..20_000u64 {
            // Values repeat at varied distances; some first rows need 64 bits.
            let v = (i * 7919) % 13_000;
            let fp = Fingerprint::of(&v.to_le_bytes());
            let row = if i % 1000 == 3 { big + i } else { i + 2 };
            let a = unlimited.first_or_insert(fp, row).unwrap();
            let b = spilling.first_or_insert(fp, row).unwrap();
            assert_eq!(a, b, "value {v} at {i}");
        }
        assert!(spilling.runs() > 100, "{} runs", spilling.runs());
        assert!(spilling.bytes() <= 512);
        assert_eq!(unlimited.runs(), 0);
    }
}
