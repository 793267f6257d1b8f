//! Where log lines go: a buffer in memory that a thread of its own writes to standard error
//! every [`FLUSH_EVERY`], so a request never waits for the disk or a full pipe, and never
//! wakes another thread for its line.
//!
//! Why not `tracing-appender`'s non-blocking writer, which this replaced: it sends each line
//! through a channel and wakes its thread for it, with one write to standard error per line.
//! A perf profile of a kept page under load (wrk, 64 connections) showed that thread, the
//! wake-ups and the reschedules they forced on the request threads at several percent of the
//! server's CPU; here a line is one short lock and a copy.
//!
//! Should standard error stop taking lines, [`MOST_HELD`] bytes wait in the buffer (and as
//! much again in the batch being written); past that, lines are dropped rather than requests
//! held up or memory spent, and the next write says how many. At the end, the guard waits at
//! most [`LAST_WRITE`] for the last batch: a process whose standard error is blocked still
//! stops.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// How long a line may wait in memory: short enough for someone watching the log, long enough
/// that under load each write carries hundreds of lines.
pub const FLUSH_EVERY: Duration = Duration::from_millis(50);
/// Lines held at most, in bytes, while standard error is not taking them.
const MOST_HELD: usize = 8 * 1024 * 1024;
/// How long the end of the program waits for the last lines to be written.
const LAST_WRITE: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Shared {
    waiting: Mutex<Vec<u8>>,
    dropped: AtomicU64,
    stopping: AtomicBool,
    /// Wakes the writing thread early, to stop.
    stop: Condvar,
}

/// A [`MakeWriter`] for `tracing-subscriber`: each line is added to the buffer.
#[derive(Clone)]
pub struct BatchedWriter {
    shared: Arc<Shared>,
}

/// Writes what is left when dropped (at the end of `main`), then stops the thread.
#[must_use = "lines still held are lost unless this is kept until the program ends"]
pub struct FlushOnDrop {
    shared: Arc<Shared>,
    /// Says when the thread has written its last batch.
    finished: mpsc::Receiver<()>,
}

impl BatchedWriter {
    /// A writer to `out` (standard error in `main`, anything in tests) and the guard that
    /// flushes it.
    pub fn new(out: impl Write + Send + 'static) -> (BatchedWriter, FlushOnDrop) {
        let shared = Arc::new(Shared::default());
        let (finish, finished) = mpsc::channel();
        {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("log-writer".into())
                .spawn(move || {
                    write_until_stopped(&shared, out);
                    let _ = finish.send(());
                })
                .expect("a thread for the log");
        }
        (
            BatchedWriter {
                shared: shared.clone(),
            },
            FlushOnDrop { shared, finished },
        )
    }
}

fn write_until_stopped(shared: &Shared, mut out: impl Write) {
    let mut writing = Vec::new();
    loop {
        let stopping = {
            let waiting = shared.waiting.lock().unwrap_or_else(|e| e.into_inner());
            let (mut waiting, _) = shared
                .stop
                .wait_timeout_while(waiting, FLUSH_EVERY, |_| {
                    !shared.stopping.load(Ordering::Acquire)
                })
                .unwrap_or_else(|e| e.into_inner());
            // Take the lines and leave the emptied buffer of the last round in their place, so
            // neither side allocates once both have grown to the load.
            std::mem::swap(&mut *waiting, &mut writing);
            shared.stopping.load(Ordering::Acquire)
        };
        let dropped = shared.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            let _ = writeln!(
                out,
                "lantern: {dropped} log lines dropped: the log was not being read fast enough"
            );
        }
        // A failed write has nowhere to be reported; the next round tries again.
        let _ = out.write_all(&writing).and_then(|()| out.flush());
        writing.clear();
        if stopping {
            return;
        }
    }
}

impl Drop for FlushOnDrop {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::Release);
        // Taken so the thread is either before its wait (and sees the flag) or in it (and
        // gets the signal).
        drop(self.shared.waiting.lock());
        self.shared.stop.notify_one();
        // Not a join: a write to a standard error nobody reads never returns.
        let _ = self.finished.recv_timeout(LAST_WRITE);
    }
}

impl Write for BatchedWriter {
    /// `tracing-subscriber` hands over each line whole, in one call.
    fn write(&mut self, line: &[u8]) -> io::Result<usize> {
        let mut waiting = self
            .shared
            .waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if waiting.len() + line.len() > MOST_HELD {
            drop(waiting);
            self.shared.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            waiting.extend_from_slice(line);
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BatchedWriter {
    type Writer = BatchedWriter;

    fn make_writer(&'a self) -> BatchedWriter {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard error as a test sees it.
    #[derive(Clone, Default)]
    struct Collected(Arc<Mutex<Vec<u8>>>);

    impl Write for Collected {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_is_written_in_order_by_the_time_the_guard_is_dropped() {
        let out = Collected::default();
        let (writer, guard) = BatchedWriter::new(out.clone());
        for n in 0..1000 {
            writer
                .make_writer()
                .write_all(format!("line {n}\n").as_bytes())
                .unwrap();
        }
        drop(guard);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let expected: String = (0..1000).map(|n| format!("line {n}\n")).collect();
        assert_eq!(text, expected);
    }

    #[test]
    fn lines_past_the_limit_are_dropped_and_counted_not_held() {
        // No thread: the buffer stays as full as a blocked standard error would leave it.
        let shared = Arc::new(Shared::default());
        shared.waiting.lock().unwrap().resize(MOST_HELD - 10, b'.');
        let writer = BatchedWriter {
            shared: shared.clone(),
        };
        writer.make_writer().write_all(&[b'x'; 1024]).unwrap();
        writer.make_writer().write_all(b"short\n").unwrap();
        assert_eq!(shared.waiting.lock().unwrap().len(), MOST_HELD - 10 + 6);
        // Once standard error takes lines again, it is told how many were lost.
        shared.stopping.store(true, Ordering::Release);
        let out = Collected::default();
        write_until_stopped(&shared, out.clone());
        let text = String::from_utf8_lossy(&out.0.lock().unwrap()).into_owned();
        assert!(
            text.starts_with("lantern: 1 log lines dropped"),
            "{:.100}",
            text
        );
        assert!(text.ends_with(".short\n"));
    }
}
