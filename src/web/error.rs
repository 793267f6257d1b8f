//! `AppError`: everything a handler can fail with. Visitors get a plain page that still points
//! them to help; the log gets the cause. Server errors are logged, client errors are not.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("could not render the page: {0}")]
    Render(#[from] askama::Error),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Render(_) | AppError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        (
            status,
            Html(format!("<!doctype html><title>{status}</title><p>{status}")),
        )
            .into_response()
    }
}
