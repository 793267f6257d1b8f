//! Helpers shared by the integration tests: temporary databases and seed folders.

use std::path::{Path, PathBuf};

use lantern::AppState;
use sqlx::SqlitePool;
use tempfile::TempDir;

/// The project's own seeds.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `../shared` beside the checkout (CI always has it), or `LANTERN_SHARED` when set.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANTERN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

/// A temporary folder that holds a database path (not yet created) and is removed on drop.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn database(&self) -> PathBuf {
        self.dir.path().join("db").join("lantern.db")
    }

    /// A copy of the project's seeds that a test may break.
    pub fn copy_of_seeds(&self) -> PathBuf {
        let to = self.dir.path().join("seeds");
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(seeds_dir()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
        to
    }
}

/// Imports the project's seeds into a fresh database and opens it read-only, as `serve` does.
pub async fn imported() -> (Scratch, AppState) {
    let scratch = Scratch::new();
    lantern::cli::import(&seeds_dir(), &scratch.database())
        .await
        .expect("the project's seeds import");
    let db = lantern::db::open_for_reading(&scratch.database())
        .await
        .expect("open read-only");
    (scratch, AppState::new(db))
}

pub async fn count(pool: &SqlitePool, table: &str) -> i64 {
    // Table names come from the tests themselves, never from input.
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Replaces the first `from` in a seed file with `to`; panics when `from` is not there, so a
/// test cannot silently stop breaking what it means to break.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}
