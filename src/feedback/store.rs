//! The feedback store on SQLite: its own file in WAL mode, with its own migrations
//! (`migrations-feedback/sqlite`). A submission is written with `synchronous = full`: once the
//! form's 303 is sent, the submission survives a crash of the process or of the machine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{Closed, Feedback, FeedbackId, FormSecret, Submission, UtcTime, limits};
use crate::catalog::StateCode;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations-feedback/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("cannot create the folder {path} for the feedback database: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the feedback database at {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot bring the feedback database at {path} up to date: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
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

/// The feedback store. Cheap to clone: a pool and the secret.
#[derive(Clone)]
pub struct FeedbackStore {
    pool: SqlitePool,
    secret: FormSecret,
}

impl FeedbackStore {
    /// Opens the store at `path`, creating it and its folder when missing, applying the
    /// migrations it lacks, and making the form secret on first start.
    pub async fn open(path: &Path) -> Result<FeedbackStore, FeedbackError> {
        crate::db::create_folder_for(path)
            .map_err(|(path, source)| FeedbackError::CreateDir { path, source })?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A visitor's report is acknowledged only once it is on disk: submissions are
            // rare, so the fsync per write costs nothing that matters.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let open_error = |source| FeedbackError::Open {
            path: path.to_owned(),
            source,
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| FeedbackError::Migrate {
                path: path.to_owned(),
                source,
            })?;
        let secret = form_secret(&pool).await?;
        Ok(FeedbackStore { pool, secret })
    }

    /// The key that signs forms: the same for every instance sharing this store.
    pub fn form_secret(&self) -> &FormSecret {
        &self.secret
    }

    /// For the modules that keep their own tables here (link checks).
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Whether the store answers.
    pub async fn ping(&self) -> Result<(), FeedbackError> {
        sqlx::query("select 1").execute(&self.pool).await?;
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
        let insert = match submission {
            Submission::Report {
                slug,
                problem,
                message,
                contact,
            } => sqlx::query(
                "insert into feedback (kind, received_hour, slug, problem, message, contact)
                 values ('report', ?1, ?2, ?3, ?4, ?5)",
            )
            .bind(hour)
            .bind(slug.as_str())
            .bind(problem.code())
            .bind(message)
            .bind(contact),
            Submission::Suggestion {
                name,
                what,
                reach,
                states,
                learned_from,
                contact,
            } => sqlx::query(
                "insert into feedback
                   (kind, received_hour, name, message, reach, states, learned_from, contact)
                 values ('suggestion', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .bind(hour)
            .bind(name)
            .bind(what)
            .bind(reach)
            .bind(
                states
                    .iter()
                    .map(StateCode::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .bind(learned_from)
            .bind(contact),
        };
        let id = insert.execute(&self.pool).await?.last_insert_rowid();
        Ok(FeedbackId(id))
    }

    /// Submissions, oldest first.
    pub async fn list(&self, which: Which) -> Result<Vec<Feedback>, FeedbackError> {
        let rows: Vec<FeedbackRow> = sqlx::query_as(
            "select id, kind, received_hour, slug, problem, message, name, reach, states,
                    learned_from, contact, closed_at, close_note
             from feedback
             where ?1 or closed_at is null
             order by id",
        )
        .bind(which == Which::All)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(FeedbackRow::into_feedback).collect()
    }

    pub async fn get(&self, id: FeedbackId) -> Result<Feedback, FeedbackError> {
        let row: Option<FeedbackRow> = sqlx::query_as(
            "select id, kind, received_hour, slug, problem, message, name, reach, states,
                    learned_from, contact, closed_at, close_note
             from feedback
             where id = ?1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
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
        let closed = sqlx::query(
            "update feedback set closed_at = ?2, close_note = ?3
             where id = ?1 and closed_at is null",
        )
        .bind(id.0)
        .bind(now.rfc3339())
        .bind(note)
        .execute(&self.pool)
        .await?
        .rows_affected();
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
        let deleted = sqlx::query("delete from feedback where closed_at < ?1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted)
    }
}

/// The secret, made the first time the store is opened. Instances that open the store at the
/// same time agree: the first insert wins and everyone reads the row back.
async fn form_secret(pool: &SqlitePool) -> Result<FormSecret, FeedbackError> {
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|error| FeedbackError::Random(error.to_string()))?;
    sqlx::query("insert into form_secret (id, secret) values (1, ?1) on conflict (id) do nothing")
        .bind(&fresh[..])
        .execute(pool)
        .await?;
    let stored: Vec<u8> = sqlx::query_scalar("select secret from form_secret where id = 1")
        .fetch_one(pool)
        .await?;
    let secret = <[u8; 32]>::try_from(stored.as_slice()).map_err(|_| FeedbackError::BadRow {
        id: 0,
        what: "the form secret is not 32 bytes".to_owned(),
    })?;
    Ok(FormSecret(secret))
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
