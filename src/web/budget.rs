//! A cap on the memory held by responses made per request (search pages, the API, feeds)
//! while they are being sent.
//!
//! A response's bytes live until the client has taken them. A client that asks for a large
//! API page and reads it slowly (or not at all, until the write timeout drops it) holds those
//! bytes, and a few thousand such clients would hold gigabytes. Every response made per
//! request therefore reserves its size from one shared budget before it is sent, and gives it
//! back when its body is dropped, sent or not. A response that does not fit is refused (503,
//! come back in a moment). Catalog pages kept in memory are shared by every request for as long
//! as the catalog lasts, and never count; an API page kept a minute counts like the response
//! it stands for (`ResponseMemory::hold`), since once dropped from the cache its bytes are a
//! stalled client's alone.
//!
//! The reservation travels with the bytes (see [`Held`]), so anything that keeps a response's
//! bytes beyond sending them must keep a copy: the page cache does.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{Response as HttpResponse, StatusCode};
use axum::response::Response;
use hyper::body::{Frame, SizeHint};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower::Service;

/// Bytes the responses being sent may hold together, unless told otherwise: with about 10 KB
/// per open connection, this keeps a server at its connection cap within 256 MB.
pub const DEFAULT_RESPONSE_MEMORY: usize = 64 * 1024 * 1024;

/// A request is refused before it runs when less than this fraction of the budget is left.
const HEADROOM_FRACTION: usize = 32;

/// The budget is counted in KiB: a semaphore's permits are a `u32`.
const UNIT: usize = 1024;

/// The shared budget.
#[derive(Clone)]
pub struct ResponseMemory {
    free: Arc<Semaphore>,
    total_units: usize,
}

/// Marks a response refused for want of memory, for `front` to answer as a busy server.
#[derive(Clone, Copy)]
pub struct OverBudget;

impl ResponseMemory {
    pub fn new(bytes: usize) -> Self {
        let total_units = bytes.div_ceil(UNIT);
        ResponseMemory {
            free: Arc::new(Semaphore::new(total_units)),
            total_units,
        }
    }

    /// Bytes reserved by responses not yet sent (rounded up to KiB per response).
    pub fn in_use(&self) -> usize {
        (self.total_units - self.free.available_permits()) * UNIT
    }

    /// Whether what is left is too little for any but the smallest response: then a request
    /// is refused before its response is built.
    fn nearly_spent(&self) -> bool {
        self.free.available_permits() < self.total_units / HEADROOM_FRACTION
    }

    /// `response` holding its size from the budget until its bytes are sent, as a response
    /// made per request does: for a page kept for a while and then dropped (an API page), whose
    /// bytes a stalled client would otherwise hold outside any budget. `Err` when it does not
    /// fit.
    pub fn hold(&self, response: Response) -> Result<Response, OverBudget> {
        let size = response.body().size_hint();
        let permit = self
            .reserve(size.upper().unwrap_or(size.lower()))
            .ok_or(OverBudget)?;
        Ok(response.map(|body| {
            Body::new(Held {
                body,
                permit: Arc::new(permit),
            })
        }))
    }

    fn reserve(&self, bytes: u64) -> Option<OwnedSemaphorePermit> {
        let units = u32::try_from(usize::try_from(bytes).ok()?.div_ceil(UNIT).max(1)).ok()?;
        self.free.clone().try_acquire_many_owned(units).ok()
    }
}

/// The service between the compressor and the handler: reserves each response's size.
#[derive(Clone)]
pub struct Budgeted<S> {
    inner: S,
    memory: ResponseMemory,
}

impl<S> Budgeted<S> {
    pub fn new(inner: S, memory: ResponseMemory) -> Self {
        Budgeted { inner, memory }
    }
}

impl<S, B> Service<Request> for Budgeted<S>
where
    S: Service<Request, Response = HttpResponse<B>, Error = Infallible> + Send + 'static,
    S::Future: Send,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let memory = self.memory.clone();
        if super::health::is_check(&request) {
            // A few bytes, and the one answer a load balancer must always get.
            let answer = self.inner.call(request);
            return Box::pin(async move {
                let Ok(response) = answer.await;
                Ok(response.map(Body::new))
            });
        }
        if memory.nearly_spent() {
            // Building a response that would be refused anyway is work a flood makes for
            // nothing, and it is what kept the health check waiting in the measurements.
            return Box::pin(async { Ok(over_budget()) });
        }
        let answer = self.inner.call(request);
        Box::pin(async move {
            let Ok(response) = answer.await;
            // Handlers answer with whole bodies, so the size is exact; a stream (none today)
            // reserves what it says it holds at least.
            let size = response.body().size_hint();
            let bytes = size.upper().unwrap_or(size.lower());
            Ok(match memory.reserve(bytes) {
                Some(permit) => response.map(|body| {
                    Body::new(Held {
                        body: Body::new(body),
                        permit: Arc::new(permit),
                    })
                }),
                None => over_budget(),
            })
        })
    }
}

fn over_budget() -> Response {
    OverBudget::response()
}

impl OverBudget {
    /// The refusal a response that does not fit is replaced with, marked for `front`.
    pub fn response() -> Response {
        let mut refused = Response::new(Body::empty());
        *refused.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        refused.extensions_mut().insert(OverBudget);
        refused
    }
}

/// A body whose bytes hold its reservation until the last of them is dropped.
///
/// The body itself is not enough: hyper takes a whole body's bytes into its write queue and
/// drops the body at once, so the bytes a stalled client has not taken outlive it. Each frame's
/// bytes therefore carry the reservation, and give it back only when hyper has written them
/// (or dropped the connection).
struct Held {
    body: Body,
    permit: Arc<OwnedSemaphorePermit>,
}

/// Bytes that keep a reservation alive.
struct Reserved {
    bytes: Bytes,
    _permit: Arc<OwnedSemaphorePermit>,
}

impl AsRef<[u8]> for Reserved {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl HttpBody for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        Pin::new(&mut this.body).poll_frame(cx).map(|frame| {
            frame.map(|frame| {
                frame.map(|frame| {
                    frame.map_data(|bytes| {
                        Bytes::from_owner(Reserved {
                            bytes,
                            _permit: this.permit.clone(),
                        })
                    })
                })
            })
        })
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::ResponseMemory;

    #[test]
    fn reservations_are_given_back_when_dropped() {
        let memory = ResponseMemory::new(64 * 1024);
        let first = memory.reserve(60 * 1024).expect("fits");
        assert_eq!(memory.in_use(), 60 * 1024);
        assert!(memory.reserve(5 * 1024).is_none(), "over the budget");
        let small = memory.reserve(1).expect("an empty or tiny body still fits");
        assert_eq!(memory.in_use(), 61 * 1024);
        assert!(!memory.nearly_spent());
        let rest = memory.reserve(2 * 1024).expect("fits");
        assert!(memory.nearly_spent(), "1 KiB left: refuse before building");
        drop((first, small, rest));
        assert_eq!(memory.in_use(), 0);
        assert!(!memory.nearly_spent());
    }
}
