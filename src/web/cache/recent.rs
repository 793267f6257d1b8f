//! The HSDS API's recent pages, kept by the server for a minute.
//!
//! An API page costs several milliseconds to make (its services read from the database), and
//! API clients fetch the same pages again and again, as does a flood meant to take the API
//! down. The same address within a minute of the same catalog gets the same page, so it is
//! kept:
//!
//! - **with the headers it was made with** (`public, max-age=60`, no validator);
//! - **briefly and bounded**: in two generations, each of at most [`PER_GENERATION`] pages
//!   and [`BYTES_PER_GENERATION`] bytes; a generation is replaced when full or
//!   [`KEPT_FOR`]` / 2` old, and a page is never served from one older than [`KEPT_FOR`].
//!   Made-up addresses can push out the popular ones, never grow memory, and never touch the
//!   catalog pages' own store. (A page is released when its generation is replaced, by a
//!   later API page or an import: an idle server may hold the last few until then.)
//! - **per catalog**: only a page made from records built for the catalog version the page
//!   cache's pages are for is kept, and all are dropped when an import changes the catalog.
//!
//! **A search's results page is never kept this way, however much it would save.** A page
//! answered from memory comes back in microseconds, one made afresh in a fraction of a
//! millisecond: anyone who asks for the same address could tell from the answer's speed that
//! someone searched for exactly that in the last minute (an abuser guessing
//! `/search?q=escape&state=TX`). What someone searched for is their business, from other
//! visitors as from every cache. The API's answers that use the site's search are not kept
//! either (`hsds::services`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::Method;

/// Pages per generation.
pub const PER_GENERATION: usize = 128;
/// Bytes per generation, counted as sent uncompressed: an API page of 100 full services is
/// over a megabyte, and a flood of made-up ones must not hold hundreds.
pub const BYTES_PER_GENERATION: usize = 8 * 1024 * 1024;
/// The longest a search's page is served from memory.
pub const KEPT_FOR: Duration = Duration::from_secs(60);

/// The key of an API page: its address as sent (path and query string). Different spellings
/// of one address are kept apart; they are rare, and normalising would mean parsing what the
/// handler parses. `None` for any other request.
pub fn key(request: &Request) -> Option<Cow<'_, str>> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let route = request.extensions().get::<MatchedPath>()?.as_str();
    if !route.starts_with("/hsds/") {
        return None;
    }
    let uri = request.uri();
    Some(match uri.query() {
        Some(query) => Cow::Owned(format!("{}?{query}", uri.path())),
        None => Cow::Borrowed(uri.path()),
    })
}

/// Recent API pages (`T`, a kept page), for one catalog version.
pub struct RecentPages<T> {
    current: Generation<T>,
    previous: Generation<T>,
}

struct Generation<T> {
    pages: HashMap<String, T>,
    bytes: usize,
    started: Instant,
}

impl<T> Generation<T> {
    fn new(started: Instant) -> Generation<T> {
        Generation {
            pages: HashMap::new(),
            bytes: 0,
            started,
        }
    }
}

impl<T> Default for RecentPages<T> {
    fn default() -> Self {
        RecentPages::new(Instant::now())
    }
}

impl<T> RecentPages<T> {
    fn new(now: Instant) -> RecentPages<T> {
        RecentPages {
            current: Generation::new(now),
            previous: Generation::new(now),
        }
    }

    /// The page kept for `key`, unless it is older than [`KEPT_FOR`].
    pub fn find(&self, key: &str, now: Instant) -> Option<&T> {
        [&self.current, &self.previous]
            .into_iter()
            .filter(|generation| now.saturating_duration_since(generation.started) < KEPT_FOR)
            .find_map(|generation| generation.pages.get(key))
    }

    /// Keeps `page`, of `bytes` bytes. A page larger than a whole generation is not kept.
    pub fn keep(&mut self, key: String, page: T, bytes: usize, now: Instant) {
        if bytes > BYTES_PER_GENERATION {
            return;
        }
        let current = &self.current;
        if current.pages.len() >= PER_GENERATION
            || current.bytes + bytes > BYTES_PER_GENERATION
            || now.saturating_duration_since(current.started) >= KEPT_FOR / 2
        {
            self.previous = std::mem::replace(&mut self.current, Generation::new(now));
        }
        self.current.bytes += bytes;
        self.current.pages.insert(key, page);
    }

    /// Pages held, in both generations, expired or not.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.current.pages.len() + self.previous.pages.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> &'static str {
        "<!doctype html>"
    }

    #[test]
    fn a_page_is_kept_for_a_minute_at_most() {
        let start = Instant::now();
        let mut pages = RecentPages::new(start);
        pages.keep("/hsds/services?page=1".into(), page(), 15, start);
        assert!(pages.find("/hsds/services?page=1", start).is_some());
        assert!(pages.find("/hsds/services?page=2", start).is_none());
        let later = |seconds| start + Duration::from_secs(seconds);
        assert!(pages.find("/hsds/services?page=1", later(59)).is_some());
        assert!(pages.find("/hsds/services?page=1", later(60)).is_none());
        // Kept again, into a new generation (the first is half a minute old).
        pages.keep("/hsds/services?page=1".into(), page(), 15, later(61));
        assert!(pages.find("/hsds/services?page=1", later(61)).is_some());
        // The next replacement releases the first generation's pages from memory.
        pages.keep("/hsds/organizations".into(), page(), 15, later(95));
        assert_eq!(pages.held(), 2);
    }

    #[test]
    fn made_up_addresses_push_out_old_pages_and_never_grow_memory() {
        let now = Instant::now();
        let mut pages = RecentPages::new(now);
        pages.keep("/hsds/services?page=1".into(), page(), 15, now);
        for n in 0..10 * PER_GENERATION {
            pages.keep(format!("/hsds/services?made-up={n}"), page(), 15, now);
            assert!(pages.held() <= 2 * PER_GENERATION);
        }
        assert!(pages.find("/hsds/services?page=1", now).is_none());
        let last = format!("/hsds/services?made-up={}", 10 * PER_GENERATION - 1);
        assert!(pages.find(&last, now).is_some());
    }

    #[test]
    fn large_pages_fill_a_generation_by_their_bytes() {
        let now = Instant::now();
        let mut pages = RecentPages::new(now);
        let large = BYTES_PER_GENERATION / 4;
        for n in 0..100 {
            pages.keep(format!("/hsds/services?page={n}"), page(), large, now);
            assert!(pages.held() <= 2 * 4, "{} pages held", pages.held());
        }
        // One larger than a generation is never kept.
        pages.keep("/hsds/huge".into(), page(), BYTES_PER_GENERATION + 1, now);
        assert!(pages.find("/hsds/huge", now).is_none());
        assert!(pages.find("/hsds/services?page=99", now).is_some());
    }

    /// What `key` says of a request to `uri`, matched to `route` as the router matches it.
    async fn key_of(method: Method, route: &str, uri: &str) -> String {
        use axum::body::Body;
        use tower::ServiceExt;
        let app = axum::Router::new().route(
            route,
            axum::routing::any(|request: Request| async move {
                let key = key(&request).map_or("none".to_owned(), |key| key.into_owned());
                [("x-key", key)]
            }),
        );
        let request = Request::builder().method(method).uri(uri);
        let response = app
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        response.headers()["x-key"].to_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn only_the_apis_reads_are_kept_never_a_search() {
        let api = key_of(Method::GET, "/hsds/services", "/hsds/services?page=2").await;
        assert_eq!(api, "/hsds/services?page=2");
        let head = key_of(Method::HEAD, "/hsds/services/{id}", "/hsds/services/x").await;
        assert_eq!(head, "/hsds/services/x");
        for (method, route, uri) in [
            (Method::GET, "/search", "/search?q=hotline"),
            (Method::GET, "/es/search", "/es/search?q=ayuda"),
            (Method::POST, "/hsds/services", "/hsds/services"),
            (Method::GET, "/help", "/help"),
        ] {
            assert_eq!(key_of(method, route, uri).await, "none", "{uri}");
        }
    }
}
