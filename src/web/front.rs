//! The one layer every request passes through, after routing (so it knows the route
//! pattern) and before the handler: one `Router::layer` call, composed of tower services.
//! Outermost, tower-http's header setters add the security headers to every answer. Then
//! `Front`: a request id, the limits, the page cache, the cap on requests in flight, the time
//! limit; on the way out, the API's CORS header and one log line. Inside it, tower-http's
//! compressor, the response budget and tower-http's catch-panic around the handler.
//!
//! Why one layer rather than one `Router::layer` call per concern: axum boxes every route
//! once per layer and clones each boxed service on every request, and under load that
//! allocation was a fifth of the time a cached page took. Layers composed inside this one are
//! plain generic services: no box. A cached page is answered by `Front` without touching the
//! handler, the compressor or the timer.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, Response as HttpResponse, header};
use axum::response::Response;
use tower::{Layer, Service};
use tower_http::compression::{Compression, CompressionLayer};
use tracing::{Instrument, Span};

use tower::ServiceBuilder;
use tower_http::catch_panic::{CatchPanic, CatchPanicLayer};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

use super::budget::{Budgeted, OverBudget};
use super::cache;
use super::cache::catalog::CatalogPages;
use super::cache::kept_body::{ClientAccepts, KeptBody};
use super::error::AppError;
use super::guard::{self, Busy, RequestId};
use super::state::AppState;

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

/// tower-http's header setter, one layer per header: every answer gets them, kept pages and
/// refusals included. The innermost sets Strict-Transport-Security, when TLS is in front.
type WithSecurityHeaders<S> = SetResponseHeader<
    SetResponseHeader<
        SetResponseHeader<
            SetResponseHeader<
                SetResponseHeader<SetResponseHeader<S, Option<HeaderValue>>, HeaderValue>,
                HeaderValue,
            >,
            HeaderValue,
        >,
        HeaderValue,
    >,
    HeaderValue,
>;

fn with_security_headers<S>(inner: S, behind_tls: bool) -> WithSecurityHeaders<S> {
    let set = |(name, value): &(HeaderName, &'static str)| {
        SetResponseHeaderLayer::overriding(name.clone(), HeaderValue::from_static(value))
    };
    let hsts = behind_tls.then(|| HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    ServiceBuilder::new()
        .layer(set(&SECURITY_HEADERS[0]))
        .layer(set(&SECURITY_HEADERS[1]))
        .layer(set(&SECURITY_HEADERS[2]))
        .layer(set(&SECURITY_HEADERS[3]))
        .layer(set(&SECURITY_HEADERS[4]))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
        .service(inner)
}

/// Wraps each route in [`Front`], with tower-http's compressor between it and the handler
/// for the responses made per request.
#[derive(Clone)]
pub struct FrontLayer {
    state: AppState,
    catalog: CatalogPages,
}

impl FrontLayer {
    pub fn new(state: AppState, catalog: CatalogPages) -> Self {
        FrontLayer { state, catalog }
    }
}

/// What a handler's panic is answered with until `Front` knows whether the asker expects a
/// page or JSON: an empty 500 marked [`Panicked`].
type PanicAnswer = fn(Box<dyn std::any::Any + Send>) -> Response;

impl<S> Layer<S> for FrontLayer {
    type Service = WithSecurityHeaders<Front<Compression<Budgeted<CatchPanic<S, PanicAnswer>>>>>;

    fn layer(&self, inner: S) -> Self::Service {
        let caught = CatchPanicLayer::custom(panicked as PanicAnswer).layer(inner);
        let budgeted = Budgeted::new(caught, self.state.response_memory.clone());
        let front = Front {
            state: self.state.clone(),
            catalog: self.catalog.clone(),
            inner: CompressionLayer::new().gzip(true).br(true).layer(budgeted),
        };
        with_security_headers(front, self.state.behind_tls)
    }
}

/// Marks the answer to a request whose handler panicked.
#[derive(Clone, Copy)]
struct Panicked;

fn panicked(_: Box<dyn std::any::Any + Send>) -> Response {
    // The panic's message has already been logged by the panic hook, with the request's span.
    let mut answer = Response::new(Body::empty());
    *answer.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
    answer.extensions_mut().insert(Panicked);
    answer
}

#[derive(Clone)]
pub struct Front<S> {
    state: AppState,
    catalog: CatalogPages,
    inner: S,
}

impl<S, B> Service<Request> for Front<S>
where
    S: Service<Request, Response = HttpResponse<B>, Error = Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The inner service is made ready when it is called (below), on its own clone.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Answer {
        let logged = LoggedRequest::begin(&request);
        if let Err(error) = guard::check(&request) {
            return Answer::now(logged.refuse(error));
        }
        let key = self.catalog.key(&request);
        let pages = &self.state.pages;
        if let Some(page) = key.as_deref().and_then(|key| pages.fresh_page(key)) {
            return Answer::now(logged.kept(&page, &request));
        }
        // The health check takes no slot: a busy instance is still a working one.
        let permit = if logged.health {
            None
        } else {
            let Some(permit) = self.state.in_flight.enter() else {
                // A kept page costs next to nothing, so it is answered even now: /help above
                // all must answer under load.
                if let Some(page) = key.as_deref().and_then(|key| pages.recent_page(key)) {
                    return Answer::now(logged.kept(&page, &request));
                }
                return Answer::now(logged.busy(Busy::InFlight, &self.state));
            };
            Some(permit)
        };
        let state = self.state.clone();
        let key = key.map(|key| key.into_owned());
        let pages = pages.clone();
        let mut inner = self.inner.clone();
        let span = logged.span.clone();
        Answer::Running(Box::pin(
            async move {
                let work = async move {
                    match key {
                        Some(key) => pages.render_and_keep(key, request, &mut inner).await,
                        None => cache::call(&mut inner, request).await,
                    }
                };
                let answered = tokio::time::timeout(guard::REQUEST_TIMEOUT, work).await;
                drop(permit);
                match answered {
                    Ok(response) if response.extensions().get::<OverBudget>().is_some() => {
                        logged.busy(Busy::ResponseMemory, &state)
                    }
                    Ok(response) if response.extensions().get::<Panicked>().is_some() => {
                        logged.refuse(AppError::Panicked)
                    }
                    Ok(response) => logged.end(response),
                    Err(_) => logged.busy(Busy::TimedOut, &state),
                }
            }
            .instrument(span),
        ))
    }
}

/// One request, from the moment it is routed to its log line.
struct LoggedRequest {
    id: RequestId,
    started: Instant,
    span: Span,
    /// An API path: errors are JSON there.
    api: bool,
    /// The health check, which no cap on work may hold up.
    health: bool,
}

impl LoggedRequest {
    fn begin(request: &Request) -> LoggedRequest {
        let id = RequestId::next();
        // The route pattern, never the path or query string: search terms and slugs can
        // reveal a person's situation. No client address either.
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or("(unmatched)", MatchedPath::as_str);
        let method = method_name(request.method());
        LoggedRequest {
            id,
            started: Instant::now(),
            span: tracing::info_span!("request", id = id.0, %method, route),
            api: super::hsds::api_error::is_api_path(request.uri().path()),
            health: super::health::is_check(request),
        }
    }

    /// A page kept in memory, as the request asks for it.
    fn kept(self, page: &KeptBody, request: &Request) -> Response {
        let response = page.respond(&ClientAccepts::of(request.headers()));
        self.end(response)
    }

    /// A refusal, as the asker expects it (JSON for the API, a page otherwise).
    fn refuse(self, error: AppError) -> Response {
        // In the span, so a logged refusal carries the request id.
        let response = self.span.in_scope(|| guard::refuse(self.api, error));
        self.end(response)
    }

    /// A busy refusal: counted for the once-a-second summary rather than logged on its own,
    /// so a flood of them costs the log one line a second.
    fn busy(self, why: Busy, state: &AppState) -> Response {
        state.refusals.count(why);
        let response = guard::refuse(self.api, AppError::Busy);
        self.headers(response)
    }

    /// The response with the headers every response carries, logged.
    fn end(self, response: Response) -> Response {
        let response = self.headers(response);
        let status = response.status();
        let latency = self.started.elapsed();
        if status.is_server_error() {
            tracing::warn!(parent: &self.span, status = status.as_u16(), ?latency, "answered");
        } else {
            tracing::info!(parent: &self.span, status = status.as_u16(), ?latency, "answered");
        }
        response
    }

    /// Adds the request id, and the API's CORS header (the security headers are added
    /// around `Front`, by tower-http).
    fn headers(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        if self.api {
            // Reads of the open data are open to every origin, errors included, so a page
            // calling the API from elsewhere can read what went wrong. Nothing else is.
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
        }
        let (name, value) = self.id.header();
        headers.insert(name, value);
        response
    }
}

/// The method as one short token for the log: a client can send any token of any length as
/// a method, and it must not become a 60 KB log line.
fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "OTHER",
    }
}

/// A cached page or a refusal is ready at once, with no allocation for the future; the rest
/// run in a boxed future.
pub enum Answer {
    Ready(Option<Response>),
    Running(Pin<Box<dyn Future<Output = Response> + Send>>),
}

impl Answer {
    fn now(response: Response) -> Answer {
        Answer::Ready(Some(response))
    }
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Answer::Ready(response) => {
                Poll::Ready(Ok(response.take().expect("an answer is polled once")))
            }
            Answer::Running(future) => future.as_mut().poll(cx).map(Ok),
        }
    }
}
