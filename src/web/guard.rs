//! Middleware that protects the server and its visitors: a request id for the logs, limits on
//! address and header size, a cap on requests in flight, and a time limit per request. Each
//! refusal is a page in the site's layout, never a bare status.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header::HeaderName};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use super::AppError;

#[cfg(test)]
mod tests {
    #[test]
    fn query_strings_must_decode_to_text() {
        for good in ["q=hotline", "q=caf%C3%A9+bar", "q=%2A%22", "", "a=b&c=d"] {
            assert!(super::is_well_formed_query(good), "{good}");
        }
        for bad in ["q=%FF", "q=%", "q=%G1", "q=%E2%28%A1", "q=%C3"] {
            assert!(!super::is_well_formed_query(bad), "{bad}");
        }
    }
}

/// Addresses longer than this are refused (414): no page needs more.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Request headers larger than this in total are refused (431).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Requests running at once; more get a 503 with Retry-After instead of queueing without end.
pub const MAX_IN_FLIGHT: usize = 512;
/// A request that takes longer than this is answered 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Identifies a request in the logs and to the person reporting a problem
/// (`x-request-id`), without saying anything about who sent it.
#[derive(Debug, Clone, Copy)]
pub struct RequestId(pub u64);

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = RequestId(NEXT_ID.fetch_add(1, Ordering::Relaxed));
    request.extensions_mut().insert(id);
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        HeaderName::from_static("x-request-id"),
        HeaderValue::from(id.0),
    );
    response
}

/// The error as the asker expects it: JSON for the API, a page for everyone else.
fn refuse(api: bool, error: AppError) -> Response {
    if api {
        super::hsds::ApiError(error).into_response()
    } else {
        error.into_response()
    }
}

pub async fn limits(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let path = uri.path();
    let api = super::hsds::is_api_path(path);
    if path.len() + uri.query().map_or(0, str::len) > MAX_URI_BYTES {
        return refuse(api, AppError::UriTooLong);
    }
    if let Some(query) = request.uri().query()
        && !is_well_formed_query(query)
    {
        return refuse(
            api,
            AppError::BadRequest(
                "That address has broken characters in it (a stray % or bytes that are not text). Try the search box.".into(),
            ),
        );
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return refuse(api, AppError::HeadersTooLarge);
    }
    next.run(request).await
}

/// Every `%` starts two hex digits, and what they encode is UTF-8 text. Decoders elsewhere
/// are lenient (they turn nonsense into U+FFFD); a visitor is better told.
fn is_well_formed_query(query: &str) -> bool {
    let bytes = query.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
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

/// Shared by every request: how many may run at once.
#[derive(Clone)]
pub struct InFlight(pub Arc<Semaphore>);

impl Default for InFlight {
    fn default() -> Self {
        InFlight(Arc::new(Semaphore::new(MAX_IN_FLIGHT)))
    }
}

pub async fn overload(State(in_flight): State<InFlight>, request: Request, next: Next) -> Response {
    // Decided before the request moves on; no allocation on this path.
    let api = super::hsds::is_api_path(request.uri().path());
    let Ok(_permit) = in_flight.0.try_acquire() else {
        return refuse(api, AppError::Busy);
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out after {REQUEST_TIMEOUT:?}");
            refuse(api, AppError::Busy)
        }
    }
}
