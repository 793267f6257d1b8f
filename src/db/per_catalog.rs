//! Values derived from the catalog and kept in memory until the catalog changes.
//!
//! The site only reads; the catalog changes when `lantern import` (or a restart with edited
//! seeds) rewrites it. Rather than asking the database on every request whether that
//! happened, a `PerCatalog` asks at most once a second and rebuilds its value when the answer
//! (the catalog version each import writes) differs.

use std::sync::Arc;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::SqlitePool;

/// How stale a check may be. An import becomes visible within this long.
const RECHECK: Duration = Duration::from_secs(1);
/// The most a value may lag when the database is not asked at all (see `recent`).
const RECENT: Duration = Duration::from_secs(60);

struct Loaded<T> {
    version: CatalogVersion,
    checked: Instant,
    value: Arc<T>,
}

/// The slot is read on every request, so it is a plain (non-async) lock held for a few
/// instructions; the database is asked without holding it. A build can take seconds on a
/// large catalog, so it is single-flight: requests that notice a new import together wait
/// for one build (`building`) instead of each making their own.
pub struct PerCatalog<T> {
    slot: RwLock<Option<Loaded<T>>>,
    /// Held for the whole of a build; an async lock, so waiting requests hold no thread.
    building: tokio::sync::Mutex<()>,
    builds: AtomicU64,
}

impl<T> Default for PerCatalog<T> {
    fn default() -> Self {
        PerCatalog {
            slot: RwLock::new(None),
            building: tokio::sync::Mutex::new(()),
            builds: AtomicU64::new(0),
        }
    }
}

/// Identifies the catalog's contents: set anew by every import. A value is labelled with the
/// version read just before it was built, so a label is never newer than what it labels: an
/// import landing during the build gives a value of the new catalog under the old label,
/// which is replaced at the next check (within a second).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogVersion(Option<Arc<str>>);

/// The catalog's version now.
pub async fn catalog_version(pool: &SqlitePool) -> Result<CatalogVersion, sqlx::Error> {
    let version: Option<String> =
        sqlx::query_scalar("select value from metadata where key = 'catalog_version'")
            .fetch_optional(pool)
            .await?;
    Ok(CatalogVersion(version.map(Arc::from)))
}

impl<T> PerCatalog<T> {
    /// The value for the current catalog, built with `load` when there is none yet or the
    /// catalog has changed since it was built. At most one `load` runs at a time; a request
    /// that waited for another's build takes its value.
    pub async fn get<F, Fut>(&self, pool: &SqlitePool, load: F) -> Result<Arc<T>, sqlx::Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, sqlx::Error>>,
    {
        Ok(self.get_with_version(pool, load).await?.0)
    }

    /// As [`get`](Self::get), with the catalog version the value was built for: what is kept
    /// from two values (a search's page, from the search data, kept among the page cache's
    /// pages) is consistent only when their versions are the same.
    pub async fn get_with_version<F, Fut>(
        &self,
        pool: &SqlitePool,
        load: F,
    ) -> Result<(Arc<T>, CatalogVersion), sqlx::Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, sqlx::Error>>,
    {
        if let Some(loaded) = self.loaded(RECHECK, |loaded| {
            (loaded.value.clone(), loaded.version.clone())
        }) {
            return Ok(loaded);
        }
        let version = catalog_version(pool).await?;
        if let Some(value) = self.built_for(&version) {
            return Ok((value, version));
        }
        let _building = self.building.lock().await;
        if let Some(value) = self.built_for(&version) {
            return Ok((value, version));
        }
        self.builds.fetch_add(1, Ordering::Relaxed);
        let value = Arc::new(load().await?);
        *self.slot.write().expect("catalog slot lock") = Some(Loaded {
            version: version.clone(),
            checked: Instant::now(),
            value: value.clone(),
        });
        Ok((value, version))
    }

    /// The kept value when it was built for `version`, marked as checked now.
    fn built_for(&self, version: &CatalogVersion) -> Option<Arc<T>> {
        let mut slot = self.slot.write().expect("catalog slot lock");
        let loaded = slot.as_mut().filter(|loaded| loaded.version == *version)?;
        loaded.checked = Instant::now();
        Some(loaded.value.clone())
    }

    /// Whether a value has been built at all (it may be for a catalog since replaced).
    pub fn is_built(&self) -> bool {
        self.slot.read().expect("catalog slot lock").is_some()
    }

    /// How many times a value was built: once per catalog version when builds are
    /// single-flight (tests read it).
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::Relaxed)
    }

    /// The value, if it was checked against the catalog within the last second: no await,
    /// no database. `None` means ask `get`.
    pub fn current(&self) -> Option<Arc<T>> {
        self.loaded(RECHECK, |loaded| loaded.value.clone())
    }

    /// The value, if it was checked within the last minute: for when asking the database is
    /// the thing to avoid (a saturated server). Never older, so a corrected entry is not
    /// hidden for as long as a flood lasts.
    pub fn recent(&self) -> Option<Arc<T>> {
        self.loaded(RECENT, |loaded| loaded.value.clone())
    }

    /// What `take` takes from the kept value, if it was checked within `max_age`.
    fn loaded<R>(&self, max_age: Duration, take: impl FnOnce(&Loaded<T>) -> R) -> Option<R> {
        let slot = self.slot.read().expect("catalog slot lock");
        slot.as_ref()
            .filter(|loaded| loaded.checked.elapsed() < max_age)
            .map(take)
    }
}

/// Runs a build on the blocking pool: building an index or the API's records is seconds of
/// CPU on a large catalog, which would stall every request sharing an async worker thread.
pub async fn off_the_runtime<T: Send + 'static>(build: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(build).await {
        Ok(value) => value,
        // A build that panicked panics its caller too, as it would have inline.
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

/// A database holding nothing but a catalog version, for tests of what is kept per catalog.
#[cfg(test)]
pub(crate) mod testing {
    use sqlx::SqlitePool;

    /// A database whose catalog is at `version`.
    pub async fn catalog_at(version: &str) -> SqlitePool {
        // One connection: an in-memory database is private to its connection.
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("create table metadata (key text primary key, value text not null)")
            .execute(&pool)
            .await
            .unwrap();
        set_version(&pool, version).await;
        pool
    }

    /// Sets the catalog's version, as an import does.
    pub async fn set_version(pool: &SqlitePool, version: &str) {
        sqlx::query("insert or replace into metadata (key, value) values ('catalog_version', ?1)")
            .bind(version)
            .execute(pool)
            .await
            .unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{catalog_at, set_version};
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn requests_that_notice_a_new_catalog_together_wait_for_one_build() {
        let pool = catalog_at("1").await;
        let kept = PerCatalog::<usize>::default();
        let loads = AtomicUsize::new(0);
        let load = || async {
            // Asking the database makes this build wait, as a real one does, so the other
            // request reaches `get` while it runs.
            catalog_version(&pool).await?;
            Ok(loads.fetch_add(1, Ordering::Relaxed))
        };
        let (a, b) = tokio::join!(kept.get(&pool, load), kept.get(&pool, load));
        assert_eq!((*a.unwrap(), *b.unwrap()), (0, 0));
        assert_eq!(kept.builds(), 1);

        set_version(&pool, "2").await;
        // As if the last check were a second old, without waiting a second.
        kept.slot.write().unwrap().as_mut().unwrap().checked -= RECHECK;
        let (a, b) = tokio::join!(kept.get(&pool, load), kept.get(&pool, load));
        assert_eq!((*a.unwrap(), *b.unwrap()), (1, 1));
        assert_eq!(kept.builds(), 2);
        assert_eq!(loads.load(Ordering::Relaxed), 2);
    }
}
