//! `AppError`: everything a handler can fail with. Visitors get a page in the site's layout
//! that still offers the hotline and a search box; the log gets the cause. Server errors are
//! logged, client errors are not (they are the visitor's business, not an operator's).

use askama::Template;

use super::layout::Layout;
use crate::i18n::{self, Messages};
use crate::lang::Lang;
use crate::logged::Logged;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    /// The request cannot be answered as asked; the message, in the page's language, is
    /// shown to the visitor.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A query string with a stray `%` or bytes that are not text.
    #[error("malformed query string")]
    MalformedQuery,
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
    layout: Layout,
    title: &'a str,
    message: &'a str,
}

tokio::task_local! {
    /// The address being answered, set by `front` around each request: an error is turned into
    /// a page far from the handler that knew the address, and that page is in the address's
    /// language and names its twin in the other.
    pub static ASKED_URI: Uri;
}

impl AppError {
    /// A title and a sentence for the person who asked, in `messages`' language.
    fn explain(&self, messages: &'static Messages) -> (&'static str, &str) {
        let t = |key| messages.text(key);
        match self {
            AppError::NotFound => (t("error-not-found"), t("error-not-found-detail")),
            AppError::UriTooLong => (t("error-uri-too-long"), t("error-uri-too-long-detail")),
            AppError::HeadersTooLarge => (
                t("error-headers-too-large"),
                t("error-headers-too-large-detail"),
            ),
            AppError::MethodNotAllowed => (
                t("error-method-not-allowed"),
                t("error-method-not-allowed-detail"),
            ),
            AppError::MalformedQuery => (t("error-bad-request"), t("error-malformed-query-detail")),
            AppError::BadRequest(message) => (t("error-bad-request"), message.as_str()),
            _ if self.status() == StatusCode::SERVICE_UNAVAILABLE => {
                (t("error-busy"), t("error-busy-detail"))
            }
            _ => (t("error-server"), t("error-server-detail")),
        }
    }

    /// The error for a program: `{"error": title, "detail": sentence}` with the same status.
    pub fn into_json_response(self) -> Response {
        let status = self.status();
        self.log_cause();
        // The open data speaks English, whatever page linked to it.
        let (error, detail) = self.explain(i18n::messages(Lang::En));
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
            AppError::BadRequest(_) | AppError::MalformedQuery => StatusCode::BAD_REQUEST,
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
        // The path alone: a query string can be what was wrong. A 414's path may be the long
        // part: its twin is the other language's home page.
        let layout = ASKED_URI
            .try_with(|uri| match self {
                AppError::UriTooLong => Layout::new(Lang::of_path(uri.path()), "/"),
                _ => Layout::at_address(uri.path()),
            })
            .unwrap_or_else(|_| Layout::new(Lang::En, "/"));
        let (title, message) = self.explain(layout.messages());
        let page = ErrorPage {
            layout,
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
