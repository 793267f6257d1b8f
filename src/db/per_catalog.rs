//! Values derived from the catalog and kept in memory until the catalog changes.
//!
//! The site only reads; the catalog changes when `lantern import` (or a restart with edited
//! seeds) rewrites it. Rather than asking the database on every request whether that
//! happened, a `PerCatalog` asks at most once a second and rebuilds its value when the answer
//! (the catalog version each import writes) differs.

use std::sync::Arc;
use std::time::{Duration, Instant};

use std::sync::RwLock;

use sqlx::SqlitePool;

/// How stale a check may be. An import becomes visible within this long.
const RECHECK: Duration = Duration::from_secs(1);
/// The most a value may lag when the database is not asked at all (see `recent`).
const RECENT: Duration = Duration::from_secs(60);

struct Loaded<T> {
    version: Option<String>,
    checked: Instant,
    value: Arc<T>,
}

/// The slot is read on every request, so it is a plain (non-async) lock held for a few
/// instructions; the database is asked without holding it. Two requests that notice a new
/// import at the same moment may both rebuild: harmless, the value is the same.
pub struct PerCatalog<T> {
    slot: RwLock<Option<Loaded<T>>>,
}

impl<T> Default for PerCatalog<T> {
    fn default() -> Self {
        PerCatalog {
            slot: RwLock::new(None),
        }
    }
}

/// Identifies the catalog's current contents: set anew by every import.
pub async fn catalog_version(pool: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select value from metadata where key = 'catalog_version'")
        .fetch_optional(pool)
        .await
}

impl<T> PerCatalog<T> {
    /// The value for the current catalog, built with `load` when there is none yet or the
    /// catalog has changed since it was built.
    pub async fn get<F, Fut>(&self, pool: &SqlitePool, load: F) -> Result<Arc<T>, sqlx::Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, sqlx::Error>>,
    {
        if let Some(value) = self.current() {
            return Ok(value);
        }
        let version = self
            .slot
            .read()
            .expect("catalog slot lock")
            .as_ref()
            .map(|loaded| loaded.version.clone());
        let current = catalog_version(pool).await?;
        if let Some(known) = version
            && known == current
        {
            let mut slot = self.slot.write().expect("catalog slot lock");
            if let Some(loaded) = slot.as_mut() {
                loaded.checked = Instant::now();
                return Ok(loaded.value.clone());
            }
        }
        let value = Arc::new(load().await?);
        *self.slot.write().expect("catalog slot lock") = Some(Loaded {
            version: current,
            checked: Instant::now(),
            value: value.clone(),
        });
        Ok(value)
    }

    /// The value, if it was checked against the catalog within the last second: no await,
    /// no database. `None` means ask `get`.
    pub fn current(&self) -> Option<Arc<T>> {
        self.loaded(RECHECK)
    }

    /// The value, if it was checked within the last minute: for when asking the database is
    /// the thing to avoid (a saturated server). Never older, so a corrected entry is not
    /// hidden for as long as a flood lasts.
    pub fn recent(&self) -> Option<Arc<T>> {
        self.loaded(RECENT)
    }

    fn loaded(&self, max_age: Duration) -> Option<Arc<T>> {
        let slot = self.slot.read().expect("catalog slot lock");
        slot.as_ref()
            .filter(|loaded| loaded.checked.elapsed() < max_age)
            .map(|loaded| loaded.value.clone())
    }
}
