//! Catalog pages: pages that depend only on the catalog and the date. Each is registered once
//! (`Routes::catalog_page` in `web::routes`), and that one registration keeps it in memory
//! (`PageCache`), lists it in `/sitemap.xml` and sends it with [`CACHE_CONTROL`].

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;

use crate::lang::Lang;

/// What browsers, proxies and CDNs are told of a kept page: anyone may keep it for five
/// minutes, then ask again (a 304 when it has not changed). A CDN may answer from its copy
/// for a minute more while it asks (`stale-while-revalidate`), and for a day when every
/// instance behind it fails (`stale-if-error`): the Hotline's number stays reachable through
/// an outage. A correction is everywhere within six minutes of an import. Every instance
/// renders the same bytes with the same ETag, so revalidation works across instances.
pub const CACHE_CONTROL: &str =
    "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400";

/// How the sitemap lists a route's pages.
#[derive(Debug, Clone, Copy)]
pub enum Listing {
    /// A route without parameters: its one page.
    Itself,
    /// One page per row of this query, which selects each page's path and the date that bears
    /// on it (or null).
    EachOf(&'static str),
}

/// What of the query string a page reads, and so what tells its kept copies apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKey {
    /// Nothing: every query string gets the same page.
    Ignored,
    /// `state`, a state code, trimmed and in capitals the way `/help` reads it.
    StateCode,
}

/// One registered catalog page.
#[derive(Debug, Clone, Copy)]
pub struct CatalogPage {
    /// The route pattern, as axum matches it (`/resources/{slug}`).
    pub route: &'static str,
    pub listing: Listing,
    pub query: QueryKey,
}

impl CatalogPage {
    /// A page without parameters, listed in the sitemap as it is.
    pub const fn at(route: &'static str) -> CatalogPage {
        CatalogPage {
            route,
            listing: Listing::Itself,
            query: QueryKey::Ignored,
        }
    }

    /// A templated route, listed once per row of `sitemap_query` (path, date or null).
    pub const fn each(route: &'static str, sitemap_query: &'static str) -> CatalogPage {
        CatalogPage {
            route,
            listing: Listing::EachOf(sitemap_query),
            query: QueryKey::Ignored,
        }
    }

    /// The page reads a `state` query parameter, and keeps one copy per state.
    pub const fn keyed_by_state(self) -> CatalogPage {
        CatalogPage {
            query: QueryKey::StateCode,
            ..self
        }
    }
}

/// Every registered catalog page, in registration order.
#[derive(Debug, Clone, Default)]
pub struct CatalogPages(Arc<[CatalogPage]>);

impl CatalogPages {
    pub fn new(pages: Vec<CatalogPage>) -> CatalogPages {
        CatalogPages(pages.into())
    }

    pub fn iter(&self) -> impl Iterator<Item = &CatalogPage> {
        self.0.iter()
    }

    /// The cache key when `request` is for a catalog page; `None` for everything else.
    ///
    /// Keys are what the handler reads, normalised, so that addresses made up to fill memory
    /// land on the few pages there are: the path percent-decoded (`/resources/%63all-911` is
    /// `/resources/call-911`), and no query string except what the page reads. Only pages
    /// that render (200) are kept.
    pub fn key<'r>(&self, request: &'r Request) -> Option<Cow<'r, str>> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        // `/es/help` is `/help`'s page in Spanish: the same registration, and a key of its
        // own (the path), so each language is kept apart.
        let (_, route) = Lang::split_path(request.extensions().get::<MatchedPath>()?.as_str());
        let page = self.0.iter().find(|page| page.route == route)?;
        let uri = request.uri();
        let path = percent_encoding::percent_decode_str(uri.path())
            .decode_utf8()
            .ok()?;
        match page.query {
            QueryKey::Ignored => Some(path),
            QueryKey::StateCode => {
                let query = uri.query().unwrap_or_default().as_bytes();
                let mut states = form_urlencoded::parse(query).filter(|(name, _)| name == "state");
                let state = states.next();
                if states.next().is_some() {
                    // The page refuses two states; let it say so.
                    return None;
                }
                match state.map(|(_, code)| code.trim().to_ascii_uppercase()) {
                    Some(code) if !code.is_empty() => {
                        Some(Cow::Owned(format!("{path}?state={code}")))
                    }
                    _ => Some(path),
                }
            }
        }
    }
}
