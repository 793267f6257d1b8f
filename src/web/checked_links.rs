//! What the link checker last found, held in memory for the pages that show it beside each
//! link ("checked 3 May 2027"). `lantern links check` writes its results to the feedback
//! store from another process; `serve` polls the store's change counter every
//! [`POLL_EVERY`] (one row, one cheap query), reads the results only when it moved, and swaps
//! them in. Each swap moves [`CheckedLinks::generation`], and the page cache renders again a
//! resource page kept before it (no other page shows checks). `lantern links check` writes a
//! run in one transaction, so a run moves the generation once. A request never asks the
//! database for these.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::catalog::Date;
use crate::feedback::link_checks::{StoredLinkCheck, Verdict};
use crate::feedback::{FeedbackError, FeedbackStore};
use crate::logged::Logged;

/// How often `serve` asks the store whether there are new results.
pub const POLL_EVERY: Duration = Duration::from_secs(3);

/// The last check of a web address, as a page tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastCheck {
    /// The day (UTC) it was checked.
    pub on: Date,
    /// Whether it worked then; `false` only when it had failed on the check before too.
    pub works: bool,
}

/// Every address's last check, by the address as the catalog writes it.
#[derive(Debug, Default)]
pub struct Found {
    by_url: HashMap<String, LastCheck>,
}

impl Found {
    pub fn of(&self, url: &str) -> Option<LastCheck> {
        self.by_url.get(url).copied()
    }
}

/// Only what a page may say: that an address worked when last checked, or that it failed
/// on that check and on the one before (`StoredLinkCheck::fails_again`). A first failure and
/// an inconclusive answer (401, 403, 429) say nothing yet, and neither is "checked", which
/// would read as "works".
impl FromIterator<StoredLinkCheck> for Found {
    fn from_iter<I: IntoIterator<Item = StoredLinkCheck>>(checks: I) -> Found {
        Found {
            by_url: checks
                .into_iter()
                .filter_map(|stored| {
                    let works = stored.check.verdict() == Verdict::Works;
                    if !works && !stored.fails_again() {
                        return None;
                    }
                    let check = stored.check;
                    let last = LastCheck {
                        on: check.checked_at.date(),
                        works,
                    };
                    Some((check.url, last))
                })
                .collect(),
        }
    }
}

/// The results the site shows, shared by every request. Cheap to clone.
#[derive(Clone, Default)]
pub struct CheckedLinks(Arc<Shared>);

#[derive(Default)]
struct Shared {
    found: RwLock<Arc<Found>>,
    /// Moves with every swap of `found`: a page rendered before a move is out of date.
    generation: AtomicU64,
    /// The store's change counter when `found` was read.
    version: RwLock<Option<i64>>,
}

impl CheckedLinks {
    /// The results as they are now. No await and no database.
    pub fn current(&self) -> Arc<Found> {
        self.0.found.read().expect("checked links lock").clone()
    }

    /// How many times the results have been swapped.
    pub fn generation(&self) -> u64 {
        self.0.generation.load(Ordering::Acquire)
    }

    /// Reads the results from `store` when its change counter moved since the last read;
    /// says whether it did.
    pub async fn refresh(&self, store: &FeedbackStore) -> Result<bool, FeedbackError> {
        let version = store.link_checks_version().await?;
        if *self.0.version.read().expect("checked links lock") == Some(version) {
            return Ok(false);
        }
        // Read after the counter: a change made in between is read now and seen again on
        // the next poll, never missed.
        let found: Found = store.link_checks().await?.into_iter().collect();
        *self.0.found.write().expect("checked links lock") = Arc::new(found);
        *self.0.version.write().expect("checked links lock") = Some(version);
        self.0.generation.fetch_add(1, Ordering::AcqRel);
        Ok(true)
    }

    /// Keeps the results up to date with `store` for as long as the server runs: reads them
    /// now, then polls every [`POLL_EVERY`].
    pub fn watch(&self, store: FeedbackStore) -> tokio::task::JoinHandle<()> {
        let checked = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(POLL_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if let Err(error) = checked.refresh(&store).await {
                    tracing::warn!(error = %Logged(&error), "could not read the link checks; pages keep the ones read before");
                }
            }
        })
    }
}
