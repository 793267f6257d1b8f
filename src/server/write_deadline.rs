//! A connection whose writes must make progress: a client that stops reading is dropped after
//! a bounded time, and with it the response it was being sent.
//!
//! hyper has a timeout for reading a request head but none for writing a response. Without
//! one, a client that asks for a large response and never reads it holds the connection, its
//! task and the response's bytes for as long as it keeps the socket open.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Wraps a stream so that a write (or flush) that cannot make progress for `limit` fails with
/// `TimedOut`, which ends the connection. Progress, not speed: every byte the client takes
/// restarts the clock.
pub struct WriteDeadline<S> {
    inner: S,
    limit: Duration,
    /// Armed while a write is waiting for the client; made on the first stall, then reused.
    stalled: Option<Pin<Box<Sleep>>>,
    armed: bool,
}

impl<S> WriteDeadline<S> {
    pub fn new(inner: S, limit: Duration) -> Self {
        WriteDeadline {
            inner,
            limit,
            stalled: None,
            armed: false,
        }
    }

    /// Called when the inner stream could not take bytes: starts the clock if it is not
    /// running, and fails once it has run out.
    fn poll_stalled(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let deadline = Instant::now() + self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if !self.armed {
            sleep.as_mut().reset(deadline);
            self.armed = true;
        }
        ready!(sleep.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client took no response bytes in time",
        ))
    }

    /// What a write returned: progress disarms the clock, a stall runs it.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match polled {
            Poll::Ready(result) => {
                self.armed = false;
                Poll::Ready(result)
            }
            Poll::Pending => self.poll_stalled(cx).map(Err),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.watch(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.watch(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_flush(cx);
        this.watch(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.watch(cx, polled)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::WriteDeadline;

    #[tokio::test(start_paused = true)]
    async fn a_reader_that_stops_reading_fails_the_write_after_the_limit() {
        // A pipe with room for 16 bytes that nobody reads.
        let (writer, _reader) = tokio::io::duplex(16);
        let mut writer = WriteDeadline::new(writer, Duration::from_secs(30));
        let started = tokio::time::Instant::now();
        let error = writer.write_all(&[0; 64]).await.unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_reader_that_keeps_reading_is_never_cut_off() {
        let (writer, mut reader) = tokio::io::duplex(16);
        let mut writer = WriteDeadline::new(writer, Duration::from_secs(30));
        let reading = tokio::spawn(async move {
            let mut taken = Vec::new();
            let mut chunk = [0; 8];
            loop {
                // Slow, but each pause is shorter than the limit.
                tokio::time::sleep(Duration::from_secs(20)).await;
                match reader.read(&mut chunk).await.unwrap() {
                    0 => break taken,
                    n => taken.extend_from_slice(&chunk[..n]),
                }
            }
        });
        writer.write_all(&[7; 64]).await.unwrap();
        writer.shutdown().await.unwrap();
        drop(writer);
        assert_eq!(reading.await.unwrap(), vec![7; 64]);
    }
}
