//! Cache prefetch hints: the one place `unsafe` is used outside tests. A hint changes no
//! result; it lets memory answer while the processor works on something else.

/// Asks for the cache line holding the start of `value`.
#[inline]
pub(crate) fn prefetch<T: ?Sized>(value: &T) {
    line(std::ptr::from_ref(value).cast::<u8>());
}

/// Asks for the cache lines of `bytes`, at most `lines` of them.
#[inline]
pub(crate) fn prefetch_bytes(bytes: &[u8], lines: usize) {
    for chunk in bytes.chunks(64).take(lines) {
        line(chunk.as_ptr());
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
#[inline]
fn line(p: *const u8) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    // SAFETY: SSE is part of the x86_64 baseline, and a prefetch never faults or changes
    // memory; the pointer comes from a live reference.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) }
}

/// Elsewhere the reads just wait for memory.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn line(_p: *const u8) {}
