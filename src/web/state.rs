//! `AppState`: everything a handler may need, built once by `serve` (or a test) and shared by
//! every request.

use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::SqlitePool;

use super::checked_links::CheckedLinks;
use super::clock::Clock;
use super::forms::limits::{FormLimits, FormSettings};
use super::hsds::records::ApiRecords;
use super::{budget, cache, guard, health};
use crate::feedback::FeedbackStore;
use crate::search::Searcher;

/// Everything a handler may need. Cloned for every request (axum clones a route's service,
/// state included, per call), so it is one `Arc`: one reference count to bump, not one per
/// field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Clone)]
pub struct Shared {
    /// Read-only connections: nothing a visitor does can write.
    pub db: SqlitePool,
    pub search: Arc<Searcher>,
    pub pages: cache::PageCache,
    /// Today's date for what pages say about it (and how long kept pages last).
    pub clock: Clock,
    /// What the link checker last found, for the pages that show it (and how long kept pages
    /// last). Kept up to date by `serve` (`CheckedLinks::watch`).
    pub checked_links: CheckedLinks,
    /// The HSDS API's records, built once per catalog version.
    pub(super) hsds: ApiRecords,
    pub(super) in_flight: guard::InFlight,
    /// What responses being sent may hold together (see `budget`).
    pub response_memory: budget::ResponseMemory,
    /// Busy refusals, logged once a second.
    pub(super) refusals: Arc<guard::Refusals>,
    /// `/healthz`, with a database connection of its own.
    pub(super) health: Arc<health::Health>,
    /// Send Strict-Transport-Security: only when the operator says TLS is in front.
    pub behind_tls: bool,
    /// The site's public address, for the sitemap and feed ("https://example.org").
    pub public_url: Option<String>,
    /// Where the forms' submissions go. `serve` always has one; without it (tests that need
    /// none) the forms answer 503 and every other page works.
    pub feedback: Option<FeedbackStore>,
    /// Set when the server is asked to stop: `/readyz` answers 503 from then on.
    pub draining: health::Draining,
    /// `/readyz`'s last look at the feedback store.
    pub(super) store_check: Arc<health::StoreCheck>,
    /// Days closed feedback is kept: the about page's privacy section says so.
    pub feedback_retention_days: u32,
    /// How many forms are taken, from whom (see `forms::limits`).
    pub forms: FormLimits,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for SqlitePool {
    fn from_ref(state: &AppState) -> SqlitePool {
        state.db.clone()
    }
}

impl FromRef<AppState> for Clock {
    fn from_ref(state: &AppState) -> Clock {
        state.clock.clone()
    }
}

impl FromRef<AppState> for CheckedLinks {
    fn from_ref(state: &AppState) -> CheckedLinks {
        state.checked_links.clone()
    }
}

impl FromRef<AppState> for Arc<health::Health> {
    fn from_ref(state: &AppState) -> Arc<health::Health> {
        state.health.clone()
    }
}

impl FromRef<AppState> for Arc<Searcher> {
    fn from_ref(state: &AppState) -> Arc<Searcher> {
        state.search.clone()
    }
}

impl AppState {
    /// The state for serving the database behind `db` (a read-only pool).
    pub fn new(db: SqlitePool) -> Self {
        let checked_links = CheckedLinks::default();
        AppState(Arc::new(Shared {
            search: Arc::new(Searcher::new(db.clone())),
            pages: cache::PageCache::new(db.clone(), true, Clock::System, checked_links.clone()),
            clock: Clock::System,
            checked_links,
            in_flight: guard::InFlight::new(crate::config::DEFAULT_MAX_IN_FLIGHT),
            response_memory: budget::ResponseMemory::new(budget::DEFAULT_RESPONSE_MEMORY),
            refusals: Arc::default(),
            health: Arc::new(health::Health::new(&db)),
            hsds: ApiRecords::default(),
            behind_tls: false,
            public_url: None,
            feedback: None,
            draining: health::Draining::default(),
            store_check: Arc::default(),
            feedback_retention_days: crate::config::DEFAULT_FEEDBACK_RETENTION_DAYS,
            forms: FormLimits::new(FormSettings::default()),
            db,
        }))
    }

    /// Builds what is kept per catalog (the search data in both languages, the HSDS API's
    /// records) now, so that no visitor waits for it: `serve` calls this before it listens.
    /// The records and each language's search data are built at once, each on the blocking
    /// pool (the two languages after one shared reading of the catalog): on a large catalog
    /// each is seconds of one core's work, and `serve` is ready when the longest is done
    /// rather than all three.
    pub async fn build_per_catalog(&self) -> Result<(), sqlx::Error> {
        tokio::try_join!(
            self.search.data_in(crate::lang::Lang::En),
            self.hsds.get(&self.db),
        )?;
        Ok(())
    }

    /// How many times the HSDS API's records were built (once per catalog version).
    pub fn hsds_builds(&self) -> u64 {
        self.hsds.builds()
    }

    /// Say whether HTTPS is in front (Strict-Transport-Security is sent only then).
    pub fn behind_tls(mut self, behind_tls: bool) -> Self {
        Arc::make_mut(&mut self.0).behind_tls = behind_tls;
        self
    }

    /// The site's public address for absolute links ("https://example.org").
    pub fn public_url(mut self, url: Option<String>) -> Self {
        Arc::make_mut(&mut self.0).public_url = url;
        self
    }

    /// Where the forms' submissions go (and the form secret comes from).
    pub fn feedback(mut self, store: FeedbackStore) -> Self {
        Arc::make_mut(&mut self.0).feedback = Some(store);
        self
    }

    /// How many days closed feedback is kept (`serve` deletes it after that; the about page
    /// says so).
    pub fn feedback_retention_days(mut self, days: u32) -> Self {
        Arc::make_mut(&mut self.0).feedback_retention_days = days;
        self
    }

    /// How many forms one client and everyone may send in an hour, and how soon after
    /// rendering a form may come back.
    pub fn form_settings(mut self, settings: FormSettings) -> Self {
        Arc::make_mut(&mut self.0).forms = FormLimits::new(settings);
        self
    }

    /// How many requests may run at once (pages kept in memory are answered regardless).
    pub fn max_in_flight(mut self, limit: usize) -> Self {
        Arc::make_mut(&mut self.0).in_flight = guard::InFlight::new(limit);
        self
    }

    /// How many bytes the responses being sent may hold together.
    pub fn response_memory(mut self, bytes: usize) -> Self {
        Arc::make_mut(&mut self.0).response_memory = budget::ResponseMemory::new(bytes);
        self
    }

    /// Render every page on every request (for measuring what the page cache saves).
    pub fn without_page_cache(mut self) -> Self {
        let shared = Arc::make_mut(&mut self.0);
        shared.pages = cache::PageCache::new(
            shared.db.clone(),
            false,
            shared.clock.clone(),
            shared.checked_links.clone(),
        );
        self
    }

    /// Take today's date from `clock` (tests set one; the system clock is the default). Call
    /// it before the first request: kept pages are dropped with the cache it replaces.
    pub fn clock(mut self, clock: Clock) -> Self {
        let shared = Arc::make_mut(&mut self.0);
        shared.pages = cache::PageCache::new(
            shared.db.clone(),
            shared.pages.keeps(),
            clock.clone(),
            shared.checked_links.clone(),
        );
        shared.clock = clock;
        self
    }
}
