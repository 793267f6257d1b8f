//! What every form POST passes before its fields are read, cheapest first: a feedback store to
//! take it, a request from this site (not another: `Origin`, `Sec-Fetch-Site`), a URL-encoded
//! body of at most [`MAX_BODY_BYTES`] that arrives in time, the empty field people never see,
//! and a signed timestamp of the right age for this form. Then, once the fields are good, the
//! hourly limits. Each refusal is an `AppError` with its own page and status; nothing refused
//! is stored, and nothing sent is echoed.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::fields::Posted;
use super::limits::{ClientKey, MAX_AGE_MS};
use super::token::{self, TokenProblem};
use crate::feedback::Submission;
use crate::logged::Logged;
use crate::web::error::{AppError, FormRefusal};
use crate::web::state::AppState;

/// The largest form body taken: the longest message in the longest characters fits, with room
/// for the other fields, and nothing much larger can be sent to fill memory.
pub const MAX_BODY_BYTES: usize = 8 * 1024;
/// How long a body may take to arrive once the request head has: a form is a few kilobytes,
/// and a client trickling it in holds a place among the requests in flight.
const BODY_TIMEOUT: Duration = Duration::from_secs(5);
/// The field a person never sees (hidden by the stylesheet) and a form-filling program fills.
pub const HONEYPOT: &str = "website";
/// The field holding the form's signed timestamp.
pub const TOKEN: &str = "token";

/// A form that passed the gate: its fields, who sent it, and the token it carried.
pub struct Sent {
    pub posted: Posted,
    pub client: ClientKey,
    pub token: String,
}

/// The token for a fresh copy of `form` (see `token`), signed with the feedback store's
/// secret. Without a store that answers, the form is refused (503) rather than rendered to
/// fail when sent; every other page goes on as before.
pub async fn new_token(state: &AppState, form: &str) -> Result<String, AppError> {
    let store = state
        .feedback
        .as_ref()
        .ok_or(AppError::FeedbackUnavailable)?;
    store.ping().await.map_err(|error| {
        tracing::error!(error = %Logged(&error), "the feedback store does not answer");
        AppError::FeedbackUnavailable
    })?;
    Ok(token::issue(
        store.form_secret(),
        form,
        state.clock.now_ms(),
    ))
}

/// Reads a form POST for `form` (the name its token is signed for) through every check above
/// but the hourly limits.
pub async fn receive(state: &AppState, form: &str, request: Request) -> Result<Sent, AppError> {
    let store = state
        .feedback
        .as_ref()
        .ok_or(AppError::FeedbackUnavailable)?;
    let (parts, body) = request.into_parts();
    refuse_cross_site(&parts.headers, state.public_url.as_deref())?;
    require_form(&parts.headers)?;
    let body = read_body(&parts.headers, body).await?;
    let posted = Posted::parse(&body)?;
    if posted.one(HONEYPOT)?.is_some_and(|value| !value.is_empty()) {
        return Err(AppError::FormRefused(FormRefusal::Honeypot));
    }
    let token = posted.one(TOKEN)?.unwrap_or_default().to_owned();
    let min_age = i64::try_from(state.forms.settings().min_age_ms).unwrap_or(i64::MAX);
    token::check(
        store.form_secret(),
        form,
        &token,
        state.clock.now_ms(),
        min_age,
        MAX_AGE_MS,
    )
    .map_err(|problem| {
        AppError::FormRefused(match problem {
            TokenProblem::Invalid => FormRefusal::InvalidToken,
            TokenProblem::Expired => FormRefusal::Expired,
            TokenProblem::TooSoon => FormRefusal::TooSoon,
        })
    })?;
    Ok(Sent {
        posted,
        client: state.forms.client(client_address(&parts, state.behind_tls)),
        token,
    })
}

/// Takes a good form: counts it against the hourly limits (429 with `Retry-After` past
/// them), stores it, and answers with a 303 to `thanks`, so that reloading the thank-you page
/// sends nothing again. A store that fails is a 503 page (and a line in the log, without the
/// form's words): the person learns it was not sent, rather than being thanked for nothing.
pub async fn accept(
    state: &AppState,
    client: ClientKey,
    submission: &Submission,
    thanks: &str,
) -> Result<Response, AppError> {
    state
        .forms
        .take(client, state.clock.now_ms())
        .map_err(|later| AppError::TooManyForms {
            retry_after: later.seconds,
            everyone: later.everyone,
        })?;
    let store = state
        .feedback
        .as_ref()
        .ok_or(AppError::FeedbackUnavailable)?;
    store.submit(submission).await.map_err(|error| {
        tracing::error!(error = %Logged(&error), "could not store a form");
        AppError::FeedbackUnavailable
    })?;
    Ok(Redirect::to(thanks).into_response())
}

/// A form posted from another site is refused (403). Browsers say where a request comes from
/// in `Sec-Fetch-Site`, and in `Origin`, which must then name this site. Every page here is
/// sent with `Referrer-Policy: no-referrer`, under which browsers write `Origin: null` on a
/// form's POST, even one from this site: `null` is let through, and `Sec-Fetch-Site` tells
/// another site's form apart (browsers without it still need a token from a form rendered
/// here).
fn refuse_cross_site(headers: &HeaderMap, public_url: Option<&str>) -> Result<(), AppError> {
    if let Some(site) = headers.get("sec-fetch-site")
        && matches!(site.as_bytes(), b"cross-site" | b"same-site")
    {
        return Err(AppError::CrossSite);
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| AppError::CrossSite)?;
    if origin == "null" {
        return Ok(());
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let from_host = origin
        .split_once("://")
        .is_some_and(|(_, authority)| host.is_some_and(|h| authority.eq_ignore_ascii_case(h)));
    let from_public_url = public_url.is_some_and(|url| {
        url::Url::parse(url).is_ok_and(|url| url.origin().ascii_serialization() == origin)
    });
    if from_host || from_public_url {
        Ok(())
    } else {
        Err(AppError::CrossSite)
    }
}

/// Only what a browser sends for a plain form (415 otherwise): URL-encoded, in UTF-8 when it
/// says.
fn require_form(headers: &HeaderMap) -> Result<(), AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let mut parts = content_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default();
    let utf8 = parts.all(|param| match param.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    });
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") && utf8 {
        Ok(())
    } else {
        Err(AppError::NotAForm)
    }
}

/// The body, refused when it says or turns out to be larger than a form (413) or does not
/// arrive in time (408).
async fn read_body(headers: &HeaderMap, body: Body) -> Result<axum::body::Bytes, AppError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(AppError::BodyTooLarge);
    }
    let read = Limited::new(body, MAX_BODY_BYTES).collect();
    match tokio::time::timeout(BODY_TIMEOUT, read).await {
        Err(_) => Err(AppError::BodyTooSlow),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.is::<LengthLimitError>() => Err(AppError::BodyTooLarge),
        // The client went away or sent a broken chunk: nobody is left to read an answer.
        Ok(Err(_)) => Err(AppError::FormRefused(FormRefusal::Malformed)),
    }
}

/// The address the hourly limits count by (never kept: `limits` hashes it at once).
///
/// Behind a proxy (`--behind-tls`), every connection comes from the proxy: the client is the
/// last hop of `X-Forwarded-For`, the one the proxy added for the connection it took. Hops
/// before it are whatever the client wrote, and trusting them would let anyone choose their
/// own key and so their own limit. Without a proxy a client can write any `X-Forwarded-For`,
/// so the header is ignored and the connection's own address counts.
fn client_address(parts: &Parts, behind_proxy: bool) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if !behind_proxy {
        return peer;
    }
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .and_then(|hop| hop.trim().parse::<IpAddr>().ok());
    forwarded.or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn forms_from_this_site_pass_and_from_others_do_not() {
        let ok = |pairs| refuse_cross_site(&headers(pairs), None).is_ok();
        assert!(ok(&[("host", "lantern.test")]));
        assert!(ok(&[
            ("host", "lantern.test"),
            ("origin", "http://lantern.test")
        ]));
        assert!(ok(&[("origin", "null"), ("sec-fetch-site", "same-origin")]));
        assert!(!ok(&[
            ("host", "lantern.test"),
            ("origin", "https://evil.test")
        ]));
        assert!(!ok(&[("origin", "null"), ("sec-fetch-site", "cross-site")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        let proxied = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://lantern.org"),
        ]);
        assert!(refuse_cross_site(&proxied, Some("https://lantern.org")).is_ok());
        assert!(refuse_cross_site(&proxied, None).is_err());
    }

    #[test]
    fn only_url_encoded_utf8_forms_are_taken() {
        let form = |value| require_form(&headers(&[("content-type", value)])).is_ok();
        assert!(form("application/x-www-form-urlencoded"));
        assert!(form("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
        assert!(!form("application/x-www-form-urlencoded; charset=latin1"));
        assert!(!form("multipart/form-data; boundary=x"));
        assert!(!form("application/json"));
        assert!(!form("text/plain"));
        assert!(require_form(&HeaderMap::new()).is_err());
    }

    #[test]
    fn behind_a_proxy_the_last_forwarded_hop_is_the_client() {
        let request = |forwarded: &[&'static str]| {
            let mut builder = Request::post("/suggest")
                .extension(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000))));
            for value in forwarded {
                builder = builder.header("x-forwarded-for", *value);
            }
            builder.body(()).unwrap().into_parts().0
        };
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        let spoofed = request(&["1.2.3.4, 203.0.113.5"]);
        assert_eq!(client_address(&spoofed, true), ip("203.0.113.5"));
        assert_eq!(client_address(&spoofed, false), ip("10.0.0.1"));
        assert_eq!(
            client_address(&request(&["1.2.3.4", "198.51.100.2"]), true),
            ip("198.51.100.2")
        );
        assert_eq!(
            client_address(&request(&["nonsense"]), true),
            ip("10.0.0.1")
        );
        assert_eq!(client_address(&request(&[]), true), ip("10.0.0.1"));
    }
}
