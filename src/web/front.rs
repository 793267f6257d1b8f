//! The one layer every request passes through, after routing (so it knows the route
//! pattern) and before the handler: one `Router::layer` call, composed of tower services in
//! one `ServiceBuilder`. Outermost, tower-http's header setters add the security headers to
//! every answer. Then `Front`: a request id, the limits, the page cache, the API's CORS
//! header and one log line. Inside it, tower's load shedding, the cap on requests in flight
//! and the time limit, whose errors axum's `HandleErrorLayer` turns into a busy answer; then
//! the page cache's render path, tower-http's compressor, the response budget and
//! tower-http's catch-panic around the handler.
//!
//! Why one layer rather than one `Router::layer` call per concern: axum boxes every route
//! once per layer and clones each boxed service on every request, and under load that
//! allocation was a fifth of the time a cached page took. Layers composed inside this one are
//! plain generic services: no box. A kept page is answered by `Front` without touching the
//! handler, the cap, the compressor or the timer: it stays outside load shedding, so kept
//! pages are served while the site is saturated.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::BoxError;
use axum::body::Body;
use axum::error_handling::{HandleError, HandleErrorLayer};
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::Response;
use tower::limit::{ConcurrencyLimit, GlobalConcurrencyLimitLayer};
use tower::load_shed::{LoadShed, LoadShedLayer, error::Overloaded};
use tower::timeout::{Timeout, TimeoutLayer};
use tower::{Layer, Service, ServiceBuilder};
use tower_http::catch_panic::{CatchPanic, CatchPanicLayer};
use tower_http::compression::{Compression, CompressionLayer};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tracing::{Instrument, Span};

use super::budget::{Budgeted, OverBudget};
use super::cache::catalog::CatalogPages;
use super::cache::kept_body::ClientAccepts;
use super::cache::{self, KeepPages, Keeping, PageKey};
use super::error::{ASKED_URI, AppError};
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

/// Wraps each route in the stack described above.
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

/// The handler as `Front` calls it: caught if it panics, its response's memory reserved,
/// compressed as asked, and a catalog or API page kept once rendered.
type Handler<S> = KeepPages<Compression<Budgeted<CatchPanic<S, PanicAnswer>>>>;

/// What a refused or timed-out call is answered with until `Front` knows whether the asker
/// expects a page or JSON: an empty 503 marked with why.
type BusyAnswer = fn(BoxError) -> Ready<Response>;

/// The handler within the time limit.
type Timed<S> = HandleError<Timeout<Handler<S>>, BusyAnswer, ()>;

/// The handler within the time limit, and only when a place among the requests in flight is
/// free at once: otherwise shed (a 503 now rather than a queue without end).
type Limited<S> = HandleError<LoadShed<ConcurrencyLimit<Timeout<Handler<S>>>>, BusyAnswer, ()>;

impl<S: Clone> Layer<S> for FrontLayer {
    type Service = WithSecurityHeaders<Front<Timed<S>, Limited<S>>>;

    fn layer(&self, inner: S) -> Self::Service {
        let timed = ServiceBuilder::new()
            .layer(TimeoutLayer::new(guard::REQUEST_TIMEOUT))
            .layer_fn(|inner| {
                KeepPages::new(
                    inner,
                    self.state.pages.clone(),
                    self.state.response_memory.clone(),
                )
            })
            .layer(CompressionLayer::new().gzip(true).br(true))
            .layer_fn(|inner| Budgeted::new(inner, self.state.response_memory.clone()))
            .layer(CatchPanicLayer::custom(panicked as PanicAnswer))
            .service(inner);
        let limited = ServiceBuilder::new()
            .layer(HandleErrorLayer::new(busy as BusyAnswer))
            .layer(LoadShedLayer::new())
            .layer(GlobalConcurrencyLimitLayer::with_semaphore(
                self.state.in_flight.semaphore(),
            ))
            .service(timed.clone());
        let front = Front(Arc::new(FrontParts {
            state: self.state.clone(),
            catalog: self.catalog.clone(),
            // The health check takes no place among the requests in flight: a busy instance
            // is still a working one.
            unlimited: HandleErrorLayer::new(busy as BusyAnswer).layer(timed),
            limited,
        }));
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

/// Load shedding refused the call (every place in flight was taken) or the time limit ended
/// it: an empty 503 marked with why, for `Front` to answer as the asker expects.
fn busy(error: BoxError) -> Ready<Response> {
    let why = if error.is::<Overloaded>() {
        Busy::InFlight
    } else {
        Busy::TimedOut
    };
    let mut answer = Response::new(Body::empty());
    *answer.status_mut() = axum::http::StatusCode::SERVICE_UNAVAILABLE;
    answer.extensions_mut().insert(why);
    ready(answer)
}

/// The limits, the page cache, and the refusals in the form the asker expects.
///
/// axum clones a route's service for every request. Behind one `Arc`, that clone is one
/// reference count, where cloning the parts (the state, the page registry, both handler
/// stacks with their caches, budget and semaphore) bumped over a dozen counts shared by every
/// core; the handler's stack is cloned only for the requests that reach it.
pub struct Front<U, L>(Arc<FrontParts<U, L>>);

impl<U, L> Clone for Front<U, L> {
    fn clone(&self) -> Self {
        Front(self.0.clone())
    }
}

struct FrontParts<U, L> {
    state: AppState,
    catalog: CatalogPages,
    /// For the health check.
    unlimited: U,
    /// For everything else.
    limited: L,
}

impl<U, L> Service<Request> for Front<U, L>
where
    U: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    U::Future: Send,
    L: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    L::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = FrontAnswer;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The inner service is made ready when it is called (below), on its own clone.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> FrontAnswer {
        let front = &*self.0;
        let logged = LoggedRequest::begin(&request, front.state.draining.is_draining());
        // An error page is in the language of the address asked for, and names its twin:
        // `error::ASKED_URI` carries the address to it. Set here and below, not before the
        // kept page, which needs none.
        if let Err(error) = guard::check(&request) {
            let asked = request.uri().clone();
            return FrontAnswer::now(ASKED_URI.sync_scope(asked, || logged.refuse(error)));
        }
        let key = (front
            .catalog
            .key(&request)
            .map(|key| (Keeping::Catalog, key)))
        .or_else(|| cache::recent::key(&request).map(|key| (Keeping::Api, key)));
        let pages = &front.state.pages;
        if let Some((keeping, page)) = (key.as_ref())
            .and_then(|(keeping, key)| Some((*keeping, pages.fresh_page(*keeping, key)?)))
        {
            let accepts = ClientAccepts::of(request.headers());
            let memory = &front.state.response_memory;
            let response = cache::answer(keeping, &page, &accepts, memory);
            return FrontAnswer::now(match response.extensions().get::<OverBudget>() {
                Some(OverBudget) => logged.busy(Busy::ResponseMemory, &front.state),
                None => logged.end(response),
            });
        }
        // Only a request that reaches a handler opens a span, for the handler's own lines.
        let span = logged.span();
        let asked = request.uri().clone();
        let work = Work {
            state: front.state.clone(),
            key: key.map(|(keeping, key)| PageKey {
                address: key.into_owned(),
                keeping,
            }),
            logged,
        };
        if super::health::is_check(&request) {
            let answer = work.run(front.unlimited.clone(), request);
            FrontAnswer::Running(Box::pin(ASKED_URI.scope(asked, answer).instrument(span)))
        } else {
            let answer = work.run(front.limited.clone(), request);
            FrontAnswer::Running(Box::pin(ASKED_URI.scope(asked, answer).instrument(span)))
        }
    }
}

/// A request that needs the handler (or a page not kept yet).
struct Work {
    state: AppState,
    /// The page cache's key, for a page it keeps.
    key: Option<PageKey>,
    logged: LoggedRequest,
}

impl Work {
    async fn run<S>(self, mut inner: S, mut request: Request) -> Response
    where
        S: Service<Request, Response = Response, Error = Infallible>,
    {
        let pages = &self.state.pages;
        let accepts = ClientAccepts::of(request.headers());
        if let Some(key) = &self.key {
            request.extensions_mut().insert(key.clone());
        }
        let response = cache::call(&mut inner, request).await;
        let extensions = response.extensions();
        let busy = match extensions.get::<Busy>() {
            Some(&why) => Some(why),
            None => extensions.get::<OverBudget>().map(|_| Busy::ResponseMemory),
        };
        if let Some(why) = busy {
            // A kept page costs next to nothing, so it is answered even now: /help above all
            // must answer under load.
            if why == Busy::InFlight
                && let Some(key) = self.key.as_ref()
                && let Some(page) = pages.recent_page(key.keeping, &key.address)
            {
                let memory = &self.state.response_memory;
                let response = cache::answer(key.keeping, &page, &accepts, memory);
                if response.extensions().get::<OverBudget>().is_none() {
                    return self.logged.end(response);
                }
            }
            return self.logged.busy(why, &self.state);
        }
        if response.extensions().get::<Panicked>().is_some() {
            // Already in the request's span (the future is instrumented with it).
            let response = guard::refuse(self.logged.api, AppError::Panicked);
            return self.logged.end(response);
        }
        self.logged.end(response)
    }
}

/// One request, from the moment it is routed to its line in the access log
/// (`logs::access`). Hand-written rather than tower-http's `TraceLayer` with
/// `SetRequestHeader`/`PropagateHeader` for the id: that layout was measured
/// (benches/load.sh, 64 connections) at about a fifth less throughput on kept pages, far over
/// the 5 % a layer may cost.
struct LoggedRequest {
    id: RequestId,
    started: Instant,
    method: &'static str,
    /// The route pattern, never the path or query string: search terms and slugs can reveal
    /// a person's situation. No client address either.
    route: Option<MatchedPath>,
    /// An API path: errors are JSON there.
    api: bool,
    /// The server is draining (see `health::Draining`): each answer closes its connection,
    /// so a proxy stops reusing it before the listener closes. A request a proxy sends on a
    /// kept-alive connection just as it closes is lost without a retry when it is a POST.
    close: bool,
}

impl LoggedRequest {
    fn begin(request: &Request, draining: bool) -> LoggedRequest {
        LoggedRequest {
            // Our own counter, never an id the client sent: client text never reaches the log.
            id: RequestId::next(),
            started: Instant::now(),
            method: method_name(request.method()),
            route: request.extensions().get::<MatchedPath>().cloned(),
            api: super::hsds::api_error::is_api_path(request.uri().path()),
            close: draining,
        }
    }

    fn route(&self) -> &str {
        self.route
            .as_ref()
            .map_or("(unmatched)", MatchedPath::as_str)
    }

    /// The span a handler's lines are written in, with the fields the access log's line has.
    fn span(&self) -> Span {
        tracing::info_span!("request", id = self.id.0, method = %self.method, route = self.route())
    }

    /// A refusal before any handler, as the asker expects it (JSON for the API, a page
    /// otherwise).
    fn refuse(self, error: AppError) -> Response {
        // In the span, so a logged refusal carries the request id.
        let response = self.span().in_scope(|| guard::refuse(self.api, error));
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
        crate::logs::access::Answered {
            id: self.id.0,
            method: self.method,
            route: self.route(),
            status: response.status(),
            latency: self.started.elapsed(),
        }
        .log();
        response
    }

    /// Adds the request id, and the API's CORS header. CORS is set here rather than by a
    /// `CorsLayer` on the API's routes because refusals made before routing reaches a
    /// handler (414, 431, busy) need it too.
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
        headers.insert(RequestId::HEADER, self.id.header_value());
        if self.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
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

/// A kept page or a refusal is ready at once, with no allocation for the future; the rest
/// run in a boxed future.
pub enum FrontAnswer {
    Ready(Option<Response>),
    Running(Pin<Box<dyn Future<Output = Response> + Send>>),
}

impl FrontAnswer {
    fn now(response: Response) -> FrontAnswer {
        FrontAnswer::Ready(Some(response))
    }
}

impl Future for FrontAnswer {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            FrontAnswer::Ready(response) => {
                Poll::Ready(Ok(response.take().expect("an answer is polled once")))
            }
            FrontAnswer::Running(future) => future.as_mut().poll(cx).map(Ok),
        }
    }
}
