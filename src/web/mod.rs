//! The HTTP side: one module per area of the site, each with its own `router()`.

pub mod assets;
mod browse;
mod caching;
mod error;
mod feeds;
mod guard;
mod health;
mod help;
mod hsds;
mod organizations;
mod pages;
mod resources;
mod search;
mod states;
pub mod view;

use askama::Template;
use axum::Router;
use axum::extract::{FromRef, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{Html, Response};
use std::sync::Arc;

use sqlx::SqlitePool;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::AppError;

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
    pub pages: caching::PageCache,
    /// The HSDS API's records, built once per catalog version.
    hsds: hsds::ApiRecords,
    in_flight: guard::InFlight,
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
            pages: caching::PageCache::new(db.clone(), true),
            in_flight: guard::InFlight::default(),
            hsds: hsds::ApiRecords::default(),
            behind_tls: false,
            public_url: None,
            db,
        }))
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

    /// Render every page on every request (for measuring what the page cache saves).
    pub fn without_page_cache(mut self) -> Self {
        let shared = Arc::make_mut(&mut self.0);
        shared.pages = caching::PageCache::new(shared.db.clone(), false);
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

/// Headers every response carries: no inline script or style, no framing, no referrer, no
/// access to camera, microphone or location.
const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
         frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .merge(pages::router())
        .merge(help::router())
        .merge(browse::router())
        .merge(states::router())
        .merge(organizations::router())
        .merge(resources::router())
        .merge(search::router())
        .merge(assets::router())
        .merge(feeds::router())
        .merge(health::router())
        .merge(hsds::router())
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(
            state.pages.clone(),
            caching::pages,
        ))
        .layer(CompressionLayer::new().gzip(true).br(true));
    let behind_tls = state.behind_tls;
    router = router.layer(axum::middleware::map_response(
        move |mut response: Response| async move {
            let headers = response.headers_mut();
            for (name, value) in SECURITY_HEADERS {
                headers.insert(name, HeaderValue::from_static(value));
            }
            if behind_tls {
                headers.insert(
                    header::STRICT_TRANSPORT_SECURITY,
                    HeaderValue::from_static("max-age=63072000; includeSubDomains"),
                );
            }
            response
        },
    ));
    router
        .layer(axum::middleware::from_fn_with_state(
            state.in_flight.clone(),
            guard::overload,
        ))
        .layer(axum::middleware::from_fn(guard::limits))
        .layer(
            // Logs the route pattern, never the path or query string: search terms and slugs
            // can reveal a person's situation. No client address either.
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("(unmatched)", MatchedPath::as_str);
                    let id = request
                        .extensions()
                        .get::<guard::RequestId>()
                        .map_or(0, |id| id.0);
                    tracing::info_span!("request", id, method = %request.method(), route)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(axum::middleware::from_fn(guard::request_id))
        .with_state(state)
}
