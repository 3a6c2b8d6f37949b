//! Progress of long jobs. The library never prints: it tells a `Progress` what it has done
//! and the binary decides whether and how to draw it (a bar on a terminal, nothing else).

/// Receives progress from any thread. Every method has a do-nothing default.
pub trait Progress: Sync {
    /// `rows` more rows were read, about `bytes` bytes of text (fields, separators and line
    /// ends as UTF-8: close to the file's size for UTF-8 CSV, an estimate otherwise).
    fn rows(&self, rows: u64, bytes: u64) {
        let _ = (rows, bytes);
    }

    /// A file is done (validated, or abandoned with an error).
    fn file_done(&self) {}

    /// One more unit of a counted job (a column of `map suggest`, a page of `publish`).
    fn step(&self) {}

    /// Whether anything listens: when not, callers skip the counting on their hot paths.
    fn listening(&self) -> bool {
        true
    }
}

/// Reports nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn listening(&self) -> bool {
        false
    }
}

/// Rows are handed on in batches of this many, so a bar costs nothing per row.
pub const ROW_BATCH: u64 = 1024;

/// Counts rows and bytes of one file and hands them on every `ROW_BATCH` rows.
#[derive(Debug, Default)]
pub struct RowCounter {
    rows: u64,
    bytes: u64,
}

impl RowCounter {
    pub fn row(&mut self, bytes: u64, progress: &dyn Progress) {
        self.rows += 1;
        self.bytes += bytes;
        if self.rows >= ROW_BATCH {
            self.flush(progress);
        }
    }

    pub fn flush(&mut self, progress: &dyn Progress) {
        if self.rows > 0 || self.bytes > 0 {
            progress.rows(self.rows, self.bytes);
        }
        *self = RowCounter::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[derive(Default)]
    struct Count {
        rows: AtomicU64,
        bytes: AtomicU64,
        calls: AtomicU64,
    }

    impl Progress for Count {
        fn rows(&self, rows: u64, bytes: u64) {
            self.rows.fetch_add(rows, Ordering::Relaxed);
            self.bytes.fetch_add(bytes, Ordering::Relaxed);
            self.calls.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[test]
    fn rows_are_handed_on_in_batches_and_none_is_lost() {
        let count = Count::default();
        let mut counter = RowCounter::default();
        for _ in 0..(ROW_BATCH * 2 + 5) {
            counter.row(10, &count);
        }
        assert_eq!(count.calls.load(Ordering::Relaxed), 2);
        counter.flush(&count);
        assert_eq!(count.rows.load(Ordering::Relaxed), ROW_BATCH * 2 + 5);
        assert_eq!(
            count.bytes.load(Ordering::Relaxed),
            (ROW_BATCH * 2 + 5) * 10
        );
        counter.flush(&count);
        assert_eq!(
            count.calls.load(Ordering::Relaxed),
            3,
            "nothing left, nothing sent"
        );
    }
}
