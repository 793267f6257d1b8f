//! Catalog pages, rendered once per catalog version and served from memory, already
//! compressed, with a weak ETag (a 304 when the browser already has the page) and a short
//! max-age. Search results, the API and feeds depend on more than the catalog and are
//! rendered per request.

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, Response as HttpResponse, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sqlx::SqlitePool;
use tower::Service;

use super::front::call;
use super::stored::{self, Asked, Encoding, Stored};
use crate::db::per_catalog::PerCatalog;
use crate::logged::Logged;

/// The routes whose pages depend only on the catalog (and, for /help, its `state` query).
/// Anything not named here is rendered per request.
const CATALOG_PAGES: [&str; 16] = [
    "/",
    "/about",
    "/help",
    "/kinds",
    "/kinds/{kind}",
    "/kinds/training/matrix",
    "/open-data",
    "/organizations",
    "/organizations/{slug}",
    "/resources/{slug}",
    "/safety",
    "/states",
    "/states/{code}",
    "/states/{code}/card",
    "/topics",
    "/topics/{slug}",
];

/// Pages are a few tens of kilobytes; one larger than this is an error (500), not kept.
const MAX_BUFFERED: usize = 2 * 1024 * 1024;
/// At most this many pages are kept: every catalog page fits many times over, and addresses
/// made up to fill memory cannot.
const MAX_PAGES: usize = 4096;

type Pages = RwLock<HashMap<String, Kept>>;

/// A kept page and the day it was rendered. A resource page says when an entry's last
/// verification is more than a year old, which changes with the date, not with an import: a
/// page is kept for the day (UTC) it was rendered on, and rendered again on the next.
struct Kept {
    page: Arc<Stored>,
    day: u64,
}

/// Days since 1970-01-01, UTC.
fn today() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() / 86_400)
}

/// Rendered catalog pages, dropped whenever the catalog changes.
#[derive(Clone)]
pub struct PageCache {
    db: SqlitePool,
    pages: Arc<PerCatalog<Pages>>,
    /// Off, every page is rendered (and compressed and hashed) per request: for measuring
    /// what the cache saves.
    keep: bool,
}

impl PageCache {
    pub fn new(db: SqlitePool, keep: bool) -> Self {
        PageCache {
            db,
            pages: Arc::new(PerCatalog::default()),
            keep,
        }
    }

    /// The cache key when `request` is for a catalog page; `None` for everything else.
    ///
    /// Keys are what the handler reads, normalised, so that addresses made up to fill memory
    /// land on the few pages there are: the path percent-decoded (`/resources/%63all-911` is
    /// `/resources/call-911`), and no query string except /help's `state`, trimmed and in
    /// capitals, the way the page reads it. Only pages that render (200) are kept.
    pub fn key(request: &Request) -> Option<Cow<'_, str>> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let route = request.extensions().get::<MatchedPath>()?.as_str();
        if !CATALOG_PAGES.contains(&route) {
            return None;
        }
        let uri = request.uri();
        if route == "/help" {
            let mut states = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
                .filter(|(name, _)| name == "state");
            let state = states.next();
            if states.next().is_some() {
                // The page refuses two states; let it say so.
                return None;
            }
            return Some(
                match state.map(|(_, code)| code.trim().to_ascii_uppercase()) {
                    Some(code) if !code.is_empty() => Cow::Owned(format!("/help?state={code}")),
                    _ => Cow::Borrowed("/help"),
                },
            );
        }
        percent_encoding::percent_decode_str(uri.path())
            .decode_utf8()
            .ok()
    }

    /// The page for `key`, when it is kept and the catalog was checked within the last
    /// second. No await and no database: this is the path most visits take.
    pub fn ready(&self, key: &str) -> Option<Arc<Stored>> {
        Self::find(&*self.pages.current()?, key)
    }

    /// The page for `key` if it is kept and the catalog was checked within the last minute:
    /// when the server is saturated, a page a few seconds old beats a refusal.
    pub fn kept(&self, key: &str) -> Option<Arc<Stored>> {
        Self::find(&*self.pages.recent()?, key)
    }

    fn find(pages: &Pages, key: &str) -> Option<Arc<Stored>> {
        let pages = pages.read().expect("page cache lock");
        let kept = pages.get(key)?;
        (kept.day == today()).then(|| kept.page.clone())
    }

    /// The page for `key`: from memory, or rendered by `inner`, then kept. A response that
    /// is not a page to keep (an error, a redirect) is passed on, compressed as asked.
    pub async fn through<S, B>(&self, key: String, mut request: Request, inner: &mut S) -> Response
    where
        S: Service<Request, Response = HttpResponse<B>, Error = Infallible>,
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let asked = Asked::of(request.headers());
        let pages = match self
            .pages
            .get(&self.db, || async { Ok(Pages::default()) })
            .await
        {
            Ok(pages) => Some(pages),
            Err(error) => {
                tracing::warn!(error = %Logged(&error), "could not check the catalog version; rendering");
                None
            }
        };
        if let Some(page) = pages.as_deref().and_then(|pages| Self::find(pages, &key)) {
            return page.respond(&asked);
        }
        // The page is compressed here, once per encoding; the handler renders it plain.
        request.headers_mut().remove(header::ACCEPT_ENCODING);
        let response = call(inner, request).await;
        let is_html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        let keep = response.status() == StatusCode::OK && is_html;
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BUFFERED).await else {
            tracing::error!("a page was larger than {MAX_BUFFERED} bytes");
            return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
        };
        if !keep {
            // Not a page to keep (the 404 for a mistyped address, say), but still sent as
            // compressed as the browser asked.
            let bytes = match stored::compress(&bytes, asked.encoding()) {
                Some(compressed) => {
                    let encoding = asked.encoding().header();
                    parts.headers.insert(header::CONTENT_ENCODING, encoding);
                    parts.headers.remove(header::CONTENT_LENGTH);
                    compressed
                }
                None => bytes,
            };
            parts
                .headers
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return Response::from_parts(parts, Body::from(bytes));
        }
        // A copy, not the bytes the handler made: those carry this response's share of the
        // response budget (see `budget`), which a page kept until the next import must not hold.
        let page = Arc::new(Stored::new(
            Bytes::copy_from_slice(&bytes),
            "text/html; charset=utf-8",
            "public, max-age=300",
        ));
        let encoding = asked.encoding();
        if encoding != Encoding::Identity {
            // Compressing takes milliseconds: do it here, inside this request's time limit
            // and off the threads that answer kept pages, not in the next request for it.
            let prepared = page.clone();
            let _ = tokio::task::spawn_blocking(move || prepared.prepare(encoding)).await;
        }
        if let Some(pages) = pages.filter(|_| self.keep) {
            let mut pages = pages.write().expect("page cache lock");
            if pages.len() < MAX_PAGES || pages.contains_key(&key) {
                let day = today();
                pages.insert(
                    key,
                    Kept {
                        page: page.clone(),
                        day,
                    },
                );
            }
        }
        page.respond(&asked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_kept_yesterday_is_rendered_again_today() {
        let page = Arc::new(Stored::new(
            Bytes::from_static(b"<!doctype html>"),
            "text/html; charset=utf-8",
            "public, max-age=300",
        ));
        let pages = Pages::default();
        let keep = |day| {
            pages.write().unwrap().insert(
                "/resources/x".to_owned(),
                Kept {
                    page: page.clone(),
                    day,
                },
            );
        };
        keep(today());
        assert!(PageCache::find(&pages, "/resources/x").is_some());
        keep(today() - 1);
        assert!(PageCache::find(&pages, "/resources/x").is_none());
    }
}
