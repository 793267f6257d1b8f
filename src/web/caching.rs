//! HTTP caching for pages: an ETag on every HTML page, 304 when the browser already has it,
//! and a short max-age unless the handler chose otherwise (search results are `no-store`).

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Pages are a few tens of kilobytes; anything larger is passed through untouched.
const MAX_BUFFERED: usize = 2 * 1024 * 1024;

pub async fn etags(request: Request, next: Next) -> Response {
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BUFFERED).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
    };
    let digest = Sha256::digest(&bytes);
    let etag: String = std::iter::once("\"".to_owned())
        .chain(digest[..10].iter().map(|b| format!("{b:02x}")))
        .chain(std::iter::once("\"".to_owned()))
        .collect();
    let etag = HeaderValue::from_str(&etag).expect("hex is a valid header value");
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("public, max-age=300"));
    let fresh = if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == etag)
        });
    parts.headers.insert(header::ETAG, etag);
    if fresh {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}
