//! Keeping the catalog true: which records are due for verification (`lantern stale`), and
//! a new verification written into its seed file (`lantern verify`). Both read the seeds, not
//! the database: they work before any import, and they name the file and line to open.

mod records;
mod stale;
mod verify;

pub use records::{CheckedSeeds, RecordKind, SeedRecord};
pub use stale::{Stale, stale};
pub use verify::{Verified, VerifyError, verify};
