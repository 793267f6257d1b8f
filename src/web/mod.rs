//! The HTTP side: one module per area of the site, each with its own `router()`.

pub mod assets;
mod browse;
mod caching;
mod error;
mod health;
mod help;
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
use axum::response::Html;
use std::sync::Arc;

use sqlx::SqlitePool;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::AppError;

use crate::search::Searcher;

/// Everything a handler may need. Cheap to clone: every field is a handle.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Read-only connections: nothing a visitor does can write.
    pub db: SqlitePool,
    pub search: Arc<Searcher>,
}

impl AppState {
    /// The state for serving the database behind `db` (a read-only pool).
    pub fn new(db: SqlitePool) -> Self {
        AppState {
            search: Arc::new(Searcher::new(db.clone())),
            db,
        }
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
        .merge(health::router())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn(caching::etags));
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
        .layer(
            // Logs the route pattern, never the path or query string: search terms and slugs
            // can reveal a person's situation. No client address either.
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("(unmatched)", MatchedPath::as_str);
                    tracing::info_span!("request", method = %request.method(), route)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}
