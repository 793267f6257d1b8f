//! The HTTP side: one module per area of the site, each with its own `router()`.

pub mod assets;
mod browse;
pub mod budget;
mod cache;
mod card;
pub mod clock;
mod error;
mod feeds;
mod front;
mod guard;
pub mod health;
mod help;
mod hsds;
mod matrix;
mod organizations;
mod pages;
mod resources;
mod routes;
mod safety;
mod search;
mod states;
pub mod view;

use askama::Template;
use axum::Router;
use axum::extract::FromRef;
use axum::response::Html;
use std::sync::Arc;

use sqlx::SqlitePool;

pub use error::AppError;

use self::cache::catalog::CatalogPage;
use self::clock::Clock;
use self::routes::Routes;
use crate::search::Searcher;

/// Everything a handler may need. Cloned for every request (axum clones a route's service,
/// state included, per call), so it is one `Arc`: one reference count to bump, not one per
/// field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Clone)]
pub struct Shared {
    /// Read-only connections: nothing a visitor does can write.
    pub db: SqlitePool,
    pub search: Arc<Searcher>,
    pub pages: cache::PageCache,
    /// Today's date for what pages say about it (and how long kept pages last).
    pub clock: Clock,
    /// The HSDS API's records, built once per catalog version.
    hsds: hsds::ApiRecords,
    in_flight: guard::InFlight,
    /// What responses being sent may hold together (see `budget`).
    pub response_memory: budget::ResponseMemory,
    /// Busy refusals, logged once a second.
    refusals: Arc<guard::Refusals>,
    /// `/healthz`, with a database connection of its own.
    health: Arc<health::Health>,
    /// Send Strict-Transport-Security: only when the operator says TLS is in front.
    pub behind_tls: bool,
    /// The site's public address, for the sitemap and feed ("https://example.org").
    pub public_url: Option<String>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for SqlitePool {
    fn from_ref(state: &AppState) -> SqlitePool {
        state.db.clone()
    }
}

impl FromRef<AppState> for Clock {
    fn from_ref(state: &AppState) -> Clock {
        state.clock.clone()
    }
}

impl FromRef<AppState> for Arc<Searcher> {
    fn from_ref(state: &AppState) -> Arc<Searcher> {
        state.search.clone()
    }
}

impl AppState {
    /// The state for serving the database behind `db` (a read-only pool).
    pub fn new(db: SqlitePool) -> Self {
        AppState(Arc::new(Shared {
            search: Arc::new(Searcher::new(db.clone())),
            pages: cache::PageCache::new(db.clone(), true, Clock::System),
            clock: Clock::System,
            in_flight: guard::InFlight::new(crate::config::DEFAULT_MAX_IN_FLIGHT),
            response_memory: budget::ResponseMemory::new(budget::DEFAULT_RESPONSE_MEMORY),
            refusals: Arc::default(),
            health: Arc::new(health::Health::new(&db)),
            hsds: hsds::ApiRecords::default(),
            behind_tls: false,
            public_url: None,
            db,
        }))
    }

    /// Builds what is kept per catalog (the search data, the HSDS API's records) now, so
    /// that no visitor waits for it: `serve` calls this before it listens.
    pub async fn build_per_catalog(&self) -> Result<(), sqlx::Error> {
        self.search.data().await?;
        self.hsds.get(&self.db).await?;
        Ok(())
    }

    /// How many times the HSDS API's records were built (once per catalog version).
    pub fn hsds_builds(&self) -> u64 {
        self.hsds.builds()
    }

    /// Say whether HTTPS is in front (Strict-Transport-Security is sent only then).
    pub fn behind_tls(mut self, behind_tls: bool) -> Self {
        Arc::make_mut(&mut self.0).behind_tls = behind_tls;
        self
    }

    /// The site's public address for absolute links ("https://example.org").
    pub fn public_url(mut self, url: Option<String>) -> Self {
        Arc::make_mut(&mut self.0).public_url = url;
        self
    }

    /// How many requests may run at once (pages kept in memory are answered regardless).
    pub fn max_in_flight(mut self, limit: usize) -> Self {
        Arc::make_mut(&mut self.0).in_flight = guard::InFlight::new(limit);
        self
    }

    /// How many bytes the responses being sent may hold together.
    pub fn response_memory(mut self, bytes: usize) -> Self {
        Arc::make_mut(&mut self.0).response_memory = budget::ResponseMemory::new(bytes);
        self
    }

    /// Render every page on every request (for measuring what the page cache saves).
    pub fn without_page_cache(mut self) -> Self {
        let shared = Arc::make_mut(&mut self.0);
        shared.pages = cache::PageCache::new(shared.db.clone(), false, shared.clock.clone());
        self
    }

    /// Take today's date from `clock` (tests set one; the system clock is the default). Call
    /// it before the first request: kept pages are dropped with the cache it replaces.
    pub fn clock(mut self, clock: Clock) -> Self {
        let shared = Arc::make_mut(&mut self.0);
        shared.pages =
            cache::PageCache::new(shared.db.clone(), shared.pages.keeps(), clock.clone());
        shared.clock = clock;
        self
    }
}

/// A path segment (`/resources/{slug}`). One that does not decode (bad percent-encoding,
/// invalid UTF-8) names no page: a 404 in the layout, like any unknown slug.
pub struct Segment(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Segment {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(segment)| Segment(segment))
            .map_err(|_| AppError::NotFound)
    }
}

/// Renders a page into a response body.
fn render(page: impl Template) -> Result<Html<String>, AppError> {
    Ok(Html(page.render()?))
}

/// Every page that depends only on the catalog, as registered.
fn catalog_routes() -> Routes {
    pages::router()
        .merge(help::router())
        .merge(browse::router())
        .merge(matrix::router())
        .merge(safety::router())
        .merge(states::router())
        .merge(card::router())
        .merge(organizations::router())
        .merge(resources::router())
}

/// The route patterns of the registered catalog pages: each is kept in memory and listed in
/// the sitemap.
pub fn catalog_page_routes() -> Vec<&'static str> {
    let (_, catalog) = catalog_routes().into_parts();
    catalog
        .iter()
        .map(|page: &CatalogPage| page.route)
        .collect()
}

pub fn app(state: AppState) -> Router {
    let (catalog_router, catalog) = catalog_routes().into_parts();
    let routes = catalog_router
        .merge(search::router())
        .merge(assets::router())
        .merge(feeds::router(catalog.clone()))
        .merge(health::router())
        .merge(hsds::router())
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed });
    layered(routes, state, catalog)
}

/// `routes` behind everything the site puts around its handlers (request ids, limits, the
/// security headers, the answer to a panic, the request log), with no catalog pages: for
/// tests that need a route the site does not have, such as one that panics.
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    layered(routes, state, Default::default())
}

fn layered(
    routes: Router<AppState>,
    state: AppState,
    catalog: cache::catalog::CatalogPages,
) -> Router {
    routes
        // One layer for everything around the handlers (see `front`): each `layer` call
        // costs every request a boxed service clone.
        .layer(front::FrontLayer::new(state.clone(), catalog))
        .with_state(state)
}
