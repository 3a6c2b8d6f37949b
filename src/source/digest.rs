//! SHA-256 of a file's raw bytes on a thread of its own, fed the buffers the decoder has
//! read, so that hashing every byte costs the reading thread almost nothing. Buffers go
//! back to the reader once hashed: a few read buffers circulate, whatever the file size.
//! A buffer keeps its length on the way (only its first `len` bytes are hashed), so a
//! short read does not cost zeroing a whole buffer again.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

/// Buffers queued for the hashing thread before the reader waits for it.
const IN_FLIGHT: usize = 4;

/// Hashes raw buffers in the order given.
pub(super) enum RawDigest {
    Thread {
        tx: Option<SyncSender<(Vec<u8>, usize)>>,
        back: Receiver<Vec<u8>>,
        handle: Option<JoinHandle<String>>,
    },
    /// No thread could be started: the hash is computed inline.
    Inline(Sha256),
}

impl RawDigest {
    pub(super) fn new() -> RawDigest {
        let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, usize)>(IN_FLIGHT);
        let (back_tx, back) = mpsc::channel::<Vec<u8>>();
        let spawned = std::thread::Builder::new()
            .name("sha256".to_owned())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for (buf, len) in rx.iter() {
                    hasher.update(buf.get(..len).unwrap_or_default());
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

    /// A buffer of at least `len` bytes to read into: one the hashing thread is done
    /// with, if any.
    pub(super) fn buffer(&mut self, len: usize) -> Vec<u8> {
        let mut buf = match self {
            RawDigest::Thread { back, .. } => back.try_recv().unwrap_or_default(),
            RawDigest::Inline(_) => Vec::new(),
        };
        if buf.len() < len {
            buf.resize(len, 0);
        }
        buf
    }

    /// Hashes the first `len` bytes of `buf`, taking it; an inline hasher gives it back.
    pub(super) fn update(&mut self, buf: Vec<u8>, len: usize) -> Option<Vec<u8>> {
        match self {
            RawDigest::Thread { tx: Some(tx), .. } => match tx.send((buf, len)) {
                Ok(()) => None,
                Err(mpsc::SendError((buf, len))) => {
                    // The thread is gone (it cannot fail, but if it did): hash inline.
                    let mut hasher = Sha256::new();
                    hasher.update(buf.get(..len).unwrap_or_default());
                    *self = RawDigest::Inline(hasher);
                    Some(buf)
                }
            },
            RawDigest::Thread { tx: None, .. } => Some(buf),
            RawDigest::Inline(hasher) => {
                hasher.update(buf.get(..len).unwrap_or_default());
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
