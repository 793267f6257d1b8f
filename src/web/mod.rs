//! The HTTP side: one module per area of the site, each with its own `router()`.

mod error;
mod health;

use axum::Router;
use axum::extract::{FromRef, MatchedPath, Request};
use sqlx::SqlitePool;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::AppError;

/// Everything a handler may need. Cheap to clone: the pool is a handle.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Read-only connections: nothing a visitor does can write.
    pub db: SqlitePool,
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
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
