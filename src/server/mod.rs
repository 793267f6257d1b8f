//! The HTTP server loop: hyper's HTTP/1.1 server with limits axum's `serve` does not expose.
//!
//! - At most [`Limits::max_connections`] connections are open at once. Past that the loop
//!   stops accepting, so new connections wait in the kernel's accept backlog (or are refused
//!   by it) and cost this process nothing: no task, no buffer.
//! - A client gets 10 seconds to send its request head, so a connection that sends half a
//!   request and stalls (slowloris), or sits idle between requests, is closed.
//! - A response that the client stops taking is dropped after [`Limits::write_timeout`]
//!   (see [`write_deadline`]), and the memory it held is freed.
//! - Request heads are limited to 64 KiB; hyper answers larger ones itself (431).
//! - On shutdown the listener closes at once, requests in flight finish (up to 30 seconds),
//!   then the process exits.
//! - Each request carries its connection's peer address (axum's `ConnectInfo`), for the
//!   forms' rate limit alone (`web::forms`): it is never logged.

mod files;
mod memory;
mod write_deadline;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Semaphore, watch};
use tower::Layer;

use crate::logged::Logged;

pub use memory::give_back_freed_memory;
pub use write_deadline::WriteDeadline;

const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Connections the kernel completes and holds for us while the loop is at its cap or busy:
/// Linux's default ceiling (`net.core.somaxconn`). With tokio's 1,024, a burst of new
/// connections overflowed it and a health check's handshake waited a second to be retried.
const LISTEN_BACKLOG: u32 = 4096;
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// A listener on `addr` with a backlog fit for bursts.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // As std and tokio do: a restarted server can listen again at once.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// What one connection may hold, and how many there may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; more wait in the accept backlog.
    pub max_connections: usize,
    /// How long a response may make no progress before its connection is dropped.
    pub write_timeout: Duration,
    /// How long a client has to send a request head, idle keep-alive time included.
    pub header_read_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: crate::config::DEFAULT_MAX_CONNECTIONS,
            write_timeout: Duration::from_secs(crate::config::DEFAULT_WRITE_TIMEOUT_SECS),
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// How many connections are open, for tests and anything else that needs to watch.
#[derive(Clone)]
pub struct OpenConnections(watch::Receiver<usize>);

impl OpenConnections {
    pub fn now(&self) -> usize {
        *self.0.borrow()
    }

    /// Resolves once the count satisfies `ready` (at once if it already does).
    pub async fn until(&mut self, ready: impl FnMut(&usize) -> bool) -> usize {
        *self
            .0
            .wait_for(ready)
            .await
            .expect("the count lives as long as the server")
    }
}

/// One open connection's place: counted while it lives, given back when it ends.
struct Place {
    _permit: tokio::sync::OwnedSemaphorePermit,
    count: Arc<watch::Sender<usize>>,
    closed: Arc<memory::Closed>,
}

impl Drop for Place {
    fn drop(&mut self) {
        self.count.send_modify(|n| *n -= 1);
        self.closed.one();
    }
}

/// The server, before it runs: bound, limited, and watchable.
pub struct Server {
    listener: TcpListener,
    app: Router,
    limits: Limits,
    count: Arc<watch::Sender<usize>>,
}

impl Server {
    pub fn new(listener: TcpListener, app: Router, limits: Limits) -> Self {
        Server {
            listener,
            app,
            limits,
            count: Arc::new(watch::Sender::new(0)),
        }
    }

    pub fn open_connections(&self) -> OpenConnections {
        OpenConnections(self.count.subscribe())
    }

    /// Serves until `shutdown` resolves, then drains.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let Server {
            listener,
            app,
            limits,
            count,
        } = self;
        memory::tune_allocator();
        let closed = Arc::new(memory::Closed::default());
        let trimmer = tokio::spawn(memory::trim_after_floods(closed.clone(), count.subscribe()));
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .max_buf_size(MAX_HEAD_BYTES);
        let max_connections = files::connections_that_fit(limits.max_connections);
        let places = Arc::new(Semaphore::new(max_connections));
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            // A place first, then a connection: at the cap, connections queue in the kernel.
            let permit = tokio::select! {
                permit = places.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
                () = &mut shutdown => break,
            };
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: wait, do not spin.
                        tracing::warn!(error = %Logged(&error), "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            count.send_modify(|n| *n += 1);
            let place = Place {
                _permit: permit,
                count: count.clone(),
                closed: closed.clone(),
            };
            let _ = stream.set_nodelay(true);
            let io = TokioIo::new(WriteDeadline::new(stream, limits.write_timeout));
            // Around the whole router, not through `Router::layer` (which would wrap and box
            // every route again for each connection).
            let app = Extension(ConnectInfo(peer)).layer(app.clone());
            let service = TowerToHyperService::new(app);
            let connection = graceful.watch(builder.serve_connection(io, service));
            tokio::spawn(async move {
                // Client errors (resets, timeouts, malformed requests) are the client's.
                if let Err(error) = connection.await {
                    tracing::debug!(error = %Logged(&error), "connection ended with an error");
                }
                drop(place);
            });
        }
        drop(listener);
        trimmer.abort();
        if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("requests still running after {DRAIN_TIMEOUT:?}; stopping anyway");
        }
    }
}
