//! `/readyz`: whether a load balancer should send this instance traffic. 200 only when the
//! catalog can be read, the search index is built and the feedback store answers; 503, with
//! the reason, otherwise, and from the moment the server is asked to stop (see `Draining`), so
//! the balancer moves traffic away before the listener closes (`health::Draining`).
//!
//! `/healthz` stays the liveness check: an instance that is draining, or whose feedback store
//! is down, is not broken and must not be restarted for it.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::health::READY_PATH;
use super::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(READY_PATH, get(readyz))
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let answer = match not_ready_because(&state).await {
        None => (StatusCode::OK, "ready"),
        Some(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason),
    };
    // Each probe must see this moment's answer, not a cache's.
    ([(header::CACHE_CONTROL, "no-store")], answer)
}

/// The first reason this instance should not get traffic, if there is one.
async fn not_ready_because(state: &AppState) -> Option<&'static str> {
    if state.draining.is_draining() {
        return Some("not ready: shutting down");
    }
    if !state.health.check().await {
        return Some("not ready: the catalog cannot be read");
    }
    if !state.search.is_built() {
        return Some("not ready: the search index is being built");
    }
    let Some(store) = &state.feedback else {
        return Some("not ready: no feedback store");
    };
    if !state.store_check.answers(store).await {
        return Some("not ready: the feedback store does not answer");
    }
    None
}
