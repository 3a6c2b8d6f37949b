//! SHA-256 of a file's raw bytes on a thread of its own, fed the buffers the decoder has
//! read, so that hashing every byte costs the reading thread almost nothing. Buffers go
//! back to the reader once hashed: a few 64 KiB buffers circulate, whatever the file size.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

/// Buffers queued for the hashing thread before the reader waits for it.
const IN_FLIGHT: usize = 4;

/// Hashes raw buffers in the order given.
pub(super) enum RawDigest {
    Thread {
        tx: Option<SyncSender<Vec<u8>>>,
        back: Receiver<Vec<u8>>,
        handle: Option<JoinHandle<String>>,
    },
    /// No thread could be started: the hash is computed inline.
    Inline(Sha256),
}

impl RawDigest {
    pub(super) fn new() -> RawDigest {
        let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (back_tx, back) = mpsc::channel::<Vec<u8>>();
        let spawned = std::thread::Builder::new()
            .name("sha256".to_owned())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for buf in rx.iter() {
                    hasher.update(&buf);
                    // The reader may be gone (it stopped early): then the buffer is dropped.
                    let _ = back_tx.send(buf);
                }
                super::encoding::hex(&hasher.finalize())
            });
        match spawned {
            Ok(handle) => RawDigest::Thread {
                tx: Some(tx),
                back,
                handle: Some(handle),
            },
            Err(_) => RawDigest::Inline(Sha256::new()),
        }
    }

    /// A buffer of `len` bytes to read into: one the hashing thread is done with, if any.
    pub(super) fn buffer(&mut self, len: usize) -> Vec<u8> {
        let mut buf = match self {
            RawDigest::Thread { back, .. } => back.try_recv().unwrap_or_default(),
            RawDigest::Inline(_) => Vec::new(),
        };
        buf.resize(len, 0);
        buf
    }

    /// Hashes `buf` (its whole length), taking it; an inline hasher gives it back.
    pub(super) fn update(&mut self, buf: Vec<u8>) -> Option<Vec<u8>> {
        match self {
            RawDigest::Thread { tx: Some(tx), .. } => match tx.send(buf) {
                Ok(()) => None,
                Err(mpsc::SendError(buf)) => {
                    // The thread is gone (it cannot fail, but if it did): hash inline.
                    let mut hasher = Sha256::new();
                    hasher.update(&buf);
                    *self = RawDigest::Inline(hasher);
                    Some(buf)
                }
            },
            RawDigest::Thread { tx: None, .. } => Some(buf),
            RawDigest::Inline(hasher) => {
                hasher.update(&buf);
                Some(buf)
            }
        }
    }

    /// The hex digest of everything given; `None` if the hashing thread failed.
    pub(super) fn finish(&mut self) -> Option<String> {
        match self {
            RawDigest::Thread { tx, handle, .. } => {
                drop(tx.take());
                handle.take()?.join().ok()
            }
            RawDigest::Inline(hasher) => {
                Some(super::encoding::hex(&std::mem::take(hasher).finalize()))
            }
        }
    }
}
