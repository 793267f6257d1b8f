//! The API's errors: which paths are the API's, and an `AppError` said as JSON there.

use axum::response::{IntoResponse, Response};

use crate::web::error::AppError;

/// Whether a path belongs to the API, whose errors are JSON.
pub fn is_api_path(path: &str) -> bool {
    path == "/hsds" || path.starts_with("/hsds/") || path == "/openapi.json"
}

/// An `AppError` said as JSON: `{"error": "...", "detail": "..."}`.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

/// Any origin may read the API, errors included (`front` says so on every API response).
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json_response()
    }
}
