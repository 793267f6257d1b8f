//! The log: what is written, how, and where.
//!
//! - [`subscriber`] is the one place that decides a line's shape: tracing-subscriber's
//!   formatter (text or JSON) for everything but the access log, [`access`] for the line each
//!   request writes. `main` installs it; tests capture it.
//! - [`writer`] takes the lines off the request's thread.
//! - [`clock`] writes the time each line starts with.

pub mod access;
mod clock;
pub mod writer;

use tracing::Subscriber;
use tracing_subscriber::filter::{EnvFilter, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};

use crate::config::LogFormat;

pub use writer::{BatchedWriter, FlushOnDrop};

/// Lantern's log, as `filter` allows, in `format`, to `writer`. `ansi` colours the formatter's
/// lines (for a person at a terminal; never in a file).
pub fn subscriber<W>(
    format: LogFormat,
    filter: EnvFilter,
    ansi: bool,
    writer: W,
) -> impl Subscriber + for<'span> LookupSpan<'span> + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Clone + Send + Sync + 'static,
{
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(writer.clone())
        .with_ansi(ansi)
        .with_timer(clock::CachedSecondClock);
    let lines: Box<dyn Layer<_> + Send + Sync> = match format {
        LogFormat::Text => lines.boxed(),
        // The span's fields (request id, method, route pattern) ride along on each line.
        LogFormat::Json => lines.json().with_current_span(true).boxed(),
    };
    Registry::default()
        .with(filter)
        .with(lines.with_filter(filter_fn(|line| line.target() != access::TARGET)))
        .with(access::AccessLayer::new(format, writer))
}
