//! Membership in a code list, looked up for every cell of a code column.

/// The codes of a list, for membership. A code of at most 16 bytes (nearly all) is kept
/// as one number, its bytes big-endian and zero-padded, in an open-addressing table at
/// most half full: a lookup packs the value the same way and mostly reads one slot, with
/// no string to follow. Zero padding tells the strings apart as long as none holds a NUL
/// byte; codes that are longer or hold one are kept as sorted strings.
#[derive(Debug, Clone)]
pub(crate) struct CodeSet {
    /// Packed codes; 0 marks a free slot (the empty code is `empty`).
    slots: Vec<u128>,
    /// Bits of a slot index.
    bits: u32,
    empty: bool,
    other: Vec<Box<str>>,
}

/// `v` as a [`CodeSet`] key, when it has one.
fn packed(v: &str) -> Option<u128> {
    let bytes = v.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let mut key = 0u128;
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            return None;
        }
        key |= u128::from(b) << (8 * (15 - i));
    }
    Some(key)
}

impl CodeSet {
    pub(crate) fn new(codes: impl IntoIterator<Item = String>) -> CodeSet {
        let (mut keys, mut other) = (Vec::new(), Vec::new());
        for code in codes {
            match packed(&code) {
                Some(key) => keys.push(key),
                None => other.push(code.into_boxed_str()),
            }
        }
        other.sort_unstable();
        other.dedup();
        let bits = (keys.len() * 2).max(8).next_power_of_two().trailing_zeros();
        let mut set = CodeSet {
            slots: vec![0; 1 << bits],
            bits,
            empty: false,
            other,
        };
        for key in keys {
            if key == 0 {
                set.empty = true;
                continue;
            }
            let mut i = set.home(key);
            while let Some(slot) = set.slots.get_mut(i) {
                if *slot == 0 || *slot == key {
                    *slot = key;
                    break;
                }
                i = (i + 1) & ((1 << bits) - 1);
            }
        }
        set
    }

    /// Where a lookup of `key` starts: Fibonacci hashing of both halves.
    fn home(&self, key: u128) -> usize {
        let folded = ((key >> 64) as u64) ^ (key as u64).rotate_left(32);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    pub(crate) fn contains(&self, v: &str) -> bool {
        let Some(key) = packed(v) else {
            return self.other.binary_search_by(|c| (**c).cmp(v)).is_ok();
        };
        if key == 0 {
            return self.empty;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            match self.slots.get(i) {
                Some(&slot) if slot == key => return true,
                Some(&0) | None => return false,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }
}
