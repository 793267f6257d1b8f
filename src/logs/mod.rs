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

/// What the subscriber writes: the access log's lines have the shape of the lines written in
/// the request's span.
#[cfg(test)]
mod tests {
    use super::access::{Answered, TARGET};
    use super::*;
    use axum::http::StatusCode;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What Lantern's subscriber writes for `emit`, without the leading time.
    fn logged(format: LogFormat, emit: impl FnOnce()) -> Vec<String> {
        let lines = Lines::default();
        let written = lines.clone();
        let subscriber = subscriber(format, EnvFilter::new("info"), false, move || {
            written.clone()
        });
        tracing::subscriber::with_default(subscriber, emit);
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|line| match format {
                LogFormat::Text => line.split_once(' ').unwrap().1.to_owned(),
                LogFormat::Json => {
                    let mut object: serde_json::Value = serde_json::from_str(line).unwrap();
                    let time = object.as_object_mut().unwrap().remove("timestamp").unwrap();
                    assert!(time.as_str().unwrap().ends_with('Z'), "{line}");
                    object.to_string()
                }
            })
            .collect()
    }

    fn answered(status: StatusCode) -> Answered<'static> {
        Answered {
            id: 47,
            method: "GET",
            route: "/resources/{slug}",
            status,
            latency: Duration::from_nanos(2_243),
        }
    }

    /// The line reads like the request's other lines, which tracing-subscriber's formatter
    /// writes inside the handler's span: the same fields in the same places.
    fn a_line_in_the_requests_span(format: LogFormat) -> String {
        logged(format, || {
            let span = tracing::info_span!("request", id = 47u64, method = %"GET", route = "/resources/{slug}");
            let _inside = span.enter();
            let latency = Duration::from_nanos(2_243);
            // Another target, or the access layer would take it rather than the formatter.
            tracing::info!(target: "stand_in", status = 200u64, ?latency, "answered");
        })
        .remove(0)
        .replace("stand_in", TARGET)
    }

    #[test]
    fn text_lines_have_the_shape_of_a_line_in_the_requests_span() {
        let ours = logged(LogFormat::Text, || answered(StatusCode::OK).log());
        assert_eq!(
            ours,
            [
                " INFO request{id=47 method=GET route=\"/resources/{slug}\"}: lantern::access: answered status=200 latency=2.243µs"
            ]
        );
        assert_eq!(ours[0], a_line_in_the_requests_span(LogFormat::Text));
    }

    #[test]
    fn json_lines_are_the_object_of_a_line_in_the_requests_span() {
        let ours = logged(LogFormat::Json, || answered(StatusCode::NOT_FOUND).log());
        let mut theirs = a_line_in_the_requests_span(LogFormat::Json);
        theirs = theirs.replace("\"status\":200", "\"status\":404");
        assert_eq!(ours, [theirs]);
        let object: serde_json::Value = serde_json::from_str(&ours[0]).unwrap();
        assert_eq!(object["span"]["route"], "/resources/{slug}");
        assert_eq!(object["fields"]["status"], 404);
    }

    #[test]
    fn server_errors_are_warnings_and_the_filter_applies() {
        let line = logged(LogFormat::Text, || {
            answered(StatusCode::SERVICE_UNAVAILABLE).log()
        });
        assert!(line[0].starts_with(" WARN request{id=47"), "{line:?}");
        let lines = Lines::default();
        let written = lines.clone();
        let warnings_only = subscriber(LogFormat::Text, EnvFilter::new("warn"), false, move || {
            written.clone()
        });
        tracing::subscriber::with_default(warnings_only, || {
            answered(StatusCode::OK).log();
            answered(StatusCode::INTERNAL_SERVER_ERROR).log();
        });
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("status=500"), "{text}");
    }

    #[test]
    fn odd_route_text_cannot_break_a_line() {
        let hostile = Answered {
            route: "/a\"b\\c\n{d}\u{1b}",
            ..answered(StatusCode::OK)
        };
        for format in [LogFormat::Text, LogFormat::Json] {
            let lines = logged(format, || hostile.log());
            assert_eq!(lines.len(), 1, "{lines:?}");
            assert!(!lines[0].contains('\u{1b}'), "{lines:?}");
        }
    }
}
