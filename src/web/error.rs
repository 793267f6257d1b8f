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
    /// A form sent from another site (`Origin`, `Sec-Fetch-Site`).
    #[error("form sent from another site")]
    CrossSite,
    /// A POST whose body is not `application/x-www-form-urlencoded`.
    #[error("not a form")]
    NotAForm,
    /// A POST whose body is larger than a form's.
    #[error("request body too large")]
    BodyTooLarge,
    /// A POST whose body did not arrive in time.
    #[error("request body too slow")]
    BodyTooSlow,
    /// A form that was not taken as sent; nothing was stored.
    #[error("form refused: {0:?}")]
    FormRefused(FormRefusal),
    /// This client, or everyone, sent as many forms as an hour allows.
    #[error("too many forms")]
    TooManyForms { retry_after: u64, everyone: bool },
    /// The feedback store is missing or failing: the forms cannot take anything.
    #[error("the feedback store is unavailable")]
    FeedbackUnavailable,
}

/// Why a form was refused with a 400 (see `web::forms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRefusal {
    /// Not text, broken encoding, or a field given twice.
    Malformed,
    /// The field people never see was filled in.
    Honeypot,
    /// The signed timestamp is missing, forged or for another form.
    InvalidToken,
    /// The form was rendered more than a day ago.
    Expired,
    /// The form came back within seconds of being rendered.
    TooSoon,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    title: &'a str,
    message: &'a str,
    /// A form refused: the link to a fresh copy of it (the address asked, in its language).
    form_again: Option<String>,
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
            AppError::CrossSite => (t("error-cross-site"), t("error-cross-site-detail")),
            AppError::NotAForm => (t("error-not-a-form"), t("error-not-a-form-detail")),
            AppError::BodyTooLarge => (t("error-too-large"), t("error-too-large-detail")),
            AppError::BodyTooSlow => (t("error-too-slow"), t("error-too-slow-detail")),
            AppError::FormRefused(why) => match why {
                FormRefusal::Malformed => (t("error-bad-request"), t("error-form-malformed")),
                FormRefusal::Honeypot => (t("error-form-not-sent"), t("error-form-honeypot")),
                FormRefusal::InvalidToken => (t("error-form-not-sent"), t("error-form-token")),
                FormRefusal::Expired => (t("error-form-expired"), t("error-form-expired-detail")),
                FormRefusal::TooSoon => (t("error-form-too-soon"), t("error-form-too-soon-detail")),
            },
            AppError::TooManyForms {
                everyone: false, ..
            } => (t("error-too-many"), t("error-too-many-detail")),
            AppError::TooManyForms { everyone: true, .. } => {
                (t("error-too-many"), t("error-too-many-everyone"))
            }
            AppError::FeedbackUnavailable => (
                t("error-feedback-unavailable"),
                t("error-feedback-unavailable-detail"),
            ),
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
        let retry = self.retry_after();
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

    /// `Retry-After`, for an answer that says to come back later.
    fn retry_after(&self) -> Option<[(axum::http::HeaderName, String); 1]> {
        let seconds = match self {
            AppError::TooManyForms { retry_after, .. } => *retry_after,
            AppError::FeedbackUnavailable => 60,
            _ if self.status() == StatusCode::SERVICE_UNAVAILABLE => 1,
            _ => return None,
        };
        Some([(axum::http::header::RETRY_AFTER, seconds.to_string())])
    }

    /// Whether this refuses a form as sent: its page links to a fresh copy of the form.
    fn refuses_a_form(&self) -> bool {
        matches!(
            self,
            AppError::CrossSite
                | AppError::NotAForm
                | AppError::BodyTooLarge
                | AppError::BodyTooSlow
                | AppError::FormRefused(_)
                | AppError::TooManyForms { .. }
        )
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::MalformedQuery | AppError::FormRefused(_) => {
                StatusCode::BAD_REQUEST
            }
            AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::NotAForm => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::BodyTooSlow => StatusCode::REQUEST_TIMEOUT,
            AppError::TooManyForms { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Db(sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed)
            | AppError::Busy
            | AppError::FeedbackUnavailable => StatusCode::SERVICE_UNAVAILABLE,
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
            form_again: self.refuses_a_form().then(|| layout.page_in(layout.lang)),
            layout,
            title,
            message,
        };
        let retry = self.retry_after();
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
