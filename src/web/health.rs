//! `/healthz`: the liveness check, for load balancers and uptime checks. 200 while the process
//! can serve, 503 only when the catalog database cannot be read. (`/readyz`, in `ready`, says
//! whether this instance should be sent traffic.)
//!
//! A load balancer takes an instance out of service when its health check fails, so the check
//! must not fail just because the instance is busy: it takes no in-flight slot (`front` lets
//! it through) and no connection from the pool the pages use. It has a connection of its own,
//! and a burst of checks shares one answer per second.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::get;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection, SqlitePool};
use tokio::sync::Mutex;

use crate::logged::Logged;

const PATH: &str = "/healthz";
/// The readiness check's address (`ready`), here so the caps on work can let it through.
pub const READY_PATH: &str = "/readyz";

/// Whether the feedback store answers, for `/readyz`: one answer stands for a second, so a
/// burst of probes costs the store one query, and a store that does not answer within
/// [`ANSWER_WITHIN`] counts as down.
#[derive(Default)]
pub struct StoreCheck {
    last: Mutex<Option<(Instant, bool)>>,
}

impl StoreCheck {
    pub async fn answers(&self, store: &crate::feedback::FeedbackStore) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, answers)) = *last
            && at.elapsed() < FRESH_FOR
        {
            return answers;
        }
        let answers = match tokio::time::timeout(ANSWER_WITHIN, store.ping()).await {
            Ok(Ok(())) => true,
            Ok(Err(error)) => {
                tracing::warn!(error = %Logged(&error), "readiness: the feedback store does not answer");
                false
            }
            Err(_) => {
                tracing::warn!(
                    "readiness: the feedback store did not answer within {ANSWER_WITHIN:?}"
                );
                false
            }
        };
        *last = Some((Instant::now(), answers));
        answers
    }
}

/// Set once, when the server is asked to stop: from then on `/readyz` says the instance is
/// not ready, while it keeps serving for the drain period.
#[derive(Clone, Default)]
pub struct Draining(Arc<AtomicBool>);

impl Draining {
    pub fn start(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether `request` is the health or the readiness check, which no cap on work may hold up:
/// `front` lets them past the in-flight cap and `budget` past the response budget.
pub fn is_check(request: &axum::extract::Request) -> bool {
    request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .is_some_and(|route| [PATH, READY_PATH].contains(&route.as_str()))
}

/// How long one answer stands for every check that follows it.
const FRESH_FOR: Duration = Duration::from_secs(1);

/// Longer than this, and the database is as good as unreadable.
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// The tables pages read. A database without them is not a catalog, whatever `select 1` says.
const CATALOG_TABLES: [&str; 8] = [
    "sources",
    "states",
    "kinds",
    "organizations",
    "resources",
    "phones",
    "links",
    "metadata",
];

/// Generic over the state, which only has to hand out the check: the state holds a `Health`,
/// so this module naming the state would make each import the other.
pub fn router<S>() -> Router<S>
where
    Arc<Health>: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    Router::new().route(PATH, get(healthz))
}

async fn healthz(State(health): State<Arc<Health>>) -> (StatusCode, &'static str) {
    if health.check().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// The health check's own connection and its last answer.
pub struct Health {
    options: Arc<SqliteConnectOptions>,
    last: Mutex<Last>,
}

#[derive(Default)]
struct Last {
    connection: Option<SqliteConnection>,
    answer: Option<(Instant, bool)>,
}

impl Health {
    /// A check of the database `pool` reads, on a connection opened the same way.
    pub fn new(pool: &SqlitePool) -> Self {
        Health {
            options: pool.connect_options(),
            last: Mutex::new(Last::default()),
        }
    }

    /// Whether the catalog can be read: answered from the last second's check when there is
    /// one, otherwise checked now.
    pub async fn check(&self) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, healthy)) = last.answer
            && at.elapsed() < FRESH_FOR
        {
            return healthy;
        }
        let read = tokio::time::timeout(ANSWER_WITHIN, self.read_catalog(&mut last.connection));
        let read = read
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {ANSWER_WITHIN:?}")));
        let healthy = match read {
            Ok(()) => true,
            Err(error) => {
                // At most once a second, however many checks come in.
                tracing::error!(error = %Logged(&error), "health check: the catalog cannot be read");
                // Open a new connection next time: this one may be what is broken.
                last.connection = None;
                false
            }
        };
        last.answer = Some((Instant::now(), healthy));
        healthy
    }

    async fn read_catalog(&self, connection: &mut Option<SqliteConnection>) -> Result<(), String> {
        if connection.is_none() {
            *connection = Some(self.options.connect().await.map_err(|e| e.to_string())?);
        }
        let connection = connection.as_mut().expect("connected above");
        let names = CATALOG_TABLES.map(|name| format!("'{name}'")).join(", ");
        // The names are this module's constants, never input.
        let present: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "select count(*) from sqlite_schema where type = 'table' and name in ({names})"
        )))
        .fetch_one(&mut *connection)
        .await
        .map_err(|e| e.to_string())?;
        if present != CATALOG_TABLES.len() as i64 {
            return Err(format!(
                "{} of the {} catalog tables are missing",
                CATALOG_TABLES.len() as i64 - present,
                CATALOG_TABLES.len()
            ));
        }
        // Read a page of the data itself, not only the schema.
        sqlx::query("select slug from resources limit 1")
            .fetch_optional(&mut *connection)
            .await
            .map_err(|e| e.to_string())?;
        connection.ping().await.map_err(|e| e.to_string())
    }
}
