//! HTTP caching for pages. Pages that depend only on the catalog are rendered once per
//! catalog version and served from memory; every HTML page gets a weak ETag (compression may
//! change the bytes, not the page) and a 304 when the browser already has it, and a short
//! max-age unless the handler chose otherwise. Search results are `no-store`, and pass
//! through untouched.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::db::per_catalog::PerCatalog;

/// Pages are a few tens of kilobytes; anything larger is passed through untouched.
const MAX_BUFFERED: usize = 2 * 1024 * 1024;
/// At most this many pages are kept: every catalog page fits many times over, and addresses
/// made up to fill memory cannot.
const MAX_PAGES: usize = 4096;

#[derive(Clone)]
struct CachedPage {
    body: Bytes,
    etag: HeaderValue,
}

type Pages = Mutex<HashMap<String, CachedPage>>;

/// Rendered catalog pages, dropped whenever the catalog changes.
#[derive(Clone)]
pub struct PageCache {
    db: SqlitePool,
    pages: Arc<PerCatalog<Pages>>,
    enabled: bool,
}

impl PageCache {
    pub fn new(db: SqlitePool, enabled: bool) -> Self {
        PageCache {
            db,
            pages: Arc::new(PerCatalog::default()),
            enabled,
        }
    }

    /// The cache key for pages that depend only on the catalog; `None` for the rest. Only
    /// /help reads its query (`state`); elsewhere a query string changes nothing, so it is
    /// left out of the key.
    fn key(&self, request: &Request) -> Option<String> {
        let path = request.uri().path();
        // The API answers from its own per-catalog records, in JSON: nothing here for it.
        let dynamic = ["/search", "/healthz", "/static/", "/hsds", "/openapi.json"]
            .iter()
            .any(|p| path.starts_with(p));
        if !self.enabled || dynamic || !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        Some(match (path, request.uri().query()) {
            ("/help", Some(query)) => format!("/help?{query}"),
            _ => path.to_owned(),
        })
    }
}

pub async fn pages(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let key = cache.key(&request);
    let pages = match &key {
        Some(_) => cache
            .pages
            .get(&cache.db, || async { Ok(Mutex::new(HashMap::new())) })
            .await
            .ok(),
        None => None,
    };
    if let (Some(key), Some(pages)) = (&key, &pages) {
        let hit = pages.lock().expect("page cache lock").get(key).cloned();
        if let Some(page) = hit {
            return respond(
                page.body,
                page.etag,
                HeaderMap::new(),
                if_none_match.as_ref(),
            );
        }
    }

    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // A page no one may keep (search results) gains nothing from an ETag: no browser holds a
    // copy to revalidate. Passing it through saves buffering and hashing it.
    let no_store = response
        .headers()
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v.as_bytes().starts_with(b"no-store"));
    if response.status() != StatusCode::OK || !is_html || no_store {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BUFFERED).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
    };
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    let etag = HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex is a valid header value");
    if let (Some(key), Some(pages)) = (key, pages) {
        let mut pages = pages.lock().expect("page cache lock");
        if pages.len() < MAX_PAGES {
            pages.insert(
                key,
                CachedPage {
                    body: bytes.clone(),
                    etag: etag.clone(),
                },
            );
        }
    }
    respond(bytes, etag, parts.headers, if_none_match.as_ref())
}

/// A page response: 304 when the browser's copy matches, else the page; both with the ETag
/// and, unless the handler set one, a short max-age.
fn respond(
    body: Bytes,
    etag: HeaderValue,
    mut headers: HeaderMap,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("public, max-age=300"));
    headers.remove(header::CONTENT_LENGTH);
    let fresh = if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
            v.split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == ours || tag.trim() == "*")
        });
    headers.insert(header::ETAG, etag);
    let (status, body) = if fresh {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        (StatusCode::OK, Body::from(body))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
