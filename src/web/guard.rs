//! What protects the server and its visitors: a request id for the logs, limits on address
//! and header size, the size of the cap on requests in flight and the time limit per request
//! (`front` applies them, the last two with tower's layers). Each refusal is a page in the
//! site's layout, never a bare status.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderValue, header::HeaderName};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use super::error::AppError;

#[cfg(test)]
mod tests {
    #[test]
    fn query_strings_must_decode_to_text() {
        for good in ["q=hotline", "q=caf%C3%A9+bar", "q=%2A%22", "", "a=b&c=d"] {
            assert!(super::is_well_formed_query(good), "{good}");
        }
        for bad in [
            "q=%FF",
            "q=%",
            "q=%G1",
            "q=%E2%28%A1",
            "q=%C3",
            "q=%+1",
            "q=%-1",
        ] {
            assert!(!super::is_well_formed_query(bad), "{bad}");
        }
    }
}

/// Addresses longer than this are refused (414): no page needs more.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Request headers larger than this in total are refused (431).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// A request that takes longer than this is answered 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Identifies a request in the logs and to the person reporting a problem
/// (`x-request-id`), without saying anything about who sent it.
#[derive(Debug, Clone, Copy)]
pub struct RequestId(pub u64);

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl RequestId {
    /// Set on the request (replacing any the client sent) and copied to the response.
    pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

    pub fn next() -> RequestId {
        RequestId(NEXT_ID.fetch_add(1, Ordering::Relaxed))
    }

    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from(self.0)
    }
}

/// The error as the asker expects it: JSON for the API, a page for everyone else.
pub fn refuse(api: bool, error: AppError) -> Response {
    if api {
        super::hsds::api_error::ApiError(error).into_response()
    } else {
        error.into_response()
    }
}

/// Refuses an address longer than any page needs (414), a query string that does not
/// decode to text (400) and oversized headers (431).
pub fn check(request: &Request) -> Result<(), AppError> {
    let uri = request.uri();
    if uri.path().len() + uri.query().map_or(0, str::len) > MAX_URI_BYTES {
        return Err(AppError::UriTooLong);
    }
    if let Some(query) = uri.query()
        && !is_well_formed_query(query)
    {
        return Err(AppError::MalformedQuery);
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return Err(AppError::HeadersTooLarge);
    }
    Ok(())
}

/// Every `%` starts two hex digits, and what they encode is UTF-8 text. Decoders elsewhere
/// are lenient (they turn nonsense into U+FFFD); a visitor is better told.
pub fn is_well_formed_query(query: &str) -> bool {
    let bytes = query.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                // Two hex digits, checked as such: `from_str_radix` alone would take "+1".
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => decoded.push(byte),
                    None => return false,
                }
                i += 3;
            }
            b'+' => {
                decoded.push(b' ');
                i += 1;
            }
            byte => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// Shared by every request: how many may run at once. More get a 503 with Retry-After
/// instead of a queue without end. One semaphore for the whole site: tower's
/// `GlobalConcurrencyLimitLayer` shares it between the copies of the stack axum makes, one
/// per route (a `ConcurrencyLimitLayer` would make one cap per route).
#[derive(Clone)]
pub struct InFlight(Arc<Semaphore>);

impl InFlight {
    pub fn new(limit: usize) -> Self {
        InFlight(Arc::new(Semaphore::new(limit)))
    }

    pub fn semaphore(&self) -> Arc<Semaphore> {
        self.0.clone()
    }
}

/// Why a request was turned away as busy. Also marks a busy answer, so that the request log
/// counts it rather than writing a line for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// Every in-flight slot was taken.
    InFlight,
    /// The responses being sent already hold all the memory they may.
    ResponseMemory,
    /// The request did not finish within [`REQUEST_TIMEOUT`].
    TimedOut,
}

/// Busy refusals, counted and logged once a second in aggregate. Under a flood, a line per
/// refusal would make the log the next thing to fall over, and tell the operator nothing the
/// count does not.
#[derive(Default)]
pub struct Refusals {
    in_flight: AtomicU64,
    response_memory: AtomicU64,
    timed_out: AtomicU64,
    /// Whether the once-a-second reporter has been started.
    reporting: AtomicBool,
}

impl Refusals {
    pub fn count(self: &Arc<Self>, why: Busy) {
        let counter = match why {
            Busy::InFlight => &self.in_flight,
            Busy::ResponseMemory => &self.response_memory,
            Busy::TimedOut => &self.timed_out,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if !self.reporting.swap(true, Ordering::Relaxed) {
            // Started by the first refusal, so a server never refused never runs it; it
            // stops once the state it reports on is gone.
            let refusals = Arc::downgrade(self);
            tokio::spawn(async move {
                let mut every_second = tokio::time::interval(Duration::from_secs(1));
                every_second.tick().await;
                loop {
                    every_second.tick().await;
                    let Some(refusals) = refusals.upgrade() else {
                        break;
                    };
                    refusals.report();
                }
            });
        }
    }

    /// Logs what was refused since the last report, if anything was.
    fn report(&self) {
        let in_flight = self.in_flight.swap(0, Ordering::Relaxed);
        let response_memory = self.response_memory.swap(0, Ordering::Relaxed);
        let timed_out = self.timed_out.swap(0, Ordering::Relaxed);
        let total = in_flight + response_memory + timed_out;
        if total > 0 {
            tracing::warn!(
                in_flight,
                response_memory,
                timed_out,
                "refused {total} requests as busy in the last second"
            );
        }
    }
}
