//! Results pages of recent searches, kept by the server for a minute.
//!
//! A search's page costs about fifty times a kept catalog page to make (ranking, snippets,
//! facets, a 25 KB template), and the searches people make are few and repeated ("hotline",
//! "ayuda", a state's name); so are the searches a flood repeats to take the site down. The
//! same address within a minute of the same catalog gets the same page, so it is kept:
//!
//! - **by the server only**: it is still sent `Cache-Control: no-store`, so no browser,
//!   proxy or CDN keeps what someone searched for;
//! - **briefly and few**: in two generations of at most [`PER_GENERATION`] pages; a
//!   generation is replaced when full or [`KEPT_FOR`]` / 2` old, and a page is never served
//!   from a generation older than [`KEPT_FOR`]. Made-up searches can push out the popular
//!   ones, never grow memory, and never touch the catalog pages' own store;
//! - **per catalog**: dropped with the catalog pages when an import changes the catalog.
//!
//! What a search held is released when its generation is replaced, that is by a later search
//! or import: an idle server may hold the last few pages until then.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::Method;

use crate::lang::Lang;

/// Pages per generation: two generations at most, of 25–60 KB each plus the compressed forms
/// asked for, is a few megabytes.
pub const PER_GENERATION: usize = 128;
/// The longest a search's page is served from memory.
pub const KEPT_FOR: Duration = Duration::from_secs(60);

/// The key of a search's results page: its address as sent (path and query string), which is
/// also the address its `Layout` shows. Different spellings of one search are kept apart;
/// they are rare, and normalising would mean parsing what the handler parses.
pub fn key(request: &Request) -> Option<Cow<'_, str>> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let route = request.extensions().get::<MatchedPath>()?.as_str();
    if Lang::split_path(route).1 != "/search" {
        return None;
    }
    let uri = request.uri();
    Some(match uri.query() {
        Some(query) => Cow::Owned(format!("{}?{query}", uri.path())),
        None => Cow::Borrowed(uri.path()),
    })
}

/// The kept pages of recent searches (`T`, a kept page), for one catalog version.
pub struct RecentSearches<T> {
    current: Generation<T>,
    previous: Generation<T>,
}

struct Generation<T> {
    pages: HashMap<String, T>,
    started: Instant,
}

impl<T> Generation<T> {
    fn new(started: Instant) -> Generation<T> {
        Generation {
            pages: HashMap::new(),
            started,
        }
    }
}

impl<T> Default for RecentSearches<T> {
    fn default() -> Self {
        RecentSearches::new(Instant::now())
    }
}

impl<T> RecentSearches<T> {
    fn new(now: Instant) -> RecentSearches<T> {
        RecentSearches {
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

    pub fn keep(&mut self, key: String, page: T, now: Instant) {
        let current = &self.current;
        if current.pages.len() >= PER_GENERATION
            || now.saturating_duration_since(current.started) >= KEPT_FOR / 2
        {
            self.previous = std::mem::replace(&mut self.current, Generation::new(now));
        }
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
        let mut searches = RecentSearches::new(start);
        searches.keep("/search?q=hotline".into(), page(), start);
        assert!(searches.find("/search?q=hotline", start).is_some());
        assert!(searches.find("/search?q=other", start).is_none());
        let later = |seconds| start + Duration::from_secs(seconds);
        assert!(searches.find("/search?q=hotline", later(59)).is_some());
        assert!(searches.find("/search?q=hotline", later(60)).is_none());
        // Kept again, into a new generation (the first is half a minute old).
        searches.keep("/search?q=hotline".into(), page(), later(61));
        assert!(searches.find("/search?q=hotline", later(61)).is_some());
        // The next replacement releases the first generation's pages from memory.
        searches.keep("/search?q=ayuda".into(), page(), later(95));
        assert_eq!(searches.held(), 2);
    }

    #[test]
    fn made_up_searches_push_out_old_ones_and_never_grow_memory() {
        let now = Instant::now();
        let mut searches = RecentSearches::new(now);
        searches.keep("/search?q=hotline".into(), page(), now);
        for n in 0..10 * PER_GENERATION {
            searches.keep(format!("/search?q=made-up-{n}"), page(), now);
            assert!(searches.held() <= 2 * PER_GENERATION);
        }
        assert!(searches.find("/search?q=hotline", now).is_none());
        let last = format!("/search?q=made-up-{}", 10 * PER_GENERATION - 1);
        assert!(searches.find(&last, now).is_some());
    }
}
