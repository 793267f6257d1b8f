//! The command line: `serve`, `import`, `check`, `export`, `stale`, `verify`, `feedback`. Each
//! command is a function of its settings, so tests can run them without a process.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand};
use sqlx::SqlitePool;

use crate::catalog::{Age, Catalog, CatalogError, Date, Slug};
use crate::config::{
    DatabaseSettings, FeedbackSettings, ImportLimitSettings, LogFormat, SeedsSettings,
    ServeSettings,
};
use crate::curation::{self, CheckedSeeds, VerifyError};
use crate::db::{self, DbError, ImportSummary};
use crate::export::{ExportFormat, export};
use crate::feedback::review::{self, ListFormat};
use crate::feedback::{FeedbackError, FeedbackId, FeedbackStore, Which};
use crate::hsds;
use crate::input::MaxBytes;
use crate::logged::Logged;
use crate::server;
use crate::web::{self, AppState};

#[derive(Debug, Parser)]
#[command(
    name = "lantern",
    version,
    about = "Lantern: a public directory of anti-human-trafficking resources",
    long_about = "Lantern serves a directory of anti-human-trafficking resources built from the \
                  catalog in seeds/. With no command it serves the site."
)]
pub struct Cli {
    /// How log lines are written to standard error: text for a person, JSON (one object per
    /// line) for a log collector.
    #[arg(long, global = true, env = "LANTERN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default). Applies migrations and imports the seeds when they changed.
    Serve(ServeSettings),
    /// Validate a catalog and replace the one in the database, all or nothing: the seeds, or
    /// with `--format hsds PATH` an HSDS package (its reference data still from the seeds).
    Import {
        /// What to import.
        #[arg(long, value_enum, default_value_t = ImportFormat::Seeds)]
        format: ImportFormat,
        /// With `--format hsds`: a folder holding datapackage.json (or hsds.json), or an HSDS
        /// JSON file, as `lantern export` writes them.
        #[arg(value_name = "PATH", required_if_eq("format", "hsds"))]
        path: Option<PathBuf>,
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        database: DatabaseSettings,
        #[command(flatten)]
        limits: ImportLimitSettings,
    },
    /// Write the catalog in the database as open data: an HSDS 3.0 data package (hsds), the
    /// same tables as JSON (json), or plain spreadsheets (csv).
    Export {
        /// The format to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Folder to write into; created when missing. Files already there are replaced.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        database: DatabaseSettings,
    },
    /// Check the catalog's web addresses (`lantern links check`).
    Links {
        #[command(subcommand)]
        command: crate::links::LinksCommand,
    },
    /// Validate the seeds without writing anything.
    Check {
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        limits: ImportLimitSettings,
    },
    /// List the records in the seeds whose last verification is older than a limit, oldest
    /// first, with their seed file, line and source. Exits 1 when any is due, 0 when none is.
    Stale {
        /// How old a last verification may be: a whole number and d (days), m (months) or
        /// y (years).
        #[arg(long, value_name = "AGE", default_value = "12m")]
        older_than: Age,
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        limits: ImportLimitSettings,
    },
    /// Record that a person checked a resource or organization against its source: its
    /// last_verified, in its seed file, becomes today (UTC) or --date. Nothing else in the file
    /// changes, and the seeds must still pass the importer's checks.
    Verify {
        /// The resource's or organization's slug.
        #[arg(value_name = "SLUG")]
        slug: Slug,
        /// The day it was checked (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        date: Option<Date>,
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        limits: ImportLimitSettings,
    },
    /// Read and close what visitors reported about entries and the resources they suggested.
    Feedback {
        #[command(subcommand)]
        action: FeedbackCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// List submissions, oldest first (the open ones unless --all).
    List {
        /// Only the open ones (the default).
        #[arg(long, conflicts_with = "all")]
        open: bool,
        /// Closed ones too.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[command(flatten)]
        store: FeedbackSettings,
    },
    /// Show one submission in full; a report names its entry's seed file and line.
    Show {
        id: FeedbackId,
        #[command(flatten)]
        store: FeedbackSettings,
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        limits: ImportLimitSettings,
    },
    /// Close an open submission with a note saying what was done.
    Close {
        id: FeedbackId,
        /// What was done (or why nothing was).
        #[arg(long)]
        note: String,
        #[command(flatten)]
        store: FeedbackSettings,
    },
    /// Write every submission, open and closed, to a file.
    Export {
        /// The file to write; replaced when it exists.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = review::ExportFormat::Csv)]
        format: review::ExportFormat,
        #[command(flatten)]
        store: FeedbackSettings,
    },
}

/// A whole day: a verification happens on one, so a month alone is refused.
fn parse_day(value: &str) -> Result<Date, String> {
    let date: Date = value.parse()?;
    match date.day() {
        Some(_) => Ok(date),
        None => Err(format!("'{value}' is a month: give the day, as YYYY-MM-DD")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// The TOML files in the seeds folder.
    Seeds,
    /// An Open Referral HSDS 3.0 package or JSON file.
    Hsds,
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The command was given something it cannot use: exit status 2, as for a bad flag.
    #[error("{0}")]
    Usage(String),
    /// The command ran and found something for the operator to act on (a broken link, a
    /// record due for verification): exit status 1, for cron and CI.
    #[error("{0}")]
    NeedsAttention(String),
    #[error(transparent)]
    Feedback(FeedbackError),
    #[error(transparent)]
    Hsds(#[from] hsds::ReadError),
    #[error("cannot write the export to {path}: {source}")]
    Export {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error(
        "the database at {0} holds no catalog and the seeds could not be imported: \
         fix the seeds and start again"
    )]
    NoCatalog(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    #[error(transparent)]
    Verify(VerifyError),
}

impl CommandError {
    /// The process's exit status: 2 for usage errors (as clap's own), 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<VerifyError> for CommandError {
    fn from(error: VerifyError) -> CommandError {
        match error.is_refusal() {
            // An unknown slug, a day in the future or before the source.
            true => CommandError::Usage(error.to_string()),
            false => CommandError::Verify(error),
        }
    }
}

impl From<FeedbackError> for CommandError {
    fn from(error: FeedbackError) -> CommandError {
        match error {
            // The operator typed a number that is not there, or closed one twice.
            FeedbackError::NoSuchFeedback(_)
            | FeedbackError::AlreadyClosed(_)
            | FeedbackError::BadNote => CommandError::Usage(error.to_string()),
            error => CommandError::Feedback(error),
        }
    }
}

impl From<crate::links::LinksError> for CommandError {
    fn from(error: crate::links::LinksError) -> CommandError {
        use crate::links::LinksError;
        match error {
            // A slug that names no resource is a mistake in the command.
            LinksError::NoSuchResource(_) => CommandError::Usage(error.to_string()),
            LinksError::Db(error) => CommandError::Db(error),
            LinksError::Catalog(error) => CommandError::Sql(error),
            LinksError::Feedback(error) => error.into(),
            LinksError::Failing { .. } | LinksError::Client(_) => {
                CommandError::NeedsAttention(error.to_string())
            }
        }
    }
}

impl Cli {
    pub async fn run(self) -> Result<(), CommandError> {
        match self.command {
            Some(Command::Serve(settings)) => serve(settings).await,
            None => serve(Cli::parse_from(["lantern", "serve"]).serve_settings()).await,
            Some(Command::Import {
                format,
                path,
                seeds,
                database,
                limits,
            }) => {
                let max = MaxBytes(limits.max_import_bytes);
                let summary = match (format, path) {
                    (ImportFormat::Hsds, Some(path)) => {
                        import_hsds(&path, &seeds.seeds, &database.database, max).await?
                    }
                    (ImportFormat::Seeds, Some(path)) => {
                        return Err(CommandError::Usage(format!(
                            "{} is a path to an HSDS package: add --format hsds (the seeds \
                             folder is given with --seeds)",
                            path.display()
                        )));
                    }
                    _ => import(&seeds.seeds, &database.database, max).await?,
                };
                println!("{}", describe(&summary, &database.database));
                Ok(())
            }
            Some(Command::Export {
                format,
                out,
                database,
            }) => {
                for file in export_database(&database.database, format, &out).await? {
                    println!("wrote {}", file.display());
                }
                Ok(())
            }
            Some(Command::Links { command }) => Ok(command.run().await?),
            Some(Command::Check { seeds, limits }) => {
                let catalog = Catalog::load(&seeds.seeds, MaxBytes(limits.max_import_bytes))?;
                println!(
                    "{}: {} resources, {} organizations, {} sources: all valid",
                    seeds.seeds.display(),
                    catalog.resources.len(),
                    catalog.organizations.len(),
                    catalog.sources.len()
                );
                Ok(())
            }
            Some(Command::Stale {
                older_than,
                seeds,
                limits,
            }) => {
                let seeds = CheckedSeeds::read(&seeds.seeds, MaxBytes(limits.max_import_bytes))?;
                let stale = curation::stale(&seeds, older_than, Date::today());
                print!("{stale}");
                match stale.due.is_empty() {
                    true => Ok(()),
                    false => Err(CommandError::NeedsAttention(stale.summary())),
                }
            }
            Some(Command::Verify {
                slug,
                date,
                seeds,
                limits,
            }) => {
                let max = MaxBytes(limits.max_import_bytes);
                let verified = curation::verify(&seeds.seeds, max, &slug, date, Date::today())?;
                println!("{verified}");
                Ok(())
            }
            Some(Command::Feedback { action }) => feedback(action).await,
        }
    }

    /// The settings `serve` gets when no command is given: flags' defaults and the environment.
    fn serve_settings(self) -> ServeSettings {
        match self.command {
            Some(Command::Serve(settings)) => settings,
            _ => unreachable!("parsed from [\"lantern\", \"serve\"]"),
        }
    }
}

async fn feedback(action: FeedbackCommand) -> Result<(), CommandError> {
    match action {
        FeedbackCommand::List {
            open: _,
            all,
            format,
            store,
        } => {
            let which = if all { Which::All } else { Which::Open };
            let store = FeedbackStore::open_existing(&store.feedback_database).await?;
            let none = match which {
                Which::Open => "no open feedback",
                Which::All => "no feedback",
            };
            print!("{}", review::list(&store.list(which).await?, format, none));
        }
        FeedbackCommand::Show {
            id,
            store,
            seeds,
            limits,
        } => {
            let feedback = FeedbackStore::open_existing(&store.feedback_database)
                .await?
                .get(id)
                .await?;
            // The seeds as they are now: the entry may have moved since it was reported.
            let checked = match &feedback.submission {
                crate::feedback::Submission::Report { .. } => Some(
                    CheckedSeeds::read(&seeds.seeds, MaxBytes(limits.max_import_bytes)).map_err(
                        |_| {
                            format!(
                                "the seeds in {} do not pass `lantern check`",
                                seeds.seeds.display()
                            )
                        },
                    ),
                ),
                crate::feedback::Submission::Suggestion { .. } => None,
            };
            let seed = match (&feedback.submission, &checked) {
                (crate::feedback::Submission::Report { slug, .. }, Some(Ok(checked))) => {
                    Ok(checked
                        .find(slug.as_str())
                        .first()
                        .map(|record| (record.file.as_path(), record.line)))
                }
                (_, Some(Err(why))) => Err(why.clone()),
                _ => Ok(None),
            };
            print!("{}", review::show(&feedback, seed));
        }
        FeedbackCommand::Close { id, note, store } => {
            FeedbackStore::open_existing(&store.feedback_database)
                .await?
                .close(id, &note)
                .await?;
            println!("closed feedback {id}");
        }
        FeedbackCommand::Export { out, format, store } => {
            let all = FeedbackStore::open_existing(&store.feedback_database)
                .await?
                .list(Which::All)
                .await?;
            review::export(&all, format, &out).map_err(|source| CommandError::Export {
                path: out.clone(),
                source,
            })?;
            println!("wrote {} submissions to {}", all.len(), out.display());
        }
    }
    Ok(())
}

fn describe(summary: &ImportSummary, database: &Path) -> String {
    format!(
        "imported {} resources ({} phone numbers, {} links), {} organizations, {} sources and {} states into {}",
        summary.resources,
        summary.phones,
        summary.links,
        summary.organizations,
        summary.sources,
        summary.states,
        database.display()
    )
}

/// Validates the seeds, then replaces the catalog. Invalid seeds never open the database.
pub async fn import(
    seeds: &Path,
    database: &Path,
    max: MaxBytes,
) -> Result<ImportSummary, CommandError> {
    let catalog = Catalog::load(seeds, max)?;
    let pool = db::open_for_writing(database).await?;
    let summary = db::replace_catalog(&pool, &catalog).await?;
    pool.close().await;
    Ok(summary)
}

/// Validates an HSDS package against the seeds' reference data, then replaces the catalog.
/// `serve` keeps a catalog imported this way instead of re-importing the seeds.
pub async fn import_hsds(
    path: &Path,
    seeds: &Path,
    database: &Path,
    max: MaxBytes,
) -> Result<ImportSummary, CommandError> {
    let package = hsds::Package::read(path, max)?;
    let catalog = package.to_catalog(seeds, max)?;
    let pool = db::open_for_writing(database).await?;
    let summary = db::replace_catalog(&pool, &catalog).await?;
    pool.close().await;
    Ok(summary)
}

/// Exports the catalog in `database` (which must exist) into `out`.
pub async fn export_database(
    database: &Path,
    format: ExportFormat,
    out: &Path,
) -> Result<Vec<PathBuf>, CommandError> {
    let pool = db::open_for_reading(database, false).await?;
    let catalog = db::load_catalog(&pool).await?;
    pool.close().await;
    export(&catalog, format, out).map_err(|source| CommandError::Export {
        path: out.to_owned(),
        source,
    })
}

/// Brings the database up to date with the seeds before serving: migrations always, an import
/// when the seeds' hash differs from the one imported. Bad seeds keep the catalog already there,
/// so a typo in an edit does not take the site down.
///
/// A database already imported on a read-only filesystem is served as it is: returns `true`
/// then, so it is opened immutable.
pub async fn prepare_database(
    seeds: &Path,
    database: &Path,
    max: MaxBytes,
) -> Result<bool, CommandError> {
    let pool = match db::open_for_writing(database).await {
        Ok(pool) => pool,
        Err(error) if database.is_file() && db::is_read_only_filesystem(database) => {
            tracing::warn!(error = %Logged(&error), "the database's filesystem is read-only: serving it as it is, without checking the seeds");
            return Ok(true);
        }
        Err(error) => return Err(error.into()),
    };
    let result = refresh_catalog(&pool, seeds, database, max).await;
    pool.close().await;
    result.map(|()| false)
}

async fn refresh_catalog(
    pool: &SqlitePool,
    seeds: &Path,
    database: &Path,
    max: MaxBytes,
) -> Result<(), CommandError> {
    let imported = db::imported_seeds_hash(pool).await?;
    let current = match Catalog::hash_dir(seeds, max) {
        Ok(hash) => hash,
        Err(error) if imported.is_some() => {
            tracing::warn!(seeds = %Logged(seeds.display()), error = %Logged(&error), "cannot read the seeds; serving the catalog already imported");
            return Ok(());
        }
        Err(error) => return Err(CatalogError::Input(error).into()),
    };
    if imported
        .as_deref()
        .is_some_and(|hash| hash.starts_with(hsds::HASH_PREFIX))
    {
        tracing::info!(
            "serving the catalog imported from HSDS; `lantern import` brings back the seeds"
        );
        return Ok(());
    }
    if imported.as_deref() == Some(current.as_str()) {
        tracing::info!("catalog is up to date with the seeds");
        return Ok(());
    }
    match Catalog::load(seeds, max) {
        Ok(catalog) => {
            let summary = db::replace_catalog(pool, &catalog).await?;
            tracing::info!("{}", describe(&summary, database));
            Ok(())
        }
        Err(error) if imported.is_some() => {
            tracing::error!(
                "the seeds have problems; serving the catalog imported before:\n{}",
                for_the_log(&error, seeds)
            );
            Ok(())
        }
        Err(error) => {
            tracing::error!("{}", for_the_log(&error, seeds));
            Err(CommandError::NoCatalog(database.display().to_string()))
        }
    }
}

/// Deletes closed feedback older than `days`, at start and then hourly, for as long as the
/// server runs. Open feedback is never deleted: someone still has to read it.
async fn delete_old_feedback(store: FeedbackStore, days: u32) {
    let mut hourly = tokio::time::interval(Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        match store
            .delete_closed_before(days, crate::feedback::UtcTime::now())
            .await
        {
            Ok(0) => {}
            Ok(deleted) => {
                tracing::info!(deleted, "deleted feedback closed more than {days} days ago")
            }
            Err(error) => {
                tracing::warn!(error = %Logged(&error), "could not delete old feedback; trying again in an hour")
            }
        }
    }
}

/// Problems with the seeds, as the log shows them: each line bounded, and the first
/// [`PROBLEMS_LOGGED`] of them (`lantern check` lists every one).
fn for_the_log(error: &CatalogError, seeds: &Path) -> String {
    let CatalogError::Invalid(problems) = error else {
        return Logged(error).to_string();
    };
    let mut lines: Vec<String> = problems
        .0
        .iter()
        .take(PROBLEMS_LOGGED)
        .map(|problem| Logged(problem).to_string())
        .collect();
    if problems.0.len() > PROBLEMS_LOGGED {
        lines.push(format!(
            "… and {} more: `lantern check --seeds {}` lists them all",
            problems.0.len() - PROBLEMS_LOGGED,
            Logged(seeds.display())
        ));
    }
    lines.join("\n")
}

/// Problems written to the log at start; the rest are counted.
const PROBLEMS_LOGGED: usize = 20;

async fn serve(settings: ServeSettings) -> Result<(), CommandError> {
    let database = &settings.database.database;
    let max = MaxBytes(settings.import_limits.max_import_bytes);
    let read_only_filesystem = prepare_database(&settings.seeds.seeds, database, max).await?;
    if settings.behind_tls && settings.public_url.is_none() {
        tracing::warn!(
            "--behind-tls without --public-url: the sitemap, feed, robots.txt and /hsds/ take \
             their address from each request's Host and are not cacheable by shared caches; \
             set --public-url (several instances behind a load balancer need it)"
        );
    }
    let feedback = FeedbackStore::open(&settings.feedback.feedback_database).await?;
    tokio::spawn(delete_old_feedback(
        feedback.clone(),
        settings.feedback_retention_days,
    ));
    let mut state = AppState::new(db::open_for_reading(database, read_only_filesystem).await?)
        .feedback(feedback.clone())
        .behind_tls(settings.behind_tls)
        .public_url(settings.public_url)
        .max_in_flight(settings.max_in_flight)
        .form_settings(settings.forms.settings())
        .feedback_retention_days(settings.feedback_retention_days);
    if settings.no_page_cache {
        state = state.without_page_cache();
    }
    // What `lantern links check` records, read as it arrives, for the pages that show it.
    state.checked_links.watch(feedback);
    // Build the search index and the API's records now rather than on the first request:
    // milliseconds for the real catalog, seconds for a very large one, and no visitor should
    // wait for them.
    if let Err(error) = state.build_per_catalog().await {
        tracing::warn!(error = %Logged(&error), "could not build the search index or the API's records yet; the first request will try again");
    }
    server::give_back_freed_memory();
    let listener = server::bind(settings.listen).map_err(|source| CommandError::Listen {
        addr: settings.listen,
        source,
    })?;
    let addr = listener.local_addr().map_err(CommandError::Serve)?;
    tracing::info!("serving http://{addr}");
    let limits = server::Limits {
        max_connections: settings.max_connections,
        write_timeout: Duration::from_secs(settings.write_timeout),
        ..server::Limits::default()
    };
    let drain = Duration::from_secs(settings.drain_seconds);
    let draining = state.draining.clone();
    let stop = async move {
        shutdown_signal().await;
        // Not ready from now on; still serving, so requests a load balancer sends before it
        // notices are answered. A second signal cuts the wait short.
        draining.start();
        if !drain.is_zero() {
            tracing::info!("draining: /readyz answers 503; stopping in {drain:?}");
            tokio::select! {
                () = tokio::time::sleep(drain) => {}
                () = shutdown_signal() => {}
            }
        }
    };
    server::Server::new(listener, web::app(state), limits)
        .run(stop)
        .await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, letting requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
