//! Catalog pages, rendered once per catalog version and served from memory, already
//! compressed, with a weak ETag (a 304 when the browser already has the page) and a short
//! max-age. The API's recent pages are kept too, for a minute (`recent`). Search results
//! (never kept: see `recent` for why) and feeds are rendered per request.

pub mod catalog;
pub mod kept_body;
pub mod recent;

use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Response as HttpResponse, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sqlx::SqlitePool;
use tower::Service;

use self::kept_body::{ClientAccepts, Effort, Encoding, KeptBody};
use self::recent::RecentPages;
use super::budget::{OverBudget, ResponseMemory};
use super::checked_links::CheckedLinks;
use super::clock::Clock;
use crate::db::per_catalog::{CatalogVersion, PerCatalog};
use crate::logged::Logged;

/// Pages are a few tens of kilobytes; one larger than this is an error (500), not kept.
const MAX_BUFFERED: usize = 2 * 1024 * 1024;
/// At most this many pages are kept: every catalog page fits many times over, and addresses
/// made up to fill memory cannot.
const MAX_PAGES: usize = 4096;

/// What is kept for one catalog version.
#[derive(Default)]
struct Pages {
    catalog: RwLock<HashMap<String, Kept>>,
    api: RwLock<RecentPages<Kept>>,
}

/// Which pages a page is kept among, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeping {
    /// A catalog page: until the catalog changes (or the day, or its link checks).
    Catalog,
    /// An API page: for a minute at most, among the last few hundred.
    Api,
}

/// The page cache's key for a page it keeps, put on the request by `front` when it did not
/// find the page kept. The `Layout` reads it too, so that the links a kept page shows carry
/// only the query the page reads.
#[derive(Clone)]
pub struct PageKey {
    pub address: String,
    pub keeping: Keeping,
}

/// A kept page, the day it was rendered and the link checks it shows. A resource page says
/// when an entry's last verification is more than a year old, which changes with the date,
/// not with an import: a page is kept for the day (UTC, by the state's `Clock`) it was
/// rendered on, and rendered again on the next. It also says when each of its links was last
/// checked, which changes when the link checker has run: a page is kept until the results
/// it was rendered with are replaced (`CheckedLinks::generation`).
struct Kept {
    page: Arc<KeptBody>,
    day: i64,
    /// The link checks' generation a resource page was rendered with; `None` for every
    /// other page, which shows no checks and is not rendered again when they change.
    links: Option<u64>,
}

/// Whether the page kept under `key` shows link checks: a resource's own page, in either
/// language (see `templates/resource.html`).
fn shows_link_checks(key: &str) -> bool {
    key.starts_with("/resources/") || key.starts_with("/es/resources/")
}

/// Rendered catalog pages and recent API pages, dropped whenever the catalog changes.
#[derive(Clone)]
pub struct PageCache {
    db: SqlitePool,
    pages: Arc<PerCatalog<Pages>>,
    /// Off, every page is rendered (and compressed and hashed) per request: for measuring
    /// what the cache saves.
    keep: bool,
    clock: Clock,
    links: CheckedLinks,
}

impl PageCache {
    pub fn new(db: SqlitePool, keep: bool, clock: Clock, links: CheckedLinks) -> Self {
        PageCache {
            db,
            pages: Arc::new(PerCatalog::default()),
            keep,
            clock,
            links,
        }
    }

    /// Whether pages are kept (off only for measuring).
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// The page for `key`, when it is kept and the catalog was checked within the last
    /// second. No await and no database: this is the path most visits take.
    pub fn fresh_page(&self, keeping: Keeping, key: &str) -> Option<Arc<KeptBody>> {
        self.find(&*self.pages.current()?, keeping, key)
    }

    /// The page for `key` if it is kept and the catalog was checked within the last minute:
    /// when the server is saturated, a page a few seconds old beats a refusal.
    pub fn recent_page(&self, keeping: Keeping, key: &str) -> Option<Arc<KeptBody>> {
        self.find(&*self.pages.recent()?, keeping, key)
    }

    fn find(&self, pages: &Pages, keeping: Keeping, key: &str) -> Option<Arc<KeptBody>> {
        match keeping {
            Keeping::Catalog => {
                self.current(pages.catalog.read().expect("page cache lock").get(key)?)
            }
            Keeping::Api => {
                let recent = pages.api.read().expect("recent pages lock");
                self.current(recent.find(key, Instant::now())?)
            }
        }
    }

    /// The kept page, unless the day or the link checks it shows have changed since.
    fn current(&self, kept: &Kept) -> Option<Arc<KeptBody>> {
        (kept.day == self.clock.day()
            && kept
                .links
                .is_none_or(|links| links == self.links.generation()))
        .then(|| kept.page.clone())
    }

    /// The page for `key`: from memory, or rendered by `inner`, then kept. A response that
    /// is not a page to keep (an error, a redirect) is passed on, compressed as asked. An API
    /// page sent from memory holds its size from `memory` while it is sent (`answer`).
    pub async fn render_and_keep<S, B>(
        &self,
        PageKey {
            address: key,
            keeping,
        }: PageKey,
        mut request: Request,
        inner: &mut S,
        memory: &ResponseMemory,
    ) -> Response
    where
        S: Service<Request, Response = HttpResponse<B>, Error = Infallible>,
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let accepts = ClientAccepts::of(request.headers());
        let pages = match self
            .pages
            .get_with_version(&self.db, || async { Ok(Pages::default()) })
            .await
        {
            Ok(pages) => Some(pages),
            Err(error) => {
                tracing::warn!(error = %Logged(&error), "could not check the catalog version; rendering");
                None
            }
        };
        if let Some(page) = (pages.as_ref()).and_then(|(pages, _)| self.find(pages, keeping, &key))
        {
            return answer(keeping, &page, &accepts, memory);
        }
        // Read before rendering: should new link checks arrive while the page renders, the
        // page is kept as older than them, and rendered again.
        let links = self.links.generation();
        // The page is compressed here, once per encoding; the handler renders it plain.
        request.headers_mut().remove(header::ACCEPT_ENCODING);
        let response = call(inner, request).await;
        let keep_as = keep_as(
            keeping,
            &response,
            pages.as_ref().map(|(_, version)| version),
        );
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BUFFERED).await else {
            tracing::error!("a page was larger than {MAX_BUFFERED} bytes");
            return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
        };
        let Some(keep_as) = keep_as else {
            // Not a page to keep (the 404 for a mistyped address, say), but still sent as
            // compressed as the browser asked: quickly, as every such request pays for it,
            // and on the blocking pool, off the threads that answer kept pages.
            let encoding = accepts.encoding();
            let plain = bytes.clone();
            let compressed = tokio::task::spawn_blocking(move || {
                kept_body::compress(&plain, encoding, Effort::PerRequest)
            })
            .await
            .ok()
            .flatten();
            let bytes = match compressed {
                Some(compressed) => {
                    let encoding = encoding.header();
                    parts.headers.insert(header::CONTENT_ENCODING, encoding);
                    parts.headers.remove(header::CONTENT_LENGTH);
                    compressed
                }
                None => bytes,
            };
            parts
                .headers
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return Response::from_parts(parts, Body::from(bytes));
        };
        // A copy, not the bytes the handler made: those carry this response's share of the
        // response budget (see `budget`), which a page kept beyond this request must not hold.
        let bytes = Bytes::copy_from_slice(&bytes);
        let size = bytes.len();
        let page = Arc::new(match &keep_as {
            KeepAs::Catalog => {
                KeptBody::new(bytes, "text/html; charset=utf-8", catalog::CACHE_CONTROL)
            }
            KeepAs::Api {
                content_type,
                cache_control,
            } => KeptBody::for_a_while(bytes, content_type.clone(), cache_control.clone()),
        });
        let encoding = accepts.encoding();
        if encoding != Encoding::Identity {
            // Compressing takes milliseconds: do it here, inside this request's time limit
            // and off the threads that answer kept pages, not in the next request for it.
            let prepared = page.clone();
            let _ = tokio::task::spawn_blocking(move || prepared.prepare(encoding)).await;
        }
        if let Some((pages, _)) = pages.filter(|_| self.keep) {
            let kept = Kept {
                page: page.clone(),
                day: self.clock.day(),
                links: shows_link_checks(&key).then_some(links),
            };
            match keep_as {
                KeepAs::Catalog => {
                    let mut pages = pages.catalog.write().expect("page cache lock");
                    if pages.len() < MAX_PAGES || pages.contains_key(&key) {
                        pages.insert(key, kept);
                    }
                }
                KeepAs::Api { .. } => {
                    let mut recent = pages.api.write().expect("recent pages lock");
                    recent.keep(key, kept, size, Instant::now());
                }
            }
        }
        answer(keeping, &page, &accepts, memory)
    }
}

/// How a page just made is kept, if it is.
enum KeepAs {
    /// A catalog page: until the catalog changes (or the day, or its link checks).
    Catalog,
    /// An API page: for a minute, sent again with the headers it was made with.
    Api {
        content_type: HeaderValue,
        cache_control: HeaderValue,
    },
}

/// Whether `response` is a page to keep as `keeping` asks, and how. `pages_version` is the
/// catalog version of the pages it would join (`None` when it could not be checked).
fn keep_as(
    keeping: Keeping,
    response: &Response,
    pages_version: Option<&CatalogVersion>,
) -> Option<KeepAs> {
    let headers = response.headers();
    let has_type = |expected: &str| {
        (headers.get(header::CONTENT_TYPE))
            .is_some_and(|v| v.as_bytes().starts_with(expected.as_bytes()))
    };
    if response.status() != StatusCode::OK {
        return None;
    }
    match keeping {
        Keeping::Catalog => has_type("text/html").then_some(KeepAs::Catalog),
        Keeping::Api => {
            // Made from the API's records, which are checked against the catalog on their own
            // schedule: kept only when built for the catalog these pages are for, or a page of
            // the catalog an import has just replaced could be kept as the new one's. An
            // answer that says no version (one ordered by the site's search) is not kept.
            let made_for = response.extensions().get::<CatalogVersion>();
            if !has_type("application/json") || made_for.is_none() || made_for != pages_version {
                return None;
            }
            Some(KeepAs::Api {
                content_type: headers.get(header::CONTENT_TYPE)?.clone(),
                cache_control: headers.get(header::CACHE_CONTROL)?.clone(),
            })
        }
    }
}

/// A kept page, as the browser asks for it. A catalog page is shared by every request for as
/// long as its catalog lasts, and holds no share of the response budget; an API page, kept a
/// minute, holds its size while it is sent, as the response it stands for did: once dropped
/// from the cache, its bytes are a stalled client's alone. A 503 when the budget is spent.
pub fn answer(
    keeping: Keeping,
    page: &KeptBody,
    accepts: &ClientAccepts,
    memory: &ResponseMemory,
) -> Response {
    let response = page.respond(accepts);
    match keeping {
        Keeping::Catalog => response,
        Keeping::Api => memory
            .hold(response)
            .unwrap_or_else(|OverBudget| OverBudget::response()),
    }
}

/// Renders a page to keep (a request carrying a [`PageKey`]) through the page cache; passes
/// every other request on. It sits inside the time limit, since checking the catalog's
/// version can wait for a database connection.
#[derive(Clone)]
pub struct KeepPages<S> {
    pages: PageCache,
    /// What an API page sent from memory holds while it is sent (see `answer`).
    memory: ResponseMemory,
    inner: S,
}

impl<S> KeepPages<S> {
    pub fn new(inner: S, pages: PageCache, memory: ResponseMemory) -> Self {
        KeepPages {
            pages,
            memory,
            inner,
        }
    }
}

impl<S, B> Service<Request> for KeepPages<S>
where
    S: Service<Request, Response = HttpResponse<B>, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The inner service is made ready when it is called (by `call`), on its own clone.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let pages = self.pages.clone();
        let memory = self.memory.clone();
        let mut inner = self.inner.clone();
        Box::pin(async move {
            // The key stays on the request: the page's `Layout` reads it, so that the
            // links a kept page shows carry only the query the page reads.
            Ok(match request.extensions().get::<PageKey>().cloned() {
                Some(key) => (pages.render_and_keep(key, request, &mut inner, &memory)).await,
                None => call(&mut inner, request).await,
            })
        })
    }
}

/// Calls `inner` once, made ready first as tower asks, with its body made axum's so the page
/// cache can read it.
pub async fn call<S, B>(inner: &mut S, request: Request) -> Response
where
    S: Service<Request, Response = HttpResponse<B>, Error = Infallible>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let Ok(()) = std::future::poll_fn(|cx| inner.poll_ready(cx)).await;
    let Ok(response) = inner.call(request).await;
    response.map(Body::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_page() -> Arc<KeptBody> {
        Arc::new(KeptBody::new(
            Bytes::from_static(b"<!doctype html>"),
            "text/html; charset=utf-8",
            catalog::CACHE_CONTROL,
        ))
    }

    fn a_cache(clock: &Clock, links: &CheckedLinks) -> PageCache {
        let db = sqlx::sqlite::SqlitePoolOptions::new()
            .connect_lazy("sqlite::memory:")
            .unwrap();
        PageCache::new(db, true, clock.clone(), links.clone())
    }

    #[tokio::test]
    async fn a_page_kept_yesterday_is_rendered_again_today() {
        let page = a_page();
        let clock = Clock::set_to("2026-11-28".parse().unwrap());
        let cache = a_cache(&clock, &CheckedLinks::default());
        let pages = Pages::default();
        let keep = |day| {
            pages.catalog.write().unwrap().insert(
                "/resources/x".to_owned(),
                Kept {
                    page: page.clone(),
                    day,
                    links: Some(0),
                },
            );
        };
        keep(clock.day());
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/resources/x")
                .is_some()
        );
        clock.advance(1);
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/resources/x")
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_page_kept_before_new_link_checks_is_rendered_again() {
        use crate::feedback::link_checks::{LinkCheck, Outcome};
        use crate::feedback::{FeedbackStore, UtcTime};

        let folder = tempfile::tempdir().unwrap();
        let store = FeedbackStore::open_file(&folder.path().join("feedback.db"))
            .await
            .unwrap();
        let clock = Clock::set_to("2026-11-28".parse().unwrap());
        let links = CheckedLinks::default();
        let cache = a_cache(&clock, &links);
        links.refresh(&store).await.unwrap();
        let pages = Pages::default();
        for key in ["/resources/x", "/es/resources/x", "/help", "/es/states/ny"] {
            pages.catalog.write().unwrap().insert(
                key.to_owned(),
                Kept {
                    page: a_page(),
                    day: clock.day(),
                    links: shows_link_checks(key).then_some(links.generation()),
                },
            );
        }
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/resources/x")
                .is_some()
        );
        // Nothing new in the store: the page stays kept.
        assert!(!links.refresh(&store).await.unwrap());
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/resources/x")
                .is_some()
        );
        store
            .record_link_check(&LinkCheck {
                url: "http://127.0.0.1:9/gone".to_owned(),
                checked_at: UtcTime::now(),
                status: Some(404),
                final_url: Some("http://127.0.0.1:9/gone".to_owned()),
                outcome: Outcome::Broken,
                error: Some("404 Not Found".to_owned()),
                elapsed: std::time::Duration::from_millis(12),
            })
            .await
            .unwrap();
        assert!(links.refresh(&store).await.unwrap());
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/resources/x")
                .is_none()
        );
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/es/resources/x")
                .is_none()
        );
        // Pages that show no link checks stay kept.
        assert!(cache.find(&pages, Keeping::Catalog, "/help").is_some());
        assert!(
            cache
                .find(&pages, Keeping::Catalog, "/es/states/ny")
                .is_some()
        );
        // One failure is not yet a reason to tell the public.
        assert_eq!(links.current().of("http://127.0.0.1:9/gone"), None);
    }
    /// An API page made from records of another catalog than the one the page cache has just
    /// checked (an import landed between the two checks) is sent, not kept: kept, the old
    /// catalog's records would be served for a minute after the import.
    #[tokio::test]
    async fn an_api_page_is_kept_only_among_pages_of_its_own_catalog() {
        use crate::db::per_catalog::catalog_version;
        use crate::db::per_catalog::testing::catalog_at;
        use std::sync::atomic::{AtomicUsize, Ordering};

        let db = catalog_at("2").await;
        let cache = PageCache::new(db, true, Clock::default(), CheckedLinks::default());
        for (made_for_version, renders_expected) in [("1", 2), ("2", 1)] {
            let made_for = (catalog_version(&catalog_at(made_for_version).await).await).unwrap();
            let renders = Arc::new(AtomicUsize::new(0));
            let counted = renders.clone();
            let mut handler = tower::service_fn(move |_request: Request| {
                counted.fetch_add(1, Ordering::Relaxed);
                let mut page = Response::new(Body::from("{}"));
                let headers = page.headers_mut();
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                headers.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=60"),
                );
                page.extensions_mut().insert(made_for.clone());
                std::future::ready(Ok::<_, Infallible>(page))
            });
            let key = PageKey {
                address: format!("/hsds/services?made-for={made_for_version}"),
                keeping: Keeping::Api,
            };
            for _ in 0..2 {
                let request = Request::get(&key.address).body(Body::empty()).unwrap();
                let memory = ResponseMemory::new(1 << 20);
                let page = cache
                    .render_and_keep(key.clone(), request, &mut handler, &memory)
                    .await;
                assert_eq!(page.headers()[header::CACHE_CONTROL], "public, max-age=60");
            }
            assert_eq!(
                renders.load(Ordering::Relaxed),
                renders_expected,
                "{made_for_version}"
            );
        }
    }
}
