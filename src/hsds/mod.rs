//! Open Referral HSDS 3.0: the catalog as HSDS tables, on disk (export and import) and nested
//! for the API. See `tables` for how Lantern's records map onto HSDS.

mod drafts;
pub mod ids;
pub mod package;
pub mod tables;

pub use drafts::HASH_PREFIX;
pub use package::{Package, ReadError};
pub use tables::Tables;

/// The HSDS version Lantern's output follows.
pub const VERSION: &str = "3.0.0";
