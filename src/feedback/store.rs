//! The feedback store: a SQLite file of its own in WAL mode (the default, for one instance),
//! or a PostgreSQL database that several instances share. Each has its own migrations
//! (`migrations-feedback/sqlite`, `migrations-feedback/postgres`); the queries are the same
//! text for both (`$1` placeholders, which SQLite reads as positions too), run through
//! [`on_backend!`], so the two cannot drift apart.
//!
//! A submission is acknowledged only once it is durable: SQLite writes with
//! `synchronous = full`, PostgreSQL commits as it always does.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::location::StoreLocation;
use super::submission::{
    Closed, Feedback, FeedbackId, FormSecret, Submission, limits, states_text,
};
use super::time::UtcTime;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations-feedback/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations-feedback/postgres");

/// How long to wait for a PostgreSQL connection before a request (or a start) gives up.
const CONNECT_WITHIN: Duration = Duration::from_secs(5);

/// Runs `$body` with `$pool` bound to the store's pool, whichever database it is: one query
/// text, checked by the compiler against each driver.
macro_rules! on_backend {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::feedback::store::Backend::Sqlite($pool) => $body,
            $crate::feedback::store::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_backend;

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("cannot create the folder {path} for the feedback database: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the feedback database at {location}: {source}")]
    Open {
        location: StoreLocation,
        source: sqlx::Error,
    },
    #[error("cannot bring the feedback database at {location} up to date: {source}")]
    Migrate {
        location: StoreLocation,
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "there is no feedback database at {path}: `lantern serve` makes it on first start; \
         check --feedback-database (LANTERN_FEEDBACK_DATABASE)"
    )]
    Missing { path: PathBuf },
    #[error("cannot make the form secret: {0}")]
    Random(String),
    #[error("the submission's {0} is longer than the form allows")]
    TooLong(&'static str),
    #[error("feedback {0} does not exist: `lantern feedback list --all` shows the numbers")]
    NoSuchFeedback(FeedbackId),
    #[error("feedback {0} is already closed")]
    AlreadyClosed(FeedbackId),
    #[error(
        "a closing note must say something, in at most {} characters",
        limits::CLOSE_NOTE
    )]
    BadNote,
    #[error("the feedback database holds a row it cannot read (feedback {id}): {what}")]
    BadRow { id: i64, what: String },
    #[error("the feedback database holds a link check it cannot read ({url}): {what}")]
    BadLinkCheck { url: String, what: String },
    #[error("feedback database error: {0}")]
    Sql(#[from] sqlx::Error),
}

/// Which submissions to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    Open,
    All,
}

/// The database behind a store.
#[derive(Clone)]
pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The feedback store. Cheap to clone: a pool and the secret.
#[derive(Clone)]
pub struct FeedbackStore {
    pub(crate) backend: Backend,
    secret: FormSecret,
}

impl FeedbackStore {
    /// Opens the store at `location`, creating a SQLite file and its folder when missing,
    /// applying the migrations it lacks, and making the form secret on first start. For
    /// `serve`; the operators' commands use [`FeedbackStore::open_existing`].
    pub async fn open(location: &StoreLocation) -> Result<FeedbackStore, FeedbackError> {
        let open_error = |source| FeedbackError::Open {
            location: location.clone(),
            source,
        };
        let migrate_error = |source| FeedbackError::Migrate {
            location: location.clone(),
            source,
        };
        let backend = match location {
            StoreLocation::Sqlite(path) => {
                crate::db::create_folder_for(path)
                    .map_err(|(path, source)| FeedbackError::CreateDir { path, source })?;
                create_private_file(path).map_err(|source| FeedbackError::CreateDir {
                    path: path.to_owned(),
                    source,
                })?;
                let pool = open_sqlite(path).await.map_err(open_error)?;
                SQLITE_MIGRATOR.run(&pool).await.map_err(migrate_error)?;
                Backend::Sqlite(pool)
            }
            StoreLocation::Postgres(url) => {
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(CONNECT_WITHIN)
                    .connect(url.with_password())
                    .await
                    .map_err(open_error)?;
                // Instances starting together take turns: the migrator holds an advisory lock.
                POSTGRES_MIGRATOR.run(&pool).await.map_err(migrate_error)?;
                Backend::Postgres(pool)
            }
        };
        let mut store = FeedbackStore {
            backend,
            secret: FormSecret([0; 32]),
        };
        store.secret = store.form_secret_from_store().await?;
        Ok(store)
    }

    /// Opens a store that `serve` has made: a mistyped `--feedback-database` in a command
    /// (or cron job) is an error naming the path, never a new, empty store that says "no open
    /// feedback" for ever and keeps link checks where the site never reads them.
    pub async fn open_existing(location: &StoreLocation) -> Result<FeedbackStore, FeedbackError> {
        if let StoreLocation::Sqlite(path) = location
            && !path.is_file()
        {
            return Err(FeedbackError::Missing {
                path: path.to_owned(),
            });
        }
        FeedbackStore::open(location).await
    }

    /// Opens the SQLite store at `path` (a path, not a URL).
    pub async fn open_file(path: &Path) -> Result<FeedbackStore, FeedbackError> {
        FeedbackStore::open(&StoreLocation::Sqlite(path.to_owned())).await
    }

    /// The key that signs forms: the same for every instance sharing this store.
    pub fn form_secret(&self) -> &FormSecret {
        &self.secret
    }

    /// Whether the store answers.
    pub async fn ping(&self) -> Result<(), FeedbackError> {
        on_backend!(self, pool => sqlx::query("select 1").execute(pool).await.map(drop))?;
        Ok(())
    }

    /// Stores `submission`, stamped with the hour it arrived, and returns its number.
    pub async fn submit(&self, submission: &Submission) -> Result<FeedbackId, FeedbackError> {
        self.submit_at(submission, UtcTime::now()).await
    }

    pub async fn submit_at(
        &self,
        submission: &Submission,
        now: UtcTime,
    ) -> Result<FeedbackId, FeedbackError> {
        if let Some(field) = submission.too_long() {
            return Err(FeedbackError::TooLong(field));
        }
        let hour = now.hour_rfc3339();
        let id: i64 = match submission {
            Submission::Report {
                slug,
                problem,
                message,
                contact,
            } => on_backend!(self, pool => sqlx::query_scalar(
                "insert into feedback (kind, received_hour, slug, problem, message, contact)
                 values ('report', $1, $2, $3, $4, $5)
                 returning id",
            )
            .bind(&hour)
            .bind(slug.as_str())
            .bind(problem.code())
            .bind(message)
            .bind(contact)
            .fetch_one(pool)
            .await)?,
            Submission::Suggestion {
                name,
                what,
                reach,
                states,
                learned_from,
                contact,
            } => {
                let states = states_text(states);
                on_backend!(self, pool => sqlx::query_scalar(
                    "insert into feedback
                       (kind, received_hour, name, message, reach, states, learned_from, contact)
                     values ('suggestion', $1, $2, $3, $4, $5, $6, $7)
                     returning id",
                )
                .bind(&hour)
                .bind(name)
                .bind(what)
                .bind(reach)
                .bind(&states)
                .bind(learned_from)
                .bind(contact)
                .fetch_one(pool)
                .await)?
            }
        };
        Ok(FeedbackId(id))
    }

    /// Submissions, oldest first.
    pub async fn list(&self, which: Which) -> Result<Vec<Feedback>, FeedbackError> {
        let rows: Vec<FeedbackRow> = on_backend!(self, pool => sqlx::query_as(
            "select id, kind, received_hour, slug, problem, message, name, reach, states,
                    learned_from, contact, closed_at, close_note
             from feedback
             where $1 or closed_at is null
             order by id",
        )
        .bind(which == Which::All)
        .fetch_all(pool)
        .await)?;
        rows.into_iter().map(FeedbackRow::into_feedback).collect()
    }

    pub async fn get(&self, id: FeedbackId) -> Result<Feedback, FeedbackError> {
        let row: Option<FeedbackRow> = on_backend!(self, pool => sqlx::query_as(
            "select id, kind, received_hour, slug, problem, message, name, reach, states,
                    learned_from, contact, closed_at, close_note
             from feedback
             where id = $1",
        )
        .bind(id.0)
        .fetch_optional(pool)
        .await)?;
        row.ok_or(FeedbackError::NoSuchFeedback(id))?
            .into_feedback()
    }

    /// Closes an open submission with the operator's note.
    pub async fn close(&self, id: FeedbackId, note: &str) -> Result<(), FeedbackError> {
        self.close_at(id, note, UtcTime::now()).await
    }

    pub async fn close_at(
        &self,
        id: FeedbackId,
        note: &str,
        now: UtcTime,
    ) -> Result<(), FeedbackError> {
        let note = note.trim();
        if note.is_empty() || note.chars().count() > limits::CLOSE_NOTE {
            return Err(FeedbackError::BadNote);
        }
        let closed = on_backend!(self, pool => sqlx::query(
            "update feedback set closed_at = $2, close_note = $3
             where id = $1 and closed_at is null",
        )
        .bind(id.0)
        .bind(now.rfc3339())
        .bind(note)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        if closed == 1 {
            return Ok(());
        }
        // Either it never existed or it is closed already: say which.
        self.get(id).await?;
        Err(FeedbackError::AlreadyClosed(id))
    }

    /// Deletes the submissions closed more than `days` days before `now`; returns how many.
    /// Open ones are kept however old: someone still has to read them.
    pub async fn delete_closed_before(
        &self,
        days: u32,
        now: UtcTime,
    ) -> Result<u64, FeedbackError> {
        let cutoff = now.days_before(days).rfc3339();
        let deleted = on_backend!(self, pool => sqlx::query(
            "delete from feedback where closed_at < $1"
        )
        .bind(&cutoff)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        Ok(deleted)
    }
}

impl FeedbackStore {
    /// The secret, made the first time the store is opened. Instances that open a shared
    /// store at the same time agree: the first insert wins and everyone reads the row back.
    async fn form_secret_from_store(&self) -> Result<FormSecret, FeedbackError> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).map_err(|error| FeedbackError::Random(error.to_string()))?;
        let stored: Vec<u8> = on_backend!(self, pool => {
            sqlx::query(
                "insert into form_secret (id, secret) values (1, $1) on conflict (id) do nothing",
            )
            .bind(&fresh[..])
            .execute(pool)
            .await
            .map(drop)?;
            sqlx::query_scalar("select secret from form_secret where id = 1")
                .fetch_one(pool)
                .await
        })?;
        let secret =
            <[u8; 32]>::try_from(stored.as_slice()).map_err(|_| FeedbackError::BadRow {
                id: 0,
                what: "the form secret is not 32 bytes".to_owned(),
            })?;
        Ok(FormSecret(secret))
    }
}

/// Creates the store's file readable by its owner only, when it is missing: it holds the form
/// secret and the contact details visitors chose to give. SQLite gives its WAL and
/// shared-memory files the same permissions.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}

async fn open_sqlite(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A visitor's report is acknowledged only once it is on disk: submissions are
        // rare, so the fsync per write costs nothing that matters.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
}

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: i64,
    kind: String,
    received_hour: String,
    slug: Option<String>,
    problem: Option<String>,
    message: String,
    name: Option<String>,
    reach: Option<String>,
    states: Option<String>,
    learned_from: Option<String>,
    contact: Option<String>,
    closed_at: Option<String>,
    close_note: Option<String>,
}

impl FeedbackRow {
    fn into_feedback(self) -> Result<Feedback, FeedbackError> {
        let id = self.id;
        let bad = |what: String| FeedbackError::BadRow { id, what };
        let submission = match (self.kind.as_str(), self.slug, self.problem, self.name) {
            ("report", Some(slug), Some(problem), None) => Submission::Report {
                slug: slug.parse().map_err(bad)?,
                problem: problem.parse().map_err(bad)?,
                message: self.message,
                contact: self.contact,
            },
            ("suggestion", None, None, Some(name)) => Submission::Suggestion {
                name,
                what: self.message,
                reach: self.reach.unwrap_or_default(),
                states: self
                    .states
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .map_err(bad)?,
                learned_from: self.learned_from.unwrap_or_default(),
                contact: self.contact,
            },
            (kind, ..) => return Err(bad(format!("'{kind}' with the wrong fields"))),
        };
        Ok(Feedback {
            id: FeedbackId(id),
            received_hour: self.received_hour,
            submission,
            closed: match (self.closed_at, self.close_note) {
                (Some(at), Some(note)) => Some(Closed { at, note }),
                _ => None,
            },
        })
    }
}
