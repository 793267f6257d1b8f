//! The catalog: what Lantern publishes, read as drafts (from the TOML files in `seeds/`, or by
//! `crate::hsds` from an HSDS package) and validated into types that cannot hold a bad value.

mod age;
pub mod draft;
mod problem;
pub mod records;
mod seed_file;
pub mod types;
mod validate;

use std::path::Path;

pub use age::Age;
pub use draft::Drafts;
pub use problem::{Problem, Problems};
pub use seed_file::SeedFiles;
pub use validate::validate;

use crate::input::{InputError, MaxBytes};
pub use records::{
    Catalog, Fact, KindTerm, Link, Organization, Phone, PhoneText, Resource, ResourceOutline,
    ResourceText, SearchIntent, ServiceArea, Source, State, Term, TermText, ZipPrefix,
};
pub use types::{Date, Intent, Kind, PhoneNumber, PhoneType, Slug, StateCode, WebAddress};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{0}")]
    Invalid(Problems),
}

impl Catalog {
    /// Reads and validates every `*.toml` file in `dir`. Reports every problem, not the first.
    pub fn load(dir: &Path, max: MaxBytes) -> Result<Catalog, CatalogError> {
        let seeds = SeedFiles::read(dir, max)?;
        let mut catalog = validate(seeds.drafts()).map_err(CatalogError::Invalid)?;
        catalog.hash = seeds.hash();
        Ok(catalog)
    }

    /// A hash of the seed files in `dir` without validating them: cheap enough to run at every
    /// start to decide whether an import is needed.
    pub fn hash_dir(dir: &Path, max: MaxBytes) -> Result<String, InputError> {
        Ok(SeedFiles::read(dir, max)?.hash())
    }
}
