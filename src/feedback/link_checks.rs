//! What `lantern links check` found for each web address in the catalog: the last check of
//! each address, and since when it has been failing. One row per address, replaced by each
//! check of it; a run of failures keeps the date of its first, so an operator sees how long a
//! link has been down, and a check that works clears it; an inconclusive one (401, 403, 429:
//! the server would not answer a robot) does neither.
//!
//! Every change to the table moves a counter (`link_checks_changes`, kept by triggers), so
//! the site can notice new results with one cheap query rather than by reading them all. A
//! run's results are written in one transaction, so readers see the counter move once a run.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use super::store::on_backend;
use super::{FeedbackError, FeedbackStore, UtcTime};

/// What one check of an address came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It answered with a success, after at most the redirects allowed.
    Ok,
    /// It answered, but not with a page: an error status, or redirects without end.
    Broken,
    /// No answer: refused, timed out, a TLS failure, a name that does not resolve.
    Unreachable,
}

impl Outcome {
    /// The stored value.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Broken => "broken",
            Outcome::Unreachable => "unreachable",
        }
    }

    pub fn works(self) -> bool {
        self == Outcome::Ok
    }
}

impl FromStr for Outcome {
    type Err = String;

    fn from_str(code: &str) -> Result<Outcome, String> {
        [Outcome::Ok, Outcome::Broken, Outcome::Unreachable]
            .into_iter()
            .find(|outcome| outcome.code() == code)
            .ok_or_else(|| format!("'{code}' is not a link-check outcome"))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One check of one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    /// The address as the catalog writes it.
    pub url: String,
    pub checked_at: UtcTime,
    /// The last response's status; `None` when no response came.
    pub status: Option<u16>,
    /// Where the redirects ended (the address itself when there were none); `None` when no
    /// response came.
    pub final_url: Option<String>,
    pub outcome: Outcome,
    /// What went wrong, in words, when it did not work.
    pub error: Option<String>,
    /// How long the check took, redirects included.
    pub elapsed: Duration,
}

/// Statuses that say a server will not answer a robot (a login, a refusal, too many
/// requests), not that the page is gone: a visitor's browser may well be let in.
pub const INCONCLUSIVE_STATUSES: [u16; 3] = [401, 403, 429];

/// What a check says about an address, for the site and for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Works,
    /// The server answered 401, 403 or 429: neither works nor fails.
    Inconclusive,
    Fails,
}

impl Verdict {
    /// The word the table shows.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Works => "ok",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Fails => "failing",
        }
    }
}

impl LinkCheck {
    pub fn verdict(&self) -> Verdict {
        match self.outcome {
            Outcome::Ok => Verdict::Works,
            Outcome::Broken
                if self
                    .status
                    .is_some_and(|status| INCONCLUSIVE_STATUSES.contains(&status)) =>
            {
                Verdict::Inconclusive
            }
            Outcome::Broken | Outcome::Unreachable => Verdict::Fails,
        }
    }
}

/// A check as the store keeps it: with the start of the run of failures it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLinkCheck {
    pub check: LinkCheck,
    /// When this address first failed in the failures it is in now; `None` while it works.
    pub first_failed_at: Option<UtcTime>,
}

impl StoredLinkCheck {
    /// Whether the address failed on this check and on an earlier one with no working check
    /// between: the failure began before this check. One failure alone (a server down for
    /// a minute, a network hiccup on the checker's side) is not enough to tell the public
    /// an address may have changed.
    pub fn fails_again(&self) -> bool {
        self.check.verdict() == Verdict::Fails
            && self
                .first_failed_at
                .is_some_and(|since| since < self.check.checked_at)
    }
}

/// A row of `link_checks`.
#[derive(sqlx::FromRow)]
struct Row {
    url: String,
    checked_at: String,
    status: Option<i64>,
    final_url: Option<String>,
    outcome: String,
    error: Option<String>,
    elapsed_ms: i64,
    first_failed_at: Option<String>,
}

impl Row {
    fn into_stored(self) -> Result<StoredLinkCheck, FeedbackError> {
        let bad = |what: String| FeedbackError::BadLinkCheck {
            url: self.url.clone(),
            what,
        };
        let time = |text: &str| {
            UtcTime::parse_rfc3339(text).ok_or_else(|| bad(format!("'{text}' is not a time")))
        };
        let checked_at = time(&self.checked_at)?;
        let first_failed_at = self.first_failed_at.as_deref().map(time).transpose()?;
        let outcome = self.outcome.parse().map_err(bad)?;
        let status = self
            .status
            .map(|status| u16::try_from(status).map_err(|_| bad(format!("status {status}"))))
            .transpose()?;
        Ok(StoredLinkCheck {
            check: LinkCheck {
                checked_at,
                status,
                outcome,
                elapsed: Duration::from_millis(self.elapsed_ms.max(0) as u64),
                url: self.url,
                final_url: self.final_url,
                error: self.error,
            },
            first_failed_at,
        })
    }
}

impl FeedbackStore {
    /// Keeps `check` as its address's last: [`FeedbackStore::record_link_checks`] for one.
    pub async fn record_link_check(
        &self,
        check: &LinkCheck,
    ) -> Result<StoredLinkCheck, FeedbackError> {
        let mut stored = self.record_link_checks(std::slice::from_ref(check)).await?;
        Ok(stored.pop().expect("one check recorded"))
    }

    /// Keeps each of `checks` as its address's last, all in one transaction, and returns them
    /// with the date each address first failed: kept from the check before while it keeps
    /// failing, the check's time when it starts to, cleared when it works, left as it was
    /// when the check is inconclusive. One transaction, so the change counter the site polls
    /// moves once for a whole run as far as a reader can see: the site renders its resource
    /// pages again once per run, not once per address, and never shows half a run.
    pub async fn record_link_checks(
        &self,
        checks: &[LinkCheck],
    ) -> Result<Vec<StoredLinkCheck>, FeedbackError> {
        let mut stored = Vec::with_capacity(checks.len());
        on_backend!(self, pool => {
            let mut transaction = pool.begin().await?;
            for check in checks {
                let elapsed_ms = i64::try_from(check.elapsed.as_millis()).unwrap_or(i64::MAX);
                let first_failed_at: Option<String> = sqlx::query_scalar(
                    "insert into link_checks
                         (url, checked_at, status, final_url, outcome, error, elapsed_ms, first_failed_at)
                     values ($1, $2, $3, $4, $5, $6, $7, case when $8 then $2 else null end)
                     on conflict (url) do update set
                         checked_at = excluded.checked_at,
                         status = excluded.status,
                         final_url = excluded.final_url,
                         outcome = excluded.outcome,
                         error = excluded.error,
                         elapsed_ms = excluded.elapsed_ms,
                         first_failed_at = case
                             when excluded.outcome = 'ok' then null
                             when $8 then coalesce(link_checks.first_failed_at, excluded.checked_at)
                             else link_checks.first_failed_at end
                     returning first_failed_at",
                )
                .bind(&check.url)
                .bind(check.checked_at.rfc3339())
                .bind(check.status.map(i64::from))
                .bind(&check.final_url)
                .bind(check.outcome.code())
                .bind(&check.error)
                .bind(elapsed_ms)
                .bind(check.verdict() == Verdict::Fails)
                .fetch_one(&mut *transaction)
                .await?;
                stored.push((check, first_failed_at));
            }
            transaction.commit().await
        })?;
        stored
            .into_iter()
            .map(|(check, first_failed_at)| {
                let first_failed_at = first_failed_at
                    .map(|text| {
                        UtcTime::parse_rfc3339(&text).ok_or_else(|| FeedbackError::BadLinkCheck {
                            url: check.url.clone(),
                            what: format!("'{text}' is not a time"),
                        })
                    })
                    .transpose()?;
                Ok(StoredLinkCheck {
                    check: check.clone(),
                    first_failed_at,
                })
            })
            .collect()
    }

    /// The last check of every address ever checked, by address.
    pub async fn link_checks(&self) -> Result<Vec<StoredLinkCheck>, FeedbackError> {
        let rows: Vec<Row> = on_backend!(self, pool => sqlx::query_as(
            "select url, checked_at, status, final_url, outcome, error, elapsed_ms, first_failed_at
             from link_checks order by url",
        )
        .fetch_all(pool)
        .await)?;
        rows.into_iter().map(Row::into_stored).collect()
    }

    /// A number that changes whenever a link check is recorded: what the site polls to learn
    /// of new results without reading them.
    pub async fn link_checks_version(&self) -> Result<i64, FeedbackError> {
        Ok(on_backend!(self, pool => sqlx::query_scalar(
            "select changes from link_checks_changes where id = 1"
        )
        .fetch_one(pool)
        .await)?)
    }
}
