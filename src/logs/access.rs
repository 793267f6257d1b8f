//! The access log: one line per answered request, with the request's id, method and route
//! pattern (never its path, query or client), its status and how long it took.
//!
//! ```text
//! 2026-12-07T19:38:26.236146Z  INFO request{id=246729 method=GET route="/help"}: lantern::access: answered status=200 latency=912ns
//! ```
//!
//! The line has the shape of the other lines, and in JSON the same object, with the request's
//! fields where a span's would be: at the default level a reader finds every line of request
//! 246729 by `request{id=246729` or `span.id` (with `RUST_LOG=warn` the handler's span is
//! off, so its lines have no id, as before). But it is written by a layer of its own rather than by
//! tracing-subscriber's formatter, because every request writes it. With the formatter it took
//! a span per request (to carry the fields to the handler's own lines), every field formatted
//! through `fmt`, and a calendar date per line: a perf profile of a kept page under wrk
//! (64 connections) put it at 12 % of the server's CPU, and `benches/load.sh` at 0.78× of a
//! hello-world with request logs on against 0.96× with them off. Here the line is one event
//! with its fields and no span (only a request that reaches a handler opens one, for the
//! handler's lines), and this layer writes it with a few string copies; the formatter never
//! sees it.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;

use axum::http::StatusCode;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer};

use crate::config::LogFormat;

/// The target of the access log's events, for `RUST_LOG` (`lantern::access=warn` keeps only
/// server errors' lines).
pub const TARGET: &str = "lantern::access";

/// One answered request, as it is logged.
pub struct Answered<'a> {
    pub id: u64,
    /// A short token (see `web::front::method_name`), never the client's text.
    pub method: &'static str,
    /// The matched route pattern, or `(unmatched)`.
    pub route: &'a str,
    pub status: StatusCode,
    pub latency: Duration,
}

impl Answered<'_> {
    /// Logs the line: at warn for a server error, at info otherwise. Outside any span: the
    /// line carries the request's fields itself, written where a span's would be, so a
    /// filter on the span's fields (`RUST_LOG=[request{route=…}]=…`) does not select it;
    /// filter on the target instead.
    pub fn log(&self) {
        let Answered {
            id,
            method,
            route,
            status,
            latency,
        } = *self;
        let status = status.as_u16();
        let latency_ns = u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX);
        if status >= 500 {
            tracing::warn!(target: TARGET, parent: None, id, method, route, status, latency_ns, "answered");
        } else {
            tracing::info!(target: TARGET, parent: None, id, method, route, status, latency_ns, "answered");
        }
    }
}

/// Writes the access log's events (and only those) to `writer`, in `format`.
pub struct AccessLayer<W> {
    format: LogFormat,
    writer: W,
}

impl<W> AccessLayer<W> {
    pub fn new(format: LogFormat, writer: W) -> AccessLayer<W> {
        AccessLayer { format, writer }
    }
}

impl<S, W> Layer<S> for AccessLayer<W>
where
    S: Subscriber,
    W: for<'a> MakeWriter<'a> + 'static,
{
    fn on_event(&self, event: &Event<'_>, _context: Context<'_, S>) {
        let metadata = event.metadata();
        if metadata.target() != TARGET {
            return;
        }
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.fields.clear();
            event.record(&mut scratch.fields);
            scratch.line.clear();
            let written = match self.format {
                LogFormat::Text => scratch
                    .fields
                    .write_text(*metadata.level(), &mut scratch.line),
                LogFormat::Json => scratch
                    .fields
                    .write_json(*metadata.level(), &mut scratch.line),
            };
            if written.is_ok() {
                let _ = self
                    .writer
                    .make_writer_for(metadata)
                    .write_all(scratch.line.as_bytes());
            }
        });
    }
}

thread_local! {
    /// Each thread's line and fields, kept so that a line costs no allocation.
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            line: String::new(),
            fields: Fields { id: 0, method: String::new(), route: String::new(), status: 0, latency_ns: 0 },
        })
    };
}

struct Scratch {
    line: String,
    fields: Fields,
}

/// The fields of one `Answered` event, as recorded.
struct Fields {
    id: u64,
    method: String,
    route: String,
    status: u64,
    latency_ns: u64,
}

impl Fields {
    fn clear(&mut self) {
        self.id = 0;
        self.method.clear();
        self.route.clear();
        self.status = 0;
        self.latency_ns = 0;
    }

    fn latency(&self) -> Duration {
        Duration::from_nanos(self.latency_ns)
    }

    /// `TIME  INFO request{id=1 method=GET route="/help"}: lantern::access: answered status=200 latency=912ns`
    fn write_text(&self, level: Level, out: &mut String) -> std::fmt::Result {
        super::clock::write_now(out)?;
        write!(
            out,
            " {:>5} request{{id={} method=",
            level.as_str(),
            self.id
        )?;
        out.push_str(&self.method);
        write!(
            out,
            " route={:?}}}: {TARGET}: answered status={} latency={:?}",
            self.route,
            self.status,
            self.latency()
        )?;
        out.push('\n');
        Ok(())
    }

    /// The object tracing-subscriber's JSON format writes for an event in a span named
    /// `request` with these fields.
    fn write_json(&self, level: Level, out: &mut String) -> std::fmt::Result {
        out.push_str("{\"timestamp\":\"");
        super::clock::write_now(out)?;
        write!(
            out,
            "\",\"level\":\"{}\",\"fields\":{{\"message\":\"answered\",\"status\":{},\"latency\":\"{:?}\"}},\"target\":\"{TARGET}\",\"span\":",
            level.as_str(),
            self.status,
            self.latency()
        )?;
        self.write_json_span(out)?;
        out.push_str(",\"spans\":[");
        self.write_json_span(out)?;
        out.push_str("]}\n");
        Ok(())
    }

    fn write_json_span(&self, out: &mut String) -> std::fmt::Result {
        write!(out, "{{\"id\":{},\"method\":", self.id)?;
        push_json_string(out, &self.method);
        out.push_str(",\"route\":");
        push_json_string(out, &self.route);
        out.push_str(",\"name\":\"request\"}");
        Ok(())
    }
}

/// `text` as a JSON string. Route patterns and method tokens are ours, but the log must stay
/// one object per line whatever they hold.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' || crate::input::is_unsafe_char(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "id" => self.id = value,
            "status" => self.status = value,
            "latency_ns" => self.latency_ns = value,
            _ => {}
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "method" => self.method.push_str(value),
            "route" => self.route.push_str(value),
            _ => {}
        }
    }

    /// The message, which is always `answered`.
    fn record_debug(&mut self, _field: &Field, _value: &dyn std::fmt::Debug) {}
}
