//! Pages made per request that are asked for again and again: a search's results and the
//! HSDS API's pages, kept by the server for a minute.
//!
//! A search's page costs about fifty times a kept catalog page to make (ranking, snippets,
//! facets, a 25 KB template), and an API page several milliseconds (its services read from
//! the database); yet the searches people make are few and repeated ("hotline", "ayuda", a
//! state's name), API clients fetch the same pages, and so does a flood meant to take the
//! site down. The same address within a minute of the same catalog gets the same page, so
//! it is kept:
//!
//! - **with the headers it had**: a search's page is still sent `Cache-Control: no-store`
//!   with no ETag, so no browser, proxy or CDN keeps what someone searched for; an API page
//!   `public, max-age=60`, as before;
//! - **briefly and bounded**: in two generations per kind, each of at most [`PER_GENERATION`]
//!   pages and [`BYTES_PER_GENERATION`] bytes; a generation is replaced when full or
//!   [`KEPT_FOR`]` / 2` old, and a page is never served from one older than [`KEPT_FOR`].
//!   Made-up addresses can push out the popular ones, never grow memory, and never touch the
//!   catalog pages' own store;
//! - **per catalog**: only a page made from data built for the catalog version the page
//!   cache's pages are for is kept, and all are dropped when an import changes the catalog.
//!
//! What a page held is released when its generation is replaced, that is by a later page of
//! its kind or an import: an idle server may hold the last few until then.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::Method;

use crate::lang::Lang;

/// Pages per generation: two generations of search pages, of 25–60 KB each plus the
/// compressed forms asked for, are a few megabytes.
pub const PER_GENERATION: usize = 128;
/// Bytes per generation, counted as sent uncompressed: an API page of 100 full services is
/// over a megabyte, and a flood of made-up ones must not hold hundreds.
pub const BYTES_PER_GENERATION: usize = 8 * 1024 * 1024;
/// The longest a search's page is served from memory.
pub const KEPT_FOR: Duration = Duration::from_secs(60);

/// A kind of page kept here; each kind has generations of its own, so that a flood of one
/// does not push out the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A search's results page, in either language.
    Search,
    /// A page of the HSDS API.
    Api,
}

/// Which pages a request's page is kept among, and its key there: its address as sent
/// (path and query string), which is also the address a search page's `Layout` shows.
/// Different spellings of one address are kept apart; they are rare, and normalising would
/// mean parsing what the handler parses. `None` for a request whose page is not kept here.
pub fn key(request: &Request) -> Option<(Kind, Cow<'_, str>)> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let route = request.extensions().get::<MatchedPath>()?.as_str();
    let kind = if Lang::split_path(route).1 == "/search" {
        Kind::Search
    } else if route.starts_with("/hsds/") {
        Kind::Api
    } else {
        return None;
    };
    let uri = request.uri();
    Some((
        kind,
        match uri.query() {
            Some(query) => Cow::Owned(format!("{}?{query}", uri.path())),
            None => Cow::Borrowed(uri.path()),
        },
    ))
}

/// Recent pages of one kind (`T`, a kept page), for one catalog version.
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
    fn a_search_is_kept_for_a_minute_at_most() {
        let start = Instant::now();
        let mut searches = RecentPages::new(start);
        searches.keep("/search?q=hotline".into(), page(), 15, start);
        assert!(searches.find("/search?q=hotline", start).is_some());
        assert!(searches.find("/search?q=other", start).is_none());
        let later = |seconds| start + Duration::from_secs(seconds);
        assert!(searches.find("/search?q=hotline", later(59)).is_some());
        assert!(searches.find("/search?q=hotline", later(60)).is_none());
        // Kept again, into a new generation (the first is half a minute old).
        searches.keep("/search?q=hotline".into(), page(), 15, later(61));
        assert!(searches.find("/search?q=hotline", later(61)).is_some());
        // The next replacement releases the first generation's pages from memory.
        searches.keep("/search?q=ayuda".into(), page(), 15, later(95));
        assert_eq!(searches.held(), 2);
    }

    #[test]
    fn made_up_searches_push_out_old_ones_and_never_grow_memory() {
        let now = Instant::now();
        let mut searches = RecentPages::new(now);
        searches.keep("/search?q=hotline".into(), page(), 15, now);
        for n in 0..10 * PER_GENERATION {
            searches.keep(format!("/search?q=made-up-{n}"), page(), 15, now);
            assert!(searches.held() <= 2 * PER_GENERATION);
        }
        assert!(searches.find("/search?q=hotline", now).is_none());
        let last = format!("/search?q=made-up-{}", 10 * PER_GENERATION - 1);
        assert!(searches.find(&last, now).is_some());
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
}
