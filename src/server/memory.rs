//! Giving memory back to the system once a flood of connections has gone.
//!
//! Measured with `benches/hostile.sh`: after 5,000 hostile connections closed, glibc's
//! allocator kept about 190 MB it no longer used. Two reasons, two fixes:
//! - Large blocks (an API page is 700 KB) come from the heap once glibc has raised its
//!   threshold for mapping them on their own, and the heap cannot shrink around live blocks.
//!   A fixed threshold keeps every block over 128 KiB in its own mapping, returned on free.
//! - Thousands of small per-connection buffers, and large bodies that grew in place inside the
//!   heap, leave free pages scattered through it. `malloc_trim` hands them back; it is called
//!   only after many connections have closed (measured: 183 MB back to 42 MB).
//!
//! Other allocators and platforms get neither and need neither call.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::watch;

/// Blocks at least this large are mapped on their own (glibc's own starting value).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Connections closed between two looks that make a trim worth its few milliseconds.
const CLOSED_BEFORE_TRIM: usize = 256;

/// Fewer connections than this at the last look, and their draining away is no flood.
const FLOOD: usize = 64;

/// How often the connection count is looked at.
const EVERY: Duration = Duration::from_secs(5);

/// Called once before serving.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's settings; any value is accepted or refused.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Hands the allocator's free pages back to the system. `serve` calls it once the search data
/// and the API's records are built, before listening: the rows those builds read are freed by
/// then, and would otherwise stay resident until something reused them.
pub fn give_back_freed_memory() {
    trim();
}

fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Connections closed since the last look, counted as they close.
#[derive(Default)]
pub struct Closed(AtomicUsize);

impl Closed {
    pub fn one(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs while the server does (it is aborted when the server stops). Trims when many
/// connections have closed since the last look (churn), or when a flood is draining away (half
/// or more of at least 64 gone since the last look): after a flood, both, until it has
/// drained. A quiet server with the odd connection coming and going is never trimmed.
pub async fn trim_after_floods(closed: Arc<Closed>, open: watch::Receiver<usize>) {
    let mut every = tokio::time::interval(EVERY);
    let mut before = 0;
    loop {
        every.tick().await;
        if open.has_changed().is_err() {
            break;
        }
        let now = *open.borrow();
        let closed = closed.0.swap(0, Ordering::Relaxed);
        let draining = closed > 0 && before >= FLOOD && now <= before / 2;
        if closed >= CLOSED_BEFORE_TRIM || draining {
            tokio::task::spawn_blocking(trim);
        }
        before = now;
    }
}
