//! `AppError`: everything a handler can fail with. Visitors get a page in the site's layout
//! that still offers the hotline and a search box; the log gets the cause. Server errors are
//! logged, client errors are not (they are the visitor's business, not an operator's).

use askama::Template;

use crate::logged::Logged;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    /// The request cannot be answered as asked; the message is shown to the visitor.
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("could not render the page: {0}")]
    Render(#[from] askama::Error),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("address too long")]
    UriTooLong,
    #[error("request headers too large")]
    HeadersTooLarge,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A handler panicked: a bug, answered like any server error.
    #[error("the handler panicked")]
    Panicked,
    /// Too many requests at once, or one took too long: come back in a moment.
    #[error("overloaded")]
    Busy,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    nav: &'static str,
    title: &'a str,
    message: &'a str,
}

impl AppError {
    /// A title and a sentence for the person who asked.
    fn explain(&self) -> (&'static str, &str) {
        match self {
            AppError::NotFound => (
                "Page not found",
                "There is no page at this address. It may have moved, or the address may have a typo.",
            ),
            AppError::UriTooLong => (
                "That address is too long",
                "The address is longer than any page here needs. Try a shorter search.",
            ),
            AppError::HeadersTooLarge => (
                "That request is too large",
                "Your browser sent more request headers than the directory accepts. Clearing this site's data in your browser may help.",
            ),
            AppError::MethodNotAllowed => (
                "That is not something this page does",
                "Pages here can only be read. Use the links and the search box.",
            ),
            AppError::BadRequest(message) => {
                ("That request could not be understood", message.as_str())
            }
            _ if self.status() == StatusCode::SERVICE_UNAVAILABLE => (
                "The directory is busy",
                "The directory could not answer just now. Please try again in a moment.",
            ),
            _ => (
                "Something went wrong",
                "The directory could not show this page. The problem has been logged.",
            ),
        }
    }

    /// The error for a program: `{"error": title, "detail": sentence}` with the same status.
    pub fn into_json_response(self) -> Response {
        let status = self.status();
        self.log_cause();
        let (error, detail) = self.explain();
        let retry = (status == StatusCode::SERVICE_UNAVAILABLE)
            .then_some([(axum::http::header::RETRY_AFTER, "1")]);
        let body = serde_json::json!({ "error": error, "detail": detail });
        (status, retry, axum::Json(body)).into_response()
    }

    /// Server errors are the operator's to fix: logged with their cause. A busy refusal is
    /// not an error in the server, and `front` counts those instead (a line each would flood
    /// the log exactly when it is under load).
    fn log_cause(&self) {
        if self.status().is_server_error() && !matches!(self, AppError::Busy) {
            tracing::error!(error = %Logged(self), "request failed");
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Db(sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed) | AppError::Busy => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::UriTooLong => StatusCode::URI_TOO_LONG,
            AppError::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Render(_) | AppError::Db(_) | AppError::Panicked => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        self.log_cause();
        let (title, message) = self.explain();
        let page = ErrorPage {
            nav: "",
            title,
            message,
        };
        let retry = (status == StatusCode::SERVICE_UNAVAILABLE)
            .then_some([(axum::http::header::RETRY_AFTER, "1")]);
        match page.render() {
            Ok(html) => (status, retry, Html(html)).into_response(),
            // The layout itself failed: still say where help is.
            Err(_) => (
                status,
                "Lantern could not show this page. National Human Trafficking Hotline: 888-373-7888. In immediate danger, call 911.",
            )
                .into_response(),
        }
    }
}
