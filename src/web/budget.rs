//! A cap on the memory held by responses made per request (search pages, the API, feeds)
//! while they are being sent.
//!
//! A response's bytes live until the client has taken them. A client that asks for a large
//! API page and reads it slowly (or not at all, until the write timeout drops it) holds those
//! bytes, and a few thousand such clients would hold gigabytes. Every response made per
//! request therefore reserves its size from one shared budget before it is sent, and gives it
//! back when its body is dropped, sent or not. A response that does not fit is refused (503,
//! come back in a moment); pages kept in memory are shared by every request and never count.

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

/// Bytes the responses being sent may hold together, unless told otherwise: with about 20 KB
/// per open connection, this keeps a server at its connection cap within 256 MB.
pub const DEFAULT_RESPONSE_MEMORY: usize = 64 * 1024 * 1024;

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
        let answer = self.inner.call(request);
        let memory = self.memory.clone();
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
                        _permit: permit,
                    })
                }),
                None => {
                    let mut refused = Response::new(Body::empty());
                    *refused.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
                    refused.extensions_mut().insert(OverBudget);
                    refused
                }
            })
        })
    }
}

/// A body that holds its reservation until it is dropped.
struct Held {
    body: Body,
    _permit: OwnedSemaphorePermit,
}

impl HttpBody for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
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
        let memory = ResponseMemory::new(10 * 1024);
        let first = memory.reserve(6 * 1024).expect("fits");
        assert_eq!(memory.in_use(), 6 * 1024);
        assert!(memory.reserve(5 * 1024).is_none(), "over the budget");
        let small = memory.reserve(1).expect("an empty or tiny body still fits");
        assert_eq!(memory.in_use(), 7 * 1024);
        drop((first, small));
        assert_eq!(memory.in_use(), 0);
    }
}
