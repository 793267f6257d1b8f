//! The command line: `serve`, `import`, `check`, `export`. Each command is a function of its settings,
//! so tests can run them without a process.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand};
use sqlx::SqlitePool;

use crate::catalog::{Catalog, CatalogError};
use crate::config::{
    DatabaseSettings, ImportLimitSettings, LogFormat, SeedsSettings, ServeSettings,
};
use crate::db::{self, DbError, ImportSummary};
use crate::export::{ExportFormat, export};
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
    /// Validate the seeds without writing anything.
    Check {
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        limits: ImportLimitSettings,
    },
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
    #[error("{0}")]
    Usage(String),
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
    let mut state = AppState::new(db::open_for_reading(database, read_only_filesystem).await?)
        .behind_tls(settings.behind_tls)
        .public_url(settings.public_url)
        .max_in_flight(settings.max_in_flight)
        .form_settings(settings.forms.settings());
    if settings.no_page_cache {
        state = state.without_page_cache();
    }
    // Build the search index and the API's records now rather than on the first request:
    // milliseconds for the real catalog, seconds for a very large one, and no visitor should
    // wait for them.
    if let Err(error) = state.build_per_catalog().await {
        tracing::warn!(error = %Logged(&error), "could not build the search index or the API's records yet; the first request will try again");
    }
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
    server::Server::new(listener, web::app(state), limits)
        .run(shutdown_signal())
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
