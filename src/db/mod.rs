//! The SQLite database: opening it for the one writer (migrations, imports) and for the many
//! readers (the site), and the facts it keeps about itself.

pub mod directory;
mod facts;
mod import;
pub mod matrix;
pub mod per_catalog;
pub mod resources;
mod snapshot;
pub mod text_lang;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use import::{ImportSummary, replace_catalog};
pub use snapshot::{
    OutlineRow, Which, load_catalog, load_catalog_without_resources, load_outlines, load_resources,
    organization_ids,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the folder {path} for the database: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot open the database at {path}: {source}. If the file is damaged or is not a Lantern \
         database, move it aside and start again: Lantern rebuilds it from the seeds."
    )]
    Open { path: PathBuf, source: sqlx::Error },
    #[error(
        "the database at {path} does not exist: run `lantern serve` or `lantern import` once, \
         where the filesystem is writable, to create it"
    )]
    Missing { path: PathBuf },
    #[error("cannot bring the database at {path} up to date: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
}

/// Opens (creating it and its folder when missing) the database for writing, and applies any
/// migrations it lacks. One connection: SQLite has one writer at a time anyway.
pub async fn open_for_writing(path: &Path) -> Result<SqlitePool, DbError> {
    create_folder_for(path).map_err(|(path, source)| DbError::CreateDir { path, source })?;
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            path: path.to_owned(),
            source,
        })?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|source| DbError::Migrate {
            path: path.to_owned(),
            source,
        })?;
    Ok(pool)
}

/// Creates the folder a file at `path` goes in, when it is missing; an error names the folder.
pub fn create_folder_for(path: &Path) -> Result<(), (PathBuf, std::io::Error)> {
    match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|source| (dir.to_owned(), source)),
        None => Ok(()),
    }
}

/// Opens the database read-only for serving pages: public requests can never write. On a
/// read-only filesystem it is opened immutable (SQLite then needs no lock or WAL files).
pub async fn open_for_reading(
    path: &Path,
    read_only_filesystem: bool,
) -> Result<SqlitePool, DbError> {
    if !path.is_file() {
        return Err(DbError::Missing {
            path: path.to_owned(),
        });
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(read_only_filesystem)
        // No memory map (SQLite's default, made explicit). Each of the pool's connections
        // maps the file on its own, so a synthetic catalog of 100,000 entries (a 110 MB file)
        // added about 450 MB to the server's RSS. Reads were no slower without it: the kernel
        // keeps the file's pages either way, and each connection its own page cache. Measured
        // on pages rendered from the database on every request (LANTERN_NO_PAGE_CACHE=1
        // benches/load.sh, 64 connections, two interleaved runs of each build).
        .pragma("mmap_size", "0")
        .busy_timeout(Duration::from_secs(5));
    SqlitePoolOptions::new()
        .max_connections(8)
        .min_connections(1)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            path: path.to_owned(),
            source,
        })
}

/// Whether `path` lies on a filesystem that cannot be written: creating a file beside it fails
/// with "read-only file system". (Permissions do not count: root ignores them, and a wrong
/// owner is a mistake to report, not to work around.)
pub fn is_read_only_filesystem(path: &Path) -> bool {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".lantern-write-test-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(error) => error.raw_os_error() == Some(30), // EROFS
    }
}

/// The hash of the seeds last imported, if any import has happened.
pub async fn imported_seeds_hash(pool: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select value from metadata where key = 'seeds_hash'")
        .fetch_optional(pool)
        .await
}

/// Whether the database answers at all: the health check.
pub async fn ping(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("select 1").execute(pool).await.map(drop)
}
