//! The command line: `serve`, `import`, `check`. Each command is a function of its settings,
//! so tests can run them without a process.

use std::path::Path;

use clap::{Parser, Subcommand};
use sqlx::SqlitePool;

use crate::catalog::{Catalog, CatalogError};
use crate::config::{DatabaseSettings, SeedsSettings, ServeSettings};
use crate::db::{self, DbError, ImportSummary};
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
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default). Applies migrations and imports the seeds when they changed.
    Serve(ServeSettings),
    /// Validate the seeds and replace the catalog in the database, all or nothing.
    Import {
        #[command(flatten)]
        seeds: SeedsSettings,
        #[command(flatten)]
        database: DatabaseSettings,
    },
    /// Validate the seeds without writing anything.
    Check {
        #[command(flatten)]
        seeds: SeedsSettings,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
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
            Some(Command::Import { seeds, database }) => {
                let summary = import(&seeds.seeds, &database.database).await?;
                println!("{}", describe(&summary, &database.database));
                Ok(())
            }
            Some(Command::Check { seeds }) => {
                let catalog = Catalog::load(&seeds.seeds)?;
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
pub async fn import(seeds: &Path, database: &Path) -> Result<ImportSummary, CommandError> {
    let catalog = Catalog::load(seeds)?;
    let pool = db::open_for_writing(database).await?;
    let summary = db::replace_catalog(&pool, &catalog).await?;
    pool.close().await;
    Ok(summary)
}

/// Brings the database up to date with the seeds before serving: migrations always, an import
/// when the seeds' hash differs from the one imported. Bad seeds keep the catalog already there,
/// so a typo in an edit does not take the site down.
///
/// A database already imported on a read-only filesystem is served as it is: returns `true`
/// then, so it is opened immutable.
pub async fn prepare_database(seeds: &Path, database: &Path) -> Result<bool, CommandError> {
    let pool = match db::open_for_writing(database).await {
        Ok(pool) => pool,
        Err(error) if database.is_file() && db::is_read_only_filesystem(database) => {
            tracing::warn!(%error, "the database's filesystem is read-only: serving it as it is, without checking the seeds");
            return Ok(true);
        }
        Err(error) => return Err(error.into()),
    };
    let result = refresh_catalog(&pool, seeds, database).await;
    pool.close().await;
    result.map(|()| false)
}

async fn refresh_catalog(
    pool: &SqlitePool,
    seeds: &Path,
    database: &Path,
) -> Result<(), CommandError> {
    let imported = db::imported_seeds_hash(pool).await?;
    let current = match Catalog::hash_dir(seeds) {
        Ok(hash) => hash,
        Err(error) if imported.is_some() => {
            tracing::warn!(seeds = %seeds.display(), %error, "cannot read the seeds; serving the catalog already imported");
            return Ok(());
        }
        Err(source) => {
            return Err(CatalogError::Unreadable {
                path: seeds.to_owned(),
                source,
            }
            .into());
        }
    };
    if imported.as_deref() == Some(current.as_str()) {
        tracing::info!("catalog is up to date with the seeds");
        return Ok(());
    }
    match Catalog::load(seeds) {
        Ok(catalog) => {
            let summary = db::replace_catalog(pool, &catalog).await?;
            tracing::info!("{}", describe(&summary, database));
            Ok(())
        }
        Err(error) if imported.is_some() => {
            tracing::error!(
                "the seeds have problems; serving the catalog imported before:\n{error}"
            );
            Ok(())
        }
        Err(error) => {
            tracing::error!("{error}");
            Err(CommandError::NoCatalog(database.display().to_string()))
        }
    }
}

async fn serve(settings: ServeSettings) -> Result<(), CommandError> {
    let database = &settings.database.database;
    let read_only_filesystem = prepare_database(&settings.seeds.seeds, database).await?;
    let mut state = AppState::new(db::open_for_reading(database, read_only_filesystem).await?);
    state.behind_tls = settings.behind_tls;
    state.public_url = settings.public_url;
    if settings.no_page_cache {
        state = state.without_page_cache();
    }
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|source| CommandError::Listen {
            addr: settings.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(CommandError::Serve)?;
    tracing::info!("serving http://{addr}");
    crate::server::serve(listener, web::app(state), shutdown_signal()).await;
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
