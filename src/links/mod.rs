//! `lantern links check`: does every web address in the catalog still work? Each address is
//! asked once (`probe`), politely, and what it came to is kept in the feedback store, where
//! the site reads it to say beside each link when it was last checked. The command prints a
//! table and exits 1 when any address does not work, for cron and CI.
//!
//! Checks run here, from the command line, never inside a web request.

mod probe;
mod public;
mod table;
mod targets;

use std::time::Duration;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Subcommand};

use crate::catalog::Slug;
use crate::config::{DatabaseSettings, FeedbackSettings, parse_public_url};
use crate::db::{self, DbError};
use crate::feedback::link_checks::{StoredLinkCheck, Verdict};
use crate::feedback::{FeedbackError, FeedbackStore};

pub use probe::MAX_REDIRECTS;

/// Addresses checked at once unless the operator says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Seconds a request may take unless the operator says otherwise.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

#[derive(Debug, Subcommand)]
pub enum LinksCommand {
    /// Check every web address in the catalog: HEAD (GET when HEAD is refused), up to five
    /// redirects, one request at a time per host. Prints a table and keeps the results in the
    /// feedback database, where resource pages read them. Exits 0 when every address works (or
    /// answers 401, 403 or 429, which say nothing either way), 1 when any does not.
    Check(CheckSettings),
}

#[derive(Debug, Clone, Args)]
pub struct CheckSettings {
    /// Requests made at once, to different hosts (a host is never asked twice at once).
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=64))]
    pub concurrency: usize,
    /// Seconds each request may take before the address counts as unreachable.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=300))]
    pub timeout: u64,
    /// Check only the addresses one resource's page links to: its links and its sources.
    #[arg(long, value_name = "SLUG")]
    pub only: Option<Slug>,
    /// The site's public address, named in the User-Agent so that the people who run a
    /// checked site can tell whose checker it is.
    #[arg(long, env = "LANTERN_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// For tests only, whose stand-in web listens on 127.0.0.1: lets checks ask loopback,
    /// private and other local addresses, which every real run refuses (see `public`).
    #[arg(long, hide = true)]
    pub allow_local_addresses: bool,
    #[command(flatten)]
    pub database: DatabaseSettings,
    #[command(flatten)]
    pub feedback: FeedbackSettings,
}

#[derive(Debug, thiserror::Error)]
pub enum LinksError {
    #[error(
        "no resource has the slug '{0}' (the last part of its page's address, /resources/SLUG)"
    )]
    NoSuchResource(Slug),
    #[error("{failing} of {checked} web addresses do not work")]
    Failing { failing: usize, checked: usize },
    #[error("cannot start the HTTP client: {0}")]
    Client(reqwest::Error),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot read the web addresses in the catalog: {0}")]
    Catalog(#[from] sqlx::Error),
    #[error(transparent)]
    Feedback(#[from] FeedbackError),
}

impl LinksCommand {
    /// Runs the command, printing its table on standard output. An address that does not
    /// work is an error ([`LinksError::Failing`]), so the process exits 1.
    pub async fn run(self) -> Result<(), LinksError> {
        match self {
            LinksCommand::Check(settings) => {
                let results = check(&settings).await?;
                print!("{}", table::render(&results));
                // Inconclusive answers (401, 403, 429) are listed but do not fail the run: a
                // site that turns robots away would otherwise fail every cron run, and mail
                // that comes every week stops being read.
                let failing = results
                    .iter()
                    .filter(|r| r.check.verdict() == Verdict::Fails)
                    .count();
                if failing > 0 {
                    return Err(LinksError::Failing {
                        failing,
                        checked: results.len(),
                    });
                }
                Ok(())
            }
        }
    }
}

/// Checks the addresses `settings` asks for and keeps the results, together once all are in;
/// returns them in the catalog's order (by address).
pub async fn check(settings: &CheckSettings) -> Result<Vec<StoredLinkCheck>, LinksError> {
    let catalog = db::open_for_reading(&settings.database.database, false).await?;
    let addresses = match &settings.only {
        Some(slug) => targets::of_resource(&catalog, slug)
            .await?
            .ok_or_else(|| LinksError::NoSuchResource(slug.clone()))?,
        None => targets::all(&catalog).await?,
    };
    catalog.close().await;
    let store = FeedbackStore::open_existing(&settings.feedback.feedback_database).await?;
    let prober = std::sync::Arc::new(
        probe::Prober::new(
            settings.concurrency,
            Duration::from_secs(settings.timeout),
            settings.public_url.as_deref(),
            if settings.allow_local_addresses {
                probe::Destinations::IncludingLocal
            } else {
                probe::Destinations::PublicOnly
            },
        )
        .map_err(LinksError::Client)?,
    );
    // Every address is started at once; the prober's turns decide who goes when.
    let mut checks = tokio::task::JoinSet::new();
    for (position, address) in addresses.into_iter().enumerate() {
        let prober = prober.clone();
        checks.spawn(async move { (position, prober.check(&address).await) });
    }
    let mut results = Vec::with_capacity(checks.len());
    while let Some(done) = checks.join_next().await {
        results.push(done.expect("a link check never panics"));
    }
    results.sort_by_key(|(position, _)| *position);
    let results: Vec<_> = results.into_iter().map(|(_, check)| check).collect();
    // All at the end, in one transaction: the site sees one change a run (see
    // `record_link_checks`), and a run cut short leaves the last whole run's results.
    Ok(store.record_link_checks(&results).await?)
}
