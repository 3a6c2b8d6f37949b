//! The data rows of one file on two threads: one reads (decodes, parses) batches of
//! records, the other checks them in order. Records and batches go back to the reader to
//! be filled again, so the steady state allocates nothing. The checker sees the same
//! records and notices, in the same order, as a single loop would.
//!
//! Checking has two parts: `prepare` (the checks of a row alone, which may run on either
//! thread) and `check` (what depends on earlier rows, in file order, on the checker). When
//! the checker falls behind, the reader prepares the batches it reads before sending them;
//! otherwise the checker prepares them itself. So the work of the slower side moves to
//! the faster one, batch by batch, and both cores stay busy. Each thread hands `prepare`
//! a state of its own (`T`, such as a cache), so preparing needs no lock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};

use crate::source::{Record, SourceError, SourceNotice, Table};

/// A batch is sent when it has this many records…
const BATCH_ROWS: usize = 512;
/// …or this many cells, so a batch of very wide rows stays small…
const BATCH_CELLS: usize = 65_536;
/// …or this many bytes of text, so a batch of very long rows does too.
const BATCH_BYTES: usize = 4 << 20;
/// A record whose text buffer grew past this is given a fresh one before it is refilled:
/// one long row must not leave every reused buffer at its size.
const KEEP_BYTES: usize = 1 << 20;
/// Batches on their way to the checker: reading runs at most this far ahead.
const IN_FLIGHT: usize = 4;
/// The reader prepares a batch itself when at least this many batches wait for the
/// checker: the checker is then the slower side.
const BEHIND: usize = 2;

/// One record and the notices the table gave right after reading it.
/// `P` is what `prepare` found in the record.
#[derive(Default)]
pub(super) struct Slot<P> {
    pub(super) record: Record,
    pub(super) notices: Vec<SourceNotice>,
    pub(super) prepared: P,
}

/// What the checker is handed: records to prepare for (they come a few steps later), and
/// records to check.
pub(super) enum Step<'a, P> {
    Ahead(&'a [Slot<P>]),
    Row(&'a mut Slot<P>),
}

/// How many records ahead of the one being checked `Step::Ahead` runs: far enough for
/// memory to answer, near enough for the cache to keep what came.
const AHEAD: usize = 16;

/// How many records ahead of the one being prepared its text is asked for.
const PREPARE_AHEAD: usize = 4;

/// How many records ahead of the one being read its buffers are asked for.
const FILL_AHEAD: usize = 4;

/// Records read together; `slots[..filled]` are this batch's.
struct Batch<P> {
    slots: Vec<Slot<P>>,
    filled: usize,
    /// Whether `prepare` ran on the filled slots.
    prepared: bool,
}

impl<P: Default> Batch<P> {
    fn new() -> Batch<P> {
        Batch {
            slots: Vec::new(),
            filled: 0,
            prepared: false,
        }
    }

    fn prepare<T>(&mut self, prepare: &impl Fn(&Record, &mut P, &mut T), own: &mut T) {
        let filled = self.slots.get_mut(..self.filled).unwrap_or_default();
        for i in 0..filled.len() {
            if let Some(ahead) = filled.get(i + PREPARE_AHEAD) {
                ahead.record.prefetch();
            }
            if let Some(slot) = filled.get_mut(i) {
                prepare(&slot.record, &mut slot.prepared, own);
            }
        }
        self.prepared = true;
    }
}

enum Msg<P> {
    Rows(Batch<P>),
    /// Reading ended: at the end of the file, or with an error after the rows before it.
    Done(Result<(), SourceError>),
}

/// Reads the rest of `table`'s records on a second thread and hands each, with its
/// notices and what `prepare` found in it, to `check` on this one, in file order, each
/// announced a few records before. `check` returning an error stops both.
pub(super) fn each_record<P, T, E>(
    table: &mut Table,
    prepare: &(impl Fn(&Record, &mut P, &mut T) + Sync),
    check: impl FnMut(Step<'_, P>) -> Result<(), E>,
) -> Result<(), E>
where
    P: Default + Send,
    T: Default,
    E: From<SourceError>,
{
    each_record_behind(table, BEHIND, prepare, check)
}

/// [`each_record`], the reader preparing a batch when `behind` batches wait.
fn each_record_behind<P, T, E>(
    table: &mut Table,
    behind: usize,
    prepare: &(impl Fn(&Record, &mut P, &mut T) + Sync),
    mut check: impl FnMut(Step<'_, P>) -> Result<(), E>,
) -> Result<(), E>
where
    P: Default + Send,
    T: Default,
    E: From<SourceError>,
{
    let (tx, rx) = mpsc::sync_channel::<Msg<P>>(IN_FLIGHT);
    let (recycle_tx, recycle_rx) = mpsc::channel::<Batch<P>>();
    let waiting = AtomicUsize::new(0);
    let waiting = &waiting;
    std::thread::scope(|scope| {
        scope.spawn(move || read(table, behind, prepare, waiting, &tx, &recycle_rx));
        // `rx` is dropped on return, which stops a reader still sending.
        consume(rx, prepare, waiting, &recycle_tx, &mut check)
    })
}

fn consume<P: Default, T: Default, E: From<SourceError>>(
    rx: Receiver<Msg<P>>,
    prepare: &impl Fn(&Record, &mut P, &mut T),
    waiting: &AtomicUsize,
    recycle: &mpsc::Sender<Batch<P>>,
    check: &mut impl FnMut(Step<'_, P>) -> Result<(), E>,
) -> Result<(), E> {
    let mut own = T::default();
    for msg in rx.iter() {
        match msg {
            Msg::Rows(mut batch) => {
                waiting.fetch_sub(1, Ordering::Relaxed);
                if !batch.prepared {
                    batch.prepare(prepare, &mut own);
                }
                let filled = batch.slots.get_mut(..batch.filled).unwrap_or_default();
                check(Step::Ahead(filled.get(..AHEAD).unwrap_or(filled)))?;
                for i in 0..filled.len() {
                    if let Some(ahead) = filled.get(i + AHEAD) {
                        check(Step::Ahead(std::slice::from_ref(ahead)))?;
                    }
                    if let Some(slot) = filled.get_mut(i) {
                        check(Step::Row(slot))?;
                    }
                }
                // The reader may have stopped already; then the batch is just dropped.
                let _ = recycle.send(batch);
            }
            Msg::Done(result) => return result.map_err(E::from),
        }
    }
    // The reader ended without saying so: it panicked, which the scope re-raises.
    Ok(())
}

/// The reading thread: fills batches until the end, an error, or the checker stopping.
fn read<P: Default, T: Default>(
    table: &mut Table,
    behind: usize,
    prepare: &impl Fn(&Record, &mut P, &mut T),
    waiting: &AtomicUsize,
    tx: &SyncSender<Msg<P>>,
    recycle: &Receiver<Batch<P>>,
) {
    let mut own = T::default();
    loop {
        let mut batch = recycle.try_recv().unwrap_or_else(|_| Batch::new());
        batch.filled = 0;
        batch.prepared = false;
        let (mut cells, mut bytes) = (0usize, 0usize);
        let mut outcome = None;
        while batch.filled < BATCH_ROWS && cells < BATCH_CELLS && bytes < BATCH_BYTES {
            if batch.slots.len() <= batch.filled {
                batch.slots.push(Slot::default());
            }
            // The buffers a record is read into were last read on the other thread:
            // ask for them a few records early.
            if let Some(ahead) = batch.slots.get(batch.filled + FILL_AHEAD) {
                ahead.record.prefetch();
            }
            let Some(slot) = batch.slots.get_mut(batch.filled) else {
                break;
            };
            slot.record.release_if_large(KEEP_BYTES);
            match table.next(&mut slot.record) {
                Ok(true) => {
                    slot.notices = table.take_notices();
                    cells += slot.record.len().max(1);
                    bytes += slot.record.text_bytes();
                    batch.filled += 1;
                }
                Ok(false) => {
                    outcome = Some(Ok(()));
                    break;
                }
                Err(e) => {
                    outcome = Some(Err(e));
                    break;
                }
            }
        }
        if batch.filled > 0 {
            if waiting.load(Ordering::Relaxed) >= behind {
                batch.prepare(prepare, &mut own);
            }
            waiting.fetch_add(1, Ordering::Relaxed);
            if tx.send(Msg::Rows(batch)).is_err() {
                return;
            }
        }
        if let Some(outcome) = outcome {
            let _ = tx.send(Msg::Done(outcome));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::TableOptions;
    use std::thread::ThreadId;

    /// Every record reaches the checker once, in file order, prepared from that very
    /// record, on the reader's thread when the checker is "behind" (always, at 0) and on
    /// the checker's own otherwise.
    #[test]
    fn records_arrive_in_order_prepared_on_either_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut text = String::from("a,b\n");
        for i in 0..3000 {
            text.push_str(&format!("{i},x{i}\n"));
        }
        std::fs::write(&path, text).unwrap();
        let me = std::thread::current().id();
        for (behind, on_reader) in [(0, true), (usize::MAX, false)] {
            let mut table = Table::open(&path, &TableOptions::default()).unwrap();
            assert!(table.header().is_some());
            let prepare = |record: &Record, p: &mut Option<(String, ThreadId)>, _: &mut ()| {
                *p = Some((
                    record.get(0).unwrap_or("").to_owned(),
                    std::thread::current().id(),
                ));
            };
            let mut seen = 0u32;
            each_record_behind(&mut table, behind, &prepare, |step| {
                let Step::Row(slot) = step else {
                    return Ok::<(), SourceError>(());
                };
                let (value, thread) = slot.prepared.take().expect("prepared");
                assert_eq!(value, seen.to_string());
                assert_eq!(slot.record.get(0), Some(value.as_str()));
                assert_eq!(thread != me, on_reader, "behind {behind}, row {seen}");
                seen += 1;
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, 3000);
        }
    }
}
