//! What every page handler uses: a path segment read from the address, and a template
//! rendered into a response body.

use askama::Template;
use axum::response::Html;

use super::error::AppError;

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
pub(super) fn render(page: impl Template) -> Result<Html<String>, AppError> {
    Ok(Html(page.render()?))
}
