//! Hints to the processor and the kernel: the one place `unsafe` is used outside tests.
//! A hint changes no result; it lets memory answer while the processor works on
//! something else, or answer sooner.

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

/// Large pages for `memory`, a table read at random: with 4 KiB pages nearly every lookup
/// in a table of tens of megabytes also misses the address cache (TLB). Asked before the
/// memory is first written, so the kernel can back it with 2 MiB pages from the start.
/// A hint only: where it is not honoured nothing changes but the speed.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub(crate) fn huge_pages<T>(memory: &[std::mem::MaybeUninit<T>]) {
    const HUGE: usize = 2 << 20;
    let start = memory.as_ptr() as usize;
    let end = start + std::mem::size_of_val(memory);
    let (first, last) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
    if last > first {
        // SAFETY: the range lies inside `memory`, which is allocated and not yet used;
        // MADV_HUGEPAGE changes how pages are backed, never their contents.
        unsafe {
            libc::madvise(
                first as *mut libc::c_void,
                last - first,
                libc::MADV_HUGEPAGE,
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn huge_pages<T>(_memory: &[std::mem::MaybeUninit<T>]) {}
